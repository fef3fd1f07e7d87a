"""A person's own settings in a real browser (Chromium): the secret calendar address made,
subscribed to and revoked, and the choice of what comes by e-mail."""

import urllib.error
import urllib.request

import pytest
from playwright.sync_api import Page, expect

from concordia.notifications.choices import Delivery, NotificationKind
from concordia.notifications.models import NotificationPreference
from concordia.testing.meetings import build_meetings

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def fetch(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 — the live server
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, "", ""


def test_subscribe_to_your_meetings_then_revoke_the_address(page: Page, live_server, login,
                                                            world) -> None:
    mw = build_meetings(world)
    login(page, world.professional_a.email)
    page.goto(live_server.url + "/calendar")
    expect(page.get_by_text("You have no calendar address.")).to_be_visible()
    page.get_by_role("button", name="Make a calendar address").click()
    address = page.get_by_role("textbox", name="Calendar address")
    expect(address).to_be_visible()
    feed_url = address.input_value()
    assert feed_url.startswith(live_server.url)

    # Without logging in, as a calendar program would.
    status, content_type, text = fetch(feed_url)
    assert status == 200
    assert content_type.startswith("text/calendar")
    assert "BEGIN:VTIMEZONE" in text
    assert f"{mw.body.name}" in text

    page.get_by_role("button", name="Revoke the address").click()
    expect(page.get_by_text("Your calendar address was revoked.")).to_be_visible()
    assert fetch(feed_url)[0] == 404


def test_choose_what_comes_by_email(page: Page, live_server, login, world) -> None:
    login(page, world.coordinator_b.email)
    page.goto(live_server.url + "/notifications/preferences")
    expect(page.get_by_role("heading", level=1)).to_have_text("What comes by e-mail")
    group = page.get_by_role("group", name="Action assigned to you")
    group.get_by_label("No e-mail").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your choices are saved.")).to_be_visible()
    expect(page.get_by_role("group", name="Action assigned to you")
           .get_by_label("No e-mail")).to_be_checked()
    assert NotificationPreference.objects.get(
        person=world.coordinator_b, kind=NotificationKind.ACTION_ASSIGNED
    ).delivery == Delivery.NO_EMAIL
