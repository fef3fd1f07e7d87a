from typing import Any

from django.db.models import QuerySet

from .models import ApiToken, Person


def api_token_list(*, user: Any) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(person=user)


def api_token_get(*, user: Any, pk: int) -> ApiToken:
    return api_token_list(user=user).get(pk=pk)


def colleague_list(*, user: Any) -> QuerySet[Person]:
    """People of the person's own organisation."""
    if not (user.is_authenticated and user.organisation_id):
        return Person.objects.none()
    return Person.objects.filter(organisation_id=user.organisation_id).order_by("full_name")
