"""What waits for whom: endorsements, minutes to review, actions, meetings this week and
invitations, each only in alliances the person has a live role in."""

import datetime as dt

import pytest
from django.utils import timezone

from concordia.actions.models import ActionItem
from concordia.alliances import services as alliance_services
from concordia.alliances.choices import Level, Role
from concordia.alliances.models import Membership
from concordia.design import services as design_services
from concordia.design.choices import StatementKind
from concordia.meetings.choices import MeetingStatus
from concordia.reports import services as report_services
from concordia.reviews import services as review_services
from concordia.testing.factories import PersonFactory, give_role
from concordia.testing.meetings import build_meetings
from concordia.testing.reports import reports_of
from concordia.testing.reviews import build_reviews, fresh, open_review
from concordia.todo import selectors

pytestmark = pytest.mark.django_db


class W:
    def __init__(self, world):
        self.world = world


def board_member(world, partner, name):
    person = PersonFactory(organisation=partner.organisation, full_name=name)
    give_role(partner, person, Role.BOARD_MEMBER, Level.STRATEGIC)
    return person


def test_versions_wait_for_the_board_members_whose_partner_has_not_endorsed(world):
    board_a = board_member(world, world.partner_a, "Board A")
    board_b = board_member(world, world.partner_b, "Board B")
    objective = design_services.statement_draft(
        actor=world.founder, alliance=world.alliance, kind=StatementKind.OBJECTIVE,
        text="Once.", based_on=0)
    values = design_services.statement_draft(
        actor=world.founder, alliance=world.alliance, kind=StatementKind.VALUES,
        text="Share.", based_on=0)
    assert list(selectors.endorsements_waiting(user=board_a)) == [objective, values]

    # partner A endorses the objective: it no longer waits for A, still for B
    design_services.statement_endorse(actor=board_a, version=objective)
    assert list(selectors.endorsements_waiting(user=board_a)) == [values]
    assert list(selectors.endorsements_waiting(user=board_b)) == [objective, values]

    # a new version replaces the old one on everyone's list
    newer = design_services.statement_draft(
        actor=world.founder, alliance=world.alliance, kind=StatementKind.OBJECTIVE,
        text="Once, v2.", based_on=1)
    assert list(selectors.endorsements_waiting(user=board_a)) == [newer, values]
    # those who may not endorse see nothing to endorse
    for person in (world.founder, world.professional_a, world.observer_b, world.outsider):
        assert list(selectors.endorsements_waiting(user=person)) == []


def test_minutes_wait_for_those_present_while_corrections_are_open(world):
    m = build_meetings(world)
    assert list(selectors.minutes_to_review(user=world.professional_a)) == [m.minutes]
    assert list(selectors.minutes_to_review(user=world.coordinator_b)) == [m.minutes]
    # the secretary was not in a seat; the others were not there
    for person in (world.founder, world.observer_b, world.outsider):
        assert list(selectors.minutes_to_review(user=person)) == []
    # after the period, nothing to review
    later = timezone.localdate() + dt.timedelta(days=8)
    assert list(selectors.minutes_to_review(user=world.professional_a, today=later)) == []


def test_actions_of_the_person_and_of_their_partner_overdue_first(world):
    m = build_meetings(world)
    overdue = ActionItem.objects.create(
        alliance=world.alliance, title="Partner's overdue", owner_partner=world.partner_a,
        due_on=timezone.localdate() - dt.timedelta(days=3), created_by=world.founder)
    ActionItem.objects.create(alliance=world.alliance, title="Done already", status="done",
                              owner_person=world.professional_a, created_by=world.founder)
    assert list(selectors.actions_open(user=world.professional_a)) == [overdue, m.action]
    # the founder works for partner A too; partner B's people do not see A's actions
    assert list(selectors.actions_open(user=world.founder)) == [overdue]
    assert list(selectors.actions_open(user=world.coordinator_b)) == []
    assert list(selectors.actions_open(user=world.outsider)) == []


def test_meetings_this_week_of_bodies_where_the_person_sits(world):
    m = build_meetings(world)
    soon = m.upcoming
    soon.starts_at = timezone.now() + dt.timedelta(days=2)
    soon.save(update_fields=["starts_at"])
    for person in (world.professional_a, world.coordinator_b, world.founder):  # seat, chair,
        assert list(selectors.meetings_this_week(user=person)) == [soon]  # secretary
    assert list(selectors.meetings_this_week(user=world.observer_b)) == []
    # alliance Z's board meeting is the outsider's
    assert list(selectors.meetings_this_week(user=world.outsider)) == [m.other_meeting]
    # a cancelled meeting is off the list
    soon.status = MeetingStatus.CANCELLED
    soon.save(update_fields=["status"])
    assert list(selectors.meetings_this_week(user=world.professional_a)) == []


