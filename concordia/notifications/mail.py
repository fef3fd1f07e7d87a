"""Notification mail, sent by the task worker.

- At once: one mail per notification, for those who want its kind immediately. A send that
  fails is tried again after a wait that grows (MAIL_RETRY_SECONDS × 4^n); after MAIL_ATTEMPTS
  tries the notification records "not delivered". It stays in the app either way.
- The daily digest (``send_digests``, run once a day by ``manage.py notifications_digest``): one
  mail per person with what waits for the digest, grouped per alliance. Never empty.

Each mail is claimed before it is sent (its state moves on in one conditional update), so two
workers, or the digest run twice, never send one notification twice. Mail is written in the
person's language, with links on SITE_URL. A notification of an alliance the person no longer
has a role in (unless it is addressed to the person themselves, rules.shown), one they read
meanwhile, or of a kind they now want no mail for is not mailed.
"""

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import Q
from django.tasks import task
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from concordia.access import policy
from concordia.accounts.models import Person

from . import rules
from .choices import MailState
from .models import Notification, NotificationPreference
from .presentation import notification_text

logger = logging.getLogger(__name__)


def site_link(path: str) -> str:
    """An address people can open from their mailbox: SITE_URL plus the path."""
    return settings.SITE_URL.rstrip("/") + path


def retry_delay(attempt: int) -> dt.timedelta:
    """The wait after failed attempt n (1-based): 1, 4, 16 … × MAIL_RETRY_SECONDS."""
    return dt.timedelta(seconds=settings.MAIL_RETRY_SECONDS * 4 ** (attempt - 1))


def _language(person: Person) -> str:
    return person.language or settings.LANGUAGE_CODE


def _mailable(person: Person, notifications: list[Notification]
              ) -> tuple[list[Notification], list[Notification]]:
    """(still to be mailed, no longer to be mailed): rules.still_mailed on each."""
    visible = set(policy.alliances_visible_to(person).values_list("pk", flat=True))
    chosen = dict(NotificationPreference.objects.filter(person=person).values_list(
        "kind", "delivery"))
    keep: list[Notification] = []
    drop: list[Notification] = []
    for notification in notifications:
        wanted = person.is_active and rules.still_mailed(
            notification.kind, chosen, read=notification.read_at is not None,
            visible=rules.shown(notification.kind,
                                in_visible_alliance=notification.alliance_id in visible))
        (keep if wanted else drop).append(notification)
    return keep, drop


def _set_state(ids: list[int], state: str, *, was: str, **extra: object) -> int:
    return Notification.objects.filter(pk__in=ids, mail=was).update(mail=state, **extra)


# --- at once ----------------------------------------------------------------------------------

def enqueue_immediate(*, key: str, person_ids: list[int]) -> None:
    """Queue the mail of the notifications made for one event (after their commit)."""
    try:
        send_immediate.enqueue(key=key, person_ids=person_ids, attempt=1)
    except Exception:  # the queue is down: the notification stays in the app, marked failed
        logger.exception("notification mail could not be queued", extra={"key": key})
        Notification.objects.filter(key=key, person_id__in=person_ids,
                                    mail=MailState.QUEUED).update(mail=MailState.FAILED)


def immediate_message(notification: Notification) -> EmailMessage:
    """One notification, in its person's language: the alliance in the subject, the text, the
    link to where it is seen, and where to choose what comes by mail."""
    person = notification.person
    with translation.override(_language(person)):
        text = notification_text(notification)
        subject = f"[{notification.alliance.name}] {text}"
        body = "\n".join([
            text, "", site_link(notification.url), "", "--",
            _("You get this mail at once for this kind of notification. Choose what comes by "
              "e-mail: %(url)s") % {"url": site_link(reverse("notification_preferences"))},
        ])
    return EmailMessage(subject=subject, body=body, to=[person.email])


@task()
def send_immediate(*, key: str, person_ids: list[int], attempt: int = 1) -> str:
    """Send the queued mail of one event; failures are tried again later, each person's mail
    on its own."""
    queued = list(Notification.objects.filter(
        key=key, person_id__in=person_ids, mail=MailState.QUEUED).select_related(
        "person", "alliance").order_by("pk"))
    failed: list[Notification] = []
    connection = get_connection()
    for notification in queued:
        _keep, drop = _mailable(notification.person, [notification])
        if drop:
            _set_state([notification.pk], MailState.NOT_SENT, was=MailState.QUEUED)
            continue
        # Claim it: a second worker on the same task finds it no longer queued.
        if not _set_state([notification.pk], MailState.SENT, was=MailState.QUEUED,
                          mailed_at=timezone.now()):
            continue
        try:
            connection.send_messages([immediate_message(notification)])
        except Exception as exc:
            logger.warning("notification mail attempt %d failed: %s", attempt,
                           type(exc).__name__, extra={"key": key})
            _set_state([notification.pk], MailState.QUEUED, was=MailState.SENT, mailed_at=None)
            failed.append(notification)
    if not failed:
        return "sent"
    ids = [n.pk for n in failed]
    if attempt >= settings.MAIL_ATTEMPTS:
        logger.error("notification mail not delivered after %d attempts", attempt,
                     extra={"key": key})
        _set_state(ids, MailState.FAILED, was=MailState.QUEUED)
        return "failed"
    again = send_immediate
    if again.get_backend().supports_defer:
        again = again.using(run_after=timezone.now() + retry_delay(attempt))
    again.enqueue(key=key, person_ids=[n.person_id for n in failed], attempt=attempt + 1)
    return "retrying"


