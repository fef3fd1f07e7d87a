"""Pages of action items: the overview of the alliance's open actions (by body, owner or age;
overdue ones stand out), giving one, and one action with its edit and close forms."""

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from concordia.access import policy
from concordia.accounts.http import AuthenticatedHttpRequest
from concordia.alliances import selectors as alliance_selectors
from concordia.alliances.models import Alliance
from concordia.core.ids import is_id
from concordia.core.views import render_form_page, run_service
from concordia.handbook.catalogue import Block, Pillar
from concordia.handbook.texts import BUILDING_BLOCKS, PILLARS
from concordia.meetings.models import AgendaItem

from . import rules, selectors, services
from .forms import (
    ActionCloseForm,
    ActionCreateForm,
    ActionEditForm,
    ActionFilterForm,
    ImprovementActionForm,
)
from .models import ActionItem

AGE_LABELS = {
    rules.Age.WEEK: gettext_lazy("up to a week"),
    rules.Age.MONTH: gettext_lazy("up to a month"),
    rules.Age.QUARTER: gettext_lazy("up to three months"),
    rules.Age.OLDER: gettext_lazy("longer than three months"),
}


def _alliance(request: AuthenticatedHttpRequest, pk: int) -> Alliance:
    return alliance_selectors.alliance_get(user=request.user, pk=pk)


def _owner_name(action: ActionItem) -> str:
    if action.owner_partner is not None:
        return action.owner_partner.organisation.name
    return str(action.owner_person) if action.owner_person is not None else ""


@dataclass
class Row:
    action: ActionItem
    overdue: bool
    age: rules.Age

    @property
    def owner(self) -> str:
        return _owner_name(self.action)

    @property
    def age_label(self) -> Any:
        return AGE_LABELS[self.age]


@dataclass
class Group:
    title: str
    rows: list[Row] = field(default_factory=list)

    @property
    def overdue(self) -> int:
        return sum(1 for row in self.rows if row.overdue)


def _groups(rows: list[Row], by: str) -> list[Group]:
    groups: dict[Any, Group] = {}
    for row in rows:
        if by == "owner":
            key: Any = row.owner
            title = row.owner
        elif by == "age":
            key = list(rules.Age).index(row.age)
            title = str(row.age_label)
        else:
            key = row.action.body.name if row.action.body else ""
            title = key or _("The alliance as a whole")
        groups.setdefault(key, Group(title)).rows.append(row)
    return [groups[k] for k in sorted(groups, key=lambda k: (k == "", k))]


ACTIONS_PER_PAGE = 100
# The overview's order per grouping, so that each page holds whole stretches of its groups.
GROUP_ORDER = {
    "body": (F("body__name").asc(nulls_last=True), "due_on", "pk"),
    "owner": (F("owner_partner__organisation__name").asc(nulls_last=True),
              "owner_person__full_name", "owner_person__email", "due_on", "pk"),
    "age": ("-created_at", "pk"),
}


@login_required
def action_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """All open actions of the alliance, grouped by body, owner or age; overdue ones marked."""
    alliance = _alliance(request, pk)
    partners, people = selectors.owner_options(user=request.user, alliance=alliance)
    bodies = selectors.body_options(user=request.user, alliance=alliance)
    form = ActionFilterForm(request.GET or None, bodies=bodies, partners=partners,
                            people=people, age_labels=AGE_LABELS)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    body = data.get("body") or ""
    actions = selectors.action_list(
        user=request.user, alliance=alliance,
        body_id=int(body) if body.isdigit() and is_id(int(body)) else None,
        owner=data.get("owner") or "", age=data.get("age") or "",
        overdue_only=bool(data.get("overdue")))
    today = timezone.localdate()
    group_by = data.get("group") or "body"
    # One page of rows in the order of their groups; a group may continue on the next page.
    page = Paginator(actions.order_by(*GROUP_ORDER[group_by]), ACTIONS_PER_PAGE).get_page(
        request.GET.get("page"))
    rows = [Row(a, rules.is_overdue(a.status, a.due_on, today),
                rules.age_of(timezone.localdate(a.created_at), today)) for a in page]
    totals = actions.aggregate(count=Count("pk"), overdue=Count("pk", filter=Q(
        due_on__lt=today)))
    return render(request, "actions/list.html", {
        "alliance": alliance, "form": form, "groups": _groups(rows, group_by), "page": page,
        "count": totals["count"], "overdue": totals["overdue"],
        "may_create": policy.can_create_action(request.user, alliance, None),
    })


def _agenda_item(request: AuthenticatedHttpRequest, alliance: Alliance,
                 value: str) -> AgendaItem | None:
    value = (value or "").strip()
    if not value.isdigit() or not is_id(int(value)):
        return None
    return selectors.agenda_item_get(user=request.user, alliance=alliance, pk=int(value))


