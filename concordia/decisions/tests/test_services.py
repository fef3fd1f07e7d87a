"""The decisions services: proposing, voting (per partner, per seat, per person; split and
replaced votes; after the deadline), closing with the tally, withdrawing, delegates and
follow-ups; who may do each, and that a refusal changes nothing."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from concordia.actions.models import ActionItem
from concordia.alliances.choices import Role
from concordia.bodies.choices import DecisionRule, MajorityBasis, QuorumBasis, VotingUnit
from concordia.bodies.models import Body, Seat
from concordia.core.errors import Conflict, DomainError
from concordia.decisions import selectors, services
from concordia.decisions.choices import DecisionStatus, Outcome, Procedure
from concordia.decisions.models import Decision, Delegate, Vote
from concordia.journal.models import JournalEntry
from concordia.journal.services import journal_verify
from concordia.meetings.choices import AttendanceStatus
from concordia.meetings.models import Attendance
from concordia.notifications.choices import NotificationKind
from concordia.notifications.models import Notification
from concordia.testing.decisions import decisions_of, make_decision
from concordia.testing.factories import PersonFactory, give_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def dw(world):
    return decisions_of(SimpleNamespace(world=world))


def ahead(days: int = 7) -> dt.datetime:
    return timezone.now().replace(microsecond=0) + dt.timedelta(days=days)


def entries(kind: str) -> list[JournalEntry]:
    return list(JournalEntry.objects.filter(kind=kind).order_by("seq"))


def state() -> tuple:
    return (list(Decision.objects.order_by("pk").values_list("pk", "status", "version",
                                                             "outcome")),
            list(Vote.objects.order_by("pk").values_list("pk", "unit", "current", "choice")),
            list(Delegate.objects.order_by("pk").values_list("pk", "removed_at")),
            JournalEntry.objects.count())


def set_rule(body: Body, **fields) -> Body:
    Body.objects.filter(pk=body.pk).update(**fields)
    return Body.objects.get(pk=body.pk)


def propose(dw, world, **kwargs) -> Decision:
    values = {"actor": world.founder, "body": dw.mw.body, "title": "Adopt the standard",
              "proposal": "We adopt it.", "procedure": Procedure.WRITTEN, "deadline": ahead()}
    values.update(kwargs)
    return services.decision_propose(**values)


# --- proposing --------------------------------------------------------------------------------


def test_a_steering_person_puts_a_written_procedure_and_the_voters_are_told(dw, world):
    decision = propose(dw, world)
    assert (decision.number, decision.status, decision.procedure, decision.secret) == (
        4, DecisionStatus.OPEN, Procedure.WRITTEN, False)
    assert decision.rule == {"carries": "consensus", "voting_unit": "partner",
                             "majority_basis": "votes", "qualified": "2/3", "quorum": "0/1",
                             "quorum_basis": "voting", "weights": {}}
    assert decision.rule_version == dw.mw.body.version
    (entry,) = entries("DecisionProposed")
    assert entry.payload["number"] == 4
    assert entry.payload["title"] == "Adopt the standard"
    told = set(Notification.objects.filter(kind=NotificationKind.VOTE_WAITING)
               .values_list("person_id", flat=True))
    assert told == {world.professional_a.pk, world.coordinator_b.pk}


def test_a_meeting_decision_comes_from_a_decision_item_of_the_bodys_agenda(dw, world):
    decision = propose(dw, world, procedure=Procedure.MEETING, deadline=None,
                       agenda_item=dw.decision_item)
    assert (decision.meeting_id, decision.agenda_item_id) == (dw.mw.upcoming.pk,
                                                              dw.decision_item.pk)
    with pytest.raises(DomainError) as refused:
        propose(dw, world, title="Other", procedure=Procedure.MEETING, deadline=None,
                agenda_item=dw.mw.open_item)  # a discussion item
    assert refused.value.field == "agenda_item"
    with pytest.raises(DomainError) as refused:
        propose(dw, world, title="Other", procedure=Procedure.MEETING, deadline=None)
    assert refused.value.field == "agenda_item"


@pytest.mark.parametrize(("deadline", "field"), [(None, "deadline"), (-1, "deadline")])
def test_a_written_procedure_needs_a_deadline_ahead(dw, world, deadline, field):
    before = state()
    with pytest.raises(DomainError) as refused:
        propose(dw, world, deadline=None if deadline is None else ahead(deadline))
    assert refused.value.field == field
    assert state() == before


def test_a_secret_ballot_follows_the_body_unless_said(dw, world):
    set_rule(dw.mw.body, secret_ballot=True)
    body = Body.objects.get(pk=dw.mw.body.pk)
    assert propose(dw, world, body=body).secret is True
    assert propose(dw, world, body=body, title="Open one", secret=False).secret is False


@pytest.mark.parametrize("who", ["professional_a", "observer_b", "reviewer", "outsider"])
def test_who_is_neither_organiser_nor_steering_cannot_propose(dw, world, who):
    before = state()
    with pytest.raises(PermissionDenied):
        propose(dw, world, actor=getattr(world, who))
    assert state() == before


def test_a_proposal_refers_only_to_a_closed_decision_of_the_alliance(dw, world):
    with pytest.raises(DomainError) as refused:
        propose(dw, world, refers_to=dw.written)
    assert refused.value.field == "refers_to"
    with pytest.raises(DomainError):
        propose(dw, world, refers_to=dw.other_decision)
    reopened = propose(dw, world, refers_to=dw.closed)
    assert reopened.refers_to_id == dw.closed.pk


def test_the_same_proposal_twice_is_refused(dw, world):
    propose(dw, world)
    with pytest.raises(Conflict):
        propose(dw, world)


# --- voting per partner -----------------------------------------------------------------------


def second_member_of_a(dw, world):
    """A line manager of partner A, substitute on partner A's seat."""
    person = PersonFactory(organisation=world.founder.organisation, full_name="Line A")
    give_role(world.partner_a, person, Role.LINE_MANAGER)
    Seat.objects.filter(pk=dw.mw.seat_a.pk).update(substitute=person)
    return person


