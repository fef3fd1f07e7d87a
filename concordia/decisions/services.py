"""Every write on decisions: put a proposal to a body (in a meeting or in a written procedure),
cast a vote for a voting unit, close the vote and record the outcome with its tally, withdraw a
proposal, name a partner's delegates and link follow-up actions.

Each write takes the alliance lock first, then checks the policy, validates, writes and
journals in the same transaction. A partner's vote is counted once however many of its members
vote at the same time: writers in one alliance take turns at the alliance lock (PostgreSQL;
SQLite serialises every writer), the earlier current vote of the unit is marked superseded
before the new one is inserted, and a database constraint keeps one current vote per unit
whatever happens. A secret ballot's choices stay out of the journal until it closes.
"""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from concordia.access import policy
from concordia.accounts.models import Person
from concordia.actions.models import ActionItem
from concordia.alliances.locks import alliance_lock
from concordia.alliances.models import Partner
from concordia.bodies import services as body_services
from concordia.bodies.choices import VotingUnit
from concordia.bodies.models import Body, Seat
from concordia.core.db import conflict_on_duplicate
from concordia.core.errors import Conflict, DomainError
from concordia.handbook.catalogue import Block
from concordia.journal.services import journal_append
from concordia.meetings.choices import ItemKind, ItemStatus, MeetingStatus
from concordia.meetings.models import AgendaItem
from concordia.meetings.services import body_member_people
from concordia.notifications.choices import NotificationKind
from concordia.notifications.services import notify

from . import rules
from .choices import Choice, DecisionStatus, Outcome, Procedure
from .models import Decision, Delegate, Vote
from .selectors import Unit, eligible_units, present_units, rule_of, units_of_person

TITLE_MAX = 200
PROPOSAL_MAX = 8000
REASON_MAX = 4000

BALLOT_MESSAGES = {
    "unknown_choice": gettext_lazy("Choose for, against, abstain or (where the rule allows) "
                                   "objection."),
    "required": gettext_lazy("Choose how the partner votes."),
    "objection_not_allowed": gettext_lazy("This body's rule has no objections: vote for, "
                                          "against or abstain."),
    "reason_required": gettext_lazy("An objection needs its reason."),
    "split_not_allowed": gettext_lazy("Only a partner that weighs more than one may split its "
                                      "vote."),
    "invalid_share": gettext_lazy("Each share is a whole number, none below zero."),
    "shares_not_weight": gettext_lazy("The shares must add up to the partner's weight."),
}


# --- shared helpers ---------------------------------------------------------------------------


def decision_url(decision: Decision) -> str:
    """Where the decision is seen (the decision's page)."""
    return reverse("decision_detail", kwargs={"pk": decision.alliance_id,
                                              "decision_pk": decision.pk})


