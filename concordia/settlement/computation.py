"""A quarter's settlement computed from the database: the bookings of the period, every model
choice of the alliance and the partners concerned, handed to the pure rules.settle. Read by the
selectors (the pages, the API, the exports) and by the confirmation service alike, in a fixed
number of queries whatever the number of bookings or partners."""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from concordia.alliances.models import Partner

from . import rules
from .models import Booking, ModelWeight, SettlementModel, UsageFigure


@dataclass(frozen=True)
class Computed:
    year: int
    quarter: int
    bookings: list[Booking]
    models: list[SettlementModel]
    partners: dict[int, Partner]
    settlement: rules.Settlement


def usage_of(model: SettlementModel) -> dict[tuple[int, int], dict[int, int]]:
    """The model's usage figures per quarter (prefetched: no query)."""
    usage: dict[tuple[int, int], dict[int, int]] = {}
    for figure in model.usage_figures.all():
        usage.setdefault((figure.year, figure.quarter), {})[figure.partner_id] = figure.usage
    return usage


def choices_of(models: list[SettlementModel]) -> list[rules.Choice]:
    return [rules.Choice(key=m.pk, category=m.category_id, kind=m.kind, starts_on=m.starts_on,
                         weights={w.partner_id: w.weight for w in m.weights.all()},
                         usage=usage_of(m))
            for m in models]


def model_list(alliance_id: int) -> list[SettlementModel]:
    """Every model choice of the alliance with its category, decision, weights and usage
    figures (4 queries)."""
    return list(model_queryset(alliance_id))


def model_queryset(alliance_id: int) -> QuerySet[SettlementModel]:
    return (SettlementModel.objects.filter(alliance_id=alliance_id)
                .select_related("category", "decision")
                .prefetch_related(Prefetch("weights", queryset=ModelWeight.objects
                                           .select_related("partner__organisation")
                                           .order_by("partner__organisation__name",
                                                     "partner_id")),
                                  Prefetch("usage_figures", queryset=UsageFigure.objects
                                           .select_related("partner__organisation")
                                           .order_by("year", "quarter", "partner_id")))
            .order_by("category__name", "-starts_on", "-pk"))


def compute(alliance_id: int, year: int, quarter: int) -> Computed:
    """The settlement of the quarter (year, 1–4) of the alliance as its bookings stand now."""
    bookings = list(Booking.objects.filter(alliance_id=alliance_id, year=year, quarter=quarter)
                    .select_related("partner__organisation", "category", "booked_by",
                                    "document", "corrects")
                    .order_by("incurred_on", "pk"))
    models = model_list(alliance_id)
    choices = choices_of(models)
    entries = [rules.Entry(key=b.pk, partner=b.partner_id, category=b.category_id,
                           incurred_on=b.incurred_on, amount=b.amount_cents) for b in bookings]
    weighted: set[int] = set()
    for entry in entries:
        choice = rules.in_force(choices, entry.category, entry.incurred_on)
        if choice is not None:
            weighted.update(p for p, w in rules.weights_for(choice, year, quarter).items()
                            if w)
    paying = {e.partner for e in entries}
    found = Partner.objects.filter(pk__in=paying | weighted).select_related("organisation")
    left_on = {p.pk: timezone.localdate(p.left_at) for p in found if p.left_at is not None}
    # A partner that had left before the quarter and booked nothing in it has no line.
    still_in = rules.in_quarter(dict.fromkeys(weighted, 1), year, quarter, left_on)
    partners = {p.pk: p for p in found if p.pk in paying or p.pk in still_in}
    # The stable order of the rounding rule: partners by id (the order they joined).
    settlement = rules.settle(entries, choices, sorted(partners), left_on)
    return Computed(year, quarter, bookings, models, partners, settlement)


def period_label(year: int, quarter: int) -> str:
    return f"{year}-Q{quarter}"


def awaited(computed: Computed) -> set[int]:
    """The partners whose confirmation the computed settlement waits for (rules.awaited)."""
    return rules.awaited({pk: p.status for pk, p in computed.partners.items()})
