"""A reviewer's personal link, mailed by the task worker after the invitation is committed (and
again, with a new link, when it is re-sent). The raw token exists only in the mail: the task
carries it sealed (concordia.core.sealing). A link replaced, used or withdrawn is not mailed."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from concordia.accounts.models import Person
from concordia.alliances.mail import _deliver
from concordia.core.sealing import seal, unseal

from .models import ReviewInvitation

logger = logging.getLogger(__name__)


def invitation_url(raw_token: str, site_url: str = "") -> str:
    base = (site_url or settings.SITE_URL).rstrip("/")
    return base + reverse("review_invitation_open", kwargs={"token": raw_token})


def enqueue_invitation_mail(invitation: ReviewInvitation, raw_token: str,
                            site_url: str) -> None:
    """Queue the mail once the surrounding transaction commits."""
    token_hash, sealed = invitation.token_hash, seal(raw_token)

    def enqueue() -> None:
        try:
            send_review_invitation.enqueue(token_hash=token_hash, sealed_token=sealed,
                                           site_url=site_url, attempt=1)
        except Exception:  # the queue is down: never fail the committed request
            logger.exception("review invitation mail could not be queued")

    transaction.on_commit(enqueue)


def _record_nothing(_status: str, _attempts: int) -> None:
    """The outcome is logged by the delivery; the invitation shows when it was sent."""


@task()
def send_review_invitation(*, token_hash: str, sealed_token: str, site_url: str,
                           attempt: int) -> str:
    invitation = ReviewInvitation.objects.select_related(
        "review__alliance", "invited_by").filter(
        token_hash=token_hash, accepted_at__isnull=True, withdrawn_at__isnull=True).first()
    if invitation is None:
        return "skipped"
    return _deliver(
        message=lambda: invitation_message(invitation, unseal(sealed_token), site_url),
        record=_record_nothing, again=send_review_invitation, attempt=attempt,
        what="review invitation mail",
        kwargs={"token_hash": token_hash, "sealed_token": sealed_token,
                "site_url": site_url})


def invitation_message(invitation: ReviewInvitation, raw_token: str,
                       site_url: str) -> EmailMessage:
    """Who invites, to which alliance's review, its question, until when one reads, the link —
    in the invitee's language when they have an account, else the site's."""
    invitee = Person.objects.filter(email__iexact=invitation.email).only("language").first()
    review = invitation.review
    inviter = invitation.invited_by
    with translation.override(invitee.language if invitee else settings.LANGUAGE_CODE):
        values = {"inviter": inviter.full_name or inviter.email,
                  "alliance": review.alliance.name, "title": review.title,
                  "ends_on": date_format(review.ends_on, "DATE_FORMAT")}
        lines = [
            _("%(inviter)s invites you to the external review “%(title)s” of the alliance "
              "%(alliance)s.") % values,
            "",
            review.scope,
            "",
            _("As a reviewer you read the alliance's records until %(ends_on)s and record your "
              "findings and recommendations per pillar.") % values,
            _("Open this link to log in or register and accept; it works once:"),
            invitation_url(raw_token, site_url),
            "",
            _("Did you not expect this invitation? Then ignore this mail."),
        ]
        subject = _("External review of the alliance %(alliance)s") % values
    return EmailMessage(subject=subject, body="\n".join(lines), to=[invitation.email])
