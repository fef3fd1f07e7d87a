"""The API's JSON body parser: a request body is a JSON object, and its text has no NUL
characters and no lone surrogates, which the databases cannot store (they would otherwise
reach the database and end in a 500). What it refuses is answered 400 with the place and
reason (see api.main)."""

import json
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.parser import Parser


class BodyRefused(ValueError):
    def __init__(self, location: str, code: str, reason: str) -> None:
        super().__init__(f"{reason} ({location})")
        self.location = location
        self.code = code
        self.reason = reason


class NullCharacterError(BodyRefused):
    def __init__(self, location: str) -> None:
        super().__init__(location, "null_character",
                         _("Text may not contain NUL characters."))


class SurrogateError(BodyRefused):
    def __init__(self, location: str) -> None:
        super().__init__(location, "surrogate",
                         _("Text must be valid Unicode: a lone surrogate (\\ud800-\\udfff) "
                           "is not."))


def _check_text(text: str, location: str) -> None:
    if "\x00" in text:
        raise NullCharacterError(location)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # JSON's "\ud800" escape: no database can store it
        raise SurrogateError(location) from None


def refuse_null_characters(value: Any, location: str = "") -> None:
    if isinstance(value, str):
        _check_text(value, location or "body")
    elif isinstance(value, dict):
        for key, item in value.items():
            where = f"{location}.{key}" if location else str(key)
            _check_text(key, where)
            refuse_null_characters(item, where)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            refuse_null_characters(item, f"{location}.{index}" if location else str(index))


class ApiParser(Parser):
    def parse_body(self, request: HttpRequest) -> Any:
        data = json.loads(request.body)
        if not isinstance(data, dict):
            # ninja would otherwise read a bare string or list as the value of a lone field.
            raise BodyRefused("body", "type", _("The body must be a JSON object."))
        refuse_null_characters(data)
        return data
