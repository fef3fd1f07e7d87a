"""The evaluation's aggregation and its k-anonymity, without a database.

The property tests play the reader who knows how many people answered in every partner and
level (the response counts are shown while a round is open) and combines every shown sum: no
set of fewer than k respondents may be computable, for any response set."""

import math
import statistics
from fractions import Fraction
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from concordia.evaluation import aggregation as agg
from concordia.evaluation.aggregation import Family, Reason, ResponseRecord

DIMENSION_OF = {"c1": "cultural", "c2": "cultural", "r1": "relational", "p1": "procedural",
                "t1": "content"}


def rec(partner, level, scores=None, role="staff", **open_answers):
    scores = dict.fromkeys(DIMENSION_OF, 3) if scores is None else scores
    return ResponseRecord(partner=partner, level=level, role_group=role, scores=scores,
                          open_answers=open_answers)


def many(partner, level, n, score=3):
    return [rec(partner, level, dict.fromkeys(DIMENSION_OF, score)) for _ in range(n)]


# --- the minimum group size -----------------------------------------------------------------


@pytest.mark.parametrize("value", [3, 5, 12])
def test_min_group_accepts_three_and_more(value):
    assert agg.validate_min_group(value) == value


@pytest.mark.parametrize("value", [2, 0, -5, True, 4.0, "5", None])
def test_min_group_refuses_below_three_and_non_integers(value):
    with pytest.raises(ValueError, match="EVALUATION_MIN_GROUP"):
        agg.validate_min_group(value)


def test_aggregate_refuses_k_below_three():
    with pytest.raises(ValueError, match="at least 3"):
        agg.aggregate(many("a", "s", 10), DIMENSION_OF, k=2)


def test_a_score_outside_one_to_five_is_refused():
    with pytest.raises(ValueError, match="outside"):
        agg.aggregate([rec("a", "s", {"c1": 6})] * 5, DIMENSION_OF)


# --- groups, means and spreads ----------------------------------------------------------------


def test_a_round_below_k_shows_nothing():
    results = agg.aggregate(many("a", "s", 4), DIMENSION_OF, k=5)
    assert results.overall is None
    assert results.groups() == ()
    assert results.notes == (agg.SuppressionNote(Family.OVERALL, Reason.ROUND_TOO_SMALL, ()),)


def test_mean_and_sample_standard_deviation_per_statement_and_dimension():
    records = [rec("a", "s", {"c1": s1, "c2": s2, "r1": 4}) for s1, s2 in
               [(1, 3), (2, 3), (3, 3), (4, 5), (5, 5)]]
    results = agg.aggregate(records, DIMENSION_OF, k=5)
    overall = results.overall
    assert overall.respondents == 5
    assert overall.statements["c1"] == agg.Stat(n=5, mean=3.0, sd=math.sqrt(2.5))
    assert overall.statements["r1"] == agg.Stat(n=5, mean=4.0, sd=0.0)
    # cultural per respondent: 2, 2.5, 3, 4.5, 5
    assert overall.dimensions["cultural"].mean == pytest.approx(3.4)
    assert overall.dimensions["cultural"].sd == pytest.approx(
        statistics.stdev([2, 2.5, 3, 4.5, 5]))
    # Statements nobody answered are not shown (procedural, content: no answers at all).
    assert "p1" not in overall.statements
    assert results.notes == (agg.SuppressionNote(
        Family.OVERALL, Reason.MEASURE_HIDDEN, ("p1", "t1", "procedural", "content")),)


def test_groups_per_partner_and_level():
    records = (many("a", "s", 5, 2) + many("a", "o", 5, 4) + many("b", "s", 5, 3)
               + many("b", "o", 5, 5))
    results = agg.aggregate(records, DIMENSION_OF, k=5)
    assert [(g.key, g.respondents, g.statements["c1"].mean) for g in results.partners] == [
        ("a", 10, 3.0), ("b", 10, 4.0)]
    assert [(g.key, g.respondents, g.statements["c1"].mean) for g in results.levels] == [
        ("o", 10, 4.5), ("s", 10, 2.5)]
    assert results.notes == ()


