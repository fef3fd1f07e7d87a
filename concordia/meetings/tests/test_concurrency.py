"""Meetings' writes at the same moment, each on its own connection (PostgreSQL only: SQLite
serialises every writer). Different services meet at the alliance lock first, so none deadlocks,
none loses the other's write, a plan or a proposal sent twice makes one row, and the journal
chain stays intact."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from concordia.accounts.models import Person
from concordia.core.errors import Conflict
from concordia.journal.services import journal_verify
from concordia.meetings import services
from concordia.meetings.choices import AttendanceStatus
from concordia.meetings.models import AgendaItem, Attendance, Meeting
from concordia.meetings.rules import AMSTERDAM
from concordia.testing.concurrency import run_pair
from concordia.testing.meetings import build_meetings

ROUNDS = 10

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="needs concurrent writers with row locks (PostgreSQL)"),
]


def fresh(person: Person) -> Person:
    return Person.objects.get(pk=person.pk)


def at(day: int) -> dt.datetime:
    return dt.datetime(2031, 1, 1, 10, 0, tzinfo=AMSTERDAM) + dt.timedelta(days=day)


def test_moving_a_meeting_while_a_member_proposes_an_item(world):
    mw = build_meetings(world)
    for n in range(ROUNDS):
        meeting = Meeting.objects.get(pk=mw.upcoming.pk)
        outcomes = run_pair(
            lambda meeting=meeting, n=n: services.meeting_change(
                actor=fresh(world.coordinator_b), meeting=meeting,
                expected_version=meeting.version, starts_at=at(n), duration_minutes=90),
            lambda meeting=meeting, n=n: services.agenda_item_propose(
                actor=fresh(world.professional_a), meeting=meeting, title=f"Item {n}",
                kind="discussion"))
        assert not any(isinstance(o, Exception) for o in outcomes), outcomes
    meeting = Meeting.objects.get(pk=mw.upcoming.pk)
    assert (meeting.version, meeting.sequence, meeting.starts_at) == (
        ROUNDS + 1, ROUNDS, at(ROUNDS - 1))
    assert AgendaItem.objects.filter(meeting=meeting, title__startswith="Item ").count() == ROUNDS
    assert journal_verify(alliance_id=world.alliance.pk).intact is True


def test_two_organisers_plan_the_same_meeting(world):
    mw = build_meetings(world)
    for n in range(ROUNDS):
        outcomes = run_pair(
            lambda n=n: services.meeting_plan(actor=fresh(world.founder), body=mw.body,
                                              starts_at=at(100 + n)),
            lambda n=n: services.meeting_plan(actor=fresh(world.coordinator_b), body=mw.body,
                                              starts_at=at(100 + n)))
        assert sorted(type(o).__name__ for o in outcomes) == ["Conflict", "Meeting"], outcomes
        assert isinstance(next(o for o in outcomes if isinstance(o, Exception)), Conflict)
    assert Meeting.objects.filter(body=mw.body, starts_at__gte=at(100)).count() == ROUNDS
    assert journal_verify(alliance_id=world.alliance.pk).intact is True


def test_attendance_recorded_twice_at_once_keeps_one_row_per_seat(world):
    mw = build_meetings(world)
    meetings = [Meeting.objects.create(body=mw.body, chair_person=world.coordinator_b,
                                       starts_at=timezone.now() - dt.timedelta(days=30 + n))
                for n in range(ROUNDS)]
    for meeting in meetings:
        outcomes = run_pair(
            lambda meeting=meeting: services.attendance_record(
                actor=fresh(world.founder), meeting=meeting, entries=[
                    services.SeatAttendance(mw.seat_b, AttendanceStatus.PRESENT)]),
            lambda meeting=meeting: services.attendance_record(
                actor=fresh(world.coordinator_b), meeting=meeting, entries=[
                    services.SeatAttendance(mw.seat_b, AttendanceStatus.REPLACED,
                                            world.observer_b)]))
        assert not any(isinstance(o, Exception) for o in outcomes), outcomes
        assert Attendance.objects.filter(meeting=meeting, seat=mw.seat_b).count() == 1
    assert journal_verify(alliance_id=world.alliance.pk).intact is True
