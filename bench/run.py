#!/usr/bin/env python3
"""Benchmark: the alliance dashboard against the floor view, under gunicorn, at two data sizes.

For each size (the demo alliance, then the same alliance scaled ×10) the script

1. prepares a throwaway SQLite database in a temporary directory (migrate, demo_load,
   collectstatic; for ×10 it adds organisations, partners and people through the services, so
   the journal is what real use leaves behind);
2. starts gunicorn (2 sync workers) on 127.0.0.1 on a free port with production settings;
3. logs in as the demo's key alliance manager (kim), handling cookies by hand because the
   production cookies are Secure and the benchmark talks plain http to 127.0.0.1;
4. drives /bench/floor and /alliances/1/ interleaved: all client threads run a batch against
   one target, then a batch against the other, round after round (the order flips every round),
   so both targets see the same machine state. Every response must be 200 with the alliance's
   name in it, or the script fails;
5. stops gunicorn.

It prints requests/s, p50 and p95 latency per target and size, and the throughput ratio
dashboard/floor with PASS or BELOW against the goal (0.3). The exit code reports errors only
(1 for a failed request or setup), never speed. The temporary directory is removed in all cases.

Usage: .venv/bin/python bench/run.py [--requests 2000] [--threads 2] [--batch 25] ...
"""

from __future__ import annotations

import argparse
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
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
HOST = "127.0.0.1"
ALLIANCE_PK = 1  # the demo alliance on a fresh database
ALLIANCE_NAME = "Alliance for data and tax on wages"  # concordia.demo.services.ALLIANCE_NAME
LOGIN_EMAIL = "kim@demo.concordia.test"  # key alliance manager in the demo
LOGIN_PASSWORD = "concordia-demo"  # noqa: S105 - the demo's published password
GOAL_RATIO = 0.3
SIZES = ("demo", "x10")
SCALE_FACTOR = 10
WORKERS = 2

# Variables from the caller's environment that would change what is measured.
SCRUBBED_ENV = {
    "DEBUG", "DATABASE_URL", "CONCORDIA_ALLOW_INSECURE_KEY", "DJANGO_SETTINGS_MODULE",
    "SECURE_SSL_REDIRECT", "ALLOWED_HOSTS", "CONN_MAX_AGE", "PYTHONPATH", "EMAIL_HOST",
    "GUNICORN_CMD_ARGS", "WEB_CONCURRENCY", "LOG_LEVEL",
}


class BenchError(Exception):
    """Something the benchmark cannot carry on after: reported loudly, exit code 1."""


class Interrupted(BaseException):
    """SIGTERM/SIGHUP: unwind so the finally blocks stop gunicorn and remove the temp dir."""


# -- Preparing the database (runs in a child process, with Django set up) ------------------------

def prepare(size: str) -> None:
    """Child process entry: bring the database to `size` and print its counts as JSON."""
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.management import call_command

    started = time.perf_counter()
    if size == "demo":
        call_command("migrate", interactive=False, verbosity=0)
        call_command("demo_load", stdout=io.StringIO())
        call_command("collectstatic", interactive=False, verbosity=0)
    elif size == "x10":
        scale_up(SCALE_FACTOR)
    else:
        raise SystemExit(f"unknown size {size!r}")
    print(json.dumps({**counts(), "seconds": round(time.perf_counter() - started, 2)}))


def counts() -> dict[str, int]:
    from concordia.alliances.choices import PartnerStatus
    from concordia.alliances.models import Alliance, Membership, Partner
    from concordia.journal.models import JournalEntry

    alliance = Alliance.objects.get(pk=ALLIANCE_PK)
    return {
        "partners": Partner.objects.filter(alliance=alliance,
                                           status=PartnerStatus.ACTIVE).count(),
        "people": Membership.objects.filter(alliance=alliance, revoked_at__isnull=True)
        .values("person").distinct().count(),
        "memberships": Membership.objects.filter(alliance=alliance,
                                                 revoked_at__isnull=True).count(),
        "journal": JournalEntry.objects.filter(alliance=alliance).count(),
    }


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

    alliance = Alliance.objects.get(pk=ALLIANCE_PK)
    kim = Person.objects.get(email=LOGIN_EMAIL)
    start = counts()
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


