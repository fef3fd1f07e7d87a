"""The pure rules of bodies and seats, without a database."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from concordia.bodies import rules
from concordia.bodies.choices import BodyKind, ChairRule

partner_ids = st.integers(min_value=1, max_value=12)
seat_lists = st.lists(partner_ids, max_size=20)


@pytest.mark.parametrize(("kind", "expected"), [
    (BodyKind.BOARD, False), (BodyKind.TACTICAL_TABLE, False), (BodyKind.WORKING_GROUP, True),
    (BodyKind.AGENCY, True), (BodyKind.OTHER, True),
])
def test_substitutes_attend_by_default_except_at_board_and_tactical_table(kind, expected):
    assert rules.default_substitutes_may_attend(kind) is expected


def test_usual_levels_follow_the_model():
    assert [rules.usual_level(k) for k in BodyKind.values] == [
        "strategic", "tactical", "operational", "tactical", "operational"]


def test_default_rotation_is_the_seated_partners_in_order_of_first_seat():
    assert rules.default_rotation([3, 1, 3, 2, 1]) == [3, 1, 2]


@given(rotation=st.lists(partner_ids, max_size=12), seats=seat_lists)
def test_reconciled_rotation_is_a_permutation_of_the_seated_partners(rotation, seats):
    result = rules.reconcile_rotation(rotation, seats)
    assert sorted(result) == sorted(set(seats))
    assert rules.rotation_problem(result, set(seats)) is None


@given(rotation=st.lists(partner_ids, max_size=12, unique=True), seats=seat_lists)
def test_reconciling_keeps_the_order_of_partners_still_seated(rotation, seats):
    result = rules.reconcile_rotation(rotation, seats)
    still = [p for p in rotation if p in set(seats)]
    assert result[:len(still)] == still
    newcomers = [p for p in dict.fromkeys(seats) if p not in set(rotation)]
    assert result[len(still):] == newcomers


@given(seats=seat_lists)
def test_reconciling_a_valid_rotation_changes_nothing(seats):
    rotation = list(reversed(rules.default_rotation(seats)))
    assert rules.reconcile_rotation(rotation, seats) == rotation


def test_a_seat_added_joins_the_end_and_a_last_seat_removed_leaves():
    assert rules.reconcile_rotation([2, 1], [1, 2, 5]) == [2, 1, 5]
    assert rules.reconcile_rotation([2, 1, 5], [1, 5]) == [1, 5]
    # a second seat of a partner already in the rotation changes nothing
    assert rules.reconcile_rotation([2, 1], [1, 2, 2]) == [2, 1]


@pytest.mark.parametrize(("rotation", "seated", "code"), [
    ([1, 2], {1, 2}, None),
    ([2, 1], {1, 2}, None),
    ([], set(), None),
    ([1, 1, 2], {1, 2}, "rotation_repeats_partner"),
    ([1, 2, 3], {1, 2}, "rotation_partner_without_seat"),
    ([1], {1, 2}, "rotation_misses_partner"),
])
def test_rotation_problem(rotation, seated, code):
    assert rules.rotation_problem(rotation, seated) == code


def test_a_fixed_chair_needs_a_person():
    assert rules.body_problems(chair_rule=ChairRule.FIXED, chair_person_id=None, rotation=[],
                               seated=[]) == [rules.Problem("chair_person",
                                                            "fixed_chair_needs_person")]
    assert rules.body_problems(chair_rule=ChairRule.FIXED, chair_person_id=7, rotation=[],
                               seated=[]) == []
    assert rules.body_problems(chair_rule=ChairRule.ROTATING, chair_person_id=None,
                               rotation=[], seated=[]) == []


def test_body_problems_name_every_field_at_fault():
    assert rules.body_problems(chair_rule="dice", chair_person_id=None, rotation=[1],
                               seated=[2]) == [
        rules.Problem("chair_rule", "unknown_chair_rule"),
        rules.Problem("rotation", "rotation_partner_without_seat")]
    assert rules.body_problems(chair_rule=ChairRule.FIXED, chair_person_id=None,
                               rotation=[2, 2], seated=[2]) == [
        rules.Problem("chair_person", "fixed_chair_needs_person"),
        rules.Problem("rotation", "rotation_repeats_partner")]


@given(positions=st.dictionaries(partner_ids, st.integers(min_value=1, max_value=5)),
       current=st.lists(partner_ids, unique=True, max_size=12))
def test_rotation_from_positions_is_a_permutation_ordered_by_number(positions, current):
    result = rules.rotation_from_positions(positions, current)
    assert sorted(result) == sorted(positions)
    numbers = [positions[p] for p in result]
    assert numbers == sorted(numbers)


def test_rotation_from_positions_keeps_the_current_order_on_equal_numbers():
    assert rules.rotation_from_positions({1: 1, 2: 1, 3: 0}, [2, 1, 3]) == [3, 2, 1]


def test_next_seat_position():
    assert rules.next_seat_position([]) == 1
    assert rules.next_seat_position([1, 3]) == 4


def test_vacancies_are_seats_without_holder():
    seats = [rules.SeatFacts(1, 10, 5, None), rules.SeatFacts(2, 10, None, 6),
             rules.SeatFacts(3, 11, None, None)]
    assert rules.vacancies(seats) == seats[1:]


@pytest.mark.parametrize(("holder", "substitute", "expected"), [
    (1, 2, []),
    (None, None, []),
    (None, 2, []),
    (9, None, [rules.Problem("holder", "not_of_partner")]),
    (1, 9, [rules.Problem("substitute", "not_of_partner")]),
    (9, 8, [rules.Problem("holder", "not_of_partner"),
            rules.Problem("substitute", "not_of_partner")]),
    (1, 1, [rules.Problem("substitute", "substitute_is_holder")]),
])
def test_seat_fill_problems(holder, substitute, expected):
    assert rules.seat_fill_problems(holder_id=holder, substitute_id=substitute,
                                    eligible={1, 2}) == expected


@given(holder=st.none() | partner_ids, substitute=st.none() | partner_ids,
       eligible=st.sets(partner_ids))
def test_a_seat_is_filled_only_from_the_eligible(holder, substitute, eligible):
    problems = rules.seat_fill_problems(holder_id=holder, substitute_id=substitute,
                                        eligible=eligible)
    ok = ((holder is None or holder in eligible) and (substitute is None or substitute in eligible)
          and (holder is None or holder != substitute))
    assert (problems == []) is ok
