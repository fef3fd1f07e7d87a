"""Action services: who gives, changes and closes actions; journal entries; notifications;
refusals that change nothing; repeated submissions that do not duplicate; overdue notices."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone

from concordia.accounts.models import Person
from concordia.actions import services
from concordia.actions.choices import ActionStatus
from concordia.actions.models import ActionItem
from concordia.alliances.models import Partner
from concordia.core.errors import Conflict, DomainError
from concordia.journal.models import JournalEntry
from concordia.meetings.models import AgendaItem
from concordia.notifications.models import Notification
from concordia.testing.meetings import MeetingsWorld, build_meetings

pytestmark = pytest.mark.django_db


@pytest.fixture
def mw(world) -> MeetingsWorld:
    return build_meetings(world)


def fresh(person: Person) -> Person:
    return Person.objects.get(pk=person.pk)


def head(world) -> int:
    return JournalEntry.objects.filter(alliance=world.alliance).count()


def entries(world, since: int) -> list[tuple[str, dict]]:
    return list(JournalEntry.objects.filter(alliance=world.alliance, seq__gt=since)
                .order_by("seq").values_list("kind", "payload"))


def state():
    return (list(ActionItem.objects.order_by("pk").values_list(
                "pk", "title", "status", "version", "owner_person_id", "owner_partner_id",
                "due_on")),
            JournalEntry.objects.count(), Notification.objects.count())


def test_an_organiser_gives_an_action_from_an_agenda_item(world, mw) -> None:
    seq = head(world)
    due = timezone.localdate() + dt.timedelta(days=14)
    action = services.action_create(
        actor=fresh(world.coordinator_b), alliance=world.alliance, title=" Draft the plan ",
        owner_person=world.professional_a, due_on=due, block="board", pillar="trust",
        agenda_item=mw.open_item)
    assert (action.title, action.body_id, action.created_by_id) == (
        "Draft the plan", mw.body.pk, world.coordinator_b.pk)
    assert entries(world, seq) == [("ActionAssigned", {
        "title": "Draft the plan", "owner": str(world.professional_a),
        "due_on": due.isoformat(), "body": "Tactical table"})]
    told = Notification.objects.get(kind="action_assigned")
    assert told.person_id == world.professional_a.pk
    before = state()
    with pytest.raises(Conflict):  # the same submission again
        services.action_create(
            actor=fresh(world.coordinator_b), alliance=world.alliance, title="Draft the plan",
            owner_person=world.professional_a, due_on=due, agenda_item=mw.open_item)
    assert state() == before


def test_an_action_of_a_partner_tells_its_coordinator(world, mw) -> None:
    services.action_create(actor=fresh(world.founder), alliance=world.alliance,
                           title="Name a data steward", owner_partner=world.partner_b)
    assert list(Notification.objects.filter(kind="action_assigned").values_list(
        "person_id", flat=True)) == [world.coordinator_b.pk]


@pytest.mark.parametrize("owner", ["both", "none", "outsider", "other_partner"])
def test_one_owner_of_the_alliance(world, mw, owner) -> None:
    kwargs = {
        "both": {"owner_person": world.professional_a, "owner_partner": world.partner_a},
        "none": {},
        "outsider": {"owner_person": world.outsider},
        "other_partner": {"owner_partner": Partner.objects.get(alliance=world.other_alliance)},
    }[owner]
    before = state()
    with pytest.raises(DomainError) as refused:
        services.action_create(actor=fresh(world.founder), alliance=world.alliance,
                               title="Something", **kwargs)
    assert refused.value.field == "owner"
    assert state() == before


@pytest.mark.parametrize("who", ["professional_a", "observer_b", "reviewer"])
def test_who_may_not_give_actions(world, mw, who) -> None:
    before = state()
    with pytest.raises(PermissionDenied):
        services.action_create(actor=fresh(getattr(world, who)), alliance=world.alliance,
                               title="Mine", owner_person=world.professional_a)
    with pytest.raises(PermissionDenied):
        services.action_create(actor=fresh(getattr(world, who)), alliance=world.alliance,
                               title="Mine", owner_person=world.professional_a,
                               agenda_item=mw.open_item)
    assert state() == before


def test_an_item_of_another_alliance_is_refused(world, mw) -> None:
    foreign = AgendaItem.objects.create(meeting=mw.other_meeting, title="Z's", status="on_agenda",
                                        proposed_by=world.outsider)
    with pytest.raises(DomainError):
        services.action_create(actor=fresh(world.founder), alliance=world.alliance, title="x",
                               owner_person=world.professional_a, agenda_item=foreign)


@pytest.mark.parametrize("who", ["professional_a", "founder", "coordinator_b"])
def test_owner_creator_and_organisers_change_an_action(world, mw, who) -> None:
    seq = head(world)
    due = timezone.localdate() + dt.timedelta(days=30)
    action = services.action_update(
        actor=fresh(getattr(world, who)), action=mw.action, expected_version=1,
        title="Send the figures", owner_person=world.professional_a, due_on=due)
    assert action.version == 2
    assert entries(world, seq) == [("ActionChanged", {
        "title": "Send the figures", "owner": str(world.professional_a),
        "due_on": due.isoformat(), "changed": ["due_on"]})]
    before = state()
    with pytest.raises(Conflict):  # stale: the same submission again
        services.action_update(actor=fresh(getattr(world, who)), action=mw.action,
                               expected_version=1, title="Send the figures",
                               owner_person=world.professional_a, due_on=due)
    assert state() == before


@pytest.mark.parametrize("who", ["observer_b", "reviewer", "outsider"])
def test_others_change_nothing(world, mw, who) -> None:
    before = state()
    with pytest.raises(PermissionDenied):
        services.action_update(actor=fresh(getattr(world, who)), action=mw.action,
                               expected_version=1, title="Hijacked",
                               owner_person=world.professional_a)
    with pytest.raises(PermissionDenied):
        services.action_close(actor=fresh(getattr(world, who)), action=mw.action,
                              status=ActionStatus.DONE, expected_version=1)
    assert state() == before


def test_a_new_owner_is_told(world, mw) -> None:
    services.action_update(actor=fresh(world.founder), action=mw.action, expected_version=1,
                           title="Send the figures", owner_partner=world.partner_b)
    assert list(Notification.objects.filter(kind="action_assigned").values_list(
        "person_id", flat=True)) == [world.coordinator_b.pk]


def test_closing_and_closed_is_read_only(world, mw) -> None:
    seq = head(world)
    action = services.action_close(actor=fresh(world.professional_a), action=mw.action,
                                   status=ActionStatus.DONE, expected_version=1)
    assert (action.status, action.version) == (ActionStatus.DONE, 2)
    assert action.closed_at is not None
    assert entries(world, seq) == [("ActionClosed", {
        "title": "Send the figures", "owner": str(world.professional_a),
        "due_on": mw.action.due_on.isoformat(), "status": "done"})]
    before = state()
    with pytest.raises(Conflict):
        services.action_close(actor=fresh(world.professional_a), action=mw.action,
                              status=ActionStatus.DROPPED, expected_version=2)
    with pytest.raises(Conflict):
        services.action_update(actor=fresh(world.founder), action=mw.action,
                               expected_version=2, title="Again",
                               owner_person=world.professional_a)
    assert state() == before


def test_closing_as_open_is_refused(world, mw) -> None:
    with pytest.raises(DomainError):
        services.action_close(actor=fresh(world.founder), action=mw.action,
                              status=ActionStatus.OPEN, expected_version=1)


def test_overdue_actions_are_told_once_per_due_date(world, mw) -> None:
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    ActionItem.objects.filter(pk=mw.action.pk).update(due_on=yesterday)
    partner_action = services.action_create(
        actor=fresh(world.founder), alliance=world.alliance, title="Partner B's part",
        owner_partner=world.partner_b, due_on=yesterday)
    ActionItem.objects.create(alliance=world.alliance, title="Closed", status="done",
                              owner_person=world.professional_a, due_on=yesterday,
                              created_by=world.founder)
    assert services.actions_overdue_notify() == 2
    assert services.actions_overdue_notify() == 0  # run twice: nobody told twice
    told = set(Notification.objects.filter(kind="action_overdue").values_list(
        "person_id", "key"))
    assert told == {(world.professional_a.pk, f"action-overdue:{mw.action.pk}:{yesterday}"),
                    (world.coordinator_b.pk, f"action-overdue:{partner_action.pk}:{yesterday}")}
    # a new due date that passes tells again
    ActionItem.objects.filter(pk=mw.action.pk).update(
        due_on=timezone.localdate() - dt.timedelta(days=2))
    assert services.actions_overdue_notify() == 1


def test_the_command_runs_the_same(world, mw) -> None:
    ActionItem.objects.filter(pk=mw.action.pk).update(
        due_on=timezone.localdate() - dt.timedelta(days=3))
    call_command("actions_overdue")
    assert Notification.objects.filter(kind="action_overdue").count() == 1