# --- the daily digest -------------------------------------------------------------------------

@dataclass(frozen=True)
class DigestReport:
    mails: int
    notifications: int
    dropped: int
    failed: int


def digest_message(person: Person, notifications: list[Notification]) -> EmailMessage | None:
    """The person's digest in their language, or None when there is nothing to tell."""
    with translation.override(_language(person)):
        groups = rules.compose_digest(
            rules.DigestItem(alliance_id=n.alliance_id, alliance_name=n.alliance.name,
                             text=notification_text(n), url=site_link(n.url),
                             created_at=n.created_at)
            for n in notifications)
        if not groups:
            return None
        count = sum(len(g.items) for g in groups)
        subject = ngettext("Concordia: %(count)d notification",
                           "Concordia: %(count)d notifications", count) % {"count": count}
        lines = [_("What happened in your alliances since the last digest:"), ""]
        for group in groups:
            lines.append(group.alliance_name)
            lines.append("=" * len(group.alliance_name))
            for item in group.items:
                lines += [f"- {item.text}", f"  {item.url}"]
            lines.append("")
        lines += ["--", _("All your notifications: %(url)s")
                  % {"url": site_link(reverse("notification_list"))},
                  _("Choose what comes by e-mail: %(url)s")
                  % {"url": site_link(reverse("notification_preferences"))}]
    return EmailMessage(subject=subject, body="\n".join(lines), to=[person.email])


def _digest_for(person: Person) -> tuple[int, int, int, bool]:
    """Send one person's digest: (notifications mailed, dropped, claimed, whether it failed)."""
    pending = list(Notification.objects.filter(person=person, mail=MailState.PENDING)
                   .select_related("alliance").order_by("pk"))
    keep, drop = _mailable(person, pending)
    if drop:
        _set_state([n.pk for n in drop], MailState.NOT_SENT, was=MailState.PENDING)
    if not keep:
        return 0, len(drop), 0, False
    # Claim them with this run's stamp: what another run claimed first is not ours to send.
    stamp = timezone.now()
    _set_state([n.pk for n in keep], MailState.SENT, was=MailState.PENDING, mailed_at=stamp)
    claimed_ids = set(Notification.objects.filter(
        pk__in=[n.pk for n in keep], mail=MailState.SENT, mailed_at=stamp).values_list(
        "pk", flat=True))
    claimed = [n for n in keep if n.pk in claimed_ids]
    message = digest_message(person, claimed)
    if message is None:
        return 0, len(drop), 0, False
    try:
        get_connection().send_messages([message])
    except Exception as exc:  # back to waiting: the next run tries again
        logger.warning("digest mail failed: %s", type(exc).__name__,
                       extra={"person": person.pk})
        Notification.objects.filter(pk__in=claimed_ids, mailed_at=stamp).update(
            mail=MailState.PENDING, mailed_at=None)
        return 0, len(drop), len(claimed), True
    return len(claimed), len(drop), len(claimed), False


def digest_send_all() -> DigestReport:
    """Send every person with notifications waiting for the digest one mail (never an empty
    one), and mark them sent. Run it twice: the second run finds nothing waiting."""
    people = Person.objects.filter(
        Q(notifications__mail=MailState.PENDING)).distinct().order_by("pk")
    mails = notifications = dropped = failed = 0
    for person in people:
        sent, gone, _claimed, did_fail = _digest_for(person)
        mails += 1 if sent else 0
        notifications += sent
        dropped += gone
        failed += 1 if did_fail else 0
    return DigestReport(mails=mails, notifications=notifications, dropped=dropped,
                        failed=failed)


@task()
def send_digests() -> dict[str, int]:
    """The daily digest as a task (for a scheduler that enqueues tasks)."""
    report = digest_send_all()
    return {"mails": report.mails, "notifications": report.notifications,
            "dropped": report.dropped, "failed": report.failed}
