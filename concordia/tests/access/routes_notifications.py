"""Access matrix entries: notifications, their preferences and the to-do list, pages and API.

Everything here is personal: every person logged in reaches their own (an empty list, the
defaults), and another person's notification is 404 — also one of the person's own in an
alliance they no longer have a live role in."""

from typing import Any

from concordia.notifications.choices import MailState, NotificationKind
from concordia.notifications.models import Notification
from concordia.tests.access.support import PEOPLE, Check, Ctx, Outcome, Route, no_kwargs, to

FOUNDER = frozenset({"founder"})
EVERY_KIND = list(NotificationKind.values)


def notifications(ctx: Ctx) -> Notification:
    """Set-up: an unread notification for the founder, and one for the expired reviewer in the
    alliance where their role has lapsed (which they no longer see)."""
    existing = Notification.objects.filter(key="matrix", person=ctx.world.founder).first()
    if existing is not None:
        return existing
    Notification.objects.create(person=ctx.world.expired_reviewer, alliance=ctx.world.alliance,
                                kind=NotificationKind.MINUTES_APPROVED, key="matrix",
                                url="/", mail=MailState.NOT_SENT)
    return Notification.objects.create(person=ctx.world.founder, alliance=ctx.world.alliance,
                                       kind=NotificationKind.MINUTES_APPROVED, key="matrix",
                                       params={"meeting": "Tactical table"}, url="/",
                                       mail=MailState.NOT_SENT)


def founders_notification(ctx: Ctx) -> dict[str, Any]:
    return {"pk": notifications(ctx).pk}


def api_founders_notification(ctx: Ctx) -> dict[str, Any]:
    return {"notification_id": notifications(ctx).pk}


def preferences_form(ctx: Ctx) -> dict[str, Any]:
    return dict.fromkeys(EVERY_KIND, "no_email")


def preferences_body(ctx: Ctx) -> dict[str, Any]:
    return {"preferences": [{"kind": "meeting_invited", "delivery": "no_email"}]}


# Marking all read changes something only for whoever has an unread notification in sight:
# the founder (the set-up's), coordinator_b, partner B's board member, told of the objective
# and values versions the context drafted, and professional_a, told of the invitation to
# partner A's board that waits for their answer; and the outsider, told of what the domain
# worlds of the matrix (concordia/tests/conftest.py) did in alliance Z.
WITH_UNREAD = frozenset({"founder", "coordinator_b", "professional_a", "outsider"})
NOTHING_UNREAD = PEOPLE - WITH_UNREAD

NOTIFICATIONS_PAGE_ROUTES: dict[str, Route] = {
    "notification_list": Route(no_kwargs, (Check("get", ok=PEOPLE),), setup=notifications),
    "notification_read": Route(founders_notification, (
        Check("post", ok=FOUNDER, ok_status=302, writes=True,
              ok_location=to("notification_list")),
    )),
    "notifications_read_all": Route(no_kwargs, (
        Check("post", ok=WITH_UNREAD, ok_status=302, writes=True,
              ok_location=to("notification_list"),
              special={a: Outcome(302, location=to("notification_list"))
                       for a in NOTHING_UNREAD}),
    ), setup=notifications),
    "notification_preferences": Route(no_kwargs, (
        Check("get", ok=PEOPLE),
        Check("post", ok=PEOPLE, ok_status=302, writes=True, body=preferences_form,
              ok_location=to("notification_preferences")),
    )),
}
NOTIFICATIONS_API_ROUTES: dict[str, Route] = {
    "api:list_my_notifications": Route(no_kwargs, (Check("get", ok=PEOPLE),),
                                       setup=notifications),
    "api:mark_notification_read": Route(api_founders_notification, (
        Check("post", ok=FOUNDER, writes=True),
    )),
    "api:mark_all_notifications_read": Route(no_kwargs, (
        Check("post", ok=WITH_UNREAD, writes=True,
              special={a: Outcome(200) for a in NOTHING_UNREAD}),
    ), setup=notifications),
    "api:get_notification_preferences": Route(no_kwargs, (Check("get", ok=PEOPLE),)),
    "api:put_notification_preferences": Route(no_kwargs, (
        Check("put", ok=PEOPLE, writes=True, body=preferences_body),
    )),
    # The to-do list (its page is the home page, in the main matrix).
    "api:get_my_todo": Route(no_kwargs, (Check("get", ok=PEOPLE),)),
}
