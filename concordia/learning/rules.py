"""The rules of the alliance's learning, as pure functions over plain values (no database, no
request): a pillar health check's result per pillar (mean and spread over the core team's
scores), which scores are acceptable, and how a lesson's tags are written."""

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from concordia.handbook.catalogue import Pillar

SCORE_MIN = 1
SCORE_MAX = 5
REMARK_MAX = 1000
TITLE_MAX = 200
TEXT_MAX = 4000
TAG_MAX = 40
TAGS_MAX = 10
SEARCH_MAX = 200

PILLARS: tuple[str, ...] = tuple(p.value for p in Pillar)


@dataclass(frozen=True)
class PillarResult:
    """One pillar of a check: how many scored it, their mean, lowest and highest score."""

    pillar: str
    scorers: int
    mean: float | None
    lowest: int | None
    highest: int | None

    @property
    def spread(self) -> int | None:
        """How far the scorers lie apart (highest minus lowest): 0 when they agree."""
        if self.lowest is None or self.highest is None:
            return None
        return self.highest - self.lowest


def pillar_results(scores: Iterable[tuple[str, int]]) -> list[PillarResult]:
    """The result of a check from its (pillar, score) pairs, one per scorer and pillar: every
    pillar in the model's order, its mean rounded to two decimals (None when nobody scored
    it)."""
    by_pillar: dict[str, list[int]] = {p: [] for p in PILLARS}
    for pillar, score in scores:
        if pillar in by_pillar:
            by_pillar[pillar].append(score)
    results = []
    for pillar, values in by_pillar.items():
        if values:
            results.append(PillarResult(pillar, len(values), round(sum(values) / len(values), 2),
                                        min(values), max(values)))
        else:
            results.append(PillarResult(pillar, 0, None, None, None))
    return results


def weakest(results: Sequence[PillarResult]) -> list[str]:
    """The pillars with the lowest mean (several when tied; none when nothing was scored):
    where an improvement action helps most."""
    means = [r.mean for r in results if r.mean is not None]
    if not means:
        return []
    low = min(means)
    return [r.pillar for r in results if r.mean == low]


def score_problems(scores: Mapping[str, tuple[int | None, str]]) -> dict[str, str]:
    """What is wrong with one scorer's scores (pillar -> (score, remark)), per pillar:
    "missing" (no score), "range" (not 1–5), "remark" (remark too long), "unknown" (not a
    pillar of the model). Empty when every pillar is scored well."""
    problems: dict[str, str] = {}
    for pillar in scores:
        if pillar not in PILLARS:
            problems[pillar] = "unknown"
    for pillar in PILLARS:
        score, remark = scores.get(pillar, (None, ""))
        if score is None:
            problems[pillar] = "missing"
        elif not SCORE_MIN <= score <= SCORE_MAX:
            problems[pillar] = "range"
        elif len(remark) > REMARK_MAX:
            problems[pillar] = "remark"
    return problems


def held_on_problem(held_on: dt.date, today: dt.date) -> str | None:
    """A check records how the pillars stand: it is held today or was held before, never
    later."""
    return "future" if held_on > today else None


_SPACES = re.compile(r"\s+")


def normalise_tags(tags: Iterable[str]) -> list[str]:
    """Tags as stored: trimmed, single spaces, lower case, each once, in the order given;
    empty ones dropped. ("Data quality", " data  QUALITY" and "data quality" are one tag.)"""
    seen: dict[str, None] = {}
    for tag in tags:
        written = _SPACES.sub(" ", tag).strip().lower()
        if written:
            seen.setdefault(written, None)
    return list(seen)


def split_tags(text: str) -> list[str]:
    """Tags typed in one field, separated by commas."""
    return normalise_tags(text.split(","))


def tags_problem(tags: Sequence[str]) -> str | None:
    """"many" when there are more than TAGS_MAX tags, "long" when one is longer than TAG_MAX
    characters (the tags already normalised)."""
    if len(tags) > TAGS_MAX:
        return "many"
    if any(len(tag) > TAG_MAX for tag in tags):
        return "long"
    return None
