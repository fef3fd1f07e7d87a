"""The home page: the front door for visitors; for a person, what waits for them in every
alliance, above their alliances."""

from typing import cast

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from concordia.accounts.http import AuthenticatedHttpRequest
from concordia.alliances import selectors as alliance_selectors

from . import links, selectors


def home(request: HttpRequest) -> HttpResponse:
    """The front door for a visitor (what Concordia is, the public model and form advisor);
    for a person logged in, their start page."""
    if not request.user.is_authenticated:
        return render(request, "todo/landing.html")
    return _start_page(cast(AuthenticatedHttpRequest, request))


def _start_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The person's to-do list, their alliances and their organisation's invitations; a
    person without an organisation registers one first."""
    if request.user.organisation_id is None:
        return redirect("organisation_register")
    todo = selectors.todo_get(user=request.user)
    return render(request, "todo/home.html", {
        "todo": todo,
        "endorsements": [(v, links.statement_url(v)) for v in todo.endorsements],
        "decisions": [(d, links.decision_url(d)) for d in todo.decisions],
        "signatures": [(v, links.agreement_url(v.agreement)) for v in todo.signatures],
        "sections": [(r, links.section_url(r)) for r in todo.sections],
        "bottlenecks": [(row, links.bottleneck_url(row.bottleneck)) for row in todo.bottlenecks],
        "recommendations": [(f, links.recommendation_url(f)) for f in todo.recommendations],
        "minutes": [(m, links.minutes_url(m)) for m in todo.minutes],
        "actions": [(row, links.action_url(row.action)) for row in todo.actions],
        "meetings": [(m, links.meeting_url(m)) for m in todo.meetings],
        "alliances": alliance_selectors.alliance_list(user=request.user),
        "portfolio": alliance_selectors.organisation_alliance_list(user=request.user),
        "pending": todo.partner_invitations,
    })
