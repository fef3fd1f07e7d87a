"""The agreements' section on other apps' pages: a body's page and a decision's page list the
agreements related to them through these tags, so bodies and decisions never import
agreements (agreements builds on them, not the other way round)."""

from typing import Any

from django import template

from concordia.agreements import selectors

register = template.Library()


@register.inclusion_tag("agreements/_related.html", takes_context=True)
def agreements_of_body(context: template.Context, body: Any) -> dict[str, Any]:
    """``{% load agreements_panels %}{% agreements_of_body body %}``"""
    return {"items": selectors.agreements_for_body(user=context["request"].user, body=body)}


@register.inclusion_tag("agreements/_related.html", takes_context=True)
def agreements_of_decision(context: template.Context, decision: Any) -> dict[str, Any]:
    """``{% load agreements_panels %}{% agreements_of_decision decision %}``"""
    return {"items": selectors.agreements_for_decision(user=context["request"].user,
                                                       decision=decision)}
