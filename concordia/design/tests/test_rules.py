"""Pure rules of the design: endorsement progress, version numbers, the stage assessment."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from concordia.design.rules import PartnerRef, endorsement_progress, next_version_number
from concordia.design.stage_rules import (
    QUESTION_KEYS,
    QUESTIONS,
    STAGE_ORDER,
    InvalidAnswers,
    assess,
)
from concordia.handbook.catalogue import Dimension, Stage

OWNER = PartnerRef(1, "Tax Office", "owner")
CORE = PartnerRef(2, "Benefits Agency", "core")
CORE_2 = PartnerRef(3, "Chamber", "core")
ECOSYSTEM = PartnerRef(4, "Association", "ecosystem")
SUPPLIER = PartnerRef(5, "Software House", "supplier")


def answers_all(level: int) -> dict[str, int]:
    return dict.fromkeys(QUESTION_KEYS, level)


# --- endorsement progress ------------------------------------------------------------------


def test_only_owner_and_core_partners_are_required_in_name_order():
    # given an owner, two core partners, an ecosystem partner and a supplier
    partners = [SUPPLIER, CORE_2, ECOSYSTEM, OWNER, CORE]

    # when nobody has endorsed yet
    progress = endorsement_progress(partners, [])

    # then the alliance waits for the owner and core partners only, sorted by name
    assert progress.required == (CORE, CORE_2, OWNER)
    assert progress.waiting == (CORE, CORE_2, OWNER)
    assert progress.endorsed == ()
    assert progress.complete is False


def test_waiting_list_shrinks_as_required_partners_endorse():
    progress = endorsement_progress([OWNER, CORE, CORE_2], [CORE_2.id])

    assert progress.endorsed == (CORE_2,)
    assert progress.waiting == (CORE, OWNER)
    assert progress.complete is False


def test_complete_when_every_required_partner_endorsed():
    progress = endorsement_progress([OWNER, CORE, ECOSYSTEM], [OWNER.id, CORE.id])

    assert progress.waiting == ()
    assert progress.endorsed == (CORE, OWNER)
    assert progress.complete is True


def test_ecosystem_endorsement_counts_as_endorsed_but_is_not_required():
    # given only the ecosystem partner and the owner endorsed
    progress = endorsement_progress([OWNER, CORE, ECOSYSTEM], [ECOSYSTEM.id, OWNER.id])

    # then the ecosystem partner shows among the endorsers but the alliance still waits for core
    assert progress.endorsed == (ECOSYSTEM, OWNER)
    assert progress.required == (CORE, OWNER)
    assert progress.waiting == (CORE,)
    assert progress.complete is False


def test_complete_needs_at_least_one_required_partner():
    # given an alliance with only non-required partners, all of whom endorsed
    progress = endorsement_progress([ECOSYSTEM, SUPPLIER], [ECOSYSTEM.id, SUPPLIER.id])

    # then there is nobody to wait for, and still it is not complete
    assert progress.required == ()
    assert progress.waiting == ()
    assert progress.endorsed == (ECOSYSTEM, SUPPLIER)
    assert progress.complete is False


def test_no_partners_is_not_complete():
    progress = endorsement_progress([], [])

    assert (progress.required, progress.endorsed, progress.waiting) == ((), (), ())
    assert progress.complete is False


def test_endorsements_of_partners_no_longer_active_are_ignored():
    # given partner 99 endorsed but is not among the active partners any more
    progress = endorsement_progress([OWNER, CORE], [99, OWNER.id])

    assert progress.endorsed == (OWNER,)
    assert progress.waiting == (CORE,)


@given(st.lists(st.sampled_from([OWNER, CORE, CORE_2, ECOSYSTEM, SUPPLIER]), unique=True),
       st.sets(st.integers(min_value=1, max_value=6)))
def test_waiting_and_endorsed_required_partition_the_required(partners, endorsing):
    progress = endorsement_progress(partners, endorsing)

    endorsed_required = {p for p in progress.endorsed if p in progress.required}
    assert endorsed_required | set(progress.waiting) == set(progress.required)
    assert endorsed_required.isdisjoint(progress.waiting)
    assert progress.complete == (bool(progress.required) and not progress.waiting)


# --- version numbers -----------------------------------------------------------------------


@pytest.mark.parametrize(("existing", "expected"), [
    ([], 1),
    ([1], 2),
    ([1, 2, 3], 4),
    ([3, 1, 2], 4),
    ([1, 5], 6),
])
def test_next_version_number(existing, expected):
    assert next_version_number(existing) == expected


# --- development stage ---------------------------------------------------------------------


def test_every_dimension_has_two_questions():
    per_dimension = {d: [q.key for q in QUESTIONS if q.dimension == d] for d in Dimension}

    assert {d: len(keys) for d, keys in per_dimension.items()} == dict.fromkeys(Dimension, 2)
    assert len(set(QUESTION_KEYS)) == 8


@pytest.mark.parametrize(("level", "stage"), [
    (1, Stage.OPPORTUNISTIC), (2, Stage.PROCEDURAL), (3, Stage.CULTURAL)])
def test_all_answers_alike_give_that_stage_everywhere(level, stage):
    per_dimension, overall = assess(answers_all(level))

    assert per_dimension == dict.fromkeys(Dimension, stage)
    assert overall == stage


def test_mixed_answers_round_medians_down():
    # given: cultural 1 and 2 (median 1.5 → 1), relational 2 and 3 (2.5 → 2),
    # procedural 3 and 3 (3), content 2 and 2 (2)
    answers = {"leadership": 1, "room": 2, "trust": 2, "dialogue": 3,
               "structure": 3, "results": 3, "knowledge": 2, "objective": 2}

    per_dimension, overall = assess(answers)

    assert per_dimension == {
        Dimension.CULTURAL: Stage.OPPORTUNISTIC,
        Dimension.RELATIONAL: Stage.PROCEDURAL,
        Dimension.PROCEDURAL: Stage.CULTURAL,
        Dimension.CONTENT: Stage.PROCEDURAL,
    }
    # levels 1, 2, 3, 2 → median 2
    assert overall == Stage.PROCEDURAL


def test_overall_median_of_four_dimensions_rounds_down():
    # cultural 1,1 → 1; relational 1,1 → 1; procedural 2,3 → 2.5 → 2; content 3,3 → 3;
    # overall: median of 1, 1, 2, 3 is 1.5 → 1
    answers = {"leadership": 1, "room": 1, "trust": 1, "dialogue": 1,
               "structure": 2, "results": 3, "knowledge": 3, "objective": 3}

    per_dimension, overall = assess(answers)

    assert [per_dimension[d] for d in Dimension] == [
        Stage.OPPORTUNISTIC, Stage.OPPORTUNISTIC, Stage.PROCEDURAL, Stage.CULTURAL]
    assert overall == Stage.OPPORTUNISTIC


def test_missing_answer_is_refused_and_named():
    answers = answers_all(2)
    del answers["trust"]

    with pytest.raises(InvalidAnswers, match=r"unanswered: \['trust'\]"):
        assess(answers)


def test_empty_answers_are_refused():
    with pytest.raises(InvalidAnswers, match="unanswered"):
        assess({})


@pytest.mark.parametrize("bad", [0, 4, -1, 99])
def test_answer_outside_one_to_three_is_refused(bad):
    answers = {**answers_all(2), "room": bad}

    with pytest.raises(InvalidAnswers, match="answers are 1, 2 or 3"):
        assess(answers)


def test_unknown_extra_keys_are_refused():
    # nothing the questionnaire did not ask is stored with an assessment
    with pytest.raises(InvalidAnswers, match=r"unknown questions: \['foo'\]"):
        assess({**answers_all(3), "foo": 1})


def test_a_boolean_is_not_an_answer():
    with pytest.raises(InvalidAnswers, match="answers are 1, 2 or 3"):
        assess({**answers_all(2), "room": True})


ANSWER_DICTS = st.fixed_dictionaries({key: st.integers(1, 3) for key in QUESTION_KEYS})


@given(ANSWER_DICTS)
def test_overall_lies_between_the_lowest_and_highest_dimension(answers):
    per_dimension, overall = assess(answers)

    levels = [STAGE_ORDER.index(stage) for stage in per_dimension.values()]
    assert min(levels) <= STAGE_ORDER.index(overall) <= max(levels)
    assert set(per_dimension) == set(Dimension)


@given(ANSWER_DICTS)
def test_dimension_lies_between_its_lowest_and_highest_answer(answers):
    per_dimension, _overall = assess(answers)

    for question_dimension in Dimension:
        values = [answers[q.key] for q in QUESTIONS if q.dimension == question_dimension]
        level = STAGE_ORDER.index(per_dimension[question_dimension]) + 1
        assert min(values) <= level <= max(values)


@given(ANSWER_DICTS, st.sampled_from(QUESTION_KEYS))
def test_raising_one_answer_never_lowers_the_overall_stage(answers, key):
    _dims, before = assess(answers)
    raised = {**answers, key: min(answers[key] + 1, 3)}

    _dims, after = assess(raised)

    assert STAGE_ORDER.index(after) >= STAGE_ORDER.index(before)


@given(st.dictionaries(st.sampled_from(QUESTION_KEYS), st.integers(-5, 10)))
def test_any_answer_dict_either_assesses_or_is_refused(answers):
    complete = set(answers) == set(QUESTION_KEYS)
    valid = complete and all(v in (1, 2, 3) for v in answers.values())

    if valid:
        _dims, overall = assess(answers)
        assert overall in STAGE_ORDER
    else:
        with pytest.raises(InvalidAnswers):
            assess(answers)
