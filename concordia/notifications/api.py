"""API for the person's own notifications and their delivery preferences. Same services and
selectors as the pages; another person's notification is 404."""

import datetime as dt
from typing import Any

from ninja import Field, Query, Router, Schema

from concordia.accounts.http import AuthenticatedHttpRequest
from concordia.core.api_schemas import Id, InSchema, Page, PageQuery, paged
from concordia.core.errors import DomainError

from . import selectors, services
from .choices import Delivery, NotificationKind
from .models import Notification
from .presentation import KIND_LABELS, notification_text
from .rules import DEFAULT_DELIVERY

router = Router()


class NotificationOut(Schema):
    id: int
    alliance_id: int
    alliance_name: str
    kind: NotificationKind
    text: str = Field(..., description="How it reads, in the language of the request.")
    url: str = Field(..., description="The page where it is seen (a path on this site).")
    created_at: dt.datetime
    read_at: dt.datetime | None

    @staticmethod
    def resolve_alliance_name(obj: Notification) -> str:
        return obj.alliance.name

    @staticmethod
    def resolve_text(obj: Notification) -> str:
        return notification_text(obj)


class NotificationPage(Page):
    results: list[NotificationOut]


class NotificationQuery(PageQuery):
    unread: bool = Field(False, description="Only the unread ones.")


class MarkedOut(Schema):
    marked: int = Field(..., description="How many were unread and are read now.")


class PreferenceOut(Schema):
    kind: NotificationKind
    label: str
    delivery: Delivery
    default_delivery: Delivery
    chosen: bool = Field(..., description="Whether this is the person's own choice (else the "
                                          "default applies).")


class PreferencesOut(Schema):
    preferences: list[PreferenceOut]


class PreferenceIn(InSchema):
    kind: NotificationKind
    delivery: Delivery


class PreferencesIn(InSchema):
    preferences: list[PreferenceIn] = Field(
        ..., max_length=len(NotificationKind.values),
        description="Your choice per kind, each kind at most once; a kind left out goes back "
                    "to its default.")


def _preferences(user: Any) -> dict[str, Any]:
    return {"preferences": [
        {"kind": kind, "label": str(KIND_LABELS[kind]), "delivery": delivery,
         "default_delivery": DEFAULT_DELIVERY[kind], "chosen": chosen}
        for kind, delivery, chosen in selectors.preference_rows(user=user)]}


@router.get("/me/notifications", response=NotificationPage,
            summary="Your notifications, newest first")
def list_my_notifications(request: AuthenticatedHttpRequest,
                          query: Query[NotificationQuery]) -> dict[str, Any]:
    return paged(request, selectors.notification_list(user=request.user,
                                                      unread_only=query.unread), query)


@router.post("/me/notifications/read-all", response=MarkedOut,
             summary="Mark all your notifications as read")
def mark_all_notifications_read(request: AuthenticatedHttpRequest) -> dict[str, int]:
    return {"marked": services.notifications_mark_all_read(actor=request.user)}


@router.post("/me/notifications/{notification_id}/read", response=NotificationOut,
             summary="Mark one of your notifications as read (again: no change)")
def mark_notification_read(request: AuthenticatedHttpRequest,
                           notification_id: Id) -> Notification:
    return services.notification_mark_read(actor=request.user, pk=notification_id)


@router.get("/me/notification-preferences", response=PreferencesOut,
            summary="How each kind of notification reaches you by e-mail")
def get_notification_preferences(request: AuthenticatedHttpRequest) -> dict[str, Any]:
    return _preferences(request.user)


@router.put("/me/notification-preferences", response=PreferencesOut,
            summary="Choose per kind: immediately, daily digest or no e-mail")
def put_notification_preferences(request: AuthenticatedHttpRequest,
                                 payload: PreferencesIn) -> dict[str, Any]:
    choices: dict[str, str] = {}
    for preference in payload.preferences:
        kind = str(preference.kind)
        if kind in choices:
            raise DomainError("Each kind at most once.", field="preferences", code="duplicate")
        choices[kind] = str(preference.delivery)
    services.preferences_set(actor=request.user, choices=choices)
    return _preferences(request.user)
