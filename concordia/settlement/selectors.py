"""Every read of cost settlement, scoped by the policy: the books are open, so everyone with a
role in the alliance reads every model, booking and quarter's settlement; another alliance's
are 404."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from concordia.access import policy
from concordia.alliances.models import Alliance, Document, Partner
from concordia.decisions.choices import DecisionStatus, Outcome
from concordia.decisions.models import Decision

from . import computation, rules
from .choices import SettlementKind
from .models import Booking, Confirmation, CostCategory, SettlementModel

OPTIONS_LIMIT = 200


def _books(user: Any, alliance: Alliance) -> None:
    policy.alliance_or_404(user, alliance.pk)
    if not policy.can(user, "alliance.read_books", alliance):
        raise Http404


def model_list(*, user: Any, alliance: Alliance) -> QuerySet[SettlementModel]:
    """Every model choice of the alliance, per category newest start first."""
    _books(user, alliance)
    return computation.model_queryset(alliance.pk)


def category_list(*, user: Any, alliance: Alliance) -> list[CostCategory]:
    _books(user, alliance)
    return list(CostCategory.objects.filter(alliance=alliance).order_by("name", "pk"))


def category_get(*, user: Any, alliance: Alliance, pk: int) -> CostCategory | None:
    _books(user, alliance)
    return CostCategory.objects.filter(alliance=alliance, pk=pk).first()


def booking_list(*, user: Any, alliance: Alliance, year: int | None = None,
                 quarter: int | None = None, partner: int | None = None,
                 category: int | None = None) -> QuerySet[Booking]:
    """The alliance's bookings (of a quarter, a partner, a category when given), by date."""
    _books(user, alliance)
    bookings = Booking.objects.filter(alliance=alliance)
    if year is not None:
        bookings = bookings.filter(year=year)
    if quarter is not None:
        bookings = bookings.filter(quarter=quarter)
    if partner is not None:
        bookings = bookings.filter(partner_id=partner)
    if category is not None:
        bookings = bookings.filter(category_id=category)
    return (bookings.select_related("partner__organisation", "category", "booked_by",
                                    "document", "corrects")
            .order_by("incurred_on", "pk"))


def booking_get(*, user: Any, alliance: Alliance, pk: int) -> Booking:
    booking = booking_list(user=user, alliance=alliance).filter(pk=pk).first()
    if booking is None:
        raise Http404
    return booking


def partner_list(*, user: Any, alliance: Alliance) -> list[Partner]:
    """Every partner that ever took part (a partner that left keeps its bookings)."""
    _books(user, alliance)
    return list(Partner.objects.filter(alliance=alliance, joined_at__isnull=False)
                .select_related("organisation").order_by("organisation__name", "pk"))


def active_partners(*, user: Any, alliance: Alliance) -> list[Partner]:
    _books(user, alliance)
    return list(Partner.objects.filter(alliance=alliance, status="active")
                .select_related("organisation").order_by("organisation__name", "pk"))


def evidence_options(*, user: Any, alliance: Alliance) -> list[Document]:
    """The documents the whole alliance reads, newest first: the evidence a booking may show."""
    _books(user, alliance)
    return list(Document.objects.filter(alliance=alliance,
                                        visibility__in=("alliance", "public"))
                .order_by("-created_at", "-pk")[:OPTIONS_LIMIT])


def periods(*, user: Any, alliance: Alliance) -> list[tuple[int, int]]:
    """The quarters that have bookings, newest first."""
    _books(user, alliance)
    return list(Booking.objects.filter(alliance=alliance).order_by("-year", "-quarter")
                .values_list("year", "quarter").distinct())


@dataclass(frozen=True)
class PartnerRow:
    partner: Partner
    line: rules.Line
    confirmation: Confirmation | None  # of the computation as it stands now
    earlier: Confirmation | None  # of an earlier computation only

    @property
    def left(self) -> bool:
        """The partner has left the alliance: it no longer confirms."""
        return rules.confirm_problem(self.partner.status) is not None


@dataclass(frozen=True)
class PeriodSettlement:
    year: int
    quarter: int
    computed: computation.Computed
    rows: list[PartnerRow]
    transfers: list[tuple[Partner, Partner, int]]
    # Per usage model settling the quarter: its category, the quarter whose usage it used.
    usage_used: list[tuple[str, str | None]] = field(default_factory=list)

    @property
    def label(self) -> str:
        return computation.period_label(self.year, self.quarter)

    @property
    def fingerprint(self) -> str:
        return self.computed.settlement.fingerprint

    @property
    def settled(self) -> bool:
        """Every partner awaited (not one that has left) confirmed this computation."""
        awaited = computation.awaited(self.computed)
        return bool(awaited) and all(r.confirmation is not None for r in self.rows
                                     if r.partner.pk in awaited)

    @property
    def stale(self) -> bool:
        """Whether a partner confirmed an earlier computation that no longer holds."""
        return any(r.earlier is not None and r.confirmation is None for r in self.rows)


