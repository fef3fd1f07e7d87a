"""The stage as every partner rates it: pure rules (stage_rules.aggregate), no database."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from concordia.design import stage_rules
from concordia.design.stage_rules import QUESTION_KEYS, Rating, aggregate
from concordia.handbook.catalogue import Dimension

DAY = dt.date(2026, 3, 1)

answers_st = st.fixed_dictionaries({k: st.integers(1, 3) for k in QUESTION_KEYS})
# (partner, answers) per rater; raters are numbered, all on the same day
ratings_st = st.lists(st.tuples(st.integers(1, 4), answers_st), min_size=1, max_size=12)


def ratings(rows, day=DAY):
    return [Rating(rater=i, partner=p, rated_on=day, answers=a) for i, (p, a) in enumerate(rows)]


def level(stage):
    return stage_rules.STAGE_ORDER.index(stage) + 1


@given(answers=answers_st, partners=st.integers(1, 4), per_partner=st.integers(1, 3))
def test_when_everyone_agrees_the_alliance_stage_is_their_stage(answers, partners,
                                                                per_partner) -> None:
    rows = [(p, answers) for p in range(partners) for _ in range(per_partner)]
    result = aggregate(ratings(rows))
    per_dimension, overall = stage_rules.assess(answers)
    assert result is not None
    assert {d: result.stage(d) for d in Dimension} == per_dimension
    assert result.overall_stage == overall
    assert result.differing == ()


@given(rows=ratings_st)
def test_alliance_stage_lies_between_the_partners_and_spread_measures_the_gap(rows) -> None:
    result = aggregate(ratings(rows))
    assert result is not None
    assert {p.partner for p in result.partners} == {p for p, _a in rows}
    for d in Dimension:
        levels = [p.dimensions[d] for p in result.partners]
        assert min(levels) <= result.dimensions[d] <= max(levels)
        assert result.spread[d] == max(levels) - min(levels)
        assert (d in result.differing) == (result.spread[d] >= 1)
    assert result.dimensions[result.weakest] == min(result.dimensions.values())
    assert min(result.dimensions.values()) <= result.overall <= max(result.dimensions.values())


@given(rows=ratings_st, seed=st.randoms(use_true_random=False))
def test_the_order_of_the_ratings_does_not_matter(rows, seed) -> None:
    shuffled = ratings(rows)
    seed.shuffle(shuffled)
    a, b = aggregate(shuffled), aggregate(ratings(rows))
    assert a is not None
    assert b is not None
    assert (a.dimensions, a.overall, a.spread, a.weakest, _partners(a)) == (
        b.dimensions, b.overall, b.spread, b.weakest, _partners(b))


def _partners(stage):
    return sorted((p.partner, p.raters, tuple(sorted(p.dimensions.items())))
                  for p in stage.partners)


@given(rows=ratings_st, copies=st.integers(2, 5))
def test_every_partner_counts_once_however_many_of_its_people_rate(rows, copies) -> None:
    """Ten people of a large partner weigh no more than one person of a small one when they
    answer alike: the partners' stages are combined, not the people's."""
    once = aggregate(ratings(rows))
    many = aggregate(ratings([row for row in rows for _ in range(copies)]))
    assert once is not None
    assert many is not None
    assert (once.dimensions, once.overall, once.spread) == (
        many.dimensions, many.overall, many.spread)


@given(rows=ratings_st, index=st.integers(0, 11), key=st.sampled_from(QUESTION_KEYS))
def test_a_higher_answer_never_lowers_the_alliance_stage(rows, index, key) -> None:
    index %= len(rows)
    partner, answers = rows[index]
    raised = [*rows[:index], (partner, {**answers, key: min(3, answers[key] + 1)}),
              *rows[index + 1:]]
    before, after = aggregate(ratings(rows)), aggregate(ratings(raised))
    assert before is not None
    assert after is not None
    assert all(after.dimensions[d] >= before.dimensions[d] for d in Dimension)
    assert after.overall >= before.overall


def test_a_raters_latest_rating_counts_and_an_old_round_is_left_out() -> None:
    low = dict.fromkeys(QUESTION_KEYS, 1)
    high = dict.fromkeys(QUESTION_KEYS, 3)
    history = [
        Rating("kim", "tax", dt.date(2017, 3, 1), low),  # an old round, superseded below
        Rating("mila", "ssa", dt.date(2017, 3, 1), low),  # older than a year before the newest
        Rating("kim", "tax", dt.date(2026, 2, 1), high),
        Rating("noor", "stat", dt.date(2025, 6, 1), high),
    ]
    current = stage_rules.current_ratings(history)
    assert sorted((r.rater, r.rated_on.year) for r in current) == [("kim", 2026), ("noor", 2025)]
    result = aggregate(history)
    assert result is not None
    assert result.overall_stage == stage_rules.Stage.CULTURAL
    assert result.newest == dt.date(2026, 2, 1)
    assert aggregate([]) is None


def test_partners_that_differ_show_in_the_spread_and_the_weakest_dimension() -> None:
    cultural = dict.fromkeys(QUESTION_KEYS, 3)
    result = aggregate(ratings([
        ("tax", cultural), ("ssa", {**cultural, "trust": 1, "dialogue": 1}),
        ("stat", {**cultural, "trust": 2, "dialogue": 2})]))
    assert result is not None
    assert result.dimensions[Dimension.RELATIONAL] == 2
    assert result.spread[Dimension.RELATIONAL] == 2
    assert result.differing == (Dimension.RELATIONAL,)
    assert result.weakest == Dimension.RELATIONAL
    assert str(stage_rules.dimension_step(result.weakest, 2))


def test_an_assessment_older_than_a_year_is_stale() -> None:
    assert not stage_rules.is_stale(DAY, DAY + dt.timedelta(days=365))
    assert stage_rules.is_stale(DAY, DAY + dt.timedelta(days=366))