def test_a_lapsed_role_takes_everything_off_the_list(world):
    m = build_meetings(world)
    Membership.objects.filter(person=world.professional_a).update(
        ends_on=timezone.localdate() - dt.timedelta(days=1))
    assert list(selectors.minutes_to_review(user=world.professional_a)) == []
    assert list(selectors.actions_open(user=world.professional_a)) == []
    assert list(selectors.meetings_this_week(user=world.professional_a)) == []
    assert m.action.pk


def test_invitations_for_the_person_and_for_their_organisation(world):
    invitation, _raw = alliance_services.invitation_create(
        actor=world.founder, partner=world.partner_a, email=world.professional_a.email.upper(),
        role=Role.BOARD_MEMBER, level=Level.STRATEGIC, notify=False)
    assert list(selectors.invitations_for_me(user=world.professional_a)) == [invitation]
    assert list(selectors.invitations_for_me(user=world.founder)) == []
    pending = alliance_services.partner_invite(
        actor=world.founder, alliance=world.alliance, organisation=world.stranger.organisation,
        partner_type="ecosystem")
    assert list(selectors.partner_invitations(user=world.stranger)) == [pending]
    counts = selectors.todo_counts(user=world.stranger)
    assert counts["invitations"] == 1
    assert counts["total"] == 1


def test_the_counts_match_the_lists(world):
    build_meetings(world)
    board_member(world, world.partner_a, "Board A")
    counts = selectors.todo_counts(user=world.professional_a)
    todo = selectors.todo_get(user=world.professional_a)
    assert counts == {"unread": 0, "endorsements": len(todo.endorsements),
                      "decisions": len(todo.decisions), "signatures": len(todo.signatures),
                      "sections": len(todo.sections),
                      "bottlenecks": len(todo.bottlenecks),
                      "recommendations": len(todo.recommendations),
                      "minutes": len(todo.minutes),
                      "actions": len(todo.actions), "meetings": len(todo.meetings),
                      "invitations": 0,
                      "total": len(todo.minutes) + len(todo.actions) + len(todo.meetings)}
    assert (counts["minutes"], counts["actions"]) == (1, 1)


def test_a_section_not_submitted_waits_for_its_partners_steering_people_until_approval(world):
    rw = reports_of(W(world))
    # Partner A's section of last quarter's report is a draft: the founder (key alliance
    # manager of partner A) submits it; partner B's is in. The ready report has both.
    assert list(selectors.sections_to_write(user=world.founder)) == [rw.report]
    assert selectors.sections_to_write(user=world.founder)[0].section_partner_id == \
        world.partner_a.pk
    assert list(selectors.sections_to_write(user=world.coordinator_b)) == []
    assert list(selectors.sections_to_write(user=world.professional_a)) == []  # reads only
    assert selectors.todo_counts(user=world.founder)["sections"] == 1
    ready_b = rw.ready.sections.get(partner=world.partner_b)
    report_services.section_withdraw(actor=fresh(world.coordinator_b), report=rw.ready,
                                     partner=world.partner_b,
                                     expected_version=ready_b.version)
    assert list(selectors.sections_to_write(user=world.coordinator_b)) == [rw.ready]
    section_a = rw.report.sections.get(partner=world.partner_a)
    report_services.section_submit(actor=fresh(world.founder), report=rw.report,
                                   partner=world.partner_a, expected_version=section_a.version)
    assert list(selectors.sections_to_write(user=world.founder)) == []
    # alliance Z's report waits for its own key alliance manager only
    assert list(selectors.sections_to_write(user=world.outsider)) == [rw.foreign]
    Membership.objects.filter(person=world.coordinator_b).update(
        ends_on=timezone.localdate() - dt.timedelta(days=1))
    assert list(selectors.sections_to_write(user=world.coordinator_b)) == []


def test_a_submitted_reviews_recommendations_wait_for_whoever_answers_for_the_board(
        world, django_assert_num_queries):
    rw = build_reviews(world)
    board_b = board_member(world, world.partner_b, "Board B")
    # Only the submitted review's pending recommendation: the open review's is still the
    # reviewers' to change.
    assert list(selectors.recommendations_waiting(user=board_b)) == [rw.pending]
    assert list(selectors.recommendations_waiting(user=world.founder)) == [rw.pending]
    for nobody in (world.professional_a, world.reviewer, world.outsider):
        assert list(selectors.recommendations_waiting(user=nobody)) == []
    assert selectors.todo_counts(user=board_b)["recommendations"] == 1
    # Counting stays one query for the sections however many recommendations wait.
    review = open_review(world.founder, world.alliance, "Second review")
    for n in range(5):
        review_services.finding_record(actor=fresh(world.reviewer), review=review,
                                       kind="recommendation", pillar="trust", text=f"Do {n}.")
    review_services.review_submit(actor=fresh(world.founder), review=review)
    board_b = fresh(board_b)
    with django_assert_num_queries(2):  # unread notifications, then the sections
        counts = selectors.todo_counts(user=board_b)
    assert counts["recommendations"] == 6
    review_services.recommendation_decline(actor=fresh(world.founder), finding=rw.pending,
                                           reason="Done already.")
    assert selectors.todo_counts(user=fresh(board_b))["recommendations"] == 5
