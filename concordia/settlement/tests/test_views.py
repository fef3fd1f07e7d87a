"""Settlement pages: the open books (filtered), booking a cost through the form (errors on the
field, a resubmission books once), choosing a model, a quarter's settlement with its transfers
and both partners' confirmations; query counts that do not grow with partners or bookings."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from concordia.alliances.models import Partner
from concordia.settlement import selectors, services
from concordia.settlement.models import Booking, Confirmation, SettlementModel
from concordia.testing.factories import PersonFactory, join
from concordia.testing.settlement import fresh, settlement_of

pytestmark = pytest.mark.django_db


class W:
    def __init__(self, world):
        self.world = world


@pytest.fixture
def sw(world):
    return settlement_of(W(world))


def period_url(world, sw):
    return reverse("settlement_period", args=[world.alliance.pk, sw.year, sw.quarter])


def test_every_member_reads_the_books_and_filters_them(client, world, sw):
    client.force_login(world.observer_b)
    url = reverse("settlement_books", args=[world.alliance.pk])
    text = client.get(url).content.decode()
    assert "Helpdesk licences" in text
    assert "Helpdesk staff, two days" in text
    assert "Z only" not in text
    assert period_url(world, sw) in text
    assert reverse("booking_create", args=[world.alliance.pk]) not in text
    filtered = client.get(url, {"partner": world.partner_b.pk}).content.decode()
    assert "Helpdesk staff, two days" in filtered
    assert "Helpdesk licences" not in filtered


def test_a_partner_books_through_the_form_once(client, world, sw):
    client.force_login(world.professional_a)
    url = reverse("booking_create", args=[world.alliance.pk])
    assert client.get(url).status_code == 200
    data = {"category": sw.model.category.pk, "kind": "cost",
            "incurred_on": sw.day.isoformat(), "amount": "1.234,56",
            "description": "Printing", "document": "", "corrects": "",
            "submission": "b" * 32}
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == period_url(world, sw)
    assert client.post(url, data).status_code == 302
    booking = Booking.objects.get(description="Printing")
    assert (booking.partner, booking.amount_cents) == (world.partner_a, 123456)


def test_a_wrong_amount_is_shown_on_its_field(client, world, sw):
    client.force_login(world.founder)
    response = client.post(reverse("booking_create", args=[world.alliance.pk]), {
        "category": sw.model.category.pk, "kind": "cost", "incurred_on": sw.day.isoformat(),
        "amount": "-5", "description": "Refund", "submission": "c" * 32})
    assert response.status_code == 422
    text = response.content.decode()
    assert 'id="id_amount_error"' in text
    assert "Only a correction may be negative." in text
    assert not Booking.objects.filter(description="Refund").exists()


def test_the_steering_roles_choose_a_model_through_the_form(client, world, sw):
    client.force_login(world.coordinator_b)
    url = reverse("settlement_model_create", args=[world.alliance.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {
        "category": "Rent", "kind": "size", "starts_on": "2026-01-01",
        "decision": sw.dw.closed.pk, "measure": "employees",
        f"weight_{world.partner_a.pk}": "40", f"weight_{world.partner_b.pk}": "10"})
    assert response.status_code == 302
    model = SettlementModel.objects.get(category__name="Rent")
    assert {w.partner_id: w.weight for w in model.weights.all()} == {
        world.partner_a.pk: 40, world.partner_b.pk: 10}
    assert "Rent" in client.get(reverse("settlement_models",
                                        args=[world.alliance.pk])).content.decode()


def test_the_settlement_page_and_both_partners_confirm(client, world, sw):
    client.force_login(world.founder)
    text = client.get(period_url(world, sw)).content.decode()
    assert "€ 600.00" in text or "€ 600,00" in text
    assert "Not settled yet" in text or "Nog niet verrekend" in text
    period = selectors.settlement_get(user=fresh(world.founder), alliance=world.alliance,
                                      year=sw.year, quarter=sw.quarter)
    for person, partner in ((world.founder, world.partner_a),
                            (world.coordinator_b, world.partner_b)):
        client.force_login(person)
        response = client.post(reverse("settlement_confirm", args=[
            world.alliance.pk, sw.year, sw.quarter, partner.pk]),
            {"fingerprint": period.fingerprint})
        assert response.status_code == 302
    assert Confirmation.objects.count() == 2
    assert "Settled: every partner confirmed" in client.get(period_url(world, sw)).content.decode()


def test_a_stale_confirmation_is_a_message_not_an_error(client, world, sw):
    client.force_login(world.founder)
    response = client.post(reverse("settlement_confirm", args=[
        world.alliance.pk, sw.year, sw.quarter, world.partner_a.pk]), {"fingerprint": "x"},
        follow=True)
    assert response.status_code == 200
    assert Confirmation.objects.count() == 0


def grow(world, sw, partners, bookings_each, days_before):
    """More partners in the equal-share model and more bookings of each in the quarter."""
    extra = []
    for i in range(partners):
        person = PersonFactory(is_organisation_admin=True, full_name=f"Coordinator {i}")
        extra.append((join(world.alliance, world.founder, person), person))
    all_partners = list(Partner.objects.filter(alliance=world.alliance, status="active"))
    model = services.settlement_model_choose(
        actor=fresh(world.founder), alliance=world.alliance, category="Joint helpdesk",
        kind="equal", starts_on=sw.day - dt.timedelta(days=days_before), decision=sw.dw.closed,
        weights={p.pk: 1 for p in all_partners})
    for partner, person in extra:
        for j in range(bookings_each):
            services.booking_record(actor=fresh(person), partner=partner,
                                    category=model.category, kind="cost", incurred_on=sw.day,
                                    amount_cents=1000 + j, description=f"Cost {j}")


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", ["settlement_period", "settlement_books", "settlement_models"])
def test_queries_do_not_grow_with_partners_or_bookings(client, world, sw, name):
    grow(world, sw, 1, 1, 5)  # 3 partners
    client.force_login(world.founder)
    args = ([world.alliance.pk, sw.year, sw.quarter] if name == "settlement_period"
            else [world.alliance.pk])
    url = reverse(name, args=args)
    few = count(client, url)
    grow(world, sw, 27, 2, 4)  # 30 partners
    assert count(client, url) == few


def test_the_xlsx_keeps_text_as_text_and_amounts_as_numbers(client, world, sw):
    import io  # noqa: PLC0415 — only this test reads a workbook

    from openpyxl import load_workbook  # noqa: PLC0415 — only this test reads a workbook
    services.booking_record(actor=fresh(world.founder), partner=world.partner_a,
                            category=sw.model.category, kind="cost", incurred_on=sw.day,
                            amount_cents=1, description="=HYPERLINK(\"x\")")
    client.force_login(world.reviewer)
    response = client.get(reverse("settlement_xlsx", args=[world.alliance.pk, sw.year,
                                                           sw.quarter]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Settlement", "Transfers", "Bookings"]
    rows = list(book["Bookings"].iter_rows(values_only=True))
    assert rows[-1][5] == "=HYPERLINK(\"x\")"
    assert book["Bookings"].cell(row=len(rows), column=6).data_type == "s"
    settlement = {r[0]: r[1:4] for r in book["Settlement"].iter_rows(min_row=2,
                                                                      values_only=True)}
    assert settlement[str(world.partner_b.organisation)] == (600.0, 300.0, -300.0)


def test_the_pdf(client, world, sw):
    client.force_login(world.observer_b)
    response = client.get(reverse("settlement_pdf", args=[world.alliance.pk, sw.year,
                                                          sw.quarter]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_a_partner_that_has_left_shows_as_such_and_cannot_be_confirmed_for(client, world, sw):
    from concordia.alliances import services as alliance_services  # noqa: PLC0415

    period = selectors.settlement_get(user=fresh(world.founder), alliance=world.alliance,
                                      year=sw.year, quarter=sw.quarter)
    alliance_services.partner_leave(actor=fresh(world.coordinator_b), partner=world.partner_b)
    client.force_login(world.founder)
    text = client.get(period_url(world, sw)).content.decode()
    assert "has left the alliance (does not confirm)" in text
    confirm_b = reverse("settlement_confirm", args=[world.alliance.pk, sw.year, sw.quarter,
                                                    world.partner_b.pk])
    assert confirm_b not in text
    response = client.post(confirm_b, {"fingerprint": period.fingerprint}, follow=True)
    assert response.status_code == 200
    assert "a partner that has left no longer confirms" in response.content.decode()
    assert Confirmation.objects.count() == 0
    client.post(reverse("settlement_confirm", args=[world.alliance.pk, sw.year, sw.quarter,
                                                    world.partner_a.pk]),
                {"fingerprint": period.fingerprint})
    assert "Settled: every partner" in client.get(period_url(world, sw)).content.decode()


def test_the_core_team_records_a_quarters_usage_through_the_form(client, world, sw):
    page = reverse("usage_create", args=[world.alliance.pk, sw.usage_model.pk])
    client.force_login(world.founder)
    assert client.get(page).status_code == 200
    response = client.post(page, {"year": str(sw.year), "quarter": str(sw.quarter),
                                  f"usage_{world.partner_a.pk}": "10",
                                  f"usage_{world.partner_b.pk}": ""})
    assert response.status_code == 302
    text = client.get(reverse("settlement_models", args=[world.alliance.pk])).content.decode()
    assert f"{sw.year} Q{sw.quarter} · {world.partner_a.organisation}: 10" in text
    refused = client.post(page, {"year": str(sw.year), "quarter": str(sw.quarter)})
    assert refused.status_code == 422
    client.force_login(world.professional_a)
    assert client.get(page).status_code == 403
