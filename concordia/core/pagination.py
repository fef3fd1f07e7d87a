"""Page-number pagination with HAL-style links, shared by every API list."""

from collections.abc import Iterator, Sequence
from typing import Any, overload
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


class Rows(Sequence[Any]):
    """A computed list that ``core.api_schemas.paged`` can page like a queryset."""

    def __init__(self, items: Sequence[Any]) -> None:
        self._items = list(items)

    @overload
    def __getitem__(self, index: int) -> Any: ...
    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...
    def __getitem__(self, index: int | slice) -> Any:
        return self._items[index]

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._items)

    def count(self, *args: Any) -> int:  # queryset-style count() for the pager
        return len(self._items) if not args else self._items.count(*args)
