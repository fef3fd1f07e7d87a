"""Page-number pagination with HAL-style links, shared by every API list."""

from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.http import HttpRequest

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


def page_of(request: HttpRequest, queryset: QuerySet[Any], page: int, page_size: int
            ) -> dict[str, Any]:
    """Slice one page and build self/first/prev/next/last links (page numbers start at 1)."""
    total = queryset.count()
    last = max(1, -(-total // page_size))
    start = (page - 1) * page_size
    items = list(queryset[start:start + page_size])

    def link(number: int) -> dict[str, str]:
        query = request.GET.copy()
        query["page"] = str(number)
        query["pageSize"] = str(page_size)
        return {"href": f"{request.path}?{urlencode(sorted(query.items()))}"}

    links: dict[str, Any] = {"self": link(page), "first": link(1), "last": link(last)}
    if page > 1:
        links["prev"] = link(min(page - 1, last))
    if page < last:
        links["next"] = link(page + 1)
    return {"links": links, "total": total, "page": page, "page_size": page_size,
            "results": items}
