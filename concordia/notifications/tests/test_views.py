"""The notifications page and the preferences page; the API beside them. Query counts do not
grow with the number of notifications."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from concordia.notifications import services
from concordia.notifications.choices import NotificationKind
from concordia.notifications.models import Notification, NotificationPreference
from concordia.testing.factories import make_alliance

pytestmark = pytest.mark.django_db

KIND = NotificationKind.MINUTES_APPROVED


def tell(world, person, n, *, start=0, alliance=None):
    for i in range(start, start + n):
        services.notify(people=[person], alliance=alliance or world.alliance, kind=KIND,
                        key=f"e{i}", params={"meeting": f"Meeting #{i:03d}"},
                        url=f"/m/{i}")


def test_the_page_lists_newest_first_and_marks_unread(client, world):
    tell(world, world.founder, 3)
    oldest = Notification.objects.order_by("pk").first()
    services.notification_mark_read(actor=world.founder, pk=oldest.pk)
    client.force_login(world.founder)
    html = client.get(reverse("notification_list")).content.decode()
    positions = [html.index(f"Meeting #{i:03d}") for i in (2, 1, 0)]
    assert positions == sorted(positions)
    assert html.count('class="unread"') == 2
    assert html.count(">Mark as read<") == 2
    # the navigation counts the unread ones
    assert '<span class="count">2<span class="visually-hidden"> unread</span></span>' in html


def test_only_unread_filter(client, world):
    tell(world, world.founder, 2)
    services.notification_mark_read(actor=world.founder,
                                    pk=Notification.objects.order_by("pk").first().pk)
    client.force_login(world.founder)
    html = client.get(reverse("notification_list") + "?unread=1").content.decode()
    assert "Meeting #001" in html
    assert "Meeting #000" not in html


def test_marking_one_and_all_read_from_the_page(client, world):
    tell(world, world.founder, 2)
    first, second = Notification.objects.order_by("pk")
    client.force_login(world.founder)
    response = client.post(reverse("notification_read", args=[first.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("notification_list")
    assert list(Notification.objects.filter(read_at__isnull=True)) == [second]
    client.post(reverse("notifications_read_all"))
    assert Notification.objects.filter(read_at__isnull=True).count() == 0


def test_notification_page_query_count_is_flat(client, world):
    client.force_login(world.founder)
    other = make_alliance(world.outsider, "Foreign")
    url = reverse("notification_list")
    client.get(url)
    counts = []
    for n, start in ((10, 0), (90, 10)):
        tell(world, world.founder, n, start=start)
        tell(world, world.outsider, n, start=start, alliance=other)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))
    html = response.content.decode()
    assert html.count('class="unread"') == 50  # one page
    assert "Foreign" not in html
    assert counts[0] == counts[1], counts


def test_preferences_page_shows_every_kind_with_its_default_and_saves(client, world):
    client.force_login(world.founder)
    html = client.get(reverse("notification_preferences")).content.decode()
    for kind in NotificationKind.values:
        assert f'name="{kind}"' in html
    assert "Default: In the daily digest" in html
    assert "Default: E-mail at once" in html
    form = dict.fromkeys(NotificationKind.values, "daily_digest")
    form[KIND] = "no_email"
    response = client.post(reverse("notification_preferences"), form)
    assert response.status_code == 302
    assert NotificationPreference.objects.get(person=world.founder, kind=KIND).delivery \
        == "no_email"
    assert NotificationPreference.objects.filter(person=world.founder).count() == len(form)


def test_a_wrong_choice_is_shown_on_the_form(client, world):
    client.force_login(world.founder)
    form = dict.fromkeys(NotificationKind.values, "daily_digest")
    form[KIND] = "weekly"
    response = client.post(reverse("notification_preferences"), form)
    assert response.status_code == 422
    assert NotificationPreference.objects.count() == 0


# --- API ----------------------------------------------------------------------------------------


def test_api_lists_pages_and_filters_unread(client, world):
    tell(world, world.founder, 3)
    first = Notification.objects.order_by("pk").first()
    client.force_login(world.founder)
    read = client.post(reverse("api:mark_notification_read",
                               kwargs={"notification_id": first.pk}))
    assert read.status_code == 200
    assert read.json()["read_at"] is not None
    body = client.get(reverse("api:list_my_notifications") + "?unread=true&pageSize=1").json()
    assert body["total"] == 2
    # the API speaks the request's language (Dutch by default)
    assert [r["text"] for r in body["results"]] == [
        "Het verslag van Meeting #002 is vastgesteld."]
    everything = client.get(reverse("api:list_my_notifications")).json()
    assert [r["id"] for r in everything["results"]] == sorted(
        Notification.objects.values_list("pk", flat=True), reverse=True)
    marked = client.post(reverse("api:mark_all_notifications_read")).json()
    assert marked == {"marked": 2}


def test_api_another_persons_notification_is_404(client, world):
    tell(world, world.founder, 1)
    client.force_login(world.coordinator_b)
    response = client.post(reverse("api:mark_notification_read", kwargs={
        "notification_id": Notification.objects.get().pk}))
    assert response.status_code == 404
    assert Notification.objects.get().read_at is None


def test_api_preferences_round_trip(client, world):
    client.force_login(world.founder)
    url = reverse("api:get_notification_preferences")
    before = client.get(url).json()["preferences"]
    assert [p["kind"] for p in before] == list(NotificationKind.values)
    assert all(not p["chosen"] and p["delivery"] == p["default_delivery"] for p in before)
    body = {"preferences": [{"kind": KIND, "delivery": "no_email"}]}
    response = client.put(url, json.dumps(body), content_type="application/json")
    assert response.status_code == 200
    row = next(p for p in response.json()["preferences"] if p["kind"] == KIND)
    assert (row["delivery"], row["chosen"]) == ("no_email", True)
    # the same again: same answer, same rows
    rows = list(NotificationPreference.objects.values_list("pk", "kind", "delivery"))
    assert client.put(url, json.dumps(body), content_type="application/json").json() \
        == response.json()
    assert list(NotificationPreference.objects.values_list("pk", "kind", "delivery")) == rows


@pytest.mark.parametrize("body", [
    {"preferences": [{"kind": KIND, "delivery": "weekly"}]},
    {"preferences": [{"kind": "nonsense", "delivery": "no_email"}]},
    {"preferences": [{"kind": KIND, "delivery": "no_email"},
                     {"kind": KIND, "delivery": "immediately"}]},
    {"preferences": [{"kind": KIND, "delivery": "no_email", "extra": 1}]},
    {"preferences": None},
])
def test_api_refuses_bad_preferences_with_400_and_changes_nothing(client, world, body):
    client.force_login(world.founder)
    response = client.put(reverse("api:put_notification_preferences"), json.dumps(body),
                          content_type="application/json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert NotificationPreference.objects.count() == 0


def test_api_list_query_count_is_flat(client, world):
    client.force_login(world.founder)
    url = reverse("api:list_my_notifications") + "?pageSize=100"
    counts = []
    for n, start in ((10, 0), (90, 10)):
        tell(world, world.founder, n, start=start)
        with CaptureQueriesContext(connection) as queries:
            body = client.get(url).json()
        counts.append(len(queries))
    assert body["total"] == 100
    assert counts[0] == counts[1], counts
