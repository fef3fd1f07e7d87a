"""The counts in the navigation: unread notifications and what waits on the to-do list.

Lazy and kept on the request: a page that never shows them (an anonymous visitor's, the error
pages) reads nothing; a page that does reads them once (selectors.header_counts), however often it
asks."""

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from . import selectors

_ATTR = "_concordia_todo_counts"


def counts_for(request: HttpRequest) -> dict[str, int]:
    cached: dict[str, int] | None = getattr(request, _ATTR, None)
    if cached is None:
        user = getattr(request, "user", None)
        cached = selectors.header_counts(user=user) if user is not None and \
            user.is_authenticated else {}
        setattr(request, _ATTR, cached)
    return cached


def navigation_counts(request: HttpRequest) -> dict[str, Any]:
    return {"nav_counts": SimpleLazyObject(lambda: counts_for(request))}
