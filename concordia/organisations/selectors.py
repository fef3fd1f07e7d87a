from typing import Any

from django.db.models import QuerySet

from .models import Organisation


def organisation_list(*, user: Any) -> QuerySet[Organisation]:
    """The directory of registered organisations: public facts only, for any person logged in."""
    if not (user.is_authenticated and user.is_active):
        return Organisation.objects.none()
    return Organisation.objects.order_by("name")


def organisation_get(*, user: Any, pk: int) -> Organisation:
    return organisation_list(user=user).get(pk=pk)
