"""Every read of the escalation ladder, scoped by the policy: a bottleneck out of a person's
sight is absent from lists and 404 by id. The escalation health counts every bottleneck of the
alliance (figures only: no title, no text)."""

import datetime as dt
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from concordia.access import policy
from concordia.accounts.models import Person
from concordia.actions import selectors as action_selectors
from concordia.actions.models import ActionItem
from concordia.agreements.models import Agreement
from concordia.alliances.choices import PartnerStatus
from concordia.alliances.models import Alliance, Partner
from concordia.decisions.models import Decision
from concordia.meetings.choices import MeetingStatus
from concordia.meetings.models import Meeting

from . import rules
from .choices import BottleneckStatus, Rung
from .models import Bottleneck, BottleneckEvent, LadderSettings, RungStep

# How many of the alliance's meetings, decisions and actions a form offers to link.
OPTIONS_LIMIT = 60


def ladder_of(alliance_id: int) -> LadderSettings:
    """The alliance's ladder settings (unsaved defaults, version 0, until it sets them). For
    services and selectors that have checked access already."""
    return (LadderSettings.objects.filter(alliance_id=alliance_id).first()
            or LadderSettings(alliance_id=alliance_id, version=0))


def _partners() -> Any:
    return Prefetch("partners", queryset=Partner.objects.select_related("organisation")
                    .order_by("organisation__name", "pk"))


def _visible(user: Any, alliance: Alliance) -> QuerySet[Bottleneck]:
    policy.alliance_or_404(user, alliance.pk)
    return Bottleneck.objects.filter(policy.bottlenecks_visible_q(user, alliance.pk))


def bottleneck_list(*, user: Any, alliance: Alliance, rung: str = "",
                    status: str = BottleneckStatus.OPEN, overdue_only: bool = False,
                    today: dt.date | None = None) -> QuerySet[Bottleneck]:
    """The bottlenecks the person sees (open ones unless asked), filtered by rung and overdue;
    the earliest deadline first."""
    bottlenecks = _visible(user, alliance)
    if status:
        bottlenecks = bottlenecks.filter(status=status)
    if rung:
        bottlenecks = bottlenecks.filter(rung=rung)
    if overdue_only:
        bottlenecks = bottlenecks.filter(status=BottleneckStatus.OPEN, awaiting_response=True,
                                         due_on__lt=today or timezone.localdate())
    return (bottlenecks.select_related("owner", "raised_by")
            .prefetch_related(_partners()).order_by("due_on", "pk"))


def bottleneck_get(*, user: Any, alliance: Alliance, pk: int) -> Bottleneck:
    """One bottleneck with its whole trail: the rungs it entered (owner, agenda item) and what
    was recorded on each."""
    bottleneck = (_visible(user, alliance).filter(pk=pk)
                  .select_related("alliance", "owner", "raised_by", "closed_by", "meeting__body",
                                  "decision", "resolution_decision", "resolution_action")
                  .prefetch_related(
                      _partners(),
                      Prefetch("steps", queryset=RungStep.objects.select_related(
                          "owner", "entered_by", "agenda_item__meeting__body", "decision")
                          .order_by("entered_at", "pk")),
                      Prefetch("events", queryset=BottleneckEvent.objects.select_related(
                          "actor").order_by("at", "pk")))
                  .first())
    if bottleneck is None:
        raise Http404
    return bottleneck


def health_get(*, user: Any, alliance: Alliance, now: dt.datetime | None = None
               ) -> rules.Health:
    """The alliance's escalation health over the last twelve months (rules.health): how long
    each rung took, how many bottlenecks were raised, skipped the horizontal attempt, or were
    resolved horizontally. Two queries."""
    policy.alliance_or_404(user, alliance.pk)
    now = now or timezone.now()
    since = now - dt.timedelta(days=rules.HEALTH_DAYS)
    steps = list(RungStep.objects.filter(bottleneck__alliance=alliance, left_at__gte=since)
                 .values_list("rung", "entered_at", "left_at", "outcome"))
    counts = Bottleneck.objects.filter(alliance=alliance, raised_at__gte=since).aggregate(
        raised=Count("pk"), skipped=Count("pk", filter=Q(skipped_horizontal=True)))
    horizontally = sum(1 for rung, _e, _l, outcome in steps
                       if rung == Rung.HORIZONTAL and outcome == "resolved")
    return rules.health(((rung, entered, left) for rung, entered, left, _o in steps),
                        raised=counts["raised"], skipped=counts["skipped"],
                        resolved_horizontally=horizontally, now=now,
                        top_enabled=ladder_get(user=user, alliance=alliance).top_rung_enabled)


