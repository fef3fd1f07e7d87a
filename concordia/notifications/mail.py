"""Notification mail, sent by the task worker: one mail per notification for those who want
them at once. (The daily digest is composed in ``digest``.)"""

import logging

from django.core.mail import EmailMessage
from django.tasks import task
from django.utils import timezone, translation

from .choices import MailState
from .models import Notification
from .presentation import notification_text

logger = logging.getLogger(__name__)


def enqueue_immediate(*, key: str, person_ids: list[int]) -> None:
    """Queue the mail of the notifications made for one event (after their commit)."""
    try:
        send_immediate.enqueue(key=key, person_ids=person_ids)
    except Exception:  # the queue is down: the notification stays in the app, marked failed
        logger.exception("notification mail could not be queued", extra={"key": key})
        Notification.objects.filter(key=key, person_id__in=person_ids,
                                    mail=MailState.QUEUED).update(mail=MailState.FAILED)


@task()
def send_immediate(*, key: str, person_ids: list[int]) -> None:
    for notification in Notification.objects.filter(
            key=key, person_id__in=person_ids, mail=MailState.QUEUED).select_related(
            "person", "alliance"):
        person = notification.person
        with translation.override(person.language or "nl"):
            subject = f"[{notification.alliance.name}] {notification_text(notification)}"
            body = f"{notification_text(notification)}\n\n{notification.url}\n"
        EmailMessage(subject=subject, body=body, to=[person.email]).send()
        Notification.objects.filter(pk=notification.pk).update(mail=MailState.SENT,
                                                                mailed_at=timezone.now())
