"""The notice on every alliance page for a person who only reads it (observer, external
reviewer): which role, and until when (docs/access.md, "Roles")."""

from typing import Any

from django import template

from concordia.access import policy
from concordia.alliances.models import Alliance

register = template.Library()


@register.inclusion_tag("alliances/_read_only_notice.html", takes_context=True)
def read_only_notice(context: template.Context, alliance: Alliance) -> dict[str, Any]:
    request = context.get("request")
    status = policy.read_only_status(request.user, alliance.pk) if request else None
    if status is None:
        return {"roles": None}
    roles, until = status
    return {"roles": roles, "until": until}
