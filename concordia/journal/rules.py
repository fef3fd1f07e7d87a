"""The journal's hash chain: pure functions over plain values (no ORM).

Each entry's hash is SHA-256 over the previous entry's hash and the entry's canonical JSON
content, so changing, inserting or removing any entry breaks every hash after it.
"""

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS_HASH = "0" * 64


def canonical_json(content: Mapping[str, Any]) -> str:
    """One byte-exact text per content: sorted keys, no spaces, UTF-8 kept as is."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def entry_hash(previous_hash: str, content: Mapping[str, Any]) -> str:
    return hashlib.sha256((previous_hash + canonical_json(content)).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainedEntry:
    seq: int
    content: Mapping[str, Any]
    previous_hash: str
    hash: str


@dataclass(frozen=True)
class ChainReport:
    intact: bool
    entries: int
    first_bad_seq: int | None = None
    reason: str = ""


def verify_chain(entries: Iterable[ChainedEntry]) -> ChainReport:
    """Walk entries in sequence order; report the first one whose link or hash is wrong."""
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
