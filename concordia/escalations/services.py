"""Every write on the escalation ladder: raise a bottleneck, record the horizontal attempt, go
up a rung (to the board as a decision item of its next meeting), respond on a rung, resolve,
withdraw; the alliance's own top rung; and the daily reminder of overdue rungs.

Each write takes the alliance lock first, checks the policy, validates, writes and journals in
the same transaction; ``expected_version`` is the version the person saw (a stale or repeated
submission is refused, 409). The journal is read by the whole alliance, so a bottleneck that is
not alliance-wide is named there by its number only: no title, no text.
"""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from concordia.access import policy
from concordia.accounts.models import Person
from concordia.actions.models import ActionItem
from concordia.agreements.models import Agreement
from concordia.alliances.choices import PartnerStatus
from concordia.alliances.locks import alliance_lock
from concordia.alliances.models import Alliance, Partner
from concordia.bodies.choices import BodyKind, ChairRule
from concordia.bodies.models import Body
from concordia.core.errors import Conflict, DomainError
from concordia.decisions import services as decision_services
from concordia.decisions.choices import Procedure
from concordia.decisions.models import Decision
from concordia.handbook.catalogue import Block
from concordia.journal.services import journal_append
from concordia.meetings import services as meeting_services
from concordia.meetings.choices import ItemKind, MeetingStatus
from concordia.meetings.models import AgendaItem, Meeting
from concordia.notifications.choices import NotificationKind
from concordia.notifications.services import notify

from . import rules
from .choices import BoardRoute, BottleneckStatus, EventKind, Rung, StepOutcome, Urgency
from .models import Bottleneck, BottleneckEvent, LadderSettings, RungStep
from .selectors import ladder_of


def bottleneck_url(bottleneck: Bottleneck) -> str:
    return reverse("bottleneck_detail", kwargs={"pk": bottleneck.alliance_id,
                                                "bottleneck_pk": bottleneck.pk})