def _ladder(user: Any, alliance_id: int) -> LadderSettings:
    policy.alliance_or_404(user, alliance_id)
    cache: dict[int, LadderSettings] = user.__dict__.setdefault("_concordia_ladder", {})
    if alliance_id not in cache:
        cache[alliance_id] = ladder_of(alliance_id)
    return cache[alliance_id]


def ladder_get(*, user: Any, alliance: Alliance) -> LadderSettings:
    """The alliance's ladder settings (defaults, version 0, until it sets them); read once per
    request."""
    return _ladder(user, alliance.pk)


def top_rung_name(*, user: Any, alliance_id: int) -> str:
    """The alliance's own name for its top rung ("" when it has none); read once per
    request."""
    return _ladder(user, alliance_id).top_rung_name


def partner_options(*, user: Any, alliance: Alliance) -> list[Partner]:
    policy.alliance_or_404(user, alliance.pk)
    return list(Partner.objects.filter(alliance=alliance, status=PartnerStatus.ACTIVE)
                .select_related("organisation").order_by("organisation__name", "pk"))


def owner_options(*, user: Any, alliance: Alliance, rung: str) -> list[Person]:
    """The people who may own ``rung`` (policy.rung_owner_candidates), each once."""
    policy.alliance_or_404(user, alliance.pk)
    seen: dict[int, Person] = {}
    for membership in policy.rung_owner_candidates(alliance.pk, rung):
        seen.setdefault(membership.person_id, membership.person)
    return list(seen.values())


def meeting_options(*, user: Any, alliance: Alliance) -> list[Meeting]:
    """Meetings a bottleneck can be about: the alliance's latest and next ones."""
    policy.alliance_or_404(user, alliance.pk)
    now = timezone.now()
    recent = (Meeting.objects.filter(body__alliance=alliance, status=MeetingStatus.PLANNED,
                                     starts_at__lte=now + dt.timedelta(days=92))
              .select_related("body").order_by("-starts_at", "-pk")[:OPTIONS_LIMIT])
    return list(recent)


def decision_options(*, user: Any, alliance: Alliance) -> list[Decision]:
    policy.alliance_or_404(user, alliance.pk)
    return list(Decision.objects.filter(alliance=alliance).select_related("body")
                .order_by("-number")[:OPTIONS_LIMIT])


def action_options(*, user: Any, alliance: Alliance) -> list[ActionItem]:
    """The open actions the person sees, to link as the follow-up of a resolution."""
    return list(action_selectors.action_list(user=user, alliance=alliance)
                .order_by("-created_at", "-pk")[:OPTIONS_LIMIT])


def meeting_get(*, user: Any, alliance: Alliance, pk: int) -> Meeting | None:
    """A meeting of the alliance the person may see, or None (a field error)."""
    meeting = Meeting.objects.select_related("body").filter(pk=pk, body__alliance=alliance).first()
    if meeting is None or not policy.can_in_body(user, "body.view", meeting.body):
        return None
    return meeting


def agreement_options(*, user: Any, alliance: Alliance) -> list[Agreement]:
    """The agreements the person may read, to say a bottleneck is about one."""
    policy.alliance_or_404(user, alliance.pk)
    return list(policy.agreements_visible_to(user, alliance).order_by("title", "pk")
                [:OPTIONS_LIMIT])


def agreement_get(*, user: Any, alliance: Alliance, pk: int) -> Agreement | None:
    policy.alliance_or_404(user, alliance.pk)
    return policy.agreements_visible_to(user, alliance).filter(pk=pk).first()


def readable_agreement(*, user: Any, bottleneck: Bottleneck) -> Agreement | None:
    """The agreement the bottleneck is about, if the person may read it (agreements follow
    their own visibility; someone who sees the bottleneck may not read its agreement)."""
    if bottleneck.agreement_id is None:
        return None
    return agreement_get(user=user, alliance=bottleneck.alliance, pk=bottleneck.agreement_id)


def decision_get(*, user: Any, alliance: Alliance, pk: int) -> Decision | None:
    policy.alliance_or_404(user, alliance.pk)
    return Decision.objects.filter(pk=pk, alliance=alliance).first()


def action_get(*, user: Any, alliance: Alliance, pk: int) -> ActionItem | None:
    try:
        return action_selectors.action_get(user=user, alliance=alliance, pk=pk)
    except Http404:
        return None


def person_get(*, user: Any, alliance: Alliance, pk: int) -> Person | None:
    """A person by id, or None; whether they may own a rung is the service's check."""
    policy.alliance_or_404(user, alliance.pk)
    return Person.objects.filter(pk=pk).first()


def is_overdue(bottleneck: Bottleneck, today: dt.date | None = None) -> bool:
    return rules.is_overdue(bottleneck.status, bottleneck.awaiting_response, bottleneck.due_on,
                            today or timezone.localdate())
