"""Every read of decisions, scoped by the access policy. Decisions are read by everyone in the
alliance (one out of a confidential agenda item: the body's members only); another alliance's
decision is a 404. A secret ballot's votes are seen by nobody before it closes — each person
sees only the votes of the units they vote for — and what a page or the API reads of votes
costs the same number of queries whatever was voted."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from concordia.access import policy
from concordia.access import rules as access_rules
from concordia.actions.models import ActionItem
from concordia.alliances.choices import PartnerStatus
from concordia.alliances.models import Alliance
from concordia.bodies.choices import VotingUnit
from concordia.bodies.models import Body, Seat
from concordia.meetings.choices import AttendanceStatus
from concordia.meetings.models import Attendance

from . import rules
from .choices import DecisionStatus, Outcome
from .models import Decision, Delegate, Vote


def rule_of(decision: Decision) -> rules.Rule:
    """The rule the decision is counted under (copied from its body when it was put)."""
    return rules.Rule.from_dict(decision.rule)


def weights_of(decision: Decision) -> dict[str, int]:
    """The partners' weights as they stood when the proposal was put."""
    weights = decision.rule.get("weights") or {}
    return {str(k): int(v) for k, v in weights.items()}


# --- voting units -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """A voting unit of a decision: who a vote is for, its weight and how it is named."""

    unit: str
    partner_id: int
    seat_id: int | None
    person_id: int | None
    weight: int
    label: str


def _seat_label(seat: Seat) -> str:
    return f"{seat.partner.organisation.name} {seat.position}"


def eligible_units(decision: Decision) -> list[Unit]:
    """The units that may vote on the decision now: per partner each active partner with a live
    seat in the body (weighted as the rule says); per seat each live seat with a holder; per
    person each person holding a live seat, while their role lets them sit. Two queries."""
    rule = rule_of(decision)
    seats = list(Seat.objects.filter(body_id=decision.body_id, removed_at__isnull=True,
                                     partner__status=PartnerStatus.ACTIVE)
                 .select_related("partner__organisation", "holder")
                 .order_by("partner__organisation__name", "position", "pk"))
    units: dict[str, Unit] = {}
    if rule.voting_unit == VotingUnit.PARTNER:
        weights = weights_of(decision)
        for seat in seats:
            unit = rules.partner_unit(seat.partner_id)
            units.setdefault(unit, Unit(unit, seat.partner_id, None, None,
                                        rules.unit_weight(rule, weights, seat.partner_id),
                                        seat.partner.organisation.name))
    elif rule.voting_unit == VotingUnit.SEAT:
        for seat in seats:
            if seat.holder_id is not None:
                unit = rules.seat_unit(seat.pk)
                units[unit] = Unit(unit, seat.partner_id, seat.pk, None, 1, _seat_label(seat))
    else:
        sitting = set(policy.seat_candidates(decision.alliance_id)
                      .filter(person_id__in=[s.holder_id for s in seats if s.holder_id])
                      .values_list("person_id", "partner_id"))
        for seat in seats:
            if seat.holder is not None and (seat.holder.pk, seat.partner_id) in sitting:
                unit = rules.person_unit(seat.holder.pk)
                units.setdefault(unit, Unit(unit, seat.partner_id, seat.pk, seat.holder.pk, 1,
                                            f"{seat.holder} ({seat.partner.organisation.name})"))
    return list(units.values())


def units_of_person(person: Any, decision: Decision,
                    eligible: Iterable[Unit] | None = None) -> list[Unit]:
    """The eligible units the person may vote for (policy.voting_places)."""
    rule = rule_of(decision)
    by_unit = {u.unit: u for u in (eligible if eligible is not None
                                   else eligible_units(decision))}
    mine: list[Unit] = []
    for partner_id, seat_id in policy.voting_places(person, decision.body, rule.voting_unit):
        if rule.voting_unit == VotingUnit.PARTNER:
            unit = rules.partner_unit(partner_id)
        elif rule.voting_unit == VotingUnit.SEAT and seat_id is not None:
            unit = rules.seat_unit(seat_id)
        else:
            unit = rules.person_unit(person.pk)
        if unit in by_unit and by_unit[unit] not in mine:
            mine.append(by_unit[unit])
    return mine


def present_units(decision: Decision) -> set[str] | None:
    """The units present at the decision's meeting (its attendance), or None when it is not
    taken in a meeting or no attendance was recorded."""
    if decision.meeting_id is None:
        return None
    rows = list(Attendance.objects.filter(meeting_id=decision.meeting_id)
                .values_list("status", "seat_id", "seat__partner_id", "holder_id",
                             "replaced_by_id"))
    if not rows:
        return None
    there = {AttendanceStatus.PRESENT, AttendanceStatus.REPLACED}
    voting_unit = rule_of(decision).voting_unit
    if voting_unit == VotingUnit.PARTNER:
        return {rules.partner_unit(partner) for status, _s, partner, _h, _r in rows
                if status in there}
    if voting_unit == VotingUnit.SEAT:
        return {rules.seat_unit(seat) for status, seat, _p, _h, _r in rows if status in there}
    people = access_rules.present_people((status, holder, replaced)
                                         for status, _s, _p, holder, replaced in rows)
    return {rules.person_unit(person) for person in people}




