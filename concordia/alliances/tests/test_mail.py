"""Invitation mail goes through the task queue: queued on commit, retried with a growing wait,
recorded on the invitation ("mail not delivered" for its sender), in the invitee's language,
with a link to the address the site was served on. The token never sits in the queue in the
clear."""

import datetime as dt
import json
import os
import smtplib
from typing import Any, ClassVar

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.management import call_command
from django.tasks.backends.base import BaseTaskBackend
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from concordia.alliances import selectors, services
from concordia.alliances.choices import Level, MailStatus, PartnerStatus, PartnerType, Role
from concordia.alliances.mail import retry_delay
from concordia.alliances.models import Invitation, Partner
from concordia.testing.factories import PersonFactory

pytestmark = pytest.mark.django_db

SITE = "https://concordia.example.org/"
DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


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


class DownQueue(BaseTaskBackend):
    """A queue that cannot be reached (Redis down)."""

    def enqueue(self, *args: Any, **kwargs: Any) -> Any:
        raise ConnectionError("the test's queue is down")


def invite(world, django_capture_on_commit_callbacks, email: str = "new.person@example.org",
           **extra: Any) -> tuple[Invitation, str]:
    with django_capture_on_commit_callbacks(execute=True):
        invitation, raw = services.invitation_create(
            actor=world.founder, partner=world.partner_a, email=email, role=Role.BOARD_MEMBER,
            level=Level.STRATEGIC, site_url=SITE, **extra)
    invitation.refresh_from_db()
    return invitation, raw


def test_the_mail_says_who_invites_to_what_until_when_and_links_to_the_site(
        world, django_capture_on_commit_callbacks):
    ends_on = timezone.localdate() + dt.timedelta(days=90)
    invitation, raw = invite(world, django_capture_on_commit_callbacks, ends_on=ends_on)

    assert (invitation.mail_status, invitation.mail_attempts) == (MailStatus.SENT, 1)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.person@example.org"]
    assert message.subject == "Uitnodiging voor de alliantie Alliance A"  # unknown invitee: nl
    organisation = world.founder.organisation.name
    with translation.override("nl"):
        expires = timezone.localtime(invitation.expires_at)
        assert message.body.splitlines() == [
            f"Founder ({organisation}) nodigt je uit voor de alliantie Alliance A, namens "
            f"{organisation}, als bestuurslid op strategisch niveau.",
            f"De rol eindigt op {ends_on.day} {_month(ends_on, 'nl')} {ends_on.year}.",
            "",
            f"Open deze link om te accepteren; hij werkt één keer, tot "
            f"{_format(expires, 'nl')}:",
            f"https://concordia.example.org/invitations/{raw}",
            "",
            "Verwachtte je deze uitnodiging niet? Negeer deze mail dan.",
        ]


def _month(day: dt.date, language: str) -> str:
    with translation.override(language):
        return date_format(day, "F")


def _format(moment: dt.datetime, language: str) -> str:
    with translation.override(language):
        return date_format(moment, "DATETIME_FORMAT")


def test_the_mail_speaks_the_language_of_an_invitee_who_has_an_account(
        world, django_capture_on_commit_callbacks):
    PersonFactory(email="known@example.org", language="en", organisation=None)
    invite(world, django_capture_on_commit_callbacks, email="known@example.org")
    assert mail.outbox[0].subject == "Invitation to the alliance Alliance A"
    assert mail.outbox[0].body.startswith(
        f"Founder ({world.founder.organisation.name}) invites you to the alliance Alliance A, "
        f"on behalf of {world.founder.organisation.name}, as board member at the strategic "
        "level.")


def test_the_link_uses_the_address_the_request_came_in_on(
        world, django_capture_on_commit_callbacks):
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(world.founder)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("invitation_create", args=[world.alliance.pk]), {
            "partner": world.partner_a.pk, "email": "via.page@example.org",
            "role": Role.PROFESSIONAL, "level": Level.OPERATIONAL, "ends_on": ""},
            secure=True)
    assert response.status_code == 302
    assert "https://127.0.0.1/invitations/inv_" in mail.outbox[0].body


def test_a_failing_mail_server_is_retried_then_the_mail_goes_out(
        world, django_capture_on_commit_callbacks, flaky_smtp):
    flaky_smtp.failures = 2
    invitation, raw = invite(world, django_capture_on_commit_callbacks)
    assert flaky_smtp.tries == 3
    assert (invitation.mail_status, invitation.mail_attempts) == (MailStatus.SENT, 3)
    assert len(mail.outbox) == 1
    assert f"/invitations/{raw}" in mail.outbox[0].body


