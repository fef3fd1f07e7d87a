"""Invitation mail (people and partners), sent by the task worker (django.tasks) after the
invitation is committed.

A send that fails is tried again after a wait that grows (MAIL_RETRY_SECONDS × 4^n); after
MAIL_ATTEMPTS tries the invitation records "failed" and its sender sees "mail not delivered".
The invitation and its link stay valid either way: nothing is lost, the sender can pass the
invitation on by other means or invite again.

The link's token exists only in the mail: the task carries it sealed (concordia.core.sealing),
never in the clear in the queue.
"""

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.tasks import Task, task
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from concordia.accounts.models import Person
from concordia.core.sealing import seal, unseal

from .choices import MailStatus, PartnerStatus
from .models import Invitation, OrganisationInvitation, Partner

logger = logging.getLogger(__name__)


def enqueue_invitation_mail(invitation: Invitation, raw_token: str, site_url: str) -> None:
    """Queue the mail once the surrounding transaction commits (a rolled-back invitation sends
    nothing). Call inside the service's transaction."""
    invitation.mail_status = MailStatus.QUEUED
    invitation.mail_updated_at = timezone.now()
    invitation.save(update_fields=["mail_status", "mail_updated_at"])
    sealed, invitation_id = seal(raw_token), invitation.pk

    def enqueue() -> None:
        try:
            send_invitation_mail.enqueue(invitation_id=invitation_id, sealed_token=sealed,
                                         site_url=site_url, attempt=1)
        except Exception:  # the queue is down: record it, never fail the committed request
            logger.exception("invitation mail could not be queued",
                             extra={"invitation": invitation_id})
            _record(invitation_id, MailStatus.FAILED, attempts=0)

    transaction.on_commit(enqueue)


def _record(invitation_id: int, status: str, *, attempts: int) -> None:
    Invitation.objects.filter(pk=invitation_id).update(
        mail_status=status, mail_attempts=attempts, mail_updated_at=timezone.now())


def retry_delay(attempt: int) -> dt.timedelta:
    """The wait after failed attempt n (1-based): 1, 4, 16 … × MAIL_RETRY_SECONDS."""
    return dt.timedelta(seconds=settings.MAIL_RETRY_SECONDS * 4 ** (attempt - 1))


def _deliver(*, message: Callable[[], EmailMessage | list[EmailMessage] | None],
             record: Callable[[str, int], None], again: Task[..., str], kwargs: dict[str, Any],
             attempt: int, what: str) -> str:
    """One attempt: send, or record the failure and enqueue the next attempt after a wait."""
    try:
        built = message()
        if built is None:
            raise LookupError("nobody to send it to")
        messages = built if isinstance(built, list) else [built]
        get_connection().send_messages(messages)
    except Exception as exc:
        if attempt >= settings.MAIL_ATTEMPTS:
            logger.error("%s not delivered after %d attempts: %s", what, attempt,
                         type(exc).__name__, extra=kwargs)
            record(MailStatus.FAILED, attempt)
            return "failed"
        logger.warning("%s attempt %d failed: %s", what, attempt, type(exc).__name__,
                       extra=kwargs)
        record(MailStatus.QUEUED, attempt)
        if again.get_backend().supports_defer:
            again = again.using(run_after=timezone.now() + retry_delay(attempt))
        again.enqueue(**kwargs, attempt=attempt + 1)
        return "retrying"
    record(MailStatus.SENT, attempt)
    return "sent"


@task()
def send_invitation_mail(*, invitation_id: int, sealed_token: str, site_url: str,
                         attempt: int) -> str:
    invitation = Invitation.objects.select_related(
        "alliance", "partner__organisation", "invited_by__organisation").filter(
        pk=invitation_id).first()
    if invitation is None or invitation.mail_status == MailStatus.SENT:
        return "skipped"
    if invitation.accepted_at or invitation.withdrawn_at:
        return "skipped"  # no longer open: the link would not work

    def record(status: str, attempts: int) -> None:
        _record(invitation_id, status, attempts=attempts)

    return _deliver(
        message=lambda: invitation_message(invitation, unseal(sealed_token), site_url),
        record=record, again=send_invitation_mail, attempt=attempt, what="invitation mail",
        kwargs={"invitation_id": invitation_id, "sealed_token": sealed_token,
                "site_url": site_url})