def test_a_partners_latest_vote_replaces_its_earlier_one(dw, world):
    substitute = second_member_of_a(dw, world)
    first = services.vote_cast(actor=world.professional_a, decision=dw.written, choice="for")
    second = services.vote_cast(actor=substitute, decision=dw.written, choice="against",
                                reason="Too soon.")
    assert first.unit == second.unit == f"partner:{world.partner_a.pk}"
    assert list(Vote.objects.filter(decision=dw.written).order_by("pk").values_list(
        "cast_by_id", "choice", "current")) == [(world.professional_a.pk, "for", False),
                                                (substitute.pk, "against", True)]
    payloads = [e.payload for e in entries("VoteCast")]
    assert [(p["choice"], p["replaced"], p["unit_name"]) for p in payloads] == [
        ("for", False, world.partner_a.organisation.name),
        ("against", True, world.partner_a.organisation.name)]


def test_a_delegate_votes_for_the_partner_that_named_them(dw, world):
    person = PersonFactory(organisation=world.founder.organisation, full_name="Delegate A")
    give_role(world.partner_a, person, Role.PROFESSIONAL)
    with pytest.raises(PermissionDenied):
        services.vote_cast(actor=person, decision=dw.written, choice="for")
    delegate = services.delegate_name(actor=world.founder, body=dw.mw.body,
                                      partner=world.partner_a, person=person)
    vote = services.vote_cast(actor=person, decision=dw.written, choice="for")
    assert vote.unit == f"partner:{world.partner_a.pk}"
    services.delegate_remove(actor=world.founder, delegate=delegate)
    with pytest.raises(PermissionDenied):
        services.vote_cast(actor=person, decision=dw.written, choice="against")
    assert [e.kind for e in JournalEntry.objects.filter(
        kind__in=["DelegateNamed", "DelegateRemoved"]).order_by("seq")] == [
        "DelegateNamed", "DelegateRemoved"]


def test_only_the_partners_own_steering_person_names_its_delegate(dw, world):
    person = PersonFactory(organisation=world.founder.organisation)
    give_role(world.partner_a, person, Role.PROFESSIONAL)
    before = state()
    for actor in (world.coordinator_b, world.professional_a, world.observer_b):
        with pytest.raises(PermissionDenied):
            services.delegate_name(actor=actor, body=dw.mw.body, partner=world.partner_a,
                                   person=person)
    with pytest.raises(DomainError) as refused:  # another partner's person
        services.delegate_name(actor=world.founder, body=dw.mw.body,
                               partner=world.partner_a, person=world.observer_b)
    assert refused.value.field == "person"
    assert state() == before


