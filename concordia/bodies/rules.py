"""Pure rules of the alliance's bodies and seats: plain values in, plain values out (no ORM).

- a body's settings are consistent: a fixed chair names a person, a rotating chair's order is
  a permutation of the partners that have a seat (``body_problems``);
- the rotation follows the seats: a partner that gets its first seat joins the end of the
  order, one that loses its last seat leaves it (``reconcile_rotation``);
- a seat is filled with people of its own partner, never one person as holder and substitute
  (``seat_fill_problems``); a seat without a holder is a vacancy (``vacancies``);
- the rest of the decision rule is consistent: known choices, a qualified share and a quorum
  that are shares, weights (whole numbers 1 to 100) for the alliance's own partners only
  (``decision_rule_problems``).
"""

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from concordia.alliances.choices import Level

from .choices import BodyKind, ChairRule, MajorityBasis, QuorumBasis, VotingUnit

# Board and tactical table: being there in person is a sign of commitment, so a substitute
# does not attend unless the body decides otherwise.
IN_PERSON_KINDS = frozenset({BodyKind.BOARD, BodyKind.TACTICAL_TABLE})

# The level each kind of body usually works at (a suggestion: the alliance decides).
USUAL_LEVEL: dict[str, str] = {
    BodyKind.BOARD: Level.STRATEGIC,
    BodyKind.TACTICAL_TABLE: Level.TACTICAL,
    BodyKind.AGENCY: Level.TACTICAL,
    BodyKind.WORKING_GROUP: Level.OPERATIONAL,
    BodyKind.OTHER: Level.OPERATIONAL,
}

# The order in which the structure page shows the levels: from the top down.
LEVEL_ORDER: tuple[str, ...] = (Level.STRATEGIC, Level.TACTICAL, Level.OPERATIONAL)

MAX_SEATS_PER_PARTNER = 20
# A partner's weight in a body that votes per partner, and the parts of a qualified share.
WEIGHT_MIN, WEIGHT_MAX = 1, 100
SHARE_PART_MAX = 100


def default_substitutes_may_attend(kind: str) -> bool:
    """Whether a substitute may attend in the holder's place when the body has not said."""
    return kind not in IN_PERSON_KINDS


def usual_level(kind: str) -> str:
    return USUAL_LEVEL.get(kind, Level.OPERATIONAL)


@dataclass(frozen=True)
class Problem:
    """Why a body's settings or a seat's filling are refused: the field and a stable code."""

    field: str
    code: str


def seated_partners(seat_partner_ids: Iterable[int]) -> list[int]:
    """The partners that have a seat, once each, in the order of their first seat."""
    return list(dict.fromkeys(seat_partner_ids))


def default_rotation(seat_partner_ids: Iterable[int]) -> list[int]:
    """The chair rotates between the seated partners in the order they got their seats."""
    return seated_partners(seat_partner_ids)


def reconcile_rotation(rotation: Sequence[int], seat_partner_ids: Iterable[int]) -> list[int]:
    """The rotation kept consistent with the seats: partners still seated keep their order,
    partners without a seat any more leave it, newly seated partners join at the end (in the
    order of their first seat)."""
    seated = seated_partners(seat_partner_ids)
    present = set(seated)
    kept = [p for p in dict.fromkeys(rotation) if p in present]
    known = set(kept)
    return kept + [p for p in seated if p not in known]


def rotation_problem(rotation: Sequence[int], seated: Collection[int]) -> str | None:
    """Why ``rotation`` is not a permutation of the seated partners, or None when it is."""
    if len(set(rotation)) != len(rotation):
        return "rotation_repeats_partner"
    if set(rotation) - set(seated):
        return "rotation_partner_without_seat"
    if set(seated) - set(rotation):
        return "rotation_misses_partner"
    return None


def body_problems(*, chair_rule: str, chair_person_id: int | None, rotation: Sequence[int],
                  seated: Collection[int]) -> list[Problem]:
    """What is wrong with a body's chair settings (empty when nothing): a fixed chair needs a
    person; the rotation order must name every seated partner exactly once and no other."""
    problems = []
    if chair_rule not in ChairRule.values:
        problems.append(Problem("chair_rule", "unknown_chair_rule"))
    if chair_rule == ChairRule.FIXED and chair_person_id is None:
        problems.append(Problem("chair_person", "fixed_chair_needs_person"))
    if (code := rotation_problem(rotation, seated)) is not None:
        problems.append(Problem("rotation", code))
    return problems


