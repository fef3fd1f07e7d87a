"""The journal's pages: the entries, their verification and the partners' checkpoints."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from concordia.accounts.http import AuthenticatedHttpRequest
from concordia.core.errors import DomainError

from . import selectors, services

JOURNAL_PAGE_ENTRIES = 200


@require_GET
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


@require_GET
@login_required
def journal_checkpoint(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The journal's signed checkpoint as a JSON file, for the partner to keep."""
    alliance = selectors.journal_alliance(user=request.user, alliance_id=pk)
    try:
        checkpoint = services.journal_checkpoint(alliance_id=alliance.pk)
    except DomainError as exc:
        return render(request, "journal/journal.html", {
            "alliance": alliance, "report": services.journal_verify(alliance_id=alliance.pk),
            "entries": selectors.journal_list(user=request.user,
                                              alliance_id=pk)[:JOURNAL_PAGE_ENTRIES],
            "checkpoint_error": exc.message}, status=exc.status)
    response = JsonResponse(checkpoint.as_dict(), json_dumps_params={"indent": 2})
    filename = f"journal-checkpoint-alliance-{checkpoint.alliance}-entry-{checkpoint.seq}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
