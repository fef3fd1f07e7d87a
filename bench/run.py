#!/usr/bin/env python3
"""Benchmark: the alliance's pages against the floor view, under gunicorn, at several data sizes.

For each size (by default the demo alliance, then data set D; the demo scaled ×10 on request)
the script

1. prepares a throwaway SQLite database in a temporary directory: `demo` is migrate, demo_load,
   collectstatic; `x10` grows the demo alliance through the services; `d` runs the `dataset_d`
   command (built once per scale and seed and kept in `--data-dir` when one is given);
2. looks up, in that database, the pages to drive (the alliance dashboard, a body page, a
   meeting page, the actions overview, the bottleneck overview, the scorecard, a quarter's
   settlement, the latest periodic report; an open and a closed decision of 30 partners, in an
   alliance of their own that `decision_bench` builds) and checks that their routes exist;
3. starts gunicorn (2 sync workers) on 127.0.0.1 on a free port with production settings and
   notes the memory (RSS) of each worker;
4. logs in as the measured alliance's key alliance manager, handling cookies by hand because the
   production cookies are Secure and the benchmark talks plain http to 127.0.0.1;
5. drives /bench/floor and the pages interleaved: all client threads run a batch against one
   target, then a batch against the next, round after round (the order flips every round), so
   every target sees the same machine state. Every response must be 200 with the alliance's
   name (on the body and meeting pages: the body's) in it, or the script fails. The workers'
   memory is sampled throughout;
6. stops gunicorn.

It prints requests/s, p50 and p95 latency per target and size, each page's throughput ratio to
the floor with PASS or BELOW against the goal (0.3), and the workers' memory before and after
the run. The exit code reports errors only (1 for a failed request or setup), never speed. The
temporary directory is removed in all cases; the data directory is kept.

Usage: .venv/bin/python bench/run.py [--sizes demo,d] [--d-scale 1.0] [--data-dir DIR] ...
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import io
import json
import math
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from html import escape
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlencode

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
HOST = "127.0.0.1"
DEMO_ALLIANCE_NAME = "Alliance for data and tax on wages"  # concordia.demo.services.ALLIANCE_NAME
LOGIN_PASSWORD = "concordia-demo"  # noqa: S105 - the demo's published password
GOAL_RATIO = 0.3
SIZES = ("demo", "x10", "d")
SCALE_FACTOR = 10
WORKERS = 2

# The pages that can be driven besides the floor: name → (what it is, expected route name).
PAGES = {
    "dashboard": ("the alliance dashboard", "alliance_dashboard"),
    "body": ("the body page (the body with the most meetings)", "body_detail"),
    "meeting": ("a meeting page (that body's latest past meeting)", "meeting_detail"),
    "actions": ("the actions overview", "action_list"),
    "escalations": ("the bottleneck overview (by rung, with the escalation health)",
                    "bottleneck_list"),
    "decision_open": ("an open decision before 30 partners, 29 of them voted",
                      "decision_detail"),
    "decision_closed": ("a closed decision of 30 partners with its tally", "decision_detail"),
    "scorecard": ("the scorecard (every live indicator: latest value, target, status, trend)",
                  "scorecard"),
    "settlement": ("a quarter's settlement (the latest quarter with bookings, else last "
                   "quarter)", "settlement_period"),
    "report": ("the alliance's latest periodic report, compiled (sections, scorecard, plan vs "
               "actual, decisions and escalations of the period)", "report_detail"),
}
DECISION_PAGES = {"decision_open", "decision_closed"}
# The decision pages are measured in an alliance of 30 partners that `decision_bench` builds
# beside the data (its founder is the measured alliance's key alliance manager, who logs in).
DECISION_ALLIANCE = "Bench alliance of thirty partners"
DECISION_PARTNERS = 30
DECISION_TITLES = {"decision_open": "Bench: an open proposal before thirty partners",
                   "decision_closed": "Bench: a closed proposal of thirty partners"}

# Variables from the caller's environment that would change what is measured.
SCRUBBED_ENV = {
    "DEBUG", "DATABASE_URL", "CONCORDIA_ALLOW_INSECURE_KEY", "DJANGO_SETTINGS_MODULE",
    "SECURE_SSL_REDIRECT", "ALLOWED_HOSTS", "CONN_MAX_AGE", "PYTHONPATH", "EMAIL_HOST",
    "GUNICORN_CMD_ARGS", "WEB_CONCURRENCY", "LOG_LEVEL", "GUNICORN_MAX_REQUESTS",
    "GUNICORN_TIMEOUT", "GUNICORN_ACCESS_LOG", "GUNICORN_LOG_LEVEL", "BIND",
}


class BenchError(Exception):
    """Something the benchmark cannot carry on after: reported loudly, exit code 1."""


class Interrupted(BaseException):
    """SIGTERM/SIGHUP: unwind so the finally blocks stop gunicorn and remove the temp dir."""


# -- Preparing the database (runs in a child process, with Django set up) ------------------------

def prepare(step: str, *, pages: list[str], d_scale: float, d_seed: int) -> None:
    """Child process entry: bring the database to `step`, then print (as JSON) its counts, the
    measured alliance, who logs in and the paths of the pages to drive."""
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    if step == "demo":
        call_command("migrate", interactive=False, verbosity=0)
        # The English demo: the measured names and pages stay the same whatever the site speaks.
        call_command("demo_load", language="en", stdout=io.StringIO())
        call_command("collectstatic", interactive=False, verbosity=0)
        if DECISION_PAGES & set(pages):
            decision_bench()
    elif step == "x10":
        scale_up(SCALE_FACTOR)
    elif step == "d-build":
        call_command("migrate", interactive=False, verbosity=0)
        call_command("dataset_d", scale=d_scale, seed=d_seed, stdout=sys.stdout)
        checkpoint_wal()
        print(json.dumps({"seconds": round(time.perf_counter() - started, 2)}))
        return
    elif step == "d":
        call_command("migrate", interactive=False, verbosity=0)
        if not (Path(os.environ["BENCH_STATIC_ROOT"]) / "staticfiles.json").exists():
            call_command("collectstatic", interactive=False, verbosity=0)
        if DECISION_PAGES & set(pages):
            decision_bench()
    else:
        raise SystemExit(f"unknown step {step!r}")
    seconds = round(time.perf_counter() - started, 2)
    print(json.dumps({**describe(pages), "seconds": seconds}))


def checkpoint_wal() -> None:
    """Fold SQLite's write-ahead log into the database file, so that the file alone is a copy."""
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()


