"""The pure rules of decisions: how votes are counted. No database."""

import datetime as dt
import json
from fractions import Fraction
from types import SimpleNamespace

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from concordia.decisions import rules
from concordia.decisions.rules import Ballot, Because, Problem, Rule

T0 = dt.datetime(2026, 5, 4, 9, 0, tzinfo=dt.UTC)
CARRIES = ("consensus", "consent", "unanimity", "majority", "qualified_majority")


def rule(carries: str = "majority", *, unit: str = "partner", basis: str = "votes",
         qualified: Fraction = Fraction(2, 3), quorum: Fraction = Fraction(0),
         quorum_basis: str = "voting") -> Rule:
    return Rule(carries=carries, voting_unit=unit, majority_basis=basis, qualified=qualified,
                quorum=quorum, quorum_basis=quorum_basis)


def units(n: int, weight: int = 1) -> dict[str, int]:
    return {rules.partner_unit(i): weight for i in range(1, n + 1)}


def vote(partner: int, choice: str | dict[str, int], *, weight: int = 1, minutes: int = 0,
         seq: int | None = None, reason: str = "") -> Ballot:
    shares = rules.plain_shares(choice, weight) if isinstance(choice, str) else choice
    return Ballot(unit=rules.partner_unit(partner), shares=shares,
                  cast_at=T0 + dt.timedelta(minutes=minutes),
                  seq=partner * 1000 + minutes if seq is None else seq, reason=reason)


def votes(*choices: str) -> list[Ballot]:
    """Partner 1 votes the first choice, partner 2 the second, ..."""
    return [vote(i, c, reason="a reason") for i, c in enumerate(choices, start=1)]


def outcome(r: Rule, eligible: dict[str, int], ballots: list[Ballot], **kw) -> tuple[str, str]:
    t = rules.tally(r, eligible, ballots, **kw)
    return t.outcome, t.because


# --- the rule ---------------------------------------------------------------------------------


def test_rule_of_reads_the_body_fields():
    body = SimpleNamespace(decision_rule="qualified_majority", voting_unit="seat",
                           majority_basis="weight", qualified_numerator=3,
                           qualified_denominator=4, quorum_percent=50, quorum_basis="present")
    assert rules.rule_of(body) == Rule(carries="qualified_majority", voting_unit="seat",
                                       majority_basis="weight", qualified=Fraction(3, 4),
                                       quorum=Fraction(1, 2), quorum_basis="present")


def test_rule_as_dict_is_json_text_for_fractions():
    r = rule("qualified_majority", quorum=Fraction(33, 100))
    assert r.as_dict() == {"carries": "qualified_majority", "voting_unit": "partner",
                           "majority_basis": "votes", "qualified": "2/3", "quorum": "33/100",
                           "quorum_basis": "voting"}
    assert rule(quorum=Fraction(0)).as_dict()["quorum"] == "0/1"
    assert Rule.from_dict(r.as_dict()) == r


@pytest.mark.parametrize(("change", "message"), [
    ({"carries": "plurality"}, "unknown decision rule"),
    ({"voting_unit": "household"}, "unknown voting unit"),
    ({"majority_basis": "heads"}, "unknown majority basis"),
    ({"quorum_basis": "everyone"}, "unknown quorum basis"),
    ({"qualified": "0/1"}, "qualified share"), ({"qualified": "4/3"}, "qualified share"),
    ({"quorum": "101/100"}, "quorum is"), ({"quorum": "-1/2"}, "quorum is"),
    ({"quorum": 0.5}, "written as text"), ({"qualified": "2/0"}, "not a fraction"),
    ({"qualified": "two thirds"}, "not a fraction"),
])
def test_rule_from_dict_refuses_what_no_body_has(change, message):
    data = rule().as_dict() | change
    with pytest.raises(ValueError, match=message):
        Rule.from_dict(data)


def test_rule_from_dict_refuses_a_missing_field():
    data = rule().as_dict()
    del data["quorum"]
    with pytest.raises(ValueError, match="lacks 'quorum'"):
        Rule.from_dict(data)


def test_rule_from_dict_reads_a_whole_number():
    assert Rule.from_dict(rule().as_dict() | {"quorum": "1"}).quorum == Fraction(1)


def test_units_are_kind_and_id():
    assert rules.partner_unit(7) == "partner:7"
    assert rules.seat_unit(8) == "seat:8"
    assert rules.person_unit(9) == "person:9"
    assert rules.parse_unit("seat:8") == ("seat", 8)
    for wrong in ("seat:", "board:1", "partner:x", "7"):
        with pytest.raises(ValueError, match="not a voting unit"):
            rules.parse_unit(wrong)


def test_unit_for_follows_the_rule():
    kw = {"partner_id": 1, "seat_id": 2, "person_id": 3}
    assert rules.unit_for(rule(unit="partner"), **kw) == "partner:1"
    assert rules.unit_for(rule(unit="seat"), **kw) == "seat:2"
    assert rules.unit_for(rule(unit="person"), **kw) == "person:3"
    with pytest.raises(ValueError, match="from a seat"):
        rules.unit_for(rule(unit="seat"), partner_id=1, seat_id=None, person_id=3)


