"""The one way into the journal. Call it inside the transaction of the change it records."""

from typing import Any

from django.db import models, transaction
from django.utils import timezone

from . import registry, rules
from .models import JournalEntry


def journal_append(
    *, alliance: Any, actor: Any, kind: str, subject: models.Model, payload: dict[str, Any]
) -> JournalEntry:
    """Append a commitment to the alliance's chain; fails loudly outside a transaction."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("journal_append must run inside the transaction of its change")
    # Only kinds an app registered (with label, commitment flag and description) are recorded:
    # the registry is then the complete list of what the journal can hold.
    registry.get(kind)
    # Serialise appends per alliance: the alliance's writer lock on PostgreSQL (SQLite's write
    # lock does it there). The journal imports no domain app, so this is the same statement as
    # alliances.locks.alliance_lock, in the same mode: callers took it first already, and taking
    # a lock again in the mode one holds is a no-op, never a new place to wait.
    type(alliance).objects.select_for_update(no_key=True).filter(pk=alliance.pk).exists()
    last = (
        JournalEntry.objects.filter(alliance_id=alliance.pk)
        .order_by("-seq")
        .values("seq", "hash")
        .first()
    )
    seq = last["seq"] + 1 if last else 1
    previous_hash = last["hash"] if last else rules.GENESIS_HASH
    entry = JournalEntry(
        alliance_id=alliance.pk,
        seq=seq,
        kind=kind,
        actor=actor,
        actor_label=f"{actor} <{actor.email}>" if actor is not None else "system",
        subject_type=subject._meta.label,
        subject_id=str(subject.pk),
        payload=payload,
        recorded_at=timezone.now().replace(microsecond=0),
        previous_hash=previous_hash,
    )
    entry.hash = rules.entry_hash(previous_hash, entry.content())
    entry.save(force_insert=True)
    return entry


def journal_verify(*, alliance_id: int) -> rules.ChainReport:
    """Recompute the alliance's chain from the stored rows."""
    entries = JournalEntry.objects.filter(alliance_id=alliance_id).order_by("seq").iterator()
    return rules.verify_chain(
        rules.ChainedEntry(e.seq, e.content(), e.previous_hash, e.hash) for e in entries
    )
