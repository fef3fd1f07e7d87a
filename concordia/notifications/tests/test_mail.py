"""Notification mail: at once (retried, in the person's language, the alliance in the subject,
a link on SITE_URL) and the daily digest (one per person, grouped per alliance, never empty,
safe to run twice)."""

import smtplib
from io import StringIO
from typing import Any, ClassVar

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.management import call_command
from django.test import override_settings

from concordia.notifications import mail as notification_mail
from concordia.notifications import services
from concordia.notifications.choices import MailState, NotificationKind
from concordia.notifications.models import Notification
from concordia.testing.factories import make_alliance

pytestmark = pytest.mark.django_db

SITE = "https://concordia.example.org"
AT_ONCE = NotificationKind.ACTION_ASSIGNED  # immediately by default
DIGEST = NotificationKind.MINUTES_APPROVED  # daily digest by default


class FlakySmtp(LocmemBackend):
    """A mail server that refuses the first `failures` messages, then accepts."""

    failures: ClassVar[int] = 0
    tries: ClassVar[int] = 0

    def send_messages(self, messages: Any) -> int:
        type(self).tries += 1
        if type(self).tries <= type(self).failures:
            raise smtplib.SMTPServerDisconnected("the test's server hung up")
        return super().send_messages(messages)


@pytest.fixture
def flaky_smtp():
    FlakySmtp.tries = 0
    with override_settings(EMAIL_BACKEND=f"{__name__}.FlakySmtp", MAIL_ATTEMPTS=3):
        yield FlakySmtp


@pytest.fixture(autouse=True)
def _site():
    with override_settings(SITE_URL=SITE + "/"):
        yield


def tell(world, people, *, kind, key, alliance=None, capture=None, **params):
    def run():
        return services.notify(people=people, alliance=alliance or world.alliance, kind=kind,
                               key=key, params=params or {"action": "Send the figures",
                                                          "meeting": "Tactical table"},
                               url=f"/alliances/{(alliance or world.alliance).pk}/x")
    if capture is None:
        return run()
    with capture(execute=True):
        return run()


def test_immediate_mail_in_the_persons_language_with_alliance_and_link(
        world, django_capture_on_commit_callbacks):
    world.professional_a.language = "nl"
    world.professional_a.save(update_fields=["language"])
    tell(world, [world.founder, world.professional_a], kind=AT_ONCE, key="a1",
         capture=django_capture_on_commit_callbacks)

    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {world.founder.email, world.professional_a.email}
    english = by_address[world.founder.email]
    assert english.subject == "[Alliance A] Action for you: Send the figures."
    assert f"{SITE}/alliances/{world.alliance.pk}/x" in english.body
    assert f"{SITE}/notifications/preferences" in english.body
    dutch = by_address[world.professional_a.email]
    assert dutch.subject == "[Alliance A] Actie voor jou: Send the figures."
    assert set(Notification.objects.values_list("mail", flat=True)) == {MailState.SENT}


def test_a_failing_server_is_retried_then_the_mail_goes_out_once(
        world, django_capture_on_commit_callbacks, flaky_smtp):
    flaky_smtp.failures = 2
    tell(world, [world.founder], kind=AT_ONCE, key="a2",
         capture=django_capture_on_commit_callbacks)
    assert flaky_smtp.tries == 3
    assert len(mail.outbox) == 1
    assert Notification.objects.get().mail == MailState.SENT


def test_a_mail_that_fails_for_good_is_recorded_and_stays_in_the_app(
        world, django_capture_on_commit_callbacks, flaky_smtp):
    flaky_smtp.failures = 99
    tell(world, [world.founder], kind=AT_ONCE, key="a3",
         capture=django_capture_on_commit_callbacks)
    assert flaky_smtp.tries == 3
    assert mail.outbox == []
    notification = Notification.objects.get()
    assert (notification.mail, notification.read_at) == (MailState.FAILED, None)


def test_the_task_run_twice_sends_once(world, django_capture_on_commit_callbacks):
    tell(world, [world.founder], kind=AT_ONCE, key="a4",
         capture=django_capture_on_commit_callbacks)
    notification_mail.send_immediate.call(key="a4", person_ids=[world.founder.pk])
    assert len(mail.outbox) == 1


def test_digest_one_mail_per_person_grouped_per_alliance(world):
    # given the founder has two waiting notifications in A and one in an alliance of their own
    own = make_alliance(world.founder, "Bravo Alliance")
    tell(world, [world.founder, world.coordinator_b], kind=DIGEST, key="d1")
    tell(world, [world.founder], kind=DIGEST, key="d2", meeting="Board")
    tell(world, [world.founder], kind=DIGEST, key="d3", alliance=own, meeting="Kick-off")

    report = notification_mail.digest_send_all()

    assert (report.mails, report.notifications, report.failed) == (2, 4, 0)
    by_address = {m.to[0]: m for m in mail.outbox}
    founders = by_address[world.founder.email]
    assert founders.subject == "Concordia: 3 notifications"
    body = founders.body
    assert body.index("Alliance A\n==========") < body.index("Bravo Alliance\n")
    assert body.index("The minutes of Tactical table are approved.") < body.index(
        "The minutes of Board are approved.") < body.index(
        "The minutes of Kick-off are approved.")
    assert f"{SITE}/alliances/{own.pk}/x" in body
    assert by_address[world.coordinator_b.email].subject == "Concordia: 1 notification"
    assert set(Notification.objects.values_list("mail", flat=True)) == {MailState.SENT}


def test_the_digest_run_twice_sends_nothing_the_second_time(world):
    tell(world, [world.founder], kind=DIGEST, key="d1")
    notification_mail.digest_send_all()
    assert len(mail.outbox) == 1
    report = notification_mail.digest_send_all()
    assert (report.mails, report.notifications) == (0, 0)
    assert len(mail.outbox) == 1


def test_no_digest_is_sent_empty(world):
    # given only notifications that no longer go out: read, or of a lapsed role
    tell(world, [world.founder], kind=DIGEST, key="read")
    services.notifications_mark_all_read(actor=world.founder)
    Notification.objects.create(person=world.expired_reviewer, alliance=world.alliance,
                                kind=DIGEST, key="lapsed", url="/", mail=MailState.PENDING)

    report = notification_mail.digest_send_all()

    assert mail.outbox == []
    assert (report.mails, report.dropped) == (0, 2)
    assert set(Notification.objects.values_list("mail", flat=True)) == {MailState.NOT_SENT}


def test_a_failed_digest_waits_for_the_next_run(world, flaky_smtp):
    tell(world, [world.founder], kind=DIGEST, key="d1")
    flaky_smtp.failures = 1
    assert notification_mail.digest_send_all().failed == 1
    assert Notification.objects.get().mail == MailState.PENDING
    assert notification_mail.digest_send_all().mails == 1
    assert len(mail.outbox) == 1


def test_the_command_sends_the_digest(world):
    tell(world, [world.founder], kind=DIGEST, key="d1")
    out = StringIO()
    call_command("notifications_digest", stdout=out)
    assert len(mail.outbox) == 1
    assert out.getvalue() == ("Digest: 1 mails with 1 notifications; 0 no longer mailed; "
                              "0 failed (tried again on the next run).\n")