def test_weight_applies_only_per_partner_and_unnamed_weighs_one():
    weights = {"1": 3, "2": 1}
    assert rules.unit_weight(rule(unit="partner"), weights, 1) == 3
    assert rules.unit_weight(rule(unit="partner"), weights, 2) == 1
    assert rules.unit_weight(rule(unit="partner"), weights, 99) == 1
    assert rules.unit_weight(rule(unit="seat"), weights, 1) == 1
    assert rules.unit_weight(rule(unit="person"), weights, 1) == 1


@pytest.mark.parametrize("bad", [0, -2, "3", 1.5, True])
def test_a_weight_that_is_not_a_whole_number_from_one_is_refused(bad):
    with pytest.raises(ValueError, match="weight of partner 1"):
        rules.unit_weight(rule(unit="partner"), {"1": bad}, 1)
    assert rules.weight_problem({"1": bad}) == "invalid_weight"


def test_weight_problem():
    assert rules.weight_problem({"1": 2, "30": 1}) is None
    assert rules.weight_problem({}) is None
    assert rules.weight_problem([1]) == "not_a_mapping"
    assert rules.weight_problem({"x": 2}) == "invalid_partner"


# --- which ballot stands ----------------------------------------------------------------------


def test_the_latest_ballot_before_the_deadline_stands():
    first = vote(1, "against", minutes=0)
    second = vote(1, "for", minutes=10)
    late = vote(1, "abstain", minutes=30)
    assert rules.standing([late, second, first], T0 + dt.timedelta(minutes=20)) == {
        "partner:1": second}
    assert rules.standing([late, second, first], None) == {"partner:1": late}


def test_a_ballot_cast_at_the_deadline_counts():
    at = vote(1, "for", minutes=20)
    assert rules.standing([at], T0 + dt.timedelta(minutes=20)) == {"partner:1": at}
    assert rules.standing([at], T0 + dt.timedelta(minutes=19, seconds=59)) == {}


def test_seq_breaks_a_tie_on_the_time_of_casting():
    a = vote(1, "for", seq=5)
    b = vote(1, "against", seq=6)
    assert rules.standing([b, a], None) == {"partner:1": b}
    assert rules.standing([a, b], None) == {"partner:1": b}


def test_the_deadline_cuts_off_a_changed_vote():
    eligible = units(2)
    ballots = [vote(2, "for"), vote(1, "for", minutes=0), vote(1, "against", minutes=61)]
    assert outcome(rule(), eligible, ballots, deadline=T0 + dt.timedelta(hours=1)) == (
        "carried", "carried")
    assert outcome(rule(), eligible, ballots) == ("rejected", "tie")
    assert outcome(rule(), eligible, ballots, deadline=T0 - dt.timedelta(minutes=1)) == (
        "rejected", "no_votes_for")


# --- ballot problems --------------------------------------------------------------------------


@pytest.mark.parametrize(("carries", "weight", "shares", "reason", "problem"), [
    ("majority", 1, {"for": 1}, "", None),
    ("majority", 1, {"maybe": 1}, "", Problem.UNKNOWN_CHOICE),
    ("majority", 1, {}, "", Problem.NO_CHOICE),
    ("majority", 1, {"for": 0}, "", Problem.NO_CHOICE),
    ("majority", 1, {"objection": 1}, "because", Problem.OBJECTION_NOT_ALLOWED),
    ("unanimity", 1, {"objection": 1}, "because", Problem.OBJECTION_NOT_ALLOWED),
    ("qualified_majority", 1, {"objection": 1}, "because", Problem.OBJECTION_NOT_ALLOWED),
    ("consent", 1, {"objection": 1}, "because", None),
    ("consensus", 1, {"objection": 1}, "because", None),
    ("consent", 1, {"objection": 1}, "", Problem.REASON_REQUIRED),
    ("consensus", 1, {"objection": 1}, "  \n", Problem.REASON_REQUIRED),
    ("consent", 1, {"against": 1}, "", None),
    ("majority", 1, {"for": 1, "against": 1}, "", Problem.SPLIT_NOT_ALLOWED),
    ("majority", 1, {"for": 1, "against": 0}, "", None),
    ("majority", 3, {"for": 2, "against": 1}, "", None),
    ("majority", 3, {"for": 3}, "", None),
    ("majority", 3, {"for": 2}, "", Problem.SHARES_NOT_WEIGHT),
    ("majority", 3, {"for": 2, "against": 2}, "", Problem.SHARES_NOT_WEIGHT),
    ("majority", 1, {"for": 2}, "", Problem.SHARES_NOT_WEIGHT),
    ("majority", 3, {"for": 4, "against": -1}, "", Problem.BAD_SHARE),
    ("majority", 3, {"for": True, "against": 2}, "", Problem.BAD_SHARE),
    ("majority", 2, {"for": 1.0, "against": 1}, "", Problem.BAD_SHARE),
    ("consent", 4, {"for": 3, "objection": 1}, "", Problem.REASON_REQUIRED),
    ("consent", 4, {"for": 3, "objection": 1}, "it costs us", None),
])
def test_ballot_problem(carries, weight, shares, reason, problem):
    assert rules.ballot_problem(rule(carries), weight=weight, shares=shares,
                                reason=reason) == problem