def test_one_small_partner_takes_the_next_smallest_with_it_into_other():
    records = many("a", "s", 2) + many("b", "s", 6) + many("c", "s", 7) + many("d", "s", 20)
    results = agg.aggregate(records, DIMENSION_OF, k=5)
    assert [(g.key, g.members, g.respondents) for g in results.partners] == [
        ("c", ("c",), 7), ("d", ("d",), 20), (agg.OTHER, ("a", "b"), 8)]
    assert agg.SuppressionNote(Family.PARTNER, Reason.SMALL_GROUP, ("a",)) in results.notes
    assert agg.SuppressionNote(Family.PARTNER, Reason.COMPLEMENT, ("b",)) in results.notes


def test_small_partners_that_reach_k_together_are_shown_as_other():
    records = many("a", "s", 2) + many("b", "s", 3) + many("c", "s", 9)
    results = agg.aggregate(records, DIMENSION_OF, k=5)
    assert [(g.key, g.members) for g in results.partners] == [("c", ("c",)),
                                                               (agg.OTHER, ("a", "b"))]
    assert not any(n.reason is Reason.COMPLEMENT for n in results.notes)


def test_a_family_that_would_be_all_other_is_not_shown():
    records = many("a", "s", 2) + many("b", "s", 2) + many("c", "s", 2)
    results = agg.aggregate(records, DIMENSION_OF, k=5)
    assert results.overall.respondents == 6
    assert results.partners == ()


def test_a_level_minus_its_partners_cannot_reveal_a_small_partner():
    """Level s is partners a (2 people) and b (6); without care, s - b = a."""
    records = many("a", "s", 2, 1) + many("b", "s", 6, 5) + many("c", "o", 20, 3)
    results = agg.aggregate(records, DIMENSION_OF, k=5)
    assert "a" not in [g.key for g in results.partners]
    assert_no_small_set_computable(records, results)


def test_partner_and_level_sums_that_would_combine_are_merged():
    # Every group has 5 or more, but level o is c's 10 alone: partner c (11) - level o = the
    # one person of c at level t.
    records = (many("a", "s", 6) + many("a", "t", 3) + many("b", "s", 6) + many("b", "t", 3)
               + many("c", "o", 10) + many("c", "t", 1))
    results = agg.aggregate(records, DIMENSION_OF, k=5)
    assert_no_small_set_computable(records, results)
    assert any(n.reason is Reason.MERGED_ACROSS for n in results.notes)


def test_a_statement_left_open_by_many_is_shown_for_the_round_only():
    records = ([rec("a", "s", {"c1": 3, "r1": 2}) for _ in range(5)]
               + [rec("b", "s", {"c1": 3, "r1": 5}) for _ in range(2)]
               + [rec("b", "s", {"c1": 3}) for _ in range(3)])
    results = agg.aggregate(records, DIMENSION_OF, k=5)
    assert results.overall.statements["r1"].n == 7
    assert all("r1" not in g.statements for g in results.partners)
    assert agg.SuppressionNote(Family.OVERALL, Reason.MEASURE_ROUND_ONLY,
                               ("r1", "relational")) in results.notes


# --- discussion points, open answers, year on year --------------------------------------------


def test_discussion_points_are_the_widest_partner_differences_without_other():
    records = (many("a", "s", 5, 1) + many("b", "s", 5, 4) + many("c", "s", 5, 2)
               + many("x", "s", 3, 5) + many("y", "s", 2, 5))
    results = agg.aggregate(records, DIMENSION_OF, k=5)
    points = agg.discussion_points(results, limit=3)
    assert [(p.kind, p.key) for p in points] == [("dimension", "content"),
                                                  ("dimension", "cultural"),
                                                  ("dimension", "procedural")]
    assert points[0].spread == pytest.approx(3.0)
    assert points[0].highest == ("b", 4.0)
    assert points[0].lowest == ("a", 1.0)


