"""Checks on organisation identifiers: pure functions."""

import re


def kvk_number_problem(value: str) -> str | None:
    if value and not re.fullmatch(r"[0-9]{8}", value):
        return "kvk_format"
    return None


def oin_problem(value: str) -> str | None:
    if value and not re.fullmatch(r"[0-9]{20}", value):
        return "oin_format"
    return None
