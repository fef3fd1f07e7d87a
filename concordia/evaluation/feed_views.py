"""Pages where the evaluation feeds the design: in place vs experienced per pillar, an
improvement action made out of a closed round's results (per pillar, or from a discussion
point), and the alliance's improvement actions with their pillar's score before and after."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from concordia.access import policy
from concordia.accounts.http import AuthenticatedHttpRequest
from concordia.actions import views as action_views
from concordia.alliances import selectors as alliance_selectors

from . import feed_selectors
from .choices import RoundState
from .feed_presentation import action_rows, feed_context, pillar_label
from .instrument import STANDARD_BY_KEY
from .results_presentation import dimension_label
from .results_selectors import round_get


@login_required
def evaluation_in_place(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Per pillar: the blocks in place beside the pillar as experienced in the latest closed
    round, with the change since the round before and what the two say together."""
    alliance = alliance_selectors.alliance_get(user=request.user, pk=pk)
    feed = feed_selectors.design_feed(user=request.user, alliance=alliance)
    return render(request, "evaluation/in_place.html", {
        **feed_context(feed),
        "may_act": feed.round is not None and policy.can_create_action(request.user, alliance,
                                                                        None),
    })


def _point_text(point: str) -> str:
    """The discussion point an action comes from (``statement:<key>`` or
    ``dimension:<key>``), in words; empty when it is not one."""
    kind, _sep, key = point.partition(":")
    if kind == "statement" and key in STANDARD_BY_KEY:
        return str(STANDARD_BY_KEY[key].text)
    if kind == "dimension" and key in {"cultural", "relational", "procedural", "content"}:
        return dimension_label(key).capitalize()
    return ""


@login_required
def results_improvement_action_create(request: AuthenticatedHttpRequest, pk: int, year: int,
                                      pillar: str) -> HttpResponse:
    """Make an improvement action out of a closed round's results for one pillar (from the
    pillar's row, or from a discussion point: ``?point=statement:<key>``)."""
    round_ = round_get(user=request.user, alliance_id=pk, year=year)
    if round_.state != RoundState.CLOSED or pillar not in feed_selectors.PILLARS:
        raise Http404
    alliance = round_.alliance
    point = _point_text(request.GET.get("point", ""))
    label = pillar_label(pillar)
    description = (_("Out of the evaluation %(year)s, discussion point: %(point)s")
                   % {"year": year, "point": point} if point
                   else _("Out of the evaluation %(year)s.") % {"year": year})
    return action_views.improvement_action_page(
        request, alliance=alliance, pillar=pillar,
        template="evaluation/improvement_action_create.html",
        context={"alliance": alliance, "round": round_, "pillar_label": label,
                 "point": point},
        initial={"title": _("Strengthen %(pillar)s") % {"pillar": label},
                 "description": description},
        done_url=reverse("improvement_actions", kwargs={"pk": alliance.pk}))


@login_required
def improvement_action_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The alliance's improvement actions, open and done, each with its pillar's experienced
    score in the last closed round before it was made and in the next one after."""
    alliance = alliance_selectors.alliance_get(user=request.user, pk=pk)
    rows = feed_selectors.improvement_action_rows(user=request.user, alliance=alliance)
    return render(request, "evaluation/improvement_actions.html", {
        "alliance": alliance, "rows": action_rows(rows),
        "latest_year": feed_selectors.latest_closed_year(alliance),
        "may_act": policy.can_create_action(request.user, alliance, None),
    })