def settlement_get(*, user: Any, alliance: Alliance, year: int,
                   quarter: int) -> PeriodSettlement:
    """A quarter's settlement as its bookings stand now, with each partner's confirmation of
    this computation (or only of an earlier one)."""
    _books(user, alliance)
    if quarter not in rules.QUARTERS or not rules.YEAR_MIN <= year <= rules.YEAR_MAX:
        raise Http404
    computed = computation.compute(alliance.pk, year, quarter)
    current: dict[int, Confirmation] = {}
    earlier: dict[int, Confirmation] = {}
    for confirmation in (Confirmation.objects.filter(alliance=alliance, year=year,
                                                     quarter=quarter)
                         .select_related("confirmed_by").order_by("confirmed_at", "pk")):
        if confirmation.fingerprint == computed.settlement.fingerprint:
            current[confirmation.partner_id] = confirmation
        else:
            earlier[confirmation.partner_id] = confirmation
    partners = computed.partners
    lines = sorted(computed.settlement.lines,
                   key=lambda ln: (partners[ln.partner].organisation.name, ln.partner))
    rows = [PartnerRow(partners[ln.partner], ln, current.get(ln.partner),
                       earlier.get(ln.partner)) for ln in lines]
    transfers = [(partners[t.payer], partners[t.payee], t.amount)
                 for t in computed.settlement.transfers]
    return PeriodSettlement(year, quarter, computed, rows, transfers,
                            _usage_used(computed, year, quarter))


def _usage_used(computed: computation.Computed, year: int,
                quarter: int) -> list[tuple[str, str | None]]:
    """For each usage model that settles bookings of the quarter: its category and the quarter
    whose usage figures it used (None: the figures given with the choice)."""
    choices = computation.choices_of(computed.models)
    names = {m.pk: m.category.name for m in computed.models}
    used: dict[int, str | None] = {}
    for booking in computed.bookings:
        choice = rules.in_force(choices, booking.category_id, booking.incurred_on)
        if choice is not None and choice.kind == SettlementKind.USAGE:
            period = rules.usage_period(choice, year, quarter)
            used[choice.key] = computation.period_label(*period) if period else None
    return sorted(((names[k], v) for k, v in used.items()), key=lambda x: x[0])


def usage_model_get(*, user: Any, alliance: Alliance, pk: int) -> SettlementModel:
    """A usage model of the alliance (404 for another alliance's or another kind)."""
    _books(user, alliance)
    model = (SettlementModel.objects.filter(alliance=alliance, pk=pk, kind=SettlementKind.USAGE)
             .select_related("category").first())
    if model is None:
        raise Http404
    return model


def decision_options(*, user: Any, alliance: Alliance) -> list[Decision]:
    """The carried decisions of the alliance the person reads, newest first: what a model
    choice refers to."""
    _books(user, alliance)
    return list(Decision.objects.filter(policy.decisions_readable_q(user, alliance.pk),
                                        alliance=alliance, status=DecisionStatus.CLOSED,
                                        outcome=Outcome.CARRIED)
                .order_by("-number")[:OPTIONS_LIMIT])


def decision_get(*, user: Any, alliance: Alliance, pk: int) -> Decision | None:
    """A decision of the alliance the person reads, or None (a field error)."""
    _books(user, alliance)
    return Decision.objects.filter(policy.decisions_readable_q(user, alliance.pk),
                                   alliance=alliance, pk=pk).first()


def own_bookings(*, user: Any, alliance: Alliance, partner: Partner) -> list[Booking]:
    """The partner's own bookings, newest first: what a correction may refer to."""
    _books(user, alliance)
    return list(Booking.objects.filter(alliance=alliance, partner=partner)
                .order_by("-incurred_on", "-pk")[:OPTIONS_LIMIT])


def booking_options(*, user: Any, alliance: Alliance) -> list[CostCategory]:
    """The categories that have a model (a booking needs one in force on its date)."""
    _books(user, alliance)
    return list(CostCategory.objects.filter(alliance=alliance, models__isnull=False)
                .distinct().order_by("name", "pk"))