def test_a_plain_vote_carries_the_whole_weight():
    assert rules.plain_shares("for", 3) == {"for": 3}
    for carries in CARRIES:
        assert rules.ballot_problem(rule(carries), weight=3, shares=rules.plain_shares("for", 3),
                                    reason="") is None


# --- the tally, rule by rule ------------------------------------------------------------------


@pytest.mark.parametrize(("choices", "expected"), [
    (("for", "for", "for"), ("carried", "carried")),
    (("for", "for", "abstain"), ("carried", "carried")),
    (("for", "for", "against"), ("rejected", "against")),
    (("for", "for"), ("rejected", "missing_votes")),
    (("abstain", "abstain", "abstain"), ("rejected", "no_votes_for")),
    (("for", "against"), ("rejected", "against")),
    (("for", "for", "objection"), ("rejected", "objection")),
])
def test_unanimity(choices, expected):
    assert outcome(rule("unanimity"), units(3), votes(*choices)) == expected


@pytest.mark.parametrize(("choices", "expected"), [
    (("for", "for", "for"), ("carried", "carried")),
    (("for",), ("carried", "carried")),
    (("for", "abstain", "abstain"), ("carried", "carried")),
    (("for", "for", "against"), ("rejected", "against")),
    (("for", "for", "objection"), ("rejected", "objection")),
    (("against", "objection"), ("rejected", "objection")),
    (("abstain",), ("rejected", "no_votes_for")),
    ((), ("rejected", "no_votes_for")),
])
def test_consensus(choices, expected):
    assert outcome(rule("consensus"), units(3), votes(*choices)) == expected


@pytest.mark.parametrize(("choices", "expected"), [
    (("for", "for", "for"), ("carried", "carried")),
    (("for", "against", "against"), ("carried", "carried")),
    (("for", "abstain"), ("carried", "carried")),
    (("for", "for", "objection"), ("rejected", "objection")),
    (("against", "against"), ("rejected", "no_votes_for")),
    ((), ("rejected", "no_votes_for")),
])
def test_consent(choices, expected):
    assert outcome(rule("consent"), units(3), votes(*choices)) == expected


@pytest.mark.parametrize(("choices", "expected"), [
    (("for", "for", "against"), ("carried", "carried")),
    (("for", "against"), ("rejected", "tie")),
    (("for", "against", "abstain", "abstain"), ("rejected", "tie")),
    (("for", "abstain", "abstain", "abstain"), ("carried", "carried")),
    (("for", "against", "against"), ("rejected", "majority")),
    (("abstain", "abstain"), ("rejected", "no_votes_for")),
    (("against",), ("rejected", "no_votes_for")),
    ((), ("rejected", "no_votes_for")),
])
def test_simple_majority(choices, expected):
    assert outcome(rule("majority"), units(5), votes(*choices)) == expected


@pytest.mark.parametrize(("choices", "expected"), [
    (("for", "for", "against"), ("carried", "carried")),  # exactly two thirds
    (("for", "for", "against", "against"), ("rejected", "below_qualified")),
    (("for", "for", "for", "against", "against"), ("rejected", "below_qualified")),  # 3/5
    (("for", "abstain", "abstain", "abstain"), ("carried", "carried")),
    (("for",), ("carried", "carried")),
    (("abstain",), ("rejected", "no_votes_for")),
    (("against", "against"), ("rejected", "no_votes_for")),
])
def test_qualified_majority(choices, expected):
    assert outcome(rule("qualified_majority"), units(6), votes(*choices)) == expected


def test_qualified_majority_of_three_quarters():
    r = rule("qualified_majority", qualified=Fraction(3, 4))
    assert outcome(r, units(4), votes("for", "for", "against")) == ("rejected",
                                                                     "below_qualified")
    assert outcome(r, units(4), votes("for", "for", "for", "against")) == ("carried", "carried")


def test_qualified_share_of_one_needs_every_vote_cast_for():
    r = rule("qualified_majority", qualified=Fraction(1))
    assert outcome(r, units(3), votes("for", "for", "abstain")) == ("carried", "carried")
    assert outcome(r, units(3), votes("for", "for", "against")) == ("rejected",
                                                                     "below_qualified")


# --- weight and split votes -------------------------------------------------------------------


