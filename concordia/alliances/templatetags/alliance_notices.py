"""The notice on every alliance page for a person who only reads it (observer, external
reviewer): which role, and until when (docs/access.md, "Roles"). An external reviewer reads,
and writes only the findings of a review (concordia/reviews)."""

from typing import Any

from django import template

from concordia.access import policy
from concordia.alliances.choices import Role
from concordia.alliances.models import Alliance

register = template.Library()


@register.inclusion_tag("alliances/_read_only_notice.html", takes_context=True)
def read_only_notice(context: template.Context, alliance: Alliance) -> dict[str, Any]:
    request = context.get("request")
    if request is None:
        return {"roles": None}
    status = policy.read_only_status(request.user, alliance.pk)
    if status is None:
        return {"roles": None}
    roles, until = status
    reviewer = any(m.role == Role.EXTERNAL_REVIEWER
                   for m in policy.live_memberships(request.user, alliance.pk))
    return {"roles": roles, "until": until, "reviewer": reviewer}