def bench_env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SCRUBBED_ENV}
    env.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        JOURNAL_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=HOST,
        SECURE_SSL_REDIRECT="false",
        BENCH_FLOOR="1",
        DATABASE_URL=f"sqlite:///{tmp / 'bench.sqlite3'}",
        DJANGO_SETTINGS_MODULE="bench_settings",
        BENCH_STATIC_ROOT=str(tmp / "static"),
        PYTHONPATH=os.pathsep.join([str(BENCH_DIR), str(REPO)]),
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def run_prepare(size: str, env: dict[str, str]) -> dict[str, float]:
    command = [venv_bin("python"), str(Path(__file__).resolve()), "--prepare", size]
    proc = subprocess.run(command,  # noqa: S603 - our own interpreter and script
                          cwd=REPO, env=env, capture_output=True, text=True, check=False,
                          stdin=subprocess.DEVNULL)
    if proc.returncode != 0:
        raise BenchError(f"preparing the {size} database failed:\n{proc.stdout}{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


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


def log_in(port: int) -> str:
    """Log in through allauth's form; returns the Cookie header for the session."""
    status, headers, body = fetch(port, "GET", "/accounts/login/")
    if status != 200:
        raise BenchError(f"GET /accounts/login/ answered {status}")
    jar = cookies_from(headers)
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if "csrftoken" not in jar or not match:
        raise BenchError("the login page set no CSRF cookie or form token")
    origin = f"http://{HOST}:{port}"
    form = urlencode({"csrfmiddlewaretoken": match.group(1).decode(), "login": LOGIN_EMAIL,
                      "password": LOGIN_PASSWORD}).encode()
    status, headers, body = fetch(port, "POST", "/accounts/login/", body=form, headers={
        "Cookie": cookie_header(jar), "Content-Type": "application/x-www-form-urlencoded",
        "Origin": origin, "Referer": f"{origin}/accounts/login/"})
    jar.update(cookies_from(headers))
    if status != 302 or "sessionid" not in jar:
        raise BenchError(f"logging in as {LOGIN_EMAIL} failed: {status}, cookies {sorted(jar)}:"
                         f"\n{body[:800]!r}")
    return cookie_header(jar)


@dataclass(frozen=True)
class Target:
    name: str
    path: str


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
        self.marker = ALLIANCE_NAME.encode()

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
        if response.status != 200 or self.marker not in body:
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

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000,
                        help="measured requests per target and size (default 2000)")
    parser.add_argument("--threads", type=int, default=2, help="concurrent clients (default 2)")
    parser.add_argument("--batch", type=int, default=25,
                        help="requests per client per phase (default 25)")
    parser.add_argument("--warmup", type=int, default=10,
                        help="unmeasured requests per client and target first (default 10)")
    parser.add_argument("--time-cap", type=float, default=120.0,
                        help="seconds per size after which no new round starts (default 120)")
    parser.add_argument("--prepare", choices=SIZES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        prepare(args.prepare)
        return 0
    if min(args.requests, args.threads, args.batch) < 1 or args.warmup < 0:
        parser.error("--requests, --threads and --batch must be positive")

    def interrupted(signum: int, _frame: object) -> None:
        raise Interrupted(signal.Signals(signum).name)

    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGHUP, interrupted)

    targets = [Target("floor", "/bench/floor"), Target("dashboard", f"/alliances/{ALLIANCE_PK}/")]
    tmp = Path(tempfile.mkdtemp(prefix="concordia-bench-"))
    server: Server | None = None
    report: list[tuple[str, dict[str, float], list[TargetResult], str]] = []
    try:
        env = bench_env(tmp)
        for size in SIZES:
            what = "migrate, demo_load, collectstatic" if size == "demo" else \
                f"scale ×{SCALE_FACTOR} through the services"
            data = run_prepare(size, env)
            print(f"==> {size}: {what} in {data['seconds']:.1f} s: {data['partners']} partners, "
                  f"{data['people']} people, {data['journal']} journal entries", flush=True)
            server = Server(env, tmp / "gunicorn.log")  # held before it starts, for finally
            server.start()
            cookie = log_in(server.port)
            print(f"    gunicorn ({WORKERS} workers) on {HOST}:{server.port}, logged in as "
                  f"{LOGIN_EMAIL}; driving {', '.join(t.path for t in targets)} ...", flush=True)
            results, note = drive(server.port, cookie, targets, requests=args.requests,
                                  threads=args.threads, batch=args.batch, warmup=args.warmup,
                                  time_cap=args.time_cap)
            server.stop()
            server = None
            print(f"    {note}", flush=True)
            report.append((size, data, results, note))
    except BenchError as exc:
        print(f"\nFAIL: {exc}", file=sys.stderr)
        return 1
    except (Interrupted, KeyboardInterrupt) as exc:
        print(f"\ninterrupted ({exc or 'SIGINT'}); cleaning up", file=sys.stderr)
        return 130
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(tmp, ignore_errors=True)

    print()
    print(f"{'size':<6} {'target':<10} {'requests':>8} {'req/s':>8} {'p50 ms':>8} "
          f"{'p95 ms':>8} {'bytes':>7}")
    for size, _data, results, _note in report:
        for r in results:
            print(f"{size:<6} {r.target.name:<10} {r.requests:>8} {r.rps:>8.1f} "
                  f"{r.percentile(50) * 1000:>8.1f} {r.percentile(95) * 1000:>8.1f} "
                  f"{r.body_bytes:>7}")
    print()
    for size, _data, results, _note in report:
        floor, dashboard = results
        ratio = dashboard.rps / floor.rps if floor.rps else 0.0
        verdict = "PASS" if ratio >= GOAL_RATIO else "BELOW"
        print(f"{verdict:<5} {size:<4} dashboard/floor throughput ratio {ratio:.2f} "
              f"(goal >= {GOAL_RATIO:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
