"""Pages of the minutes: one page per meeting's minutes (read, draft, corrections, approval) and
each version as it was. Thin: form → service / selector → template. Every POST answers with a
redirect to the page, or the page again with the refused form (422)."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from concordia.accounts.http import AuthenticatedHttpRequest
from concordia.alliances import selectors as alliance_selectors
from concordia.core.views import run_service

from . import minutes_selectors as selectors
from . import minutes_services as services
from .choices import MinutesStatus
from .minutes_forms import (
    ApproveForm,
    CirculateForm,
    CorrectionForm,
    MinutesDraftForm,
    ResolveForm,
)
from .models import Meeting, Minutes

TEMPLATE = "meetings/minutes_detail.html"


def _meeting(request: AuthenticatedHttpRequest, pk: int, meeting_pk: int) -> Meeting:
    alliance = alliance_selectors.alliance_get(user=request.user, pk=pk)
    return selectors.meeting_get(user=request.user, alliance=alliance, pk=meeting_pk)


def _url(meeting: Meeting) -> str:
    return reverse("minutes_detail", kwargs={"pk": meeting.body.alliance_id,
                                             "meeting_pk": meeting.pk})


def _revision(view: selectors.MinutesView) -> int:
    return view.minutes.revision if view.minutes is not None else 0


def _page(request: AuthenticatedHttpRequest, meeting: Meeting,
          bound: dict[str, forms.Form] | None = None, status: int = 200) -> HttpResponse:
    """The minutes page with the forms this reader may use (a refused one bound, with its
    errors)."""
    bound = bound or {}
    view = selectors.minutes_read(user=request.user, meeting=meeting, with_actions=True)
    items = [row.item for row in view.items]
    revision = _revision(view)
    status_now = view.minutes.status if view.minutes is not None else None
    context: dict[str, Any] = {
        "alliance": meeting.body.alliance, "meeting": meeting, "view": view,
        "version": view.version, "approval_meeting": None, "forms": {},
    }
    page_forms: dict[str, Any] = context["forms"]
    if view.may_organise and status_now != MinutesStatus.APPROVED:
        initial: dict[str, Any] = {"revision": revision,
                                   "summary": view.version.summary if view.version else ""}
        for row in view.items:
            initial[f"note_{row.item.pk}"] = row.note
        page_forms["draft"] = bound.get("draft") or MinutesDraftForm(
            initial=initial, items=items, prefix="draft")
        if status_now == MinutesStatus.DRAFT:
            page_forms["circulate"] = bound.get("circulate") or CirculateForm(
                initial={"revision": revision}, prefix="circulate")
        if status_now == MinutesStatus.CIRCULATED:
            page_forms["approve"] = bound.get("approve") or ApproveForm(
                initial={"revision": revision}, prefix="approve")
            context["approval_meeting"] = selectors.approval_meeting(meeting)
            resolve: dict[int, forms.Form] = {}
            for correction in view.open_corrections:
                key = f"resolve-{correction.pk}"
                resolve[correction.pk] = bound.get(key) or ResolveForm(
                    initial={"revision": revision}, prefix=key)
            context["resolve_forms"] = resolve
    if view.may_correct and view.corrections_open:
        page_forms["correct"] = bound.get("correct") or CorrectionForm(items=items,
                                                                       prefix="correct")
    # A refused form's errors are listed at the top too (the form itself may no longer be
    # offered: a correction settled meanwhile, a period that ended).
    context["refused"] = next(iter(bound.values()), None)
    return render(request, TEMPLATE, context, status=status)


@login_required
def minutes_detail(request: AuthenticatedHttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    """The minutes of a meeting: the newest version this reader may see, the items' actions,
    the corrections, and the forms of the writer's part."""
    return _page(request, _meeting(request, pk, meeting_pk))