def describe(pages: list[str]) -> dict[str, Any]:
    """The measured alliance (the first one), its counts, who logs in and the page paths.

    The key alliance manager logs in; a person without a usable password (data set D makes
    none) gets the demo's password, in this throwaway database only. Fails (exit 2) with a clear
    message when the data or a route is missing.
    """
    import datetime as dt

    from django.db.models import Count
    from django.urls import Resolver404, resolve
    from django.utils import timezone

    from concordia.alliances.choices import Role
    from concordia.alliances.models import Alliance, Membership
    from concordia.bodies.models import Body
    from concordia.decisions.models import Decision
    from concordia.meetings.models import Meeting

    def missing(message: str) -> NoReturn:
        print(f"bench: {message}", file=sys.stderr)
        raise SystemExit(2)

    alliance = Alliance.objects.order_by("pk").first()
    if alliance is None:
        missing("the database holds no alliance")
    manager = Membership.objects.filter(alliance=alliance, role=Role.KEY_ALLIANCE_MANAGER,
                                        revoked_at__isnull=True).select_related("person").first()
    if manager is None:
        missing(f"{alliance.name} has no key alliance manager to log in as")
    person = manager.person
    if not person.has_usable_password():
        person.set_password(LOGIN_PASSWORD)
        person.save(update_fields=["password"])
    base = f"/alliances/{alliance.pk}"
    paths: dict[str, str] = {}
    body = meeting = None
    if {"body", "meeting"} & set(pages):
        body = (Body.objects.filter(alliance=alliance, archived_at__isnull=True)
                .annotate(n_meetings=Count("meetings")).order_by("-n_meetings", "pk").first())
        if body is None:
            missing(f"{alliance.name} has no body: the body and meeting pages need one "
                    f"(demo_load / dataset_d set them up)")
    if "meeting" in pages:
        meeting = (Meeting.objects.filter(body=body, starts_at__lt=timezone.now())
                   .order_by("-starts_at", "-pk").first()
                   or Meeting.objects.filter(body=body).order_by("starts_at", "pk").first())
        if meeting is None:
            missing(f"{body} has no meeting: the meeting page needs one")
    settlement_period = (0, 0)
    if "settlement" in pages:
        from concordia.settlement.models import Booking
        from concordia.settlement.rules import quarter_bounds, quarter_of

        latest = (Booking.objects.filter(alliance=alliance).order_by("-year", "-quarter")
                  .values_list("year", "quarter").first())
        settlement_period = latest or quarter_of(
            quarter_bounds(*quarter_of(timezone.localdate()))[0] - dt.timedelta(days=1))
    report_pk = 0
    if "report" in pages:
        from concordia.reports.models import Report
        from concordia.reports.rules import period_bounds

        # The latest: the one whose period ends last; of two ending the same day (a quarter
        # and its year), the one opened last.
        reports = list(Report.objects.filter(alliance=alliance)
                       .values_list("pk", "kind", "year", "number"))
        if not reports:
            missing(f"{alliance.name} has no periodic report: the report page needs one "
                    f"(demo_load / dataset_d open them)")
        report_pk = max(reports, key=lambda r: (period_bounds(*r[1:])[1], r[0]))[0]
    decisions: dict[str, str] = {}
    for page in DECISION_PAGES & set(pages):
        found = Decision.objects.filter(alliance__name=DECISION_ALLIANCE,
                                        title=DECISION_TITLES[page]).first()
        if found is None:
            missing(f"no bench decision for {PAGES[page][0]} (decision_bench builds it)")
        decisions[page] = f"/alliances/{found.alliance_id}/decisions/{found.pk}/"
    for page in pages:
        paths[page] = {
            "dashboard": f"{base}/",
            "body": f"{base}/bodies/{body.pk if body else 0}/",
            "meeting": f"{base}/meetings/{meeting.pk if meeting else 0}/",
            "actions": f"{base}/actions/",
            "escalations": f"{base}/escalations/",
            "decision_open": decisions.get("decision_open", ""),
            "decision_closed": decisions.get("decision_closed", ""),
            "scorecard": f"{base}/scorecard/",
            "settlement": f"{base}/settlement/{settlement_period[0]}/{settlement_period[1]}/",
            "report": f"{base}/reports/{report_pk}/",
        }[page]
    routes: dict[str, str] = {}
    for page, path in paths.items():
        try:
            match = resolve(path)
        except Resolver404:
            missing(f"no route for {PAGES[page][0]} at {path} (expected `{PAGES[page][1]}`); "
                    f"leave it out with --pages")
        routes[page] = match.view_name
    # What every answer must hold: the alliance's name; the body's on its and its meetings' pages.
    markers = {page: body.name if page in ("body", "meeting") and body else alliance.name
               for page in paths}
    markers.update(dict.fromkeys(DECISION_PAGES & set(paths), DECISION_ALLIANCE))
    return {
        "alliance": alliance.pk, "alliance_name": alliance.name, "markers": markers,
        "floor_name": Alliance.objects.filter(pk=1).values_list("name", flat=True).first(),
        "login": person.email, "paths": paths, "routes": routes,
        "body": str(body) if body else None, "meeting": str(meeting) if meeting else None,
        "counts": counts(alliance),
    }


