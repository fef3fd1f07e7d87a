"""Pages of meetings: a body's page, planning, the list of upcoming meetings, a meeting with its
agenda, changing or cancelling it, and attendance. Thin: form → service / selector → template.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from concordia.access import policy
from concordia.accounts.http import AuthenticatedHttpRequest
from concordia.alliances import selectors as alliance_selectors
from concordia.alliances.models import Alliance
from concordia.bodies.models import Body
from concordia.core.errors import DomainError
from concordia.core.views import render_form_page, run_service

from . import rules, selectors, services
from .choices import ItemStatus, MeetingStatus
from .forms import (
    AgendaItemEditForm,
    AgendaItemForm,
    AttendanceForm,
    ItemActionForm,
    MeetingCancelForm,
    MeetingEditForm,
    MeetingPlanForm,
)
from .models import AgendaItem, Meeting

MEETINGS_PER_PAGE = 50


def _alliance(request: AuthenticatedHttpRequest, pk: int) -> Alliance:
    return alliance_selectors.alliance_get(user=request.user, pk=pk)


def _rights(request: AuthenticatedHttpRequest, body: Body) -> dict[str, bool]:
    return {"may_write": policy.can_in_body(request.user, "body.write", body),
            "may_organise": policy.can_in_body(request.user, "body.organise", body),
            "is_member": policy.can_in_body(request.user, "body.read_confidential", body)}


# --- the body ---------------------------------------------------------------------------------


@login_required
def body_detail(request: AuthenticatedHttpRequest, pk: int, body_pk: int) -> HttpResponse:
    """A body: mandate, seats, chair rule, the next meetings with their chair, the past ones and
    the partners flagged for missing meetings."""
    alliance = _alliance(request, pk)
    body = selectors.body_get(user=request.user, alliance=alliance, pk=body_pk)
    page = selectors.body_page(user=request.user, body=body)
    return render(request, "meetings/body_detail.html", {
        "alliance": alliance, "body": body, "page": page, **_rights(request, body),
        "may_set_up": policy.can_in_body(request.user, "body.set_up", body),
        "threshold": rules.ABSENCE_THRESHOLD})


@login_required
def meeting_plan(request: AuthenticatedHttpRequest, pk: int, body_pk: int) -> HttpResponse:
    """Plan one meeting or a series (the body's chair or secretary)."""
    alliance = _alliance(request, pk)
    body = selectors.body_get(user=request.user, alliance=alliance, pk=body_pk)
    policy.require_in_body(request.user, "body.organise", body)
    form = MeetingPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["plan"] == MeetingPlanForm.SERIES:
            series = run_service(form, lambda: services.series_plan(
                actor=request.user, body=body, frequency=data["frequency"],
                first_starts_at=data["starts_at"], occurrences=data["occurrences"],
                duration_minutes=data["duration_minutes"], title=data["title"],
                location=data["location"]))
            if series is not None:
                messages.success(request, _("The series is planned."))
                return redirect("body_detail", pk=pk, body_pk=body.pk)
        else:
            meeting = run_service(form, lambda: services.meeting_plan(
                actor=request.user, body=body, starts_at=data["starts_at"],
                duration_minutes=data["duration_minutes"], title=data["title"],
                location=data["location"]))
            if meeting is not None:
                messages.success(request, _("The meeting is planned."))
                return redirect("meeting_detail", pk=pk, meeting_pk=meeting.pk)
    return render_form_page(request, "meetings/plan.html", {"alliance": alliance, "body": body},
                            form)


# --- meetings ---------------------------------------------------------------------------------


@login_required
def meeting_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Upcoming meetings of every body of the alliance, soonest first."""
    alliance = _alliance(request, pk)
    paginator = Paginator(selectors.upcoming_meetings(user=request.user, alliance=alliance),
                          MEETINGS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "meetings/list.html", {
        "alliance": alliance, "page": page,
        "bodies": selectors.body_list(user=request.user, alliance=alliance)})


def _meeting(request: AuthenticatedHttpRequest, pk: int, meeting_pk: int
             ) -> tuple[Alliance, Meeting]:
    alliance = _alliance(request, pk)
    return alliance, selectors.meeting_get(user=request.user, alliance=alliance, pk=meeting_pk)


def _item_form(request: AuthenticatedHttpRequest, alliance: Alliance, data: Any = None,
               form_class: type[AgendaItemForm] = AgendaItemForm, **kwargs: Any
               ) -> AgendaItemForm:
    return form_class(data, people=selectors.owner_options(user=request.user, alliance=alliance),
                      documents=selectors.documents_to_attach(user=request.user,
                                                              alliance=alliance),
                      **kwargs)


def _agenda_fragment(request: AuthenticatedHttpRequest) -> bool:
    """An up/down button sent by htmx answers with the agenda alone; a boosted link or form
    (a whole page) never does."""
    return bool(request.method == "POST" and request.htmx and not request.htmx.boosted)


def _detail(request: AuthenticatedHttpRequest, alliance: Alliance, meeting: Meeting,
            form: AgendaItemForm | None, *, error: str = "", status: int = 200) -> HttpResponse:
    rights = _rights(request, meeting.body)
    items = selectors.agenda_items(user=request.user, meeting=meeting)
    agenda = [i for i in items if i.status == ItemStatus.ON_AGENDA]
    context = {
        "alliance": alliance, "meeting": meeting, "body": meeting.body, **rights,
        "agenda": agenda, "proposed": [i for i in items if i.status == ItemStatus.PROPOSED],
        "withdrawn": [i for i in items if i.status == ItemStatus.WITHDRAWN],
        "agenda_minutes": rules.agenda_minutes([i.time_box_minutes for i in agenda]),
        "planned": meeting.status == MeetingStatus.PLANNED, "form": form, "error": error,
        "user_pk": request.user.pk,
        "minutes_approved": selectors.minutes_approved(meeting),
    }
    if _agenda_fragment(request) and not form:
        return render(request, "meetings/detail.html#agenda", context, status=status)
    return render(request, "meetings/detail.html", context, status=status)


@login_required
def meeting_detail(request: AuthenticatedHttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    """A meeting with its agenda. Members propose items; the chair and the secretary put them
    on the agenda, order them (up/down, with or without JavaScript) and publish the agenda."""
    alliance, meeting = _meeting(request, pk, meeting_pk)
    body = meeting.body
    if request.method != "POST":
        form = (_item_form(request, alliance)
                if policy.can_in_body(request.user, "body.write", body) else None)
        return _detail(request, alliance, meeting, form)
    action = request.POST.get("action", "")
    here = reverse("meeting_detail", kwargs={"pk": pk, "meeting_pk": meeting.pk})
    if action == "propose":
        policy.require_in_body(request.user, "body.write", body)
        form = _item_form(request, alliance, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            item = run_service(form, lambda: services.agenda_item_propose(
                actor=request.user, meeting=meeting, title=data["title"], kind=data["kind"],
                description=data["description"], owner=data["owner"],
                time_box_minutes=data["time_box_minutes"], confidential=data["confidential"],
                documents=list(data["documents"])))
            if item is not None:
                messages.success(request, _("The item is proposed.")
                                 if item.status == ItemStatus.PROPOSED
                                 else _("The item is on the agenda."))
                return redirect(f"{here}#item-{item.pk}")
        return _detail(request, alliance, meeting, form,
                       status=422 if form.errors else 200)
    if action == "publish":
        policy.require_in_body(request.user, "body.organise", body)
        try:
            services.agenda_publish(actor=request.user, meeting=meeting)
        except DomainError as exc:
            return _detail(request, alliance, meeting, None, error=exc.message, status=422)
        messages.success(request, _("The agenda is published; the members are told."))
        return redirect(here)
    return _item_action(request, alliance, meeting, here)


def _item_action(request: AuthenticatedHttpRequest, alliance: Alliance, meeting: Meeting,
                 here: str) -> HttpResponse:
    """Up, down, on the agenda, withdraw: a button beside an item."""
    form = ItemActionForm(request.POST)
    if not form.is_valid():
        raise Http404
    item = selectors.agenda_item_get(user=request.user, meeting=meeting,
                                     pk=form.cleaned_data["item"])
    action = form.cleaned_data["action"]
    body = meeting.body
    own = item.proposed_by_id == request.user.pk
    if not (policy.can_in_body(request.user, "body.organise", body)
            or (action == "withdraw" and own
                and policy.can_in_body(request.user, "body.write", body))):
        raise PermissionDenied
    try:
        if action in ("up", "down"):
            services.agenda_item_move(actor=request.user, item=item,
                                      step=-1 if action == "up" else 1)
        else:
            services.agenda_item_schedule(actor=request.user, item=item,
                                          on_agenda=action == "schedule")
    except DomainError as exc:
        return _detail(request, alliance, meeting, None, error=exc.message, status=422)
    if _agenda_fragment(request):
        return _detail(request, alliance, meeting, None)
    return redirect(f"{here}#item-{item.pk}")


@login_required
def meeting_edit(request: AuthenticatedHttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    """Change the time, length, title or place of a meeting, or cancel it (organisers)."""
    alliance, meeting = _meeting(request, pk, meeting_pk)
    policy.require_in_body(request.user, "body.organise", meeting.body)
    initial = {"starts_at": meeting.starts_at, "duration_minutes": meeting.duration_minutes,
               "title": meeting.title, "location": meeting.location, "version": meeting.version}
    cancelling = request.POST.get("action") == "cancel"
    form = MeetingEditForm(request.POST if request.method == "POST" and not cancelling else None,
                           initial=initial)
    # Its own ids: the page holds the change form too, with a version field of its own.
    cancel_form = MeetingCancelForm(request.POST if cancelling else None, auto_id="cancel_%s",
                                    initial={"version": meeting.version})
    here = reverse("meeting_detail", kwargs={"pk": pk, "meeting_pk": meeting.pk})
    if cancelling and cancel_form.is_valid():
        if run_service(cancel_form, lambda: services.meeting_cancel(
                actor=request.user, meeting=meeting,
                expected_version=cancel_form.cleaned_data["version"])) is not None:
            messages.success(request, _("The meeting is cancelled."))
            return redirect(here)
    elif form.is_bound and form.is_valid():
        data = form.cleaned_data
        if run_service(form, lambda: services.meeting_change(
                actor=request.user, meeting=meeting, expected_version=data["version"],
                starts_at=data["starts_at"], duration_minutes=data["duration_minutes"],
                title=data["title"], location=data["location"])) is not None:
            messages.success(request, _("The meeting is changed."))
            return redirect(here)
    refused = (form.is_bound and form.errors) or (cancel_form.is_bound and cancel_form.errors)
    return render(request, "meetings/edit.html", {
        "alliance": alliance, "meeting": meeting, "body": meeting.body, "form": form,
        "cancel_form": cancel_form, "planned": meeting.status == MeetingStatus.PLANNED,
    }, status=422 if refused else 200)


@login_required
def agenda_item_edit(request: AuthenticatedHttpRequest, pk: int, meeting_pk: int,
                     item_pk: int) -> HttpResponse:
    """Change an agenda item: its proposer, or the chair or the secretary."""
    alliance, meeting = _meeting(request, pk, meeting_pk)
    item = selectors.agenda_item_get(user=request.user, meeting=meeting, pk=item_pk)
    body = meeting.body
    if not (policy.can_in_body(request.user, "body.organise", body)
            or (item.proposed_by_id == request.user.pk
                and policy.can_in_body(request.user, "body.write", body))):
        raise PermissionDenied
    initial = {"title": item.title, "kind": item.kind, "description": item.description,
               "owner": item.owner_id, "time_box_minutes": item.time_box_minutes,
               "confidential": item.confidential, "version": item.version,
               "documents": [d.pk for d in _documents_of(item)]}
    form = _item_form(request, alliance, request.POST or None, AgendaItemEditForm,
                      initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if run_service(form, lambda: services.agenda_item_change(
                actor=request.user, item=item, expected_version=data["version"],
                title=data["title"], kind=data["kind"], description=data["description"],
                owner=data["owner"], time_box_minutes=data["time_box_minutes"],
                confidential=data["confidential"],
                documents=list(data["documents"]))) is not None:
            messages.success(request, _("The item is changed."))
            return redirect(reverse("meeting_detail", kwargs={"pk": pk, "meeting_pk": meeting.pk})
                            + f"#item-{item.pk}")
    return render_form_page(request, "meetings/item_edit.html", {
        "alliance": alliance, "meeting": meeting, "body": body, "item": item}, form)


def _documents_of(item: AgendaItem) -> list[Any]:
    return list(getattr(item, "visible_documents", []))


@login_required
def meeting_attendance(request: AuthenticatedHttpRequest, pk: int, meeting_pk: int
                       ) -> HttpResponse:
    """Who sat in each seat: one row per seat (recorded by the chair or the secretary)."""
    alliance, meeting = _meeting(request, pk, meeting_pk)
    body = meeting.body
    may_organise = policy.can_in_body(request.user, "body.organise", body)
    if request.method == "POST" and not may_organise:
        raise PermissionDenied
    rows = selectors.attendance_rows(user=request.user, meeting=meeting)
    form = AttendanceForm(request.POST if request.method == "POST" else None, rows=rows)
    if form.is_bound and form.is_valid():
        entries = [services.SeatAttendance(seat, status, person)
                   for seat, status, person in form.entries()]
        if run_service(form, lambda: services.attendance_record(
                actor=request.user, meeting=meeting, entries=entries)) is not None:
            messages.success(request, _("Attendance is recorded."))
            return redirect("meeting_attendance", pk=pk, meeting_pk=meeting.pk)
    return render_form_page(request, "meetings/attendance.html", {
        "alliance": alliance, "meeting": meeting, "body": body, "rows": rows,
        "may_organise": may_organise, "planned": meeting.status == MeetingStatus.PLANNED},
        form)