def _visible(user: Any, alliance: Alliance) -> QuerySet[Decision]:
    policy.alliance_or_404(user, alliance.pk)
    return (Decision.objects.filter(alliance=alliance)
            .filter(policy.decisions_readable_q(user, alliance.pk))
            .select_related("body", "meeting", "agenda_item", "refers_to", "proposed_by",
                            "closed_by"))


def _follow_ups(user: Any, alliance: Alliance) -> Prefetch[Any]:
    members_of = policy.bodies_where_member(user, alliance.pk)
    actions = (ActionItem.objects.filter(Q(agenda_item__isnull=True)
                                         | Q(agenda_item__confidential=False)
                                         | Q(body_id__in=members_of))
               .order_by("pk"))
    return Prefetch("follow_up_actions", queryset=actions)


def register(user: Any, alliance: Alliance, *, q: str = "", body_id: int | None = None,
             outcome: str = "", status: str = "") -> QuerySet[Decision]:
    """The alliance's decisions register: every decision the person reads, newest first, with
    its body, outcome and follow-up actions; searchable by title, proposal or number ("12" or
    "#12"), filtered by body, outcome and status."""
    decisions = _visible(user, alliance).prefetch_related(_follow_ups(user, alliance))
    q = q.strip()
    if q:
        match = Q(title__icontains=q) | Q(proposal__icontains=q)
        number = q.removeprefix("#")
        if number.isdigit() and len(number) < 10:
            match |= Q(number=int(number))
        decisions = decisions.filter(match)
    if body_id is not None:
        decisions = decisions.filter(body_id=body_id)
    if outcome in Outcome.values:
        decisions = decisions.filter(outcome=outcome)
    if status in DecisionStatus.values:
        decisions = decisions.filter(status=status)
    return decisions.order_by("-number")


def decision_or_404(user: Any, alliance_id: int, decision_id: int) -> Decision:
    """One decision the person reads, with its body, meeting, item and follow-up actions."""
    alliance = policy.alliance_or_404(user, alliance_id)
    decision = (_visible(user, alliance).select_related("alliance")
                .prefetch_related(_follow_ups(user, alliance)).filter(pk=decision_id).first())
    if decision is None:
        raise Http404
    return decision


@dataclass(frozen=True)
class UnitVote:
    """A unit the person may vote for, and its current vote (None: not yet voted)."""

    unit: Unit
    vote: Vote | None


def units_for(user: Any, decision: Decision,
              eligible: Iterable[Unit] | None = None) -> list[UnitVote]:
    """The units the person may vote for on the decision (whether or not it is still open),
    each with its current vote — the person's own partner's vote, which they see even in a
    secret ballot. ``eligible``: the decision's eligible units, when the caller has them."""
    mine = units_of_person(user, decision, eligible)
    if not mine:
        return []
    votes = {v.unit: v for v in Vote.objects.filter(decision=decision, current=True,
                                                    unit__in=[u.unit for u in mine])
             .select_related("cast_by")}
    return [UnitVote(u, votes.get(u.unit)) for u in mine]


def visible_votes(user: Any, decision: Decision,
                  mine: Iterable[UnitVote] | None = None) -> list[Vote]:
    """The current votes the person sees, by unit: all of them once the decision is closed or
    when the ballot is open; of a secret ballot still open, only those of the units they vote
    for (``mine``: units_for, when the caller has it). One query for the votes, whatever they
    are."""
    votes = (Vote.objects.filter(decision=decision, current=True)
             .select_related("partner__organisation", "cast_by").order_by("unit", "pk"))
    if policy.can_see_votes(user, decision, own_unit=False):
        return list(votes)
    if not policy.can_see_votes(user, decision, own_unit=True):
        return []
    own = ([row.unit.unit for row in mine] if mine is not None
           else [u.unit for u in units_of_person(user, decision)])
    return list(votes.filter(unit__in=own))


def voted_units(decision: Decision) -> set[str]:
    """The units with a current vote — who has voted, never how (a secret ballot shows this
    too: "waiting for …")."""
    return set(Vote.objects.filter(decision=decision, current=True)
               .values_list("unit", flat=True))


def unit_names(decision: Decision) -> dict[str, str]:
    """How each unit of the decision is named: its eligible units, and (for a closed decision)
    the names the journal recorded at closing for units that have gone since."""
    names = {u.unit: u.label for u in eligible_units(decision)}
    if decision.tally:
        names.update(decision.tally.get("labels", {}))
    return names


def delegates_of(body: Body) -> QuerySet[Delegate]:
    """The body's live delegates, by partner."""
    return (Delegate.objects.filter(body=body, removed_at__isnull=True)
            .select_related("partner__organisation", "person", "named_by")
            .order_by("partner__organisation__name", "person__full_name", "pk"))


def delegate_or_404(user: Any, body: Body, delegate_id: int) -> Delegate:
    policy.alliance_or_404(user, body.alliance_id)
    delegate = (Delegate.objects.filter(body=body, pk=delegate_id)
                .select_related("body__alliance", "partner__organisation", "person").first())
    if delegate is None:
        raise Http404
    return delegate


def vote_counts(decision: Decision) -> dict[str, int]:
    """How many votes were cast in all (current and replaced): a number that says nothing of
    what was voted."""
    row = Vote.objects.filter(decision=decision).aggregate(
        cast=Count("pk"), current=Count("pk", filter=Q(current=True)))
    return {"cast": row["cast"], "current": row["current"]}
