"""The journal's hash chain, seals and checkpoints: pure functions over plain values (no ORM).

Each entry's hash is SHA-256 over the previous entry's hash and the entry's canonical JSON
content, so changing, inserting or removing any entry breaks every hash after it. That chain is
public: anyone can recompute it. What a database-only attacker cannot recompute are the seals —
HMAC-SHA256 under the JOURNAL_KEY, which lives outside the database — over each entry's hash and
over the alliance's head (its last number and hash), and the signature on a checkpoint.
"""

import hashlib
import hmac
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS_HASH = "0" * 64
# Every alliance's journal starts with its creation: an empty journal has been emptied.
FIRST_KIND = "AllianceCreated"
HEX64 = re.compile(r"^[0-9a-f]{64}$")


def canonical_json(content: Mapping[str, Any]) -> str:
    """One byte-exact text per content: sorted keys, no spaces, UTF-8 kept as is."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(previous_hash: str, content: Mapping[str, Any]) -> str:
    return hashlib.sha256((previous_hash + canonical_json(content)).encode("utf-8")).hexdigest()


def _hmac(key: str, purpose: str, message: str) -> str:
    # The purpose keeps an entry's seal, a head's seal and a checkpoint's signature apart: none
    # can be replayed as another.
    return hmac.new(key.encode("utf-8"), f"{purpose}\n{message}".encode(),
                    hashlib.sha256).hexdigest()


def entry_seal(key: str, entry_hash_value: str) -> str:
    """The entry's seal: its hash already covers its content, number, alliance and link."""
    return _hmac(key, "journal-entry", entry_hash_value)


def head_seal(key: str, alliance_id: int, seq: int, hash_value: str) -> str:
    return _hmac(key, "journal-head", f"{alliance_id}:{seq}:{hash_value}")


def checkpoint_signature(key: str, alliance_id: int, seq: int, hash_value: str,
                         issued_at: str) -> str:
    return _hmac(key, "journal-checkpoint", f"{alliance_id}:{seq}:{hash_value}:{issued_at}")


def seal_matches(expected: str, given: str) -> bool:
    return hmac.compare_digest(expected, given)


@dataclass(frozen=True)
class ChainedEntry:
    seq: int
    content: Mapping[str, Any]
    previous_hash: str
    hash: str
    seal: str = ""


@dataclass(frozen=True)
class Head:
    alliance_id: int
    seq: int
    hash: str
    seal: str


@dataclass(frozen=True)
class ChainReport:
    intact: bool
    entries: int
    first_bad_seq: int | None = None
    reason: str = ""


def verify_chain(entries: Iterable[ChainedEntry]) -> ChainReport:
    """Walk entries in sequence order; report the first one whose link or hash is wrong.

    The public part of verification: anyone holding the rows can run it, no key needed."""
    expected_previous = GENESIS_HASH
    count = 0
    for count, entry in enumerate(entries, start=1):  # count is read after the loop
        if entry.seq != count:
            return ChainReport(False, count - 1, entry.seq, "sequence gap")
        if entry.previous_hash != expected_previous:
            return ChainReport(False, count - 1, entry.seq, "broken link to previous entry")
        if entry_hash(entry.previous_hash, entry.content) != entry.hash:
            return ChainReport(False, count - 1, entry.seq, "content does not match its hash")
        expected_previous = entry.hash
    return ChainReport(True, count)


def verify_journal(*, key: str, alliance_id: int, entries: Iterable[ChainedEntry],
                   head: Head | None) -> ChainReport:
    """The whole check of one alliance's journal: the chain, every entry's seal, a first entry
    that creates the alliance, and a sealed head that the chain ends at exactly.

    Without the head, removing the last entries would leave a shorter chain that still links;
    without the seals, an edit followed by recomputing every later hash would verify."""
    rows = list(entries)
    report = verify_chain(rows)
    if not report.intact:
        return report
    for entry in rows:
        if not seal_matches(entry_seal(key, entry.hash), entry.seal):
            return ChainReport(False, entry.seq - 1, entry.seq,
                               "seal does not match (rewritten without the journal key)")
    if not rows:
        return ChainReport(False, 0, 1, "the journal has no entries")
    if rows[0].content.get("kind") != FIRST_KIND:
        return ChainReport(False, 0, 1, "the journal does not start with the alliance's creation")
    last = rows[-1]
    if head is None:
        return ChainReport(False, len(rows), None, "the journal's head is missing")
    if not seal_matches(head_seal(key, alliance_id, head.seq, head.hash), head.seal) \
            or head.alliance_id != alliance_id:
        return ChainReport(False, len(rows), None,
                           "the head's seal does not match (rewritten without the journal key)")
    if head.seq > last.seq:
        return ChainReport(False, len(rows), last.seq + 1,
                           "entries after the last one are missing (the head is further)")
    if head.seq < last.seq or head.hash != last.hash:
        return ChainReport(False, len(rows), head.seq + 1 if head.seq < last.seq else last.seq,
                           "the journal does not end at its head")
    return ChainReport(True, len(rows))


@dataclass(frozen=True)
class Checkpoint:
    """What a partner keeps: the journal's state at a moment, signed by the installation."""
    alliance: int
    seq: int
    hash: str
    issued_at: str
    signature: str

    def as_dict(self) -> dict[str, Any]:
        return {"alliance": self.alliance, "seq": self.seq, "hash": self.hash,
                "issued_at": self.issued_at, "signature": self.signature}


def checkpoint_issue(*, key: str, alliance_id: int, seq: int, hash_value: str,
                     issued_at: str) -> Checkpoint:
    return Checkpoint(alliance_id, seq, hash_value, issued_at,
                      checkpoint_signature(key, alliance_id, seq, hash_value, issued_at))


@dataclass(frozen=True)
class CheckpointReport:
    extends: bool
    reason: str


def verify_checkpoint(*, key: str, checkpoint: Checkpoint, entry_hash_at_seq: str | None,
                      journal: ChainReport) -> CheckpointReport:
    """Does today's journal still extend the checkpoint? The checkpoint must carry this
    installation's signature (so nobody can accuse the journal with a made-up one), the entry
    at its number must have the same hash, and the journal must verify as a whole."""
    expected = checkpoint_signature(key, checkpoint.alliance, checkpoint.seq, checkpoint.hash,
                                    checkpoint.issued_at)
    if not seal_matches(expected, checkpoint.signature):
        return CheckpointReport(False, "the checkpoint's signature does not match: it was not "
                                       "issued for this journal (or it was altered)")
    if entry_hash_at_seq is None:
        return CheckpointReport(False, f"entry #{checkpoint.seq} of the checkpoint is missing: "
                                       "the journal was shortened")
    if entry_hash_at_seq != checkpoint.hash:
        return CheckpointReport(False, f"entry #{checkpoint.seq} differs from the checkpoint: "
                                       "history before the checkpoint was rewritten")
    if not journal.intact:
        return CheckpointReport(False, f"the journal is broken after the checkpoint: "
                                       f"{journal.reason}")
    return CheckpointReport(True, "")
