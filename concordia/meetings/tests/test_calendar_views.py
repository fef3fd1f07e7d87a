"""A meeting's .ics and the personal calendar feed: pages, access, what a feed holds, and
query counts. Every calendar is read back by the ``ical`` library."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.models import F
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from concordia.alliances.models import Membership
from concordia.meetings import calendar_services
from concordia.meetings import services as meeting_services
from concordia.meetings.choices import ItemStatus, MeetingStatus
from concordia.meetings.models import AgendaItem, CalendarFeed, Meeting
from concordia.testing.meetings import build_meetings

from .calendar_support import parse_ics, unfolded

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def mw(world):
    return build_meetings(world)


def ics_url(meeting) -> str:
    return reverse("meeting_ics", kwargs={"pk": meeting.body.alliance_id,
                                          "meeting_pk": meeting.pk})


def feed_url(raw: str) -> str:
    return reverse("calendar_feed", kwargs={"token": raw})


def uid(meeting) -> str:
    return f"meeting-{meeting.pk}@127.0.0.1"


def change(meeting, **fields) -> None:
    """What the meetings services do on a change or a cancellation: raise the SEQUENCE."""
    Meeting.objects.filter(pk=meeting.pk).update(sequence=F("sequence") + 1,
                                                 updated_at=timezone.now(), **fields)


# --- one meeting's .ics -------------------------------------------------------------------------


def test_meeting_ics_for_a_member_has_the_confidential_item(client, world, mw):
    client.force_login(world.founder)

    response = client.get(ics_url(mw.past))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="meeting-{mw.past.pk}.ics"'
    [event] = parse_ics(response.content).events
    assert event.uid == uid(mw.past)
    assert event.summary == "Tactical table"
    assert event.location == "Utrecht"
    assert event.description == ("Agenda\n1. Delivery figures (discussion, 20 min)\n"
                                 "2. Staffing at partner B (decision)")
    assert event.sequence == 0
    assert event.dtstart == mw.past.starts_at


def test_meeting_ics_for_a_reader_outside_the_body_leaves_out_confidential_items(
        client, world, mw):
    client.force_login(world.observer_b)

    response = client.get(ics_url(mw.past))

    [event] = parse_ics(response.content).events
    assert event.description == "Agenda\n1. Delivery figures (discussion, 20 min)"
    assert "Staffing" not in response.content.decode()


def test_uid_stays_and_sequence_rises_on_change_and_cancellation(client, world, mw):
    client.force_login(world.professional_a)
    first = parse_ics(client.get(ics_url(mw.upcoming)).content).events[0]

    moved = meeting_services.meeting_change(
        actor=world.coordinator_b, meeting=mw.upcoming, expected_version=mw.upcoming.version,
        starts_at=mw.upcoming.starts_at + dt.timedelta(hours=1),
        duration_minutes=mw.upcoming.duration_minutes, location="Zwolle")
    changed = parse_ics(client.get(ics_url(mw.upcoming)).content).events[0]
    meeting_services.meeting_cancel(actor=world.coordinator_b, meeting=moved,
                                    expected_version=moved.version)
    cancelled = parse_ics(client.get(ics_url(mw.upcoming)).content).events[0]

    assert first.uid == changed.uid == cancelled.uid == uid(mw.upcoming)
    assert first.sequence < changed.sequence < cancelled.sequence
    assert (changed.location, changed.dtstart) == ("Zwolle", moved.starts_at)
    assert (first.status.value, cancelled.status.value) == ("CONFIRMED", "CANCELLED")


def test_meeting_ics_ten_in_the_morning_in_winter_and_summer(client, world, mw):
    year = timezone.localdate().year + 1
    winter = Meeting.objects.create(body=mw.body, starts_at=dt.datetime(year, 1, 12, 10,
                                                                        tzinfo=AMSTERDAM))
    summer = Meeting.objects.create(body=mw.body, starts_at=dt.datetime(year, 7, 13, 10,
                                                                        tzinfo=AMSTERDAM))
    client.force_login(world.founder)

    for meeting, offset in ((winter, 1), (summer, 2)):
        content = client.get(ics_url(meeting)).content
        calendar = parse_ics(content)
        [event] = calendar.events
        assert f"DTSTART;TZID=Europe/Amsterdam:{year}" in unfolded(content)
        assert event.dtstart.replace(tzinfo=None).time() == dt.time(10, 0)
        assert event.dtstart.utcoffset() == dt.timedelta(hours=offset)
        [tz] = calendar.timezones
        assert (tz.tz_id, len(tz.standard), len(tz.daylight)) == ("Europe/Amsterdam", 1, 1)


@pytest.mark.parametrize("actor", ["outsider", "stranger"])
def test_meeting_ics_is_404_outside_the_alliance(client, world, mw, actor):
    client.force_login(getattr(world, actor))

    assert client.get(ics_url(mw.past)).status_code == 404


def test_a_meeting_of_another_alliance_under_this_alliance_is_404(client, world, mw):
    client.force_login(world.founder)
    url = reverse("meeting_ics", kwargs={"pk": world.alliance.pk,
                                         "meeting_pk": mw.other_meeting.pk})

    assert client.get(url).status_code == 404


# --- the personal feed --------------------------------------------------------------------------


def make_feed(person) -> str:
    return calendar_services.calendar_feed_create(actor=person)[1]


def test_feed_lists_the_persons_meetings_without_confidential_items(client, world, mw):
    raw = make_feed(world.professional_a)

    response = client.get(feed_url(raw))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, no-cache"
    calendar = parse_ics(response.content)
    assert [e.uid for e in calendar.events] == [uid(mw.past), uid(mw.upcoming)]
    assert calendar.events[0].description == "Agenda\n1. Delivery figures (discussion, 20 min)"
    assert "Staffing" not in response.content.decode()
    assert uid(mw.other_meeting) not in response.content.decode()
    [tz] = calendar.timezones
    assert tz.tz_id == "Europe/Amsterdam"


def test_feed_polled_again_unchanged_is_304_and_changed_is_200(client, world, mw):
    raw = make_feed(world.professional_a)
    first = client.get(feed_url(raw))

    again = client.get(feed_url(raw), headers={"If-None-Match": first["ETag"]})
    change(mw.upcoming, location="Zwolle")
    changed = client.get(feed_url(raw), headers={"If-None-Match": first["ETag"]})

    assert (first.status_code, again.status_code, changed.status_code) == (200, 304, 200)
    assert again.content == b""
    assert changed["ETag"] != first["ETag"]


def test_feed_is_in_the_persons_language(client, world, mw):
    world.professional_a.language = "nl"
    world.professional_a.save(update_fields=["language"])
    raw = make_feed(world.professional_a)

    calendar = parse_ics(client.get(feed_url(raw)).content)

    assert calendar.events[0].description == (
        "Agenda\n1. Delivery figures (bespreking, 20 min)")


def test_feed_holds_secretary_and_substitute_meetings_and_not_others(client, world, mw):
    mw.seat_b.substitute = world.reviewer
    mw.seat_b.save(update_fields=["substitute"])

    founder = parse_ics(client.get(feed_url(make_feed(world.founder))).content)
    substitute = parse_ics(client.get(feed_url(make_feed(world.reviewer))).content)
    observer = parse_ics(client.get(feed_url(make_feed(world.observer_b))).content)
    outsider = parse_ics(client.get(feed_url(make_feed(world.outsider))).content)

    assert [e.uid for e in founder.events] == [uid(mw.past), uid(mw.upcoming)]  # secretary
    assert [e.uid for e in substitute.events] == [uid(mw.past), uid(mw.upcoming)]
    assert observer.events == []  # no seat: nothing, and still a valid calendar
    assert [e.uid for e in outsider.events] == [uid(mw.other_meeting)]


def test_feed_keeps_cancelled_meetings_and_drops_those_long_past(client, world, mw):
    change(mw.upcoming, status=MeetingStatus.CANCELLED)
    old = Meeting.objects.create(body=mw.body, starts_at=timezone.now() - dt.timedelta(days=91))
    recent = Meeting.objects.create(body=mw.body,
                                    starts_at=timezone.now() - dt.timedelta(days=89))
    raw = make_feed(world.coordinator_b)

    events = parse_ics(client.get(feed_url(raw)).content).events

    assert [e.uid for e in events] == [uid(recent), uid(mw.past), uid(mw.upcoming)]
    assert uid(old) not in [e.uid for e in events]
    assert (events[2].status.value, events[2].sequence) == ("CANCELLED", 1)


def test_a_seat_removed_or_a_role_ended_takes_the_meetings_out(client, world, mw):
    raw = make_feed(world.professional_a)
    mw.seat_a.removed_at = timezone.now()
    mw.seat_a.save(update_fields=["removed_at"])
    assert parse_ics(client.get(feed_url(raw)).content).events == []

    mw.seat_a.removed_at = None
    mw.seat_a.save(update_fields=["removed_at"])
    Membership.objects.filter(person=world.professional_a).update(revoked_at=timezone.now())
    assert parse_ics(client.get(feed_url(raw)).content).events == []


def test_revoked_or_replaced_address_is_404(client, world, mw):
    first = make_feed(world.professional_a)
    second = make_feed(world.professional_a)  # a new address ends the old

    assert client.get(feed_url(first)).status_code == 404
    assert client.get(feed_url(second)).status_code == 200
    calendar_services.calendar_feed_revoke(actor=world.professional_a)
    assert client.get(feed_url(second)).status_code == 404
    assert CalendarFeed.objects.filter(person=world.professional_a,
                                       revoked_at__isnull=True).count() == 0


def test_a_deactivated_persons_address_is_404(client, world, mw):
    raw = make_feed(world.professional_a)
    world.professional_a.is_active = False
    world.professional_a.save(update_fields=["is_active"])

    assert client.get(feed_url(raw)).status_code == 404


@pytest.mark.parametrize("token", ["ccf_unknown", "nothing", "ccf_" + "a" * 200, "ccf_ü"])
def test_unknown_or_malformed_tokens_are_404(client, world, mw, token):
    make_feed(world.professional_a)

    assert client.get(feed_url(token)).status_code == 404


def test_only_the_hash_of_the_token_is_stored(world, mw):
    feed, raw = calendar_services.calendar_feed_create(actor=world.professional_a)

    stored = CalendarFeed.objects.values_list("token_hash", flat=True).get(pk=feed.pk)
    assert raw.startswith("ccf_")
    assert len(raw) == 47
    assert raw not in stored
    assert len(stored) == 64


def seed_meetings(body, n: int) -> None:
    start = timezone.now() + dt.timedelta(days=30 + Meeting.objects.count())
    for i in range(n):
        meeting = Meeting.objects.create(body=body, starts_at=start + dt.timedelta(days=i),
                                         location=f"Room {i}")
        for position in (1, 2):
            AgendaItem.objects.create(meeting=meeting, position=position,
                                      title=f"Item {i}.{position}",
                                      status=ItemStatus.ON_AGENDA,
                                      proposed_by=body.secretary)


def test_feed_query_count_is_flat_for_10_and_100_meetings(client, world, mw):
    raw = make_feed(world.professional_a)

    def count(n: int) -> tuple[int, int]:
        seed_meetings(mw.body, n)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(feed_url(raw))
        events = len(parse_ics(response.content).events)
        return len(queries), events

    small, small_events = count(10)
    large, large_events = count(90)  # 100 seeded in all

    assert (small_events, large_events) == (12, 102)
    assert small == large, "the feed's queries grow with its meetings"


def test_meeting_ics_query_count_is_flat_for_3_and_30_items(client, world, mw):
    client.force_login(world.founder)

    def count(n: int) -> int:
        start = AgendaItem.objects.count()
        AgendaItem.objects.bulk_create(
            AgendaItem(meeting=mw.upcoming, position=i, title=f"Item {start + i}",
                       status=ItemStatus.ON_AGENDA, proposed_by=world.founder)
            for i in range(n))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(ics_url(mw.upcoming))
        assert response.status_code == 200
        return len(queries)

    assert count(3) == count(27)


def test_meeting_files_include_links_the_ics_and_pdfs(world, mw):
    with translation.override("en"):
        planned = render_to_string("meetings/_meeting_files.html", {"meeting": mw.past})
        approved = render_to_string("meetings/_meeting_files.html",
                                    {"meeting": mw.past, "minutes_approved": True})

    a, m = world.alliance.pk, mw.past.pk
    assert f'href="/alliances/{a}/meetings/{m}/calendar.ics" download' in planned
    assert f'href="/alliances/{a}/meetings/{m}/agenda.pdf"' in planned
    assert "minutes.pdf" not in planned
    assert f'href="/alliances/{a}/meetings/{m}/minutes.pdf">Approved minutes (PDF)' in approved