@pytest.mark.parametrize("who", ["observer_b", "reviewer", "founder", "outsider"])
def test_who_is_not_authorised_for_a_partner_does_not_vote(dw, world, who):
    before = state()
    with pytest.raises(PermissionDenied):
        services.vote_cast(actor=getattr(world, who), decision=dw.written, choice="for")
    assert state() == before


@pytest.mark.parametrize("who", ["observer_b", "reviewer", "founder", "outsider"])
def test_who_may_not_vote_hears_no_for_a_late_or_closed_decision_too(dw, world, who):
    # Access before state: the deadline and the decision's state are said only to a voter.
    Decision.objects.filter(pk=dw.written.pk).update(
        deadline=timezone.now() - dt.timedelta(seconds=1))
    before = state()
    for decision in (Decision.objects.get(pk=dw.written.pk), dw.closed):
        with pytest.raises(PermissionDenied):
            services.vote_cast(actor=getattr(world, who), decision=decision, choice="for")
    assert state() == before


def test_no_vote_is_taken_after_the_deadline_or_once_closed(dw, world):
    Decision.objects.filter(pk=dw.written.pk).update(
        deadline=timezone.now() - dt.timedelta(seconds=1))
    before = state()
    with pytest.raises(Conflict) as refused:
        services.vote_cast(actor=world.professional_a,
                           decision=Decision.objects.get(pk=dw.written.pk), choice="for")
    assert refused.value.code == "deadline"
    with pytest.raises(Conflict) as refused:  # closed, and past its deadline too
        services.vote_cast(actor=world.professional_a, decision=dw.closed, choice="for")
    assert refused.value.code == "deadline"
    Decision.objects.filter(pk=dw.closed.pk).update(deadline=ahead())
    with pytest.raises(Conflict) as refused:  # closed early, its deadline still ahead
        services.vote_cast(actor=world.professional_a,
                           decision=Decision.objects.get(pk=dw.closed.pk), choice="for")
    assert refused.value.code == "closed"
    assert state() == before


def test_an_objection_needs_its_reason_and_exists_only_under_consent_and_consensus(dw, world):
    with pytest.raises(DomainError) as refused:
        services.vote_cast(actor=world.professional_a, decision=dw.written, choice="objection")
    assert (refused.value.field, refused.value.code) == ("reason", "reason_required")
    set_rule(dw.mw.body, decision_rule=DecisionRule.MAJORITY)
    majority = propose(dw, world, body=Body.objects.get(pk=dw.mw.body.pk))
    with pytest.raises(DomainError) as refused:
        services.vote_cast(actor=world.professional_a, decision=majority, choice="objection",
                           reason="No.")
    assert (refused.value.field, refused.value.code) == ("choice", "objection_not_allowed")
    with pytest.raises(DomainError) as refused:
        services.vote_cast(actor=world.professional_a, decision=majority, choice="maybe")
    assert refused.value.field == "choice"


def test_a_partner_weighing_more_splits_its_vote(dw, world):
    body = set_rule(dw.mw.body, decision_rule=DecisionRule.MAJORITY,
                    majority_basis=MajorityBasis.WEIGHT, weights={str(world.partner_a.pk): 3})
    decision = propose(dw, world, body=body)
    with pytest.raises(DomainError) as refused:
        services.vote_cast(actor=world.professional_a, decision=decision,
                           shares={"for": 1, "against": 1})
    assert refused.value.code == "shares_not_weight"
    with pytest.raises(DomainError) as refused:
        services.vote_cast(actor=world.coordinator_b, decision=decision,
                           shares={"for": 1, "against": 0, "abstain": 1})
    assert refused.value.code in {"split_not_allowed", "shares_not_weight"}
    vote = services.vote_cast(actor=world.professional_a, decision=decision,
                              shares={"for": 2, "against": 1})
    assert (vote.choice, vote.shares) == ("", {"for": 2, "against": 1})
    services.vote_cast(actor=world.coordinator_b, decision=decision, choice="abstain")
    closed = services.decision_close(actor=world.founder, decision=decision)
    assert closed.outcome == Outcome.CARRIED  # by weight: 2 for, 1 against, 1 abstaining
    assert (closed.tally["weight"]["for"], closed.tally["weight"]["against"],
            closed.tally["weight"]["abstain"]) == (2, 1, 1)


