"""The minutes API: the same services through JSON, the wider circle, refusals as
problem+json (400 with the field, 409 once approved or stale)."""

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from concordia.alliances.choices import Level, Role
from concordia.meetings.choices import AttendanceStatus, ItemStatus
from concordia.meetings.models import AgendaItem, Attendance, Meeting, Minutes
from concordia.testing.factories import PersonFactory, give_role
from concordia.testing.meetings import MeetingsWorld, build_meetings

pytestmark = pytest.mark.django_db


@pytest.fixture
def mw(world) -> MeetingsWorld:
    return build_meetings(world)


def url(world, meeting, name="get_minutes", **extra) -> str:
    return reverse(f"api:{name}", kwargs={"alliance_id": world.alliance.pk,
                                          "meeting_id": meeting.pk, **extra})


def send(client, method, address, body, **headers):
    return getattr(client, method)(address, json.dumps(body), content_type="application/json",
                                   **headers)


def test_the_wider_circle_gets_no_confidential_item(client, world, mw) -> None:
    client.force_login(world.observer_b)
    data = client.get(url(world, mw.past)).json()
    assert [i["title"] for i in data["items"]] == ["Delivery figures"]
    assert data["current"]["notes"] == {str(mw.open_item.pk): "Figures are on time."}
    assert "Staffing" not in json.dumps(data)
    assert "analysts" not in json.dumps(data)
    client.force_login(world.professional_a)
    data = client.get(url(world, mw.past)).json()
    assert len(data["items"]) == 2
    assert data["current"]["notes"][str(mw.confidential_item.pk)] == "Partner B hires two analysts."


def test_the_whole_course_through_the_api(client, world, mw) -> None:
    meeting = Meeting.objects.create(body=mw.body,
                                     starts_at=timezone.now() - dt.timedelta(days=2),
                                     chair_person=world.coordinator_b)
    item = AgendaItem.objects.create(meeting=meeting, position=1, title="Budget",
                                     status=ItemStatus.ON_AGENDA, proposed_by=world.founder)
    Attendance.objects.create(meeting=meeting, seat=mw.seat_a, holder=world.professional_a,
                              status=AttendanceStatus.PRESENT, recorded_by=world.founder)
    client.force_login(world.founder)
    assert client.get(url(world, meeting)).status_code == 404  # nothing written yet
    bad = send(client, "put", url(world, meeting), {"summary": "S", "notes": {"0": "x"},
                                                    "revision": 0})
    assert bad.status_code == 400
    assert bad.json()["invalidParams"][0]["name"] == "notes"
    draft = send(client, "put", url(world, meeting), {"summary": "S",
                                                      "notes": {str(item.pk): "Agreed"},
                                                      "revision": 0})
    assert draft.status_code == 200
    assert (draft.json()["version"], draft.json()["revision"]) == (1, 1)
    assert send(client, "put", url(world, meeting), {"summary": "T", "revision": 0}
                ).status_code == 409  # stale
    circulated = send(client, "post", url(world, meeting, "circulate_minutes"),
                      {"days": 3, "revision": 1})
    assert circulated.json()["status"] == "circulated"

    client.force_login(world.professional_a)
    proposed = send(client, "post", url(world, meeting, "propose_minutes_correction"),
                    {"agenda_item_id": item.pk, "text": "Not agreed: postponed"})
    assert proposed.status_code == 201
    correction_id = proposed.json()["id"]
    listed = client.get(url(world, meeting, "list_minutes_corrections")).json()
    assert [c["id"] for c in listed["results"]] == [correction_id]

    client.force_login(world.founder)
    revision = Minutes.objects.get(meeting=meeting).revision
    resolved = send(client, "post", url(world, meeting, "resolve_minutes_correction",
                                        correction_id=correction_id),
                    {"accept": True, "notes": {str(item.pk): "Postponed"},
                     "revision": revision})
    assert resolved.json()["status"] == "accepted"
    data = client.get(url(world, meeting)).json()
    assert [v["number"] for v in data["versions"]] == [1, 2]
    assert data["versions"][0]["notes"] == {str(item.pk): "Agreed"}
    assert data["current"]["notes"] == {str(item.pk): "Postponed"}

    early = send(client, "post", url(world, meeting, "approve_minutes"),
                 {"revision": data["revision"]})
    assert early.status_code == 400  # no next meeting yet
    Meeting.objects.create(body=mw.body, starts_at=timezone.now() - dt.timedelta(minutes=5),
                           chair_person=world.coordinator_b)
    approved = send(client, "post", url(world, meeting, "approve_minutes"),
                    {"revision": data["revision"]})
    assert approved.status_code == 200
    assert approved.json()["status"] == "approved"
    revision = approved.json()["revision"]
    for name, method, body in (
            ("get_minutes", "put", {"summary": "Later", "revision": revision}),
            ("approve_minutes", "post", {"revision": revision})):
        refused = send(client, method, url(world, meeting, name), body)
        assert refused.status_code == 409
        assert refused["Content-Type"] == "application/problem+json"


def test_a_correction_after_the_period_is_400_on_the_text(client, world, mw) -> None:
    Minutes.objects.filter(pk=mw.minutes.pk).update(
        corrections_until=timezone.localdate() - dt.timedelta(days=1))
    client.force_login(world.professional_a)
    response = send(client, "post", url(world, mw.past, "propose_minutes_correction"),
                    {"text": "Late"})
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "text"
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    assert str(yesterday.year) in response.json()["detail"]  # the date it ended


def test_a_confidential_item_is_unknown_to_the_wider_circle(client, world, mw) -> None:
    stand_in = PersonFactory(organisation=world.coordinator_b.organisation)
    give_role(world.partner_b, stand_in, Role.LINE_MANAGER, Level.TACTICAL)
    Attendance.objects.filter(meeting=mw.past, seat=mw.seat_b).update(
        status=AttendanceStatus.REPLACED, replaced_by=stand_in)
    client.force_login(stand_in)  # was there, is no member: reads no confidential item
    data = client.get(url(world, mw.past)).json()
    assert "Staffing" not in json.dumps(data)
    response = send(client, "post", url(world, mw.past, "propose_minutes_correction"),
                    {"agenda_item_id": mw.confidential_item.pk, "text": "x"})
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "agenda_item_id"
    general = send(client, "post", url(world, mw.past, "propose_minutes_correction"),
                   {"text": "We also spoke of the budget."})
    assert general.status_code == 201