def test_majority_of_weight_against_majority_of_votes():
    # Partner 1 weighs 3 and votes for; partners 2 and 3 weigh 1 and vote against.
    eligible = {"partner:1": 3, "partner:2": 1, "partner:3": 1}
    ballots = [vote(1, "for", weight=3), vote(2, "against"), vote(3, "against")]
    assert outcome(rule(basis="weight"), eligible, ballots) == ("carried", "carried")
    assert outcome(rule(basis="votes"), eligible, ballots) == ("rejected", "majority")
    t = rules.tally(rule(), eligible, ballots)
    assert t.votes == {"for": "1/1", "against": "2/1", "abstain": "0/1", "objection": "0/1"}
    assert t.weight == {"for": 3, "against": 2, "abstain": 0, "objection": 0}


def test_a_split_vote_counts_by_the_fraction_of_its_weight():
    eligible = {"partner:1": 3, "partner:2": 1}
    ballots = [vote(1, {"for": 2, "against": 1}), vote(2, "against")]
    t = rules.tally(rule(), eligible, ballots)
    # for 2/3 against 1/3 + 1 = 4/3: rejected over the votes
    assert (t.outcome, t.because) == ("rejected", "majority")
    assert t.votes["for"] == "2/3"
    assert t.votes["against"] == "4/3"
    assert t.votes_of("against") == Fraction(4, 3)
    assert t.weight == {"for": 2, "against": 2, "abstain": 0, "objection": 0}
    # over the weight: 2 against 2, a tie
    assert outcome(rule(basis="weight"), eligible, ballots) == ("rejected", "tie")
    assert t.standing == {"partner:1": {"for": 2, "against": 1}, "partner:2": {"against": 1}}


def test_a_split_with_any_share_against_breaks_unanimity_and_consensus():
    eligible = {"partner:1": 3, "partner:2": 1}
    ballots = [vote(1, {"for": 2, "against": 1}), vote(2, "for")]
    assert outcome(rule("unanimity"), eligible, ballots) == ("rejected", "against")
    assert outcome(rule("consensus"), eligible, ballots) == ("rejected", "against")
    assert outcome(rule("consent"), eligible, ballots) == ("carried", "carried")


def test_a_split_with_a_share_abstaining_keeps_unanimity():
    eligible = {"partner:1": 3, "partner:2": 1}
    ballots = [vote(1, {"for": 2, "abstain": 1}), vote(2, "abstain")]
    assert outcome(rule("unanimity"), eligible, ballots) == ("carried", "carried")


def test_a_split_objection_blocks_consent():
    eligible = {"partner:1": 3, "partner:2": 1}
    ballots = [vote(1, {"for": 2, "objection": 1}, reason="risk"), vote(2, "for")]
    assert outcome(rule("consent"), eligible, ballots) == ("rejected", "objection")


def test_qualified_majority_of_weight():
    eligible = {"partner:1": 2, "partner:2": 1, "partner:3": 1}
    ballots = [vote(1, "for", weight=2), vote(2, "against"), vote(3, "abstain")]
    assert outcome(rule("qualified_majority", basis="weight"), eligible, ballots) == (
        "carried", "carried")  # 2 of 3
    assert outcome(rule("qualified_majority", basis="votes"), eligible, ballots) == (
        "rejected", "below_qualified")  # 1 of 2


def test_zero_shares_are_dropped():
    t = rules.tally(rule(), units(1), [vote(1, {"for": 1, "against": 0})])
    assert t.standing == {"partner:1": {"for": 1}}
    assert t.counted == 1


def test_a_ballot_without_any_share_is_no_vote():
    t = rules.tally(rule(), units(2), [vote(1, {"for": 0}), vote(2, "for")])
    assert t.counted == 1
    assert t.standing == {"partner:2": {"for": 1}}


@pytest.mark.parametrize(("shares", "message"), [
    ({"maybe": 1}, "unknown choice 'maybe'"), ({"for": -1}, "share -1"),
    ({"for": 1.5}, "share 1.5")])
def test_a_tally_refuses_a_share_no_ballot_may_hold(shares, message):
    with pytest.raises(ValueError, match=message):
        rules.tally(rule(), units(1), [vote(1, shares)])


# --- quorum -----------------------------------------------------------------------------------


def test_quorum_of_units_voting():
    r = rule("majority", quorum=Fraction(1, 2))
    t = rules.tally(r, units(5), votes("for", "for"))
    assert (t.outcome, t.because) == ("no_quorum", "quorum")
    assert (t.quorum_needed, t.quorum_base, t.quorum_met) == (3, 2, False)
    t = rules.tally(r, units(5), votes("for", "for", "abstain"))
    assert (t.outcome, t.quorum_needed, t.quorum_base, t.quorum_met) == ("carried", 3, 3, True)


def test_abstentions_count_towards_the_quorum():
    r = rule("majority", quorum=Fraction(1))
    assert outcome(r, units(3), votes("for", "abstain", "abstain")) == ("carried", "carried")


