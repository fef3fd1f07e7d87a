"""Every read of the alliance's bodies and seats, scoped through the access policy. A fixed
number of queries, whatever the number of bodies, seats and partners."""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from concordia.access import policy
from concordia.accounts.models import Person
from concordia.alliances.choices import Level, PartnerStatus
from concordia.alliances.models import Alliance, Partner

from . import rules
from .models import Body, Seat


def _live_seats() -> QuerySet[Seat]:
    return (Seat.objects.filter(removed_at__isnull=True)
            .select_related("partner__organisation", "holder", "substitute")
            .order_by("partner__organisation__name", "partner_id", "position"))


def body_list(*, user: Any, alliance: Alliance, archived: bool = False) -> QuerySet[Body]:
    """The alliance's bodies (the archived ones instead when asked), each with its live seats
    prefetched."""
    policy.alliance_or_404(user, alliance.pk)
    return (Body.objects.filter(alliance=alliance, archived_at__isnull=not archived)
            .select_related("chair_person", "secretary")
            .prefetch_related(Prefetch("seats", queryset=_live_seats(), to_attr="live_seats"))
            .order_by("name", "pk"))


def body_get(*, user: Any, alliance: Alliance, pk: int) -> Body:
    """One body of the alliance, archived or not, with its live seats; 404 outside it."""
    policy.alliance_or_404(user, alliance.pk)
    found = (Body.objects.filter(alliance=alliance, pk=pk)
             .select_related("alliance", "chair_person", "secretary")
             .prefetch_related(Prefetch("seats", queryset=_live_seats(), to_attr="live_seats"))
             .first())
    if found is None:
        raise Http404
    return found


def seat_list(*, user: Any, body: Body) -> QuerySet[Seat]:
    """A body's live seats, by partner and position."""
    policy.alliance_or_404(user, body.alliance_id)
    return _live_seats().filter(body=body)


def seat_get(*, user: Any, body: Body, pk: int) -> Seat:
    """A live seat of a body the person may see; 404 otherwise."""
    policy.alliance_or_404(user, body.alliance_id)
    seat = _live_seats().select_related("body__alliance").filter(body=body, pk=pk).first()
    if seat is None:
        raise Http404
    return seat


def active_partners(*, user: Any, alliance: Alliance) -> QuerySet[Partner]:
    policy.alliance_or_404(user, alliance.pk)
    return (Partner.objects.filter(alliance=alliance, status=PartnerStatus.ACTIVE)
            .select_related("organisation").order_by("organisation__name", "pk"))


def seat_candidates(*, user: Any, alliance: Alliance) -> dict[int, list[Person]]:
    """Per partner (id), the people who may sit in its seats (one query)."""
    policy.alliance_or_404(user, alliance.pk)
    people: dict[int, dict[int, Person]] = defaultdict(dict)
    for membership in policy.seat_candidates(alliance.pk):
        if membership.partner_id is not None:  # (a seat's roles are always a partner's)
            people[membership.partner_id][membership.person_id] = membership.person
    return {partner: list(found.values()) for partner, found in people.items()}


def servant_candidates(*, user: Any, alliance: Alliance) -> list[Person]:
    """The people who may be a body's fixed chair or its secretary (one query)."""
    policy.alliance_or_404(user, alliance.pk)
    found: dict[int, Person] = {}
    for membership in policy.body_servant_candidates(alliance.pk):
        found.setdefault(membership.person_id, membership.person)
    return list(found.values())


# --- the structure at a glance ----------------------------------------------------------------


@dataclass
class BodyView:
    body: Body
    seats: list[Seat]
    vacancies: list[Seat]
    # partner id -> that partner's seats in this body
    by_partner: dict[int, list[Seat]] = field(default_factory=dict)
    rotation: list[Partner] = field(default_factory=list)


@dataclass
class LevelView:
    level: str
    label: str
    bodies: list[BodyView]


@dataclass
class PartnerRow:
    partner: Partner
    cells: list[list[Seat]]  # one per body, in the order of Structure.bodies


@dataclass
class Structure:
    levels: list[LevelView]
    bodies: list[BodyView]  # by level, then name
    partners: list[Partner]
    rows: list[PartnerRow]
    vacancies: int


def body_view(body: Body, partners: dict[int, Partner]) -> BodyView:
    seats: list[Seat] = list(getattr(body, "live_seats", []))
    facts = {s.pk: rules.SeatFacts(s.pk, s.partner_id, s.holder_id, s.substitute_id)
             for s in seats}
    open_ids = {f.seat_id for f in rules.vacancies(facts.values())}
    by_partner: dict[int, list[Seat]] = defaultdict(list)
    for seat in seats:
        by_partner[seat.partner_id].append(seat)
    rotation = [partners[p] for p in body.rotation if p in partners]
    return BodyView(body, seats, [s for s in seats if s.pk in open_ids], dict(by_partner),
                    rotation)


def structure(*, user: Any, alliance: Alliance) -> Structure:
    """The whole structure of the alliance: its bodies by level (strategic, tactical,
    operational), each partner's seats per body with holder and substitute, and the vacancies.
    Three queries (bodies, seats, partners) besides the access check."""
    partners = list(active_partners(user=user, alliance=alliance))
    by_id = {p.pk: p for p in partners}
    views = [body_view(b, by_id) for b in body_list(user=user, alliance=alliance)]
    order = {level: i for i, level in enumerate(rules.LEVEL_ORDER)}
    views.sort(key=lambda v: (order.get(v.body.level, len(order)), v.body.name.casefold()))
    labels = dict(Level.choices)
    levels = [LevelView(level, str(labels[level]),
                        [v for v in views if v.body.level == level])
              for level in rules.LEVEL_ORDER]
    rows = [PartnerRow(p, [v.by_partner.get(p.pk, []) for v in views]) for p in partners]
    return Structure(levels, views, partners, rows, sum(len(v.vacancies) for v in views))
