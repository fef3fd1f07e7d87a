"""Writes on meetings: planning (one meeting, a series with the rotating chair), changes and
cancellations, the agenda and attendance — permission, versions, doubles, and the journal in the
same transaction."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

from concordia.alliances.choices import Level
from concordia.alliances.models import Document
from concordia.bodies.choices import BodyKind, ChairRule
from concordia.bodies.models import Body, Seat
from concordia.core.errors import Conflict, DomainError
from concordia.journal.models import JournalEntry
from concordia.journal.registry import describe
from concordia.journal.services import journal_verify
from concordia.meetings import selectors, services
from concordia.meetings.choices import AttendanceStatus, ItemStatus, MeetingStatus
from concordia.meetings.models import AgendaItem, Attendance, Meeting
from concordia.meetings.rules import AMSTERDAM
from concordia.notifications.models import Notification
from concordia.testing.meetings import build_meetings

pytestmark = pytest.mark.django_db


def entries(alliance, kind):
    return list(JournalEntry.objects.filter(alliance_id=alliance.pk, kind=kind).order_by("seq"))


def state():
    return (list(Meeting.objects.order_by("pk").values_list(
                "pk", "starts_at", "status", "sequence", "version", "agenda_published_at")),
            list(AgendaItem.objects.order_by("pk").values_list(
                "pk", "title", "status", "position", "version")),
            list(Attendance.objects.order_by("pk").values_list("pk", "status", "replaced_by")),
            list(JournalEntry.objects.order_by("pk").values_list("pk")),
            list(Notification.objects.order_by("pk").values_list("pk")))


def later(days=14, hour=10):
    day = timezone.localdate() + dt.timedelta(days=days)
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=AMSTERDAM)


def rotating_body(world, name="Alliance board"):
    """A board rotating between partner A and B (A first), seats held by professional_a and
    coordinator_b, secretary the founder."""
    body = Body.objects.create(alliance=world.alliance, name=name, kind=BodyKind.BOARD,
                               level=Level.STRATEGIC, chair_rule=ChairRule.ROTATING,
                               rotation=[world.partner_a.pk, world.partner_b.pk],
                               secretary=world.founder)
    Seat.objects.create(body=body, partner=world.partner_a, holder=world.professional_a)
    Seat.objects.create(body=body, partner=world.partner_b, holder=world.coordinator_b)
    return body


@pytest.fixture
def mw(world):
    return build_meetings(world)


# --- planning ---------------------------------------------------------------------------------


def test_planning_a_meeting_with_a_fixed_chair_journals_and_invites_the_members(world, mw):
    meeting = services.meeting_plan(actor=world.founder, body=mw.body, starts_at=later(),
                                    duration_minutes=60, title=" Budget ", location="Zwolle")
    meeting.refresh_from_db()
    assert (meeting.title, meeting.duration_minutes, meeting.location, meeting.status,
            meeting.chair_person_id, meeting.chair_partner_id, meeting.sequence,
            meeting.version) == ("Budget", 60, "Zwolle", "planned", world.coordinator_b.pk,
                                 None, 0, 1)
    [entry] = entries(world.alliance, "MeetingPlanned")
    assert entry.payload == {
        "body": "Tactical table", "body_id": mw.body.pk, "title": "Budget",
        "starts_at": later().isoformat(), "meeting_id": meeting.pk,
        "chair_partner_id": None, "chair_person_id": world.coordinator_b.pk}
    invited = Notification.objects.filter(kind="meeting_invited", key=f"meeting_invited:"
                                                                      f"{meeting.pk}")
    # the members: both seat holders and the secretary (observers and reviewers are not)
    assert sorted(invited.values_list("person_id", flat=True)) == sorted(
        [world.founder.pk, world.coordinator_b.pk, world.professional_a.pk])
    assert journal_verify(alliance_id=world.alliance.pk).intact is True


def test_a_plan_sent_twice_makes_one_meeting(world, mw):
    services.meeting_plan(actor=world.founder, body=mw.body, starts_at=later())
    before = state()
    with pytest.raises(Conflict) as refused:
        services.meeting_plan(actor=world.coordinator_b, body=mw.body, starts_at=later())
    assert refused.value.field == "starts_at"
    assert state() == before


@pytest.mark.parametrize("actor", ["professional_a", "observer_b", "reviewer"])
def test_only_the_chair_or_secretary_plans(world, mw, actor):
    before = state()
    with pytest.raises(PermissionDenied):
        services.meeting_plan(actor=getattr(world, actor), body=mw.body, starts_at=later())
    assert state() == before


def test_a_naive_time_or_a_silly_duration_is_refused(world, mw):
    with pytest.raises(DomainError) as naive:
        services.meeting_plan(actor=world.founder, body=mw.body,
                              starts_at=later().replace(tzinfo=None))
    assert naive.value.field == "starts_at"
    with pytest.raises(DomainError) as long:
        services.meeting_plan(actor=world.founder, body=mw.body, starts_at=later(),
                              duration_minutes=5000)
    assert long.value.field == "duration_minutes"


def test_a_series_assigns_the_rotating_chair_and_continues_it(world):
    body = rotating_body(world)
    single = services.meeting_plan(actor=world.founder, body=body, starts_at=later(3))
    assert single.chair_partner_id == world.partner_a.pk
    series = services.series_plan(actor=world.founder, body=body, frequency="monthly",
                                  first_starts_at=later(10), occurrences=3)
    meetings = list(series.meetings.order_by("starts_at"))
    assert [m.chair_partner_id for m in meetings] == [
        world.partner_b.pk, world.partner_a.pk, world.partner_b.pk]
    assert {timezone.localtime(m.starts_at, AMSTERDAM).time() for m in meetings} == {
        dt.time(10, 0)}
    assert [m.chair_person_id for m in meetings] == [None] * 3
    # partner B's seat is given up: the next series passes to A only
    Seat.objects.filter(body=body, partner=world.partner_b).update(removed_at=timezone.now())
    more = services.series_plan(actor=world.founder, body=body, frequency="weekly",
                                first_starts_at=later(120), occurrences=2)
    assert [m.chair_partner_id for m in more.meetings.order_by("starts_at")] == [
        world.partner_a.pk, world.partner_a.pk]
    [entry] = entries(world.alliance, "MeetingSeriesPlanned")[:1]
    assert entry.payload["frequency"] == "monthly"
    assert [m["chair_partner_id"] for m in entry.payload["meetings"]] == [
        world.partner_b.pk, world.partner_a.pk, world.partner_b.pk]
    assert Notification.objects.filter(key=f"series_invited:{series.pk}").count() == 3


def test_a_series_refuses_a_clash_and_leaves_nothing(world, mw):
    services.meeting_plan(actor=world.founder, body=mw.body, starts_at=later(21))
    before = state()
    with pytest.raises(Conflict):
        services.series_plan(actor=world.founder, body=mw.body, frequency="weekly",
                             first_starts_at=later(7), occurrences=3)
    assert state() == before
    with pytest.raises(DomainError) as one:
        services.series_plan(actor=world.founder, body=mw.body, frequency="weekly",
                             first_starts_at=later(7), occurrences=1)
    assert one.value.field == "occurrences"


def test_changing_a_meeting_raises_its_sequence_and_refuses_stale_versions(world, mw):
    meeting = services.meeting_change(actor=world.coordinator_b, meeting=mw.upcoming,
                                      expected_version=1, starts_at=later(9),
                                      duration_minutes=90, title="", location="Den Haag")
    assert (meeting.sequence, meeting.version, meeting.starts_at) == (1, 2, later(9))
    [entry] = entries(world.alliance, "MeetingChanged")
    assert list(entry.payload["changes"]) == ["starts_at"]
    assert entry.payload["changes"]["starts_at"][1] == later(9).isoformat()
    before = state()
    with pytest.raises(Conflict) as stale:
        services.meeting_change(actor=world.founder, meeting=mw.upcoming, expected_version=1,
                                starts_at=later(8), duration_minutes=90)
    assert stale.value.code == "stale"
    assert state() == before
    # nothing changed: no new version, no journal entry
    same = services.meeting_change(actor=world.founder, meeting=mw.upcoming, expected_version=2,
                                   starts_at=later(9), duration_minutes=90, location="Den Haag")
    assert same.version == 2
    assert len(entries(world.alliance, "MeetingChanged")) == 1


def test_cancelling_raises_the_sequence_once(world, mw):
    meeting = services.meeting_cancel(actor=world.founder, meeting=mw.upcoming)
    assert (meeting.status, meeting.sequence, meeting.version) == ("cancelled", 1, 2)
    assert len(entries(world.alliance, "MeetingCancelled")) == 1
    with pytest.raises(Conflict):
        services.meeting_cancel(actor=world.founder, meeting=mw.upcoming)
    with pytest.raises(DomainError):
        services.agenda_item_propose(actor=world.professional_a, meeting=mw.upcoming,
                                     title="Late", kind="discussion")


# --- the agenda -------------------------------------------------------------------------------


def test_a_member_proposes_an_organiser_puts_it_on_the_agenda(world, mw):
    item = services.agenda_item_propose(actor=world.professional_a, meeting=mw.upcoming,
                                        title="Intake figures", kind="decision",
                                        time_box_minutes=15, owner=world.coordinator_b)
    assert (item.status, item.position, item.owner_id) == ("proposed", 2, world.coordinator_b.pk)
    own = services.agenda_item_propose(actor=world.founder, meeting=mw.upcoming,
                                       title="Opening", kind="information")
    assert own.status == "on_agenda"
    services.agenda_item_schedule(actor=world.coordinator_b, item=item, on_agenda=True)
    item.refresh_from_db()
    assert (item.status, item.version) == ("on_agenda", 2)
    with pytest.raises(PermissionDenied):
        services.agenda_item_schedule(actor=world.professional_a, item=mw.proposed_item,
                                      on_agenda=True)
    # the proposer may withdraw their own
    services.agenda_item_schedule(actor=world.professional_a, item=mw.proposed_item,
                                  on_agenda=False)
    mw.proposed_item.refresh_from_db()
    assert mw.proposed_item.status == ItemStatus.WITHDRAWN
    assert [e.payload["item"] for e in entries(world.alliance, "AgendaItemProposed")] == [
        "Intake figures", "Opening"]


@pytest.mark.parametrize("actor", ["observer_b", "reviewer"])
def test_non_members_do_not_propose(world, mw, actor):
    before = state()
    with pytest.raises(PermissionDenied):
        services.agenda_item_propose(actor=getattr(world, actor), meeting=mw.upcoming,
                                     title="X", kind="discussion")
    assert state() == before


def test_a_confidential_item_keeps_its_title_out_of_the_journal(world, mw):
    item = services.agenda_item_propose(actor=world.coordinator_b, meeting=mw.upcoming,
                                        title="Reorganisation at B", kind="discussion",
                                        description="Secret", confidential=True)
    [entry] = entries(world.alliance, "AgendaItemProposed")
    assert entry.payload["item"] == f"#{item.position}"  # as the minutes' corrections name it
    assert entry.payload["confidential"] is True
    assert "Reorganisation" not in str(entry.payload)
    with translation.override("en"):
        assert describe(entry.kind, entry.payload).endswith(
            f": confidential item #{item.position}")
    visible = [i.pk for i in selectors.agenda_items(user=world.observer_b, meeting=mw.upcoming)]
    assert item.pk not in visible
    assert item.pk in [i.pk for i in selectors.agenda_items(user=world.professional_a,
                                                            meeting=mw.upcoming)]


def test_a_proposal_sent_twice_makes_one_item(world, mw):
    with pytest.raises(Conflict) as twice:
        services.agenda_item_propose(actor=world.founder, meeting=mw.upcoming,
                                     title="Data quality", kind="discussion")
    assert twice.value.field == "title"


def test_documents_attach_only_when_the_person_can_read_them(world, mw):
    shared = Document.objects.create(alliance=world.alliance, title="Plan", visibility="alliance",
                                     owner_partner=world.partner_b, created_by=world.coordinator_b)
    internal = Document.objects.create(alliance=world.alliance, title="B only",
                                       visibility="partner", owner_partner=world.partner_b,
                                       created_by=world.coordinator_b)
    before = state()
    with pytest.raises(DomainError) as refused:
        services.agenda_item_propose(actor=world.professional_a, meeting=mw.upcoming,
                                     title="Plan", kind="discussion",
                                     documents=[shared, internal])
    assert refused.value.field == "documents"
    assert state() == before
    item = services.agenda_item_propose(actor=world.coordinator_b, meeting=mw.upcoming,
                                        title="Plan", kind="discussion",
                                        documents=[shared, internal])
    # professional_a sees only the shared one; changing the item keeps the hidden one
    [seen] = [i for i in selectors.agenda_items(user=world.professional_a, meeting=mw.upcoming)
              if i.pk == item.pk]
    assert [d.title for d in seen.visible_documents] == ["Plan"]
    services.agenda_item_change(actor=world.founder, item=item, expected_version=1,
                                title="Plan 2027", kind="decision", documents=[])
    item.refresh_from_db()
    assert sorted(item.documents.values_list("title", flat=True)) == ["B only"]
    assert (item.title, item.kind, item.version) == ("Plan 2027", "decision", 2)
    with pytest.raises(Conflict):
        services.agenda_item_change(actor=world.founder, item=item, expected_version=1,
                                    title="Plan", kind="decision")


def test_ordering_and_moving_the_agenda(world, mw):
    a = services.agenda_item_propose(actor=world.founder, meeting=mw.upcoming, title="A",
                                     kind="information")
    b = services.agenda_item_propose(actor=world.founder, meeting=mw.upcoming, title="B",
                                     kind="information")
    p = mw.proposed_item.pk
    assert services.agenda_order(actor=world.founder, meeting=mw.upcoming,
                                 order=[b.pk, p, a.pk]) == [b.pk, p, a.pk]
    assert services.agenda_item_move(actor=world.coordinator_b, item=a, step=-1) == [
        b.pk, a.pk, p]
    assert len(entries(world.alliance, "AgendaOrdered")) == 2
    for wrong, code in (([b.pk, a.pk], "missing"), ([b.pk, a.pk, p, p], "duplicate"),
                        ([b.pk, a.pk, p, mw.open_item.pk], "unknown")):
        with pytest.raises(DomainError) as refused:
            services.agenda_order(actor=world.founder, meeting=mw.upcoming, order=wrong)
        assert refused.value.code == code
    with pytest.raises(PermissionDenied):
        services.agenda_order(actor=world.professional_a, meeting=mw.upcoming,
                              order=[a.pk, b.pk, p])


def test_publishing_tells_the_members_once(world, mw):
    with pytest.raises(DomainError):  # nothing on the agenda yet
        services.agenda_publish(actor=world.founder, meeting=mw.upcoming)
    services.agenda_item_schedule(actor=world.founder, item=mw.proposed_item, on_agenda=True)
    services.agenda_publish(actor=world.founder, meeting=mw.upcoming)
    services.agenda_publish(actor=world.founder, meeting=mw.upcoming)
    key = f"agenda_published:{mw.upcoming.pk}:0"
    assert Notification.objects.filter(kind="agenda_published", key=key).count() == 3
    assert len(entries(world.alliance, "AgendaPublished")) == 2
    mw.upcoming.refresh_from_db()
    assert mw.upcoming.agenda_published_at is not None


# --- attendance -------------------------------------------------------------------------------


def test_attendance_with_a_replacement_against_the_rule(world, mw):
    records = services.attendance_record(actor=world.founder, meeting=mw.past, entries=[
        services.SeatAttendance(mw.seat_a, AttendanceStatus.ABSENT_WITH_NOTICE),
        services.SeatAttendance(mw.seat_b, AttendanceStatus.REPLACED, world.observer_b),
    ])
    assert [(r.status, r.replaced_by_id) for r in records] == [
        ("absent_with_notice", None), ("replaced", world.observer_b.pk)]
    [entry] = entries(world.alliance, "AttendanceRecorded")
    assert entry.payload["seats"][1] == {
        "seat_id": mw.seat_b.pk, "partner_id": world.partner_b.pk, "status": "replaced",
        "replaced_by_id": world.observer_b.pk, "against_rule": True}
    rows = selectors.attendance_rows(user=world.founder, meeting=mw.past)
    assert [r.against_rule for r in rows] == [False, True]
    # the same again changes nothing and journals nothing
    services.attendance_record(actor=world.founder, meeting=mw.past, entries=[
        services.SeatAttendance(mw.seat_b, AttendanceStatus.REPLACED, world.observer_b)])
    assert len(entries(world.alliance, "AttendanceRecorded")) == 1


def test_a_replacement_of_another_partner_or_a_future_meeting_is_refused(world, mw):
    before = state()
    with pytest.raises(DomainError) as other:
        services.attendance_record(actor=world.founder, meeting=mw.past, entries=[
            services.SeatAttendance(mw.seat_a, AttendanceStatus.REPLACED, world.observer_b)])
    assert (other.value.field, other.value.code) == (f"seat_{mw.seat_a.pk}",
                                                     "replacement_not_of_partner")
    with pytest.raises(DomainError) as early:
        services.attendance_record(actor=world.founder, meeting=mw.upcoming, entries=[
            services.SeatAttendance(mw.seat_a, AttendanceStatus.PRESENT)])
    assert early.value.field == "attendance"
    with pytest.raises(DomainError):
        services.attendance_record(actor=world.founder, meeting=mw.past, entries=[
            services.SeatAttendance(mw.other_body.seats.get(), AttendanceStatus.PRESENT)])
    with pytest.raises(PermissionDenied):
        services.attendance_record(actor=world.professional_a, meeting=mw.past, entries=[
            services.SeatAttendance(mw.seat_a, AttendanceStatus.PRESENT)])
    assert state() == before


def test_a_partner_missing_three_meetings_in_a_row_is_flagged(world, mw):
    now = timezone.now()
    for weeks in (4, 3, 2):
        meeting = Meeting.objects.create(body=mw.body, starts_at=now - dt.timedelta(weeks=weeks),
                                         chair_person=world.coordinator_b)
        services.attendance_record(actor=world.founder, meeting=meeting, entries=[
            services.SeatAttendance(mw.seat_a, AttendanceStatus.PRESENT),
            services.SeatAttendance(mw.seat_b, AttendanceStatus.REPLACED, world.observer_b)])
    assert selectors.absence_flags(user=world.founder, body=mw.body) == []  # then present
    services.attendance_record(actor=world.founder, meeting=mw.past, entries=[
        services.SeatAttendance(mw.seat_b, AttendanceStatus.REPLACED, world.observer_b)])
    [row] = selectors.absence_flags(user=world.founder, body=mw.body)
    assert row.partner_name == world.partner_b.organisation.name
    assert (row.flag.streak, row.flag.replaced, row.flag.keeps_sending_substitutes) == (
        4, 4, True)
    # a cancelled meeting does not count
    Meeting.objects.filter(pk=mw.past.pk).update(status=MeetingStatus.CANCELLED)
    [row] = selectors.absence_flags(user=world.founder, body=mw.body)
    assert row.flag.streak == 3
