"""Writes on a person's calendar address (their own, in no alliance: nothing to journal).

The address holds a secret token, shown once and kept only as a hash, like a personal API
token. A person has at most one live address; making a new one ends the old."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from concordia.accounts.models import Person, hash_token, new_raw_token
from concordia.core.db import conflict_on_duplicate
from concordia.core.errors import Conflict

from .calendar_selectors import FEED_TOKEN_PREFIX
from .models import CalendarFeed


@transaction.atomic
def calendar_feed_create(*, actor: Person) -> tuple[CalendarFeed, str]:
    """Make the person a new secret calendar address, ending the one they had. The raw token is
    returned once and never stored."""
    if not actor.is_active:
        raise PermissionDenied
    # One person's requests take turns, so two at once leave exactly one live address.
    Person.objects.select_for_update(of=("self",), no_key=True).filter(pk=actor.pk).first()
    now = timezone.now()
    CalendarFeed.objects.filter(person=actor, revoked_at__isnull=True).update(revoked_at=now)
    raw = new_raw_token(FEED_TOKEN_PREFIX)
    with conflict_on_duplicate(_("You made a calendar address at the same moment. "
                                 "Reload the page.")):
        feed = CalendarFeed.objects.create(person=actor, token_hash=hash_token(raw))
    return feed, raw


@transaction.atomic
def calendar_feed_revoke(*, actor: Person) -> CalendarFeed:
    """End the person's live calendar address: calendars subscribed to it get nothing more."""
    feed = (CalendarFeed.objects.select_for_update(of=("self",), no_key=True)
            .filter(person=actor, revoked_at__isnull=True).first())
    if feed is None:
        raise Conflict(_("You have no calendar address to revoke."))
    feed.revoked_at = timezone.now()
    feed.save(update_fields=["revoked_at"])
    return feed
