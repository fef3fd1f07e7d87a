from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from concordia.access import policy
from concordia.accounts.models import Person
from concordia.core.errors import Conflict, DomainError

from . import rules
from .models import Organisation


def _check_identifiers(*, kvk_number: str, oin: str) -> None:
    if rules.kvk_number_problem(kvk_number):
        raise DomainError(_("A chamber of commerce number has eight digits."), field="kvk_number")
    if rules.oin_problem(oin):
        raise DomainError(_("An OIN has twenty digits."), field="oin")


@transaction.atomic
def organisation_register(
    *, actor: Person, name: str, kind: str, kvk_number: str = "", oin: str = "", website: str = ""
) -> Organisation:
    """Register the actor's organisation; the actor becomes its first administrator."""
    actor = Person.objects.select_for_update(of=("self",), no_key=True).get(pk=actor.pk)
    if actor.organisation_id is not None:
        raise Conflict(_("You already belong to an organisation."))
    _check_identifiers(kvk_number=kvk_number, oin=oin)
    if Organisation.objects.filter(name__iexact=name.strip()).exists():
        raise DomainError(_("An organisation with this name is already registered."), field="name")
    try:
        with transaction.atomic():
            organisation = Organisation.objects.create(
                name=name.strip(), kind=kind, kvk_number=kvk_number, oin=oin, website=website
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
    for key, value in fields.items():
        setattr(organisation, key, value)
    organisation.save()
    return organisation
