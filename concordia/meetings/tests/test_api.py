"""The meetings API: the same rules as the pages, problem+json, strict bodies, versions, and
nothing of another alliance or of a confidential item leaking."""

import datetime as dt
import json
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from concordia.meetings import services
from concordia.meetings.choices import AttendanceStatus, ItemStatus
from concordia.meetings.models import AgendaItem, Meeting
from concordia.testing.meetings import build_meetings
from concordia.tests.access.routes_meetings import MEETINGS_API_ROUTES, MEETINGS_PAGE_ROUTES

pytestmark = pytest.mark.django_db
BASE = "/api/v1/alliances"


@pytest.fixture
def mw(world):
    return build_meetings(world)


def send(client, method, url, body):
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json")


def test_plan_a_series_and_read_the_rotating_chairs(client, world, mw):
    mw.body.chair_rule = "rotating"
    mw.body.chair_person = None
    mw.body.save()
    client.force_login(world.founder)
    response = send(client, "post", f"{BASE}/{world.alliance.pk}/bodies/{mw.body.pk}/"
                                    "meeting-series",
                    {"frequency": "quarterly", "occurrences": 3,
                     "first_starts_at": "2031-01-31T10:00:00+01:00", "location": "Utrecht"})
    assert response.status_code == 201, response.content
    data = response.json()
    assert [m["starts_at"] for m in data["meetings"]] == [
        "2031-01-31T09:00:00Z", "2031-04-30T08:00:00Z", "2031-07-31T08:00:00Z"]
    assert [m["chair"]["partner_id"] for m in data["meetings"]] == [
        world.partner_a.pk, world.partner_b.pk, world.partner_a.pk]


def test_update_with_a_stale_version_is_409_problem(client, world, mw):
    client.force_login(world.coordinator_b)
    url = f"{BASE}/{world.alliance.pk}/meetings/{mw.upcoming.pk}"
    ok = send(client, "put", url, {"starts_at": "2031-04-01T10:00:00+02:00", "version": 1,
                                   "title": "Spring"})
    assert ok.status_code == 200
    assert (ok.json()["sequence"], ok.json()["version"]) == (1, 2)
    stale = send(client, "put", url, {"starts_at": "2031-04-02T10:00:00+02:00", "version": 1})
    assert stale.status_code == 409
    assert stale["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("body", [
    {"starts_at": "2031-04-01T10:00:00+02:00", "version": "1"},
    {"starts_at": 1234, "version": 1},
    {"starts_at": "2031-04-01T10:00:00+02:00", "version": 1, "colour": "red"},
    {"starts_at": "2031-04-01T10:00:00+02:00", "version": 1, "duration_minutes": 0},
])
def test_strict_bodies(client, world, mw, body):
    client.force_login(world.founder)
    response = send(client, "put", f"{BASE}/{world.alliance.pk}/meetings/{mw.upcoming.pk}",
                    body)
    assert response.status_code == 400
    assert response.json()["invalidParams"]


def test_a_naive_time_is_refused_with_the_field(client, world, mw):
    client.force_login(world.founder)
    response = send(client, "post", f"{BASE}/{world.alliance.pk}/bodies/{mw.body.pk}/meetings",
                    {"starts_at": "2031-04-01T10:00:00"})
    assert response.status_code in (400, 422)
    assert response["Content-Type"] == "application/problem+json"


def test_confidential_items_are_absent_for_non_members(client, world, mw):
    url = f"{BASE}/{world.alliance.pk}/meetings/{mw.past.pk}/agenda-items"
    client.force_login(world.reviewer)
    titles = [i["title"] for i in client.get(url).json()["results"]]
    assert titles == ["Delivery figures"]
    item = client.get(f"{url}/{mw.confidential_item.pk}")
    assert item.status_code in (404, 405)  # no single-item read at all
    put = send(client, "put", f"{url}/{mw.confidential_item.pk}", {"title": "x", "version": 1})
    assert put.status_code == 404
    client.force_login(world.professional_a)
    assert [i["title"] for i in client.get(url).json()["results"]] == [
        "Delivery figures", "Staffing at partner B"]


def test_agenda_order_and_publication(client, world, mw):
    client.force_login(world.founder)
    base = f"{BASE}/{world.alliance.pk}/meetings/{mw.upcoming.pk}"
    new = send(client, "post", f"{base}/agenda-items", {"title": "Budget", "kind": "decision"})
    assert new.status_code == 201
    assert new.json()["status"] == "on_agenda"
    order = [new.json()["id"], mw.proposed_item.pk]
    assert send(client, "put", f"{base}/agenda-order", {"order": order}).json() == {
        "order": order}
    bad = send(client, "put", f"{base}/agenda-order", {"order": order[:1]})
    assert bad.status_code == 400
    assert bad.json()["invalidParams"][0]["name"] == "order"
    published = send(client, "post", f"{base}/agenda-publication", {})
    assert published.status_code == 200
    assert published.json()["agenda_published_at"] is not None
    proposed = send(client, "put", f"{base}/agenda-items/{mw.proposed_item.pk}/status",
                    {"status": "withdrawn"})
    assert proposed.json()["status"] == ItemStatus.WITHDRAWN


