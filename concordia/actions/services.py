"""Every write on action items: give one (from an agenda item, or for the alliance as a whole),
change it, close it (done or dropped), and tell owners of overdue actions once. Each write takes
the alliance lock first, checks the policy and journals in the same transaction; ``expected_
version`` is the version the editor saw (a stale or repeated edit is refused, 409)."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from concordia.access import policy
from concordia.accounts.models import Person
from concordia.alliances.choices import PartnerStatus
from concordia.alliances.locks import alliance_lock
from concordia.alliances.models import Alliance, Membership, Partner
from concordia.bodies.models import Body
from concordia.core.errors import Conflict, DomainError
from concordia.handbook.catalogue import Block, Pillar
from concordia.journal.services import journal_append
from concordia.meetings.choices import ItemStatus
from concordia.meetings.models import AgendaItem
from concordia.notifications.choices import NotificationKind
from concordia.notifications.services import notify

from . import rules
from .choices import ActionStatus
from .models import ActionItem


def _url(action: ActionItem) -> str:
    return reverse("action_detail", kwargs={"pk": action.alliance_id, "action_pk": action.pk})


def _owner_name(action: ActionItem) -> str:
    if action.owner_partner is not None:
        return action.owner_partner.organisation.name
    if action.owner_person is not None:
        return str(action.owner_person)
    return ""


def _owner_key(action: ActionItem) -> str:
    if action.owner_partner_id is not None:
        return f"partner:{action.owner_partner_id}"
    return f"person:{action.owner_person_id}"


def _payload(action: ActionItem, **extra: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {"title": action.title, "owner": _owner_name(action),
                               "due_on": action.due_on.isoformat() if action.due_on else None}
    payload.update(extra)
    return payload


def _check_owner(alliance: Alliance, person: Person | None, partner: Partner | None) -> None:
    """One owner: a person with a live role in the alliance, or an active partner of it."""
    problem = rules.owner_problem(has_person=person is not None, has_partner=partner is not None)
    if problem == "both":
        raise DomainError(_("Choose a person or a partner as owner, not both."), field="owner")
    if problem == "none":
        raise DomainError(_("Choose who owns the action."), field="owner")
    if partner is not None and (partner.alliance_id != alliance.pk
                                or partner.status != PartnerStatus.ACTIVE):
        raise DomainError(_("The owner must be an active partner of this alliance."),
                          field="owner")
    if person is not None and not Membership.objects.filter(
            policy.live_membership_q(), alliance=alliance, person=person).exists():
        raise DomainError(_("The owner must be a person with a role in this alliance."),
                          field="owner")


def _check_fields(title: str, description: str, block: str, pillar: str) -> tuple[str, str]:
    title, description = title.strip(), description.strip()
    if not title:
        raise DomainError(_("Say what is to be done."), field="title")
    if len(title) > rules.TITLE_MAX:
        raise DomainError(_("Keep the action under 200 characters."), field="title")
    if len(description) > rules.DESCRIPTION_MAX:
        raise DomainError(_("Keep the description under 4000 characters."), field="description")
    if block and block not in {b.value for b in Block}:
        raise DomainError(_("Unknown building block."), field="block")
    if pillar and pillar not in {p.value for p in Pillar}:
        raise DomainError(_("Unknown pillar."), field="pillar")
    return title, description


def _tell_owner(action: ActionItem) -> None:
    """The owner hears of the action: the person, or the owning partner's coordinator."""
    if action.owner_partner is not None:
        people = policy.partner_coordinators(action.owner_partner)
    else:
        people = [action.owner_person] if action.owner_person is not None else []
    notify(people=people, alliance=action.alliance, kind=NotificationKind.ACTION_ASSIGNED,
           key=rules.assigned_key(action.pk, _owner_key(action)),
           params={"action": action.title,
                   "due_on": action.due_on.isoformat() if action.due_on else ""},
           url=_url(action))


