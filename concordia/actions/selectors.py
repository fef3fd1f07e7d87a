"""Every read of action items, scoped by the policy. An action out of a confidential agenda item
is seen by the body's members only (like the item itself)."""

import datetime as dt
from typing import Any

from django.db.models import Case, F, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from concordia.access import policy
from concordia.accounts.models import Person
from concordia.alliances.choices import PartnerStatus
from concordia.alliances.models import Alliance, Membership, Partner
from concordia.bodies.models import Body
from concordia.meetings.choices import ItemStatus
from concordia.meetings.models import AgendaItem

from . import rules
from .choices import ActionStatus
from .models import ActionItem


def _visible(user: Any, alliance: Alliance) -> QuerySet[ActionItem]:
    policy.alliance_or_404(user, alliance.pk)
    members_of = policy.bodies_where_member(user, alliance.pk)
    return (ActionItem.objects.filter(alliance=alliance)
            .filter(Q(agenda_item__isnull=True) | Q(agenda_item__confidential=False)
                    | Q(body_id__in=members_of))
            .select_related("body", "owner_person", "owner_partner__organisation",
                            "agenda_item__meeting", "created_by"))


def action_list(*, user: Any, alliance: Alliance, body_id: int | None = None,
                owner: str = "", age: str = "", overdue_only: bool = False,
                status: str = ActionStatus.OPEN) -> QuerySet[ActionItem]:
    """The alliance's actions (open ones by default), filtered by body, owner ("person:<id>",
    "partner:<id>"), age group and overdue; the oldest due first, those without a due date
    last."""
    actions = _visible(user, alliance).filter(status=status)
    if body_id is not None:
        actions = actions.filter(body_id=body_id)
    kind, _sep, ident = owner.partition(":")
    if ident.isdigit() and kind in ("person", "partner"):
        actions = actions.filter(**{f"owner_{kind}_id": int(ident)})
    today = timezone.localdate()
    if age in rules.Age.__members__.values():
        oldest, newest = rules.created_since(rules.Age(age), today)
        actions = actions.filter(created_at__date__lte=newest)
        if oldest is not None:
            actions = actions.filter(created_at__date__gte=oldest)
    if overdue_only:
        actions = actions.filter(due_on__lt=today)
    return actions.order_by("due_on", "pk")


def improvement_action_list(*, user: Any, alliance: Alliance,
                            status: str | None = None) -> QuerySet[ActionItem]:
    """The alliance's improvement actions: those linked to a pillar or a building block they
    strengthen (out of an evaluation, a health check or a review). All of them, open first,
    unless a status is given; the oldest due first."""
    actions = _visible(user, alliance).filter(~Q(pillar="") | ~Q(block=""))
    if status is not None:
        actions = actions.filter(status=status)
    open_first = Case(When(status=ActionStatus.OPEN, then=Value(0)), default=Value(1))
    return actions.order_by(open_first, F("due_on").asc(nulls_last=True), "pk")


def action_get(*, user: Any, alliance: Alliance, pk: int) -> ActionItem:
    action = _visible(user, alliance).filter(pk=pk).first()
    if action is None:
        raise Http404
    return action


def owner_options(*, user: Any, alliance: Alliance) -> tuple[list[Partner], list[Person]]:
    """Who may own an action: the active partners and the people with a live role."""
    policy.alliance_or_404(user, alliance.pk)
    partners = list(Partner.objects.filter(alliance=alliance, status=PartnerStatus.ACTIVE)
                    .select_related("organisation").order_by("organisation__name"))
    people_ids = Membership.objects.filter(policy.live_membership_q(), alliance=alliance
                                           ).values("person_id")
    people = list(Person.objects.filter(pk__in=people_ids).order_by("full_name", "pk"))
    return partners, people


def body_options(*, user: Any, alliance: Alliance) -> list[Body]:
    policy.alliance_or_404(user, alliance.pk)
    return list(Body.objects.filter(alliance=alliance).order_by("name", "pk"))


def agenda_item_get(*, user: Any, alliance: Alliance, pk: int) -> AgendaItem | None:
    """An agenda item of the alliance the person may see, or None (a form's field error)."""
    item = (AgendaItem.objects.select_related("meeting__body")
            .filter(pk=pk, meeting__body__alliance=alliance, status=ItemStatus.ON_AGENDA)
            .first())
    if item is None or not policy.can_in_body(user, "body.view", item.meeting.body):
        return None
    if item.confidential and not policy.can_in_body(user, "body.read_confidential",
                                                    item.meeting.body):
        return None
    return item


def is_overdue(action: ActionItem, today: dt.date | None = None) -> bool:
    return rules.is_overdue(action.status, action.due_on, today or timezone.localdate())
