"""How a notification reads, in the reader's language (rendered when shown or mailed)."""

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from .choices import Delivery, NotificationKind
from .models import Notification
from .rules import DEFAULT_DELIVERY

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

TEXTS = {
    NotificationKind.MEETING_INVITED: _("You are invited to %(meeting)s."),
    NotificationKind.AGENDA_PUBLISHED: _("The agenda of %(meeting)s is published."),
    NotificationKind.MINUTES_TO_REVIEW: _("The minutes of %(meeting)s wait for your review."),
    NotificationKind.MINUTES_APPROVED: _("The minutes of %(meeting)s are approved."),
    NotificationKind.ACTION_ASSIGNED: _("Action for you: %(action)s."),
    NotificationKind.ACTION_OVERDUE: _("Action overdue: %(action)s."),
    NotificationKind.ENDORSEMENT_WAITING: _("Version %(number)s of the %(statement)s waits for "
                                            "your partner's endorsement."),
    NotificationKind.INVITATION_TO_ANSWER: _("An invitation waits for your answer."),
    NotificationKind.VOTE_WAITING: _("%(decision)s waits for your partner's vote (until "
                                     "%(deadline)s)."),
    NotificationKind.DECISION_TAKEN: _("Decision taken: %(decision)s — %(outcome)s."),
    NotificationKind.BOTTLENECK_WAITING: _("Bottleneck %(bottleneck)s waits for your response "
                                           "(by %(deadline)s)."),
    NotificationKind.BOTTLENECK_OVERDUE: _("The response to bottleneck %(bottleneck)s is "
                                           "overdue."),
    NotificationKind.SIGNATURE_WAITING: _("%(agreement)s waits for your partner's signature."),
    NotificationKind.AGREEMENT_REVIEW_DUE: _("%(agreement)s is due for review on %(review_on)s."),
    NotificationKind.REPORT_SECTION_DUE: _("The report %(report)s waits for the section of "
                                           "%(partner)s."),
    NotificationKind.RECOMMENDATIONS_WAITING: _("The review %(review)s is submitted: its "
                                                "recommendations (%(count)s) wait for the "
                                                "board's answer."),
}

# Values stored as keys (plain JSON, language-free) and how they read. Notifications sit below
# the apps that make them, so the few words they need are kept here.
VALUE_LABELS: dict[str, dict[str, "_StrPromise"]] = {
    "statement": {"objective": _("objective"), "values": _("values statement"),
                  "definition": _("agreed definition of a glossary term")},
    "outcome": {"carried": _("carried"), "rejected": _("rejected"), "no_quorum": _("no quorum")},
}

# How the preferences page and the API name each kind and each delivery.
KIND_LABELS: dict[str, "_StrPromise"] = {
    NotificationKind.MEETING_INVITED: _("Invited to a meeting"),
    NotificationKind.AGENDA_PUBLISHED: _("Agenda published"),
    NotificationKind.MINUTES_TO_REVIEW: _("Minutes to review"),
    NotificationKind.MINUTES_APPROVED: _("Minutes approved"),
    NotificationKind.ACTION_ASSIGNED: _("Action assigned to you"),
    NotificationKind.ACTION_OVERDUE: _("Action overdue"),
    NotificationKind.ENDORSEMENT_WAITING: _("An objective or values version waits for your "
                                            "partner's endorsement"),
    NotificationKind.INVITATION_TO_ANSWER: _("An invitation to answer"),
    NotificationKind.VOTE_WAITING: _("A proposal waits for your partner's vote"),
    NotificationKind.DECISION_TAKEN: _("A decision was taken in your body"),
    NotificationKind.BOTTLENECK_WAITING: _("A bottleneck waits for your response"),
    NotificationKind.BOTTLENECK_OVERDUE: _("A bottleneck's response is overdue"),
    NotificationKind.SIGNATURE_WAITING: _("An agreement waits for your partner's signature"),
    NotificationKind.AGREEMENT_REVIEW_DUE: _("An agreement is due for review"),
    NotificationKind.REPORT_SECTION_DUE: _("Your partner's section of a report is due"),
    NotificationKind.RECOMMENDATIONS_WAITING: _("A review's recommendations wait for the "
                                                "board's answer"),
}
DELIVERY_LABELS: dict[str, "_StrPromise"] = {
    Delivery.IMMEDIATELY: _("E-mail at once"),
    Delivery.DAILY_DIGEST: _("In the daily digest"),
    Delivery.NO_EMAIL: _("No e-mail"),
}


class _Params(dict[str, Any]):
    """A missing value reads as empty rather than failing a page or a mail."""

    def __missing__(self, key: str) -> str:
        return ""


def _readable(params: Mapping[str, Any]) -> _Params:
    readable = _Params()
    for key, value in params.items():
        labels = VALUE_LABELS.get(key, {})
        readable[key] = str(labels[value]) if isinstance(value, str) and value in labels \
            else value
    return readable


def render_text(kind: str, params: Mapping[str, Any]) -> str:
    if kind not in NotificationKind.values:
        return kind
    try:
        return str(TEXTS[NotificationKind(kind)]) % _readable(params)
    except (TypeError, ValueError):  # a value that does not fit its place: the plain label
        return str(KIND_LABELS[kind])


def notification_text(notification: Notification) -> str:
    return render_text(notification.kind, notification.params)


def default_label(kind: str) -> str:
    return str(DELIVERY_LABELS[DEFAULT_DELIVERY[kind]])
