"""The one way into the journal, its verification and the partners' checkpoints.

Call `journal_append` inside the transaction of the change it records.
"""

from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from concordia.core.errors import Conflict, DomainError

from . import registry, rules
from .models import JournalEntry, JournalHead


def journal_append(
    *, alliance: Any, actor: Any, kind: str, subject: models.Model, payload: dict[str, Any]
) -> JournalEntry:
    """Append a commitment to the alliance's chain, seal it and move the head forward; fails
    loudly outside a transaction."""
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
    head = JournalHead.objects.filter(alliance_id=alliance.pk).first()
    # Never extend a journal that does not end at its head: appending would move the head over
    # removed entries and hide the removal.
    if (head is None) != (last is None) or (
            head is not None and last is not None
            and (head.seq, head.hash) != (last["seq"], last["hash"])):
        raise Conflict(_("The alliance's journal does not verify; nothing more is recorded "
                         "until it is repaired."))
    seq = last["seq"] + 1 if last else 1
    previous_hash = last["hash"] if last else rules.GENESIS_HASH
    key = settings.JOURNAL_KEY
    now = timezone.now()
    entry = JournalEntry(
        alliance_id=alliance.pk,
        seq=seq,
        kind=kind,
        actor=actor,
        actor_label=f"{actor} <{actor.email}>" if actor is not None else "system",
        subject_type=subject._meta.label,
        subject_id=str(subject.pk),
        payload=payload,
        recorded_at=now.replace(microsecond=0),
        previous_hash=previous_hash,
    )
    entry.hash = rules.entry_hash(previous_hash, entry.content())
    entry.seal = rules.entry_seal(key, entry.hash)
    entry.save(force_insert=True)
    head_values = {"seq": seq, "hash": entry.hash, "moved_at": now,
                   "seal": rules.head_seal(key, alliance.pk, seq, entry.hash)}
    if head is None:
        JournalHead.objects.create(alliance_id=alliance.pk, **head_values)
    else:
        JournalHead.objects.filter(alliance_id=alliance.pk).update(**head_values)
    return entry


def _chained(entry: JournalEntry) -> rules.ChainedEntry:
    return rules.ChainedEntry(entry.seq, entry.content(), entry.previous_hash, entry.hash,
                              entry.seal)


def journal_verify(*, alliance_id: int) -> rules.ChainReport:
    """Recompute the alliance's chain from the stored rows, check every seal and the head."""
    entries = JournalEntry.objects.filter(alliance_id=alliance_id).order_by("seq").iterator()
    stored_head = JournalHead.objects.filter(alliance_id=alliance_id).first()
    head = (rules.Head(stored_head.alliance_id, stored_head.seq, stored_head.hash,
                       stored_head.seal) if stored_head else None)
    return rules.verify_journal(key=settings.JOURNAL_KEY, alliance_id=alliance_id,
                                entries=(_chained(e) for e in entries), head=head)


def journal_checkpoint(*, alliance_id: int) -> rules.Checkpoint:
    """A signed checkpoint of the journal as it ends now, for a partner to keep. Only an intact
    journal is vouched for (409 otherwise)."""
    report = journal_verify(alliance_id=alliance_id)
    if not report.intact:
        raise Conflict(_("The journal does not verify (%(reason)s); no checkpoint is issued.")
                       % {"reason": report.reason})
    head = JournalHead.objects.get(alliance_id=alliance_id)
    issued_at = timezone.now().replace(microsecond=0).isoformat()
    return rules.checkpoint_issue(key=settings.JOURNAL_KEY, alliance_id=alliance_id,
                                  seq=head.seq, hash_value=head.hash, issued_at=issued_at)


def checkpoint_parse(data: Any) -> rules.Checkpoint:
    """A checkpoint as a partner sends it back (the JSON file it downloaded); 400 when it does
    not have a checkpoint's shape."""
    fields = {"alliance": int, "seq": int, "hash": str, "issued_at": str, "signature": str}
    if not isinstance(data, dict) or set(data) != set(fields) or any(
            type(data[name]) is not kind for name, kind in fields.items()):
        raise DomainError(_("This is not a journal checkpoint."), code="invalid_checkpoint")
    if data["seq"] < 1 or not rules.HEX64.match(data["hash"]) \
            or not rules.HEX64.match(data["signature"]):
        raise DomainError(_("This is not a journal checkpoint."), code="invalid_checkpoint")
    return rules.Checkpoint(data["alliance"], data["seq"], data["hash"], data["issued_at"],
                            data["signature"])


def checkpoint_verify(*, checkpoint: rules.Checkpoint) -> rules.CheckpointReport:
    """Does today's journal still extend the checkpoint a partner kept?"""
    at_seq = (JournalEntry.objects.filter(alliance_id=checkpoint.alliance, seq=checkpoint.seq)
              .values_list("hash", flat=True).first())
    return rules.verify_checkpoint(key=settings.JOURNAL_KEY, checkpoint=checkpoint,
                                   entry_hash_at_seq=at_seq,
                                   journal=journal_verify(alliance_id=checkpoint.alliance))
