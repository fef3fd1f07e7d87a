"""API for action items: the alliance's actions (filtered like the overview), give one, change
it, close it. Same services and selectors as the pages."""

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from concordia.accounts.http import AuthenticatedHttpRequest
from concordia.accounts.models import Person
from concordia.alliances import selectors as alliance_selectors
from concordia.alliances.models import Alliance, Partner
from concordia.core.api_schemas import Id, InSchema, Page, PageQuery, VersionNumber, paged
from concordia.core.errors import DomainError
from concordia.core.idempotency import idempotent
from concordia.handbook.catalogue import Block, Pillar

from . import rules, selectors, services
from .choices import ActionStatus
from .models import ActionItem

router = Router()


class ActionOut(Schema):
    id: int
    title: str
    description: str
    body_id: int | None
    agenda_item_id: int | None
    owner_person_id: int | None
    owner_partner_id: int | None
    owner_name: str
    due_on: dt.date | None
    overdue: bool = Field(..., description="Open and past its due date.")
    status: ActionStatus
    block: Block | None
    pillar: Pillar | None
    created_by_id: int
    created_at: dt.datetime
    closed_at: dt.datetime | None
    version: int = Field(..., description="Send it back with a change; a change in between "
                                          "answers 409.")

    @staticmethod
    def resolve_owner_name(obj: ActionItem) -> str:
        if obj.owner_partner is not None:
            return obj.owner_partner.organisation.name
        return str(obj.owner_person) if obj.owner_person is not None else ""

    @staticmethod
    def resolve_overdue(obj: ActionItem) -> bool:
        return rules.is_overdue(obj.status, obj.due_on, timezone.localdate())

    @staticmethod
    def resolve_block(obj: ActionItem) -> str | None:
        return obj.block or None

    @staticmethod
    def resolve_pillar(obj: ActionItem) -> str | None:
        return obj.pillar or None


class ActionPage(Page):
    results: list[ActionOut]


class ActionQuery(PageQuery):
    bodyId: Id | None = Field(None, description="Only the actions of this body.")
    ownerPersonId: Id | None = None
    ownerPartnerId: Id | None = None
    age: rules.Age | None = Field(None, description="How long the actions have been open.")
    overdue: bool = False
    status: ActionStatus = ActionStatus.OPEN


class ActionFields(InSchema):
    title: str = Field(..., min_length=1, max_length=rules.TITLE_MAX)
    description: str = Field("", max_length=rules.DESCRIPTION_MAX)
    owner_person_id: Id | None = Field(None, description="A person with a role in the "
                                                          "alliance; or:")
    owner_partner_id: Id | None = Field(None, description="An active partner (its coordinator "
                                                           "is told).")
    due_on: dt.date | None = None
    block: Block | None = None
    pillar: Pillar | None = None


class ActionIn(ActionFields):
    agenda_item_id: Id | None = Field(None, description="The agenda item it comes out of.")


class ActionUpdateIn(ActionFields):
    version: VersionNumber


class ActionCloseIn(InSchema):
    status: Literal["done", "dropped"]
    version: VersionNumber


def _alliance(request: HttpRequest, alliance_id: int) -> Alliance:
    return alliance_selectors.alliance_get(user=request.user, pk=alliance_id)


def _owner(alliance: Alliance, payload: ActionFields) -> tuple[Person | None, Partner | None]:
    wrong = DomainError("The owner must be a person or an active partner of this alliance.",
                        field="owner")
    person = partner = None
    if payload.owner_person_id is not None:
        person = Person.objects.filter(pk=payload.owner_person_id).first()
        if person is None:
            raise wrong
    if payload.owner_partner_id is not None:
        partner = Partner.objects.filter(pk=payload.owner_partner_id,
                                         alliance=alliance).first()
        if partner is None:
            raise wrong
    return person, partner


@router.get("/{alliance_id}/actions", response=ActionPage,
            summary="The alliance's actions (open ones unless asked), oldest due first")
def list_actions(request: AuthenticatedHttpRequest, alliance_id: Id,
                 query: Query[ActionQuery]) -> dict[str, Any]:
    alliance = _alliance(request, alliance_id)
    owner = (f"person:{query.ownerPersonId}" if query.ownerPersonId
             else f"partner:{query.ownerPartnerId}" if query.ownerPartnerId else "")
    actions = selectors.action_list(user=request.user, alliance=alliance, body_id=query.bodyId,
                                    owner=owner, age=query.age or "",
                                    overdue_only=query.overdue, status=query.status)
    return paged(request, actions, query)


@router.post("/{alliance_id}/actions", response={201: ActionOut},
             summary="Give an action (from an agenda item, or for the alliance as a whole)")
@idempotent
def create_action(request: AuthenticatedHttpRequest, alliance_id: Id,
                  payload: ActionIn) -> Status[ActionItem]:
    alliance = _alliance(request, alliance_id)
    item = None
    if payload.agenda_item_id is not None:
        item = selectors.agenda_item_get(user=request.user, alliance=alliance,
                                         pk=payload.agenda_item_id)
        if item is None:
            raise DomainError("Choose an item of this alliance's agendas.",
                              field="agenda_item_id")
    person, partner = _owner(alliance, payload)
    action = services.action_create(
        actor=request.user, alliance=alliance, title=payload.title,
        description=payload.description, owner_person=person, owner_partner=partner,
        due_on=payload.due_on, block=payload.block or "", pillar=payload.pillar or "",
        agenda_item=item)
    return Status(201, selectors.action_get(user=request.user, alliance=alliance, pk=action.pk))


@router.get("/{alliance_id}/actions/{action_id}", response=ActionOut, summary="One action")
def get_action(request: AuthenticatedHttpRequest, alliance_id: Id,
               action_id: Id) -> ActionItem:
    alliance = _alliance(request, alliance_id)
    return selectors.action_get(user=request.user, alliance=alliance, pk=action_id)


@router.put("/{alliance_id}/actions/{action_id}", response=ActionOut,
            summary="Change an open action (its owner, whoever gave it, its body's organisers)")
def put_action(request: AuthenticatedHttpRequest, alliance_id: Id, action_id: Id,
               payload: ActionUpdateIn) -> ActionItem:
    alliance = _alliance(request, alliance_id)
    action = selectors.action_get(user=request.user, alliance=alliance, pk=action_id)
    person, partner = _owner(alliance, payload)
    services.action_update(
        actor=request.user, action=action, expected_version=payload.version,
        title=payload.title, description=payload.description, owner_person=person,
        owner_partner=partner, due_on=payload.due_on, block=payload.block or "",
        pillar=payload.pillar or "")
    return selectors.action_get(user=request.user, alliance=alliance, pk=action_id)


@router.post("/{alliance_id}/actions/{action_id}/close", response=ActionOut,
             summary="Close an open action as done or dropped")
def close_action(request: AuthenticatedHttpRequest, alliance_id: Id, action_id: Id,
                 payload: ActionCloseIn) -> ActionItem:
    alliance = _alliance(request, alliance_id)
    action = selectors.action_get(user=request.user, alliance=alliance, pk=action_id)
    services.action_close(actor=request.user, action=action, status=payload.status,
                          expected_version=payload.version)
    return selectors.action_get(user=request.user, alliance=alliance, pk=action_id)