@login_required
def minutes_version(request: AuthenticatedHttpRequest, pk: int, meeting_pk: int,
                    number: int) -> HttpResponse:
    """One version of the minutes as it was written (versions are kept for ever)."""
    meeting = _meeting(request, pk, meeting_pk)
    view = selectors.minutes_read(user=request.user, meeting=meeting, number=number)
    return render(request, "meetings/minutes_version.html", {
        "alliance": meeting.body.alliance, "meeting": meeting, "view": view,
        "version": view.version})


def _submit(request: AuthenticatedHttpRequest, meeting: Meeting, key: str, form: forms.Form,
            call: Callable[[], Any], done: str) -> HttpResponse:
    """Validate, run the service, redirect with a message; or the page again with the
    errors (422)."""
    if form.is_valid() and run_service(form, call) is not None:
        messages.success(request, done)
        return redirect(_url(meeting))
    return _page(request, meeting, {key: form}, status=422)


@login_required
@require_POST
def minutes_draft(request: AuthenticatedHttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, meeting_pk)
    items = selectors.agenda_items(user=request.user, meeting=meeting)
    form = MinutesDraftForm(request.POST, items=items, prefix="draft")
    return _submit(request, meeting, "draft", form, lambda: services.minutes_draft_save(
        actor=request.user, meeting=meeting, summary=form.cleaned_data["summary"],
        notes=form.notes(), expected_revision=form.cleaned_data["revision"]),
        _("The minutes are saved."))


def _minutes_or_404(request: AuthenticatedHttpRequest, meeting: Meeting) -> Minutes:
    return selectors.minutes_get(user=request.user, meeting=meeting)


@login_required
@require_POST
def minutes_circulate(request: AuthenticatedHttpRequest, pk: int,
                      meeting_pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, meeting_pk)
    minutes = _minutes_or_404(request, meeting)
    form = CirculateForm(request.POST, prefix="circulate")
    return _submit(request, meeting, "circulate", form, lambda: services.minutes_circulate(
        actor=request.user, minutes=minutes, days=form.cleaned_data["days"],
        expected_revision=form.cleaned_data["revision"]),
        _("The minutes are circulated to those present."))


@login_required
@require_POST
def minutes_correction_propose(request: AuthenticatedHttpRequest, pk: int,
                               meeting_pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, meeting_pk)
    minutes = _minutes_or_404(request, meeting)
    items = selectors.agenda_items(user=request.user, meeting=meeting)
    form = CorrectionForm(request.POST, items=items, prefix="correct")
    return _submit(request, meeting, "correct", form, lambda: services.correction_propose(
        actor=request.user, minutes=minutes, text=form.cleaned_data["text"],
        agenda_item=form.item()), _("Your correction is proposed."))


@login_required
@require_POST
def minutes_correction_resolve(request: AuthenticatedHttpRequest, pk: int, meeting_pk: int,
                               correction_pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, meeting_pk)
    correction = selectors.correction_get(user=request.user, meeting=meeting, pk=correction_pk)
    key = f"resolve-{correction.pk}"
    form = ResolveForm(request.POST, prefix=key)

    def call() -> Any:
        accept = form.cleaned_data["decision"] == "accept"
        text = form.cleaned_data["text"].strip()
        summary: str | None = None
        notes: dict[str, str] | None = None
        if accept and text:
            if correction.agenda_item_id is None:
                summary = text
            else:
                current = selectors.minutes_read(user=request.user, meeting=meeting).version
                notes = dict(current.notes) if current is not None else {}
                notes[str(correction.agenda_item_id)] = text
        return services.correction_resolve(
            actor=request.user, correction=correction, accept=accept, summary=summary,
            notes=notes, expected_revision=form.cleaned_data["revision"])

    return _submit(request, meeting, key, form, call, _("The correction is settled."))


@login_required
@require_POST
def minutes_approve(request: AuthenticatedHttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    meeting = _meeting(request, pk, meeting_pk)
    minutes = _minutes_or_404(request, meeting)
    form = ApproveForm(request.POST, prefix="approve")
    return _submit(request, meeting, "approve", form, lambda: services.minutes_approve(
        actor=request.user, minutes=minutes, expected_revision=form.cleaned_data["revision"]),
        _("The minutes are approved."))