def invitation_message(invitation: Invitation, raw_token: str, site_url: str) -> EmailMessage:
    """Who invites, to which alliance, for which partner, role and level, until when — in the
    invitee's language when they already have an account, else the site's."""
    invitee = Person.objects.filter(email__iexact=invitation.email).only("language").first()
    language = invitee.language if invitee else settings.LANGUAGE_CODE
    inviter = invitation.invited_by
    url = site_url.rstrip("/") + f"/invitations/{raw_token}"
    with translation.override(language):
        values = {
            "inviter": inviter.full_name or inviter.email,
            "inviter_organisation": inviter.organisation.name if inviter.organisation else "—",
            "alliance": invitation.alliance.name,
            "partner": invitation.partner.organisation.name,
            "role": invitation.get_role_display(),
            "level": invitation.get_level_display(),
            "expires": date_format(timezone.localtime(invitation.expires_at),
                                   "DATETIME_FORMAT"),
            "url": url,
        }
        lines = [
            _("%(inviter)s (%(inviter_organisation)s) invites you to the alliance %(alliance)s, "
              "on behalf of %(partner)s, as %(role)s at the %(level)s level.") % values,
        ]
        if invitation.ends_on:
            lines.append(_("The role ends on %(date)s.")
                         % {"date": date_format(invitation.ends_on, "DATE_FORMAT")})
        lines += [
            "",
            _("Open this link to accept; it works once, until %(expires)s:") % values,
            url,
            "",
            _("Did you not expect this invitation? Then ignore this mail."),
        ]
        subject = _("Invitation to the alliance %(name)s") % {"name": invitation.alliance.name}
    return EmailMessage(subject=subject, body="\n".join(lines), to=[invitation.email])


# Partner invitations ---------------------------------------------------------------------------

def enqueue_partner_invitation_mail(partner: Partner, inviter: Person, site_url: str) -> None:
    """Tell the invited organisation's administrators, once the invitation commits."""
    Partner.objects.filter(pk=partner.pk).update(invitation_mail_status=MailStatus.QUEUED,
                                                 invitation_mail_attempts=0)
    partner.invitation_mail_status, partner.invitation_mail_attempts = MailStatus.QUEUED, 0
    partner_id, inviter_id = partner.pk, inviter.pk
    kwargs = {"partner_id": partner_id, "inviter_id": inviter_id, "site_url": site_url}

    def enqueue() -> None:
        try:
            send_partner_invitation_mail.enqueue(partner_id=partner_id, inviter_id=inviter_id,
                                                 site_url=site_url, attempt=1)
        except Exception:  # the queue is down: record it, never fail the committed request
            logger.exception("partner invitation mail could not be queued", extra=kwargs)
            _record_partner(partner.pk, MailStatus.FAILED, 0)

    transaction.on_commit(enqueue)


def _record_partner(partner_id: int, status: str, attempts: int) -> None:
    Partner.objects.filter(pk=partner_id).update(invitation_mail_status=status,
                                                 invitation_mail_attempts=attempts)


@task()
def send_partner_invitation_mail(*, partner_id: int, inviter_id: int, site_url: str,
                                 attempt: int) -> str:
    partner = Partner.objects.select_related("alliance", "organisation").filter(
        pk=partner_id).first()
    if partner is None:
        return "skipped"
    if partner.status != PartnerStatus.INVITED:  # answered meanwhile: no mail needed any more
        _record_partner(partner_id, MailStatus.NONE, partner.invitation_mail_attempts)
        return "skipped"
    if partner.invitation_mail_status == MailStatus.SENT:
        return "skipped"
    inviter = Person.objects.select_related("organisation").get(pk=inviter_id)
    return _deliver(
        message=lambda: partner_invitation_messages(partner, inviter, site_url),
        record=lambda status, attempts: _record_partner(partner_id, status, attempts),
        again=send_partner_invitation_mail, attempt=attempt, what="partner invitation mail",
        kwargs={"partner_id": partner_id, "inviter_id": inviter_id, "site_url": site_url})


