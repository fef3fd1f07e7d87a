"""Pure rules of notifications: the default delivery per kind, how a notification reaches a
person's mailbox, and how a daily digest is composed (no ORM)."""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

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
    # The invitation mail itself goes out at once; the notification only reminds, the next
    # day, of an invitation still unanswered (two mails for one invitation would be noise).
    NotificationKind.INVITATION_TO_ANSWER: Delivery.DAILY_DIGEST,
    NotificationKind.VOTE_WAITING: Delivery.IMMEDIATELY,
    NotificationKind.DECISION_TAKEN: Delivery.DAILY_DIGEST,
    NotificationKind.BOTTLENECK_WAITING: Delivery.IMMEDIATELY,
    NotificationKind.BOTTLENECK_OVERDUE: Delivery.DAILY_DIGEST,
    NotificationKind.SIGNATURE_WAITING: Delivery.IMMEDIATELY,
    NotificationKind.AGREEMENT_REVIEW_DUE: Delivery.DAILY_DIGEST,
    NotificationKind.REPORT_SECTION_DUE: Delivery.IMMEDIATELY,
    NotificationKind.RECOMMENDATIONS_WAITING: Delivery.IMMEDIATELY,
}


# Kinds addressed to the person themselves rather than to a role they hold: an invitation to
# answer reaches someone who has no role in its alliance yet. They are shown and mailed without
# one; every other kind only while the person has a live role in the notification's alliance.
ADDRESSED_TO_THE_PERSON: frozenset[str] = frozenset({NotificationKind.INVITATION_TO_ANSWER})


def shown(kind: str, *, in_visible_alliance: bool) -> bool:
    """Whether a person sees (and is mailed) one of their notifications."""
    return in_visible_alliance or kind in ADDRESSED_TO_THE_PERSON


def delivery_for(kind: str, chosen: Mapping[str, str]) -> str:
    """The person's own choice for the kind, else its default."""
    return chosen.get(kind) or DEFAULT_DELIVERY[kind]


def initial_mail_state(delivery: str) -> str:
    """Where a new notification's mail starts: queued at once, waiting for the digest, or none."""
    states: dict[str, str] = {Delivery.IMMEDIATELY: MailState.QUEUED,
                              Delivery.DAILY_DIGEST: MailState.PENDING,
                              Delivery.NO_EMAIL: MailState.NOT_SENT}
    return states[delivery]


def still_mailed(kind: str, chosen: Mapping[str, str], *, read: bool, visible: bool) -> bool:
    """Whether a notification waiting for its mail still goes out when the mail is made: not
    when the person has read it here meanwhile, no longer has a role in its alliance, or has
    since chosen no e-mail for its kind."""
    return visible and not read and delivery_for(kind, chosen) != Delivery.NO_EMAIL


def preference_changes(current: Mapping[str, str], wanted: Mapping[str, str]
                       ) -> tuple[dict[str, str], list[str]]:
    """What to store for a person's new choices: (kind → delivery to save, kinds to forget).
    A kind not in ``wanted`` goes back to its default; saving the same choices twice changes
    nothing. Unknown kinds or deliveries raise ValueError (the caller names the field)."""
    for kind, delivery in wanted.items():
        if kind not in DEFAULT_DELIVERY:
            raise ValueError(kind)
        if delivery not in Delivery.values:
            raise ValueError(kind)
    save = {k: d for k, d in wanted.items() if current.get(k) != d}
    forget = sorted(k for k in current if k not in wanted)
    return save, forget


# --- the daily digest -------------------------------------------------------------------------

@dataclass(frozen=True)
class DigestItem:
    """One notification as the digest sees it (already rendered in the reader's language)."""

    alliance_id: int
    alliance_name: str
    text: str
    url: str
    created_at: dt.datetime


@dataclass(frozen=True)
class DigestGroup:
    alliance_id: int
    alliance_name: str
    items: tuple[DigestItem, ...]


def compose_digest(notifications: Iterable[DigestItem]) -> list[DigestGroup]:
    """One group per alliance (by name, then id), each with its notifications oldest first, so
    the mail reads as what happened since the last one. Nothing pending: no groups, and then no
    mail at all (a digest is never sent empty)."""
    by_alliance: dict[int, list[DigestItem]] = {}
    for item in notifications:
        by_alliance.setdefault(item.alliance_id, []).append(item)
    groups = [DigestGroup(alliance_id=alliance_id, alliance_name=items[0].alliance_name,
                          items=tuple(sorted(items, key=lambda i: (i.created_at, i.url,
                                                                   i.text))))
              for alliance_id, items in by_alliance.items()]
    return sorted(groups, key=lambda g: (g.alliance_name.casefold(), g.alliance_id))
