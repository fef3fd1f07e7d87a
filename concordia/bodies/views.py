"""Pages of the alliance's bodies: the structure at a glance, setting up and changing a body,
and its seats. Thin: form → service / selector → template."""

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from concordia.access import policy
from concordia.accounts.http import AuthenticatedHttpRequest
from concordia.alliances import selectors as alliance_selectors
from concordia.alliances.models import Alliance, Partner
from concordia.core.ids import is_id
from concordia.core.views import render_form_page, run_service

from . import rules, selectors, services
from .forms import BodyForm, SeatAddForm, SeatFillForm
from .models import Body, Seat


def _alliance(request: AuthenticatedHttpRequest, pk: int) -> Alliance:
    return alliance_selectors.alliance_get(user=request.user, pk=pk)


def _body(request: AuthenticatedHttpRequest, alliance: Alliance, body_pk: int) -> Body:
    return selectors.body_get(user=request.user, alliance=alliance, pk=body_pk)


@login_required
def body_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The alliance's structure at a glance: bodies by level, every partner's seats per body
    with holder and substitute, and the vacancies."""
    alliance = _alliance(request, pk)
    structure = selectors.structure(user=request.user, alliance=alliance)
    return render(request, "bodies/list.html", {
        "alliance": alliance, "structure": structure,
        "may_set_up": policy.can(request.user, "alliance.set_up_bodies", alliance),
    })


@login_required
def body_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Set up a body; its seats come next, on the body's seats page."""
    alliance = _alliance(request, pk)
    if not policy.can(request.user, "alliance.set_up_bodies", alliance):
        raise PermissionDenied
    people = selectors.servant_candidates(user=request.user, alliance=alliance)
    if request.method == "POST":
        form = BodyForm(request.POST, people=people)
        if form.is_valid():
            data = form.cleaned_data
            body = run_service(form, lambda: services.body_set_up(
                actor=request.user, alliance=alliance, name=data["name"], kind=data["kind"],
                level=data["level"], mandate=data["mandate"],
                substitutes_may_attend=form.substitutes(), chair_rule=data["chair_rule"],
                chair_person=data["chair_person"], decision_rule=data["decision_rule"],
                secretary=data["secretary"],
                **{k: v for k, v in form.decision_rule_fields().items() if v is not None}))
            if body is not None:
                messages.success(request, _("The body is set up. Now give the partners their "
                                            "seats."))
                return redirect("body_seats", pk=alliance.pk, body_pk=body.pk)
    else:
        form = BodyForm(people=people, initial={
            "chair_rule": "rotating", "decision_rule": "consensus", "voting_unit": "partner",
            "majority_basis": "votes", "qualified_numerator": 2, "qualified_denominator": 3,
            "quorum_percent": 0, "quorum_basis": "voting"})
    return render_form_page(request, "bodies/form.html", {"alliance": alliance, "body": None},
                            form)


def _rotation_partners(body: Body) -> list[Partner]:
    seated = {s.partner_id: s.partner for s in getattr(body, "live_seats", [])}
    return [seated[p] for p in rules.reconcile_rotation(body.rotation, seated) if p in seated]


@login_required
def body_edit(request: AuthenticatedHttpRequest, pk: int, body_pk: int) -> HttpResponse:
    """A body's settings; the key alliance manager and the coordinators change them."""
    alliance = _alliance(request, pk)
    body = _body(request, alliance, body_pk)
    may_set_up = policy.can_in_body(request.user, "body.set_up", body)
    if request.method == "POST" and not may_set_up:
        raise PermissionDenied
    form: BodyForm | None = None
    settled = services.has_proposals(body)
    if may_set_up and body.archived_at is None:
        people = selectors.servant_candidates(user=request.user, alliance=alliance)
        rotation = _rotation_partners(body)
        if request.method == "POST":
            # The body's values as initial: a settled rule's disabled fields keep them.
            form = edit = BodyForm(request.POST, people=people, rotation=rotation, body=body,
                                   rule_settled=settled, initial=BodyForm.initial_for(body))
            if edit.is_valid():
                data = edit.cleaned_data
                changed = run_service(edit, lambda: services.body_change(
                    actor=request.user, body=body, expected_version=data["version"],
                    name=data["name"], kind=data["kind"], level=data["level"],
                    mandate=data["mandate"], substitutes_may_attend=bool(edit.substitutes()),
                    chair_rule=data["chair_rule"], chair_person=data["chair_person"],
                    decision_rule=data["decision_rule"], secretary=data["secretary"],
                    rotation=edit.rotation(), **edit.decision_rule_fields()))
                if changed is not None:
                    messages.success(request, _("Saved."))
                    return redirect("body_list", pk=alliance.pk)
        else:
            form = BodyForm(people=people, rotation=rotation, body=body, rule_settled=settled,
                            initial=BodyForm.initial_for(body))
    elif request.method == "POST":
        raise PermissionDenied  # an archived body is read-only
    context = {"alliance": alliance, "body": body, "may_set_up": may_set_up,
               "rule_settled": settled,
               "may_propose_rule": settled and body.archived_at is None
               and policy.can_propose_decision(request.user, body),
               "view": selectors.body_view(body, {p.pk: p for p in _rotation_partners(body)})}
    if form is None:
        return render(request, "bodies/form.html", context)
    return render_form_page(request, "bodies/form.html", context, form)


