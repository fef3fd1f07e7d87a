"""Pure rules of the alliance design (no ORM): who must endorse, endorsement progress, which
version is in force and which is proposed, and the word-level difference between versions."""

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# The objective belongs to the partners that own the alliance together; ecosystem, covenant,
# customer and supplier partners may endorse it, but the alliance does not wait for them.
ENDORSING_PARTNER_TYPES = frozenset({"owner", "core"})


@dataclass(frozen=True)
class PartnerRef:
    id: int
    name: str
    partner_type: str


@dataclass(frozen=True)
class EndorsementProgress:
    active: tuple[PartnerRef, ...]
    required: tuple[PartnerRef, ...]
    endorsed: tuple[PartnerRef, ...]
    waiting: tuple[PartnerRef, ...]

    @property
    def complete(self) -> bool:
        return bool(self.required) and not self.waiting


def endorsement_progress(active_partners: Iterable[PartnerRef],
                         endorsing_partner_ids: Iterable[int]) -> EndorsementProgress:
    """Which required partners have endorsed the current version and which are awaited."""
    endorsed_ids = set(endorsing_partner_ids)
    partners = sorted(active_partners, key=lambda p: p.name)
    required = tuple(p for p in partners if p.partner_type in ENDORSING_PARTNER_TYPES)
    endorsed = tuple(p for p in partners if p.id in endorsed_ids)
    waiting = tuple(p for p in required if p.id not in endorsed_ids)
    return EndorsementProgress(tuple(partners), required, endorsed, waiting)


def next_version_number(existing: Sequence[int]) -> int:
    return max(existing, default=0) + 1


# --- In force and proposed (docs/decisions/0011-in-force-and-proposals.md) -------------------

@dataclass(frozen=True)
class VersionState:
    """What the rules need of one version: its number, whether it ever entered into force, and
    whether it was withdrawn as a proposal."""
    number: int
    entered_into_force: bool
    withdrawn: bool


IN_FORCE = "in_force"
PROPOSAL = "proposal"
SUPERSEDED = "superseded"  # was in force; a later version replaced it
WITHDRAWN = "withdrawn"  # a proposal withdrawn (or replaced by a newer proposal)
NOT_ADOPTED = "not_adopted"  # never entered into force, yet not the proposal


def version_in_force(versions: Iterable[VersionState]) -> int | None:
    """The number of the version in force: the newest one that ever entered into force."""
    return max((v.number for v in versions if v.entered_into_force), default=None)


def open_proposal(versions: Iterable[VersionState]) -> int | None:
    """The number of the proposal: the newest version after the one in force that neither
    entered into force nor was withdrawn. There is at most one, since proposing replaces the
    open one."""
    versions = list(versions)
    in_force = version_in_force(versions) or 0
    newest = max(versions, key=lambda v: v.number, default=None)
    if newest is None or newest.number <= in_force or newest.withdrawn:
        return None
    return newest.number


def version_status(versions: Sequence[VersionState], number: int) -> str:
    in_force, proposal = version_in_force(versions), open_proposal(versions)
    if number == in_force:
        return IN_FORCE
    if number == proposal:
        return PROPOSAL
    state = next(v for v in versions if v.number == number)
    if state.entered_into_force:
        return SUPERSEDED
    return WITHDRAWN if state.withdrawn else NOT_ADOPTED


def enters_into_force(progress: EndorsementProgress) -> bool:
    """A proposal enters into force once every required partner endorses it — not before."""
    return progress.complete


# --- Word-level differences --------------------------------------------------------------

EQUAL, INSERTED, DELETED = "equal", "inserted", "deleted"


@dataclass(frozen=True)
class DiffPart:
    op: str
    text: str


def word_diff(old: str, new: str) -> tuple[DiffPart, ...]:
    """The words deleted from ``old`` and inserted in ``new``, in reading order. Whitespace
    travels with the word before it, so joining the equal and inserted parts gives ``new``
    and joining the equal and deleted parts gives ``old``."""
    old_words, new_words = _words(old), _words(new)
    parts: list[DiffPart] = []

    def add(op: str, words: Sequence[str]) -> None:
        if not words:
            return
        text = "".join(words)
        if parts and parts[-1].op == op:
            parts[-1] = DiffPart(op, parts[-1].text + text)
        else:
            parts.append(DiffPart(op, text))

    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            add(EQUAL, new_words[j1:j2])
        else:
            add(DELETED, old_words[i1:i2])
            add(INSERTED, new_words[j1:j2])
    return tuple(parts)


def _words(text: str) -> list[str]:
    return re.findall(r"\S+\s*|\s+", text)
