"""Every read of the scorecard, scoped by the policy (everyone with a role reads it): the live
indicators with their targets and current values, one indicator with every version of every
value, and the indicators the person may enter values for."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from concordia.access import policy
from concordia.accounts.models import Person
from concordia.alliances.choices import PartnerStatus
from concordia.alliances.models import Alliance, Membership, Partner

from . import rules
from .models import Indicator, Measurement, Target


def _current() -> Prefetch[Any]:
    return Prefetch("measurements", queryset=Measurement.objects.filter(current=True)
                    .order_by("period"), to_attr="current_values")


def _targets() -> Prefetch[Any]:
    return Prefetch("targets", queryset=Target.objects.order_by("from_period"),
                    to_attr="target_list")


def _indicators(user: Any, alliance: Alliance) -> QuerySet[Indicator]:
    policy.alliance_or_404(user, alliance.pk)
    return (Indicator.objects.filter(alliance=alliance)
            .select_related("owner_partner__organisation", "owner_person")
            .prefetch_related(_targets(), _current()).order_by("pk"))


def indicator_list(*, user: Any, alliance: Alliance,
                   retired: bool = False) -> QuerySet[Indicator]:
    """The alliance's live indicators (or, with ``retired``, the retired ones) in the order
    they were defined, each with its targets and current values (``target_list``,
    ``current_values``, in period order)."""
    return _indicators(user, alliance).filter(retired_at__isnull=not retired)


def indicator_get(*, user: Any, alliance: Alliance, pk: int) -> Indicator:
    """One indicator of the alliance, live or retired, also with every version of its values
    (``history``: newest period first, newest version first, with who entered each)."""
    indicator = (_indicators(user, alliance).filter(pk=pk)
                 .prefetch_related(Prefetch(
                     "measurements", queryset=Measurement.objects.select_related("entered_by")
                     .order_by("-period", "-version"), to_attr="history")).first())
    if indicator is None:
        raise Http404
    return indicator


def enterable(*, user: Any, alliance: Alliance) -> QuerySet[Indicator]:
    """The live indicators the person may enter values for: those of their own partner, when
    their roles write (none otherwise)."""
    policy.alliance_or_404(user, alliance.pk)
    partner = policy.measuring_partner(user, alliance.pk)
    if partner is None:
        return Indicator.objects.none()
    return (Indicator.objects.filter(alliance=alliance, owner_partner=partner,
                                     retired_at__isnull=True).order_by("pk"))


def may_enter(user: Any, indicator: Indicator) -> bool:
    return policy.can(user, "partner.enter_measurement", indicator.owner_partner)


def owner_options(*, user: Any, alliance: Alliance) -> tuple[list[Partner], list[Person]]:
    """Who may own an indicator: the active partners, and the people with a live role (each
    belongs to one partner; the service checks the pair)."""
    policy.alliance_or_404(user, alliance.pk)
    partners = list(Partner.objects.filter(alliance=alliance, status=PartnerStatus.ACTIVE)
                    .select_related("organisation").order_by("organisation__name"))
    # (not an outside reviewer: their role is held for no partner)
    people_ids = Membership.objects.filter(policy.live_membership_q(), alliance=alliance,
                                           partner__isnull=False).values("person_id")
    people = list(Person.objects.filter(pk__in=people_ids).order_by("full_name", "pk"))
    return partners, people


@dataclass(frozen=True)
class Point:
    """One period of an indicator: its current value, the target in force and the status."""

    period: str
    value: Decimal
    target: Decimal | None
    status: rules.Status


@dataclass(frozen=True)
class Standing:
    """Where an indicator stands: its periods in order, the latest one, the trend."""

    points: list[Point]
    latest: Point | None
    trend: rules.Trend


def standing(indicator: Indicator) -> Standing:
    """The indicator's standing from its prefetched targets and current values (no query)."""
    targets = [(t.from_period, t.value) for t in targets_of(indicator)]
    points = []
    for m in getattr(indicator, "current_values", []):
        target = rules.target_for(m.period, targets)
        points.append(Point(m.period, m.value, target,
                            rules.status(m.value, target, indicator.direction,
                                         indicator.tolerance)))
    return Standing(points, points[-1] if points else None,
                    rules.trend([p.value for p in points], indicator.direction))


def current_target(indicator: Indicator) -> Decimal | None:
    """The latest target set (for the newest periods)."""
    targets = targets_of(indicator)
    return targets[-1].value if targets else None


def history_of(indicator: Indicator) -> list[Measurement]:
    """Every version of every value of an indicator from ``indicator_get`` (no query)."""
    return list(getattr(indicator, "history", []))


def targets_of(indicator: Indicator) -> list[Target]:
    """The indicator's targets in period order, prefetched (no query)."""
    return list(getattr(indicator, "target_list", []))
