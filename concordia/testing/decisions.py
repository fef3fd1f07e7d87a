"""Decisions in alliance A of the shared world, for tests (made with the ORM on top of the
meetings world, so every decisions test starts from the same place whichever services exist).

- The tactical table (meetings world) votes per partner under consensus: partner A's seat is
  held by professional_a, partner B's by coordinator_b; organisers founder (secretary) and
  coordinator_b (fixed chair).
- ``decision_item``: a decision item on the agenda of the upcoming meeting.
- ``written``: #1, an open written procedure with a deadline a week ahead, not secret.
- ``closed``: #2, a closed written procedure (carried).
- ``due``: #3, an open written procedure whose deadline passed an hour ago (to be closed).
- ``delegate``: coordinator_b, named partner B's delegate in the tactical table.
- ``other_decision``: a decision of alliance Z's board, out of everyone's reach in A.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from concordia.decisions import rules
from concordia.decisions.choices import DecisionStatus, Outcome, Procedure
from concordia.decisions.models import Decision, Delegate
from concordia.meetings.choices import ItemKind, ItemStatus
from concordia.meetings.models import AgendaItem

from .factories import World
from .meetings import MeetingsWorld, meetings_of


@dataclass
class DecisionsWorld:
    mw: MeetingsWorld
    decision_item: AgendaItem
    written: Decision
    closed: Decision
    due: Decision
    delegate: Delegate
    other_decision: Decision


def rule_dict(body: Any) -> dict[str, Any]:
    return {**rules.rule_of(body).as_dict(), "weights": dict(body.weights or {})}


def make_decision(body: Any, number: int, title: str, *, proposed_by: Any,
                  procedure: str = Procedure.WRITTEN, deadline: dt.datetime | None = None,
                  secret: bool = False, **extra: Any) -> Decision:
    if procedure == Procedure.WRITTEN and deadline is None:
        deadline = timezone.now().replace(microsecond=0) + dt.timedelta(days=7)
    return Decision.objects.create(
        alliance=body.alliance, body=body, number=number, title=title,
        proposal=f"We propose: {title.lower()}.", procedure=procedure, deadline=deadline,
        secret=secret, rule=rule_dict(body), rule_version=body.version,
        proposed_by=proposed_by, **extra)


def build_decisions(world: World, mw: MeetingsWorld) -> DecisionsWorld:
    decision_item = AgendaItem.objects.create(
        meeting=mw.upcoming, position=2, title="Adopt the data standard",
        kind=ItemKind.DECISION, status=ItemStatus.ON_AGENDA, proposed_by=world.founder)
    written = make_decision(mw.body, 1, "Share the delivery figures monthly",
                            proposed_by=world.founder)
    closed = make_decision(
        mw.body, 2, "Meet in Utrecht", proposed_by=world.founder,
        deadline=timezone.now().replace(microsecond=0) - dt.timedelta(days=1),
        status=DecisionStatus.CLOSED, outcome=Outcome.CARRIED,
        closed_at=timezone.now(), tally={"outcome": "carried"})
    due = make_decision(mw.body, 3, "Publish the chain map", proposed_by=world.founder,
                        deadline=timezone.now().replace(microsecond=0) - dt.timedelta(hours=1))
    delegate = Delegate.objects.create(body=mw.body, partner=world.partner_b,
                                       person=world.coordinator_b, named_by=world.coordinator_b)
    other_decision = make_decision(mw.other_body, 1, "Board Z's own plan",
                                   proposed_by=world.outsider)
    return DecisionsWorld(mw, decision_item, written, closed, due, delegate, other_decision)


def decisions_of(ctx: Any) -> DecisionsWorld:
    """The decisions world of an access-matrix context (or any object with a ``world``), made
    once per context."""
    cached: DecisionsWorld | None = ctx.__dict__.get("_decisions_world")
    if cached is None:
        cached = build_decisions(ctx.world, meetings_of(ctx))
        ctx.__dict__["_decisions_world"] = cached
    return cached
