"""Creating notifications, and each person's own writes on theirs: reading them, choosing how
they arrive.

``notify`` is called by other apps' services inside their transaction (after the alliance lock
they already hold); the mail leaves only after the transaction commits. The person's own writes
are not in an alliance, so not journaled; each is atomic and saying the same twice changes
nothing."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from concordia.accounts.models import Person
from concordia.core.errors import DomainError

from . import mail, rules, selectors
from .choices import MailState
from .models import Notification, NotificationPreference


def notify(*, people: Iterable[Person], alliance: Any, kind: str, key: str,
           params: Mapping[str, Any], url: str) -> list[Notification]:
    """Tell each person (once per ``key``: a retried request or a task run twice adds nothing)
    about an event in the alliance (an ``alliances.Alliance``: notifications sit below the
    alliances app, as the journal does, so that every app from alliances up can notify).
    ``params`` are plain JSON values the text is made of, rendered in the reader's language;
    ``url`` is the path where the event is seen. Inactive people and duplicates are skipped.
    Returns the notifications made now."""
    by_id = {p.pk: p for p in people if p is not None and p.is_active}
    if not by_id:
        return []
    existing = set(Notification.objects.filter(person_id__in=by_id, key=key)
                   .values_list("person_id", flat=True))
    chosen: dict[int, dict[str, str]] = {}
    for person_id, pref_kind, delivery in NotificationPreference.objects.filter(
            person_id__in=by_id, kind=kind).values_list("person_id", "kind", "delivery"):
        chosen.setdefault(person_id, {})[pref_kind] = delivery
    made = [
        Notification(person_id=person_id, alliance=alliance, kind=kind, key=key,
                     params=dict(params), url=url,
                     mail=rules.initial_mail_state(rules.delivery_for(kind,
                                                                      chosen.get(person_id, {}))))
        for person_id in sorted(by_id) if person_id not in existing
    ]
    # ignore_conflicts: two requests racing on one event make one row per person.
    Notification.objects.bulk_create(made, ignore_conflicts=True)
    queued = [n.person_id for n in made if n.mail == MailState.QUEUED]
    if queued:
        transaction.on_commit(lambda: mail.enqueue_immediate(key=key, person_ids=queued))
    return made


def notifications_settle(*, keys: Iterable[str]) -> int:
    """The events behind these keys are over (an invitation accepted or withdrawn): whoever
    has not read their notification yet has it marked read, so it leaves the unread count and
    a mail still waiting (at once or for the digest) is not sent. Called by the service that
    ends the event, inside its transaction; returns how many were still unread."""
    keys = sorted(set(keys))
    if not keys:
        return 0
    return Notification.objects.filter(key__in=keys, read_at__isnull=True).update(
        read_at=timezone.now())


@transaction.atomic
def notification_mark_read(*, actor: Person, pk: int) -> Notification:
    """The person has seen one of their notifications (404 for anyone else's). Marking it
    again keeps the first time."""
    notification = selectors.notification_get(user=actor, pk=pk)
    if notification.read_at is None:
        now = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        notification.refresh_from_db(fields=["read_at"])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, actor: Person) -> int:
    """Every unread notification the person can see is read now; returns how many."""
    unread = selectors.notification_list(user=actor, unread_only=True)
    return Notification.objects.filter(pk__in=unread.values("pk")).update(
        read_at=timezone.now())


@transaction.atomic
def preferences_set(*, actor: Person, choices: Mapping[str, str]) -> dict[str, str]:
    """The person's choice per kind (immediately, daily digest, no e-mail); a kind left out
    goes back to its default. The same choices twice change nothing; two requests at once
    leave one row per kind (the unique constraint, updated on conflict)."""
    current = selectors.preferences_of(user=actor)
    try:
        save, forget = rules.preference_changes(current, choices)
    except ValueError as exc:
        raise DomainError("Unknown notification kind or delivery.", field=str(exc),
                          code="invalid") from exc
    if forget:
        NotificationPreference.objects.filter(person=actor, kind__in=forget).delete()
    if save:
        NotificationPreference.objects.bulk_create(
            [NotificationPreference(person=actor, kind=kind, delivery=delivery)
             for kind, delivery in sorted(save.items())],
            update_conflicts=True, unique_fields=["person", "kind"],
            update_fields=["delivery"])
    return selectors.preferences_of(user=actor)
