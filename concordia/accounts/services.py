"""Writes on people and their API tokens."""

import datetime as dt

from allauth.usersessions.models import UserSession
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from concordia.access import policy
from concordia.core.errors import Conflict, DomainError
from concordia.core.fields import name_refusal_message
from concordia.core.name_rules import NameRefused, normalise_name

from .models import FULL_NAME_MAX_LENGTH, ApiToken, Person, hash_token, new_raw_token


def person_sessions_end(*, person: Person) -> int:
    """End every browser session of the person (used after deactivation or last role revoked)."""
    sessions = UserSession.objects.purge_and_list(person)
    for session in sessions:
        session.end()
    return len(sessions)


@transaction.atomic
def person_deactivate(*, actor: Person, person: Person) -> Person:
    """An organisation administrator switches off one of its people, effective at once."""
    if not policy.can(actor, "organisation.deactivate_person", person):
        raise PermissionDenied
    if person.pk == actor.pk:
        raise DomainError(_("You cannot deactivate yourself."))
    person = Person.objects.select_for_update(of=("self",), no_key=True).get(pk=person.pk)
    if not person.is_active:
        raise Conflict(_("This person is already deactivated."))
    person.is_active = False
    person.save(update_fields=["is_active"])
    ApiToken.objects.filter(person=person, revoked_at__isnull=True).update(
        revoked_at=timezone.now())
    transaction.on_commit(lambda: person_sessions_end(person=person))
    return person


def person_language_set(*, person: Person, language: str) -> None:
    if language not in dict(settings.LANGUAGES):
        raise DomainError(_("Unknown language."), field="language")
    Person.objects.filter(pk=person.pk).update(language=language)
    person.language = language


@transaction.atomic
def api_token_create(*, actor: Person, name: str, days: int) -> tuple[ApiToken, str]:
    """Create a personal token; the raw value is returned once and never stored."""
    if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        raise DomainError(
            _("Choose between 1 and %(max)d days.") % {"max": settings.API_TOKEN_MAX_DAYS},
            field="days",
        )
    raw = new_raw_token("cct")
    token = ApiToken.objects.create(
        person=actor, name=name.strip(), token_hash=hash_token(raw), prefix=raw[:10],
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor: Person, token: ApiToken) -> ApiToken:
    if token.person_id != actor.pk:
        raise PermissionDenied
    updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now())
    if not updated:
        raise Conflict(_("This token has already been revoked."))
    token.refresh_from_db()
    return token


def api_token_authenticate(raw: str) -> Person | None:
    """The active person behind a usable token, or None."""
    token = (
        ApiToken.objects.select_related("person")
        .filter(token_hash=hash_token(raw), revoked_at__isnull=True,
                expires_at__gt=timezone.now(), person__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.person


def person_name_set(*, person: Person, full_name: str) -> None:
    """Give the person their full name (the alliance's people see it beside their roles). An
    empty value keeps the name they have; a person without one must give it."""
    try:
        name = normalise_name(full_name or "")
    except NameRefused as refused:
        raise DomainError(name_refusal_message(refused), field="full_name") from None
    if not name:
        if person.full_name:
            return
        raise DomainError(_("Give your full name: the people you work with see it."),
                          field="full_name")
    if len(name) > FULL_NAME_MAX_LENGTH:
        raise DomainError(_("Give a shorter name (at most 200 characters)."), field="full_name")
    Person.objects.filter(pk=person.pk).update(full_name=name)
    person.full_name = name