# --- per seat, per person ---------------------------------------------------------------------


def test_per_seat_a_person_with_two_seats_says_which(dw, world):
    body = set_rule(dw.mw.body, voting_unit=VotingUnit.SEAT)
    seat_a2 = Seat.objects.create(body=body, partner=world.partner_a, position=2,
                                  holder=world.professional_a)
    decision = propose(dw, world, body=body)
    with pytest.raises(DomainError) as refused:
        services.vote_cast(actor=world.professional_a, decision=decision, choice="for")
    assert refused.value.field == "seat"
    one = services.vote_cast(actor=world.professional_a, decision=decision, choice="for",
                             seat=dw.mw.seat_a)
    two = services.vote_cast(actor=world.professional_a, decision=decision, choice="against",
                             seat=seat_a2)
    assert {one.unit, two.unit} == {f"seat:{dw.mw.seat_a.pk}", f"seat:{seat_a2.pk}"}
    assert Vote.objects.filter(decision=decision, current=True).count() == 2


def test_per_person_each_seat_holder_votes_once(dw, world):
    body = set_rule(dw.mw.body, voting_unit=VotingUnit.PERSON)
    Seat.objects.create(body=body, partner=world.partner_a, position=2,
                        holder=world.professional_a)
    decision = propose(dw, world, body=body)
    services.vote_cast(actor=world.professional_a, decision=decision, choice="for")
    services.vote_cast(actor=world.professional_a, decision=decision, choice="abstain")
    assert list(Vote.objects.filter(decision=decision, current=True).values_list(
        "unit", "choice")) == [(f"person:{world.professional_a.pk}", "abstain")]
    assert sorted(u.unit for u in selectors.eligible_units(decision)) == sorted(
        [f"person:{world.professional_a.pk}", f"person:{world.coordinator_b.pk}"])


# --- secret ballots ---------------------------------------------------------------------------


def test_a_secret_ballot_keeps_choices_out_of_the_journal_until_it_closes(dw, world):
    decision = propose(dw, world, secret=True)
    services.vote_cast(actor=world.professional_a, decision=decision, choice="objection",
                       reason="Our budget is gone.")
    services.vote_cast(actor=world.coordinator_b, decision=decision, choice="for")
    for entry in entries("VoteCast"):
        assert set(entry.payload) == {"number", "title", "body", "body_id", "unit",
                                      "unit_name", "replaced"}
        assert "budget" not in str(entry.payload)
    # Before closing each sees their own partner's vote only.
    assert [v.choice for v in selectors.visible_votes(world.professional_a, decision)] == [
        "objection"]
    assert [v.choice for v in selectors.visible_votes(world.coordinator_b, decision)] == [
        "for"]
    assert selectors.visible_votes(world.observer_b, decision) == []
    closed = services.decision_close(actor=world.founder, decision=decision)
    assert closed.outcome == Outcome.REJECTED
    (taken,) = entries("DecisionTaken")
    assert {(v["name"], v["choice"], v["reason"]) for v in taken.payload["votes"]} == {
        (world.partner_a.organisation.name, "objection", "Our budget is gone."),
        (world.partner_b.organisation.name, "for", "")}
    assert len(selectors.visible_votes(world.observer_b, closed)) == 2


# --- closing ----------------------------------------------------------------------------------