def partner_invitation_messages(partner: Partner, inviter: Person, site_url: str
                                ) -> list[EmailMessage] | None:
    """One message per language among the invited organisation's active administrators; None
    when it has none (the mail cannot be delivered)."""
    admins = list(Person.objects.filter(organisation_id=partner.organisation_id,
                                        is_organisation_admin=True, is_active=True)
                  .order_by("pk").only("email", "language"))
    if not admins:
        return None
    by_language: dict[str, list[str]] = {}
    for admin in admins:
        by_language.setdefault(admin.language or settings.LANGUAGE_CODE, []).append(admin.email)
    messages = []
    for language, emails in by_language.items():
        with translation.override(language):
            values = {
                "inviter": inviter.full_name or inviter.email,
                "inviter_organisation": inviter.organisation.name if inviter.organisation
                else "—",
                "organisation": partner.organisation.name,
                "alliance": partner.alliance.name,
                "partner_type": partner.get_partner_type_display(),
            }
            body = "\n".join([
                _("%(inviter)s (%(inviter_organisation)s) invites %(organisation)s to join the "
                  "alliance %(alliance)s as %(partner_type)s.") % values,
                "",
                _("As an administrator of %(organisation)s you accept or decline on your home "
                  "page:") % values,
                site_url.rstrip("/") + "/",
                "",
                _("Did you not expect this invitation? Then ignore this mail."),
            ])
            subject = _("%(organisation)s is invited to the alliance %(alliance)s") % values
        messages.append(EmailMessage(subject=subject, body=body, to=emails))
    return messages


# Invitations of organisations that are not registered yet ------------------------------------

def enqueue_organisation_invitation_mail(invitation: OrganisationInvitation, raw_token: str,
                                         site_url: str) -> None:
    """Queue the mail with the registration link once the transaction commits."""
    OrganisationInvitation.objects.filter(pk=invitation.pk).update(
        mail_status=MailStatus.QUEUED, mail_attempts=0)
    invitation.mail_status, invitation.mail_attempts = MailStatus.QUEUED, 0
    sealed, invitation_id, token_hash = seal(raw_token), invitation.pk, invitation.token_hash

    def enqueue() -> None:
        try:
            send_organisation_invitation_mail.enqueue(
                invitation_id=invitation_id, token_hash=token_hash, sealed_token=sealed,
                site_url=site_url, attempt=1)
        except Exception:  # the queue is down: record it, never fail the committed request
            logger.exception("organisation invitation mail could not be queued",
                             extra={"invitation": invitation_id})
            _record_organisation(invitation_id, MailStatus.FAILED, 0)

    transaction.on_commit(enqueue)


def _record_organisation(invitation_id: int, status: str, attempts: int) -> None:
    OrganisationInvitation.objects.filter(pk=invitation_id).update(mail_status=status,
                                                                   mail_attempts=attempts)


@task()
def send_organisation_invitation_mail(*, invitation_id: int, token_hash: str, sealed_token: str,
                                      site_url: str, attempt: int) -> str:
    # A resent invitation has a new token: the mail with the old one is not sent any more.
    invitation = OrganisationInvitation.objects.select_related(
        "alliance", "invited_by__organisation").filter(
        pk=invitation_id, token_hash=token_hash, withdrawn_at__isnull=True,
        partner__isnull=True).first()
    if invitation is None:
        return "skipped"
    return _deliver(
        message=lambda: organisation_invitation_message(invitation, unseal(sealed_token),
                                                        site_url),
        record=lambda status, attempts: _record_organisation(invitation_id, status, attempts),
        again=send_organisation_invitation_mail, attempt=attempt,
        what="organisation invitation mail",
        kwargs={"invitation_id": invitation_id, "token_hash": token_hash,
                "sealed_token": sealed_token, "site_url": site_url})


def organisation_invitation_message(invitation: OrganisationInvitation, raw_token: str,
                                    site_url: str) -> EmailMessage:
    """Who invites which organisation to which alliance, and the link to register it — in the
    site's language (whether the address has an account is nobody's business here)."""
    inviter = invitation.invited_by
    url = site_url.rstrip("/") + f"/organisation-invitations/{raw_token}"
    with translation.override(settings.LANGUAGE_CODE):
        values = {
            "inviter": inviter.full_name or inviter.email,
            "inviter_organisation": inviter.organisation.name if inviter.organisation else "—",
            "organisation": invitation.organisation_name,
            "alliance": invitation.alliance.name,
            "partner_type": invitation.get_partner_type_display(),
            "expires": date_format(timezone.localtime(invitation.expires_at),
                                   "DATETIME_FORMAT"),
            "url": url,
        }
        body = "\n".join([
            _("%(inviter)s (%(inviter_organisation)s) invites %(organisation)s to join the "
              "alliance %(alliance)s as %(partner_type)s.") % values,
            "",
            _("%(organisation)s is not registered in Concordia yet. Open this link to register "
              "it (you become its administrator) and then accept or decline the invitation; it "
              "works until %(expires)s:") % values,
            url,
            "",
            _("Did you not expect this invitation? Then ignore this mail."),
        ])
        subject = _("%(organisation)s is invited to the alliance %(alliance)s") % values
    return EmailMessage(subject=subject, body=body, to=[invitation.email])
