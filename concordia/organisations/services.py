from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from concordia.access import policy
from concordia.accounts.models import Person
from concordia.core.errors import Conflict, DomainError
from concordia.core.fields import name_refusal_message
from concordia.core.name_rules import NameRefused, name_skeleton, normalise_name

from . import rules
from .models import Organisation


def _check_identifiers(*, kvk_number: str, oin: str) -> None:
    if rules.kvk_number_problem(kvk_number):
        raise DomainError(_("A chamber of commerce number has eight digits."), field="kvk_number")
    if rules.oin_problem(oin):
        raise DomainError(_("An OIN has twenty digits."), field="oin")


def _trusted_name(name: str, *, organisation: Organisation | None = None) -> str:
    """The name as stored; refused when it hides characters or looks like another
    organisation's name (same TR39 skeleton), which the message names."""
    try:
        name = normalise_name(name)
    except NameRefused as refused:
        raise DomainError(name_refusal_message(refused), field="name",
                          code="name_character") from None
    others = Organisation.objects.filter(
        Q(name_skeleton=name_skeleton(name)) | Q(name__iexact=name))
    if organisation is not None:
        others = others.exclude(pk=organisation.pk)
    existing = others.only("name").first()
    if existing is not None:
        if existing.name.casefold() == name.casefold():
            raise DomainError(_("An organisation with this name is already registered."),
                              field="name", code="name_taken")
        raise DomainError(
            _("This name looks the same as that of the registered organisation "
              "“%(name)s”. Choose a name that readers can tell apart.")
            % {"name": existing.name}, field="name", code="name_confusable")
    return name


def registered_organisation_named(name: str, *, field: str = "name"
                                  ) -> tuple[str, Organisation | None]:
    """The name as it would be stored, and the registered organisation of that very name (case
    aside), or None when none is registered. A name that only *looks like* a registered one
    (same TR39 skeleton) is refused with that organisation's name: an invitation must not go
    out under a look-alike of an organisation people know."""
    try:
        normal = normalise_name(name)
    except NameRefused as refused:
        raise DomainError(name_refusal_message(refused), field=field,
                          code="name_character") from None
    existing = (Organisation.objects.filter(Q(name_skeleton=name_skeleton(normal))
                                            | Q(name__iexact=normal)).first())
    if existing is None:
        return normal, None
    if existing.name.casefold() == normal.casefold():
        return normal, existing
    raise DomainError(
        _("This name looks the same as that of the registered organisation “%(name)s”. Type "
          "that name exactly to invite it, or a name that readers can tell apart.")
        % {"name": existing.name}, field=field, code="name_confusable")


@transaction.atomic
def organisation_register(
    *, actor: Person, name: str, kind: str, kvk_number: str = "", oin: str = "", website: str = ""
) -> Organisation:
    """Register the actor's organisation; the actor becomes its first administrator."""
    actor = Person.objects.select_for_update(of=("self",), no_key=True).get(pk=actor.pk)
    if actor.organisation_id is not None:
        raise Conflict(_("You already belong to an organisation."))
    _check_identifiers(kvk_number=kvk_number, oin=oin)
    name = _trusted_name(name)
    try:
        with transaction.atomic():
            organisation = Organisation.objects.create(
                name=name, kind=kind, kvk_number=kvk_number, oin=oin, website=website
            )
    except IntegrityError as exc:
        raise DomainError(
            _("An organisation with this name is already registered."), field="name"
        ) from exc
    actor.organisation = organisation
    actor.is_organisation_admin = True
    actor.save(update_fields=["organisation", "is_organisation_admin"])
    return organisation


@transaction.atomic
def organisation_update(
    *, actor: Person, organisation: Organisation, **fields: Any
) -> Organisation:
    if not policy.can(actor, "organisation.edit", organisation):
        raise PermissionDenied
    _check_identifiers(
        kvk_number=fields.get("kvk_number", organisation.kvk_number),
        oin=fields.get("oin", organisation.oin),
    )
    if "name" in fields:
        fields["name"] = _trusted_name(fields["name"], organisation=organisation)
    for key, value in fields.items():
        setattr(organisation, key, value)
    try:
        with transaction.atomic():
            organisation.save()
    except IntegrityError as exc:  # a look-alike registered in the meantime
        raise DomainError(_("An organisation with this name is already registered."),
                          field="name") from exc
    return organisation