def test_a_written_procedure_closes_early_only_when_every_partner_voted(dw, world):
    before = state()
    with pytest.raises(Conflict) as refused:
        services.decision_close(actor=world.founder, decision=dw.written)
    assert refused.value.code == "too_early"
    assert state() == before
    services.vote_cast(actor=world.professional_a, decision=dw.written, choice="for")
    services.vote_cast(actor=world.coordinator_b, decision=dw.written, choice="abstain")
    closed = services.decision_close(actor=world.coordinator_b, decision=dw.written,
                                     expected_version=1)
    assert (closed.status, closed.outcome, closed.version) == (DecisionStatus.CLOSED,
                                                               Outcome.CARRIED, 2)
    assert closed.tally["eligible"] == 2
    assert closed.tally["labels"] == {
        f"partner:{world.partner_a.pk}": world.partner_a.organisation.name,
        f"partner:{world.partner_b.pk}": world.partner_b.organisation.name}
    (taken,) = entries("DecisionTaken")
    assert taken.payload["outcome"] == "carried"
    assert taken.payload["tally"]["eligible"] == 2
    told = set(Notification.objects.filter(kind=NotificationKind.DECISION_TAKEN)
               .values_list("person_id", flat=True))
    assert told == {world.founder.pk, world.coordinator_b.pk, world.professional_a.pk}
    with pytest.raises(Conflict):
        services.decision_close(actor=world.founder, decision=closed)


@pytest.mark.parametrize("who", ["professional_a", "observer_b", "outsider"])
def test_only_the_organisers_close(dw, world, who):
    Decision.objects.filter(pk=dw.written.pk).update(
        deadline=timezone.now() - dt.timedelta(seconds=1))
    before = state()
    with pytest.raises(PermissionDenied):
        services.decision_close(actor=getattr(world, who),
                                decision=Decision.objects.get(pk=dw.written.pk))
    assert state() == before


def test_a_stale_close_is_refused(dw, world):
    Decision.objects.filter(pk=dw.written.pk).update(
        deadline=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(Conflict) as refused:
        services.decision_close(actor=world.founder, decision=dw.written, expected_version=7)
    assert refused.value.code == "stale"


def test_votes_after_the_deadline_do_not_count_and_due_procedures_close_themselves(dw, world):
    services.vote_cast(actor=world.professional_a, decision=dw.written, choice="for")
    late = Vote.objects.create(decision=dw.written, unit=f"partner:{world.partner_b.pk}",
                               partner=world.partner_b, cast_by=world.coordinator_b,
                               choice="against", cast_at=ahead(8))
    Decision.objects.filter(pk=dw.due.pk).update(deadline=ahead(2))
    assert services.decisions_close_due(ahead(1)) == 0
    assert services.decisions_close_due(ahead(8)) == 3  # and #3, and alliance Z's
    assert services.decisions_close_due(ahead(9)) == 0
    closed = Decision.objects.get(pk=dw.written.pk)
    assert (closed.status, closed.outcome, closed.closed_by_id) == (
        DecisionStatus.CLOSED, Outcome.CARRIED, None)
    assert closed.tally["standing"] == {f"partner:{world.partner_a.pk}": {"for": 1}}
    taken = JournalEntry.objects.get(kind="DecisionTaken", alliance_id=world.alliance.pk,
                                     subject_id=str(dw.written.pk))
    assert taken.actor_label == "system"
    assert {(v["unit"], v["counted"]) for v in taken.payload["votes"]} == {
        (f"partner:{world.partner_a.pk}", True), (late.unit, False)}
    assert journal_verify(alliance_id=world.alliance.pk).intact is True


def test_a_meeting_decision_closes_once_the_meeting_began_with_a_quorum_of_those_present(
        dw, world):
    body = set_rule(dw.mw.body, quorum_percent=100, quorum_basis=QuorumBasis.PRESENT)
    decision = propose(dw, world, body=body, procedure=Procedure.MEETING, deadline=None,
                       agenda_item=dw.decision_item)
    services.vote_cast(actor=world.professional_a, decision=decision, choice="for")
    with pytest.raises(Conflict) as refused:
        services.decision_close(actor=world.founder, decision=decision)
    assert refused.value.code == "too_early"
    meeting = dw.mw.upcoming
    type(meeting).objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - dt.timedelta(minutes=5))
    Attendance.objects.create(meeting=meeting, seat=dw.mw.seat_a, holder=world.professional_a,
                              status=AttendanceStatus.PRESENT, recorded_by=world.founder)
    Attendance.objects.create(meeting=meeting, seat=dw.mw.seat_b, holder=world.coordinator_b,
                              status=AttendanceStatus.ABSENT, recorded_by=world.founder)
    closed = services.decision_close(actor=world.founder,
                                     decision=Decision.objects.get(pk=decision.pk))
    assert closed.outcome == Outcome.NO_QUORUM
    assert (closed.tally["quorum_needed"], closed.tally["quorum_base"]) == (2, 1)