@login_required
def action_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Give an action, for the alliance as a whole or out of an agenda item
    (``?agenda_item=<id>``, from the minutes page)."""
    alliance = _alliance(request, pk)
    source = request.POST if request.method == "POST" else request.GET
    item = _agenda_item(request, alliance, source.get("agenda_item", ""))
    body = item.meeting.body if item is not None else None
    if not policy.can_create_action(request.user, alliance, body):
        raise PermissionDenied
    partners, people = selectors.owner_options(user=request.user, alliance=alliance)
    context = {"alliance": alliance, "item": item}
    if request.method != "POST":
        form = ActionCreateForm(partners=partners, people=people,
                                initial={"agenda_item": item.pk if item else ""})
        return render_form_page(request, "actions/create.html", context, form)
    form = ActionCreateForm(request.POST, partners=partners, people=people)
    if form.is_valid():
        person, partner = form.owner_objects()
        action = run_service(form, lambda: services.action_create(
            actor=request.user, alliance=alliance, title=form.cleaned_data["title"],
            description=form.cleaned_data["description"], owner_person=person,
            owner_partner=partner, due_on=form.cleaned_data["due_on"],
            block=form.cleaned_data["block"], pillar=form.cleaned_data["pillar"],
            agenda_item=item))
        if action is not None:
            messages.success(request, _("The action is given."))
            if item is not None:
                return redirect(reverse("minutes_detail", kwargs={
                    "pk": alliance.pk, "meeting_pk": item.meeting_id}) + f"#item-{item.pk}")
            return redirect("action_detail", pk=alliance.pk, action_pk=action.pk)
    return render_form_page(request, "actions/create.html", context, form)


def _owner_value(action: ActionItem) -> str:
    if action.owner_partner_id is not None:
        return f"partner:{action.owner_partner_id}"
    return f"person:{action.owner_person_id}" if action.owner_person_id is not None else ""


@login_required
def action_detail(request: AuthenticatedHttpRequest, pk: int, action_pk: int) -> HttpResponse:
    """One action; its owner, whoever gave it and its body's organisers change or close it."""
    alliance = _alliance(request, pk)
    action = selectors.action_get(user=request.user, alliance=alliance, pk=action_pk)
    may_update = policy.can_update_action(request.user, action)
    is_open = action.status == "open"
    partners, people = selectors.owner_options(user=request.user, alliance=alliance)
    edit = ActionEditForm(partners=partners, people=people, initial={
        "title": action.title, "description": action.description,
        "owner": _owner_value(action), "due_on": action.due_on, "block": action.block,
        "pillar": action.pillar, "version": action.version, "op": "edit"}, prefix="edit")
    close = ActionCloseForm(initial={"version": action.version, "op": "close"},
                            prefix="close")
    status = 200
    if request.method == "POST":
        if not may_update:
            raise PermissionDenied
        if request.POST.get("close-op") == "close":
            close = ActionCloseForm(request.POST, prefix="close")
            if close.is_valid() and run_service(close, lambda: services.action_close(
                    actor=request.user, action=action, status=close.cleaned_data["status"],
                    expected_version=close.cleaned_data["version"])) is not None:
                messages.success(request, _("The action is closed."))
                return redirect("action_detail", pk=alliance.pk, action_pk=action.pk)
        else:
            edit = ActionEditForm(request.POST, partners=partners, people=people,
                                  prefix="edit")
            if edit.is_valid():
                person, partner = edit.owner_objects()
                if run_service(edit, lambda: services.action_update(
                        actor=request.user, action=action, title=edit.cleaned_data["title"],
                        description=edit.cleaned_data["description"], owner_person=person,
                        owner_partner=partner, due_on=edit.cleaned_data["due_on"],
                        block=edit.cleaned_data["block"], pillar=edit.cleaned_data["pillar"],
                        expected_version=edit.cleaned_data["version"])) is not None:
                    messages.success(request, _("The action is saved."))
                    return redirect("action_detail", pk=alliance.pk, action_pk=action.pk)
        status = 422
    today = timezone.localdate()
    return render(request, "actions/detail.html", {
        "alliance": alliance, "action": action, "owner": _owner_name(action),
        "overdue": rules.is_overdue(action.status, action.due_on, today),
        "may_update": may_update and is_open, "edit": edit, "close": close,
        "block": BUILDING_BLOCKS[Block(action.block)].title if action.block else "",
        "pillar": PILLARS[Pillar(action.pillar)].title if action.pillar else "",
    }, status=status)


def improvement_action_page(request: AuthenticatedHttpRequest, *, alliance: Alliance,
                            pillar: str, template: str, context: dict[str, Any],
                            initial: dict[str, Any], done_url: str) -> HttpResponse:
    """The form of an improvement action for one pillar, shared by the pages it is made from
    (a health check's pillar, an evaluation's results): an action of the alliance as a whole
    given through ``services.action_create`` (its owner hears of it); then back to
    ``done_url``. The caller has checked that the pillar exists."""
    if not policy.can_create_action(request.user, alliance, None):
        raise PermissionDenied
    partners, people = selectors.owner_options(user=request.user, alliance=alliance)
    if request.method != "POST":
        form = ImprovementActionForm(partners=partners, people=people, initial=initial)
        return render_form_page(request, template, context, form)
    form = ImprovementActionForm(request.POST, partners=partners, people=people)
    if form.is_valid():
        person, partner = form.owner_objects()
        action = run_service(form, lambda: services.action_create(
            actor=request.user, alliance=alliance, title=form.cleaned_data["title"],
            description=form.cleaned_data["description"], owner_person=person,
            owner_partner=partner, due_on=form.cleaned_data["due_on"], pillar=pillar))
        if action is not None:
            messages.success(request, _("The improvement action is given."))
            return redirect(done_url)
    return render_form_page(request, template, context, form)
