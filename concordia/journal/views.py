"""The journal's pages: the entries, their verification and the partners' checkpoints."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from concordia.accounts.http import AuthenticatedHttpRequest

from . import selectors, services

JOURNAL_PAGE_ENTRIES = 200


@login_required
def journal_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    alliance = selectors.journal_alliance(user=request.user, alliance_id=pk)
    entries = selectors.journal_list(user=request.user, alliance_id=pk)[:JOURNAL_PAGE_ENTRIES]
    report = services.journal_verify(alliance_id=alliance.pk) if request.GET.get("verify") else None
    template = "journal/journal.html"
    if request.htmx and report is not None:
        template += "#verification"
    return render(request, template, {"alliance": alliance, "entries": entries,
                                      "report": report})
