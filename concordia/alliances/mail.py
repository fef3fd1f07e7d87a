"""Invitation mail, sent by the task worker (django.tasks) after the invitation is committed.

A send that fails is tried again after a wait that grows (MAIL_RETRY_SECONDS × 4^n); after
MAIL_ATTEMPTS tries the invitation records "failed" and its sender sees "mail not delivered".
The invitation and its link stay valid either way: nothing is lost, the sender can pass the
invitation on by other means or invite again.

The link's token exists only in the mail: the task carries it sealed (concordia.core.sealing),
never in the clear in the queue.
"""

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from concordia.accounts.models import Person
from concordia.core.sealing import seal, unseal

from .choices import MailStatus
from .models import Invitation

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
    try:
        invitation_message(invitation, unseal(sealed_token), site_url).send()
    except Exception as exc:
        if attempt >= settings.MAIL_ATTEMPTS:
            logger.error("invitation mail not delivered after %d attempts: %s", attempt,
                         type(exc).__name__, extra={"invitation": invitation_id})
            _record(invitation_id, MailStatus.FAILED, attempts=attempt)
            return "failed"
        logger.warning("invitation mail attempt %d failed: %s", attempt, type(exc).__name__,
                       extra={"invitation": invitation_id})
        _record(invitation_id, MailStatus.QUEUED, attempts=attempt)
        retry = send_invitation_mail
        if retry.get_backend().supports_defer:
            retry = retry.using(run_after=timezone.now() + retry_delay(attempt))
        retry.enqueue(invitation_id=invitation_id, sealed_token=sealed_token,
                      site_url=site_url, attempt=attempt + 1)
        return "retrying"
    _record(invitation_id, MailStatus.SENT, attempts=attempt)
    return "sent"


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
