"""Pure rules of notifications: the default delivery per kind, and how a notification reaches a
person's mailbox (no ORM)."""

from collections.abc import Mapping

from .choices import Delivery, MailState, NotificationKind

# Without a choice of their own, a person gets what is urgent at once and the rest in the
# daily digest.
DEFAULT_DELIVERY: Mapping[str, str] = {
    NotificationKind.MEETING_INVITED: Delivery.DAILY_DIGEST,
    NotificationKind.AGENDA_PUBLISHED: Delivery.DAILY_DIGEST,
    NotificationKind.MINUTES_TO_REVIEW: Delivery.IMMEDIATELY,
    NotificationKind.MINUTES_APPROVED: Delivery.DAILY_DIGEST,
    NotificationKind.ACTION_ASSIGNED: Delivery.IMMEDIATELY,
    NotificationKind.ACTION_OVERDUE: Delivery.DAILY_DIGEST,
    NotificationKind.ENDORSEMENT_WAITING: Delivery.IMMEDIATELY,
    NotificationKind.INVITATION_TO_ANSWER: Delivery.IMMEDIATELY,
}


def delivery_for(kind: str, chosen: Mapping[str, str]) -> str:
    """The person's own choice for the kind, else its default."""
    return chosen.get(kind) or DEFAULT_DELIVERY[kind]


def initial_mail_state(delivery: str) -> str:
    """Where a new notification's mail starts: queued at once, waiting for the digest, or none."""
    states: dict[str, str] = {Delivery.IMMEDIATELY: MailState.QUEUED,
                              Delivery.DAILY_DIGEST: MailState.PENDING,
                              Delivery.NO_EMAIL: MailState.NOT_SENT}
    return states[delivery]