def test_quorum_rounds_up():
    r = rule(quorum=Fraction(1, 3))
    assert rules.tally(r, units(4), []).quorum_needed == 2  # 4/3 -> 2
    assert rules.tally(r, units(3), []).quorum_needed == 1
    assert rules.tally(rule(quorum=Fraction(51, 100)), units(10), []).quorum_needed == 6
    assert rules.quorum_needed(rule(quorum=Fraction(0)), 10) == 0


def test_no_quorum_comes_before_the_votes():
    r = rule("consent", quorum=Fraction(1, 2))
    assert outcome(r, units(4), votes("objection")) == ("no_quorum", "quorum")


def test_a_quorum_of_units_present():
    r = rule(quorum=Fraction(1, 2), quorum_basis="present")
    eligible = units(4)
    ballots = votes("for")
    present = {"partner:1", "partner:2", "partner:9"}  # partner 9 is not eligible
    t = rules.tally(r, eligible, ballots, present=present)
    assert (t.quorum_base, t.quorum_needed, t.outcome) == (2, 2, "carried")
    t = rules.tally(r, eligible, ballots, present={"partner:2"})  # a voter counts as present
    assert (t.quorum_base, t.outcome) == (2, "carried")
    t = rules.tally(r, eligible, ballots, present=set())
    assert (t.quorum_base, t.outcome) == (1, "no_quorum")
    # attendance unknown (a written procedure): the units voting count
    assert rules.tally(r, eligible, ballots).quorum_base == 1


def test_present_is_ignored_when_the_quorum_counts_voters():
    r = rule(quorum=Fraction(1, 2), quorum_basis="voting")
    t = rules.tally(r, units(4), votes("for"), present={"partner:2", "partner:3"})
    assert (t.quorum_base, t.outcome) == (1, "no_quorum")


def test_quorum_of_everyone_under_no_eligible_units():
    t = rules.tally(rule("unanimity", quorum=Fraction(1)), {}, [])
    assert (t.eligible, t.quorum_needed, t.quorum_met, t.outcome, t.because) == (
        0, 0, True, "rejected", "no_votes_for")


# --- eligibility and the stored tally ---------------------------------------------------------


def test_ballots_of_units_not_eligible_are_ignored():
    ballots = [vote(1, "against"), vote(9, "for"), vote(10, "for")]
    t = rules.tally(rule(), units(2), ballots)
    assert (t.outcome, t.because, t.counted) == ("rejected", "no_votes_for", 1)
    assert "partner:9" not in t.standing


def test_tally_as_dict():
    eligible = {"partner:1": 2, "partner:2": 1, "partner:3": 1}
    ballots = [vote(1, {"for": 1, "abstain": 1}), vote(2, "against", minutes=1),
               vote(2, "for", minutes=2)]
    t = rules.tally(rule(quorum=Fraction(1, 2)), eligible, ballots)
    assert t.as_dict() == {
        "outcome": "carried", "because": "carried", "eligible": 3, "counted": 2,
        "quorum_needed": 2, "quorum_base": 2, "quorum_met": True,
        "votes": {"for": "3/2", "against": "0/1", "abstain": "1/2", "objection": "0/1"},
        "weight": {"for": 2, "against": 0, "abstain": 1, "objection": 0},
        "standing": {"partner:1": {"for": 1, "abstain": 1}, "partner:2": {"for": 1}},
    }
    assert rules.Tally.from_dict(t.as_dict()) == t


def test_seat_and_person_units_count_one_each():
    r = rule("majority", unit="seat")
    eligible = {"seat:1": 1, "seat:2": 1, "seat:3": 1}
    ballots = [Ballot("seat:1", {"for": 1}, T0, 1), Ballot("seat:2", {"for": 1}, T0, 2),
               Ballot("seat:3", {"against": 1}, T0, 3)]
    assert outcome(r, eligible, ballots) == ("carried", "carried")


def test_fraction_text():
    assert rules.fraction_text(Fraction(4, 6)) == "2/3"
    assert rules.fraction_text(Fraction(3)) == "3/1"
    assert rules.parse_fraction("3") == Fraction(3)
    assert rules.parse_fraction(" 2/3 ") == Fraction(2, 3)
    for wrong in ("", "1/", "/2", "0.5", "1/-2", "a/b", "1/0", "1_0", "+1"):
        with pytest.raises(ValueError, match="not a fraction"):
            rules.parse_fraction(wrong)


# --- properties -------------------------------------------------------------------------------

# Moderate counts: each example is a whole election.
PROPERTY = settings(max_examples=60)
fractions_0_1 = st.builds(Fraction, st.integers(0, 100), st.just(100))

rules_st = st.builds(
    Rule, carries=st.sampled_from(CARRIES), voting_unit=st.sampled_from(["partner", "seat",
                                                                          "person"]),
    majority_basis=st.sampled_from(["votes", "weight"]),
    qualified=st.builds(lambda d, n: Fraction(min(n, d), d), st.integers(1, 12),
                        st.integers(1, 12)),
    quorum=fractions_0_1, quorum_basis=st.sampled_from(["present", "voting"]))


