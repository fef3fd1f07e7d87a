"""A partner's vote counts once, however many of its members vote at the same moment.

Twenty rounds; in each, a written procedure of a body that votes per partner (four partners,
each with three members who may cast its vote: the seat's holder, its substitute and a named
delegate) gets 100 ballots at once from worker threads, each on its own database connection:
members of one partner voting at the same moment (duplicates), the same ballot sent twice
(retries), and a deadline that falls in the middle of the round (placed from the previous
round's pace so that about half the ballots come before it). Afterwards:

- every ballot is accounted for: cast and now the partner's current vote, cast and superseded
  by a later one, or refused because the deadline had passed (409) — nothing else, nothing lost;
- exactly one current vote per partner that voted, and it is the partner's latest;
- nothing cast after the deadline, and the tally at closing counts exactly the current votes;
- the journal holds one VoteCast per vote cast, and its chain verifies.

On PostgreSQL the writers meet at the alliance lock (row locks, real concurrency). SQLite has no
row locks and serialises writers on the whole database; the test database lives in memory with
a shared cache, whose table locks do not wait for one another, so there the threads take turns
at a lock of the test's own around each service call — what SQLite's busy wait does for a file
database. The figures (ballots, counted, superseded, refused, seconds) are printed (``-s``).
"""

import datetime as dt
import queue
import random
import threading
import time
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field

import pytest
from django.db import connection
from django.utils import timezone

from concordia.accounts.models import Person
from concordia.alliances.choices import PartnerStatus, PartnerType, Role
from concordia.alliances.models import Partner
from concordia.bodies.choices import DecisionRule
from concordia.bodies.models import Body, Seat
from concordia.core.errors import Conflict
from concordia.decisions import rules, services
from concordia.decisions.choices import DecisionStatus
from concordia.decisions.models import Decision, Delegate, Vote
from concordia.journal.models import JournalEntry
from concordia.journal.services import journal_verify
from concordia.testing.factories import OrganisationFactory, PersonFactory, give_role

pytestmark = pytest.mark.django_db(transaction=True)

ROUNDS = 20
BALLOTS = 100
RETRIES = 20  # of the ballots, this many are a ballot sent again
WORKERS = 10
BEFORE_DEADLINE = 0.5  # the share of a round's ballots meant to come before its deadline
FIRST_PACE = 0.03  # seconds per ballot assumed for the first round
CHOICES = ("for", "against", "abstain")


@dataclass(frozen=True)
class Ballot:
    person_id: int
    choice: str


@dataclass
class Attempt:
    ballot: Ballot
    outcome: object = None  # the Vote, or the exception
    finished: dt.datetime | None = None


@dataclass
class Figures:
    ballots: int = 0
    counted: int = 0
    superseded: int = 0
    refused: int = 0
    seconds: float = 0.0
    per_round: list[tuple[int, int, int]] = field(default_factory=list)


def voting_body(world) -> tuple[Body, dict[int, list[Person]]]:
    """A working group voting per partner (simple majority): partners A, B and two more, each
    with a seat (holder and substitute) and a delegate, all professionals of that partner."""
    body = Body.objects.create(alliance=world.alliance, name="Data working group",
                               kind="working_group", level="operational", chair_rule="fixed",
                               chair_person=world.founder, secretary=world.founder,
                               decision_rule=DecisionRule.MAJORITY)
    partners = [world.partner_a, world.partner_b]
    for _ in range(2):
        partners.append(Partner.objects.create(
            alliance=world.alliance, organisation=OrganisationFactory(),
            partner_type=PartnerType.CORE, status=PartnerStatus.ACTIVE,
            joined_at=timezone.now()))
    members: dict[int, list[Person]] = {}
    for partner in partners:
        people = [PersonFactory(organisation=partner.organisation) for _ in range(3)]
        for person in people:
            give_role(partner, person, Role.PROFESSIONAL)
        Seat.objects.create(body=body, partner=partner, holder=people[0], substitute=people[1])
        Delegate.objects.create(body=body, partner=partner, person=people[2],
                                named_by=world.founder)
        members[partner.pk] = people
    return body, members


def ballots_of(rng: random.Random, people: list[Person]) -> list[Ballot]:
    """100 ballots: 80 from random members (several per partner), and 20 of them sent again,
    each a little after its original."""
    ballots = [Ballot(rng.choice(people).pk, rng.choice(CHOICES))
               for _ in range(BALLOTS - RETRIES)]
    for original in sorted(rng.sample(range(len(ballots)), RETRIES), reverse=True):
        ballots.insert(original + rng.randint(1, 5), ballots[original])
    return ballots


