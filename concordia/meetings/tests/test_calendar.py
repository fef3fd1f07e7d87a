"""The iCalendar writer on plain values (no database), read back by a second library."""
# ruff: noqa: DTZ001 — the onsets of a VTIMEZONE are local wall-clock times, without a zone

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from ical.timezone import IcsTimezoneInfo

from concordia.meetings.calendar import (
    CalendarEvent,
    calendar_ics,
    meeting_uid,
    transitions,
    vtimezone,
    yearly_rule,
)

from .calendar_support import parse_ics, unfolded

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
TZID = "Europe/Amsterdam"


def event(**changes) -> CalendarEvent:
    values = {
        "uid": "meeting-7@concordia.example", "starts_at": dt.datetime(2027, 1, 12, 10,
                                                                       tzinfo=AMSTERDAM),
        "duration": dt.timedelta(minutes=90), "summary": "Tactical table: January, week 2",
        "location": "Utrecht; room 4", "description": "Agenda\n1. Delivery figures",
        "sequence": 0, "cancelled": False,
        "modified_at": dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC),
    }
    return CalendarEvent(**{**values, **changes})


def test_uid_is_the_meeting_and_the_site_domain() -> None:
    assert meeting_uid(42, "https://concordia.example.org/") == "meeting-42@concordia.example.org"
    assert meeting_uid(42, "http://127.0.0.1:8000") == "meeting-42@127.0.0.1"


PUBLISHED = dt.datetime(2026, 12, 2, 8, 0, tzinfo=dt.UTC)


def test_calendar_is_valid_rfc5545_with_its_properties() -> None:
    content = calendar_ics([event()], name="Tactical table", tzid=TZID,
                           today=dt.date(2026, 12, 1), published_at=PUBLISHED)

    calendar = parse_ics(content)
    lines = unfolded(content).split("\r\n")
    assert calendar.prodid == "-//Concordia//Meetings//EN"
    assert calendar.version == "2.0"
    assert "METHOD:PUBLISH" in lines
    [parsed] = calendar.events
    assert parsed.uid == "meeting-7@concordia.example"
    assert parsed.summary == "Tactical table: January, week 2"
    assert parsed.location == "Utrecht; room 4"
    assert parsed.description == "Agenda\n1. Delivery figures"
    assert parsed.sequence == 0
    assert parsed.status.value == "CONFIRMED"
    assert parsed.dtstamp == PUBLISHED  # a publication: stamped when it was made
    assert parsed.last_modified == dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC)
    assert parsed.dtend - parsed.dtstart == dt.timedelta(minutes=90)
    # Escaped by the library: the comma and semicolon do not split the values.
    assert "SUMMARY:Tactical table: January\\, week 2" in lines
    assert "LOCATION:Utrecht\\; room 4" in lines
    assert "DTSTART;TZID=Europe/Amsterdam:20270112T100000" in lines
    # Every line is folded to at most 75 octets.
    assert max(len(line.encode()) for line in content.decode().split("\r\n")) <= 75


def test_a_cancelled_meeting_is_published_cancelled_with_its_sequence() -> None:
    content = calendar_ics([event(cancelled=True, sequence=3)], name="x", tzid=TZID,
                           today=dt.date(2026, 12, 1), published_at=PUBLISHED)

    [parsed] = parse_ics(content).events
    assert (parsed.status.value, parsed.sequence) == ("CANCELLED", 3)
    assert "METHOD:PUBLISH" in unfolded(content).split("\r\n")


def test_a_feed_has_no_method_and_stamps_each_event_with_its_last_revision() -> None:
    content = calendar_ics([event()], name="x", tzid=TZID, today=dt.date(2026, 12, 1))

    [parsed] = parse_ics(content).events
    assert not any(line.startswith("METHOD") for line in unfolded(content).split("\r\n"))
    assert parsed.dtstamp == parsed.last_modified == dt.datetime(2026, 12, 1, 9, 30,
                                                                 tzinfo=dt.UTC)
    assert content == calendar_ics([event()], name="x", tzid=TZID, today=dt.date(2026, 12, 1))


