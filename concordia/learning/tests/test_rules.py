"""The learning's pure rules, without a database: a check's result per pillar (mean, lowest,
highest, spread), the weakest pillars, which scores are accepted, and tags."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from concordia.learning import rules

PILLARS = rules.PILLARS
score_pairs = st.lists(st.tuples(st.sampled_from(PILLARS), st.integers(1, 5)), max_size=60)


def test_every_pillar_of_the_model_in_its_order_even_when_nobody_scored_it():
    results = rules.pillar_results([("trust", 4), ("trust", 2), ("mindset", 5)])
    assert [r.pillar for r in results] == list(PILLARS)
    by = {r.pillar: r for r in results}
    assert (by["trust"].scorers, by["trust"].mean, by["trust"].lowest, by["trust"].highest,
            by["trust"].spread) == (2, 3.0, 2, 4, 2)
    assert (by["mindset"].mean, by["mindset"].spread) == (5.0, 0)
    assert (by["objective"].scorers, by["objective"].mean, by["objective"].spread) == (
        0, None, None)


def test_the_mean_is_rounded_to_two_decimals():
    results = rules.pillar_results([("trust", 4), ("trust", 4), ("trust", 3)])
    assert results[PILLARS.index("trust")].mean == 3.67


def test_an_unknown_pillar_counts_nowhere():
    results = rules.pillar_results([("ghost", 1)])
    assert all(r.scorers == 0 for r in results)


@given(score_pairs)
def test_the_result_is_exact_for_any_set_of_scores(pairs):
    results = rules.pillar_results(pairs)
    for result in results:
        values = [s for p, s in pairs if p == result.pillar]
        assert result.scorers == len(values)
        if values:
            assert result.mean == round(sum(values) / len(values), 2)
            assert 1 <= result.lowest <= result.mean <= result.highest <= 5
            assert result.spread == max(values) - min(values)
        else:
            assert (result.mean, result.lowest, result.highest) == (None, None, None)


@given(score_pairs)
def test_the_weakest_pillars_have_the_lowest_mean(pairs):
    results = rules.pillar_results(pairs)
    weakest = rules.weakest(results)
    means = {r.pillar: r.mean for r in results if r.mean is not None}
    if not means:
        assert weakest == []
    else:
        assert weakest
        assert {means[p] for p in weakest} == {min(means.values())}
        assert set(weakest) == {p for p, m in means.items() if m == min(means.values())}


def test_scores_need_every_pillar_scored_one_to_five():
    good = dict.fromkeys(PILLARS, (3, ""))
    assert rules.score_problems(good) == {}
    assert rules.score_problems({**good, "trust": (None, "")}) == {"trust": "missing"}
    assert rules.score_problems({**good, "trust": (0, "")}) == {"trust": "range"}
    assert rules.score_problems({**good, "trust": (6, "")}) == {"trust": "range"}
    assert rules.score_problems({**good, "trust": (2, "x" * 1001)}) == {"trust": "remark"}
    assert rules.score_problems({**good, "trust": (2, "x" * 1000)}) == {}
    assert rules.score_problems({**good, "ghost": (3, "")}) == {"ghost": "unknown"}
    missing = dict(good)
    del missing["objective"]
    assert rules.score_problems(missing) == {"objective": "missing"}


def test_a_check_is_held_today_or_before():
    today = dt.date(2026, 6, 1)
    assert rules.held_on_problem(today, today) is None
    assert rules.held_on_problem(dt.date(2025, 6, 1), today) is None
    assert rules.held_on_problem(dt.date(2026, 6, 2), today) == "future"


def test_tags_are_trimmed_lower_case_and_each_once():
    assert rules.split_tags(" Data  Quality, data quality,,Escalation ") == [
        "data quality", "escalation"]
    assert rules.normalise_tags(["", "  "]) == []


@given(st.lists(st.text(max_size=20), max_size=15))
def test_normalising_tags_twice_changes_nothing(tags):
    once = rules.normalise_tags(tags)
    assert rules.normalise_tags(once) == once
    assert len(set(once)) == len(once)
    assert all(t and t == t.strip() and t == t.lower() for t in once)


def test_at_most_ten_tags_of_forty_characters():
    assert rules.tags_problem(["a"] * 10) is None
    assert rules.tags_problem([str(i) for i in range(11)]) == "many"
    assert rules.tags_problem(["x" * 40]) is None
    assert rules.tags_problem(["x" * 41]) == "long"
