"""How a notification reads, in the reader's language (rendered when shown or mailed)."""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from .choices import NotificationKind
from .models import Notification

TEXTS = {
    NotificationKind.MEETING_INVITED: _("You are invited to %(meeting)s."),
    NotificationKind.AGENDA_PUBLISHED: _("The agenda of %(meeting)s is published."),
    NotificationKind.MINUTES_TO_REVIEW: _("The minutes of %(meeting)s wait for your review."),
    NotificationKind.MINUTES_APPROVED: _("The minutes of %(meeting)s are approved."),
    NotificationKind.ACTION_ASSIGNED: _("Action for you: %(action)s."),
    NotificationKind.ACTION_OVERDUE: _("Action overdue: %(action)s."),
    NotificationKind.ENDORSEMENT_WAITING: _("%(statement)s waits for your partner's "
                                            "endorsement."),
    NotificationKind.INVITATION_TO_ANSWER: _("An invitation waits for your answer."),
}


class _Params(dict[str, Any]):
    """A missing value reads as empty rather than failing a page or a mail."""

    def __missing__(self, key: str) -> str:
        return ""


def render_text(kind: str, params: Mapping[str, Any]) -> str:
    if kind not in NotificationKind.values:
        return kind
    return str(TEXTS[NotificationKind(kind)]) % _Params(params)


def notification_text(notification: Notification) -> str:
    return render_text(notification.kind, notification.params)
