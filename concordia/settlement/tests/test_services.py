"""The settlement services with their journal entries: choosing a model (a carried decision of
the alliance, superseding from its start date), booking (own partner only, corrections as new
bookings, evidence the whole alliance reads, a submission books once) and confirming a quarter
(the computation's fingerprint; a later booking invalidates earlier confirmations)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from concordia.alliances.models import Document
from concordia.core.errors import Conflict, DomainError
from concordia.journal.models import JournalEntry
from concordia.settlement import selectors, services
from concordia.settlement.choices import BookingKind, SettlementKind
from concordia.settlement.models import Booking, Confirmation, SettlementModel
from concordia.testing.settlement import fresh, settlement_of


class W:
    def __init__(self, world):
        self.world = world


@pytest.fixture
def sw(world):
    return settlement_of(W(world))


def entries(world, since):
    return list(JournalEntry.objects.filter(alliance=world.alliance, seq__gt=since)
                .order_by("seq").values_list("kind", "payload"))


def head(world):
    return JournalEntry.objects.filter(alliance=world.alliance).count()


def test_a_model_is_recorded_with_its_decision_and_journaled(world, sw):
    since = head(world)
    model = services.settlement_model_choose(
        actor=fresh(world.coordinator_b), alliance=world.alliance, category="  Joint   helpdesk",
        kind=SettlementKind.SIZE, starts_on=dt.date(sw.year, 1, 1), decision=sw.dw.closed,
        measure="employees", weights={world.partner_a.pk: 5000, world.partner_b.pk: 1000})
    assert model.category == sw.model.category
    assert entries(world, since) == [("SettlementModelChosen", {
        "category": "Joint helpdesk", "kind": "size", "starts_on": f"{sw.year}-01-01",
        "decision": 2, "measure": "employees",
        "weights": {str(world.partner_a.organisation): 5000,
                    str(world.partner_b.organisation): 1000}})]


def test_a_decision_that_did_not_carry_or_of_another_alliance_is_refused(world, sw):
    for decision in (sw.dw.written, sw.dw.other_decision):
        with pytest.raises(DomainError) as caught:
            services.settlement_model_choose(
                actor=fresh(world.founder), alliance=world.alliance, category="Rent",
                kind=SettlementKind.OWN, starts_on=dt.date(2026, 1, 1), decision=decision)
        assert caught.value.field == "decision"
    assert not SettlementModel.objects.filter(category__name="Rent").exists()


def test_a_second_model_from_the_same_date_is_a_conflict_and_fixed_shares_add_up(world, sw):
    with pytest.raises(Conflict):
        services.settlement_model_choose(
            actor=fresh(world.founder), alliance=world.alliance, category="Joint helpdesk",
            kind=SettlementKind.OWN, starts_on=sw.model.starts_on, decision=sw.dw.closed)
    with pytest.raises(DomainError) as caught:
        services.settlement_model_choose(
            actor=fresh(world.founder), alliance=world.alliance, category="Rent",
            kind=SettlementKind.FIXED, starts_on=dt.date(2026, 1, 1), decision=sw.dw.closed,
            weights={world.partner_a.pk: 5000, world.partner_b.pk: 4000})
    assert caught.value.field == "weights"


def test_only_the_steering_roles_choose_a_model(world, sw):
    since = head(world)
    with pytest.raises(PermissionDenied):
        services.settlement_model_choose(
            actor=fresh(world.professional_a), alliance=world.alliance, category="Rent",
            kind=SettlementKind.OWN, starts_on=dt.date(2026, 1, 1), decision=sw.dw.closed)
    assert head(world) == since
    assert SettlementModel.objects.filter(alliance=world.alliance).count() == 3


def test_a_booking_is_journaled_and_settled_in_its_quarter(world, sw):
    since = head(world)
    booking = services.booking_record(
        actor=fresh(world.professional_a), partner=world.partner_a, category=sw.model.category,
        kind=BookingKind.COST, incurred_on=sw.day, amount_cents=12_345,
        description="Phone bill")
    assert (booking.year, booking.quarter) == (sw.year, sw.quarter)
    assert entries(world, since) == [("CostBooked", {
        "partner": str(world.partner_a.organisation), "category": "Joint helpdesk",
        "kind": "cost", "amount": "123.45", "incurred_on": sw.day.isoformat(),
        "period": f"{sw.year}-Q{sw.quarter}", "corrects": None})]


def test_partner_b_cannot_book_for_partner_a_and_nothing_changes(world, sw):
    since, count = head(world), Booking.objects.count()
    with pytest.raises(PermissionDenied):
        services.booking_record(
            actor=fresh(world.coordinator_b), partner=world.partner_a,
            category=sw.model.category, kind=BookingKind.COST, incurred_on=sw.day,
            amount_cents=100, description="Not ours")
    with pytest.raises(PermissionDenied):
        services.booking_record(
            actor=fresh(world.observer_b), partner=world.partner_b,
            category=sw.model.category, kind=BookingKind.COST, incurred_on=sw.day,
            amount_cents=100, description="Read only")
    assert (head(world), Booking.objects.count()) == (since, count)


def test_corrections_are_new_bookings_and_only_they_may_be_negative(world, sw):
    kwargs = {"partner": world.partner_a, "category": sw.model.category,
              "kind": BookingKind.COST, "incurred_on": sw.day, "description": "Refund"}
    with pytest.raises(DomainError) as caught:
        services.booking_record(actor=fresh(world.founder), amount_cents=-100, **kwargs)
    assert caught.value.field == "amount"
    correction = services.booking_record(actor=fresh(world.founder), amount_cents=-100_00,
                                         corrects=sw.booking_a, **kwargs)
    assert correction.corrects == sw.booking_a
    assert Booking.objects.get(pk=sw.booking_a.pk).amount_cents == 900_00  # never edited
    with pytest.raises(DomainError) as caught:  # partner B's booking is B's to correct
        services.booking_record(actor=fresh(world.founder), amount_cents=-100,
                                corrects=sw.booking_b, **kwargs)
    assert caught.value.field == "corrects"


def test_a_booking_needs_a_model_in_force_a_past_date_and_open_evidence(world, sw):
    kwargs = {"partner": world.partner_a, "category": sw.model.category,
              "kind": BookingKind.COST, "amount_cents": 100, "description": "X"}
    with pytest.raises(DomainError) as caught:
        services.booking_record(actor=fresh(world.founder),
                                incurred_on=sw.model.starts_on - dt.timedelta(days=1), **kwargs)
    assert caught.value.field == "incurred_on"
    with pytest.raises(DomainError) as caught:
        services.booking_record(actor=fresh(world.founder),
                                incurred_on=timezone.localdate() + dt.timedelta(days=1),
                                **kwargs)
    assert caught.value.field == "incurred_on"
    internal = Document.objects.create(alliance=world.alliance, title="Invoice",
                                       visibility="partner", owner_partner=world.partner_a,
                                       created_by=world.founder)
    with pytest.raises(DomainError) as caught:
        services.booking_record(actor=fresh(world.founder), incurred_on=sw.day,
                                document=internal, **kwargs)
    assert caught.value.field == "document"
    internal.visibility = "alliance"
    internal.save()
    booked = services.booking_record(actor=fresh(world.founder), incurred_on=sw.day,
                                     document=internal, **kwargs)
    assert booked.document == internal


def test_the_same_submission_books_once(world, sw):
    kwargs = {"partner": world.partner_a, "category": sw.model.category,
              "kind": BookingKind.COST, "amount_cents": 100, "description": "X",
              "incurred_on": sw.day, "submission": "a" * 32}
    first = services.booking_record(actor=fresh(world.founder), **kwargs)
    since = head(world)
    assert services.booking_record(actor=fresh(world.founder), **kwargs) == first
    assert head(world) == since


def test_the_settlement_of_the_quarter(world, sw):
    period = selectors.settlement_get(user=fresh(world.observer_b), alliance=world.alliance,
                                      year=sw.year, quarter=sw.quarter)
    assert [(r.partner, r.line.share, r.line.paid, r.line.balance) for r in period.rows] == \
        sorted([(world.partner_a, 600_00, 900_00, 300_00),
                (world.partner_b, 600_00, 300_00, -300_00)],
               key=lambda r: str(r[0].organisation))
    assert period.transfers == [(world.partner_b, world.partner_a, 300_00)]
    assert period.settled is False


def confirm(person, partner, sw, fingerprint):
    return services.settlement_confirm(actor=fresh(person), partner=partner, year=sw.year,
                                       quarter=sw.quarter, fingerprint=fingerprint)


def test_both_confirm_and_a_later_booking_invalidates_the_confirmations(world, sw):
    period = selectors.settlement_get(user=world.founder, alliance=world.alliance,
                                      year=sw.year, quarter=sw.quarter)
    since = head(world)
    first = confirm(world.founder, world.partner_a, sw, period.fingerprint)
    assert confirm(world.founder, world.partner_a, sw, period.fingerprint) == first  # once
    confirm(world.coordinator_b, world.partner_b, sw, period.fingerprint)
    label = f"{sw.year}-Q{sw.quarter}"
    assert entries(world, since) == [
        ("SettlementConfirmed", {"period": label, "partner": str(world.partner_a.organisation),
                                 "fingerprint": period.fingerprint, "confirmed": 1,
                                 "partners": 2, "settled": False}),
        ("SettlementConfirmed", {"period": label, "partner": str(world.partner_b.organisation),
                                 "fingerprint": period.fingerprint, "confirmed": 2,
                                 "partners": 2, "settled": True})]
    assert selectors.settlement_get(user=world.founder, alliance=world.alliance, year=sw.year,
                                    quarter=sw.quarter).settled is True
    services.booking_record(actor=fresh(world.coordinator_b), partner=world.partner_b,
                            category=sw.model.category, kind=BookingKind.COST,
                            incurred_on=sw.day, amount_cents=50_00, description="Late invoice")
    after = selectors.settlement_get(user=world.founder, alliance=world.alliance,
                                     year=sw.year, quarter=sw.quarter)
    assert (after.settled, after.stale) == (False, True)
    with pytest.raises(Conflict):
        confirm(world.founder, world.partner_a, sw, period.fingerprint)


def test_partner_b_cannot_confirm_for_a_and_an_open_quarter_is_not_settled(world, sw):
    period = selectors.settlement_get(user=world.founder, alliance=world.alliance,
                                      year=sw.year, quarter=sw.quarter)
    with pytest.raises(PermissionDenied):
        confirm(world.coordinator_b, world.partner_a, sw, period.fingerprint)
    with pytest.raises(PermissionDenied):
        confirm(world.professional_a, world.partner_a, sw, period.fingerprint)
    year, quarter = (timezone.localdate().year, (timezone.localdate().month - 1) // 3 + 1)
    with pytest.raises(DomainError) as caught:
        services.settlement_confirm(actor=fresh(world.founder), partner=world.partner_a,
                                    year=year, quarter=quarter, fingerprint="x")
    assert caught.value.field == "quarter"
    assert Confirmation.objects.count() == 0


def test_another_alliance_books_are_404(world, sw):
    with pytest.raises(Http404):
        selectors.booking_list(user=world.founder, alliance=world.other_alliance)
    assert list(selectors.booking_list(user=world.founder, alliance=world.alliance)) == [
        sw.booking_a, sw.booking_b]




def test_a_partner_that_has_left_cannot_confirm_and_the_others_settle_without_it(world, sw):
    from concordia.alliances import services as alliance_services  # noqa: PLC0415

    period = selectors.settlement_get(user=world.founder, alliance=world.alliance,
                                      year=sw.year, quarter=sw.quarter)
    alliance_services.partner_leave(actor=fresh(world.coordinator_b), partner=world.partner_b)
    since = head(world)
    # Its people have no role left (403); anyone else who names it is told it has left.
    with pytest.raises(PermissionDenied):
        confirm(world.coordinator_b, world.partner_b, sw, period.fingerprint)
    with pytest.raises(Conflict) as caught:
        confirm(world.founder, world.partner_b, sw, period.fingerprint)
    assert (caught.value.code, caught.value.field) == ("partner_left", "partner")
    assert Confirmation.objects.count() == 0
    assert entries(world, since) == []
    # B keeps its line and its balance; the settlement waits only for A.
    after = selectors.settlement_get(user=world.founder, alliance=world.alliance,
                                     year=sw.year, quarter=sw.quarter)
    assert after.fingerprint == period.fingerprint
    assert [(r.partner.pk, r.left) for r in after.rows] == sorted(
        [(world.partner_a.pk, False), (world.partner_b.pk, True)],
        key=lambda x: next(r.partner.organisation.name for r in after.rows
                           if r.partner.pk == x[0]))
    assert after.settled is False
    confirm(world.founder, world.partner_a, sw, period.fingerprint)
    assert entries(world, since)[0][1]["settled"] is True
    assert selectors.settlement_get(user=world.founder, alliance=world.alliance,
                                    year=sw.year, quarter=sw.quarter).settled is True


def test_usage_figures_per_quarter_settle_that_quarter_and_are_journaled(world, sw):
    since = head(world)
    services.booking_record(actor=fresh(world.founder), partner=world.partner_a,
                            category=sw.usage_model.category, kind=BookingKind.COST,
                            incurred_on=sw.day, amount_cents=400_00, description="Gateway")

    def shares():
        period = selectors.settlement_get(user=world.founder, alliance=world.alliance,
                                          year=sw.year, quarter=sw.quarter)
        return {r.partner.pk: r.line.share for r in period.rows}, period.usage_used

    before, used = shares()  # the choice's figures: A 3, B 1 of 400.00 (plus the helpdesk)
    assert used == [("Data exchange", None)]
    services.usage_record(actor=fresh(world.coordinator_b), model=sw.usage_model,
                          year=sw.year, quarter=sw.quarter,
                          figures={world.partner_a.pk: 1, world.partner_b.pk: 3})
    after, used = shares()
    assert used == [("Data exchange", f"{sw.year}-Q{sw.quarter}")]
    assert after[world.partner_a.pk] == before[world.partner_a.pk] - 200_00
    assert after[world.partner_b.pk] == before[world.partner_b.pk] + 200_00
    # Again the same: nothing; other figures replace them, the journal keeps the earlier.
    services.usage_record(actor=fresh(world.founder), model=sw.usage_model, year=sw.year,
                          quarter=sw.quarter,
                          figures={world.partner_a.pk: 1, world.partner_b.pk: 3})
    services.usage_record(actor=fresh(world.founder), model=sw.usage_model, year=sw.year,
                          quarter=sw.quarter, figures={world.partner_b.pk: 7})
    kinds = [(k, p.get("previous")) for k, p in entries(world, since) if k == "UsageRecorded"]
    assert kinds == [("UsageRecorded", None), ("UsageRecorded", {
        str(world.partner_a.organisation): 1, str(world.partner_b.organisation): 3})]
    assert shares()[0][world.partner_a.pk] == before[world.partner_a.pk] - 300_00  # none of it


def test_usage_figures_are_refused_for_other_models_other_people_and_before_the_start(world,
                                                                                     sw):
    figures = {world.partner_a.pk: 1}
    with pytest.raises(PermissionDenied):
        services.usage_record(actor=fresh(world.professional_a), model=sw.usage_model,
                              year=sw.year, quarter=sw.quarter, figures=figures)
    with pytest.raises(DomainError):
        services.usage_record(actor=fresh(world.founder), model=sw.model, year=sw.year,
                              quarter=sw.quarter, figures=figures)
    with pytest.raises(DomainError):
        services.usage_record(actor=fresh(world.founder), model=sw.usage_model,
                              year=sw.usage_model.starts_on.year - 1, quarter=4,
                              figures=figures)
    with pytest.raises(DomainError):
        services.usage_record(actor=fresh(world.founder), model=sw.usage_model, year=sw.year,
                              quarter=sw.quarter, figures={world.partner_a.pk: 0})
    with pytest.raises(PermissionDenied):
        services.usage_record(actor=fresh(world.outsider), model=sw.usage_model,
                              year=sw.year, quarter=sw.quarter, figures=figures)
    assert not sw.usage_model.usage_figures.exists()


def test_usage_figures_with_the_same_shares_leave_the_confirmations_standing(world, sw):
    # docs/decisions/0022: a confirmation is of the shares, not of the figures behind them.
    services.booking_record(actor=fresh(world.founder), partner=world.partner_a,
                            category=sw.usage_model.category, kind=BookingKind.COST,
                            incurred_on=sw.day, amount_cents=400_00, description="Gateway")
    services.usage_record(actor=fresh(world.founder), model=sw.usage_model, year=sw.year,
                          quarter=sw.quarter,
                          figures={world.partner_a.pk: 10, world.partner_b.pk: 30})
    period = selectors.settlement_get(user=world.founder, alliance=world.alliance,
                                      year=sw.year, quarter=sw.quarter)
    confirm(world.founder, world.partner_a, sw, period.fingerprint)
    confirm(world.coordinator_b, world.partner_b, sw, period.fingerprint)
    since = head(world)
    services.usage_record(actor=fresh(world.founder), model=sw.usage_model, year=sw.year,
                          quarter=sw.quarter,
                          figures={world.partner_a.pk: 20, world.partner_b.pk: 60})
    same = selectors.settlement_get(user=world.founder, alliance=world.alliance,
                                    year=sw.year, quarter=sw.quarter)
    assert [k for k, _p in entries(world, since)] == ["UsageRecorded"]  # the books show it
    assert (same.fingerprint, same.settled, same.stale) == (period.fingerprint, True, False)
    services.usage_record(actor=fresh(world.founder), model=sw.usage_model, year=sw.year,
                          quarter=sw.quarter,
                          figures={world.partner_a.pk: 30, world.partner_b.pk: 60})
    moved = selectors.settlement_get(user=world.founder, alliance=world.alliance,
                                     year=sw.year, quarter=sw.quarter)
    assert moved.fingerprint != period.fingerprint
    assert (moved.settled, moved.stale) == (False, True)


def test_a_partner_that_left_before_the_quarter_is_split_no_share_of_it(world, sw):
    """Decision 0022: the model's weights still name B, but B had left before the quarter
    began; A bears the shared costs, and B keeps its line for what it paid."""
    from concordia.alliances import services as alliance_services  # noqa: PLC0415
    from concordia.alliances.models import Partner  # noqa: PLC0415
    from concordia.settlement import rules  # noqa: PLC0415

    alliance_services.partner_leave(actor=fresh(world.coordinator_b), partner=world.partner_b)
    first, _last = rules.quarter_bounds(sw.year, sw.quarter)
    before = timezone.make_aware(dt.datetime.combine(first - dt.timedelta(days=1), dt.time(12)))
    Partner.objects.filter(pk=world.partner_b.pk).update(left_at=before)

    period = selectors.settlement_get(user=world.founder, alliance=world.alliance,
                                      year=sw.year, quarter=sw.quarter)

    assert {r.partner.pk: (r.line.share, r.line.paid) for r in period.rows} == {
        world.partner_a.pk: (1200_00, 900_00), world.partner_b.pk: (0, 300_00)}
    assert period.transfers == [(world.partner_a, world.partner_b, 300_00)]