@login_required
@require_POST
def body_archive(request: AuthenticatedHttpRequest, pk: int, body_pk: int) -> HttpResponse:
    alliance = _alliance(request, pk)
    body = _body(request, alliance, body_pk)
    if not policy.can_in_body(request.user, "body.set_up", body):
        raise PermissionDenied
    form = forms.Form(request.POST)
    if run_service(form, lambda: services.body_archive(actor=request.user, body=body)):
        messages.success(request, _("The body is archived."))
    else:
        messages.error(request, " ".join(str(e) for e in form.non_field_errors()))
    return redirect("body_list", pk=alliance.pk)


# --- seats ------------------------------------------------------------------------------------


@dataclass
class SeatRow:
    seat: Seat
    fill_form: SeatFillForm | None
    may_remove: bool


@dataclass
class PartnerSeats:
    partner: Partner
    rows: list[SeatRow]


def _seat_from_post(request: AuthenticatedHttpRequest, body: Body) -> Seat:
    raw = request.POST.get("seat", "")
    if not raw.isdigit() or not is_id(int(raw)):
        raise Http404
    seats: list[Seat] = getattr(body, "live_seats", [])
    for seat in seats:
        if seat.pk == int(raw):
            return seat
    raise Http404


@login_required
def body_seats(request: AuthenticatedHttpRequest, pk: int, body_pk: int) -> HttpResponse:
    """A body's seats per partner: the key alliance manager and the coordinators add and
    remove seats; each partner's own steering people fill that partner's seats, with that
    partner's people only."""
    alliance = _alliance(request, pk)
    body = _body(request, alliance, body_pk)
    user = request.user
    open_body = body.archived_at is None
    may_set_up = open_body and policy.can_in_body(user, "body.set_up", body)
    partners = list(selectors.active_partners(user=user, alliance=alliance))
    may_fill = {p.pk: open_body and policy.can(user, "partner.fill_seat", p) for p in partners}
    candidates = selectors.seat_candidates(user=user, alliance=alliance)
    add_form = SeatAddForm(partners=partners) if may_set_up else None
    bound: tuple[int, SeatFillForm] | None = None
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "add":
            if not may_set_up:
                raise PermissionDenied
            add_form = SeatAddForm(request.POST, partners=partners)
            if add_form.is_valid():
                partner = add_form.cleaned_data["partner"]
                seat = run_service(add_form, lambda: services.seat_add(
                    actor=user, body=body, partner=partner))
                if seat is not None:
                    messages.success(request, _("Seat added."))
                    return _to_seat(alliance, body, seat)
        elif action in ("fill", "remove"):
            if not (may_set_up if action == "remove" else any(may_fill.values())):
                raise PermissionDenied  # before any seat id is looked up
            seat = _seat_from_post(request, body)
            if action == "remove":
                form = forms.Form(request.POST)
                if run_service(form, lambda: services.seat_remove(actor=user, seat=seat)):
                    messages.success(request, _("Seat removed."))
                    return redirect("body_seats", pk=alliance.pk, body_pk=body.pk)
                messages.error(request, " ".join(str(e) for e in form.non_field_errors()))
                return redirect("body_seats", pk=alliance.pk, body_pk=body.pk)
            if not may_fill.get(seat.partner_id, False):
                raise PermissionDenied
            fill = SeatFillForm(request.POST, people=candidates.get(seat.partner_id, []),
                                auto_id=f"id_seat{seat.pk}_%s")
            if fill.is_valid():
                done = run_service(fill, lambda: services.seat_fill(
                    actor=user, seat=seat, holder=fill.cleaned_data["holder"],
                    substitute=fill.cleaned_data["substitute"]))
                if done is not None:
                    messages.success(request, _("Saved."))
                    return _to_seat(alliance, body, seat)
            bound = (seat.pk, fill)
        else:
            raise BadRequest
        status = 422
    removable = (policy.removable_seats(user, alliance.pk, getattr(body, "live_seats", []))
                 if may_set_up else set())
    groups = _seat_groups(body, partners, may_fill, removable, candidates, bound)
    return render(request, "bodies/seats.html", {
        "alliance": alliance, "body": body, "groups": groups, "add_form": add_form,
        "may_set_up": may_set_up,
        "vacancies": sum(1 for g in groups for r in g.rows if r.seat.holder_id is None),
    }, status=status)


def _to_seat(alliance: Alliance, body: Body, seat: Seat) -> HttpResponse:
    return redirect(reverse("body_seats", kwargs={"pk": alliance.pk, "body_pk": body.pk})
                    + f"#seat-{seat.pk}")


def _seat_groups(body: Body, partners: list[Partner], may_fill: dict[int, bool],
                 removable: set[int], candidates: dict[int, list[Any]],
                 bound: tuple[int, SeatFillForm] | None) -> list[PartnerSeats]:
    """The seats by partner, in the order of the partners; each row with its fill form when
    the person may fill that partner's seats."""
    groups: dict[int, PartnerSeats] = {}
    names = {p.pk: p for p in partners}
    for seat in getattr(body, "live_seats", []):
        group = groups.setdefault(seat.partner_id,
                                  PartnerSeats(names.get(seat.partner_id, seat.partner), []))
        form = None
        if may_fill.get(seat.partner_id, False):
            if bound is not None and bound[0] == seat.pk:
                form = bound[1]
            else:
                form = SeatFillForm(people=candidates.get(seat.partner_id, []),
                                    auto_id=f"id_seat{seat.pk}_%s",
                                    initial={"holder": seat.holder_id,
                                             "substitute": seat.substitute_id})
        group.rows.append(SeatRow(seat, form, seat.pk in removable))
    order = {p.pk: i for i, p in enumerate(partners)}
    return sorted(groups.values(), key=lambda g: order.get(g.partner.pk, len(order)))