def test_open_answers_per_partner_group_sorted_and_only_when_shown():
    records = ([rec("a", "s", cultural=f"a{i}") for i in (3, 1, 2, 5, 4)]
               + [rec("b", "s", cultural="b") for _ in range(3)]
               + [rec("c", "s", cultural="c", relational=" ") for _ in range(3)]
               + [rec("d", "s") for _ in range(5)])
    results = agg.aggregate(records, DIMENSION_OF, k=5)
    answers = agg.open_answer_groups(records, results)
    assert answers["a"] == {"cultural": ("a1", "a2", "a3", "a4", "a5")}
    assert answers[agg.OTHER] == {"cultural": ("b", "b", "b", "c", "c", "c")}
    assert "b" not in answers
    assert agg.open_answer_groups(records[:4], agg.aggregate(records[:4], DIMENSION_OF)) == {}


def test_year_deltas_per_group_shown_in_both_years():
    then = agg.aggregate(many("a", "s", 5, 2) + many("b", "s", 5, 3), DIMENSION_OF, k=5)
    now = agg.aggregate(many("a", "s", 7, 4) + many("b", "s", 4, 3) + many("c", "s", 6, 1),
                        DIMENSION_OF, k=5)
    deltas = {(d.family, d.group, d.kind, d.key): d for d in agg.year_deltas(now, then)}
    assert deltas[(Family.PARTNER, "a", "statement", "c1")].change == pytest.approx(2.0)
    assert deltas[(Family.OVERALL, agg.OVERALL, "dimension", "cultural")].previous == 2.5
    assert not any(key[1] in {"b", agg.OTHER} for key in deltas)  # b is in "other" this year


# --- properties -------------------------------------------------------------------------------


def _rref_basis(vectors):
    """Row-reduced basis (pivot column → row) of ``vectors`` over the rationals."""
    basis = {}
    for vector in vectors:
        reduced = _reduce(basis, [Fraction(x) for x in vector])
        pivot = next((i for i, x in enumerate(reduced) if x), None)
        if pivot is None:
            continue
        reduced = [x / reduced[pivot] for x in reduced]
        for key, row in basis.items():
            if row[pivot]:
                basis[key] = [a - row[pivot] * b for a, b in zip(row, reduced, strict=True)]
        basis[pivot] = reduced
    return basis


def _reduce(basis, vector):
    vector = list(vector)
    for pivot, row in basis.items():
        if vector[pivot]:
            factor = vector[pivot]
            vector = [a - factor * b for a, b in zip(vector, row, strict=True)]
    return vector


def _computable_small_sets(atoms, counts, released, k):
    """Every set of atoms with 1..k-1 people whose sum lies in the span of the released
    groups' sums (each released group: a set of atoms)."""
    index = {atom: i for i, atom in enumerate(atoms)}
    vectors = [[1 if atom in group else 0 for atom in atoms] for group in released]
    basis = _rref_basis(vectors)
    small = [a for a in atoms if counts[a] < k]
    leaks = []
    for size in range(1, k):
        for chosen in combinations(small, size):
            if not 0 < sum(counts[a] for a in chosen) < k:
                continue
            vector = [0] * len(atoms)
            for atom in chosen:
                vector[index[atom]] = 1
            if not any(_reduce(basis, vector)):
                leaks.append(chosen)
    return leaks


def _members(group, records):
    if group.family is Family.OVERALL:
        return list(records)
    attribute = "partner" if group.family is Family.PARTNER else "level"
    return [r for r in records if getattr(r, attribute) in group.members]


