"""Creating notifications. Called by other apps' services inside their transaction (after the
alliance lock they already hold); the mail leaves only after the transaction commits."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction

from concordia.accounts.models import Person
from concordia.alliances.models import Alliance

from . import mail, rules
from .choices import MailState
from .models import Notification, NotificationPreference


def notify(*, people: Iterable[Person], alliance: Alliance, kind: str, key: str,
           params: Mapping[str, Any], url: str) -> list[Notification]:
    """Tell each person (once per ``key``: a retried request or a task run twice adds nothing)
    about an event in the alliance. ``params`` are plain JSON values the text is made of,
    rendered in the reader's language; ``url`` is where the event is seen. Inactive people and
    duplicates are skipped. Returns the notifications made now."""
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
