"""Ids are bounded: 1 … 2^63-1, the range of a 64-bit database key.

A larger number never reaches the database (SQLite raises OverflowError on it, a 500): in a
page's path it matches no route (404), in the API's path 404, in a body or query 400, in a
form a field error.
"""

MIN_ID = 1
MAX_ID = 2**63 - 1


def is_id(value: int) -> bool:
    return MIN_ID <= value <= MAX_ID


class IdConverter:
    """``<id:pk>`` in every page route: digits within the id range, else no match (404)."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not is_id(number):
            raise ValueError(value)  # Django's resolver: this route does not match
        return number

    def to_url(self, value: int | str) -> str:
        return str(int(value))
