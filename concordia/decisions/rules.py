"""How a body's votes are counted, over plain values: no database, no request.

The rule
    A body's decision rule (``Rule``) is copied onto every proposal when it is put, so a
    proposal is counted under the rule it was put under even if the body changes its rule later.
    It says who votes (a *voting unit*: one vote per partner, per seat or per person), what
    carries (``carries``), whether a majority is counted over the votes or over the weight, the
    share a qualified majority needs, and the quorum. Fractions are kept as ``Fraction`` and
    stored as "n/d" text; no float is ever involved.

Weight and split votes
    Only when the body votes per partner may a partner weigh more than 1 (the body's
    ``weights``; a partner it does not name weighs 1). A unit weighing ``w`` casts a *ballot*
    whose shares spread ``w`` over the choices: a plain vote is ``{choice: w}``; a partner
    weighing more than 1 may split, e.g. ``{"for": 2, "against": 1}``. Each share is a
    whole number, none negative, and together they make the unit's weight. The tally counts
    each ballot's shares as they were cast (checked against the unit's weight then).

Which ballot stands
    A unit may vote again until the deadline: for each unit the latest ballot cast at or before
    the deadline stands (latest by time of casting, ties broken by the order the votes were
    stored in); anything cast after the deadline is ignored. So a unit counts once, however
    many of its members voted and however often.

Counting (``tally``)
    Only units eligible for the proposal count; a ballot for any other unit is ignored.

    1. Quorum first. The quorum is a share of the eligible units; the units needed are that
       share of the eligible units, rounded up. The base is the units that voted (any choice,
       abstention included) or, when the rule counts the units present and the meeting's
       attendance is known, the units present (a unit that voted counts as present). A base
       below the units needed: no quorum, whatever the votes say.
    2. Nothing carries without at least one share for.
    3. Then by what carries:
       - unanimity: every eligible unit voted, none with any share against (or objection),
         and at least one share for. Abstaining does not break unanimity.
       - consensus: among the votes cast no share against and no objection, and at least one
         share for.
       - consent: no objection (an objection always gives a reason, and it blocks); a vote
         against without an objection does not block. At least one share for.
       - simple majority: for more than against, abstentions left out; a tie is rejected.
         Over the votes each unit counts 1, a split unit in proportion to its shares; over the
         weight the shares count as they are.
       - qualified majority: for is at least the qualified share (two thirds unless the body
         says otherwise) of for and against together, abstentions left out, on the same basis
         as the simple majority.

Why (``Tally.because``): a code, never text, for the pages to put into words.
    "carried"          the proposal carried (the only code for a carried outcome);
    "quorum"           the quorum was not reached;
    "objection"        an objection was made (unanimity, consensus, consent);
    "against"          a share was cast against (unanimity, consensus);
    "missing_votes"    not every eligible unit voted (unanimity);
    "no_votes_for"     not a single share for;
    "majority"         more against than for (simple majority);
    "tie"              as much for as against (simple majority);
    "below_qualified"  for fell short of the qualified share (qualified majority).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from concordia.bodies.choices import DecisionRule, MajorityBasis, QuorumBasis, VotingUnit

from .choices import Choice, Outcome

CHOICES: tuple[str, ...] = tuple(Choice.values)
# Under these rules a partner may object (with a reason); under the others it may not.
OBJECTION_RULES = frozenset({DecisionRule.CONSENT.value, DecisionRule.CONSENSUS.value})


class Because:
    """The codes of ``Tally.because`` (see the module's docstring)."""

    CARRIED = "carried"
    QUORUM = "quorum"
    OBJECTION = "objection"
    AGAINST = "against"
    MISSING_VOTES = "missing_votes"
    NO_VOTES_FOR = "no_votes_for"
    MAJORITY = "majority"
    TIE = "tie"
    BELOW_QUALIFIED = "below_qualified"

    ALL = (CARRIED, QUORUM, OBJECTION, AGAINST, MISSING_VOTES, NO_VOTES_FOR, MAJORITY, TIE,
           BELOW_QUALIFIED)


class Problem:
    """The codes ``ballot_problem`` returns, each with the field it concerns."""

    UNKNOWN_CHOICE = ("choice", "unknown_choice")
    NO_CHOICE = ("choice", "required")
    OBJECTION_NOT_ALLOWED = ("choice", "objection_not_allowed")
    REASON_REQUIRED = ("reason", "reason_required")
    SPLIT_NOT_ALLOWED = ("shares", "split_not_allowed")
    BAD_SHARE = ("shares", "invalid_share")
    SHARES_NOT_WEIGHT = ("shares", "shares_not_weight")


# --- fractions as text ------------------------------------------------------------------------

_FRACTION = re.compile(r"(?P<n>-?[0-9]+)(?:/(?P<d>[0-9]+))?")


def fraction_text(value: Fraction) -> str:
    """``value`` as "n/d" text, always with a denominator ("2/3", "1/1", "0/1")."""
    return f"{value.numerator}/{value.denominator}"


def parse_fraction(text: str) -> Fraction:
    """The fraction "n/d" (or a whole number "n") stands for; ValueError for anything else,
    floats included."""
    if not isinstance(text, str):
        raise ValueError(f"a fraction is written as text 'n/d', not {text!r}")
    match = _FRACTION.fullmatch(text.strip())
    if match is None or int(match["d"] or 1) == 0:
        raise ValueError(f"not a fraction: {text!r}")
    n, d = int(match["n"]), int(match["d"] or 1)
    return Fraction(n, d)


# --- the rule ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    """A body's decision rule as a proposal is counted under it."""

    carries: str
    voting_unit: str
    majority_basis: str
    qualified: Fraction  # at least this share of for + against (qualified majority)
    quorum: Fraction  # share of the eligible units that must vote or be present; 0 = none
    quorum_basis: str

    def __post_init__(self) -> None:
        if self.carries not in DecisionRule.values:
            raise ValueError(f"unknown decision rule {self.carries!r}")
        if self.voting_unit not in VotingUnit.values:
            raise ValueError(f"unknown voting unit {self.voting_unit!r}")
        if self.majority_basis not in MajorityBasis.values:
            raise ValueError(f"unknown majority basis {self.majority_basis!r}")
        if self.quorum_basis not in QuorumBasis.values:
            raise ValueError(f"unknown quorum basis {self.quorum_basis!r}")
        if not isinstance(self.qualified, Fraction) or not 0 < self.qualified <= 1:
            raise ValueError("the qualified share is a Fraction above 0 and at most 1")
        if not isinstance(self.quorum, Fraction) or not 0 <= self.quorum <= 1:
            raise ValueError("the quorum is a Fraction from 0 to 1")

    def as_dict(self) -> dict[str, Any]:
        return {
            "carries": self.carries,
            "voting_unit": self.voting_unit,
            "majority_basis": self.majority_basis,
            "qualified": fraction_text(self.qualified),
            "quorum": fraction_text(self.quorum),
            "quorum_basis": self.quorum_basis,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Rule:
        """The rule ``as_dict`` wrote; ValueError when a field is missing or wrong."""
        try:
            return cls(carries=str(data["carries"]), voting_unit=str(data["voting_unit"]),
                       majority_basis=str(data["majority_basis"]),
                       qualified=parse_fraction(data["qualified"]),
                       quorum=parse_fraction(data["quorum"]),
                       quorum_basis=str(data["quorum_basis"]))
        except KeyError as missing:
            raise ValueError(f"the rule lacks {missing}") from None


def rule_of(body: Any) -> Rule:
    """The decision rule of a body (anything with the Body's rule fields; no query)."""
    return Rule(
        carries=str(body.decision_rule),
        voting_unit=str(body.voting_unit),
        majority_basis=str(body.majority_basis),
        qualified=Fraction(int(body.qualified_numerator), int(body.qualified_denominator)),
        quorum=Fraction(int(body.quorum_percent), 100),
        quorum_basis=str(body.quorum_basis),
    )


def weight_problem(weights: Any) -> str | None:
    """Why a body's ``weights`` cannot stand ({"<partner id>": whole number ≥ 1}), or None."""
    if not isinstance(weights, Mapping):
        return "not_a_mapping"
    for key, value in weights.items():
        if not str(key).isdigit():
            return "invalid_partner"
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            return "invalid_weight"
    return None


def unit_weight(rule: Rule, weights: Mapping[str, int], partner_id: int) -> int:
    """The weight of a partner's vote: its weight in the body when the body votes per partner
    (1 when the body does not name it), else 1 (a seat or a person weighs 1)."""
    if rule.voting_unit != VotingUnit.PARTNER:
        return 1
    value: Any = weights.get(str(partner_id), 1)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"the weight of partner {partner_id} is not a whole number ≥ 1")
    return value


def partner_unit(partner_id: int) -> str:
    return f"{VotingUnit.PARTNER.value}:{int(partner_id)}"


def seat_unit(seat_id: int) -> str:
    return f"{VotingUnit.SEAT.value}:{int(seat_id)}"


def person_unit(person_id: int) -> str:
    return f"{VotingUnit.PERSON.value}:{int(person_id)}"


def unit_for(rule: Rule, *, partner_id: int, seat_id: int | None, person_id: int) -> str:
    """The unit a vote is for under the rule: the partner's, the seat's or the person's.
    A vote per seat needs the seat (ValueError without)."""
    if rule.voting_unit == VotingUnit.PARTNER:
        return partner_unit(partner_id)
    if rule.voting_unit == VotingUnit.SEAT:
        if seat_id is None:
            raise ValueError("a vote per seat is cast from a seat")
        return seat_unit(seat_id)
    return person_unit(person_id)


def parse_unit(unit: str) -> tuple[str, int]:
    """("partner" | "seat" | "person", id) of a unit; ValueError for anything else."""
    kind, _, number = unit.partition(":")
    if kind not in VotingUnit.values or not number.isdigit():
        raise ValueError(f"not a voting unit: {unit!r}")
    return kind, int(number)


# --- ballots ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ballot:
    """One vote as cast for a unit."""

    unit: str
    shares: Mapping[str, int]  # choice -> weight; a plain vote of a unit weighing w: {choice: w}
    cast_at: dt.datetime
    seq: int  # the order of casting (the Vote's pk): breaks ties on cast_at
    reason: str = ""


def plain_shares(choice: str, weight: int) -> dict[str, int]:
    """The shares of a vote that is not split: the unit's whole weight on one choice."""
    return {choice: weight}


def ballot_of(vote: Any, weight: int) -> Ballot:
    """The ballot of a stored vote (anything with the Vote's fields; no query). A plain vote
    (``choice``) carries ``weight``, the unit's weight now; a split vote its ``shares`` as
    cast."""
    shares = {str(c): int(v) for c, v in vote.shares.items()} if vote.shares else (
        plain_shares(str(vote.choice), weight))
    return Ballot(unit=str(vote.unit), shares=shares, cast_at=vote.cast_at, seq=int(vote.pk),
                  reason=str(vote.reason or ""))


def standing(ballots: Iterable[Ballot], deadline: dt.datetime | None) -> dict[str, Ballot]:
    """Per unit the ballot that stands: the latest (by cast_at, then seq) cast at or before the
    deadline (no deadline: the latest). Units in sorted order."""
    latest: dict[str, Ballot] = {}
    for ballot in ballots:
        if deadline is not None and ballot.cast_at > deadline:
            continue
        held = latest.get(ballot.unit)
        if held is None or (ballot.cast_at, ballot.seq) > (held.cast_at, held.seq):
            latest[ballot.unit] = ballot
    return {unit: latest[unit] for unit in sorted(latest)}


def _is_share(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def ballot_problem(rule: Rule, *, weight: int, shares: Mapping[str, int],
                   reason: str) -> tuple[str, str] | None:
    """What is wrong with a ballot, as (field, code) — see ``Problem`` — or None when it may be
    cast. ``weight`` is the unit's weight (``unit_weight``); a share of 0 is no share."""
    if weight < 1:
        raise ValueError("a unit weighs at least 1")
    if any(choice not in CHOICES for choice in shares):
        return Problem.UNKNOWN_CHOICE
    if not all(_is_share(value) for value in shares.values()):
        return Problem.BAD_SHARE
    chosen = [choice for choice, value in shares.items() if value > 0]
    if not chosen:
        return Problem.NO_CHOICE
    if Choice.OBJECTION in chosen and rule.carries not in OBJECTION_RULES:
        return Problem.OBJECTION_NOT_ALLOWED
    if len(chosen) > 1 and weight == 1:
        return Problem.SPLIT_NOT_ALLOWED
    if sum(shares.values()) != weight:
        return Problem.SHARES_NOT_WEIGHT
    if Choice.OBJECTION in chosen and not reason.strip():
        return Problem.REASON_REQUIRED
    return None


# --- the tally --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    """The count of a proposal's votes and its outcome (stored on the decision as a dict)."""

    outcome: str  # an Outcome value
    because: str  # a Because code
    eligible: int  # voting units eligible
    counted: int  # eligible units with a standing vote
    quorum_needed: int  # units needed: the quorum share of the eligible units, rounded up
    quorum_base: int  # units voting, or present, by the rule
    quorum_met: bool
    votes: dict[str, str]  # per choice, by units (a split unit by its shares), as "n/d"
    weight: dict[str, int]  # per choice, by weight
    standing: dict[str, dict[str, int]]  # unit -> its standing shares

    def as_dict(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome,
            "because": self.because,
            "eligible": self.eligible,
            "counted": self.counted,
            "quorum_needed": self.quorum_needed,
            "quorum_base": self.quorum_base,
            "quorum_met": self.quorum_met,
            "votes": dict(self.votes),
            "weight": dict(self.weight),
            "standing": {unit: dict(shares) for unit, shares in self.standing.items()},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Tally:
        """The tally ``as_dict`` wrote (as stored on a decision)."""
        return cls(
            outcome=str(data["outcome"]), because=str(data["because"]),
            eligible=int(data["eligible"]), counted=int(data["counted"]),
            quorum_needed=int(data["quorum_needed"]), quorum_base=int(data["quorum_base"]),
            quorum_met=bool(data["quorum_met"]),
            votes={str(k): str(v) for k, v in data["votes"].items()},
            weight={str(k): int(v) for k, v in data["weight"].items()},
            standing={str(unit): {str(k): int(v) for k, v in shares.items()}
                      for unit, shares in data["standing"].items()},
        )

    def votes_of(self, choice: str) -> Fraction:
        """The units' votes for ``choice`` as a Fraction."""
        return parse_fraction(self.votes.get(choice, "0/1"))


def _checked_shares(ballot: Ballot) -> dict[str, int]:
    """The ballot's positive shares; ValueError for a choice or share no ballot may hold."""
    for choice, value in ballot.shares.items():
        if choice not in CHOICES:
            raise ValueError(f"{ballot.unit}: unknown choice {choice!r}")
        if not _is_share(value):
            raise ValueError(f"{ballot.unit}: share {value!r} is not a whole number ≥ 0")
    return {choice: ballot.shares[choice] for choice in CHOICES
            if ballot.shares.get(choice, 0) > 0}


def quorum_needed(rule: Rule, eligible: int) -> int:
    """The units the quorum needs out of ``eligible`` (0: no quorum)."""
    return math.ceil(rule.quorum * eligible)


def tally(rule: Rule, eligible: Mapping[str, int], ballots: Iterable[Ballot], *,
          deadline: dt.datetime | None = None,
          present: Collection[str] | None = None) -> Tally:
    """Count the ballots under the rule (see the module's docstring).

    ``eligible``: each unit that may vote, with its weight. ``present``: the units present at
    the meeting, for a quorum of units present; None counts the units voting instead."""
    current: dict[str, dict[str, int]] = {}
    for unit, ballot in standing(
            (b for b in ballots if b.unit in eligible), deadline).items():
        shares = _checked_shares(ballot)
        if shares:
            current[unit] = shares

    votes = dict.fromkeys(CHOICES, Fraction(0))
    weight = dict.fromkeys(CHOICES, 0)
    for shares in current.values():
        total = sum(shares.values())
        for choice, value in shares.items():
            votes[choice] += Fraction(value, total)
            weight[choice] += value

    needed = quorum_needed(rule, len(eligible))
    if rule.quorum_basis == QuorumBasis.PRESENT and present is not None:
        base = len((set(present) & set(eligible)) | set(current))
    else:
        base = len(current)
    met = base >= needed

    outcome, because = _outcome(rule, met, len(eligible), current, votes, weight)
    return Tally(
        outcome=outcome, because=because, eligible=len(eligible), counted=len(current),
        quorum_needed=needed, quorum_base=base, quorum_met=met,
        votes={choice: fraction_text(value) for choice, value in votes.items()},
        weight=weight, standing=current,
    )


def _outcome(rule: Rule, quorum_met: bool, eligible: int, current: Mapping[str, Any],
             votes: Mapping[str, Fraction], weight: Mapping[str, int]) -> tuple[str, str]:
    rejected = Outcome.REJECTED.value
    if not quorum_met:
        return Outcome.NO_QUORUM.value, Because.QUORUM
    objection = weight[Choice.OBJECTION] > 0
    against = weight[Choice.AGAINST] > 0
    if rule.carries == DecisionRule.UNANIMITY:
        if objection:
            return rejected, Because.OBJECTION
        if against:
            return rejected, Because.AGAINST
        if len(current) < eligible:
            return rejected, Because.MISSING_VOTES
    elif rule.carries == DecisionRule.CONSENSUS:
        if objection:
            return rejected, Because.OBJECTION
        if against:
            return rejected, Because.AGAINST
    elif rule.carries == DecisionRule.CONSENT and objection:
        return rejected, Because.OBJECTION
    if weight[Choice.FOR] == 0:
        return rejected, Because.NO_VOTES_FOR
    if rule.carries in (DecisionRule.MAJORITY, DecisionRule.QUALIFIED_MAJORITY):
        if rule.majority_basis == MajorityBasis.WEIGHT:
            yes, no = Fraction(weight[Choice.FOR]), Fraction(weight[Choice.AGAINST])
        else:
            yes, no = votes[Choice.FOR], votes[Choice.AGAINST]
        if rule.carries == DecisionRule.MAJORITY:
            if yes == no:
                return rejected, Because.TIE
            if yes < no:
                return rejected, Because.MAJORITY
        elif yes < rule.qualified * (yes + no):
            return rejected, Because.BELOW_QUALIFIED
    return Outcome.CARRIED.value, Because.CARRIED