def test_ten_in_the_morning_in_winter_and_in_summer() -> None:
    winter = event(uid="w@x", starts_at=dt.datetime(2027, 1, 12, 9, tzinfo=dt.UTC))
    summer = event(uid="s@x", starts_at=dt.datetime(2027, 7, 13, 8, tzinfo=dt.UTC))

    calendar = parse_ics(calendar_ics([winter, summer], name="x", tzid=TZID,
                                      today=dt.date(2026, 12, 1)))

    [timezone] = calendar.timezones
    assert timezone.tz_id == TZID
    own_rules = IcsTimezoneInfo.from_timezone(timezone)  # the VTIMEZONE as written, not tzdata
    for parsed, offset in zip(calendar.events, (1, 2), strict=True):
        assert parsed.dtstart.replace(tzinfo=None).time() == dt.time(10, 0)
        assert own_rules.utcoffset(parsed.dtstart.replace(tzinfo=None)) == dt.timedelta(
            hours=offset)
        assert parsed.dtstart.utcoffset() == dt.timedelta(hours=offset)


def test_vtimezone_has_standard_and_daylight_with_the_eu_rule() -> None:
    calendar = parse_ics(calendar_ics([event()], name="x", tzid=TZID, today=dt.date(2027, 1, 1)))

    [timezone] = calendar.timezones
    [standard], [daylight] = timezone.standard, timezone.daylight
    # RFC 5545 §3.6.5: the onset in the offset it changes from — 02:00 CET, 03:00 CEST.
    assert (daylight.dtstart, daylight.tz_offset_from.offset, daylight.tz_offset_to.offset) == (
        dt.datetime(2026, 3, 29, 2, 0), dt.timedelta(hours=1), dt.timedelta(hours=2))
    assert (standard.dtstart, standard.tz_offset_from.offset, standard.tz_offset_to.offset) == (
        dt.datetime(2026, 10, 25, 3, 0), dt.timedelta(hours=2), dt.timedelta(hours=1))
    assert (daylight.tz_name, standard.tz_name) == (["CEST"], ["CET"])
    assert daylight.rrule is not None
    assert standard.rrule is not None
    assert (daylight.rrule.by_month, standard.rrule.by_month) == ([3], [10])
    assert [(d.weekday.value, d.occurrence) for d in daylight.rrule.by_weekday] == [("SU", -1)]


@given(st.datetimes(min_value=dt.datetime(2026, 1, 1), max_value=dt.datetime(2036, 12, 31)))
def test_the_written_vtimezone_agrees_with_zoneinfo(moment: dt.datetime) -> None:
    """Whatever wall-clock time, the VTIMEZONE gives the offset the zoneinfo database gives."""
    timezone = parse_ics(calendar_ics(
        [event(starts_at=dt.datetime(2026, 1, 1, tzinfo=AMSTERDAM)),
         event(uid="b@x", starts_at=dt.datetime(2036, 12, 31, tzinfo=AMSTERDAM))],
        name="x", tzid=TZID, today=dt.date(2026, 1, 1))).timezones[0]
    # Skip the hour that does not exist and the one that exists twice: both are ambiguous.
    expected = moment.replace(tzinfo=AMSTERDAM)
    if expected.utcoffset() != expected.replace(fold=1).utcoffset():
        return
    assert IcsTimezoneInfo.from_timezone(timezone).utcoffset(moment) == expected.utcoffset()


def test_transitions_are_found_to_the_second() -> None:
    found = transitions(AMSTERDAM, dt.date(2027, 1, 1), dt.date(2028, 1, 1))

    assert [(t.onset, t.daylight, t.name) for t in found] == [
        (dt.datetime(2027, 3, 28, 2, 0), True, "CEST"),
        (dt.datetime(2027, 10, 31, 3, 0), False, "CET"),
    ]


def test_a_zone_without_daylight_saving_has_one_standard_observance() -> None:
    timezone = vtimezone("Asia/Tokyo", dt.date(2027, 1, 1), dt.date(2027, 12, 31))

    [standard] = timezone.standard
    assert timezone.daylight == []
    assert standard["TZOFFSETTO"].td == dt.timedelta(hours=9)


@pytest.mark.parametrize(("onsets", "rule"), [
    ([dt.datetime(2027, 3, 28, 2), dt.datetime(2028, 3, 26, 2)],
     {"freq": "yearly", "bymonth": 3, "byday": "-1SU"}),
    ([dt.datetime(2027, 3, 14, 2), dt.datetime(2028, 3, 12, 2)],
     {"freq": "yearly", "bymonth": 3, "byday": "2SU"}),
    ([dt.datetime(2027, 3, 28, 2), dt.datetime(2029, 3, 25, 2)], None),  # a year skipped
    ([dt.datetime(2027, 3, 28, 2), dt.datetime(2028, 3, 26, 3)], None),  # another time
    ([dt.datetime(2027, 3, 28, 2)], None),
])
def test_yearly_rule(onsets, rule) -> None:
    assert yearly_rule(onsets) == rule
