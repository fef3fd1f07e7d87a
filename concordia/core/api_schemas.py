"""Building blocks shared by the API schemas of every app."""

from typing import Any

from ninja import Field, Schema

from .pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, page_of


class Link(Schema):
    href: str


class PageLinks(Schema):
    self: Link
    first: Link
    last: Link
    prev: Link | None = None
    next: Link | None = None


class Page(Schema):
    links: PageLinks = Field(..., serialization_alias="_links")
    total: int
    page: int
    page_size: int = Field(..., serialization_alias="pageSize")



class PageQuery(Schema):
    page: int = Field(1, ge=1, le=100_000)
    # camelCase, as the API Design Rules ask of query keys
    pageSize: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


def paged(request: Any, queryset: Any, query: PageQuery) -> dict[str, Any]:
    return page_of(request, queryset, query.page, query.pageSize)
