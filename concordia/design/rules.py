"""Pure rules of the alliance design (no ORM): who must endorse, and endorsement progress."""

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
