"""Every read of the form advisor, scoped by the person through the access policy."""

from collections import defaultdict
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from concordia.access import policy
from concordia.access import rules as access_rules
from concordia.alliances.models import Alliance, Membership
from concordia.organisations.models import Organisation

from .models import SavedAdvice


def own_organisation_get(*, user: Any, pk: int) -> Organisation:
    """The person's own organisation; any other is out of reach for saved advice (404)."""
    if policy.own_organisation_for(user, "organisation.keep_advice") != pk:
        raise Http404
    return Organisation.objects.get(pk=pk)


def advice_list(*, user: Any, alliance: Alliance | None = None,
                organisation: Organisation | None = None) -> QuerySet[SavedAdvice]:
    """Advice saved with an alliance (for anyone with a live role there) or with the person's
    own organisation, newest first."""
    if alliance is not None and organisation is None:
        policy.alliance_or_404(user, alliance.pk)
        scoped = SavedAdvice.objects.filter(alliance=alliance)
    elif organisation is not None and alliance is None:
        own_organisation_get(user=user, pk=organisation.pk)
        scoped = SavedAdvice.objects.filter(organisation=organisation)
    else:
        raise ValueError("advice_list needs exactly one of alliance and organisation")
    return scoped.select_related("saved_by").order_by("-created_at", "-pk")


def advice_get(*, user: Any, pk: int, alliance: Alliance | None = None,
               organisation: Organisation | None = None) -> SavedAdvice:
    return advice_list(user=user, alliance=alliance, organisation=organisation).get(pk=pk)


def advice_destinations(*, user: Any) -> list[Alliance]:
    """The alliances where the person may save advice (a live role that may write), by name.

    One query for all of them; the same rule as ``policy.can(user, "alliance.write", ...)``.
    """
    if not (user.is_authenticated and user.is_active):
        return []
    roles: dict[int, set[str]] = defaultdict(set)
    alliances: dict[int, Alliance] = {}
    for membership in (Membership.objects.filter(policy.live_membership_q(), person=user)
                       .select_related("alliance")):
        roles[membership.alliance_id].add(membership.role)
        alliances[membership.alliance_id] = membership.alliance
    writable = [alliances[pk] for pk, held in roles.items()
                if access_rules.may_write_records(held)]
    return sorted(writable, key=lambda a: (a.name, a.pk))
