"""The pure rules of agreements: signature progress, status, version states, review reminders,
dates, the responsibility matrix's validity and the text comparison. No database."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from concordia.agreements import rules
from concordia.agreements.choices import AgreementStatus, Raci, VersionState
from concordia.agreements.rules import DiffOp, MatrixRowIn, PartyRef, RowProblem

TAX, SSA, STAT = PartyRef(1, "Tax Authority"), PartyRef(2, "Social Security Agency"), \
    PartyRef(3, "Statistics Office")
TODAY = dt.date(2026, 6, 15)


def test_signed_by_two_of_three_waits_for_the_third_by_name():
    progress = rules.signature_progress([TAX, SSA, STAT], [1, 3])
    assert [p.name for p in progress.parties] == ["Social Security Agency", "Statistics Office",
                                                  "Tax Authority"]
    assert [p.name for p in progress.signed] == ["Statistics Office", "Tax Authority"]
    assert [p.name for p in progress.waiting] == ["Social Security Agency"]
    assert progress.complete is False


def test_every_party_signed_is_complete_and_outsiders_do_not_count():
    assert rules.signature_progress([TAX, SSA], [1, 2]).complete is True
    progress = rules.signature_progress([TAX, SSA], [1, 99])
    assert progress.complete is False
    assert progress.signed == (TAX,)
    assert rules.signature_progress([], []).complete is False


@given(st.lists(st.integers(min_value=1, max_value=8), unique=True, min_size=1),
       st.lists(st.integers(min_value=1, max_value=12)))
def test_signed_and_waiting_split_the_parties(party_ids, signing):
    parties = [PartyRef(i, f"Partner {i}") for i in party_ids]
    progress = rules.signature_progress(parties, signing)
    assert set(progress.signed) | set(progress.waiting) == set(parties)
    assert not set(progress.signed) & set(progress.waiting)
    assert progress.complete == set(party_ids).issubset(signing)


@pytest.mark.parametrize(("in_force", "ends_on", "status"), [
    (True, None, AgreementStatus.IN_FORCE),
    (False, None, AgreementStatus.AWAITING),
    (True, TODAY, AgreementStatus.IN_FORCE),  # the end date itself still counts
    (True, TODAY - dt.timedelta(days=1), AgreementStatus.EXPIRED),
    (False, TODAY - dt.timedelta(days=1), AgreementStatus.EXPIRED),
    (False, TODAY + dt.timedelta(days=1), AgreementStatus.AWAITING),
])
def test_status_in_force_awaiting_expired(in_force, ends_on, status):
    assert rules.agreement_status(has_version_in_force=in_force, ends_on=ends_on,
                                  today=TODAY) == status


@pytest.mark.parametrize(("number", "in_force", "latest", "state"), [
    (1, None, 1, VersionState.AWAITING),
    (1, 1, 1, VersionState.IN_FORCE),
    (1, 1, 2, VersionState.IN_FORCE),  # in force while version 2 waits
    (2, 1, 2, VersionState.AWAITING),
    (1, 2, 2, VersionState.SUPERSEDED),
    (2, 1, 3, VersionState.REPLACED),  # proposed, then a newer proposal took its place
    (1, None, 2, VersionState.REPLACED),
])
def test_version_states(number, in_force, latest, state):
    assert rules.version_state(number=number, in_force_number=in_force,
                               latest_number=latest) == state
    assert rules.may_sign_version(state) is (state == VersionState.AWAITING)


def test_review_is_due_thirty_days_ahead_and_after():
    review_on = TODAY + dt.timedelta(days=30)
    assert rules.review_due(review_on, TODAY) is True
    assert rules.review_due(review_on + dt.timedelta(days=1), TODAY) is False
    assert rules.review_due(TODAY - dt.timedelta(days=3), TODAY) is True
    assert rules.review_due(None, TODAY) is False
    assert rules.review_due(TODAY + dt.timedelta(days=7), TODAY, lead_days=5) is False
    assert rules.review_key(4, review_on) == "agreement-review:4:2026-07-15"


@pytest.mark.parametrize(("starts", "ends", "review", "problem"), [
    (None, None, None, None),
    (dt.date(2026, 1, 1), dt.date(2026, 12, 31), dt.date(2026, 10, 1), None),
    (dt.date(2026, 1, 1), dt.date(2026, 1, 1), dt.date(2026, 1, 1), None),
    (dt.date(2026, 2, 1), dt.date(2026, 1, 1), None, rules.DateProblem.ENDS_BEFORE_START),
    (dt.date(2026, 2, 1), None, dt.date(2026, 1, 1), rules.DateProblem.REVIEW_BEFORE_START),
    (None, dt.date(2026, 2, 1), dt.date(2026, 3, 1), rules.DateProblem.REVIEW_AFTER_END),
])
def test_dates_keep_their_order(starts, ends, review, problem):
    assert rules.date_problem(starts, ends, review) == problem


# --- the responsibility matrix ---------------------------------------------------------------

PARTIES = [1, 2, 3]


@pytest.mark.parametrize(("cells", "problems"), [
    ({1: "A", 2: "R"}, []),
    ({1: "AR"}, []),
    ({1: "AR", 2: "C", 3: "I"}, []),
    ({1: "A", 2: "R", 3: "R"}, []),
    ({1: "R", 2: "C"}, [RowProblem.NO_ACCOUNTABLE]),
    ({1: "A", 2: "A", 3: "R"}, [RowProblem.SEVERAL_ACCOUNTABLE]),
    ({1: "AR", 2: "A"}, [RowProblem.SEVERAL_ACCOUNTABLE]),
    ({1: "A", 2: "C"}, [RowProblem.NO_RESPONSIBLE]),
    ({}, [RowProblem.NO_ACCOUNTABLE, RowProblem.NO_RESPONSIBLE]),
    ({1: "A", 2: "R", 9: "I"}, [RowProblem.NOT_A_PARTY]),
    ({1: "A", 2: "X"}, [RowProblem.UNKNOWN_CODE, RowProblem.NO_RESPONSIBLE]),
    ({1: "AR", 2: ""}, []),  # an empty cell is no part
])
def test_exactly_one_accountable_and_at_least_one_responsible(cells, problems):
    assert rules.row_problems(MatrixRowIn("Validate", cells), PARTIES) == problems


def test_a_row_names_its_task_once_in_the_matrix():
    rows = [MatrixRowIn("Collect payroll returns", {1: "AR"}),
            MatrixRowIn("  ", {1: "AR"}),
            MatrixRowIn("collect  payroll returns", {2: "AR"}),
            MatrixRowIn("x" * 201, {2: "AR"})]
    assert rules.matrix_problems(rows, PARTIES) == [
        (1, RowProblem.NO_TASK), (2, RowProblem.DUPLICATE_TASK), (3, RowProblem.TASK_TOO_LONG)]


codes = st.sampled_from(["", *Raci.values])


@given(st.dictionaries(st.sampled_from(PARTIES), codes))
def test_a_valid_row_has_one_accountable_and_a_responsible(cells):
    valid = rules.row_is_valid(MatrixRowIn("Publish statistics", cells), PARTIES)
    values = [c for c in cells.values() if c]
    accountable = sum(1 for c in values if c in ("A", "AR"))
    responsible = any(c in ("R", "AR") for c in values)
    assert valid == (accountable == 1 and responsible)


@given(st.dictionaries(st.sampled_from(PARTIES), codes))
def test_the_order_of_the_cells_does_not_matter(cells):
    reversed_cells = dict(reversed(list(cells.items())))
    assert rules.row_problems(MatrixRowIn("t", cells), PARTIES) == rules.row_problems(
        MatrixRowIn("t", reversed_cells), PARTIES)


# --- comparing versions ----------------------------------------------------------------------


def test_the_diff_shows_removed_lines_before_their_replacement():
    old = "Deliver by the 5th.\nCheck within two days.\nReport monthly."
    new = "Deliver by the 3rd.\nCheck within two days.\nReport monthly.\nEscalate after 3 days."
    assert [(line.op, line.text) for line in rules.text_diff(old, new)] == [
        (DiffOp.REMOVED, "Deliver by the 5th."), (DiffOp.ADDED, "Deliver by the 3rd."),
        (DiffOp.SAME, "Check within two days."), (DiffOp.SAME, "Report monthly."),
        (DiffOp.ADDED, "Escalate after 3 days.")]


@given(st.lists(st.sampled_from(["a", "b", "c", "d"]), max_size=8),
       st.lists(st.sampled_from(["a", "b", "c", "e"]), max_size=8))
def test_the_diff_rebuilds_both_texts(old_lines, new_lines):
    lines = rules.text_diff("\n".join(old_lines), "\n".join(new_lines))
    assert [x.text for x in lines if x.op != DiffOp.ADDED] == old_lines
    assert [x.text for x in lines if x.op != DiffOp.REMOVED] == new_lines


def test_version_numbers_count_on():
    assert rules.next_version_number([]) == 1
    assert rules.next_version_number([1, 3, 2]) == 4
