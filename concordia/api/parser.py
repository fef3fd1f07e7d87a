"""The API's JSON body parser: refuses text with NUL characters, which PostgreSQL cannot store
(they would otherwise reach the database and end in a 500)."""

import json
from typing import Any

from django.http import HttpRequest
from ninja.parser import Parser


class NullCharacterError(ValueError):
    def __init__(self, location: str) -> None:
        super().__init__(f"NUL character in {location}")
        self.location = location


def refuse_null_characters(value: Any, location: str = "") -> None:
    if isinstance(value, str):
        if "\x00" in value:
            raise NullCharacterError(location or "body")
    elif isinstance(value, dict):
        for key, item in value.items():
            where = f"{location}.{key}" if location else str(key)
            if "\x00" in key:
                raise NullCharacterError(where)
            refuse_null_characters(item, where)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            refuse_null_characters(item, f"{location}.{index}" if location else str(index))


class ApiParser(Parser):
    def parse_body(self, request: HttpRequest) -> Any:
        data = json.loads(request.body)
        refuse_null_characters(data)
        return data