def counts(alliance: Any) -> dict[str, int]:
    from concordia.actions.models import ActionItem
    from concordia.alliances.choices import PartnerStatus
    from concordia.alliances.models import Alliance, Membership, Partner
    from concordia.bodies.models import Body, Seat
    from concordia.decisions.models import Decision, Vote
    from concordia.escalations.models import Bottleneck
    from concordia.journal.models import JournalEntry
    from concordia.meetings.models import AgendaItem, Meeting, Minutes
    from concordia.reports.models import Report, Section
    from concordia.scorecard.models import Indicator, Measurement
    from concordia.settlement.models import Booking

    return {
        "partners": Partner.objects.filter(alliance=alliance,
                                           status=PartnerStatus.ACTIVE).count(),
        "people": Membership.objects.filter(alliance=alliance, revoked_at__isnull=True)
        .values("person").distinct().count(),
        "memberships": Membership.objects.filter(alliance=alliance,
                                                 revoked_at__isnull=True).count(),
        "bodies": Body.objects.filter(alliance=alliance).count(),
        "seats": Seat.objects.filter(body__alliance=alliance, removed_at__isnull=True).count(),
        "meetings": Meeting.objects.filter(body__alliance=alliance).count(),
        "agenda_items": AgendaItem.objects.filter(meeting__body__alliance=alliance).count(),
        "minutes": Minutes.objects.filter(meeting__body__alliance=alliance).count(),
        "actions": ActionItem.objects.filter(alliance=alliance).count(),
        "decisions": Decision.objects.filter(alliance=alliance).count(),
        "votes": Vote.objects.filter(decision__alliance=alliance).count(),
        "bottlenecks": Bottleneck.objects.filter(alliance=alliance).count(),
        "indicators": Indicator.objects.filter(alliance=alliance,
                                               retired_at__isnull=True).count(),
        "measurements": Measurement.objects.filter(indicator__alliance=alliance).count(),
        "bookings": Booking.objects.filter(alliance=alliance).count(),
        "reports": Report.objects.filter(alliance=alliance).count(),
        "sections": Section.objects.filter(report__alliance=alliance).count(),
        "journal": JournalEntry.objects.filter(alliance=alliance).count(),
        "all_alliances": Alliance.objects.count(),
        "all_meetings": Meeting.objects.count(),
        "all_journal": JournalEntry.objects.count(),
    }


def decision_bench() -> None:
    """The decision pages' data, through the services, in an alliance of its own that the
    measured alliance's key alliance manager founds (so the measured alliance, and the other
    pages, stay as they are): 29 more partners (each registered by its administrator, invited
    and accepted, so the administrator is its coordinator), a body with one seat per partner
    (one vote per partner, a simple majority; the founder holds the founding partner's seat), an
    open written procedure that 29 partners voted on (not the founder's: they see the form), and
    a closed one all 30 voted on, with reasons. Built once: an alliance of that name is left as
    it is."""
    import datetime as dt

    from allauth.account.models import EmailAddress
    from django.db import transaction
    from django.utils import timezone

    from concordia.accounts.models import Person
    from concordia.alliances import services as alliance_services
    from concordia.alliances.choices import Level, PartnerType, Role
    from concordia.alliances.models import Alliance, Membership, Partner
    from concordia.bodies import services as body_services
    from concordia.bodies.choices import BodyKind, ChairRule, DecisionRule
    from concordia.decisions import services as decision_services
    from concordia.decisions.choices import Procedure
    from concordia.organisations import services as organisation_services
    from concordia.organisations.models import OrganisationKind

    measured = Alliance.objects.order_by("pk").first()
    if measured is None or Alliance.objects.filter(name=DECISION_ALLIANCE).exists():
        return
    manager = (Membership.objects.filter(alliance=measured, role=Role.KEY_ALLIANCE_MANAGER,
                                         revoked_at__isnull=True)
               .select_related("person").first())
    if manager is None:
        return
    founder = manager.person
    with transaction.atomic():
        alliance = alliance_services.alliance_create(
            actor=founder, name=DECISION_ALLIANCE, purpose="Thirty partners decide together.",
            started_on=dt.date(2020, 1, 1))
        voters = [(founder, Partner.objects.get(alliance=alliance,
                                                organisation_id=founder.organisation_id))]
        for i in range(DECISION_PARTNERS - 1):
            email = f"council{i:02d}@bench.concordia.test"
            admin = Person.objects.create_user(email, None, full_name=f"Councillor {i:02d}",
                                               language="nl")
            EmailAddress.objects.create(user=admin, email=email, verified=True, primary=True)
            organisation = organisation_services.organisation_register(
                actor=admin, name=f"Council Member Organisation {i:02d}",
                kind=OrganisationKind.PUBLIC_BODY)
            admin.refresh_from_db()
            partner = alliance_services.partner_invite(
                actor=founder, alliance=alliance, organisation=organisation,
                partner_type=PartnerType.CORE)
            voters.append((admin, alliance_services.partner_respond(
                actor=admin, partner=partner, accept=True)))
        body = body_services.body_set_up(
            actor=founder, alliance=alliance, name="Council", kind=BodyKind.BOARD,
            level=Level.STRATEGIC, chair_rule=ChairRule.FIXED, chair_person=founder,
            secretary=founder, decision_rule=DecisionRule.MAJORITY)
        for person, partner in voters:
            seat = body_services.seat_add(actor=founder, body=body, partner=partner)
            body_services.seat_fill(actor=person, seat=seat, holder=person, substitute=None)
        deadline = timezone.now() + dt.timedelta(days=60)
        decisions = {
            page: decision_services.decision_propose(
                actor=founder, body=body, title=title, procedure=Procedure.WRITTEN,
                deadline=deadline, proposal="Thirty partners decide, one vote each.")
            for page, title in DECISION_TITLES.items()}
        for i, (person, _partner) in enumerate(voters):
            choice = "against" if i % 4 == 3 else "for"
            reason = f"{person} weighed the proposal for their organisation."
            decision_services.vote_cast(actor=person, decision=decisions["decision_closed"],
                                        choice=choice, reason=reason)
            if person != founder:
                decision_services.vote_cast(actor=person, decision=decisions["decision_open"],
                                            choice=choice, reason=reason)
        decision_services.decision_close(actor=founder, decision=decisions["decision_closed"])