@st.composite
def elections(draw, *, max_units: int = 6, lean_for: bool = False):
    """(rule, eligible, ballots, deadline, present): valid ballots, several per unit, a few for
    units that are not eligible. ``lean_for``: mostly votes for."""
    r = draw(rules_st)
    n = draw(st.integers(0, max_units))
    eligible = {rules.partner_unit(i): draw(st.integers(1, 4)) for i in range(1, n + 1)}
    allowed = list(rules.CHOICES if r.carries in rules.OBJECTION_RULES
                   else [c for c in rules.CHOICES if c != "objection"])
    if lean_for:
        allowed = ["for"] * 3 + allowed
    ballots = []
    seq = 0
    for unit in [*eligible, "partner:99"]:
        weight = eligible.get(unit, 1)
        for _ in range(draw(st.integers(0, 3))):
            seq += 1
            shares = draw(split_of(weight, allowed))
            ballots.append(Ballot(unit=unit, shares=shares,
                                  cast_at=T0 + dt.timedelta(minutes=draw(st.integers(0, 5))),
                                  seq=seq, reason="a reason"))
    deadline = draw(st.none() | st.builds(lambda m: T0 + dt.timedelta(minutes=m),
                                          st.integers(0, 5)))
    present = draw(st.none() | st.sets(st.sampled_from([*eligible, "partner:99"])))
    return r, eligible, ballots, deadline, present


def split_of(weight: int, allowed: list[str]):
    """Shares of ``weight`` over ``allowed`` choices (a plain vote when weight is 1)."""
    return st.lists(st.sampled_from(allowed), min_size=weight, max_size=weight).map(
        lambda picks: {c: picks.count(c) for c in dict.fromkeys(picks)})


@PROPERTY
@given(elections(), st.randoms(use_true_random=False))
def test_the_outcome_does_not_depend_on_the_order_of_the_ballots(election, random):
    r, eligible, ballots, deadline, present = election
    shuffled = list(ballots)
    random.shuffle(shuffled)
    assert rules.tally(r, eligible, shuffled, deadline=deadline, present=present) == rules.tally(
        r, eligible, ballots, deadline=deadline, present=present)


@PROPERTY
@given(elections())
def test_a_unit_counts_once_by_its_latest_ballot(election):
    r, eligible, ballots, deadline, present = election
    t = rules.tally(r, eligible, ballots, deadline=deadline, present=present)
    in_time = [b for b in ballots if b.unit in eligible
               and (deadline is None or b.cast_at <= deadline)]
    assert t.counted == len({b.unit for b in in_time})
    for unit, shares in t.standing.items():
        latest = max((b for b in in_time if b.unit == unit), key=lambda b: (b.cast_at, b.seq))
        assert shares == {c: v for c, v in latest.shares.items() if v}
    # only the latest ones: counting them alone gives the same tally
    only_latest = [b for b in in_time if b == rules.standing(in_time, None)[b.unit]]
    assert rules.tally(r, eligible, only_latest, present=present) == t
    # each unit's votes add up to one
    total = sum((t.votes_of(c) for c in rules.CHOICES), Fraction(0))
    assert total == t.counted
    assert sum(t.weight.values()) == sum(eligible[u] for u in t.standing)


@PROPERTY
@given(elections())
def test_unanimity_fails_if_any_unit_voted_against(election):
    r, eligible, ballots, deadline, present = election
    r = Rule.from_dict(r.as_dict() | {"carries": "unanimity"})
    t = rules.tally(r, eligible, ballots, deadline=deadline, present=present)
    if any(shares.get("against") for shares in t.standing.values()):
        assert t.outcome != "carried"
    if t.outcome == "carried":
        assert t.counted == t.eligible
        assert t.weight["for"] > 0
        assert t.weight["against"] == t.weight["objection"] == 0


@PROPERTY
@given(elections(lean_for=True), st.booleans())
def test_adding_a_vote_for_keeps_a_carried_majority_carried(election, present_too):
    r, eligible, ballots, deadline, present = election
    carries = "majority" if r.carries in ("consensus", "consent", "unanimity") else r.carries
    r = Rule.from_dict(r.as_dict() | {"carries": carries})
    before = rules.tally(r, eligible, ballots, deadline=deadline, present=present)
    assume(before.outcome == "carried")
    newcomer = rules.partner_unit(50)
    weight = 3
    now = [*ballots, Ballot(newcomer, {"for": weight}, T0, seq=10_000)]
    after = rules.tally(r, eligible | {newcomer: weight}, now, deadline=deadline,
                        present=(set(present) | {newcomer}) if present is not None and
                        present_too else present)
    assert after.outcome == "carried"


