"""Writing generated data in bulk (data set D): rows in batches, journal entries chained and
sealed exactly as ``journal_append`` makes them, and notifications as ``notify`` leaves them.

Only for generators that build a whole history at once: no locks, no access checks, no
validation. A generator builds its rows in memory, inserts them (``insert`` sets their ids),
and only then resolves what refers to ids: a journal payload or a notification's address may
therefore be a function, called when the rows are written.
"""

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, models
from django.utils import timezone

from concordia.core.errors import Conflict
from concordia.journal import registry
from concordia.journal import rules as chain
from concordia.journal.models import JournalEntry, JournalHead
from concordia.notifications import rules as notification_rules
from concordia.notifications.choices import Delivery, MailState
from concordia.notifications.models import Notification

BATCH = 2000

Payload = dict[str, Any] | Callable[[], dict[str, Any]]


def insert[M: models.Model](model: type[M], rows: Sequence[M], *, batch: int = BATCH
                            ) -> Sequence[M]:
    """Insert the rows in batches; each row has its id afterwards (PostgreSQL and SQLite return
    them)."""
    if rows:
        model._default_manager.bulk_create(rows, batch_size=batch)
    return rows


def insert_rows[M: models.Model](model: type[M], rows: Sequence[M], *, batch: int = 5000
                                 ) -> int:
    """Insert rows whose ids nobody needs afterwards, several times faster than bulk_create
    (which spends most of its time compiling every value into SQL): each value is prepared by
    its own field as Django prepares it (auto_now_add included, a related row by its id), then
    one executemany per batch. Returns how many."""
    if not rows:
        return 0
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    related = [f for f in fields if isinstance(f, models.ForeignKey)]
    quote = connection.ops.quote_name
    # The names come from the model's own metadata, quoted; every value is a parameter.
    sql = (f"INSERT INTO {quote(model._meta.db_table)} "  # noqa: S608
           f"({', '.join(quote(str(f.column)) for f in fields)}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")
    values = []
    for row in rows:
        for f in related:  # a row made before the one it refers to had its id
            if getattr(row, f.attname) is None and f.is_cached(row):
                target = f.get_cached_value(row)
                if target is not None:
                    setattr(row, f.attname, target.pk)
        values.append(tuple(f.get_db_prep_save(f.pre_save(row, True), connection)
                            for f in fields))
    with connection.cursor() as cursor:
        for start in range(0, len(values), batch):
            cursor.executemany(sql, values[start:start + batch])
    return len(values)


@dataclass
class _Pending:
    kind: str
    actor: Any
    subject: models.Model
    payload: Payload


class JournalWriter:
    """One alliance's journal, appended to in bulk: entries are collected in the order they
    happen and written, chained from the alliance's head and sealed with JOURNAL_KEY, by
    ``flush``, which moves the head as ``journal_append`` does. The chain verifies afterwards
    (``journal_verify``) like one made entry by entry."""

    def __init__(self, alliance_id: int) -> None:
        self.alliance_id = alliance_id
        self.pending: list[_Pending] = []
        self.written = 0

    def add(self, kind: str, *, actor: Any, subject: models.Model, payload: Payload) -> None:
        """``payload`` as the service writes it: JSON's own types, keys as text (the hash is
        computed over it as given and must match the row read back)."""
        registry.get(kind)  # only kinds an app registered, as journal_append insists
        self.pending.append(_Pending(kind, actor, subject, payload))

    def flush(self) -> int:
        """Write what was added (the subjects must have their ids by now); returns how many."""
        if not self.pending:
            return 0
        last = (JournalEntry.objects.filter(alliance_id=self.alliance_id).order_by("-seq")
                .values("seq", "hash").first())
        head = JournalHead.objects.filter(alliance_id=self.alliance_id).first()
        if (head is None) != (last is None) or (
                head is not None and last is not None
                and (head.seq, head.hash) != (last["seq"], last["hash"])):
            raise Conflict("The alliance's journal does not end at its head.")
        seq = last["seq"] if last else 0
        previous = last["hash"] if last else chain.GENESIS_HASH
        key = settings.JOURNAL_KEY
        now = timezone.now()
        recorded_at = now.replace(microsecond=0)
        entries = []
        for pending in self.pending:
            subject = pending.subject
            if subject.pk is None:
                raise ValueError(f"{pending.kind}: its subject has no id yet")
            payload = pending.payload() if callable(pending.payload) else pending.payload
            actor = pending.actor
            seq += 1
            entry = JournalEntry(
                alliance_id=self.alliance_id, seq=seq, kind=pending.kind,
                actor_id=actor.pk if actor is not None else None,
                actor_label=f"{actor} <{actor.email}>" if actor is not None else "system",
                subject_type=subject._meta.label, subject_id=str(subject.pk),
                payload=payload, recorded_at=recorded_at, previous_hash=previous)
            entry.hash = chain.entry_hash(previous, entry.content())
            entry.seal = chain.entry_seal(key, entry.hash)
            previous = entry.hash
            entries.append(entry)
        insert_rows(JournalEntry, entries)
        values = {"seq": seq, "hash": previous, "moved_at": now,
                  "seal": chain.head_seal(key, self.alliance_id, seq, previous)}
        if head is None:
            JournalHead.objects.create(alliance_id=self.alliance_id, **values)
        else:
            JournalHead.objects.filter(alliance_id=self.alliance_id).update(**values)
        written = len(entries)
        self.written += written
        self.pending.clear()
        return written


@dataclass
class _Notice:
    person_ids: tuple[int, ...]
    alliance_id: int
    kind: str
    key: Callable[[], str] | str
    params: dict[str, Any]
    url: Callable[[], str] | str
    when: dt.datetime


class NotificationWriter:
    """Notifications as ``notify`` would have made them at the time, seen from today: mailed
    as each kind goes by default (D's people chose nothing), and read a day later, except those
    of the last ``fresh_days``, which are unread and, for the digest, still waiting for it."""

    def __init__(self, *, now: dt.datetime, fresh_days: int = 14) -> None:
        self.now = now
        self.fresh_from = now - dt.timedelta(days=fresh_days)
        self.pending: list[_Notice] = []
        self.written = 0

    def add(self, people: Iterable[int], *, alliance_id: int, kind: str,
            key: Callable[[], str] | str, params: dict[str, Any], url: Callable[[], str] | str,
            when: dt.datetime) -> None:
        person_ids = tuple(sorted(set(people)))
        if person_ids:
            self.pending.append(_Notice(person_ids, alliance_id, kind, key, params, url, when))

    def flush(self) -> int:
        rows = []
        for notice in self.pending:
            key = notice.key() if callable(notice.key) else notice.key
            url = notice.url() if callable(notice.url) else notice.url
            delivery = notification_rules.delivery_for(notice.kind, {})
            fresh = notice.when >= self.fresh_from
            if delivery == Delivery.IMMEDIATELY or not fresh:
                mail, mailed_at = MailState.SENT, min(notice.when + dt.timedelta(hours=1),
                                                      self.now)
            else:
                mail, mailed_at = MailState.PENDING, None
            read_at = None if fresh else notice.when + dt.timedelta(days=1)
            rows += [Notification(person_id=person_id, alliance_id=notice.alliance_id,
                                  kind=notice.kind, key=key, params=notice.params, url=url,
                                  read_at=read_at, mail=mail, mailed_at=mailed_at)
                     for person_id in notice.person_ids]
        insert_rows(Notification, rows)
        self.written += len(rows)
        self.pending.clear()
        return len(rows)