def scale_up(factor: int) -> None:
    """Grow the demo alliance to `factor` times its partners and people, through the services.

    Each new organisation is registered by its administrator, invited by kim and accepted by
    the administrator (who becomes its coordinator); the other new people are invited by kim
    and accept. New people get no usable password: nobody logs in as them, and hashing a
    password for each would take longer than everything else together.
    """
    import datetime as dt

    from allauth.account.models import EmailAddress
    from django.db import transaction

    from concordia.accounts.models import Person
    from concordia.alliances import services as alliance_services
    from concordia.alliances.choices import Level, PartnerType, Role
    from concordia.alliances.models import Alliance
    from concordia.organisations import services as organisation_services
    from concordia.organisations.models import OrganisationKind

    alliance = Alliance.objects.order_by("pk").first()
    if alliance is None or alliance.name != DEMO_ALLIANCE_NAME:
        raise SystemExit("x10 grows the demo alliance: prepare the demo first")
    kim = Person.objects.get(email="kim@demo.concordia.test")
    start = counts(alliance)
    extra_partners = start["partners"] * (factor - 1)
    extra_people = start["people"] * (factor - 1) - extra_partners
    kinds = [OrganisationKind.PUBLIC_BODY, OrganisationKind.COMPANY, OrganisationKind.NON_PROFIT]
    partner_types = [PartnerType.CORE, PartnerType.ECOSYSTEM, PartnerType.COVENANT,
                     PartnerType.CUSTOMER, PartnerType.SUPPLIER]
    roles = [(Role.BOARD_MEMBER, Level.STRATEGIC), (Role.LINE_MANAGER, Level.TACTICAL),
             (Role.PROFESSIONAL, Level.OPERATIONAL), (Role.PROFESSIONAL, Level.OPERATIONAL),
             (Role.OBSERVER, Level.OPERATIONAL), (Role.EXTERNAL_REVIEWER, Level.STRATEGIC)]
    review_ends = dt.date.today() + dt.timedelta(days=180)  # noqa: DTZ011 - as demo_load does

    def new_person(local: str, name: str) -> Person:
        email = f"{local}@bench.concordia.test"
        person = Person.objects.create_user(email, None, full_name=name, language="nl")
        EmailAddress.objects.create(user=person, email=email, verified=True, primary=True)
        return person

    with transaction.atomic():
        partners, coordinators = [], []
        for i in range(extra_partners):
            admin = new_person(f"admin{i:03d}", f"Administrator {i:03d}")
            organisation = organisation_services.organisation_register(
                actor=admin, name=f"Bench Organisation {i:03d}", kind=kinds[i % len(kinds)])
            admin.refresh_from_db()
            partner = alliance_services.partner_invite(
                actor=kim, alliance=alliance, organisation=organisation,
                partner_type=partner_types[i % len(partner_types)])
            partners.append(alliance_services.partner_respond(actor=admin, partner=partner,
                                                              accept=True))
            coordinators.append(admin)  # who accepts becomes the partner's coordinator
        for j in range(max(extra_people, 0)):
            if not partners:
                break
            role, level = roles[j % len(roles)]
            person = new_person(f"person{j:04d}", f"Person {j:04d}")
            # A partner fills its own roles (its coordinator invites); the key alliance manager
            # appoints external reviewers (docs/access.md, who grants which role).
            inviter = kim if role == Role.EXTERNAL_REVIEWER else coordinators[j % len(partners)]
            _invitation, raw = alliance_services.invitation_create(
                actor=inviter, partner=partners[j % len(partners)], email=person.email, role=role,
                level=level, ends_on=review_ends if role == Role.EXTERNAL_REVIEWER else None,
                notify=False)
            alliance_services.invitation_accept(actor=person, raw_token=raw)


# -- The server ----------------------------------------------------------------------------------

def venv_bin(name: str) -> str:
    candidate = REPO / ".venv" / "bin" / name
    if candidate.exists():
        return str(candidate)
    found = shutil.which(name)
    if not found:
        raise BenchError(f"{name} not found (expected {candidate}); run `make deps` first")
    return found


# One random SECRET_KEY and JOURNAL_KEY for the whole run: what a child process seals in the
# journal, gunicorn verifies with the same key.
RUN_KEYS: dict[str, str] = {}


