#!/usr/bin/env python3
"""Benchmark: an evaluation round's results at 1,000 and at 10,000 responses.

For each size the script generates a round's responses (seeded: 12 partners of different sizes,
the three levels, the twenty standard statements, an open answer from one respondent in twenty)
and measures, as the median of several runs in this one process:

1. ``aggregate`` — the pure rules: means and spreads per group with k-anonymity (including the
   cross-family check) and the discussion points;
2. ``charts`` — everything the results page shows built from them: the radar per group, the
   overlay of partners, the tables, the notes (``results_context``);
3. ``pdf`` — the report's HTML rendered and turned into a tagged PDF by WeasyPrint (after one
   warm-up PDF: WeasyPrint loads its fonts once per process, which takes seconds).

Reading the responses from the database is one query of ``values_list`` and is not measured
here. It prints each step's time per size and the ratio 10,000 / 1,000, and the whole pipeline's
time at 10,000 against aggregating 1,000 (the issue's question). Times, never asserted: the
exit code is 0 unless something failed.

Usage: .venv/bin/python bench/evaluation.py [--repeat 5] [--sizes 1000,10000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
PARTNERS = 12
LEVELS = ("strategic", "tactical", "operational")


def setup_django() -> None:
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "concordia.settings")
    os.environ.setdefault("CONCORDIA_ALLOW_INSECURE_KEY", "1")
    os.environ.setdefault("DEBUG", "false")
    import django

    django.setup()


def records(n: int, seed: int = 12) -> list[Any]:
    from concordia.evaluation.aggregation import ResponseRecord
    from concordia.evaluation.instrument import STANDARD_STATEMENTS

    rng = random.Random(seed)  # noqa: S311 - seeded test data, not a secret
    # Partners of unequal size (weights 1..12), one with very few people.
    weights = [1 if p == 0 else p + 1 for p in range(PARTNERS)]
    out = []
    for i in range(n):
        partner = rng.choices(range(PARTNERS), weights)[0]
        level = rng.choices(LEVELS, (1, 3, 8))[0]
        base = 2 + (partner % 3) * 0.6
        scores = {s.key: min(5, max(1, round(rng.gauss(base, 1)))) for s in STANDARD_STATEMENTS
                  if rng.random() > 0.03}
        answers = ({"relational": f"Answer {i}: more time together."} if i % 20 == 0 else {})
        out.append(ResponseRecord(partner=str(partner + 1), level=level, role_group="staff",
                                  scores=scores, open_answers=answers))
    return out


def median_time(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def measure(n: int, repeat: int) -> dict[str, float]:
    from django.template.loader import render_to_string
    from django.utils import translation

    from concordia.alliances.models import Alliance
    from concordia.design.sheet import render_sheet_pdf
    from concordia.evaluation import aggregation
    from concordia.evaluation.instrument import STANDARD_STATEMENTS
    from concordia.evaluation.models import Round
    from concordia.evaluation.results_presentation import results_context
    from concordia.evaluation.results_selectors import RoundResultsData, StatementInfo

    rows = records(n)
    infos = tuple(StatementInfo(s.key, s.dimension.value, str(s.text))
                  for s in STANDARD_STATEMENTS)
    dimension_of = {i.key: i.dimension for i in infos}
    alliance = Alliance(pk=1, name="Bench alliance")
    round_ = Round(pk=1, alliance=alliance, year=2026, opens_on=dt.date(2026, 3, 1),
                   closes_on=dt.date(2026, 3, 31), statement_keys=[i.key for i in infos],
                   state="closed")
    names = {str(p + 1): f"Partner organisation {p + 1}" for p in range(PARTNERS)}

    def aggregate() -> Any:
        results = aggregation.aggregate(rows, dimension_of, k=5,
                                        statement_order=[i.key for i in infos])
        aggregation.discussion_points(results)
        return results

    t_aggregate, results = median_time(aggregate, repeat)
    data = RoundResultsData(
        alliance=alliance, round=round_, closed=True, results=results, previous_round=None,
        previous=None, statements=infos, partner_names=names,
        open_answers=aggregation.open_answer_groups(rows, results))
    with translation.override("en"):
        t_charts, context = median_time(lambda: results_context(data), repeat)
        context["printed_on"] = dt.date(2026, 4, 1)
        t_pdf, pdf = median_time(lambda: render_sheet_pdf(
            render_to_string("evaluation/results_pdf.html", context)), max(2, repeat // 2))
    groups = len(results.groups())
    print(f"  {n:>6} responses: {groups} groups shown, {len(results.notes)} notes, "
          f"PDF {len(pdf) / 1024:.0f} KiB", flush=True)
    return {"aggregate": t_aggregate, "charts": t_charts, "pdf": t_pdf}


def warm_up() -> None:
    """WeasyPrint loads its fonts once per process (seconds): not part of any size's time."""
    from concordia.design.sheet import render_sheet_pdf

    render_sheet_pdf('<html lang="en"><head><title>warm-up</title></head>'
                     '<body><div class="sheet"><p>warm-up</p></div></body></html>')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sizes", default="1000,10000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    setup_django()
    print(f"Evaluation results benchmark (median of {args.repeat} runs; PDF of "
          f"{max(2, args.repeat // 2)}, after one warm-up)", flush=True)
    warm_up()
    measured = {n: measure(n, args.repeat) for n in sizes}
    small, large = sizes[0], sizes[-1]
    print()
    print(f"{'step':<10}" + "".join(f"{n:>12,}" for n in sizes) + f"{'ratio':>10}")
    for step in ("aggregate", "charts", "pdf"):
        cells = "".join(f"{measured[n][step] * 1000:>10.1f}ms" for n in sizes)
        ratio = measured[large][step] / measured[small][step]
        print(f"{step:<10}{cells}{ratio:>9.2f}x")
    totals = {n: sum(measured[n].values()) for n in sizes}
    cells = "".join(f"{totals[n] * 1000:>10.1f}ms" for n in sizes)
    print(f"{'total':<10}{cells}{totals[large] / totals[small]:>9.2f}x")
    print(f"\nAll of {large:,} (aggregate + charts + PDF) / aggregating {small:,}: "
          f"{totals[large] / measured[small]['aggregate']:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
