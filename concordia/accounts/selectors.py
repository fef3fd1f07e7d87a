from typing import Any

from allauth.account.models import EmailAddress
from django.db.models import Exists, OuterRef, QuerySet

from concordia.access import policy

from .models import ApiToken, Person


def api_token_list(*, user: Any) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(person=user)


def api_token_get(*, user: Any, pk: int) -> ApiToken:
    return api_token_list(user=user).get(pk=pk)


def colleague_list(*, user: Any) -> QuerySet[Person]:
    """People of the person's own organisation."""
    organisation_id = policy.own_organisation_for(user, "organisation.view_members")
    if organisation_id is None:
        return Person.objects.none()
    return Person.objects.filter(organisation_id=organisation_id).order_by("full_name")


def people_with_verified_email(email: str) -> QuerySet[Person]:
    """The active person whose own address this is and who has confirmed it (at most one: the
    address is unique); nobody for an address no one has registered or confirmed."""
    confirmed = EmailAddress.objects.filter(user=OuterRef("pk"), email__iexact=email,
                                            verified=True)
    return Person.objects.filter(Exists(confirmed), email__iexact=email, is_active=True)