def rotation_from_positions(positions: dict[int, int], current: Sequence[int]) -> list[int]:
    """The rotation as a page sends it: a position number per seated partner. Partners are
    ordered by their number; equal numbers keep the current order (so the answer is always a
    permutation of the partners given)."""
    index = {p: i for i, p in enumerate(current)}
    return sorted(positions, key=lambda p: (positions[p], index.get(p, len(index)), p))


def next_seat_position(taken: Iterable[int]) -> int:
    """The position of a partner's next seat: one after the highest still in use."""
    return max(taken, default=0) + 1


@dataclass(frozen=True)
class SeatFacts:
    """A seat as plain values."""

    seat_id: int
    partner_id: int
    holder_id: int | None
    substitute_id: int | None


def vacancies(seats: Iterable[SeatFacts]) -> list[SeatFacts]:
    """The seats that nobody holds (a substitute alone does not fill a seat)."""
    return [s for s in seats if s.holder_id is None]


def seat_fill_problems(*, holder_id: int | None, substitute_id: int | None,
                       eligible: Collection[int]) -> list[Problem]:
    """Why a seat cannot be filled so: holder and substitute must each be one of ``eligible``
    (the people who may sit for the seat's partner) and not the same person. A substitute
    without a holder is allowed: the seat stays vacant until the partner names its holder."""
    problems = []
    if holder_id is not None and holder_id not in eligible:
        problems.append(Problem("holder", "not_of_partner"))
    if substitute_id is not None and substitute_id not in eligible:
        problems.append(Problem("substitute", "not_of_partner"))
    if holder_id is not None and holder_id == substitute_id:
        problems.append(Problem("substitute", "substitute_is_holder"))
    return problems


def decision_rule_problems(*, voting_unit: str, majority_basis: str, qualified_numerator: int,
                           qualified_denominator: int, quorum_percent: int, quorum_basis: str,
                           weights: Mapping[str, object],
                           partners: Collection[int]) -> list[Problem]:
    """What is wrong with the rest of a body's decision rule (empty when nothing): known
    choices; a qualified majority of at least numerator/denominator, a share above 0 and at
    most 1 (parts up to 100); a quorum of 0 to 100 per cent; weights only for ``partners``
    (the alliance's partners, by id) as whole numbers from 1 to 100, and only where the body
    votes per partner."""
    problems = []
    if voting_unit not in VotingUnit.values:
        problems.append(Problem("voting_unit", "unknown_voting_unit"))
    if majority_basis not in MajorityBasis.values:
        problems.append(Problem("majority_basis", "unknown_majority_basis"))
    if quorum_basis not in QuorumBasis.values:
        problems.append(Problem("quorum_basis", "unknown_quorum_basis"))
    if not 1 <= qualified_denominator <= SHARE_PART_MAX:
        problems.append(Problem("qualified_denominator", "invalid_share"))
    elif not 1 <= qualified_numerator <= qualified_denominator:
        problems.append(Problem("qualified_numerator", "invalid_share"))
    if not 0 <= quorum_percent <= 100:
        problems.append(Problem("quorum_percent", "invalid_quorum"))
    for key, value in weights.items():
        if not str(key).isdigit() or int(key) not in partners:
            problems.append(Problem("weights", "weight_unknown_partner"))
            break
        if isinstance(value, bool) or not isinstance(value, int) or not (
                WEIGHT_MIN <= value <= WEIGHT_MAX):
            problems.append(Problem("weights", "invalid_weight"))
            break
    if weights and voting_unit != VotingUnit.PARTNER and any(
            value != 1 for value in weights.values()):
        problems.append(Problem("weights", "weights_need_partner_votes"))
    return problems


def stored_weights(weights: Mapping[str, int]) -> dict[str, int]:
    """The weights as a body keeps them: by partner id as text, in id order, without the
    partners weighing 1 (the default)."""
    return {str(k): int(v) for k, v in sorted(weights.items(), key=lambda kv: int(kv[0]))
            if int(v) != 1}


def rule_change_needs_decision(*, before: Mapping[str, object], after: Mapping[str, object],
                               proposals_put: bool) -> bool:
    """Whether changing a body's decision rule from ``before`` to ``after`` needs a decision of
    the body itself: once a proposal has been put under the rule, the rule is the partners'
    agreement, and the steering roles alone no longer change it (docs/decisions/0013). Until
    then the body is still being set up, and they may."""
    return proposals_put and dict(before) != dict(after)
