"""The minutes' pure rules: the period for corrections, when they may be approved, and what
the wider circle sees. No database."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from concordia.access.rules import present_people
from concordia.meetings import minutes_rules as rules
from concordia.meetings.choices import AttendanceStatus, MinutesStatus

T0 = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)


def test_present_are_holders_present_and_replacements() -> None:
    rows = [(AttendanceStatus.PRESENT, 1, None), (AttendanceStatus.REPLACED, 2, 3),
            (AttendanceStatus.ABSENT, 4, None), (AttendanceStatus.ABSENT_WITH_NOTICE, 5, None),
            (AttendanceStatus.PRESENT, None, None)]
    assert present_people(rows) == {1, 3}


def test_the_period_includes_its_last_day() -> None:
    until = rules.corrections_until(dt.date(2026, 3, 2))
    assert until == dt.date(2026, 3, 9)
    assert rules.corrections_open(MinutesStatus.CIRCULATED, until, until)
    assert not rules.corrections_open(MinutesStatus.CIRCULATED, until, until + DAY)
    assert rules.correction_refusal(MinutesStatus.CIRCULATED, until, until + DAY) == "period_over"
    assert rules.correction_refusal(MinutesStatus.CIRCULATED, until, until) is None
    assert rules.correction_refusal(MinutesStatus.DRAFT, None, until) == "not_circulated"
    assert rules.correction_refusal(MinutesStatus.APPROVED, until, until) == "approved"


@given(st.integers(-30, 30), st.integers(1, 60))
def test_open_exactly_within_the_period(offset: int, days: int) -> None:
    start = dt.date(2026, 1, 1)
    until = rules.corrections_until(start, days)
    today = start + dt.timedelta(days=offset)
    assert rules.corrections_open(MinutesStatus.CIRCULATED, until, today) == (today <= until)
    assert not rules.corrections_open(MinutesStatus.DRAFT, until, today)
    assert not rules.corrections_open(MinutesStatus.APPROVED, until, today)


def test_approval_waits_for_the_next_meeting_that_took_place() -> None:
    later = rules.LaterMeeting(2, T0 + 7 * DAY, cancelled=False)
    cancelled = rules.LaterMeeting(3, T0 + 3 * DAY, cancelled=True)
    earlier = rules.LaterMeeting(4, T0 - 7 * DAY, cancelled=False)
    others = [later, cancelled, earlier]
    assert rules.approval_meeting(T0, others, now=T0 + 5 * DAY) is None  # only cancelled so far
    assert rules.approval_meeting(T0, others, now=T0 + 7 * DAY) == 2  # at the next meeting
    assert rules.approval_meeting(T0, others, now=T0 + 30 * DAY) == 2  # or after it
    assert rules.approval_meeting(T0, [], now=T0 + 30 * DAY) is None


@given(st.lists(st.tuples(st.integers(-20, 20), st.booleans()), max_size=8),
       st.integers(-20, 40))
def test_approval_meeting_is_the_first_started_later_one(meetings, now_offset) -> None:
    others = [rules.LaterMeeting(i + 1, T0 + d * DAY, c) for i, (d, c) in enumerate(meetings)]
    now = T0 + now_offset * DAY
    found = rules.approval_meeting(T0, others, now)
    eligible = [m for m in others if T0 < m.starts_at <= now and not m.cancelled]
    if not eligible:
        assert found is None
    else:
        chosen = next(m for m in others if m.pk == found)
        assert chosen in eligible
        assert all(chosen.starts_at <= m.starts_at for m in eligible)


def test_approval_refusals_in_order() -> None:
    assert rules.approval_refusal(MinutesStatus.APPROVED, 0, 2) == "approved"
    assert rules.approval_refusal(MinutesStatus.DRAFT, 0, 2) == "not_circulated"
    assert rules.approval_refusal(MinutesStatus.CIRCULATED, 1, 2) == "open_corrections"
    assert rules.approval_refusal(MinutesStatus.CIRCULATED, 0, None) == "no_next_meeting"
    assert rules.approval_refusal(MinutesStatus.CIRCULATED, 0, 2) is None


def test_notes_only_for_items_on_the_agenda() -> None:
    assert rules.unknown_note_keys({"1": "a", "7": "b", "x": "c"}, [1, 2]) == ["7", "x"]
    assert rules.unknown_note_keys({"1": "a"}, [1, 2]) == []
    assert rules.clean_notes({"1": "  a ", "2": "   "}) == {"1": "a"}


@given(st.dictionaries(st.integers(1, 50).map(str), st.text(max_size=5), max_size=10),
       st.sets(st.integers(1, 50), max_size=10))
def test_the_wider_circle_never_gets_a_confidential_note(notes, confidential) -> None:
    wider = rules.wider_circle_notes(notes, confidential, may_read_confidential=False)
    assert not {str(pk) for pk in confidential} & set(wider)
    assert all(notes[k] == v for k, v in wider.items())
    assert set(notes) - set(wider) <= {str(pk) for pk in confidential}
    assert rules.wider_circle_notes(notes, confidential, may_read_confidential=True) == notes


def test_visible_item() -> None:
    assert rules.visible_item(False, False)
    assert not rules.visible_item(True, False)
    assert rules.visible_item(True, True)