def test_a_mail_that_fails_for_good_is_recorded_and_nothing_is_lost(
        world, django_capture_on_commit_callbacks, flaky_smtp):
    flaky_smtp.failures = 99
    invitation, raw = invite(world, django_capture_on_commit_callbacks)

    # three attempts, then "failed" on the invitation; no mail went out
    assert flaky_smtp.tries == 3
    assert (invitation.mail_status, invitation.mail_attempts) == (MailStatus.FAILED, 3)
    assert mail.outbox == []
    # the invitation stays open and its link valid
    assert invitation.accepted_at is None
    assert invitation.withdrawn_at is None
    assert selectors.invitation_by_token(raw) == invitation

    # its sender sees it on the people page and in the API
    client = Client()
    client.force_login(world.founder)
    with translation.override("en"):
        page = client.get(reverse("membership_list", args=[world.alliance.pk]),
                          HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "<strong class=\"mail-failed\">mail not delivered</strong>" in page.content.decode()
    listed = client.get(f"/api/v1/alliances/{world.alliance.pk}/invitations").json()
    assert [(r["email"], r["mail_status"]) for r in listed["results"]] == [
        ("new.person@example.org", "failed")]


def test_a_queue_that_is_down_records_failed_and_the_invitation_stands(
        world, django_capture_on_commit_callbacks):
    with override_settings(TASKS={"default": {"BACKEND": f"{__name__}.DownQueue"}}):
        invitation, raw = invite(world, django_capture_on_commit_callbacks)
    assert (invitation.mail_status, invitation.mail_attempts) == (MailStatus.FAILED, 0)
    assert selectors.invitation_by_token(raw) == invitation


def test_the_api_reports_a_queued_mail(world, django_capture_on_commit_callbacks):
    client = Client()
    client.force_login(world.founder)
    with override_settings(TASKS=DB_QUEUE), django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/api/v1/alliances/{world.alliance.pk}/invitations", content_type="application/json",
            data=json.dumps({"partner_id": world.partner_a.pk, "email": "api@example.org",
                             "role": Role.PROFESSIONAL, "level": Level.OPERATIONAL}))
    assert response.status_code == 201
    assert response.json()["mail_status"] == "queued"
    assert mail.outbox == []


def test_the_database_queue_holds_the_token_sealed_and_waits_before_a_retry(
        world, django_capture_on_commit_callbacks, flaky_smtp, monkeypatch):
    # The worker drops connections between tasks; here it must keep the test's transaction.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    flaky_smtp.failures = 1
    with override_settings(TASKS=DB_QUEUE):
        invitation, raw = invite(world, django_capture_on_commit_callbacks)
        # queued, not sent: the worker sends it
        assert invitation.mail_status == MailStatus.QUEUED
        assert mail.outbox == []
        queued = DBTaskResult.objects.get()
        assert queued.task_path == "concordia.alliances.mail.send_invitation_mail"
        assert raw not in json.dumps(queued.args_kwargs)
        assert raw.removeprefix("inv_") not in json.dumps(queued.args_kwargs)

        # the worker's first attempt fails: a second attempt waits its turn
        call_command("db_worker", batch=True, verbosity=0, startup_delay=False)
        invitation.refresh_from_db()
        assert (invitation.mail_status, invitation.mail_attempts) == (MailStatus.QUEUED, 1)
        retry = DBTaskResult.objects.exclude(pk=queued.pk).get()
        assert retry.args_kwargs["kwargs"]["attempt"] == 2
        assert retry.run_after is not None
        assert retry.run_after > queued.enqueued_at
        assert mail.outbox == []

        # when its time has come, the worker sends it
        DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
        call_command("db_worker", batch=True, verbosity=0, startup_delay=False)
    invitation.refresh_from_db()
    assert (invitation.mail_status, invitation.mail_attempts) == (MailStatus.SENT, 2)
    assert len(mail.outbox) == 1
    assert f"/invitations/{raw}" in mail.outbox[0].body


def test_the_wait_between_attempts_grows():
    with override_settings(MAIL_RETRY_SECONDS=60):
        assert [retry_delay(n).total_seconds() for n in (1, 2, 3)] == [60, 240, 960]


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set")
def test_with_redis_the_mail_goes_through_rq(world, django_capture_on_commit_callbacks):
    import django_rq  # noqa: PLC0415 — installed only when REDIS_URL is set
    from django_tasks_rq import Job  # noqa: PLC0415 — needs django_rq's settings

    queue = django_rq.get_queue("default", job_class=Job)
    queue.empty()
    rq_queue = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    with override_settings(TASKS=rq_queue):
        invitation, raw = invite(world, django_capture_on_commit_callbacks)
        assert invitation.mail_status == MailStatus.QUEUED
        [job] = queue.get_jobs()
        assert raw.removeprefix("inv_") not in repr(job.kwargs)
        job.perform()  # what an RQ worker does, in this process (and this test's transaction)
    queue.empty()
    invitation.refresh_from_db()
    assert (invitation.mail_status, invitation.mail_attempts) == (MailStatus.SENT, 1)
    assert f"/invitations/{raw}" in mail.outbox[0].body