@transaction.atomic
def action_create(*, actor: Person, alliance: Alliance, title: str, description: str = "",
                  owner_person: Person | None = None, owner_partner: Partner | None = None,
                  due_on: dt.date | None = None, block: str = "", pillar: str = "",
                  agenda_item: AgendaItem | None = None) -> ActionItem:
    """Give an action: out of an agenda item (by the body's organisers or the steering roles),
    or for the alliance as a whole (the steering roles). The owner hears of it. The same open
    action given twice is refused. Journaled as ActionAssigned."""
    alliance_lock(alliance.pk, actor=actor)
    if not policy.can(actor, "alliance.view", alliance):
        raise PermissionDenied
    body: Body | None = None
    if agenda_item is not None:
        body = agenda_item.meeting.body
        if body.alliance_id != alliance.pk or not policy.can_in_body(actor, "body.view", body):
            raise DomainError(_("Choose an item of this alliance's agendas."),
                              field="agenda_item")
    if not policy.can_create_action(actor, alliance, body):
        raise PermissionDenied
    if agenda_item is not None and (
            agenda_item.status != ItemStatus.ON_AGENDA
            or (agenda_item.confidential
                and not policy.can_in_body(actor, "body.read_confidential",
                                           agenda_item.meeting.body))):
        raise DomainError(_("Choose an item of this alliance's agendas."), field="agenda_item")
    return _make(actor=actor, alliance=alliance, title=title, description=description,
                 owner_person=owner_person, owner_partner=owner_partner, due_on=due_on,
                 block=block, pillar=pillar, body=body, agenda_item=agenda_item)


def _make(*, actor: Person, alliance: Alliance, title: str, description: str,
          owner_person: Person | None, owner_partner: Partner | None, due_on: dt.date | None,
          block: str, pillar: str, body: Body | None, agenda_item: AgendaItem | None,
          **extra: Any) -> ActionItem:
    """Make the action once the caller has checked the actor's authority (under the lock)."""
    title, description = _check_fields(title, description, block, pillar)
    _check_owner(alliance, owner_person, owner_partner)
    if ActionItem.objects.filter(alliance=alliance, agenda_item=agenda_item, title=title,
                                 owner_person=owner_person, owner_partner=owner_partner,
                                 status=ActionStatus.OPEN).exists():
        raise Conflict(_("This action was given already."), code="duplicate")
    action = ActionItem.objects.create(
        alliance=alliance, body=body, agenda_item=agenda_item, title=title,
        description=description, owner_person=owner_person, owner_partner=owner_partner,
        due_on=due_on, block=block, pillar=pillar, created_by=actor)
    journal_append(alliance=alliance, actor=actor, kind="ActionAssigned", subject=action,
                   payload=_payload(action, body=body.name if body else None, **extra))
    _tell_owner(action)
    return action


@transaction.atomic
def improvement_action_from_recommendation(
        *, actor: Person, alliance: Alliance, title: str, pillar: str, recommendation: int,
        description: str = "", owner_person: Person | None = None,
        owner_partner: Partner | None = None, due_on: dt.date | None = None) -> ActionItem:
    """The improvement action the board makes by accepting an external review's
    recommendation (docs/decisions/0019): made on the authority to answer recommendations
    (``alliance.answer_recommendation``: the board members and the key alliance manager), not
    on the authority to give actions, and only as an improvement action for one pillar. Called
    by the review's acceptance (which checks the recommendation is the alliance's and awaits its
    answer) in the same transaction. Journaled as ActionAssigned naming the recommendation."""
    alliance_lock(alliance.pk, actor=actor)
    if not policy.can(actor, "alliance.view", alliance):
        raise PermissionDenied
    if not policy.can(actor, "alliance.answer_recommendation", alliance):
        raise PermissionDenied
    if pillar not in {p.value for p in Pillar}:
        raise DomainError(_("Unknown pillar."), field="pillar")
    return _make(actor=actor, alliance=alliance, title=title, description=description,
                 owner_person=owner_person, owner_partner=owner_partner, due_on=due_on,
                 block="", pillar=pillar, body=None, agenda_item=None,
                 recommendation=recommendation)


def _locked(actor: Person, action: ActionItem) -> ActionItem:
    alliance_lock(action.alliance_id, actor=actor)
    action = (ActionItem.objects.select_for_update(of=("self",), no_key=True)
              .select_related("alliance", "body", "owner_person", "owner_partner__organisation")
              .get(pk=action.pk))
    if not policy.can(actor, "alliance.view", action.alliance):
        raise PermissionDenied
    if not policy.can_update_action(actor, action):
        raise PermissionDenied
    return action