@PROPERTY
@given(elections())
def test_no_quorum_exactly_when_the_base_is_below_the_units_needed(election):
    r, eligible, ballots, deadline, present = election
    t = rules.tally(r, eligible, ballots, deadline=deadline, present=present)
    assert t.quorum_needed == -(-r.quorum.numerator * len(eligible) // r.quorum.denominator)
    assert (t.outcome == "no_quorum") == (t.quorum_base < t.quorum_needed) == (not t.quorum_met)
    assert t.counted <= t.quorum_base <= t.eligible
    if r.quorum_basis == "voting" or present is None:
        assert t.quorum_base == t.counted


@PROPERTY
@given(elections())
def test_nothing_carries_without_a_share_for(election):
    r, eligible, ballots, deadline, present = election
    t = rules.tally(r, eligible, ballots, deadline=deadline, present=present)
    assert t.because in Because.ALL
    assert (t.outcome == "carried") == (t.because == "carried")
    if t.weight["for"] == 0:
        assert t.outcome != "carried"


@PROPERTY
@given(elections())
def test_the_tally_round_trips_through_its_dict(election):
    r, eligible, ballots, deadline, present = election
    t = rules.tally(r, eligible, ballots, deadline=deadline, present=present)
    assert rules.Tally.from_dict(t.as_dict()) == t


@PROPERTY
@given(rules_st)
def test_the_rule_round_trips_through_its_dict(r):
    assert Rule.from_dict(json.loads(json.dumps(r.as_dict()))) == r


ANY_CHOICE = st.sampled_from([*rules.CHOICES, "maybe"])


@PROPERTY
@given(rules_st, st.integers(1, 5), st.dictionaries(ANY_CHOICE, st.integers(-2, 6), max_size=4),
       st.sampled_from(["", " ", "a reason"]))
def test_ballot_problem_accepts_exactly_the_valid_ballots(r, weight, shares, reason):
    chosen = {c for c, v in shares.items() if v > 0}
    valid = (
        all(c in rules.CHOICES for c in shares)
        and all(v >= 0 for v in shares.values())
        and sum(shares.values()) == weight
        and (len(chosen) == 1 or weight > 1)
        and ("objection" not in chosen
             or (r.carries in ("consent", "consensus") and reason.strip() != ""))
    )
    problem = rules.ballot_problem(r, weight=weight, shares=shares, reason=reason)
    assert (problem is None) == valid, problem
    if problem is not None:
        assert problem in vars(Problem).values()


def with_carries(r: Rule, carries: str, **change: str) -> Rule:
    return Rule.from_dict(r.as_dict() | {"carries": carries} | change)


@PROPERTY
@given(elections())
def test_the_stricter_rule_carries_only_what_the_looser_one_carries(election):
    """unanimity ⟹ consensus ⟹ consent, over the same ballots and quorum."""
    r, eligible, ballots, deadline, present = election

    def carried(carries: str) -> bool:
        return rules.tally(with_carries(r, carries), eligible, ballots, deadline=deadline,
                           present=present).outcome == "carried"

    if carried("unanimity"):
        assert carried("consensus")
    if carried("consensus"):
        assert carried("consent")


@PROPERTY
@given(elections())
def test_majorities_agree_with_each_other(election):
    """A qualified share above one half carries only what a simple majority carries; a share of
    at most one half carries whatever a simple majority carries."""
    r, eligible, ballots, deadline, present = election

    def carried(rule_: Rule) -> bool:
        return rules.tally(rule_, eligible, ballots, deadline=deadline,
                           present=present).outcome == "carried"

    simple = carried(with_carries(r, "majority"))
    qualified = carried(with_carries(r, "qualified_majority"))
    if r.qualified > Fraction(1, 2) and qualified:
        assert simple
    if r.qualified <= Fraction(1, 2) and simple:
        assert qualified


@PROPERTY
@given(elections())
def test_without_weights_both_majority_bases_agree(election):
    r, eligible, ballots, deadline, present = election
    plain = dict.fromkeys(eligible, 1)
    ballots = [b for b in ballots if sum(b.shares.values()) == 1]
    by_votes = rules.tally(with_carries(r, r.carries, majority_basis="votes"), plain, ballots,
                           deadline=deadline, present=present)
    by_weight = rules.tally(with_carries(r, r.carries, majority_basis="weight"), plain, ballots,
                            deadline=deadline, present=present)
    assert by_votes == by_weight


@PROPERTY
@given(elections(), st.integers(0, 5))
def test_ballots_after_the_deadline_change_nothing(election, minutes):
    r, eligible, ballots, _, present = election
    deadline = T0 + dt.timedelta(minutes=minutes)
    in_time = [b for b in ballots if b.cast_at <= deadline]
    assert rules.tally(r, eligible, ballots, deadline=deadline, present=present) == rules.tally(
        r, eligible, in_time, present=present)


@PROPERTY
@given(elections())
def test_a_vote_against_never_blocks_consent(election):
    r, eligible, ballots, deadline, present = election
    consent = with_carries(r, "consent")
    t = rules.tally(consent, eligible, ballots, deadline=deadline, present=present)
    if t.quorum_met and t.weight["for"] > 0 and t.weight["objection"] == 0:
        assert t.outcome == "carried"


@PROPERTY
@given(elections())
def test_an_abstention_does_not_sway_a_majority(election):
    r, eligible, ballots, deadline, present = election
    r = with_carries(r, "majority", quorum="0/1")
    before = rules.tally(r, eligible, ballots, deadline=deadline, present=present)
    newcomer = rules.partner_unit(50)
    after = rules.tally(r, eligible | {newcomer: 2},
                        [*ballots, Ballot(newcomer, {"abstain": 2}, T0, seq=10_000)],
                        deadline=deadline, present=present)
    assert (after.outcome, after.because) == (before.outcome, before.because)
    assert after.counted == before.counted + 1


@PROPERTY
@given(elections(), st.randoms(use_true_random=False))
def test_which_ballot_stands_does_not_depend_on_their_order(election, random):
    _, _, ballots, deadline, _ = election
    shuffled = list(ballots)
    random.shuffle(shuffled)
    assert rules.standing(shuffled, deadline) == rules.standing(ballots, deadline)


def test_deadline_and_casting_times_in_other_time_zones():
    amsterdam = dt.timezone(dt.timedelta(hours=2))
    deadline = dt.datetime(2026, 5, 4, 12, 0, tzinfo=amsterdam)  # 10:00 UTC
    on_time = Ballot("partner:1", {"for": 1}, dt.datetime(2026, 5, 4, 10, 0, tzinfo=dt.UTC), 1)
    late = Ballot("partner:1", {"against": 1},
                  dt.datetime(2026, 5, 4, 10, 0, 1, tzinfo=dt.UTC), 2)
    assert rules.standing([on_time, late], deadline) == {"partner:1": on_time}


def test_everyone_eligible_but_nobody_voted():
    for carries in CARRIES:
        t = rules.tally(rule(carries), units(4), [])
        assert (t.outcome, t.because, t.counted, t.quorum_met) == (
            "rejected", "missing_votes" if carries == "unanimity" else "no_votes_for", 0, True)
        assert t.standing == {}
        assert t.votes == dict.fromkeys(rules.CHOICES, "0/1")


def test_a_heavy_partner_alone_carries_by_weight_but_not_by_votes():
    eligible = {"partner:1": 10} | {rules.partner_unit(i): 1 for i in range(2, 10)}
    ballots = [vote(1, "for", weight=10)] + [vote(i, "against") for i in range(2, 10)]
    r = rule("qualified_majority", quorum=Fraction(3, 4))
    assert outcome(r, eligible, ballots) == ("rejected", "below_qualified")
    assert outcome(with_carries(r, "qualified_majority", majority_basis="weight"), eligible,
                   ballots) == ("rejected", "below_qualified")  # 10 of 18 < 2/3
    assert outcome(with_carries(r, "majority", majority_basis="weight"), eligible,
                   ballots) == ("carried", "carried")


def test_a_heavy_partner_splitting_evenly_ties_with_itself():
    eligible = {"partner:1": 4}
    assert outcome(rule(), eligible, [vote(1, {"for": 2, "against": 2})]) == ("rejected", "tie")
    assert outcome(rule(basis="weight"), eligible, [vote(1, {"for": 3, "against": 1})]) == (
        "carried", "carried")


def test_a_changed_vote_replaces_the_earlier_one_in_the_tally():
    eligible = units(3)
    ballots = [vote(1, "against", minutes=0), vote(2, "for"), vote(3, "for"),
               vote(1, "for", minutes=5)]
    t = rules.tally(rule("unanimity"), eligible, ballots)
    assert (t.outcome, t.counted, t.weight["for"], t.weight["against"]) == ("carried", 3, 3, 0)


def test_ballot_of_a_stored_vote():
    plain = SimpleNamespace(unit="partner:3", choice="against", shares={}, cast_at=T0, pk=41,
                            reason="")
    assert rules.ballot_of(plain, 2) == Ballot("partner:3", {"against": 2}, T0, 41, "")
    split = SimpleNamespace(unit="partner:3", choice="", shares={"for": 1, "objection": 1},
                            cast_at=T0, pk=42, reason="too fast")
    assert rules.ballot_of(split, 2) == Ballot("partner:3", {"for": 1, "objection": 1}, T0, 42,
                                               "too fast")


def test_stored_dicts_may_carry_more_than_the_count():
    """A decision stores the body's weights beside its rule and the units' names beside its
    tally; reading them back takes what it needs."""
    r = rule("qualified_majority")
    assert Rule.from_dict(r.as_dict() | {"weights": {"3": 2}}) == r
    t = rules.tally(r, units(2), votes("for", "against"))
    assert rules.Tally.from_dict(t.as_dict() | {"labels": {"partner:1": "Partner A"}}) == t
