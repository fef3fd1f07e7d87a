"""Every read of notifications and preferences. A person sees only their own notifications,
and of those only the ones of alliances they still have a live role in (access.policy), besides
the few kinds addressed to the person themselves (an invitation to answer)."""

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from concordia.access import policy

from .choices import NotificationKind
from .models import Notification, NotificationPreference
from .rules import ADDRESSED_TO_THE_PERSON, delivery_for


def notification_list(*, user: Any, unread_only: bool = False) -> QuerySet[Notification]:
    """The person's notifications, newest first, of the alliances they have a live role in
    (and those addressed to them whatever their roles: rules.shown)."""
    if not (user is not None and user.is_authenticated):
        return Notification.objects.none()
    notifications = Notification.objects.filter(
        Q(alliance__in=policy.alliances_visible_to(user))
        | Q(kind__in=sorted(ADDRESSED_TO_THE_PERSON)),
        person=user).select_related("alliance")
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications.order_by("-created_at", "-pk")


def notification_get(*, user: Any, pk: int) -> Notification:
    """One of the person's own visible notifications; anyone else's is 404."""
    notification = notification_list(user=user).filter(pk=pk).first()
    if notification is None:
        raise Http404
    return notification


def preferences_of(*, user: Any) -> dict[str, str]:
    """The person's own choices (kind → delivery); kinds without one follow the default."""
    return dict(NotificationPreference.objects.filter(person=user).values_list("kind",
                                                                              "delivery"))


def preference_rows(*, user: Any) -> list[tuple[str, str, bool]]:
    """Every kind, in order: (kind, the delivery that applies, whether it is the person's own
    choice)."""
    chosen = preferences_of(user=user)
    return [(kind, delivery_for(kind, chosen), kind in chosen)
            for kind in NotificationKind.values]