def assert_no_small_set_computable(records, results):
    k = results.k
    for group in results.groups():
        assert group.respondents >= k
        assert group.respondents == len(_members(group, records))
    # Respondents, then each measure's answers: the reader combines every shown sum.
    measures = [("s", key) for key in results.statement_keys] + [
        ("d", key) for key in results.dimension_keys]
    for measure in [None, *measures]:
        counts = {}
        for r in records:
            values = agg.respondent_measures(r, DIMENSION_OF)
            if measure is None or f"{measure[0]}:{measure[1]}" in values:
                counts[(r.partner, r.level)] = counts.get((r.partner, r.level), 0) + 1
        atoms = sorted(counts)
        released = []
        for group in results.groups():
            shown = (group.statements if measure and measure[0] == "s" else group.dimensions)
            if measure is not None and measure[1] not in shown:
                continue
            if measure is not None:
                assert shown[measure[1]].n >= k
            released.append({a for a in atoms
                             if group.family is Family.OVERALL
                             or a[0 if group.family is Family.PARTNER else 1] in group.members})
        assert _computable_small_sets(atoms, counts, released, k) == [], measure


def _exact(group, records):
    members = _members(group, records)
    for key, shown in group.statements.items():
        values = [r.scores[key] for r in members if key in r.scores]
        assert shown.n == len(values)
        assert shown.mean == pytest.approx(statistics.fmean(values), abs=1e-9)
        assert shown.sd == pytest.approx(statistics.stdev(values), abs=1e-9)
    for dimension, shown in group.dimensions.items():
        values = []
        for r in members:
            scores = [s for key, s in r.scores.items() if DIMENSION_OF[key] == dimension]
            if scores:
                values.append(sum(scores) / len(scores))
        assert shown.n == len(values)
        assert shown.mean == pytest.approx(statistics.fmean(values), abs=1e-9)


records_strategy = st.lists(
    st.builds(
        rec,
        st.sampled_from(["a", "b", "c", "d", "e"]),
        st.sampled_from(["strategic", "tactical", "operational"]),
        st.dictionaries(st.sampled_from(sorted(DIMENSION_OF)), st.integers(1, 5), min_size=0),
    ),
    max_size=60,
)


@settings(max_examples=150, deadline=None)
@given(records=records_strategy, k=st.integers(3, 6))
def test_no_shown_figure_describes_fewer_than_k_even_by_difference(records, k):
    results = agg.aggregate(records, DIMENSION_OF, k=k)
    assert_no_small_set_computable(records, results)
    for group in results.groups():
        _exact(group, records)


@settings(max_examples=150, deadline=None)
@given(records=records_strategy, k=st.integers(3, 6))
def test_overall_minus_the_visible_groups_is_never_one_hidden_small_group(records, k):
    results = agg.aggregate(records, DIMENSION_OF, k=k)
    if results.overall is None:
        assert len(records) < k
        return
    for family, attribute in ((Family.PARTNER, "partner"), (Family.LEVEL, "level")):
        groups = results.family(family)
        shown = {m for g in groups for m in g.members}
        hidden = [r for r in records if getattr(r, attribute) not in shown]
        # What the reader computes: overall - the visible groups = the hidden rest.
        rest = results.overall.respondents - sum(g.respondents for g in groups)
        assert rest == len(hidden)
        assert rest == 0 or rest >= k or not groups


@settings(max_examples=200, deadline=None)
@given(cells=st.dictionaries(st.tuples(st.sampled_from("abcd"), st.sampled_from("xyz")),
                             st.integers(1, 8), max_size=12),
       k=st.integers(3, 5))
def test_the_cross_family_check_agrees_with_linear_algebra(cells, k):
    atoms = sorted(cells)
    rows = {a[0] for a in atoms}
    cols = {a[1] for a in atoms}
    released = [{a for a in atoms if a[0] == r} for r in rows] + [
        {a for a in atoms if a[1] == c} for c in cols]
    brute = bool(_computable_small_sets(atoms, cells, released, k)) or any(
        0 < sum(cells[a] for a in group) < k for group in released)
    assert agg.difference_leak(cells, k) == brute


def test_aggregating_is_deterministic_and_ignores_order():
    records = many("a", "s", 6, 2) + many("b", "o", 6, 4) + many("c", "s", 2, 5)
    assert agg.aggregate(records, DIMENSION_OF) == agg.aggregate(records[::-1], DIMENSION_OF)