def _payload(bottleneck: Bottleneck, **extra: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {"bottleneck_id": bottleneck.pk,
                               "alliance_wide": bottleneck.alliance_wide,
                               "urgency": bottleneck.urgency, "rung": bottleneck.rung}
    if bottleneck.alliance_wide:
        payload["title"] = bottleneck.title
    payload.update(extra)
    return payload


def _text(value: str, field: str, *, required: bool, limit: int = rules.TEXT_MAX,
          message: str = "") -> str:
    value = (value or "").strip()
    if required and not value:
        raise DomainError(message or _("This field is required."), field=field)
    if len(value) > limit:
        raise DomainError(_("Keep it under %(n)d characters.") % {"n": limit}, field=field)
    return value


def _tell_owner(bottleneck: Bottleneck, step: RungStep, actor: Person) -> None:
    """The rung's owner hears that the bottleneck waits for them (not when they moved it there
    themselves)."""
    if step.owner_id == actor.pk:
        return
    notify(people=[step.owner], alliance=bottleneck.alliance,
           kind=NotificationKind.BOTTLENECK_WAITING,
           key=rules.waiting_key(step.pk, step.owner_id),
           params={"bottleneck": bottleneck.title, "deadline": step.due_on.isoformat()},
           url=bottleneck_url(bottleneck))


def _owner_refusal(rung: str) -> DomainError:
    if rung == Rung.COORDINATOR:
        return DomainError(_("The coordinators' rung is owned by an alliance coordinator."),
                           field="owner")
    if rung == Rung.KEY_ALLIANCE_MANAGER:
        return DomainError(_("This rung is owned by the key alliance manager."), field="owner")
    return DomainError(_("The owner must be a person with a role in this alliance who may "
                         "write."), field="owner")


# --- raising ----------------------------------------------------------------------------------


def _check_links(alliance: Alliance, actor: Person, meeting: Meeting | None,
                 decision: Decision | None, agreement: Agreement | None, block: str) -> None:
    if meeting is not None and (meeting.body.alliance_id != alliance.pk
                                or not policy.can_in_body(actor, "body.view", meeting.body)):
        raise DomainError(_("Choose a meeting of this alliance."), field="meeting")
    if decision is not None and decision.alliance_id != alliance.pk:
        raise DomainError(_("Choose a decision of this alliance."), field="decision")
    if agreement is not None and (agreement.alliance_id != alliance.pk
                                  or not policy.can_read_agreement(actor, agreement)):
        raise DomainError(_("Choose an agreement of this alliance that you can read."),
                          field="agreement")
    if block and block not in {b.value for b in Block}:
        raise DomainError(_("Unknown building block."), field="block")


def _check_partners(alliance: Alliance, partners: Sequence[Partner]) -> list[Partner]:
    chosen = {p.pk: p for p in partners}
    if not chosen:
        raise DomainError(_("Choose the partners it concerns."), field="partners")
    if len(chosen) > rules.PARTNERS_MAX:
        raise DomainError(_("Choose at most %(n)d partners.") % {"n": rules.PARTNERS_MAX},
                          field="partners")
    if any(p.alliance_id != alliance.pk or p.status != PartnerStatus.ACTIVE
           for p in chosen.values()):
        raise DomainError(_("Choose active partners of this alliance."), field="partners")
    return list(chosen.values())


@transaction.atomic
def bottleneck_raise(*, actor: Person, alliance: Alliance, title: str, description: str,
                     partners: Sequence[Partner], urgency: str = Urgency.NORMAL,
                     alliance_wide: bool = False, meeting: Meeting | None = None,
                     decision: Decision | None = None, agreement: Agreement | None = None,
                     block: str = "", owner: Person | None = None) -> Bottleneck:
    """Raise a bottleneck (anyone with a role who may write), about a meeting, a decision, an
    agreement (one the person may read) or a building block if it is. It starts on the
    horizontal rung, owned by the raiser or the person named, who hears of it. The same open
    bottleneck raised twice by one person is refused. Journaled as BottleneckRaised."""
    alliance_lock(alliance.pk, actor=actor)
    if not policy.can(actor, "alliance.raise_bottleneck", alliance):
        raise PermissionDenied
    title = _text(title, "title", required=True, limit=rules.TITLE_MAX,
                  message=_("Name the bottleneck."))
    description = _text(description, "description", required=True,
                        message=_("Describe the bottleneck."))
    if urgency not in Urgency.values:
        raise DomainError(_("Choose low, normal, high or alarm."), field="urgency")
    chosen = _check_partners(alliance, partners)
    _check_links(alliance, actor, meeting, decision, agreement, block)
    owner = owner or actor
    if not policy.may_own_rung(owner, alliance.pk, Rung.HORIZONTAL):
        raise _owner_refusal(Rung.HORIZONTAL)
    if Bottleneck.objects.filter(alliance=alliance, raised_by=actor, title=title,
                                 status=BottleneckStatus.OPEN).exists():
        raise Conflict(_("You raised this bottleneck already."), field="title",
                       code="duplicate")
    now = timezone.now()
    due = rules.deadline(Rung.HORIZONTAL, urgency, timezone.localdate(now))
    bottleneck = Bottleneck.objects.create(
        alliance=alliance, title=title, description=description, urgency=urgency,
        alliance_wide=alliance_wide, meeting=meeting, decision=decision, agreement=agreement,
        block=block,
        raised_by=actor, raised_at=now, rung=Rung.HORIZONTAL, owner=owner,
        rung_entered_at=now, due_on=due)
    bottleneck.partners.set(chosen)
    step = RungStep.objects.create(bottleneck=bottleneck, rung=Rung.HORIZONTAL, owner=owner,
                                   entered_at=now, entered_by=actor, due_on=due)
    BottleneckEvent.objects.create(bottleneck=bottleneck, step=step, kind=EventKind.RAISED,
                                   actor=actor, at=now)
    journal_append(alliance=alliance, actor=actor, kind="BottleneckRaised", subject=bottleneck,
                   payload=_payload(bottleneck, owner=str(owner), due_on=due.isoformat(),
                                    partners=sorted(p.organisation.name for p in chosen)))
    _tell_owner(bottleneck, step, actor)
    return bottleneck


# --- on the ladder ----------------------------------------------------------------------------


def _locked(actor: Person, bottleneck: Bottleneck, action: str) -> Bottleneck:
    alliance_lock(bottleneck.alliance_id, actor=actor)
    locked = (Bottleneck.objects.select_for_update(of=("self",), no_key=True)
              .select_related("alliance", "owner").get(pk=bottleneck.pk))
    if not policy.can_on_bottleneck(actor, "bottleneck.view", locked):
        raise PermissionDenied
    if not policy.can_on_bottleneck(actor, action, locked):
        raise PermissionDenied
    return locked


def _fresh(bottleneck: Bottleneck, expected_version: int) -> None:
    if bottleneck.status != BottleneckStatus.OPEN:
        raise Conflict(_("This bottleneck is closed: its trail can no longer change."),
                       code="closed")
    if bottleneck.version != expected_version:
        raise Conflict(_("Someone else changed this bottleneck in the meantime. Reload and "
                         "try again."), code="stale")


def _current_step(bottleneck: Bottleneck) -> RungStep:
    return (RungStep.objects.select_for_update(of=("self",), no_key=True)
            .get(bottleneck=bottleneck, left_at__isnull=True))


def _leave(step: RungStep, outcome: str, now: dt.datetime) -> None:
    step.left_at = now
    step.outcome = outcome
    step.save(update_fields=["left_at", "outcome"])


def _close(bottleneck: Bottleneck, actor: Person, status: str, now: dt.datetime) -> None:
    bottleneck.status = status
    bottleneck.closed_at = now
    bottleneck.closed_by = actor
    bottleneck.awaiting_response = False


@transaction.atomic
def bottleneck_attempt(*, actor: Person, bottleneck: Bottleneck, expected_version: int,
                       resolved: bool, text: str) -> Bottleneck:
    """Record the horizontal attempt and its result (people of the partners concerned, or the
    rung's owner). One that resolved it closes the bottleneck as resolved horizontally; one
    that did not lets it go up. Journaled as HorizontalAttemptRecorded."""
    bottleneck = _locked(actor, bottleneck, "bottleneck.record_attempt")
    _fresh(bottleneck, expected_version)
    if bottleneck.rung != Rung.HORIZONTAL:
        raise Conflict(_("This bottleneck has gone up the ladder: the horizontal attempt lies "
                         "behind it."), code="past_horizontal")
    text = _text(text, "text", required=True,
                 message=_("Say what was tried and what came of it."))
    now = timezone.now()
    step = _current_step(bottleneck)
    BottleneckEvent.objects.create(bottleneck=bottleneck, step=step, kind=EventKind.ATTEMPT,
                                   text=text, resolved=resolved, actor=actor, at=now)
    if step.responded_at is None:
        step.responded_at = now
        step.save(update_fields=["responded_at"])
    bottleneck.awaiting_response = False
    if resolved:
        _leave(step, StepOutcome.RESOLVED, now)
        _close(bottleneck, actor, BottleneckStatus.RESOLVED, now)
        bottleneck.resolution = text
    bottleneck.version += 1
    bottleneck.save()
    journal_append(alliance=bottleneck.alliance, actor=actor,
                   kind="HorizontalAttemptRecorded", subject=bottleneck,
                   payload=_payload(bottleneck, resolved=resolved))
    return bottleneck


def board_of(alliance_id: int) -> Body | None:
    """The alliance's board: its body of the board's kind (the oldest, should it have two)."""
    return (Body.objects.filter(alliance_id=alliance_id, kind=BodyKind.BOARD,
                                archived_at__isnull=True).order_by("pk").first())


def next_board_meeting(board: Body | None) -> Meeting | None:
    if board is None:
        return None
    return (Meeting.objects.filter(body=board, status=MeetingStatus.PLANNED,
                                   starts_at__gt=timezone.now())
            .select_related("body").order_by("starts_at", "pk").first())


def default_owner(bottleneck: Bottleneck, rung: str, actor: Person) -> Person | None:
    """Who owns ``rung`` unless someone is named: a coordinator of a partner concerned (or any
    coordinator); the key alliance manager; for the board its fixed chair or its secretary (else
    the key alliance manager); for the top rung the key alliance manager; else the person who
    takes it there. None when nobody fits."""
    candidates = list(policy.rung_owner_candidates(bottleneck.alliance_id, rung))
    people = {m.person_id: m.person for m in candidates}
    if rung == Rung.COORDINATOR:
        concerned = {p.pk for p in bottleneck.partners.all()}
        first = next((m.person for m in candidates if m.partner_id in concerned), None)
        return first or (candidates[0].person if candidates else None)
    if rung == Rung.KEY_ALLIANCE_MANAGER:
        return candidates[0].person if candidates else None
    manager = next(iter(policy.rung_owner_candidates(bottleneck.alliance_id,
                                                     Rung.KEY_ALLIANCE_MANAGER)), None)
    if rung == Rung.BOARD:
        board = board_of(bottleneck.alliance_id)
        if board is not None:
            chair = board.chair_person_id if board.chair_rule == ChairRule.FIXED else None
            for pk in (chair, board.secretary_id):
                if pk is not None and pk in people:
                    return people[pk]
    if manager is not None:
        return manager.person
    return actor if actor.pk in people else None


def _written_procedure(actor: Person, bottleneck: Bottleneck, board: Body,
                       reason: str) -> Decision:
    """The board takes the bottleneck up in a written procedure, with the board's deadline for
    the urgency (at five in the afternoon). The decisions register is read by the whole
    alliance, so a bottleneck that is not alliance-wide is named there by its number only; the
    board's members, who vote, see the bottleneck itself once it reaches the board."""
    due = rules.deadline(Rung.BOARD, bottleneck.urgency, timezone.localdate())
    deadline = timezone.make_aware(dt.datetime.combine(due, dt.time(17, 0)))
    if bottleneck.alliance_wide:
        title = rules.agenda_title(bottleneck.pk, bottleneck.title)
        proposal = _("Bottleneck escalated to the board: %(reason)s") % {"reason": reason}
    else:
        title = _("Bottleneck #%(number)d") % {"number": bottleneck.pk}
        proposal = _("A bottleneck escalated to the board. The board's members read it, with "
                     "its trail, under Escalations (bottleneck #%(number)d).") % {
                         "number": bottleneck.pk}
    return decision_services.decision_propose(actor=actor, body=board, title=title,
                                              proposal=proposal, procedure=Procedure.WRITTEN,
                                              deadline=deadline)


@transaction.atomic
def bottleneck_escalate(*, actor: Person, bottleneck: Bottleneck, expected_version: int,
                        reason: str, skip_reason: str = "", owner: Person | None = None,
                        route: str = BoardRoute.MEETING) -> Bottleneck:
    """Take the bottleneck one rung up, with the reason (the current rung's owner or the
    steering roles). From the horizontal rung only after an attempt that did not resolve it —
    or, in a real alarm, skipping it with the reason recorded (it shows as such everywhere).
    To the board: as a decision item proposed for the board's next planned meeting, or in a
    written procedure of the board (a proposal with a deadline). Not from
    the top of the alliance's ladder. The new rung's owner (named, or by default) hears of it.
    Journaled as BottleneckEscalated with the rungs and whether the attempt was skipped."""
    bottleneck = _locked(actor, bottleneck, "bottleneck.move")
    _fresh(bottleneck, expected_version)
    ladder = ladder_of(bottleneck.alliance_id)
    step = _current_step(bottleneck)
    attempt_failed = BottleneckEvent.objects.filter(
        bottleneck=bottleneck, kind=EventKind.ATTEMPT, resolved=False).exists()
    problem = rules.escalation_problem(
        rung=bottleneck.rung, status=bottleneck.status, top_enabled=ladder.top_rung_enabled,
        attempt_failed=attempt_failed, reason=reason, skip_reason=skip_reason,
        urgency=bottleneck.urgency)
    if problem == "top":
        raise Conflict(_("This bottleneck stands on the top rung of the ladder: it cannot go "
                         "higher."), code="top")
    if problem == "reason":
        raise DomainError(_("Say why it goes up."), field="reason")
    if problem == "attempt":
        raise DomainError(_("Record the horizontal attempt first, or give the reason to skip "
                            "it (a real alarm only)."), field="skip_reason")
    if problem == "not_alarm":
        raise DomainError(_("Only a bottleneck raised as an alarm may skip the horizontal "
                            "attempt."), field="skip_reason")
    if problem == "skip_needless":
        raise DomainError(_("Nothing is skipped here: leave the reason to skip empty."),
                          field="skip_reason")
    to = rules.next_rung(bottleneck.rung, top_enabled=ladder.top_rung_enabled)
    if to is None:  # escalation_problem said "top"; for the type checker
        raise Conflict(_("This bottleneck stands on the top rung of the ladder: it cannot go "
                         "higher."), code="top")
    reason = _text(reason, "reason", required=True)
    skip_reason = _text(skip_reason, "skip_reason", required=False)
    skipping = rules.skips_horizontal(bottleneck.rung, attempt_failed)
    if owner is not None:
        if not policy.may_own_rung(owner, bottleneck.alliance_id, to):
            raise _owner_refusal(to)
    else:
        owner = default_owner(bottleneck, to, actor)
        if owner is None:
            raise DomainError(_("Nobody holds that role now: name who owns this rung."),
                              field="owner")
    item: AgendaItem | None = None
    decision: Decision | None = None
    meeting_on: dt.date | None = None
    if to == Rung.BOARD:
        if route not in BoardRoute.values:
            raise DomainError(_("Choose how the board takes it up."), field="route")
        board = board_of(bottleneck.alliance_id)
        if board is None:
            raise DomainError(_("The alliance has no board to take it up."), field="route")
        if route == BoardRoute.WRITTEN:
            decision = _written_procedure(actor, bottleneck, board, reason)
        else:
            meeting = next_board_meeting(board)
            if meeting is None:
                raise DomainError(_("The board has no meeting planned. Ask its secretary to "
                                    "plan one first, or choose a written procedure."),
                                  field="route")
            item = meeting_services.agenda_item_refer(
                actor=actor, meeting=meeting, kind=ItemKind.DECISION,
                title=rules.agenda_title(bottleneck.pk, bottleneck.title),
                description=_("Bottleneck escalated to the board: %(reason)s")
                % {"reason": reason}, confidential=not bottleneck.alliance_wide)
            meeting_on = timezone.localdate(meeting.starts_at)
    now = timezone.now()
    due = rules.deadline(to, bottleneck.urgency, timezone.localdate(now), meeting_on)
    _leave(step, StepOutcome.ESCALATED, now)
    new = RungStep.objects.create(
        bottleneck=bottleneck, rung=to, owner=owner, entered_at=now, entered_by=actor,
        due_on=due, skipped_horizontal=skipping, agenda_item=item, decision=decision,
        rung_name=ladder.top_rung_name if to == Rung.TOP else "")
    BottleneckEvent.objects.create(bottleneck=bottleneck, step=new, kind=EventKind.ESCALATED,
                                   text=reason, actor=actor, at=now)
    came_from = bottleneck.rung
    if skipping:
        bottleneck.skipped_horizontal = True
        bottleneck.skip_reason = skip_reason
    bottleneck.rung, bottleneck.owner, bottleneck.rung_entered_at = to, owner, now
    bottleneck.due_on, bottleneck.awaiting_response = due, True
    bottleneck.version += 1
    bottleneck.save()
    extra: dict[str, Any] = {"from": came_from, "to": to, "skipped": skipping,
                             "owner": str(owner), "due_on": due.isoformat()}
    if skipping and bottleneck.alliance_wide:
        extra["skip_reason"] = skip_reason
    if item is not None:
        extra.update(meeting_id=item.meeting_id, agenda_item_id=item.pk)
    if decision is not None:
        extra.update(decision_id=decision.pk, decision_number=decision.number)
    if to == Rung.TOP:
        extra["top_rung"] = ladder.top_rung_name
    journal_append(alliance=bottleneck.alliance, actor=actor, kind="BottleneckEscalated",
                   subject=bottleneck, payload=_payload(bottleneck, **extra))
    _tell_owner(bottleneck, new, actor)
    return bottleneck


@transaction.atomic
def bottleneck_respond(*, actor: Person, bottleneck: Bottleneck, expected_version: int,
                       text: str) -> Bottleneck:
    """Respond on the current rung (its owner or the steering roles): the rung is answered and
    no longer waits, so it cannot become overdue. Journaled as RungResponded (whether it came
    after the deadline)."""
    bottleneck = _locked(actor, bottleneck, "bottleneck.move")
    _fresh(bottleneck, expected_version)
    text = _text(text, "text", required=True, message=_("Write the response."))
    now = timezone.now()
    step = _current_step(bottleneck)
    BottleneckEvent.objects.create(bottleneck=bottleneck, step=step, kind=EventKind.RESPONSE,
                                   text=text, actor=actor, at=now)
    if step.responded_at is None:
        step.responded_at = now
        step.save(update_fields=["responded_at"])
    bottleneck.awaiting_response = False
    bottleneck.version += 1
    bottleneck.save()
    journal_append(alliance=bottleneck.alliance, actor=actor, kind="RungResponded",
                   subject=bottleneck,
                   payload=_payload(bottleneck, late=timezone.localdate(now) > step.due_on))
    return bottleneck


@transaction.atomic
def bottleneck_resolve(*, actor: Person, bottleneck: Bottleneck, expected_version: int,
                       resolution: str, decision: Decision | None = None,
                       action: ActionItem | None = None) -> Bottleneck:
    """Resolve it on the current rung (its owner or the steering roles), saying how, linking
    the decision that settled it or the action that follows it up. Journaled as
    BottleneckResolved — not a commitment of its own: a decision is journaled by the
    decisions."""
    bottleneck = _locked(actor, bottleneck, "bottleneck.move")
    _fresh(bottleneck, expected_version)
    resolution = _text(resolution, "resolution", required=True,
                       message=_("Say how it was resolved."))
    if decision is not None and decision.alliance_id != bottleneck.alliance_id:
        raise DomainError(_("Choose a decision of this alliance."), field="decision")
    if action is not None and action.alliance_id != bottleneck.alliance_id:
        raise DomainError(_("Choose an action of this alliance."), field="action")
    now = timezone.now()
    step = _current_step(bottleneck)
    BottleneckEvent.objects.create(bottleneck=bottleneck, step=step, kind=EventKind.RESOLVED,
                                   text=resolution, actor=actor, at=now)
    if step.responded_at is None:
        step.responded_at = now
        step.save(update_fields=["responded_at"])
    _leave(step, StepOutcome.RESOLVED, now)
    _close(bottleneck, actor, BottleneckStatus.RESOLVED, now)
    bottleneck.resolution = resolution
    bottleneck.resolution_decision, bottleneck.resolution_action = decision, action
    bottleneck.version += 1
    bottleneck.save()
    journal_append(alliance=bottleneck.alliance, actor=actor, kind="BottleneckResolved",
                   subject=bottleneck, payload=_payload(
                       bottleneck, decision_id=decision.pk if decision else None,
                       action_id=action.pk if action else None))
    return bottleneck


@transaction.atomic
def bottleneck_withdraw(*, actor: Person, bottleneck: Bottleneck, expected_version: int,
                        reason: str = "") -> Bottleneck:
    """Withdraw it (whoever raised it), with an optional reason. Journaled as
    BottleneckWithdrawn."""
    bottleneck = _locked(actor, bottleneck, "bottleneck.withdraw")
    _fresh(bottleneck, expected_version)
    reason = _text(reason, "reason", required=False)
    now = timezone.now()
    step = _current_step(bottleneck)
    BottleneckEvent.objects.create(bottleneck=bottleneck, step=step, kind=EventKind.WITHDRAWN,
                                   text=reason, actor=actor, at=now)
    _leave(step, StepOutcome.WITHDRAWN, now)
    _close(bottleneck, actor, BottleneckStatus.WITHDRAWN, now)
    bottleneck.version += 1
    bottleneck.save()
    journal_append(alliance=bottleneck.alliance, actor=actor, kind="BottleneckWithdrawn",
                   subject=bottleneck, payload=_payload(bottleneck))
    return bottleneck


# --- the alliance's ladder --------------------------------------------------------------------


@transaction.atomic
def ladder_set_up(*, actor: Person, alliance: Alliance, top_rung_enabled: bool,
                  top_rung_name: str, expected_version: int) -> LadderSettings:
    """Turn the alliance's own top rung above the board on or off, and name it (the steering
    roles). It cannot be turned off while a bottleneck stands on it. Journaled as
    EscalationLadderChanged."""
    alliance_lock(alliance.pk, actor=actor)
    if not policy.can(actor, "alliance.set_up_ladder", alliance):
        raise PermissionDenied
    name = _text(top_rung_name, "top_rung_name", required=top_rung_enabled,
                 limit=rules.TOP_NAME_MAX, message=_("Name the top rung."))
    settings = (LadderSettings.objects.select_for_update(of=("self",), no_key=True)
                .filter(alliance=alliance).first()
                or LadderSettings(alliance=alliance, version=0))
    if settings.version != expected_version:
        raise Conflict(_("Someone else changed the ladder in the meantime. Reload and try "
                         "again."), code="stale")
    if (settings.top_rung_enabled, settings.top_rung_name) == (top_rung_enabled, name):
        raise DomainError(_("Nothing was changed."), field="top_rung_name")
    if not top_rung_enabled and Bottleneck.objects.filter(
            alliance=alliance, status=BottleneckStatus.OPEN, rung=Rung.TOP).exists():
        raise Conflict(_("A bottleneck stands on the top rung: resolve it before the rung "
                         "goes."), field="top_rung_enabled", code="in_use")
    settings.top_rung_enabled, settings.top_rung_name = top_rung_enabled, name
    settings.version += 1
    settings.save()
    journal_append(alliance=alliance, actor=actor, kind="EscalationLadderChanged",
                   subject=settings, payload={"top_rung_enabled": top_rung_enabled,
                                              "top_rung_name": name})
    return settings


# --- reminders --------------------------------------------------------------------------------


def bottlenecks_overdue_notify(*, today: dt.date | None = None) -> int:
    """Tell the owner of every rung past its deadline without a response, once per rung
    entered (run daily by the task queue or the ``escalations_overdue`` command; running it
    twice tells nobody twice). Writes notifications only, alliance by alliance under its lock.
    Returns how many notifications were made."""
    today = today or timezone.localdate()
    made = 0
    waiting = Bottleneck.objects.filter(status=BottleneckStatus.OPEN, awaiting_response=True,
                                        due_on__lt=today)
    for alliance_id in sorted(set(waiting.values_list("alliance_id", flat=True))):
        with transaction.atomic():
            alliance_lock(alliance_id)
            overdue = list(waiting.filter(alliance_id=alliance_id)
                           .select_related("alliance", "owner"))
            steps = dict(RungStep.objects.filter(bottleneck__in=[b.pk for b in overdue],
                                                 left_at__isnull=True)
                         .values_list("bottleneck_id", "pk"))
            for bottleneck in overdue:
                made += len(notify(
                    people=[bottleneck.owner], alliance=bottleneck.alliance,
                    kind=NotificationKind.BOTTLENECK_OVERDUE,
                    key=rules.overdue_key(steps[bottleneck.pk]),
                    params={"bottleneck": bottleneck.title}, url=bottleneck_url(bottleneck)))
    return made
