"""The page and the API operations that make, renew and revoke a person's calendar address."""

import pytest
from django.urls import reverse

from concordia.meetings import calendar_services
from concordia.meetings.models import CalendarFeed
from concordia.testing.meetings import build_meetings

from .calendar_support import parse_ics

PAGE = "calendar_feed_settings"


@pytest.fixture
def mw(world):
    return build_meetings(world)


def live(person) -> list[CalendarFeed]:
    return list(CalendarFeed.objects.filter(person=person, revoked_at__isnull=True))


def test_page_without_an_address_offers_to_make_one(client, world):
    client.force_login(world.professional_a)

    html = client.get(reverse(PAGE)).content.decode()

    assert "You have no calendar address." in html
    assert "Make a calendar address" in html
    assert "copy it now" not in html


def test_making_an_address_shows_it_once_and_it_works(client, world, mw):
    client.force_login(world.professional_a)

    response = client.post(reverse(PAGE), {"action": "create"})

    assert response.status_code == 200
    [feed] = live(world.professional_a)
    html = response.content.decode()
    start = html.index('value="http://testserver/calendar/ccf_') + len('value="http://testserver')
    path = html[start:html.index('"', start)]
    assert path.endswith(".ics")
    assert client.get(path).status_code == 200
    again = client.get(reverse(PAGE)).content.decode()
    assert path not in again  # shown once
    assert "You have a calendar address, made on" in again
    assert feed.token_hash not in html


def test_making_a_new_address_ends_the_old(client, world, mw):
    old = calendar_services.calendar_feed_create(actor=world.professional_a)[1]
    client.force_login(world.professional_a)

    client.post(reverse(PAGE), {"action": "create"})

    assert len(live(world.professional_a)) == 1
    assert client.get(reverse("calendar_feed", kwargs={"token": old})).status_code == 404


def test_revoking_the_address(client, world, mw):
    raw = calendar_services.calendar_feed_create(actor=world.professional_a)[1]
    client.force_login(world.professional_a)

    response = client.post(reverse(PAGE), {"action": "revoke"})

    assert response.status_code == 302
    assert response["Location"] == reverse(PAGE)
    followed = client.get(reverse(PAGE)).content.decode()
    assert "Your calendar address was revoked." in followed
    assert live(world.professional_a) == []
    assert client.get(reverse("calendar_feed", kwargs={"token": raw})).status_code == 404


def test_revoking_without_an_address_says_so_and_changes_nothing(client, world):
    client.force_login(world.professional_a)

    response = client.post(reverse(PAGE), {"action": "revoke"}, follow=True)

    assert "You have no calendar address to revoke." in response.content.decode()
    assert CalendarFeed.objects.count() == 0


def test_revoking_touches_only_ones_own_address(client, world):
    calendar_services.calendar_feed_create(actor=world.founder)
    calendar_services.calendar_feed_create(actor=world.professional_a)
    client.force_login(world.professional_a)

    client.post(reverse(PAGE), {"action": "revoke"})

    assert len(live(world.founder)) == 1
    assert live(world.professional_a) == []


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(reverse(PAGE))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


# --- API ---------------------------------------------------------------------------------------

API = "/api/v1/me/calendar-feed"


def test_api_make_read_and_revoke_the_address(client, world, mw):
    client.force_login(world.professional_a)
    assert client.get(API).json() == {"active": False, "created_at": None}

    created = client.post(API)

    assert created.status_code == 201
    body = created.json()
    assert set(body) == {"url", "created_at"}
    assert body["url"].startswith("http://testserver/calendar/ccf_")
    path = body["url"].removeprefix("http://testserver")
    events = parse_ics(client.get(path).content).events
    assert [e.uid for e in events] == [f"meeting-{mw.past.pk}@127.0.0.1",
                                       f"meeting-{mw.upcoming.pk}@127.0.0.1"]
    state = client.get(API).json()
    assert state["active"] is True
    assert "url" not in state  # the address is not kept, so it is not shown again

    revoked = client.delete(API)

    assert revoked.status_code == 204
    assert client.get(path).status_code == 404
    assert client.get(API).json() == {"active": False, "created_at": None}
    assert client.delete(API).status_code == 404  # nothing left to revoke


def test_api_meeting_calendar_is_text_calendar(client, world, mw):
    client.force_login(world.observer_b)

    response = client.get(f"/api/v1/alliances/{world.alliance.pk}/meetings/{mw.past.pk}/calendar")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    [event] = parse_ics(response.content).events
    assert event.uid == f"meeting-{mw.past.pk}@127.0.0.1"
    assert "Staffing" not in response.content.decode()


def test_api_another_alliances_meeting_is_404_problem(client, world, mw):
    client.force_login(world.founder)

    response = client.get(
        f"/api/v1/alliances/{world.alliance.pk}/meetings/{mw.other_meeting.pk}/calendar")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
