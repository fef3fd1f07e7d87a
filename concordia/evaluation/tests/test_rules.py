"""The evaluation's pure rules, without a database."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from concordia.alliances.choices import Level, Role
from concordia.evaluation import rules
from concordia.evaluation.choices import RoleGroup
from concordia.evaluation.instrument import (
    OPEN_QUESTIONS,
    STANDARD_STATEMENTS,
    is_own_key,
    is_standard_key,
)
from concordia.handbook.catalogue import DIMENSION_PILLARS, Dimension

DAY = dt.date(2027, 3, 1)


def test_the_standard_instrument_has_four_to_six_statements_per_dimension_with_stable_keys():
    for dimension in Dimension:
        keys = [s.key for s in STANDARD_STATEMENTS if s.dimension == dimension]
        assert 4 <= len(keys) <= 6
        assert all(k.startswith(f"{dimension.value}.") for k in keys)
    assert len({s.key for s in STANDARD_STATEMENTS}) == len(STANDARD_STATEMENTS)
    assert set(OPEN_QUESTIONS) == set(Dimension)


def test_every_statement_speaks_to_a_pillar_of_the_model_and_every_pillar_is_asked():
    asked = {p for s in STANDARD_STATEMENTS for p in s.pillars}
    assert asked == {p for pair in DIMENSION_PILLARS.values() for p in pair}
    for statement in STANDARD_STATEMENTS:
        assert statement.pillars


def test_keys_tell_standard_from_own():
    assert is_standard_key("cultural.1")
    assert not is_standard_key("own.1")
    assert is_own_key("own.12")
    assert not is_own_key("own.0")
    assert not is_own_key("own.x")


def test_a_role_counts_under_its_group():
    assert rules.role_group(Role.KEY_ALLIANCE_MANAGER) == RoleGroup.DIRECTION
    assert rules.role_group(Role.ALLIANCE_COORDINATOR) == RoleGroup.MANAGEMENT
    assert rules.role_group(Role.PROFESSIONAL) == RoleGroup.STAFF
    assert rules.role_group("gone") == RoleGroup.OTHER


def test_a_person_is_invited_once_under_the_role_highest_up():
    held = [rules.Held(2, Role.PROFESSIONAL, Level.OPERATIONAL),
            rules.Held(1, Role.BOARD_MEMBER, Level.STRATEGIC)]
    assert rules.invitee_group(held, roles=(), levels=(), partner_ids=()) == rules.Group(
        1, Level.STRATEGIC, RoleGroup.DIRECTION)
    # only the professional's role falls within an operational round
    assert rules.invitee_group(held, roles=(), levels=[Level.OPERATIONAL],
                               partner_ids=()) == rules.Group(2, Level.OPERATIONAL,
                                                              RoleGroup.STAFF)
    assert rules.invitee_group(held, roles=(), levels=(), partner_ids=[3]) is None


def test_observers_and_external_reviewers_are_never_invited():
    for role in (Role.OBSERVER, Role.EXTERNAL_REVIEWER):
        held = [rules.Held(1, role, Level.STRATEGIC)]
        assert rules.invitee_group(held, roles=[role], levels=(), partner_ids=()) is None


@given(st.lists(st.tuples(st.integers(1, 4), st.sampled_from(Role.values),
                          st.sampled_from(Level.values)), max_size=6),
       st.sets(st.sampled_from(Role.values)), st.sets(st.sampled_from(Level.values)),
       st.sets(st.integers(1, 4)))
def test_the_group_chosen_is_always_one_the_round_invites(roles_held, roles, levels, partners):
    held = [rules.Held(*h) for h in roles_held]
    group = rules.invitee_group(held, roles=roles, levels=levels, partner_ids=partners)
    invited = [h for h in held if rules.is_invited(h, roles=roles, levels=levels,
                                                   partner_ids=partners)]
    assert (group is None) == (not invited)
    if group is not None:
        assert any(h.partner_id == group.partner_id and h.level == group.level
                   and rules.role_group(h.role) == group.role_group for h in invited)
        assert min(rules.LEVEL_RANK[Level(h.level)] for h in invited) == rules.LEVEL_RANK[
            Level(group.level)]


def test_a_round_to_open_is_checked():
    assert rules.round_problems(year=2027, opens_on=DAY, closes_on=DAY, today=DAY,
                                statement_count=1) == []
    assert rules.round_problems(year=1999, opens_on=DAY, closes_on=DAY - dt.timedelta(days=1),
                                today=DAY, statement_count=0) == [
        rules.RoundProblem.YEAR, rules.RoundProblem.DATES, rules.RoundProblem.ENDED,
        rules.RoundProblem.NO_STATEMENTS]
    assert rules.round_problems(year=2027, opens_on=DAY, closes_on=DAY + dt.timedelta(days=121),
                                today=DAY, statement_count=3) == [rules.RoundProblem.TOO_LONG]


def test_where_a_link_stands():
    def state(**kw):
        facts = {"round_open": True, "opens_on": DAY, "closes_on": DAY, "today": DAY,
                 "answered": False, **kw}
        return rules.link_state(**facts)

    assert state() == rules.LinkState.ANSWERABLE
    assert state(answered=True) == rules.LinkState.ANSWERED
    assert state(round_open=False) == rules.LinkState.CLOSED
    assert state(today=DAY + dt.timedelta(days=1)) == rules.LinkState.CLOSED
    assert state(today=DAY - dt.timedelta(days=1)) == rules.LinkState.NOT_YET


def test_a_round_is_due_to_close_the_day_after_its_closing_date():
    assert not rules.is_due_to_close(round_open=True, closes_on=DAY, today=DAY)
    assert rules.is_due_to_close(round_open=True, closes_on=DAY,
                                 today=DAY + dt.timedelta(days=1))
    assert not rules.is_due_to_close(round_open=False, closes_on=DAY,
                                     today=DAY + dt.timedelta(days=1))


def test_an_answer_is_checked_per_statement_and_dimension():
    keys = ["cultural.1", "own.1"]
    assert rules.answer_problems({"cultural.1": 5}, {}, statement_keys=keys) == {}
    assert rules.answer_problems({"cultural.1": 6, "content.1": 3, "own.1": True},
                                 {"spiritual": "x", "content": "y" * 2001},
                                 statement_keys=keys) == {
        "cultural.1": rules.AnswerProblem.OUT_OF_SCALE,
        "content.1": rules.AnswerProblem.UNKNOWN_STATEMENT,
        "own.1": rules.AnswerProblem.OUT_OF_SCALE,
        "spiritual": rules.AnswerProblem.UNKNOWN_DIMENSION,
        "content": rules.AnswerProblem.TOO_LONG}
    assert rules.answer_problems({}, {"content": "only words"}, statement_keys=keys) == {
        "": rules.AnswerProblem.EMPTY}


@given(st.dictionaries(st.sampled_from(["a", "b", "c"]), st.integers(-3, 9)))
def test_any_score_outside_one_to_five_is_refused(scores):
    problems = rules.answer_problems(scores, {}, statement_keys=["a", "b", "c"])
    assert {k for k, v in scores.items() if v not in range(1, 6)} == {
        k for k in problems if k}


def test_open_answers_are_trimmed_and_empty_ones_dropped():
    assert rules.clean_open_answers({"content": "  more  ", "cultural": "  "}) == {
        "content": "more"}


def test_the_rate_is_in_whole_percents():
    assert rules.rate(1, 3) == 33
    assert rules.rate(0, 0) is None