def _when(value: dt.datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value is not None else ""


def _confidential(decision: Decision) -> bool:
    return decision.agenda_item is not None and decision.agenda_item.confidential


def _payload(decision: Decision, **extra: Any) -> dict[str, Any]:
    # The journal is read by the whole alliance: a proposal out of a confidential agenda item
    # is named by its number only, like the item itself.
    title = "" if _confidential(decision) else decision.title
    return {"number": decision.number, "title": title, "body": decision.body.name,
            "body_id": decision.body_id, **extra}


def _text(value: str, limit: int, field: str, *, required: bool = False) -> str:
    value = value.strip()
    if required and not value:
        raise DomainError(_("This field is required."), field=field)
    if len(value) > limit:
        raise DomainError(_("Keep it under %(n)d characters.") % {"n": limit}, field=field)
    return value


def _locked(decision: Decision) -> Decision:
    return (Decision.objects.select_for_update(of=("self",), no_key=True)
            .select_related("alliance", "body", "meeting", "agenda_item")
            .get(pk=decision.pk))


def _require_open(decision: Decision) -> None:
    if decision.status == DecisionStatus.CLOSED:
        raise Conflict(_("This decision is closed: it can no longer be changed."),
                       code="closed")
    if decision.status == DecisionStatus.WITHDRAWN:
        raise Conflict(_("This proposal was withdrawn."), code="withdrawn")


def _require_version(decision: Decision, expected_version: int | None) -> None:
    if expected_version is not None and decision.version != expected_version:
        raise Conflict(_("Someone else changed this decision in the meantime. Reload and try "
                         "again."), code="stale")


def _require_reader(actor: Person, decision: Decision) -> None:
    if not policy.can_read_decision(actor, decision):
        raise PermissionDenied


# --- proposing --------------------------------------------------------------------------------


def _check_agenda_item(actor: Person, body: Body, item: AgendaItem | None) -> AgendaItem:
    if (item is None or item.meeting.body_id != body.pk or item.kind != ItemKind.DECISION
            or item.status != ItemStatus.ON_AGENDA
            or item.meeting.status != MeetingStatus.PLANNED
            or (item.confidential and not policy.can_in_body(actor, "body.read_confidential",
                                                            body))):
        raise DomainError(_("Choose a decision item on the agenda of one of this body's "
                            "meetings."), field="agenda_item")
    return item


def _check_refers_to(decision: Decision | None, body: Body) -> None:
    if decision is not None and (decision.alliance_id != body.alliance_id
                                 or decision.status != DecisionStatus.CLOSED):
        raise DomainError(_("A new proposal can only refer to a closed decision of this "
                            "alliance."), field="refers_to")


def _check_rule_change(body: Body,
                       rule_change: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The whole rule a proposal to change the body's decision rule asks for, checked; None
    for an ordinary proposal. Asking for the rule the body has now is refused."""
    if rule_change is None:
        return None
    asked = body_services.checked_decision_rule(body, rule_change)
    if asked == body_services.checked_decision_rule(body, {}):
        raise DomainError(_("This is the decision rule the body has now: change something."),
                          field="decision_rule", code="rule_unchanged")
    return asked


@transaction.atomic
def decision_propose(*, actor: Person, body: Body, title: str, proposal: str, procedure: str,
                     deadline: dt.datetime | None = None,
                     agenda_item: AgendaItem | None = None, secret: bool | None = None,
                     refers_to: Decision | None = None, block: str = "",
                     rule_change: Mapping[str, Any] | None = None) -> Decision:
    """Put a proposal to a body, by its organisers or the steering roles: in a meeting (from a
    decision item on the agenda of one of the body's meetings) or in a written procedure with a
    deadline ahead. It is counted under the body's rule as it stands now (copied, with the
    body's version). A closed decision is reopened only by a new proposal that refers to it.
    Those who may vote are told. Journaled as DecisionProposed.

    ``rule_change`` proposes a new decision rule for the body itself (the fields of
    bodies.services.DECISION_RULE_FIELDS; one left out keeps the body's): checked now, and
    adopted when the decision carries (docs/decisions/0013)."""
    alliance = body.alliance
    alliance_lock(alliance.pk, actor=actor)
    if not policy.can_in_body(actor, "body.view", body):
        raise PermissionDenied
    if not policy.can_propose_decision(actor, body):
        raise PermissionDenied
    if body.archived_at is not None:
        raise DomainError(_("This body is archived: it takes no more decisions."),
                          field="body")
    title = _text(title, TITLE_MAX, "title", required=True)
    proposal = _text(proposal, PROPOSAL_MAX, "proposal", required=True)
    if procedure not in Procedure.values:
        raise DomainError(_("Choose a meeting or a written procedure."), field="procedure")
    if block and block not in {b.value for b in Block}:
        raise DomainError(_("Unknown building block."), field="block")
    now = timezone.now()
    if deadline is not None:
        if timezone.is_naive(deadline):
            raise DomainError(_("Give the time with its time zone."), field="deadline")
        deadline = deadline.replace(microsecond=0)
        if deadline <= now:
            raise DomainError(_("The deadline must lie ahead."), field="deadline")
    meeting = None
    if procedure == Procedure.MEETING:
        agenda_item = _check_agenda_item(actor, body, agenda_item)
        meeting = agenda_item.meeting
    else:
        if agenda_item is not None:
            raise DomainError(_("A written procedure is not taken from an agenda item."),
                              field="agenda_item")
        if deadline is None:
            raise DomainError(_("A written procedure needs a deadline."), field="deadline")
    _check_refers_to(refers_to, body)
    new_rule = _check_rule_change(body, rule_change)
    if Decision.objects.filter(body=body, title=title, status=DecisionStatus.OPEN).exists():
        raise Conflict(_("This proposal is already open for votes."), field="title",
                       code="duplicate")
    number = (Decision.objects.filter(alliance=alliance).aggregate(n=Max("number"))["n"]
              or 0) + 1
    rule = {**rules.rule_of(body).as_dict(),
            "weights": {str(k): int(v) for k, v in dict(body.weights or {}).items()}}
    decision = Decision(
        alliance=alliance, body=body, number=number, title=title, proposal=proposal,
        procedure=procedure, meeting=meeting, agenda_item=agenda_item, deadline=deadline,
        secret=body.secret_ballot if secret is None else secret, refers_to=refers_to,
        block=block, rule=rule, rule_version=body.version, rule_change=new_rule,
        proposed_by=actor)
    with conflict_on_duplicate(_("Another proposal was put at the same moment. Try again."),
                               code="try_again"):
        decision.save()
    journal_append(alliance=alliance, actor=actor, kind="DecisionProposed", subject=decision,
                   payload=_payload(decision, procedure=procedure,
                                    deadline=deadline.isoformat() if deadline else None,
                                    meeting_id=decision.meeting_id, secret=decision.secret,
                                    rule=decision.rule, rule_version=decision.rule_version,
                                    refers_to=refers_to.number if refers_to else None,
                                    rule_change=new_rule))
    until = deadline or (meeting.starts_at if meeting is not None else None)
    notify(people=policy.body_voters(body, rule["voting_unit"]), alliance=alliance,
           kind=NotificationKind.VOTE_WAITING, key=f"decision:{decision.pk}:vote",
           params={"decision": f"#{decision.number} {decision.title}", "deadline": _when(until)},
           url=decision_url(decision))
    return decision


# --- voting -----------------------------------------------------------------------------------


def _ballot_error(problem: tuple[str, str]) -> DomainError:
    field, code = problem
    message = BALLOT_MESSAGES.get(code, gettext_lazy("This vote cannot be cast."))
    return DomainError(str(message), field=field, code=code)


def _too_late() -> Conflict:
    return Conflict(_("The deadline has passed: no more votes are taken."), code="deadline")


def _choose_unit(mine: list[Unit], seat: Seat | None) -> Unit:
    if seat is not None:
        chosen = [u for u in mine if u.seat_id == seat.pk
                  or (u.seat_id is None and u.partner_id == seat.partner_id)]
        if not chosen:
            raise DomainError(_("You do not vote from this seat."), field="seat")
        return chosen[0]
    if len({u.unit for u in mine}) > 1:
        raise DomainError(_("You vote for more than one seat: choose the seat you vote for."),
                          field="seat")
    return mine[0]


def _shares(rule: rules.Rule, unit: Unit, choice: str, shares: Mapping[str, int] | None,
            reason: str) -> dict[str, int]:
    if choice and shares:
        raise DomainError(_("Give either a choice or shares, not both."), field="shares")
    if choice and choice not in Choice.values:
        raise _ballot_error(rules.Problem.UNKNOWN_CHOICE)
    given = dict(shares) if shares else (rules.plain_shares(choice, unit.weight) if choice
                                         else {})
    problem = rules.ballot_problem(rule, weight=unit.weight, shares=given, reason=reason)
    if problem is not None:
        raise _ballot_error(problem)
    return {k: v for k, v in given.items() if v > 0}


def _require_voter(actor: Person, decision: Decision) -> list[Unit]:
    """The units the person may vote for; refused when they may not read the decision or vote
    for none of its units."""
    _require_reader(actor, decision)
    mine = units_of_person(actor, decision)
    if not mine:
        raise PermissionDenied
    return mine


@transaction.atomic
def vote_cast(*, actor: Person, decision: Decision, choice: str = "",
              shares: Mapping[str, int] | None = None, reason: str = "",
              seat: Seat | None = None) -> Vote:
    """Cast (or change) the vote of a unit the person may vote for: their partner (as seat
    holder, substitute or delegate), their seat (``seat`` when they have several) or
    themselves, by the decision's rule. ``choice`` for a plain vote, or ``shares`` to split a
    partner's weight. The unit's latest vote before the deadline stands; nothing is taken after
    it or once the decision is closed (409). Someone who may not vote for any unit is refused
    (403; 404 for who may not read it) before the decision's state is said: access before
    state. Journaled as VoteCast — for a secret ballot without the choice and the reason."""
    if decision.deadline is not None and timezone.now() > decision.deadline:
        # A deadline never moves: a late ballot is refused without waiting for the alliance's
        # writers (it is checked again under the lock) — but only to someone who may vote.
        _require_voter(actor, decision)
        raise _too_late()
    alliance_lock(decision.alliance_id, actor=actor)
    decision = _locked(decision)
    mine = _require_voter(actor, decision)
    _require_open(decision)
    now = timezone.now()
    if decision.deadline is not None and now > decision.deadline:
        raise _too_late()
    rule = rule_of(decision)
    unit = _choose_unit(mine, seat)
    reason = _text(reason, REASON_MAX, "reason")
    given = _shares(rule, unit, choice, shares, reason)
    plain = len(given) == 1 and next(iter(given.values())) == unit.weight
    replaced = Vote.objects.filter(decision=decision, unit=unit.unit, current=True).update(
        current=False)
    vote = Vote(decision=decision, unit=unit.unit, partner_id=unit.partner_id, cast_by=actor,
                choice=next(iter(given)) if plain else "", shares={} if plain else given,
                reason=reason, cast_at=now, current=True)
    with conflict_on_duplicate(_("Someone else voted for this unit at the same moment. Try "
                                 "again."), code="try_again"):
        vote.save()
    payload = _payload(decision, unit=unit.unit, unit_name=unit.label, replaced=bool(replaced))
    if not decision.secret:
        payload.update(choice=vote.choice, shares=vote.shares, reason=vote.reason)
    journal_append(alliance=decision.alliance, actor=actor, kind="VoteCast", subject=decision,
                   payload=payload)
    return vote


# --- closing ----------------------------------------------------------------------------------


def _ballots(decision: Decision, units: Mapping[str, Unit]) -> list[rules.Ballot]:
    ballots = []
    for vote in Vote.objects.filter(decision=decision).order_by("pk"):
        weight = units[vote.unit].weight if vote.unit in units else 1
        shares = dict(vote.shares) if vote.shares else rules.plain_shares(vote.choice, weight)
        ballots.append(rules.Ballot(unit=vote.unit, shares=shares, cast_at=vote.cast_at,
                                    seq=vote.pk, reason=vote.reason))
    return ballots


def _vote_rows(decision: Decision, units: Mapping[str, Unit]) -> list[dict[str, Any]]:
    """The standing votes as the journal records them: per unit, its name, how it voted and
    why."""
    names = {u.unit: u.label for u in units.values()}
    rows = []
    for vote in (Vote.objects.filter(decision=decision, current=True)
                 .select_related("partner__organisation", "cast_by").order_by("unit")):
        rows.append({"unit": vote.unit,
                     "name": names.get(vote.unit) or (vote.partner.organisation.name
                                                      if vote.partner else vote.unit),
                     "partner": vote.partner.organisation.name if vote.partner else "",
                     "choice": vote.choice, "shares": vote.shares, "reason": vote.reason,
                     "cast_by": str(vote.cast_by),
                     "cast_at": vote.cast_at.isoformat(),
                     "counted": decision.deadline is None or vote.cast_at <= decision.deadline})
    return rows


def _close(decision: Decision, *, actor: Person | None, now: dt.datetime) -> Decision:
    """Count and record the outcome (under the alliance lock, the decision locked)."""
    units = {u.unit: u for u in eligible_units(decision)}
    result = rules.tally(rule_of(decision), {u: units[u].weight for u in units},
                         _ballots(decision, units), deadline=decision.deadline,
                         present=present_units(decision))
    decision.status = DecisionStatus.CLOSED
    decision.outcome = result.outcome
    # The units' names as they stood at closing, beside the count (Tally.from_dict ignores
    # them): the record reads the same after a seat or a partner has gone.
    decision.tally = {**result.as_dict(), "labels": {u.unit: u.label for u in units.values()}}
    decision.closed_at = now
    decision.closed_by = actor
    decision.version += 1
    decision.save(update_fields=["status", "outcome", "tally", "closed_at", "closed_by",
                                 "version"])
    journal_append(alliance=decision.alliance, actor=actor, kind="DecisionTaken",
                   subject=decision,
                   payload=_payload(decision, outcome=result.outcome, because=result.because,
                                    rule=decision.rule, rule_version=decision.rule_version,
                                    secret=decision.secret, tally=decision.tally,
                                    votes=_vote_rows(decision, units)))
    if result.outcome == Outcome.CARRIED and decision.rule_change is not None:
        body_services.decision_rule_adopt(actor=actor, body=decision.body,
                                          rule=decision.rule_change,
                                          decision_number=decision.number)
    notify(people=body_member_people(decision.body), alliance=decision.alliance,
           kind=NotificationKind.DECISION_TAKEN, key=f"decision:{decision.pk}:taken",
           params={"decision": f"#{decision.number} {decision.title}",
                   "outcome": result.outcome},
           url=decision_url(decision))
    return decision


def all_voted(decision: Decision) -> bool:
    """Whether every eligible unit has a current vote."""
    units = {u.unit for u in eligible_units(decision)}
    voted = set(Vote.objects.filter(decision=decision, current=True, unit__in=units)
                .values_list("unit", flat=True))
    return bool(units) and voted == units


@transaction.atomic
def decision_close(*, actor: Person, decision: Decision,
                   expected_version: int | None = None) -> Decision:
    """Close the vote and record the outcome (the body's organisers): a written procedure at or
    after its deadline — earlier only once every eligible unit has voted; a meeting's decision
    once its meeting has begun. The outcome is counted by the decision's rule over the units
    eligible now (the units present at the meeting for a quorum of those present), stored with
    the tally and journaled as DecisionTaken; the body's members are told."""
    alliance_lock(decision.alliance_id, actor=actor)
    decision = _locked(decision)
    _require_reader(actor, decision)
    if not policy.can_close_decision(actor, decision):
        raise PermissionDenied
    _require_open(decision)
    _require_version(decision, expected_version)
    now = timezone.now()
    if decision.procedure == Procedure.WRITTEN:
        if decision.deadline is not None and now < decision.deadline and not all_voted(decision):
            raise Conflict(_("A written procedure closes at its deadline, or earlier once "
                             "every partner has voted."), code="too_early")
    elif decision.meeting is not None and now < decision.meeting.starts_at:
        raise Conflict(_("A meeting's decision is closed once the meeting has begun."),
                       code="too_early")
    return _close(decision, actor=actor, now=now)


def decisions_close_due(now: dt.datetime | None = None) -> int:
    """Close every written procedure whose deadline has passed (run by the task queue or the
    ``decisions_close_due`` command; running it twice closes nothing twice). Without a person:
    journaled as the system. Alliance by alliance, each decision in its own transaction.
    Returns how many were closed."""
    now = now or timezone.now()
    closed = 0
    due = list(Decision.objects.filter(status=DecisionStatus.OPEN,
                                       procedure=Procedure.WRITTEN, deadline__lte=now)
               .order_by("alliance_id", "pk").values_list("alliance_id", "pk"))
    for alliance_id, pk in due:
        with transaction.atomic():
            alliance_lock(alliance_id)
            decision = _locked(Decision(pk=pk))
            if (decision.status != DecisionStatus.OPEN or decision.deadline is None
                    or decision.deadline > now):
                continue
            _close(decision, actor=None, now=now)
            closed += 1
    return closed


@transaction.atomic
def decision_withdraw(*, actor: Person, decision: Decision,
                      expected_version: int | None) -> Decision:
    """Withdraw an open proposal (whoever put it, or the body's organisers): no votes are taken
    any more and no outcome is recorded. Journaled as DecisionWithdrawn."""
    alliance_lock(decision.alliance_id, actor=actor)
    decision = _locked(decision)
    _require_reader(actor, decision)
    if not policy.can_withdraw_decision(actor, decision):
        raise PermissionDenied
    _require_open(decision)
    _require_version(decision, expected_version)
    decision.status = DecisionStatus.WITHDRAWN
    decision.closed_at = timezone.now()
    decision.closed_by = actor
    decision.version += 1
    decision.save(update_fields=["status", "closed_at", "closed_by", "version"])
    journal_append(alliance=decision.alliance, actor=actor, kind="DecisionWithdrawn",
                   subject=decision, payload=_payload(decision))
    return decision


# --- delegates --------------------------------------------------------------------------------


def _delegate_payload(delegate: Delegate) -> dict[str, Any]:
    return {"body": delegate.body.name, "body_id": delegate.body_id,
            "partner": delegate.partner.organisation.name, "partner_id": delegate.partner_id,
            "person": str(delegate.person), "person_id": delegate.person_id}


@transaction.atomic
def delegate_name(*, actor: Person, body: Body, partner: Partner, person: Person) -> Delegate:
    """Name a person who may cast the partner's vote in the body beside its seat holders and
    substitutes (bodies that vote per partner). Only the partner's own steering people name
    one, and only one of the partner's own people who may sit in its seats. Journaled as
    DelegateNamed."""
    alliance_lock(body.alliance_id, actor=actor)
    if partner.alliance_id != body.alliance_id or not policy.can_in_body(actor, "body.view",
                                                                        body):
        raise PermissionDenied
    if not policy.can(actor, "partner.name_delegate", partner):
        raise PermissionDenied
    if body.archived_at is not None:
        raise DomainError(_("This body is archived: it takes no more decisions."),
                          field="body")
    if body.voting_unit != VotingUnit.PARTNER:
        raise DomainError(_("Delegates cast a partner's vote: this body does not vote per "
                            "partner."), field="body")
    if not Seat.objects.filter(body=body, partner=partner, removed_at__isnull=True).exists():
        raise DomainError(_("The partner has no seat in this body."), field="partner")
    if not policy.delegate_candidates(partner).filter(person=person).exists():
        raise DomainError(_("Choose a person of this partner (observers and external "
                            "reviewers do not vote)."), field="person")
    if Delegate.objects.filter(body=body, partner=partner, person=person,
                               removed_at__isnull=True).exists():
        raise Conflict(_("This person is already the partner's delegate in this body."),
                       field="person", code="duplicate")
    delegate = Delegate(body=body, partner=partner, person=person, named_by=actor)
    with conflict_on_duplicate(_("This person is already the partner's delegate in this "
                                 "body."), field="person", code="duplicate"):
        delegate.save()
    journal_append(alliance=body.alliance, actor=actor, kind="DelegateNamed", subject=delegate,
                   payload=_delegate_payload(delegate))
    return delegate


@transaction.atomic
def delegate_remove(*, actor: Person, delegate: Delegate) -> Delegate:
    """End a delegation (the partner's own steering people). Votes already cast stay.
    Journaled as DelegateRemoved."""
    alliance_lock(delegate.body.alliance_id, actor=actor)
    delegate = (Delegate.objects.select_for_update(of=("self",), no_key=True)
                .select_related("body__alliance", "partner__organisation", "person")
                .get(pk=delegate.pk))
    if not policy.can(actor, "partner.name_delegate", delegate.partner):
        raise PermissionDenied
    if delegate.removed_at is not None:
        raise Conflict(_("This delegation has ended already."), code="removed")
    delegate.removed_at = timezone.now()
    delegate.save(update_fields=["removed_at"])
    journal_append(alliance=delegate.body.alliance, actor=actor, kind="DelegateRemoved",
                   subject=delegate, payload=_delegate_payload(delegate))
    return delegate


# --- follow-up --------------------------------------------------------------------------------


@transaction.atomic
def follow_up_add(*, actor: Person, decision: Decision, action: ActionItem) -> None:
    """Link an action of the alliance as the decision's follow-up (the body's organisers and
    the steering roles). Journaled as FollowUpAdded."""
    alliance_lock(decision.alliance_id, actor=actor)
    decision = _locked(decision)
    _require_reader(actor, decision)
    if not policy.can_add_follow_up(actor, decision):
        raise PermissionDenied
    if decision.status == DecisionStatus.WITHDRAWN:
        raise Conflict(_("This proposal was withdrawn."), code="withdrawn")
    members_of = policy.bodies_where_member(actor, decision.alliance_id)
    if (action.alliance_id != decision.alliance_id
            or (action.agenda_item is not None and action.agenda_item.confidential
                and action.body_id not in members_of)):
        raise DomainError(_("Choose an action of this alliance."), field="action")
    if decision.follow_up_actions.filter(pk=action.pk).exists():
        raise Conflict(_("This action is already a follow-up of the decision."),
                       field="action", code="duplicate")
    decision.follow_up_actions.add(action)
    journal_append(alliance=decision.alliance, actor=actor, kind="FollowUpAdded",
                   subject=decision,
                   payload=_payload(decision, action=action.title, action_id=action.pk))