# Partner invitations ---------------------------------------------------------------------------

def invite_partner(world, django_capture_on_commit_callbacks, organisation=None) -> Partner:
    with django_capture_on_commit_callbacks(execute=True):
        partner = services.partner_invite(
            actor=world.founder, alliance=world.alliance,
            organisation=organisation or world.stranger.organisation,
            partner_type=PartnerType.ECOSYSTEM, site_url=SITE)
    partner.refresh_from_db()
    return partner


def test_a_partner_invitation_tells_the_organisations_administrators(
        world, django_capture_on_commit_callbacks):
    type(world.stranger).objects.filter(pk=world.stranger.pk).update(language="nl")
    colleague = PersonFactory(organisation=world.stranger.organisation,
                              is_organisation_admin=True, language="en")
    PersonFactory(organisation=world.stranger.organisation)  # not an administrator
    partner = invite_partner(world, django_capture_on_commit_callbacks)

    assert (partner.invitation_mail_status, partner.invitation_mail_attempts) == (
        MailStatus.SENT, 1)
    organisation, inviting = world.stranger.organisation.name, world.founder.organisation.name
    by_subject = {m.subject: m for m in mail.outbox}
    assert set(by_subject) == {
        f"{organisation} is uitgenodigd voor de alliantie Alliance A",
        f"{organisation} is invited to the alliance Alliance A"}
    dutch = by_subject[f"{organisation} is uitgenodigd voor de alliantie Alliance A"]
    english = by_subject[f"{organisation} is invited to the alliance Alliance A"]
    assert dutch.to == [world.stranger.email]
    assert english.to == [colleague.email]
    assert english.body.splitlines() == [
        f"Founder ({inviting}) invites {organisation} to join the alliance Alliance A as "
        "ecosystem partner.",
        "",
        f"As an administrator of {organisation} you accept or decline on your home page:",
        "https://concordia.example.org/",
        "",
        "Did you not expect this invitation? Then ignore this mail.",
    ]


def test_a_partner_invitation_nobody_can_receive_is_shown_as_not_delivered(
        world, django_capture_on_commit_callbacks):
    # given an organisation whose only administrator was deactivated
    lonely = PersonFactory(is_organisation_admin=True, is_active=False).organisation
    with override_settings(MAIL_ATTEMPTS=2):
        partner = invite_partner(world, django_capture_on_commit_callbacks, lonely)

    # then the invitation stands, and the mail is recorded as not delivered
    assert partner.status == PartnerStatus.INVITED
    assert (partner.invitation_mail_status, partner.invitation_mail_attempts) == (
        MailStatus.FAILED, 2)
    assert mail.outbox == []
    client = Client()
    client.force_login(world.founder)
    page = client.get(reverse("partner_list", args=[world.alliance.pk]),
                      HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<strong class=\"mail-failed\">mail not delivered</strong>" in page
    listed = client.get(f"/api/v1/alliances/{world.alliance.pk}/partners").json()
    assert {r["organisation_id"]: r["invitation_mail_status"] for r in listed["results"]}[
        lonely.pk] == "failed"
    # people who may not invite partners do not see the mail's fate
    observer = Client()
    observer.force_login(world.observer_b)
    assert "mail-failed" not in observer.get(
        reverse("partner_list", args=[world.alliance.pk])).content.decode()


def test_a_partner_that_answered_before_the_mail_went_needs_none(
        world, django_capture_on_commit_callbacks):
    with override_settings(TASKS=DB_QUEUE), django_capture_on_commit_callbacks(execute=True):
        partner = services.partner_invite(
            actor=world.founder, alliance=world.alliance,
            organisation=world.stranger.organisation, partner_type=PartnerType.CORE,
            site_url=SITE)
    partner.refresh_from_db()
    assert partner.invitation_mail_status == MailStatus.QUEUED
    services.partner_respond(actor=world.stranger, partner=partner, accept=True)
    task = DBTaskResult.objects.get()
    assert task.task_path == "concordia.alliances.mail.send_partner_invitation_mail"
    assert task.task.call(**task.args_kwargs["kwargs"]) == "skipped"
    partner.refresh_from_db()
    assert partner.invitation_mail_status == MailStatus.NONE
    assert mail.outbox == []