def send_all(decision_pk: int, attempts: list[Attempt], serialise: bool) -> float:
    """Send every ballot from WORKERS threads at once, each with its own connection; the
    seconds it took."""
    work: queue.Queue[Attempt] = queue.Queue()
    for attempt in attempts:
        work.put(attempt)
    turn: AbstractContextManager[object] = threading.Lock() if serialise else nullcontext()
    start = time.monotonic()
    barrier = threading.Barrier(WORKERS)

    def worker() -> None:
        try:
            barrier.wait(timeout=30)
            while True:
                try:
                    attempt = work.get_nowait()
                except queue.Empty:
                    return
                try:
                    with turn:
                        attempt.outcome = services.vote_cast(
                            actor=Person.objects.get(pk=attempt.ballot.person_id),
                            decision=Decision.objects.get(pk=decision_pk),
                            choice=attempt.ballot.choice)
                except Exception as exc:  # the outcome is what the test inspects
                    attempt.outcome = exc
                attempt.finished = timezone.now()
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a worker did not finish"
    return time.monotonic() - start


def check_round(decision: Decision, attempts: list[Attempt], partner_of: dict[int, int]
                ) -> tuple[int, int, int]:
    """(counted, superseded, refused) of one round, after checking nothing was lost."""
    cast = [a for a in attempts if isinstance(a.outcome, Vote)]
    refused = [a for a in attempts if isinstance(a.outcome, Conflict)]
    others = [a.outcome for a in attempts if a not in cast and a not in refused]
    assert others == [], others  # no error of any other kind
    assert all(a.outcome.code == "deadline" for a in refused)
    # Refused only once the deadline had passed; nothing cast after it.
    assert all(a.finished is not None and a.finished > decision.deadline for a in refused)
    rows = {v.pk: v for v in Vote.objects.filter(decision=decision)}
    assert set(rows) == {a.outcome.pk for a in cast}
    assert all(v.cast_at <= decision.deadline for v in rows.values())
    current = [v for v in rows.values() if v.current]
    voted = {partner_of[a.ballot.person_id] for a in cast}
    assert sorted(v.partner_id for v in current) == sorted(voted)  # one per partner
    for vote in current:  # and it is the partner's latest
        latest = max((v for v in rows.values() if v.partner_id == vote.partner_id),
                     key=lambda v: (v.cast_at, v.pk))
        assert latest.pk == vote.pk
    assert len(rows) == len(current) + sum(1 for v in rows.values() if not v.current)
    assert len(cast) + len(refused) == len(attempts)
    assert JournalEntry.objects.filter(kind="VoteCast",
                                       subject_id=str(decision.pk)).count() == len(cast)
    # The tally counts exactly the current votes.
    closed = services.decision_close(actor=Person.objects.get(pk=decision.proposed_by_id),
                                     decision=decision)
    assert closed.status == DecisionStatus.CLOSED
    assert closed.tally is not None
    assert closed.tally["counted"] == len(current)
    assert closed.tally["standing"] == {
        rules.partner_unit(v.partner_id): {v.choice: 1} for v in current}
    return len(current), len(rows) - len(current), len(refused)


def run_rounds(world, *, serialise: bool) -> Figures:
    body, members = voting_body(world)
    partner_of = {p.pk: partner_id for partner_id, people in members.items() for p in people}
    people = [p for group in members.values() for p in group]
    rng = random.Random(20261129)
    figures = Figures()
    pace = FIRST_PACE
    began = time.monotonic()
    for n in range(ROUNDS):
        decision = services.decision_propose(
            actor=world.founder, body=body, title=f"Round {n}", proposal="Adopt it.",
            procedure="written", deadline=timezone.now() + dt.timedelta(days=1))
        attempts = [Attempt(b) for b in ballots_of(rng, people)]
        deadline = timezone.now() + dt.timedelta(seconds=BEFORE_DEADLINE * BALLOTS * pace)
        Decision.objects.filter(pk=decision.pk).update(deadline=deadline)
        took = send_all(decision.pk, attempts, serialise)
        wait = (deadline - timezone.now()).total_seconds()
        if wait > 0:
            time.sleep(wait + 0.01)
        counted, superseded, refused = check_round(
            Decision.objects.get(pk=decision.pk), attempts, partner_of)
        figures.ballots += len(attempts)
        figures.counted += counted
        figures.superseded += superseded
        figures.refused += refused
        figures.per_round.append((counted, superseded, refused))
        # The next deadline from this round's pace: a cast ballot costs more than a refused one.
        pace = took / max(1, BALLOTS - refused + refused // 4)
    figures.seconds = time.monotonic() - began
    assert journal_verify(alliance_id=world.alliance.pk).intact is True
    # Both sides of the deadline were exercised across the rounds.
    assert figures.counted > 0
    assert figures.superseded > 0
    assert figures.refused > 0
    assert figures.ballots == ROUNDS * BALLOTS
    assert figures.counted + figures.superseded + figures.refused == figures.ballots
    print(f"\n{connection.vendor}: {figures.ballots} ballots in {ROUNDS} rounds from "
          f"{len(people)} members of {len(members)} partners ({WORKERS} threads): "
          f"{figures.counted} counted, {figures.superseded} superseded, {figures.refused} "
          f"refused after the deadline, {figures.seconds:.1f} s")
    return figures


@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="needs concurrent writers with row locks (PostgreSQL)")
def test_concurrent_ballots_on_postgresql(world):
    run_rounds(world, serialise=False)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's serialised writers")
def test_concurrent_ballots_on_sqlite(world):
    run_rounds(world, serialise=True)
