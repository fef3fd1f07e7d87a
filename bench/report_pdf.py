#!/usr/bin/env python3
"""Benchmark: the yearly report's PDF for an alliance of 30 partners (goal: < 1 s).

In a throwaway SQLite database (migrated in a temporary directory, removed afterwards) the
script builds, through the services as the people would write it, an alliance of 30 partners
(the founder's organisation and 29 more, each registered by its administrator, invited and
accepted) with a scorecard of eight quarterly indicators (a value each quarter of the year),
and last year's report (kind ``year``): opened by the key alliance manager, every partner's
section written in full (progress, bottlenecks, coordination, news: ``--words`` words each)
and submitted, the overall part written, approved.

It then asks the report's PDF view (``concordia.reports.views.report_pdf``) for it, as the key
alliance manager, and measures as the median of ``--repeat`` runs in this one process:

1. ``html`` — the view with the PDF step stubbed: the report compiled (``report_page``) and its
   HTML rendered;
2. ``layout`` — WeasyPrint alone on that HTML (``design.sheet.render_sheet_pdf``, uncached);
3. ``pdf view, nothing prepared`` — the whole view with a dummy cache (so every call lays the
   PDF out again: uncached, as on the first request after a change) and a dummy task queue
   (the view's request for a preparation is kept in memory, never run);
4. ``floor`` — the floor: a one-paragraph sheet laid out by the same renderer with the same
   stylesheet and options, measured in the same run (WeasyPrint's fixed cost per PDF);
5. ``prepare`` — once, not a median: what the task run at approval does in the worker
   (``reports.pdf.report_pdf_prepare``: the page of every reader in both languages, each
   distinct page laid out once), into an in-memory cache;
6. ``pdf view, prepared`` — the whole view after that: the reader's HTML compiled, its hash
   found, the prepared PDF served. Should the view lay anything out here, the script fails.

One warm-up PDF first: WeasyPrint loads its fonts once per process (seconds). It prints each
median, the report's size (pages, KiB, characters of HTML), the ratio of each step to the
floor, and for the view with nothing prepared and the view with the PDF prepared apiece whether
it stays under the goal of one second. Times, never asserted: the exit code is 0 unless
something failed.

Usage: .venv/bin/python bench/report_pdf.py [--partners 30] [--words 250] [--repeat 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
GOAL_SECONDS = 1.0
INDICATORS = 8
ALLIANCE_NAME = "Bench alliance for the yearly report"
FIELDS = ("progress", "bottlenecks", "coordination", "news")
WORDS = ("chain", "delivery", "partner", "register", "interface", "release", "quality", "data",
         "agreement", "capacity", "planning", "review", "backlog", "service", "figures", "team",
         "the", "and", "with", "for", "our", "we", "this", "year", "on", "time", "late")


def setup_django(directory: Path) -> None:
    """Django on a fresh SQLite database in ``directory``, production settings otherwise."""
    sys.path.insert(0, str(REPO))
    for name in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"):
        os.environ.pop(name, None)
    os.environ["DATABASE_URL"] = f"sqlite:///{directory / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "concordia.settings"
    os.environ.setdefault("CONCORDIA_ALLOW_INSECURE_KEY", "1")
    os.environ["DEBUG"] = "false"
    import django

    django.setup()


def text(rng: random.Random, words: int) -> str:
    """Made-up prose of ``words`` words in paragraphs of about sixty words."""
    paragraphs, left = [], words
    while left > 0:
        n = min(left, 60)
        body = " ".join(rng.choice(WORDS) for _ in range(n))
        paragraphs.append(body[0].upper() + body[1:] + ".")
        left -= n
    return "\n\n".join(paragraphs)


def build(partners: int, words: int) -> tuple[Any, Any]:
    """The alliance and its yearly report, through the services. Returns (founder, report)."""
    from allauth.account.models import EmailAddress
    from django.db import transaction
    from django.utils import timezone

    from concordia.access import policy
    from concordia.accounts.models import Person
    from concordia.alliances import services as alliance_services
    from concordia.alliances.choices import PartnerType
    from concordia.alliances.models import Partner
    from concordia.organisations import services as organisation_services
    from concordia.organisations.models import OrganisationKind
    from concordia.reports import services as report_services
    from concordia.reports.models import Section
    from concordia.scorecard import services as scorecard_services

    rng = random.Random(30)  # noqa: S311 - repeatable made-up text, no secret
    year = timezone.localdate().year - 1

    def person(email: str, name: str) -> Any:
        made = Person.objects.create_user(email, None, full_name=name, language="en")
        EmailAddress.objects.create(user=made, email=email, verified=True, primary=True)
        return made

    def organisation(admin: Any, name: str) -> Any:
        made = organisation_services.organisation_register(
            actor=admin, name=name, kind=OrganisationKind.PUBLIC_BODY)
        admin.refresh_from_db()
        return made

    with transaction.atomic():
        founder = person("founder@bench.concordia.test", "Fenna Founder")
        organisation(founder, "Founding Organisation")
        alliance = alliance_services.alliance_create(
            actor=founder, name=ALLIANCE_NAME, purpose="Thirty partners report together.",
            started_on=dt.date(year - 5, 1, 1))
        members = [Partner.objects.get(alliance=alliance,
                                       organisation_id=founder.organisation_id)]
        for i in range(partners - 1):
            admin = person(f"partner{i:02d}@bench.concordia.test", f"Coordinator {i:02d}")
            invited = alliance_services.partner_invite(
                actor=founder, alliance=alliance,
                organisation=organisation(admin, f"Partner Organisation {i:02d}"),
                partner_type=PartnerType.CORE)
            members.append(alliance_services.partner_respond(actor=admin, partner=invited,
                                                             accept=True))
        writers = policy.section_writers(alliance.pk, [p.pk for p in members])
        for i in range(INDICATORS):
            owner = members[i * len(members) // INDICATORS]
            entering = (writers.get(owner.pk) or [founder])[0]
            indicator = scorecard_services.indicator_define(
                actor=founder, alliance=alliance, name=f"Indicator {i + 1}",
                definition="Measured each quarter by the owning partner.", unit="%",
                direction="higher", period_kind="quarter", owner_partner=owner,
                owner_person=entering, source="Partner registers", target=80,
                target_from=f"{year}-Q1")
            for quarter in range(1, 5):
                scorecard_services.measurement_record(
                    actor=entering, indicator=indicator, period=f"{year}-Q{quarter}",
                    value=str(rng.randint(60, 95)))
        report, _created = report_services.report_open(actor=founder, alliance=alliance,
                                                       kind="year", year=year, number=1)
        for section in Section.objects.filter(report=report).select_related("partner"):
            writer = (writers.get(section.partner_id) or [founder])[0]
            texts = {name: text(rng, words) for name in FIELDS}
            texts["progress"] = f"{section.progress}\n\n{texts['progress']}".strip()
            texts["bottlenecks"] = f"{section.bottlenecks}\n\n{texts['bottlenecks']}".strip()
            report_services.section_update(actor=writer, report=report, partner=section.partner,
                                           expected_version=section.version, **texts)
            report_services.section_submit(actor=writer, report=report, partner=section.partner)
        report = report_services.report_overall_write(
            actor=founder, report=report, expected_version=report.version,
            text=text(rng, words * 2))
        report = report_services.report_approve(actor=founder, report=report)
    return founder, report


def settings_languages() -> list[str]:
    from django.conf import settings

    return [code for code, _name in settings.LANGUAGES]


def median_time(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def measure(founder: Any, report: Any, repeat: int) -> dict[str, Any]:
    import weasyprint
    from django.test import RequestFactory, override_settings
    from django.utils import translation

    from concordia.accounts.models import Person
    from concordia.design import sheet
    from concordia.reports import pdf, views

    floor_html = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Floor'
                  '</title></head><body><main class="sheet"><h1>Floor</h1><p>One paragraph.'
                  '</p></main></body></html>')
    seen: dict[str, Any] = {}
    real = sheet.render_sheet_pdf
    real_html = weasyprint.HTML
    layouts: list[int] = []

    def counting_html(*args: Any, **kwargs: Any) -> Any:  # counts WeasyPrint's layouts
        layouts.append(1)
        return real_html(*args, **kwargs)

    def no_layout(html: str, **_kwargs: Any) -> bytes:  # the view's call into design.sheet
        seen["html"] = html
        return b""

    user = Person.objects.get(pk=founder.pk)
    url = f"/alliances/{report.alliance_id}/reports/{report.pk}.pdf"

    def view() -> bytes:
        request = RequestFactory().get(url)
        request.user = user
        response = views.report_pdf(request, pk=report.alliance_id, report_pk=report.pk)
        if response.status_code != 200:
            raise SystemExit(f"FAIL: the report's PDF answered {response.status_code}")
        return response.content

    # Uncached: a dummy cache (nothing prepared, nothing kept) and a dummy queue (the view asks
    # for a preparation on every miss; here that request is kept in memory, never run).
    dummy = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    no_queue = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    local = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                         "LOCATION": "report-pdf-bench"}}
    with override_settings(CACHES=dummy, TASKS=no_queue), translation.override("en"):
        real(floor_html)  # warm-up: WeasyPrint loads its fonts once per process
        t_floor, _pdf = median_time(lambda: real(floor_html), repeat)
        sheet.render_sheet_pdf = no_layout
        try:
            t_html, _pdf = median_time(view, repeat)
        finally:
            sheet.render_sheet_pdf = real
        t_layout, _pdf = median_time(lambda: real(seen["html"]), repeat)
        t_view, pdf_bytes = median_time(view, repeat)
        t_floor_after, _pdf = median_time(lambda: real(floor_html), repeat)
        pages = len(sheet.sheet_pages(seen["html"]).pages)
    # Prepared: what the task does when the report is approved (once, in the worker), then
    # the view as a reader asks for it. A layout during the view means it was not served.
    with override_settings(CACHES=local, TASKS=no_queue), translation.override("en"):
        start = time.perf_counter()
        prepared = pdf.report_pdf_prepare(report.pk)
        t_prepare = time.perf_counter() - start
        weasyprint.HTML = counting_html
        try:
            t_prepared, prepared_bytes = median_time(view, repeat)
        finally:
            weasyprint.HTML = real_html
    if layouts or not prepared_bytes.startswith(b"%PDF"):
        raise SystemExit("FAIL: the prepared PDF was not served (the view laid it out)")
    return {"view": t_view, "layout": t_layout, "html": t_html,
            "floor": statistics.median([t_floor, t_floor_after]),
            "prepare": t_prepare, "prepared_pdfs": prepared,
            "readers": len(pdf.report_readers(report)), "prepared": t_prepared,
            "pages": pages, "kib": len(pdf_bytes) / 1024, "html_chars": len(seen["html"])}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--partners", type=int, default=30)
    parser.add_argument("--words", type=int, default=250,
                        help="words in each of a section's four parts (default 250)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    directory = Path(tempfile.mkdtemp(prefix="concordia-report-pdf-"))
    try:
        setup_django(directory)
        from django.core.management import call_command

        started = time.perf_counter()
        call_command("migrate", interactive=False, verbosity=0)
        founder, report = build(args.partners, args.words)
        print(f"Yearly report PDF benchmark: {args.partners} partners, every section submitted "
              f"({args.words} words in each of its four parts), {INDICATORS} indicators; "
              f"built in {time.perf_counter() - started:.1f} s. Median of {args.repeat} runs "
              f"after one warm-up PDF; every step uncached except the last, which serves the "
              f"PDF the task prepared.", flush=True)
        m = measure(founder, report, args.repeat)
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    print(f"  report {report.label}: {m['pages']} pages, {m['kib']:.0f} KiB, "
          f"{m['html_chars']:,} characters of HTML")
    print()
    print(f"{'step':<34}{'median':>12}{'ratio':>10}")
    for step, label in (("floor", "floor (one-paragraph sheet)"), ("html", "html"),
                        ("layout", "layout (WeasyPrint, uncached)"),
                        ("view", "pdf view, nothing prepared"),
                        ("prepared", "pdf view, prepared")):
        print(f"{label:<34}{m[step] * 1000:>10.1f}ms{m[step] / m['floor']:>9.1f}x")
    print(f"\nprepare (the task, once, in the worker): {m['prepare']:.1f} s for "
          f"{m['prepared_pdfs']} PDF(s) laid out ({m['readers']} readers, "
          f"{len(settings_languages())} languages; each distinct page once)")
    for label, key in (("nothing prepared (laid out on request)", "view"),
                       ("prepared ahead of time (served from the cache)", "prepared")):
        verdict = "PASS" if m[key] < GOAL_SECONDS else "OVER"
        print(f"{verdict}: the yearly report's PDF of {args.partners} partners, {label}: "
              f"{m[key]:.2f} s (goal < {GOAL_SECONDS:.0f} s; {m[key] / m['floor']:.1f}x the floor)")
    print(f"  of the view with nothing prepared, layout is {m['layout'] / m['view']:.0%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
