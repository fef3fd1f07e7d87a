"""The personal link to answer a round, mailed to each invitee by the task worker after the
round is committed (and again, with a new link, as a reminder).

The raw token exists only in the mail: the task carries it sealed (concordia.core.sealing).
A link replaced by a reminder, a used link or a closed round is not mailed any more. The
invitation records nothing about the mail: the fewer moments stored beside an invitation, the
less there is to join to a response (docs/decisions/0012)."""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from concordia.alliances.mail import _deliver
from concordia.core.sealing import seal, unseal

from .choices import RoundState
from .models import RoundInvitation

logger = logging.getLogger(__name__)


def answer_url(raw_token: str, site_url: str = "") -> str:
    base = (site_url or settings.SITE_URL).rstrip("/")
    return base + reverse("evaluation_answer", kwargs={"token": raw_token})


def enqueue_links(links: Iterable[tuple[RoundInvitation, str]], *,
                  site_url: str, reminder: bool) -> None:
    """Queue one mail per invitation once the surrounding transaction commits."""
    jobs = [(invitation.token_hash, seal(raw)) for invitation, raw in links]

    def enqueue() -> None:
        for token_hash, sealed in jobs:
            try:
                send_answer_link.enqueue(token_hash=token_hash, sealed_token=sealed,
                                         site_url=site_url, reminder=reminder, attempt=1)
            except Exception:  # the queue is down: never fail the committed request
                logger.exception("evaluation link mail could not be queued")

    transaction.on_commit(enqueue)


def _record_nothing(_status: str, _attempts: int) -> None:
    """The outcome is logged by the delivery, not stored (see the module's docstring)."""


@task()
def send_answer_link(*, token_hash: str, sealed_token: str, site_url: str, reminder: bool,
                     attempt: int) -> str:
    invitation = RoundInvitation.objects.select_related("round__alliance", "person").filter(
        token_hash=token_hash, answered=False, round__state=RoundState.OPEN).first()
    if invitation is None:
        return "skipped"
    return _deliver(
        message=lambda: answer_link_message(invitation, unseal(sealed_token), site_url,
                                            reminder=reminder),
        record=_record_nothing, again=send_answer_link, attempt=attempt,
        what="evaluation link mail",
        kwargs={"token_hash": token_hash, "sealed_token": sealed_token, "site_url": site_url,
                "reminder": reminder})


def answer_link_message(invitation: RoundInvitation, raw_token: str, site_url: str, *,
                        reminder: bool) -> EmailMessage:
    """The invitation to answer, in the invitee's language: the alliance, the year, until
    when, the link, and the promise that the answer cannot be traced to them."""
    evaluation_round = invitation.round
    person = invitation.person
    with translation.override(person.language or settings.LANGUAGE_CODE):
        values = {"alliance": evaluation_round.alliance.name, "year": evaluation_round.year,
                  "closes_on": date_format(evaluation_round.closes_on, "DATE_FORMAT"),
                  "opens_on": date_format(evaluation_round.opens_on, "DATE_FORMAT")}
        lines = []
        if reminder:
            lines.append(_("You have not answered the evaluation yet. This is a new link; the "
                           "one you had before no longer works."))
            lines.append("")
        lines += [
            _("The alliance %(alliance)s evaluates how its collaboration works in %(year)s. "
              "Score the statements from 1 to 5; it takes about ten minutes.") % values,
            _("You can answer from %(opens_on)s until %(closes_on)s, once, through this "
              "personal link (no log-in needed):") % values,
            answer_url(raw_token, site_url),
            "",
            _("Your answer is kept without your name: it counts only under your partner, your "
              "level and your group of roles, and results are shown only for groups of at "
              "least five people. Do not pass the link on."),
        ]
        subject = (_("Reminder: the evaluation %(year)s of %(alliance)s") if reminder
                   else _("The evaluation %(year)s of %(alliance)s")) % values
    return EmailMessage(subject=subject, body="\n".join(lines), to=[person.email])
