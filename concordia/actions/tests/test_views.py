"""Action pages and API: the overview (groups, filters, overdue marked in words), confidential
items' actions kept to the body's members, forms, and flat query counts."""

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from concordia.actions.models import ActionItem
from concordia.meetings.models import Meeting
from concordia.testing.meetings import MeetingsWorld, build_meetings

pytestmark = pytest.mark.django_db


@pytest.fixture
def mw(world) -> MeetingsWorld:
    return build_meetings(world)


def list_url(world, **query) -> str:
    url = reverse("action_list", kwargs={"pk": world.alliance.pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_overdue_actions_stand_out_in_words(client, world, mw) -> None:
    ActionItem.objects.filter(pk=mw.action.pk).update(
        due_on=timezone.localdate() - dt.timedelta(days=2))
    client.force_login(world.observer_b)
    text = client.get(list_url(world)).content.decode()
    assert "Send the figures" in text
    assert "Overdue:" in text
    assert 'class="overdue"' in text


def test_the_overview_filters_and_groups(client, world, mw) -> None:
    ActionItem.objects.create(alliance=world.alliance, title="Partner B's part",
                              owner_partner=world.partner_b, created_by=world.founder)
    client.force_login(world.founder)
    text = client.get(list_url(world, owner=f"partner:{world.partner_b.pk}")).content.decode()
    assert "Partner B&#x27;s part" in text
    assert "Send the figures" not in text
    text = client.get(list_url(world, group="owner")).content.decode()
    assert "Partner B&#x27;s part" in text
    assert "Send the figures" in text
    text = client.get(list_url(world, age="older")).content.decode()
    assert "Send the figures" not in text
    assert client.get(list_url(world, body="99999999999999999999999")).status_code == 200


def test_an_action_from_a_confidential_item_is_the_members_own(client, world, mw) -> None:
    secret = ActionItem.objects.create(
        alliance=world.alliance, body=mw.body, agenda_item=mw.confidential_item,
        title="Hire quietly", owner_person=world.coordinator_b, created_by=world.founder)
    detail = reverse("action_detail", kwargs={"pk": world.alliance.pk, "action_pk": secret.pk})
    api = reverse("api:get_action", kwargs={"alliance_id": world.alliance.pk,
                                            "action_id": secret.pk})
    client.force_login(world.observer_b)
    assert "Hire quietly" not in client.get(list_url(world)).content.decode()
    assert client.get(detail).status_code == 404
    assert client.get(api).status_code == 404
    client.force_login(world.professional_a)
    assert "Hire quietly" in client.get(list_url(world)).content.decode()
    assert client.get(detail).status_code == 200


def test_giving_an_action_from_the_minutes_goes_back_to_them(client, world, mw) -> None:
    client.force_login(world.coordinator_b)
    url = reverse("action_create", kwargs={"pk": world.alliance.pk})
    assert client.get(url + f"?agenda_item={mw.open_item.pk}").status_code == 200
    response = client.post(url, {"title": "Check the data", "owner":
                                 f"partner:{world.partner_a.pk}", "due_on": "", "block": "",
                                 "pillar": "", "description": "",
                                 "agenda_item": str(mw.open_item.pk)})
    assert response.status_code == 302
    assert response["Location"].endswith(f"/minutes#item-{mw.open_item.pk}")
    action = ActionItem.objects.get(title="Check the data")
    assert (action.agenda_item_id, action.body_id) == (mw.open_item.pk, mw.body.pk)


def test_a_wrong_owner_is_shown_on_the_form(client, world, mw) -> None:
    client.force_login(world.founder)
    url = reverse("action_create", kwargs={"pk": world.alliance.pk})
    response = client.post(url, {"title": "x", "owner": f"person:{world.outsider.pk}"})
    assert response.status_code == 422
    assert ActionItem.objects.count() == 1


def test_closing_twice_is_refused_on_the_page(client, world, mw) -> None:
    client.force_login(world.professional_a)
    url = reverse("action_detail", kwargs={"pk": world.alliance.pk,
                                           "action_pk": mw.action.pk})
    body = {"close-op": "close", "close-status": "done", "close-version": 1}
    assert client.post(url, body).status_code == 302
    again = client.post(url, body)
    assert again.status_code == 422
    assert "closed" in again.content.decode()


def test_api_stale_and_closed_are_409(client, world, mw) -> None:
    client.force_login(world.founder)
    url = reverse("api:close_action", kwargs={"alliance_id": world.alliance.pk,
                                              "action_id": mw.action.pk})
    first = client.post(url, json.dumps({"status": "done", "version": 1}),
                        content_type="application/json")
    assert first.status_code == 200
    assert first.json()["status"] == "done"
    again = client.post(url, json.dumps({"status": "done", "version": 2}),
                        content_type="application/json")
    assert again.status_code == 409


def test_api_refuses_two_owners(client, world, mw) -> None:
    client.force_login(world.founder)
    url = reverse("api:create_action", kwargs={"alliance_id": world.alliance.pk})
    response = client.post(url, json.dumps({"title": "x",
                                            "owner_person_id": world.professional_a.pk,
                                            "owner_partner_id": world.partner_a.pk}),
                           content_type="application/json")
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "owner"


def _seed(world, mw, start: int, n: int) -> None:
    meeting = Meeting.objects.create(body=mw.body, starts_at=timezone.now(),
                                     chair_person=world.coordinator_b)
    for i in range(start, start + n):
        ActionItem.objects.create(
            alliance=world.alliance, body=mw.body if i % 2 else None, title=f"Action {i}",
            owner_person=world.professional_a if i % 3 else None,
            owner_partner=None if i % 3 else world.partner_b,
            due_on=timezone.localdate() - dt.timedelta(days=i % 5), created_by=world.founder)
    del meeting


def test_queries_do_not_grow_with_the_actions(client, world, mw) -> None:
    client.force_login(world.coordinator_b)
    api = reverse("api:list_actions", kwargs={"alliance_id": world.alliance.pk})
    counts = []
    for start, n in ((0, 9), (9, 90)):  # 10 actions, then 100
        _seed(world, mw, start, n)
        for url in (list_url(world), list_url(world, group="age"), api + "?pageSize=200"):
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200
            counts.append(len(queries))
    assert counts[:3] == counts[3:]
    assert len(client.get(api + "?pageSize=200").json()["results"]) == 100


def test_the_overview_pages_by_a_hundred_keeping_the_filters(client, world, mw) -> None:
    _seed(world, mw, 0, 130)  # 131 open actions with the world's own
    client.force_login(world.coordinator_b)
    first = client.get(list_url(world, group="owner")).content.decode()
    assert "131 open actions" in first  # the totals count every page
    assert first.count('<td><a href="/alliances/') == 100
    assert "Page 1 of 2" in first
    assert '?group=owner&amp;page=2" rel="next"' in first
    second = client.get(list_url(world, group="owner", page=2)).content.decode()
    assert second.count('<td><a href="/alliances/') == 31
    assert "Page 2 of 2" in second
    assert client.get(list_url(world, page="999999999999999999999")).status_code == 200
