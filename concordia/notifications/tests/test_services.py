"""Notifying, reading and choosing: once per event, the person's own only, the same choice
twice changes nothing. Personal writes: nothing is journaled."""

import pytest
from django.http import Http404

from concordia.alliances.choices import Level, Role
from concordia.core.errors import DomainError
from concordia.design import services as design_services
from concordia.design.choices import StatementKind
from concordia.journal.models import JournalEntry
from concordia.notifications import selectors, services
from concordia.notifications.choices import MailState, NotificationKind
from concordia.notifications.models import Notification, NotificationPreference
from concordia.testing.factories import PersonFactory, give_role

pytestmark = pytest.mark.django_db

KIND = NotificationKind.MINUTES_APPROVED  # by default in the daily digest


def tell(world, people, key="event-1", kind=KIND, alliance=None):
    return services.notify(people=people, alliance=alliance or world.alliance, kind=kind,
                           key=key, params={"meeting": "Tactical table"}, url="/somewhere")


def test_one_notification_per_person_per_event(world):
    first = tell(world, [world.founder, world.professional_a, world.founder])
    again = tell(world, [world.founder, world.professional_a])
    assert sorted(n.person_id for n in first) == sorted([world.founder.pk,
                                                         world.professional_a.pk])
    assert again == []
    assert Notification.objects.count() == 2


def test_inactive_people_are_not_told(world):
    assert tell(world, [world.deactivated]) == []
    assert Notification.objects.count() == 0


def test_the_persons_choice_decides_where_the_mail_starts(world):
    services.preferences_set(actor=world.founder, choices={KIND: "no_email"})
    services.preferences_set(actor=world.professional_a, choices={KIND: "immediately"})
    tell(world, [world.founder, world.professional_a, world.coordinator_b])
    states = dict(Notification.objects.values_list("person_id", "mail"))
    assert states == {world.founder.pk: MailState.NOT_SENT,
                      world.professional_a.pk: MailState.QUEUED,
                      world.coordinator_b.pk: MailState.PENDING}


def test_marking_read_is_idempotent_and_keeps_the_first_time(world):
    (notification,) = tell(world, [world.founder])
    notification = Notification.objects.get(person=world.founder)
    first = services.notification_mark_read(actor=world.founder, pk=notification.pk).read_at
    second = services.notification_mark_read(actor=world.founder, pk=notification.pk).read_at
    assert first is not None
    assert second == first


def test_another_persons_notification_is_404_and_stays_unread(world):
    tell(world, [world.founder])
    notification = Notification.objects.get(person=world.founder)
    with pytest.raises(Http404):
        services.notification_mark_read(actor=world.coordinator_b, pk=notification.pk)
    notification.refresh_from_db()
    assert notification.read_at is None


def test_notifications_of_an_alliance_left_behind_are_not_shown(world):
    # given the expired reviewer was told something in alliance A, where their role lapsed
    Notification.objects.create(person=world.expired_reviewer, alliance=world.alliance,
                                kind=KIND, key="k", url="/")
    # then they do not see it, cannot mark it, and "all read" leaves it alone
    assert list(selectors.notification_list(user=world.expired_reviewer)) == []
    with pytest.raises(Http404):
        services.notification_mark_read(actor=world.expired_reviewer,
                                        pk=Notification.objects.get().pk)
    assert services.notifications_mark_all_read(actor=world.expired_reviewer) == 0
    assert Notification.objects.get().read_at is None


def test_all_read_marks_only_the_persons_own_unread(world):
    tell(world, [world.founder, world.coordinator_b], key="a")
    tell(world, [world.founder], key="b")
    assert services.notifications_mark_all_read(actor=world.founder) == 2
    assert services.notifications_mark_all_read(actor=world.founder) == 0
    unread = Notification.objects.filter(read_at__isnull=True)
    assert list(unread.values_list("person_id", flat=True)) == [world.coordinator_b.pk]


def test_preferences_saved_twice_change_nothing_and_left_out_kinds_return_to_default(world):
    journal = JournalEntry.objects.count()
    chosen = {KIND: "immediately", NotificationKind.ACTION_OVERDUE: "no_email"}
    assert services.preferences_set(actor=world.founder, choices=chosen) == chosen
    rows = list(NotificationPreference.objects.order_by("pk").values_list("pk", "kind",
                                                                          "delivery"))
    assert services.preferences_set(actor=world.founder, choices=chosen) == chosen
    assert list(NotificationPreference.objects.order_by("pk").values_list(
        "pk", "kind", "delivery")) == rows
    # a kind left out goes back to its default
    assert services.preferences_set(actor=world.founder, choices={KIND: "immediately"}) == {
        KIND: "immediately"}
    applying = {kind: (delivery, own) for kind, delivery, own
                in selectors.preference_rows(user=world.founder)}
    assert applying[NotificationKind.ACTION_OVERDUE] == ("daily_digest", False)
    assert applying[KIND] == ("immediately", True)
    # personal: nothing in any alliance's journal
    assert JournalEntry.objects.count() == journal


def test_an_unknown_kind_is_refused_on_its_field(world):
    with pytest.raises(DomainError) as refused:
        services.preferences_set(actor=world.founder, choices={"nonsense": "no_email"})
    assert refused.value.field == "nonsense"
    assert NotificationPreference.objects.count() == 0


def test_a_new_objective_version_tells_every_active_partners_board_members(world):
    # given board members of partners A and B (and B's observer, who may not endorse)
    board_a = PersonFactory(organisation=world.founder.organisation, full_name="Board A")
    give_role(world.partner_a, board_a, Role.BOARD_MEMBER, Level.STRATEGIC)
    board_b = PersonFactory(organisation=world.coordinator_b.organisation, full_name="Board B")
    give_role(world.partner_b, board_b, Role.BOARD_MEMBER, Level.STRATEGIC)

    # when the key alliance manager drafts a new objective version
    version = design_services.statement_draft(
        actor=world.founder, alliance=world.alliance, kind=StatementKind.OBJECTIVE,
        text="Serve citizens once.", based_on=0)

    # then each board member is told once, keyed per version and partner
    rows = list(Notification.objects.order_by("person_id").values_list(
        "person_id", "kind", "key", "params", "url"))
    url = f"/alliances/{world.alliance.pk}/design/objective/"
    assert rows == [
        (board_a.pk, NotificationKind.ENDORSEMENT_WAITING,
         f"endorsement:{version.pk}:{world.partner_a.pk}",
         {"statement": "objective", "number": 1}, url),
        (board_b.pk, NotificationKind.ENDORSEMENT_WAITING,
         f"endorsement:{version.pk}:{world.partner_b.pk}",
         {"statement": "objective", "number": 1}, url),
    ]
    # and the next version tells them again
    design_services.statement_draft(actor=world.founder, alliance=world.alliance,
                                    kind=StatementKind.OBJECTIVE, text="v2", based_on=1)
    assert Notification.objects.count() == 4
