"""The demo alliance's decisions: under different rules, taken through the services, and
loading twice changes nothing."""

import pytest

from concordia.decisions.choices import DecisionStatus, Outcome, Procedure
from concordia.decisions.models import Decision, Delegate, Vote
from concordia.demo.decisions import demo_decisions
from concordia.demo.meetings import demo_meetings
from concordia.demo.services import demo_load
from concordia.journal.models import JournalEntry
from concordia.journal.services import journal_verify

pytestmark = pytest.mark.django_db


def test_demo_decisions_cover_the_rules_and_are_idempotent() -> None:
    alliance, _logins = demo_load()
    demo_meetings(alliance)
    demo_decisions(alliance)
    journal = JournalEntry.objects.filter(alliance_id=alliance.pk).count()
    demo_decisions(alliance)
    assert JournalEntry.objects.filter(alliance_id=alliance.pk).count() == journal
    assert journal_verify(alliance_id=alliance.pk).intact

    decisions = {d.title: d for d in Decision.objects.filter(alliance=alliance)}
    plan = decisions["Adopt the annual alliance plan"]
    assert (plan.body.name, plan.procedure, plan.rule["carries"], plan.outcome) == (
        "Alliance board", Procedure.MEETING, "consensus", Outcome.CARRIED)
    assert plan.agenda_item is not None
    assert plan.follow_up_actions.exists()

    targets = decisions["Data quality targets for the chain"]
    assert (targets.rule["carries"], targets.rule["majority_basis"]) == ("majority", "weight")
    assert sorted(targets.rule["weights"].values()) == [2, 3]
    assert targets.outcome == Outcome.CARRIED  # for 2 + 2, against 1 + 1
    assert targets.tally["weight"]["for"] == 4
    assert Vote.objects.filter(decision=targets, current=True).exclude(shares={}).exists()

    calendar = decisions["Release calendar for next year"]
    assert (calendar.status, calendar.secret) == (DecisionStatus.OPEN, True)
    assert Vote.objects.filter(decision=calendar).count() == 1

    first = decisions["Definition of hours worked"]
    revised = decisions["Definition of hours worked (revised)"]
    assert (first.rule["carries"], first.outcome, first.tally["because"]) == (
        "consent", Outcome.REJECTED, "objection")
    assert Vote.objects.get(decision=first, choice="objection").reason
    assert (revised.refers_to, revised.outcome) == (first, Outcome.CARRIED)
    assert revised.follow_up_actions.exists()
    assert Delegate.objects.filter(body=targets.body, person__email__startswith="daan@").exists()
