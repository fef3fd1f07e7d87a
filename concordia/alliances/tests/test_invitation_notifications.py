"""An invitation to a person who already has an account: they are told in the app (and by mail
as they chose), once; the notification is settled when the invitation is accepted or
withdrawn. An address nobody registered and confirmed tells nobody."""

import pytest
from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import translation

from concordia.alliances import services
from concordia.alliances.choices import Level, Role
from concordia.core.errors import Conflict
from concordia.notifications import mail as notification_mail
from concordia.notifications import selectors as notification_selectors
from concordia.notifications import services as notification_services
from concordia.notifications.choices import MailState, NotificationKind
from concordia.notifications.models import Notification
from concordia.testing.factories import PersonFactory

pytestmark = pytest.mark.django_db

KIND = NotificationKind.INVITATION_TO_ANSWER


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def newcomer():
    """Registered and confirmed, without organisation or any role yet."""
    return PersonFactory(organisation=None, email="newcomer@example.org")


def invite(world, email="newcomer@example.org", role=Role.PROFESSIONAL):
    return services.invitation_create(actor=world.founder, partner=world.partner_a, email=email,
                                      role=role, level=Level.OPERATIONAL, notify=False)


def test_a_registered_person_is_told_once_with_their_to_do_list_as_link(world, newcomer):
    invitation, _raw = invite(world, "  NewComer@Example.org ")

    (told,) = Notification.objects.all()
    assert (told.person_id, told.alliance_id, told.kind) == (newcomer.pk, world.alliance.pk,
                                                             KIND)
    assert told.key == f"invitation:{invitation.pk}"
    assert told.url == "/#todo-invitations"
    # shown to them although they have no role in the alliance yet
    assert list(notification_selectors.notification_list(user=newcomer)) == [told]
    # a retried request finds the open invitation (409) and tells nobody again; the same
    # event told twice makes no second notification (notify's key)
    with pytest.raises(Conflict):
        invite(world)
    services._tell_the_invited_person(invitation, alliance=world.alliance)
    assert Notification.objects.count() == 1


def test_an_unknown_unconfirmed_or_inactive_address_tells_nobody(world):
    unconfirmed = PersonFactory(organisation=None, email="unconfirmed@example.org")
    EmailAddress.objects.filter(user=unconfirmed).update(verified=False)
    PersonFactory(organisation=None, email="gone@example.org", is_active=False)

    for email in ("nobody@example.org", "unconfirmed@example.org", "gone@example.org"):
        invite(world, email)

    assert Notification.objects.count() == 0


def test_the_mail_follows_the_persons_choice(world, mailoutbox,
                                             django_capture_on_commit_callbacks):
    at_once = PersonFactory(organisation=None, email="at.once@example.org")
    digest = PersonFactory(organisation=None, email="digest@example.org")
    quiet = PersonFactory(organisation=None, email="quiet@example.org")
    notification_services.preferences_set(actor=at_once, choices={KIND: "immediately"})
    notification_services.preferences_set(actor=quiet, choices={KIND: "no_email"})

    with django_capture_on_commit_callbacks(execute=True):
        for person in (at_once, digest, quiet):
            invite(world, person.email)

    states = dict(Notification.objects.values_list("person_id", "mail"))
    # in the digest by default: the invitation mail itself goes out at once (not asked for
    # here), so the notification only reminds of it
    assert states == {at_once.pk: MailState.SENT, digest.pk: MailState.PENDING,
                      quiet.pk: MailState.NOT_SENT}
    assert [m.to for m in mailoutbox] == [["at.once@example.org"]]
    assert "An invitation waits for your answer." in mailoutbox[0].subject
    assert "/#todo-invitations" in mailoutbox[0].body
    # the digest goes out although they have no role in the alliance yet
    mailoutbox.clear()
    assert notification_mail.digest_send_all().mails == 1
    assert [m.to for m in mailoutbox] == [["digest@example.org"]]


def test_accepting_settles_the_notification_and_its_mail_waiting_for_the_digest(
        world, newcomer):
    notification_services.preferences_set(actor=newcomer, choices={KIND: "daily_digest"})
    _invitation, raw = invite(world)

    services.invitation_accept(actor=newcomer, raw_token=raw)

    told = Notification.objects.get()
    assert told.read_at is not None
    assert notification_selectors.notification_list(user=newcomer, unread_only=True).count() == 0
    report = notification_mail.digest_send_all()
    assert (report.mails, report.dropped) == (0, 1)


def test_withdrawing_settles_the_notification(world, newcomer):
    # given open invitations for the newcomer for partner A and for partner B
    for_a, _raw = invite(world)
    services.invitation_create(actor=world.coordinator_b, partner=world.partner_b,
                               email=newcomer.email, role=Role.OBSERVER,
                               level=Level.OPERATIONAL, notify=False)
    assert Notification.objects.filter(read_at__isnull=True).count() == 2

    # when partner B leaves (its invitations are withdrawn)
    services.partner_leave(actor=world.coordinator_b, partner=world.partner_b)

    # then only B's invitation is settled
    unread = Notification.objects.get(read_at__isnull=True)
    assert unread.key == f"invitation:{for_a.pk}"

    # and when the founder, who sent A's, may invite nobody any more, it is settled too
    with transaction.atomic():
        services.person_invitations_withdraw(actor=world.founder, person=world.founder)
    assert Notification.objects.filter(read_at__isnull=True).count() == 0
    assert Notification.objects.count() == 2