def bench_env(tmp: Path, database: Path, journal_key: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SCRUBBED_ENV}
    env.update(
        SECRET_KEY=RUN_KEYS.setdefault("SECRET_KEY", secrets.token_urlsafe(50)),
        JOURNAL_KEY=journal_key or RUN_KEYS.setdefault("JOURNAL_KEY", secrets.token_urlsafe(50)),
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="false",
        BENCH_FLOOR="1",
        DATABASE_URL=f"sqlite:///{database}",
        DJANGO_SETTINGS_MODULE="bench_settings",
        BENCH_STATIC_ROOT=str(tmp / "static"),
        PYTHONPATH=os.pathsep.join([str(BENCH_DIR), str(REPO)]),
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def run_prepare(step: str, env: dict[str, str], args: argparse.Namespace, *,
                echo: bool = False) -> dict[str, Any]:
    """Run a preparation step in a child process; with `echo`, show its output as it comes
    (building data set D takes a while and reports each part)."""
    command = [venv_bin("python"), str(Path(__file__).resolve()), "--prepare", step,
               "--pages", ",".join(args.pages), "--d-scale", str(args.d_scale),
               "--d-seed", str(args.d_seed)]
    lines: list[str] = []
    # stderr goes to a file: a pipe left unread could fill up and stall the child.
    with tempfile.TemporaryFile(mode="w+") as errors:
        proc = subprocess.Popen(command,  # noqa: S603 - our own interpreter and script
                                cwd=REPO, env={**env, "PYTHONUNBUFFERED": "1"}, text=True,
                                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=errors)
        try:
            for line in proc.stdout or ():
                lines.append(line)
                if echo and not line.startswith("{"):
                    print(f"    {line.rstrip()}", flush=True)
            proc.wait()
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        errors.seek(0)
        stderr = errors.read()
    if proc.returncode == 2 and stderr.startswith("bench: "):
        raise BenchError(f"{step}: {stderr.strip().removeprefix('bench: ')}")
    if proc.returncode != 0 or not lines:
        raise BenchError(f"preparing the {step} database failed:\n{''.join(lines)}{stderr}")
    data: dict[str, Any] = json.loads(lines[-1])
    return data


def d_cache_name(scale: float, seed: int) -> str:
    """The cached data set D's file name: its scale and seed, and a fingerprint of what shapes
    it (the migrations, the generator and the services it writes through). Anything else that
    changes the data calls for emptying the data directory."""
    digest = hashlib.sha256()
    sources = sorted(REPO.glob("concordia/*/migrations/*.py"))
    sources += sorted(REPO.glob("concordia/demo/**/*.py"))
    sources += sorted(REPO.glob("concordia/*/*services.py"))
    for source in sources:
        digest.update(str(source.relative_to(REPO)).encode())
        digest.update(source.read_bytes())
    return f"d-scale{scale:g}-seed{seed}-{digest.hexdigest()[:12]}.sqlite3"


def prepare_d(tmp: Path, args: argparse.Namespace) -> tuple[Path, str, str | None]:
    """Data set D's database in `tmp`: copied from the data directory when it holds one built
    for this scale and seed, built (and kept there) otherwise. Returns the file, a note and the
    journal key it was sealed with (kept beside the cached file, so that its journal verifies).
    """
    target = tmp / "bench-d.sqlite3"
    cached = args.data_dir / d_cache_name(args.d_scale, args.d_seed) if args.data_dir else None
    if cached is not None and cached.exists():
        shutil.copyfile(cached, target)
        key_file = cached.with_suffix(".journal-key")
        key = key_file.read_text().strip() if key_file.exists() else None
        return target, f"data set D from {cached}", key
    print(f"==> d: building data set D (scale {args.d_scale:g}, seed {args.d_seed}) ...",
          flush=True)
    env = bench_env(tmp, target)
    built = run_prepare("d-build", env, args, echo=True)
    note = f"data set D built in {built['seconds']:.1f} s"
    if cached is not None:
        cached.parent.mkdir(parents=True, exist_ok=True)
        key_file = cached.with_suffix(".journal-key")
        key_file.touch(mode=0o600)
        key_file.write_text(env["JOURNAL_KEY"] + "\n")
        partial = cached.with_suffix(".partial")
        shutil.copyfile(target, partial)
        partial.replace(cached)
        note += f", kept as {cached}"
    return target, note, env["JOURNAL_KEY"]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


class Server:
    """gunicorn in its own session, so that it can be stopped as a group and only it."""

    def __init__(self, env: dict[str, str], log_path: Path) -> None:
        self.env, self.log_path = env, log_path
        self.proc: subprocess.Popen[bytes] | None = None
        self.port = 0

    def command(self, port: int) -> list[str]:
        gunicorn = venv_bin("gunicorn")
        help_text = subprocess.run([gunicorn, "--help"],  # noqa: S603 - the venv's gunicorn
                                   capture_output=True, text=True, check=False).stdout
        extra = ["--no-control-socket"] if "--no-control-socket" in help_text else []
        return [gunicorn, "concordia.wsgi:application", "--workers", str(WORKERS),
                "--bind", f"{HOST}:{port}", *extra, "--error-logfile", "-"]

    def start(self) -> Server:
        for _attempt in range(3):  # a free port can be taken between probing and binding
            self.port = free_port()
            with open(self.log_path, "ab") as log:
                self.proc = subprocess.Popen(  # noqa: S603 - the venv's gunicorn
                    self.command(self.port), cwd=REPO, env=self.env, stdin=subprocess.DEVNULL,
                    stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
            if self.wait_ready():
                return self
            self.stop()
        raise BenchError(f"gunicorn did not start; its log:\n{self.log_tail()}")

    def wait_ready(self, timeout: float = 30.0) -> bool:
        if self.proc is None:
            raise BenchError("gunicorn was never started")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            try:
                status, _headers, body = fetch(self.port, "GET", "/bench/floor", timeout=5)
            except OSError:
                time.sleep(0.1)
                continue
            if status == 200:
                return True
            raise BenchError(f"/bench/floor answered {status} while starting (BENCH_FLOOR "
                             f"off?):\n{body[:500]!r}\n{self.log_tail()}")
        raise BenchError(f"gunicorn did not answer within {timeout:.0f} s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
            try:
                os.killpg(proc.pid, sig)  # the group gunicorn leads: its master and workers
            except ProcessLookupError:
                return
            try:
                proc.wait(timeout=wait)
                return
            except subprocess.TimeoutExpired:
                continue


# -- Memory of the workers -----------------------------------------------------------------------

def proc_status(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (peak RSS) of a process in KiB, from /proc/<pid>/status; {} if gone."""
    values: dict[str, int] = {}
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                key, _sep, rest = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    values[key] = int(rest.split()[0])
    except (OSError, ValueError, IndexError):
        return {}
    return values


def children_of(parent: int) -> list[int]:
    """The processes whose parent is `parent` (gunicorn's workers of its master)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == parent:
            found.append(int(entry))
    return sorted(found)


@dataclass
class Memory:
    """The workers' RSS before and after a run and the highest peak of any worker in between.

    gunicorn.conf.py restarts a worker after about 1000 requests (max_requests), as production
    does, so a long run sees several worker processes: the sampler reads every one's peak
    (VmHWM) every half second while it lives.
    """

    master: int
    before: dict[int, int] = field(default_factory=dict)  # pid → RSS KiB
    after: dict[int, int] = field(default_factory=dict)
    peaks: dict[int, int] = field(default_factory=dict)  # pid → VmHWM KiB
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def snapshot(self) -> dict[int, int]:
        rss = {}
        for pid in children_of(self.master):
            status = proc_status(pid)
            if status:
                rss[pid] = status.get("VmRSS", 0)
                self.peaks[pid] = max(self.peaks.get(pid, 0), status.get("VmHWM", 0))
        return rss

    def start(self) -> None:
        self.before = self.snapshot()

        def sample() -> None:
            while not self._stop.wait(0.5):
                self.snapshot()

        self._thread = threading.Thread(target=sample, name="memory", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self.after = self.snapshot()

    def summary(self) -> str:
        def mib(values: dict[int, int]) -> str:
            return ", ".join(f"{kib / 1024:.0f}" for _pid, kib in sorted(values.items())) or "-"

        peak = max(self.peaks.values(), default=0) / 1024
        return (f"RSS per worker before {mib(self.before)} MiB, after {mib(self.after)} MiB; "
                f"highest peak {peak:.0f} MiB over {len(self.peaks)} worker processes")


# -- HTTP ----------------------------------------------------------------------------------------

def fetch(port: int, method: str, path: str, *, headers: dict[str, str] | None = None,
          body: bytes | None = None, timeout: float = 30
          ) -> tuple[int, http.client.HTTPMessage, bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def cookies_from(headers: http.client.HTTPMessage) -> dict[str, str]:
    """Name and value of every Set-Cookie; the Secure flag is ignored on purpose (plain http)."""
    jar: dict[str, str] = {}
    for raw in headers.get_all("Set-Cookie") or []:
        parsed: SimpleCookie = SimpleCookie()
        parsed.load(raw)
        jar.update({name: morsel.value for name, morsel in parsed.items()})
    return jar


def cookie_header(jar: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in jar.items())


def log_in(port: int, email: str) -> str:
    """Log in through allauth's form; returns the Cookie header for the session."""
    status, headers, body = fetch(port, "GET", "/accounts/login/")
    if status != 200:
        raise BenchError(f"GET /accounts/login/ answered {status}")
    jar = cookies_from(headers)
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if "csrftoken" not in jar or not match:
        raise BenchError("the login page set no CSRF cookie or form token")
    origin = f"http://{HOST}:{port}"
    form = urlencode({"csrfmiddlewaretoken": match.group(1).decode(), "login": email,
                      "password": LOGIN_PASSWORD}).encode()
    status, headers, body = fetch(port, "POST", "/accounts/login/", body=form, headers={
        "Cookie": cookie_header(jar), "Content-Type": "application/x-www-form-urlencoded",
        "Origin": origin, "Referer": f"{origin}/accounts/login/"})
    jar.update(cookies_from(headers))
    if status != 302 or "sessionid" not in jar:
        raise BenchError(f"logging in as {email} failed: {status}, cookies {sorted(jar)}:"
                         f"\n{body[:800]!r}")
    return cookie_header(jar)


@dataclass(frozen=True)
class Target:
    name: str
    path: str
    marker: str  # a name every answer must hold (as written or HTML-escaped)

    @property
    def markers(self) -> tuple[bytes, bytes]:
        return self.marker.encode(), escape(self.marker).encode()


@dataclass
class TargetResult:
    target: Target
    latencies: list[float] = field(default_factory=list)
    busy: float = 0.0  # summed wall time of this target's phases
    body_bytes: int = 0

    @property
    def requests(self) -> int:
        return len(self.latencies)

    @property
    def rps(self) -> float:
        return self.requests / self.busy if self.busy else 0.0

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)] if ordered else 0.0


class Client:
    """One client thread's connection; gunicorn's sync workers close after each response and
    http.client reconnects on the next request."""

    def __init__(self, port: int, cookie: str) -> None:
        self.conn = http.client.HTTPConnection(HOST, port, timeout=30)
        self.headers = {"Cookie": cookie, "Accept": "text/html"}

    def get(self, target: Target) -> tuple[float, int]:
        started = time.perf_counter()
        try:
            self.conn.request("GET", target.path, headers=self.headers)
            response = self.conn.getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            self.conn.close()  # a kept-alive connection the server had closed: once more
            self.conn.request("GET", target.path, headers=self.headers)
            response = self.conn.getresponse()
        body = response.read()
        elapsed = time.perf_counter() - started
        if response.status != 200 or not any(m in body for m in target.markers):
            where = response.headers.get("Location", "")
            raise BenchError(f"GET {target.path} ({target.name}) answered {response.status}"
                             f"{' → ' + where if where else ''}; body starts {body[:300]!r}")
        return elapsed, len(body)

    def close(self) -> None:
        self.conn.close()


def drive(port: int, cookie: str, targets: list[Target], *, requests: int, threads: int,
          batch: int, warmup: int, time_cap: float) -> tuple[list[TargetResult], str]:
    """Alternate batches of the targets over `threads` concurrent clients.

    A phase is one batch per thread against one target; a barrier separates phases, so a
    phase's wall time (first start to last finish) belongs to its target alone. Rounds hold one
    phase per target, their order flipping every round.
    """
    rounds = max(1, math.ceil(requests / (threads * batch)))
    schedule: list[int] = []
    for r in range(rounds):
        order = list(range(len(targets)))
        schedule += order if r % 2 == 0 else order[::-1]
    results = [TargetResult(t) for t in targets]
    spans: list[list[tuple[float, float]]] = [[] for _ in schedule]
    latencies: list[list[list[float]]] = [[[] for _ in targets] for _ in range(threads)]
    errors: list[BaseException] = []
    state = {"next": 0, "current": -1, "stop": False, "rounds": 0}
    began = time.perf_counter()

    def between_phases() -> None:  # runs in one thread while all wait at the barrier
        k = state["next"]
        at_round_start = k % len(targets) == 0
        if k >= len(schedule) or (at_round_start and time.perf_counter() - began > time_cap):
            state["stop"] = True
            return
        if at_round_start:
            state["rounds"] += 1
        state["current"], state["next"] = k, k + 1

    barrier = threading.Barrier(threads, action=between_phases)

    def worker(index: int) -> None:
        client = Client(port, cookie)
        try:
            for target in targets:
                for _ in range(warmup):
                    client.get(target)
            while True:
                barrier.wait()
                if state["stop"]:
                    return
                k = state["current"]
                target_index = schedule[k]
                target = targets[target_index]
                own = latencies[index][target_index]
                t0 = time.perf_counter()
                for _ in range(batch):
                    elapsed, size = client.get(target)
                    own.append(elapsed)
                spans[k].append((t0, time.perf_counter()))
                results[target_index].body_bytes = size
        except threading.BrokenBarrierError:
            return
        except BaseException as exc:
            errors.append(exc)
            barrier.abort()
        finally:
            client.close()

    pool = [threading.Thread(target=worker, args=(i,), name=f"client-{i}", daemon=True)
            for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    if errors:
        raise errors[0] if isinstance(errors[0], BenchError) else BenchError(repr(errors[0]))
    for k, phase in enumerate(spans):
        if len(phase) == threads:
            results[schedule[k]].busy += max(e for _s, e in phase) - min(s for s, _e in phase)
    for per_thread in latencies:
        for i, values in enumerate(per_thread):
            results[i].latencies += values
    note = f"{state['rounds']} rounds of {threads}×{batch} per target"
    if state["rounds"] < rounds:
        note += f" (time cap {time_cap:.0f} s reached; {rounds} planned)"
    return results, note


# -- Main ----------------------------------------------------------------------------------------

@dataclass
class SizeReport:
    size: str
    data: dict[str, Any]
    results: list[TargetResult]
    note: str
    memory: Memory


def csv_choice(allowed: tuple[str, ...] | list[str]) -> Any:
    def parse(value: str) -> list[str]:
        chosen = [v.strip() for v in value.split(",") if v.strip()]
        unknown = [v for v in chosen if v not in allowed]
        if unknown or not chosen:
            raise argparse.ArgumentTypeError(
                f"choose from {', '.join(allowed)} (comma-separated), not {value!r}")
        return chosen
    return parse


def measure(size: str, env: dict[str, str], data: dict[str, Any], tmp: Path,
            args: argparse.Namespace, holder: list[Server]) -> SizeReport:
    targets = [Target("floor", "/bench/floor", data["floor_name"] or "-")]
    targets += [Target(page, data["paths"][page], data["markers"][page]) for page in args.pages]
    server = Server(env, tmp / "gunicorn.log")
    holder.append(server)  # held before it starts, for the caller's finally
    server.start()
    if server.proc is None:
        raise BenchError("gunicorn was never started")
    memory = Memory(server.proc.pid)
    memory.start()
    try:
        cookie = log_in(server.port, data["login"])
        print(f"    gunicorn ({WORKERS} workers) on {HOST}:{server.port}, logged in as "
              f"{data['login']}; driving {', '.join(t.path for t in targets)} ...", flush=True)
        results, note = drive(server.port, cookie, targets, requests=args.requests,
                              threads=args.threads, batch=args.batch, warmup=args.warmup,
                              time_cap=args.time_cap)
    finally:
        memory.stop()
        server.stop()
        holder.remove(server)
    print(f"    {note}", flush=True)
    floor = results[0]
    for r in results:  # at once, so that an interrupted run keeps what it measured
        ratio = r.rps / floor.rps if floor.rps else 0.0
        print(f"    {r.target.name:<10} {r.rps:>7.1f} req/s, ratio {ratio:.2f}, p50 "
              f"{r.percentile(50) * 1000:.1f} ms, p95 {r.percentile(95) * 1000:.1f} ms",
              flush=True)
    print(f"    {memory.summary()}", flush=True)
    return SizeReport(size, data, results, note, memory)


def print_report(report: list[SizeReport]) -> None:
    print()
    print(f"{'size':<6} {'target':<10} {'requests':>8} {'req/s':>8} {'ratio':>6} {'p50 ms':>8} "
          f"{'p95 ms':>8} {'bytes':>8}")
    for entry in report:
        floor = entry.results[0]
        for r in entry.results:
            ratio = r.rps / floor.rps if floor.rps else 0.0
            print(f"{entry.size:<6} {r.target.name:<10} {r.requests:>8} {r.rps:>8.1f} "
                  f"{ratio:>6.2f} {r.percentile(50) * 1000:>8.1f} "
                  f"{r.percentile(95) * 1000:>8.1f} {r.body_bytes:>8}")
    print()
    for entry in report:
        print(f"memory {entry.size:<4} {entry.memory.summary()}")
    print()
    for entry in report:
        floor = entry.results[0]
        for r in entry.results[1:]:
            ratio = r.rps / floor.rps if floor.rps else 0.0
            verdict = "PASS" if ratio >= GOAL_RATIO else "BELOW"
            print(f"{verdict:<5} {entry.size:<4} {r.target.name}/floor throughput ratio "
                  f"{ratio:.2f} (goal >= {GOAL_RATIO:.2f})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=csv_choice(SIZES), default=["demo", "d"],
                        help="sizes to measure, in this order: demo, x10, d (default demo,d)")
    parser.add_argument("--pages", type=csv_choice(list(PAGES)), default=list(PAGES),
                        help="pages to drive against the floor (default "
                             f"{','.join(PAGES)})")
    parser.add_argument("--d-scale", type=float, default=1.0,
                        help="scale of data set D (default 1.0: 6000 meetings)")
    parser.add_argument("--d-seed", type=int, default=1, help="seed of data set D (default 1)")
    parser.add_argument("--data-dir", type=Path,
                        help="keep data set D's database here and reuse it on the next run")
    parser.add_argument("--requests", type=int, default=1000,
                        help="measured requests per target and size (default 1000)")
    parser.add_argument("--threads", type=int, default=2, help="concurrent clients (default 2)")
    parser.add_argument("--batch", type=int, default=25,
                        help="requests per client per phase (default 25)")
    parser.add_argument("--warmup", type=int, default=10,
                        help="unmeasured requests per client and target first (default 10)")
    parser.add_argument("--time-cap", type=float, default=240.0,
                        help="seconds per size after which no new round starts (default 240)")
    parser.add_argument("--prepare", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        prepare(args.prepare, pages=args.pages, d_scale=args.d_scale, d_seed=args.d_seed)
        return 0
    if min(args.requests, args.threads, args.batch) < 1 or args.warmup < 0:
        parser.error("--requests, --threads and --batch must be positive")
    if args.d_scale <= 0:
        parser.error("--d-scale must be positive")
    sizes = [s for s in SIZES if s in args.sizes]

    def interrupted(signum: int, _frame: object) -> None:
        raise Interrupted(signal.Signals(signum).name)

    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGHUP, interrupted)

    tmp = Path(tempfile.mkdtemp(prefix="concordia-bench-"))
    servers: list[Server] = []
    report: list[SizeReport] = []
    try:
        demo_db = tmp / "bench-demo.sqlite3"
        if "demo" in sizes or "x10" in sizes:
            data = run_prepare("demo", bench_env(tmp, demo_db), args)
            print(f"==> demo: migrate, demo_load, collectstatic in {data['seconds']:.1f} s: "
                  f"{summary(data)}", flush=True)
            if "demo" in sizes:
                report.append(measure("demo", bench_env(tmp, demo_db), data, tmp, args,
                                      servers))
        if "x10" in sizes:
            data = run_prepare("x10", bench_env(tmp, demo_db), args)
            print(f"==> x10: scale ×{SCALE_FACTOR} through the services in "
                  f"{data['seconds']:.1f} s: {summary(data)}", flush=True)
            report.append(measure("x10", bench_env(tmp, demo_db), data, tmp, args, servers))
        if "d" in sizes:
            d_db, note, journal_key = prepare_d(tmp, args)
            d_env = bench_env(tmp, d_db, journal_key)
            data = run_prepare("d", d_env, args)
            print(f"==> d: {note}; {summary(data)}", flush=True)
            report.append(measure("d", d_env, data, tmp, args, servers))
    except BenchError as exc:
        print(f"\nFAIL: {exc}", file=sys.stderr)
        return 1
    except (Interrupted, KeyboardInterrupt) as exc:
        print(f"\ninterrupted ({exc or 'SIGINT'}); cleaning up", file=sys.stderr)
        return 130
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    print_report(report)
    return 0


def summary(data: dict[str, Any]) -> str:
    c = data["counts"]
    text = (f"{data['alliance_name']}: {c['partners']} partners, {c['people']} people, "
            f"{c['bodies']} bodies, {c['seats']} seats, {c['meetings']} meetings, "
            f"{c['agenda_items']} agenda items, {c['minutes']} minutes, {c['actions']} actions, "
            f"{c['journal']} journal entries")
    if c["all_alliances"] > 1:
        text += (f" (all {c['all_alliances']} alliances: {c['all_meetings']} meetings, "
                 f"{c['all_journal']} journal entries)")
    return text


if __name__ == "__main__":
    sys.exit(main())
