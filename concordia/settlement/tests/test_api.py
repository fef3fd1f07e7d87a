"""Settlement API: the open books as JSON (cents), booking and its refusals (problem+json), a
quarter's settlement and both partners' confirmations, a stale fingerprint 409."""

import json

import pytest
from django.urls import reverse

from concordia.settlement.models import Booking, Confirmation
from concordia.testing.settlement import settlement_of

pytestmark = pytest.mark.django_db


class W:
    def __init__(self, world):
        self.world = world


@pytest.fixture
def sw(world):
    return settlement_of(W(world))


def post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_the_books_and_the_settlement_as_json(client, world, sw):
    client.force_login(world.reviewer)
    books = client.get(reverse("api:list_bookings", args=[world.alliance.pk]),
                       {"partnerId": world.partner_b.pk}).json()
    assert [(b["description"], b["amount_cents"], b["kind"]) for b in books["results"]] == [
        ("Helpdesk staff, two days", 300_00, "in_kind")]
    settlement = client.get(reverse("api:get_settlement",
                                    args=[world.alliance.pk, sw.year, sw.quarter])).json()
    lines = {ln["partner_id"]: (ln["share_cents"], ln["paid_cents"], ln["balance_cents"])
             for ln in settlement["lines"]}
    assert lines == {world.partner_a.pk: (600_00, 900_00, 300_00),
                     world.partner_b.pk: (600_00, 300_00, -300_00)}
    assert settlement["transfers"] == [{"payer_id": world.partner_b.pk,
                                        "payee_id": world.partner_a.pk, "amount_cents": 300_00}]
    assert settlement["settled"] is False
    assert client.get(reverse("api:get_settlement",
                              args=[world.alliance.pk, sw.year, 5])).status_code == 404
    assert client.get(reverse("api:get_settlement",
                              args=[world.alliance.pk, 99999, 1])).status_code == 404


def test_a_negative_amount_without_correction_is_400(client, world, sw):
    client.force_login(world.founder)
    response = post(client, reverse("api:create_booking", args=[world.alliance.pk]), {
        "partner_id": world.partner_a.pk, "category_id": sw.model.category.pk,
        "kind": "cost", "incurred_on": sw.day.isoformat(), "amount_cents": -5,
        "description": "Refund"})
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "amount"
    assert not Booking.objects.filter(description="Refund").exists()


def test_both_confirm_through_the_api_and_a_stale_fingerprint_is_409(client, world, sw):
    url = reverse("api:create_settlement_confirmation",
                  args=[world.alliance.pk, sw.year, sw.quarter])
    client.force_login(world.founder)
    fingerprint = client.get(reverse("api:get_settlement", args=[
        world.alliance.pk, sw.year, sw.quarter])).json()["fingerprint"]
    assert post(client, url, {"partner_id": world.partner_a.pk,
                              "fingerprint": "0" * 64}).status_code == 409
    assert post(client, url, {"partner_id": world.partner_a.pk,
                              "fingerprint": fingerprint}).status_code == 201
    client.force_login(world.coordinator_b)
    assert post(client, url, {"partner_id": world.partner_b.pk,
                              "fingerprint": fingerprint}).status_code == 201
    assert Confirmation.objects.count() == 2
    assert client.get(reverse("api:get_settlement", args=[
        world.alliance.pk, sw.year, sw.quarter])).json()["settled"] is True


def test_a_partner_that_has_left_cannot_confirm_through_the_api(client, world, sw):
    from concordia.alliances import services as alliance_services  # noqa: PLC0415
    from concordia.core.problems import PROBLEM_CONTENT_TYPE  # noqa: PLC0415
    from concordia.testing.settlement import fresh  # noqa: PLC0415

    url = reverse("api:create_settlement_confirmation",
                  args=[world.alliance.pk, sw.year, sw.quarter])
    client.force_login(world.founder)
    fingerprint = client.get(reverse("api:get_settlement", args=[
        world.alliance.pk, sw.year, sw.quarter])).json()["fingerprint"]
    alliance_services.partner_leave(actor=fresh(world.coordinator_b), partner=world.partner_b)
    refused = post(client, url, {"partner_id": world.partner_b.pk, "fingerprint": fingerprint})
    assert refused.status_code == 409
    assert refused["Content-Type"] == PROBLEM_CONTENT_TYPE
    assert str(world.partner_b.organisation) in refused.json()["detail"]
    assert Confirmation.objects.count() == 0
    settlement = client.get(reverse("api:get_settlement", args=[
        world.alliance.pk, sw.year, sw.quarter])).json()
    assert {ln["partner_id"]: ln["left"] for ln in settlement["lines"]} == {
        world.partner_a.pk: False, world.partner_b.pk: True}
    assert post(client, url, {"partner_id": world.partner_a.pk,
                              "fingerprint": fingerprint}).status_code == 201
    assert client.get(reverse("api:get_settlement", args=[
        world.alliance.pk, sw.year, sw.quarter])).json()["settled"] is True


@pytest.mark.parametrize("name", ["api:get_settlement", "api:list_bookings",
                                  "api:list_settlement_models", "api:get_booking"])
def test_api_queries_do_not_grow_with_partners_or_bookings(client, world, sw, name):
    from concordia.settlement.tests.test_views import count, grow  # noqa: PLC0415

    grow(world, sw, 1, 1, 5)  # 3 partners, a booking each
    client.force_login(world.founder)
    args = {"api:get_settlement": [world.alliance.pk, sw.year, sw.quarter],
            "api:get_booking": [world.alliance.pk, sw.booking_b.pk]}.get(
        name, [world.alliance.pk])
    url = reverse(name, args=args)
    few = count(client, url)
    grow(world, sw, 27, 2, 4)  # 30 partners, 54 bookings more
    assert count(client, url) == few


def test_a_quarters_usage_through_the_api(client, world, sw):
    url = reverse("api:put_usage", args=[world.alliance.pk, sw.usage_model.pk])
    body = {"year": sw.year, "quarter": sw.quarter,
            "usage": [{"partner_id": world.partner_a.pk, "weight": 10},
                      {"partner_id": world.partner_b.pk, "weight": 30}]}
    client.force_login(world.professional_a)
    assert client.put(url, data=json.dumps(body),
                      content_type="application/json").status_code == 403
    client.force_login(world.founder)
    response = client.put(url, data=json.dumps(body), content_type="application/json")
    assert response.status_code == 200
    assert response.json()["usage"] == [
        {"partner_id": world.partner_a.pk, "year": sw.year, "quarter": sw.quarter, "usage": 10},
        {"partner_id": world.partner_b.pk, "year": sw.year, "quarter": sw.quarter, "usage": 30}]
    other = reverse("api:put_usage", args=[world.alliance.pk, sw.model.pk])  # equal shares
    assert client.put(other, data=json.dumps(body),
                      content_type="application/json").status_code == 404
