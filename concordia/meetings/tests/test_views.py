"""The meetings pages: what each person sees, the forms with and without htmx, and flat query
counts (a meeting with 3 and with 30 items, a list of 10 and of 100 meetings)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from concordia.bodies.models import Seat
from concordia.journal.models import JournalEntry
from concordia.meetings import services
from concordia.meetings.choices import AttendanceStatus, ItemStatus
from concordia.meetings.models import AgendaItem, Attendance, Meeting
from concordia.meetings.rules import AMSTERDAM
from concordia.testing.meetings import build_meetings

pytestmark = pytest.mark.django_db


@pytest.fixture
def mw(world):
    return build_meetings(world)


def page(world, name, *args):
    return reverse(name, args=[world.alliance.pk, *args])


def login(client, person):
    client.force_login(person)
    return client


def test_body_page_shows_seats_chair_meetings_and_flags(client, world, mw):
    now = timezone.now()
    for weeks in (4, 3, 2):
        meeting = Meeting.objects.create(body=mw.body, starts_at=now - dt.timedelta(weeks=weeks),
                                         chair_person=world.coordinator_b)
        services.attendance_record(actor=world.founder, meeting=meeting, entries=[
            services.SeatAttendance(mw.seat_b, AttendanceStatus.REPLACED, world.observer_b)])
    services.attendance_record(actor=world.founder, meeting=mw.past, entries=[
        services.SeatAttendance(mw.seat_b, AttendanceStatus.REPLACED, world.observer_b)])
    response = login(client, world.observer_b).get(page(world, "body_detail", mw.body.pk),
                                                   headers={"Accept-Language": "en"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "Steers the chain week by week." in text
    assert "keeps sending substitutes" in text
    assert world.partner_b.organisation.name in text
    assert "Den Haag" in text  # the upcoming meeting
    assert "Plan a meeting" not in text  # observers do not plan


def test_body_page_in_dutch(client, world, mw):
    world.founder.language = "nl"
    world.founder.save()
    text = login(client, world.founder).get(page(world, "body_detail", mw.body.pk)
                                            ).content.decode()
    assert "Vergaderingen" in text
    assert "Zetels" in text


def test_planning_a_series_from_the_page(client, world, mw):
    login(client, world.founder)
    response = client.post(page(world, "meeting_plan", mw.body.pk), {
        "plan": "series", "starts_at": "2031-01-31T10:00", "duration_minutes": 60,
        "title": "", "location": "Online", "frequency": "monthly", "occurrences": 3})
    assert response.status_code == 302
    starts = [timezone.localtime(m.starts_at).strftime("%Y-%m-%d %H:%M")
              for m in Meeting.objects.filter(location="Online").order_by("starts_at")]
    assert starts == ["2031-01-31 10:00", "2031-02-28 10:00", "2031-03-31 10:00"]


def test_a_refused_plan_is_shown_on_the_form(client, world, mw):
    login(client, world.founder)
    services.meeting_plan(actor=world.founder, body=mw.body,
                          starts_at=dt.datetime(2031, 1, 31, 10, 0, tzinfo=AMSTERDAM))
    when = "2031-01-31T10:00"
    response = client.post(page(world, "meeting_plan", mw.body.pk), {
        "plan": "single", "starts_at": when, "duration_minutes": 90})
    assert response.status_code == 422
    assert 'id="id_starts_at_error"' in response.content.decode()
    assert client.post(page(world, "meeting_plan", mw.body.pk), {
        "plan": "series", "starts_at": "2031-01-31T10:00", "duration_minutes": 90,
        "occurrences": ""}).status_code == 422


def test_confidential_items_are_invisible_to_non_members(client, world, mw):
    url = page(world, "meeting_detail", mw.past.pk)
    assert "Staffing at partner B" in login(client, world.professional_a).get(url).content.decode()
    text = login(client, world.observer_b).get(url).content.decode()
    assert "Staffing at partner B" not in text
    assert "Delivery figures" in text
    assert 'name="action" value="propose"' not in text
    # nor its edit page
    assert client.get(page(world, "agenda_item_edit", mw.past.pk,
                           mw.confidential_item.pk)).status_code == 404


def test_propose_then_order_without_javascript_and_with_htmx(client, world, mw):
    url = page(world, "meeting_detail", mw.upcoming.pk)
    login(client, world.professional_a)
    response = client.post(url, {"action": "propose", "title": "Caseload", "kind": "decision",
                                 "description": "", "owner": world.professional_a.pk,
                                 "time_box_minutes": 10})
    item = AgendaItem.objects.get(title="Caseload")
    assert response.status_code == 302
    assert response["Location"] == f"{url}#item-{item.pk}"
    assert item.status == ItemStatus.PROPOSED
    login(client, world.founder)
    for pk in (mw.proposed_item.pk, item.pk):
        assert client.post(url, {"item": pk, "action": "schedule"}).status_code == 302
    assert client.post(url, {"item": item.pk, "action": "up"}).status_code == 302
    assert services.agenda_order_of(mw.upcoming) == [item.pk, mw.proposed_item.pk]
    fragment = client.post(url, {"item": item.pk, "action": "down"},
                           headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert fragment.content.decode().lstrip().startswith('<section id="agenda"')
    assert services.agenda_order_of(mw.upcoming) == [mw.proposed_item.pk, item.pk]
    # a boosted visit (a link followed with htmx) is the whole page
    boosted = client.get(url, headers={"HX-Request": "true", "HX-Boosted": "true"})
    assert "<h1>" in boosted.content.decode()
    assert client.post(url, {"action": "publish"}).status_code == 302
    # a read-only person may not move anything
    login(client, world.observer_b)
    before = JournalEntry.objects.count()
    assert client.post(url, {"item": item.pk, "action": "up"}).status_code == 403
    assert JournalEntry.objects.count() == before


def test_editing_and_cancelling_a_meeting(client, world, mw):
    url = page(world, "meeting_edit", mw.upcoming.pk)
    login(client, world.coordinator_b)
    assert client.get(url).status_code == 200
    response = client.post(url, {"starts_at": "2031-05-01T09:00", "duration_minutes": 45,
                                 "title": "Spring", "location": "", "version": 1})
    assert response.status_code == 302
    mw.upcoming.refresh_from_db()
    assert (mw.upcoming.title, mw.upcoming.sequence, mw.upcoming.version) == ("Spring", 1, 2)
    stale = client.post(url, {"starts_at": "2031-05-02T09:00", "duration_minutes": 45,
                              "title": "Spring", "location": "", "version": 1})
    assert stale.status_code == 422
    assert client.post(url, {"action": "cancel", "version": 2, "confirm": "on"}).status_code == 302
    mw.upcoming.refresh_from_db()
    assert (mw.upcoming.status, mw.upcoming.sequence) == ("cancelled", 2)


def test_recording_attendance_per_seat(client, world, mw):
    url = page(world, "meeting_attendance", mw.past.pk)
    login(client, world.founder)
    text = client.get(url).content.decode()
    assert f'name="seat_{mw.seat_b.pk}_replaced_by"' in text
    wrong = client.post(url, {f"seat_{mw.seat_a.pk}": "present",
                              f"seat_{mw.seat_b.pk}": "replaced",
                              f"seat_{mw.seat_b.pk}_replaced_by": ""})
    assert wrong.status_code == 422
    assert f'id="id_seat_{mw.seat_b.pk}_error"' in wrong.content.decode()
    ok = client.post(url, {f"seat_{mw.seat_a.pk}": "absent_with_notice",
                           f"seat_{mw.seat_b.pk}": "replaced",
                           f"seat_{mw.seat_b.pk}_replaced_by": world.observer_b.pk})
    assert ok.status_code == 302
    assert sorted(Attendance.objects.filter(meeting=mw.past).values_list(
        "status", flat=True)) == ["absent_with_notice", "replaced"]
    # others read it
    assert "not in person" in login(client, world.reviewer).get(
        url, headers={"Accept-Language": "en"}).content.decode()


# --- query counts -----------------------------------------------------------------------------


def queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]


def add_items(world, meeting, n, start=0):
    for i in range(start, start + n):
        AgendaItem.objects.create(meeting=meeting, position=i + 10, title=f"Item {i}",
                                  status=ItemStatus.ON_AGENDA if i % 3 else ItemStatus.PROPOSED,
                                  owner=world.professional_a, time_box_minutes=5,
                                  confidential=i % 5 == 0, proposed_by=world.founder)


@pytest.mark.parametrize("actor", ["founder", "observer_b"])
def test_a_meeting_with_3_or_30_items_costs_the_same_queries(client, world, mw, actor):
    login(client, getattr(world, actor))
    url = page(world, "meeting_detail", mw.upcoming.pk)
    add_items(world, mw.upcoming, 3)
    few, _sql = queries(client, url)
    add_items(world, mw.upcoming, 27, start=3)
    many, sql = queries(client, url)
    assert few == many, "\n".join(sql)


def add_meetings(mw, n, start):
    now = timezone.now()
    Meeting.objects.bulk_create(
        Meeting(body=mw.body, starts_at=now + dt.timedelta(days=30 + i), location=f"Room {i}",
                chair_partner=mw.seat_a.partner if i % 2 else None,
                chair_person=None if i % 2 else mw.body.chair_person)
        for i in range(start, start + n))


@pytest.mark.parametrize("name", ["meeting_list", "body_detail"])
def test_lists_of_10_or_100_meetings_cost_the_same_queries(client, world, mw, name):
    login(client, world.professional_a)
    url = page(world, name) if name == "meeting_list" else page(world, name, mw.body.pk)
    add_meetings(mw, 10, 0)
    few, _sql = queries(client, url)
    add_meetings(mw, 90, 10)
    many, sql = queries(client, url)
    assert few == many, "\n".join(sql)


def test_the_attendance_page_costs_the_same_for_more_seats(client, world, mw):
    login(client, world.founder)
    url = page(world, "meeting_attendance", mw.past.pk)
    few, _sql = queries(client, url)
    Seat.objects.create(body=mw.body, partner=world.partner_b, position=2,
                        holder=world.observer_b)
    Seat.objects.create(body=mw.body, partner=world.partner_a, position=2, holder=world.founder)
    many, sql = queries(client, url)
    assert few == many, "\n".join(sql)