def test_attendance_per_seat(client, world, mw):
    client.force_login(world.founder)
    base = f"{BASE}/{world.alliance.pk}/meetings/{mw.past.pk}/attendance"
    replaced = send(client, "put", f"{base}/{mw.seat_b.pk}",
                    {"status": "replaced", "replaced_by_id": world.observer_b.pk})
    assert replaced.status_code == 200
    assert replaced.json()["against_rule"] is True
    wrong = send(client, "put", f"{base}/{mw.seat_a.pk}",
                 {"status": "replaced", "replaced_by_id": world.observer_b.pk})
    assert wrong.status_code == 400
    assert wrong.json()["invalidParams"][0]["name"] == f"seat_{mw.seat_a.pk}"
    other_seat = send(client, "put", f"{base}/{mw.other_body.seats.get().pk}",
                      {"status": "present"})
    assert other_seat.status_code == 404
    rows = client.get(base).json()["seats"]
    assert [(r["seat_id"], r["status"]) for r in rows] == [
        (mw.seat_a.pk, "present"), (mw.seat_b.pk, "replaced")]


def test_body_overview_carries_the_flags(client, world, mw):
    now = timezone.now()
    for weeks in (4, 3, 2):
        meeting = Meeting.objects.create(body=mw.body, starts_at=now - dt.timedelta(weeks=weeks),
                                         chair_person=world.coordinator_b)
        services.attendance_record(actor=world.founder, meeting=meeting, entries=[
            services.SeatAttendance(mw.seat_a, AttendanceStatus.ABSENT)])
    services.attendance_record(actor=world.founder, meeting=mw.past, entries=[
        services.SeatAttendance(mw.seat_a, AttendanceStatus.ABSENT_WITH_NOTICE)])
    client.force_login(world.observer_b)
    data = client.get(f"{BASE}/{world.alliance.pk}/bodies/{mw.body.pk}/"
                      "meeting-overview").json()
    assert data["absence_flags"] == [{
        "partner_id": world.partner_a.pk, "partner_name": world.partner_a.organisation.name,
        "streak": 4, "absent": 3, "absent_with_notice": 1, "replaced": 0,
        "keeps_sending_substitutes": False}]
    assert [m["id"] for m in data["upcoming"]] == [mw.upcoming.pk]


# --- alliance Z stays out of reach --------------------------------------------------------------


Z_KEYS = {"pk", "alliance_id", "body_pk", "body_id", "meeting_pk", "meeting_id", "item_pk",
          "item_id", "seat_id"}


def z_kwargs(name, world, mw, alliance_pk):
    """The route's kwargs with alliance Z's body, meeting, seat (and an item of its meeting)."""
    item = AgendaItem.objects.get_or_create(meeting=mw.other_meeting, title="Z business",
                                            defaults={"proposed_by": world.outsider})[0]
    values = {"pk": alliance_pk, "alliance_id": alliance_pk, "body_pk": mw.other_body.pk,
              "body_id": mw.other_body.pk, "meeting_pk": mw.other_meeting.pk,
              "meeting_id": mw.other_meeting.pk, "item_pk": item.pk, "item_id": item.pk,
              "seat_id": mw.other_body.seats.get().pk}
    for keys in (("pk",), ("pk", "body_pk"), ("pk", "meeting_pk"),
                 ("pk", "meeting_pk", "item_pk"), ("alliance_id",),
                 ("alliance_id", "body_id"), ("alliance_id", "meeting_id"),
                 ("alliance_id", "meeting_id", "item_id"),
                 ("alliance_id", "meeting_id", "seat_id")):
        try:
            return reverse(name, kwargs={k: values[k] for k in keys})
        except NoReverseMatch:
            continue
    raise AssertionError(name)


@pytest.mark.parametrize("actor", ["founder", "coordinator_b", "professional_a", "observer_b",
                                   "reviewer"])
def test_alliance_z_is_404_for_everybody_of_a(client, world, mw, actor):
    client.force_login(getattr(world, actor))
    ctx = SimpleNamespace(world=world, _meetings_world=mw)
    routes = {**MEETINGS_PAGE_ROUTES, **MEETINGS_API_ROUTES}
    for alliance_pk in (world.alliance.pk, world.other_alliance.pk):
        for name, route in routes.items():
            if name in ("meeting_list", "api:list_upcoming_meetings") \
                    and alliance_pk == world.alliance.pk:
                continue  # alliance A's own list
            url = z_kwargs(name, world, mw, alliance_pk)
            for check in route.checks:
                body = check.body(ctx) if check.body else {}
                if check.method == "get":
                    response = client.get(url)
                elif name.startswith("api:"):
                    response = send(client, check.method, url, body)
                else:
                    response = client.post(url, body)
                assert response.status_code == 404, (check.method, url)
    assert not AgendaItem.objects.filter(meeting=mw.other_meeting).exclude(
        title="Z business").exists()


# --- query counts -------------------------------------------------------------------------------


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries), "\n".join(q["sql"] for q in ctx.captured_queries)


def test_api_lists_are_flat(client, world, mw):
    client.force_login(world.professional_a)
    items_url = f"{BASE}/{world.alliance.pk}/meetings/{mw.upcoming.pk}/agenda-items"
    list_url = f"{BASE}/{world.alliance.pk}/bodies/{mw.body.pk}/meetings?pageSize=200"
    overview = f"{BASE}/{world.alliance.pk}/bodies/{mw.body.pk}/meeting-overview"
    now = timezone.now()

    def add(n, start):
        for i in range(start, start + n):
            AgendaItem.objects.create(meeting=mw.upcoming, position=i + 5, title=f"I{i}",
                                      owner=world.founder, proposed_by=world.founder,
                                      status=ItemStatus.ON_AGENDA, confidential=i % 4 == 0)
            Meeting.objects.create(body=mw.body, starts_at=now + dt.timedelta(days=40 + i),
                                   chair_person=world.coordinator_b)

    add(3, 0)
    first = [count(client, u)[0] for u in (items_url, list_url, overview)]
    add(27, 3)
    second = [count(client, u) for u in (items_url, list_url, overview)]
    assert first == [n for n, _sql in second], second
