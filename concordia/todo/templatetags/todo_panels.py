"""The to-do list's panels on other apps' pages. The alliance dashboard shows a new alliance's
first steps through this tag, so alliances never imports the apps the steps are about (design,
bodies, blocks build on alliances, not the other way round)."""

from typing import Any

from django import template

from concordia.access import policy
from concordia.todo import rules, selectors

register = template.Library()


@register.inclusion_tag("todo/_first_steps.html", takes_context=True)
def first_steps(context: template.Context, alliance: Any) -> dict[str, Any]:
    """For those who set the alliance up (who edit its design); nobody else has these steps to
    take, and the list is gone once every step is taken."""
    user = context["request"].user
    if not policy.can(user, "alliance.edit_design", alliance):
        return {"steps": []}
    steps = rules.first_steps(selectors.first_steps_done(user=user, alliance=alliance))
    return {"alliance": alliance, "steps": steps,
            "may_invite_partner": policy.can(user, "alliance.invite_partner", alliance)}