# --- withdrawing, follow-ups ------------------------------------------------------------------


def test_a_proposal_is_withdrawn_by_its_proposer_or_an_organiser_while_open(dw, world):
    before = state()
    with pytest.raises(PermissionDenied):
        services.decision_withdraw(actor=world.professional_a, decision=dw.written,
                                   expected_version=1)
    assert state() == before
    withdrawn = services.decision_withdraw(actor=world.founder, decision=dw.written,
                                           expected_version=1)
    assert withdrawn.status == DecisionStatus.WITHDRAWN
    with pytest.raises(Conflict):
        services.vote_cast(actor=world.professional_a, decision=withdrawn, choice="for")
    with pytest.raises(Conflict):
        services.decision_withdraw(actor=world.founder, decision=withdrawn, expected_version=2)
    assert len(entries("DecisionWithdrawn")) == 1


def test_an_action_is_linked_as_follow_up_once(dw, world):
    services.follow_up_add(actor=world.coordinator_b, decision=dw.closed, action=dw.mw.action)
    assert list(dw.closed.follow_up_actions.values_list("pk", flat=True)) == [dw.mw.action.pk]
    with pytest.raises(Conflict):
        services.follow_up_add(actor=world.founder, decision=dw.closed, action=dw.mw.action)
    with pytest.raises(PermissionDenied):
        services.follow_up_add(actor=world.professional_a, decision=dw.closed,
                               action=dw.mw.action)
    other = ActionItem.objects.create(alliance=world.other_alliance, title="Z's",
                                      owner_person=world.outsider, created_by=world.outsider)
    with pytest.raises(DomainError) as refused:
        services.follow_up_add(actor=world.founder, decision=dw.closed, action=other)
    assert refused.value.field == "action"
    (entry,) = entries("FollowUpAdded")
    assert entry.payload["action"] == dw.mw.action.title


# --- reads ------------------------------------------------------------------------------------


def test_the_register_searches_and_filters(dw, world):
    numbers = lambda **kw: [d.number for d in selectors.register(  # noqa: E731
        world.observer_b, world.alliance, **kw)]
    assert numbers() == [3, 2, 1]
    assert numbers(q="utrecht") == [2]
    assert numbers(q="#1") == [1]
    assert numbers(outcome="carried") == [2]
    assert numbers(status="open") == [3, 1]
    assert numbers(body_id=dw.mw.other_body.pk) == []
    assert [d.number for d in selectors.register(world.outsider, world.other_alliance)] == [1]


def test_a_decision_out_of_a_confidential_item_is_for_the_bodys_members(dw, world):
    secret_item = make_decision(dw.mw.body, 9, "Staffing", proposed_by=world.founder,
                                procedure=Procedure.MEETING,
                                agenda_item=dw.mw.confidential_item, meeting=dw.mw.past)
    assert 9 in [d.number for d in selectors.register(world.professional_a, world.alliance)]
    assert 9 not in [d.number for d in selectors.register(world.observer_b, world.alliance)]
    with pytest.raises(Http404):
        selectors.decision_or_404(world.observer_b, world.alliance.pk, secret_item.pk)


def test_units_for_a_person_with_their_current_vote(dw, world):
    assert selectors.units_for(world.observer_b, dw.written) == []
    (row,) = selectors.units_for(world.professional_a, dw.written)
    assert (row.unit.unit, row.vote) == (f"partner:{world.partner_a.pk}", None)
    services.vote_cast(actor=world.professional_a, decision=dw.written, choice="for")
    (row,) = selectors.units_for(world.professional_a, dw.written)
    assert row.vote is not None
    assert row.vote.choice == "for"


def test_the_command_closes_due_procedures(dw, world):
    from io import StringIO  # noqa: PLC0415 — only this test prints

    from django.core.management import call_command  # noqa: PLC0415 — only this test

    Decision.objects.filter(pk=dw.written.pk).update(
        deadline=timezone.now() - dt.timedelta(seconds=1))
    out = StringIO()
    call_command("decisions_close_due", stdout=out)
    assert out.getvalue().strip() == "2 decision(s) closed"  # and #3, due an hour ago
    assert Decision.objects.get(pk=dw.written.pk).status == DecisionStatus.CLOSED
