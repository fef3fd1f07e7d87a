"""The design's sections on other apps' pages. The alliance dashboard shows the objective with
its endorsements through this tag, so alliances never imports design (design builds on
alliances, not the other way round)."""

from typing import Any

from django import template

from concordia.design import selectors
from concordia.design.choices import StatementKind

register = template.Library()


@register.inclusion_tag("design/_objective_section.html", takes_context=True)
def objective_section(context: template.Context, alliance: Any) -> dict[str, Any]:
    """The objective in force, with the proposal's progress beside it."""
    state = selectors.statement_state(user=context["request"].user, alliance=alliance,
                                      kind=StatementKind.OBJECTIVE)
    return {"alliance": alliance, "state": state}
