"""The building blocks' section of the design sheet: the pillar coverage and its gaps.
Registered with ``design.sheet`` by the app config, so design does not import blocks."""

from typing import Any

from concordia.alliances.models import Alliance

from . import selectors
from .presentation import sheet_coverage_context


def coverage_section(*, user: Any, alliance: Alliance) -> dict[str, Any]:
    return sheet_coverage_context(selectors.coverage_get(user=user, alliance=alliance))
