"""Building blocks shared by the API schemas of every app."""

import datetime as dt
import enum
import types
import typing
from typing import Annotated, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from ninja import Field, Schema
from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from .fields import clean_name
from .ids import MAX_ID, MIN_ID
from .pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, page_of

# Every id the API takes, in a path, a query or a body: out of range is 404 in a path (see
# api.main) and 400 elsewhere, and never reaches the database.
Id = Annotated[int, Field(ge=MIN_ID, le=MAX_ID)]
# A version number the client sends back; the service stores it + 1.
VersionNumber = Annotated[int, Field(ge=0, le=MAX_ID - 1)]


def _name(value: str) -> str:
    try:
        return clean_name(value)
    except DjangoValidationError as error:
        raise PydanticCustomError("name_character", error.messages[0]) from None


# A name or title: NFKC-normalised, one space between words, no invisible or direction
# characters (see core.name_rules).
Name = Annotated[str, AfterValidator(_name)]


def _expected(annotation: Any, value: Any) -> str | None:
    """What JSON type ``value`` should have been for ``annotation``, or None if it has it.

    Pydantic's lax mode turns ``"true"`` and ``1`` into booleans, ``0`` into 1970-01-01 and
    ``"5"`` into 5; its strict mode refuses ISO date strings and enum values outside JSON.
    A request body is JSON, so this asks for the JSON type itself and leaves the value to
    pydantic.
    """
    origin = typing.get_origin(annotation)
    if origin is Annotated:
        return _expected(typing.get_args(annotation)[0], value)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(annotation)
        if value is None and type(None) in options:
            return None
        misses = [_expected(option, value) for option in options if option is not type(None)]
        return None if None in misses else " or ".join(m for m in misses if m)
    if origin is list:
        if not isinstance(value, list):
            return "an array"
        (item,) = typing.get_args(annotation) or (Any,)
        for element in value:
            if (miss := _expected(item, element)) is not None:
                return f"an array of {miss}" if element is not None else "an array without null"
        return None
    if origin is dict:
        if not isinstance(value, dict):
            return "an object"
        _key, item = typing.get_args(annotation) or (str, Any)
        for element in value.values():
            if (miss := _expected(item, element)) is not None:
                return f"an object of {miss}"
        return None
    if origin is typing.Literal:
        return None
    if annotation is bool:
        return None if isinstance(value, bool) else "true or false"
    if annotation is int:
        return None if isinstance(value, int) and not isinstance(value, bool) else "an integer"
    if annotation is float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return None if ok else "a number"
    if annotation in (dt.date, dt.datetime, dt.time):
        # Python callers may pass the object itself; JSON only has the ISO 8601 text.
        return None if isinstance(value, str | annotation) else "an ISO 8601 date as text"
    if isinstance(annotation, type) and issubclass(annotation, str | enum.Enum):
        return None if isinstance(value, str | annotation) else "a string"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return None if isinstance(value, dict | annotation) else "an object"
    return None


class InSchema(Schema):
    """The base of every request body: fields take their JSON type only (no coercion from
    strings, numbers or booleans), null only where the schema allows it, and unknown keys are
    refused so that a typo never passes silently."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _json_type_only(cls, value: Any, info: ValidationInfo) -> Any:
        field = cls.model_fields.get(info.field_name or "")
        if field is not None and (expected := _expected(field.annotation, value)) is not None:
            raise PydanticCustomError("json_type", "Input should be {expected}.",
                                      {"expected": expected})
        return value



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
    # Query values arrive as text; their bounds keep them from the database.
    page: int = Field(1, ge=1, le=100_000)
    # camelCase, as the API Design Rules ask of query keys
    pageSize: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


def paged(request: Any, queryset: Any, query: PageQuery) -> dict[str, Any]:
    return page_of(request, queryset, query.page, query.pageSize)