def _open(action: ActionItem, expected_version: int) -> None:
    if action.status != ActionStatus.OPEN:
        raise Conflict(_("This action is closed: it can no longer be changed."), code="closed")
    if action.version != expected_version:
        raise Conflict(_("Someone else changed this action in the meantime. Reload and try "
                         "again."), code="stale")


@transaction.atomic
def action_update(*, actor: Person, action: ActionItem, expected_version: int, title: str,
                  description: str = "", owner_person: Person | None = None,
                  owner_partner: Partner | None = None, due_on: dt.date | None = None,
                  block: str = "", pillar: str = "") -> ActionItem:
    """Change an open action (its owner, whoever gave it, or its body's organisers). A new owner
    hears of it. Journaled as ActionChanged with what changed."""
    action = _locked(actor, action)
    _open(action, expected_version)
    title, description = _check_fields(title, description, block, pillar)
    _check_owner(action.alliance, owner_person, owner_partner)
    before = {"title": action.title, "description": action.description,
              "owner": _owner_key(action), "due_on": action.due_on, "block": action.block,
              "pillar": action.pillar}
    action.title, action.description = title, description
    action.owner_person, action.owner_partner = owner_person, owner_partner
    action.due_on, action.block, action.pillar = due_on, block, pillar
    after = {"title": action.title, "description": action.description,
             "owner": _owner_key(action), "due_on": action.due_on, "block": action.block,
             "pillar": action.pillar}
    changed = sorted(k for k in before if before[k] != after[k])
    if not changed:
        raise DomainError(_("Nothing was changed."), field="title")
    action.version += 1
    action.save()
    journal_append(alliance=action.alliance, actor=actor, kind="ActionChanged", subject=action,
                   payload=_payload(action, changed=changed))
    if "owner" in changed:
        _tell_owner(action)
    return action


@transaction.atomic
def action_close(*, actor: Person, action: ActionItem, status: str,
                 expected_version: int) -> ActionItem:
    """Close an open action as done or dropped. Journaled as ActionClosed."""
    action = _locked(actor, action)
    if not rules.may_close_as(status):
        raise DomainError(_("Close an action as done or dropped."), field="status")
    _open(action, expected_version)
    action.status = status
    action.closed_at = timezone.now()
    action.version += 1
    action.save(update_fields=["status", "closed_at", "version"])
    journal_append(alliance=action.alliance, actor=actor, kind="ActionClosed", subject=action,
                   payload=_payload(action, status=status))
    return action


def actions_overdue_notify(*, today: dt.date | None = None) -> int:
    """Tell the owner of every open action past its due date, once per action and due date
    (run daily by the task queue or the ``actions_overdue`` command; running it twice tells
    nobody twice). Writes notifications only, alliance by alliance under its lock. Returns how
    many notifications were made."""
    today = today or timezone.localdate()
    made = 0
    alliance_ids = sorted(set(ActionItem.objects.filter(
        status=ActionStatus.OPEN, due_on__lt=today).values_list("alliance_id", flat=True)))
    for alliance_id in alliance_ids:
        with transaction.atomic():
            alliance_lock(alliance_id)
            overdue = (ActionItem.objects.filter(alliance_id=alliance_id,
                                                 status=ActionStatus.OPEN, due_on__lt=today)
                       .select_related("alliance", "owner_person",
                                       "owner_partner__organisation"))
            for action in overdue:
                if action.due_on is None:  # excluded by the filter; for the type checker
                    continue
                if action.owner_partner is not None:
                    people = policy.partner_coordinators(action.owner_partner)
                else:
                    people = [action.owner_person] if action.owner_person is not None else []
                made += len(notify(
                    people=people, alliance=action.alliance,
                    kind=NotificationKind.ACTION_OVERDUE,
                    key=rules.overdue_key(action.pk, action.due_on),
                    params={"action": action.title, "due_on": action.due_on.isoformat()},
                    url=_url(action)))
    return made
