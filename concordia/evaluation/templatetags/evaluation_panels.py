"""The evaluation's panels on other apps' pages: the building blocks' coverage page links to in
place vs experienced (with its discussion points), the stage assessment page shows the latest
round's dimension scores beside the partners' stage ratings, and the alliance dashboard lists
the open improvement actions. Through these tags, so that blocks, design and alliances never
import the evaluation (it builds on them, not the other way round)."""

from typing import Any

from django import template

from concordia.actions import selectors as action_selectors
from concordia.actions.choices import ActionStatus
from concordia.evaluation import feed_presentation, feed_selectors

register = template.Library()

DASHBOARD_ACTIONS = 5


@register.inclusion_tag("evaluation/_in_place_panel.html", takes_context=True)
def in_place_panel(context: template.Context, alliance: Any) -> dict[str, Any]:
    """``{% load evaluation_panels %}{% in_place_panel alliance %}``"""
    feed = feed_selectors.design_feed(user=context["request"].user, alliance=alliance)
    return {"alliance": alliance, "round": feed.round,
            "discussion": feed_presentation.feed_context(feed)["discussion"]}


@register.inclusion_tag("evaluation/_stage_scores.html", takes_context=True)
def stage_scores(context: template.Context, alliance: Any) -> dict[str, Any]:
    """``{% load evaluation_panels %}{% stage_scores alliance %}``"""
    scores = feed_selectors.latest_dimension_scores(user=context["request"].user,
                                                    alliance=alliance)
    return {"alliance": alliance, "scores": scores,
            "rows": feed_presentation.dimension_rows(scores)}


@register.inclusion_tag("evaluation/_improvement_actions_panel.html", takes_context=True)
def improvement_actions_panel(context: template.Context, alliance: Any) -> dict[str, Any]:
    """``{% load evaluation_panels %}{% improvement_actions_panel alliance %}``: the open
    improvement actions, the oldest due first."""
    actions = action_selectors.improvement_action_list(
        user=context["request"].user, alliance=alliance, status=ActionStatus.OPEN)
    shown = list(actions[:DASHBOARD_ACTIONS + 1])
    return {"alliance": alliance, "actions": [
        {"action": a, "strengthens": (feed_presentation.pillar_label(a.pillar) if a.pillar
                                      else feed_presentation.block_label(a.block))}
        for a in shown[:DASHBOARD_ACTIONS]], "more": len(shown) > DASHBOARD_ACTIONS}
