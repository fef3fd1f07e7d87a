"""Pages of decisions: the register, proposing (also from a decision agenda item), one decision
with its votes, its close, its tally and follow-up actions, and a body's delegates per partner.
Thin: form → service / selector → template."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from concordia.access import policy
from concordia.accounts.http import AuthenticatedHttpRequest
from concordia.actions import selectors as action_selectors
from concordia.alliances import selectors as alliance_selectors
from concordia.alliances.models import Alliance
from concordia.bodies import selectors as body_selectors
from concordia.bodies.choices import VotingUnit
from concordia.bodies.models import Seat
from concordia.core.errors import DomainError
from concordia.core.ids import is_id
from concordia.core.views import render_form_page, run_service
from concordia.handbook.catalogue import Block
from concordia.handbook.texts import BUILDING_BLOCKS
from concordia.meetings.choices import ItemKind
from concordia.meetings.models import AgendaItem

from . import presentation, selectors, services
from .choices import DecisionStatus, Procedure
from .forms import (
    DecisionProposeForm,
    DelegateNameForm,
    FollowUpForm,
    RegisterFilterForm,
    RuleChangeProposeForm,
    VersionForm,
    VoteForm,
    secret_value,
)
from .models import Decision, Vote

REGISTER_PAGE_SIZE = 50


def _alliance(request: AuthenticatedHttpRequest, pk: int) -> Alliance:
    return alliance_selectors.alliance_get(user=request.user, pk=pk)


def _id(value: str) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() and is_id(int(value)) else None


# --- the register -----------------------------------------------------------------------------


@login_required
def decision_register(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Every decision of the alliance the person may see: number, body, date, procedure,
    status or outcome and follow-up actions; searchable and filtered by body, outcome and
    status."""
    alliance = _alliance(request, pk)
    bodies = body_selectors.body_list(user=request.user, alliance=alliance)
    form = RegisterFilterForm(request.GET or None, bodies=list(bodies))
    data: dict[str, Any] = {}
    if form.is_bound:
        form.is_valid()  # a filter with an unknown value is left out; the others still apply
        data = form.cleaned_data
    decisions = selectors.register(request.user, alliance, q=data.get("q") or "",
                                   body_id=_id(data.get("body") or ""),
                                   outcome=data.get("outcome") or "",
                                   status=data.get("status") or "")
    page = Paginator(decisions, REGISTER_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "decisions/register.html", {
        "alliance": alliance, "form": form, "page": page,
        "may_propose": _may_propose(request.user, alliance),
    })


# --- proposing --------------------------------------------------------------------------------


def _agenda_item(request: AuthenticatedHttpRequest, alliance: Alliance,
                 value: str) -> AgendaItem | None:
    """The decision agenda item a proposal comes from (``?agenda_item=<id>``); 404 when the
    person cannot see it or it is no decision item."""
    item_id = _id(value)
    if item_id is None:
        return None
    item = action_selectors.agenda_item_get(user=request.user, alliance=alliance, pk=item_id)
    if item is None or item.kind != ItemKind.DECISION:
        raise Http404
    return item


@login_required
def decision_propose(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Put a proposal to a body: in a meeting or in a written procedure with a deadline; from a
    decision agenda item (``?agenda_item=``, the body and the meeting fixed), or reopening a
    closed decision by referring to it (``?refers_to=``)."""
    alliance = _alliance(request, pk)
    source = request.POST if request.method == "POST" else request.GET
    item = _agenda_item(request, alliance, source.get("agenda_item", ""))
    bodies = body_selectors.body_list(user=request.user, alliance=alliance)
    if item is not None:
        bodies = bodies.filter(pk=item.meeting.body_id)
    allowed = [b.pk for b in bodies if policy.can_propose_decision(request.user, b)]
    if not allowed:
        raise PermissionDenied
    bodies = bodies.filter(pk__in=allowed)
    earlier = selectors.register(request.user, alliance, status=DecisionStatus.CLOSED)
    context = {"alliance": alliance, "item": item}
    if request.method != "POST":
        refers = _id(request.GET.get("refers_to", ""))
        initial: dict[str, Any] = {"agenda_item": item.pk if item else "",
                                   "procedure": Procedure.MEETING}
        if item is not None:
            initial.update(body=item.meeting.body_id, title=item.title,
                           proposal=item.description)
        if refers is not None:
            reopened = earlier.filter(pk=refers).first()
            if reopened is not None:
                initial.update(refers_to=reopened.pk, body=reopened.body_id,
                               title=reopened.title, proposal=reopened.proposal)
        form = DecisionProposeForm(bodies=bodies, earlier=earlier, initial=initial)
        return render_form_page(request, "decisions/propose.html", context, form)
    form = DecisionProposeForm(request.POST, bodies=bodies, earlier=earlier)
    if form.is_valid():
        data = form.cleaned_data
        decision = _run(form, lambda: services.decision_propose(
            actor=request.user, body=data["body"], title=data["title"],
            proposal=data["proposal"], procedure=data["procedure"],
            deadline=data["deadline"], agenda_item=item, secret=secret_value(data["secret"]),
            refers_to=data["refers_to"], block=data["block"]))
        if decision is not None:
            messages.success(request, _("The proposal is put to the vote."))
            return redirect("decision_detail", pk=alliance.pk, decision_pk=decision.pk)
    return render_form_page(request, "decisions/propose.html", context, form)


@login_required
def decision_rule_propose(request: AuthenticatedHttpRequest, pk: int,
                          body_pk: int) -> HttpResponse:
    """Propose a new decision rule to the body itself, in a written procedure: once proposals
    have been put to a body, this is the one way its rule changes (docs/decisions/0013). The
    form starts from the body's rule; the new one is adopted when the decision carries."""
    alliance = _alliance(request, pk)
    body = body_selectors.body_get(user=request.user, alliance=alliance, pk=body_pk)
    if body.archived_at is not None or not policy.can_propose_decision(request.user, body):
        raise PermissionDenied
    partners = list(body_selectors.active_partners(user=request.user, alliance=alliance))
    initial = {**RuleChangeProposeForm.initial_rule(body),
               "title": _("New decision rule for %(body)s") % {"body": body.name}}
    form = RuleChangeProposeForm(request.POST if request.method == "POST" else None,
                                 weight_partners=partners, initial=initial)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        decision = _run(form, lambda: services.decision_propose(
            actor=request.user, body=body, title=data["title"], proposal=data["proposal"],
            procedure=Procedure.WRITTEN, deadline=data["deadline"],
            rule_change={"decision_rule": data["decision_rule"],
                         **form.decision_rule_fields()}))
        if decision is not None:
            messages.success(request, _("The new decision rule is put to the vote."))
            return redirect("decision_detail", pk=alliance.pk, decision_pk=decision.pk)
    return render_form_page(request, "decisions/rule_propose.html",
                            {"alliance": alliance, "body": body}, form)


# --- one decision -----------------------------------------------------------------------------


@dataclass
class UnitRow:
    """A unit the person may vote for, its current vote and the form to (re)cast it."""

    unit: Any  # selectors.Unit
    current: Vote | None
    form: VoteForm

    @property
    def key(self) -> str:
        return str(self.unit.unit)

    @property
    def label(self) -> str:
        return str(self.unit.label)

    @property
    def anchor(self) -> str:
        return "vote-" + self.key.replace(":", "-")

    @property
    def current_text(self) -> str:
        return _vote_text(self.current) if self.current is not None else ""


def _vote_text(vote: Vote) -> str:
    return (presentation.shares_text(vote.shares) if vote.shares
            else presentation.choice_label(vote.choice))


def _vote_form(decision: Decision, unit: Any, data: Any = None) -> VoteForm:
    prefix = "vote-" + str(unit.unit).replace(":", "-")
    return VoteForm(data, prefix=prefix, choices=presentation.choices_for(decision.rule),
                    weight=int(unit.weight))


def _unit_rows(user: Any, decision: Decision) -> list[UnitRow]:
    if decision.status != DecisionStatus.OPEN:
        return []
    return [UnitRow(uv.unit, uv.vote, _vote_form(decision, uv.unit))
            for uv in selectors.units_for(user, decision)]


def _run(form: forms.BaseForm, call: Callable[[], Any], field_of: Callable[[str | None],
         str | None] = lambda field: field) -> Any:
    """run_service, except that an error about a hidden field (the agenda item a proposal
    comes from) is shown above the form, where it can be read."""
    try:
        return call()
    except DomainError as exc:
        field = field_of(exc.field)
        if field not in form.fields or form.fields[field].widget.is_hidden:
            field = None
        form.add_error(field, exc.message)
        return None


def _cast(request: AuthenticatedHttpRequest, decision: Decision, row: UnitRow,
          several: bool) -> Any:
    data = row.form.cleaned_data
    # The service tells a person's units apart by a seat: the seat itself (a vote per seat),
    # or any seat of the partner (a person voting for two partners). Only its ids are read.
    seat = Seat(pk=row.unit.seat_id, partner_id=row.unit.partner_id) if several else None
    return _run(row.form, lambda: services.vote_cast(
        actor=request.user, decision=decision, choice=data["choice"] or "",
        shares=data["shares"], reason=data["reason"], seat=seat), row.form.service_field)


def _voting_fragment(request: AuthenticatedHttpRequest) -> bool:
    """A vote sent by htmx (not a boosted whole-page form) is answered with the voting section
    alone."""
    return bool(request.method == "POST" and request.htmx and not request.htmx.boosted)


@login_required
def decision_detail(request: AuthenticatedHttpRequest, pk: int,
                    decision_pk: int) -> HttpResponse:
    """A decision: the proposal, the rule it is counted under in words, the deadline and its
    status; a vote form per unit the person may vote for; after closing the outcome, the tally
    and every partner's vote. The body's organisers close it; its proposer or an organiser
    withdraws it; follow-up actions are linked to it."""
    alliance = _alliance(request, pk)
    user = request.user
    decision = selectors.decision_or_404(user, alliance.pk, decision_pk)
    is_open = decision.status == DecisionStatus.OPEN
    rights = {
        "may_close": is_open and policy.can_close_decision(user, decision),
        "may_withdraw": is_open and policy.can_withdraw_decision(user, decision),
        "may_follow_up": decision.status != DecisionStatus.WITHDRAWN
        and policy.can_add_follow_up(user, decision),
    }
    rows = _unit_rows(user, decision)
    close = VersionForm(initial={"version": decision.version}, prefix="close")
    withdraw = VersionForm(initial={"version": decision.version}, prefix="withdraw")
    follow = (FollowUpForm(actions=_actions_to_link(request, alliance, decision),
                           prefix="follow") if rights["may_follow_up"] else None)
    here = reverse("decision_detail", kwargs={"pk": alliance.pk, "decision_pk": decision.pk})
    status = 200
    if request.method == "POST":
        op = request.POST.get("op", "")
        if op == "vote":
            if not rows:
                raise PermissionDenied  # before the unit sent is looked at
            row = next((r for r in rows if r.key == request.POST.get("unit", "")), None)
            if row is None:
                raise PermissionDenied
            row.form = _vote_form(decision, row.unit, request.POST)
            if row.form.is_valid() and _cast(request, decision, row, len(rows) > 1):
                said = _("Your vote for %(unit)s is cast; it replaces any earlier vote for "
                         "it.") % {"unit": row.label}
                if _voting_fragment(request):
                    return _render(request, alliance, decision, rights, fragment=True,
                                   said=said)
                messages.success(request, said)
                return redirect(f"{here}#{row.anchor}")
        elif op == "close":
            if not rights["may_close"]:
                raise PermissionDenied
            close = VersionForm(request.POST, prefix="close")
            if close.is_valid() and run_service(close, lambda: services.decision_close(
                    actor=user, decision=decision,
                    expected_version=close.cleaned_data["version"])) is not None:
                messages.success(request, _("The vote is closed and the outcome recorded."))
                return redirect(here)
        elif op == "withdraw":
            if not rights["may_withdraw"]:
                raise PermissionDenied
            withdraw = VersionForm(request.POST, prefix="withdraw")
            if withdraw.is_valid() and run_service(withdraw, lambda: services.decision_withdraw(
                    actor=user, decision=decision,
                    expected_version=withdraw.cleaned_data["version"])) is not None:
                messages.success(request, _("The proposal is withdrawn."))
                return redirect(here)
        elif op == "follow_up":
            if follow is None:
                raise PermissionDenied
            follow = FollowUpForm(request.POST, prefix="follow",
                                  actions=_actions_to_link(request, alliance, decision))
            if follow.is_valid() and run_service(follow, lambda: _link(
                    user, decision, follow.cleaned_data["action"])) is not None:
                messages.success(request, _("The action is linked as a follow-up."))
                return redirect(f"{here}#follow-up")
        else:
            raise BadRequest
        status = 422
    return _render(request, alliance, decision, rights, rows=rows, close=close,
                   withdraw=withdraw, follow=follow, status=status,
                   fragment=_voting_fragment(request) and request.POST.get("op") == "vote")


def _link(user: Any, decision: Decision, action: Any) -> bool:
    services.follow_up_add(actor=user, decision=decision, action=action)
    return True


def _actions_to_link(request: AuthenticatedHttpRequest, alliance: Alliance,
                     decision: Decision) -> Any:
    return action_selectors.action_list(user=request.user, alliance=alliance).exclude(
        decisions=decision)


def _render(request: AuthenticatedHttpRequest, alliance: Alliance, decision: Decision,
            rights: dict[str, bool], *, rows: list[UnitRow] | None = None,
            close: VersionForm | None = None, withdraw: VersionForm | None = None,
            follow: FollowUpForm | None = None, status: int = 200,
            fragment: bool = False, said: str = "") -> HttpResponse:
    user = request.user
    is_open = decision.status == DecisionStatus.OPEN
    closed = decision.status == DecisionStatus.CLOSED
    if rows is None:
        rows = _unit_rows(user, decision)
    eligible = selectors.eligible_units(decision)
    names = {u.unit: u.label for u in eligible}
    tally = decision.tally or {}
    names.update(tally.get("labels", {}))
    voting_unit = str(decision.rule.get("voting_unit", ""))
    participation = waiting = ""
    if is_open:
        voted = selectors.voted_units(decision)
        participation = presentation.participation_text(
            sum(1 for u in eligible if u.unit in voted), len(eligible), voting_unit)
        waiting = ", ".join(u.label for u in eligible if u.unit not in voted)
    secret_hidden = bool(decision.secret) and not closed
    votes = [] if secret_hidden else selectors.visible_votes(user, decision)
    partner_names = {u.partner_id: u.label for u in eligible}
    context = {
        "alliance": alliance, "decision": decision, "body": decision.body, **rights,
        "is_open": is_open, "closed": closed,
        "may_propose": closed and policy.can_propose_decision(user, decision.body),
        "rule_words": presentation.rule_in_words(decision.rule, decision.rule.get("weights"),
                                                 partner_names),
        "rule_change_words": presentation.rule_change_in_words(decision.rule_change,
                                                               partner_names)
        if decision.rule_change else [],
        "participation": participation, "waiting": waiting, "rows": rows,
        "secret_hidden": secret_hidden,
        "vote_rows": [{"label": names.get(v.unit, v.unit), "text": _vote_text(v),
                       "reason": v.reason, "cast_by": v.cast_by, "cast_at": v.cast_at}
                      for v in votes],
        "tally_rows": [(presentation.choice_label(c), presentation.votes_text(v),
                        tally.get("weight", {}).get(c, 0))
                       for c, v in tally.get("votes", {}).items()],
        "because": presentation.because_text(str(tally.get("because", ""))),
        "tally": tally, "follow_ups": list(decision.follow_up_actions.all()),
        "followed_by": list(selectors.register(user, alliance).filter(refers_to=decision)),
        "block_title": BUILDING_BLOCKS[Block(decision.block)].title if decision.block else "",
        "close": close, "withdraw": withdraw, "follow": follow, "fragment_message": said,
    }
    template = "decisions/detail.html#voting" if fragment else "decisions/detail.html"
    return render(request, template, context, status=status)


def _may_propose(user: Any, alliance: Alliance) -> bool:
    return any(policy.can_propose_decision(user, body)
               for body in body_selectors.body_list(user=user, alliance=alliance))


# --- delegates --------------------------------------------------------------------------------


@dataclass
class DelegateGroup:
    """A partner seated in the body: its seats and the delegates it named."""

    partner: Any
    seats: list[Any]
    delegates: list[Any]
    may_name: bool


@login_required
def delegate_list(request: AuthenticatedHttpRequest, pk: int, body_pk: int) -> HttpResponse:
    """Who may cast each partner's vote in a body beside its seat holders and substitutes: the
    named delegates. A partner's coordinator names and removes its own partner's delegates."""
    alliance = _alliance(request, pk)
    user = request.user
    body = body_selectors.body_get(user=user, alliance=alliance, pk=body_pk)
    partners = list(body_selectors.active_partners(user=user, alliance=alliance))
    may_name = {p.pk: body.archived_at is None and policy.can(user, "partner.name_delegate", p)
                for p in partners}
    candidates = body_selectors.seat_candidates(user=user, alliance=alliance)
    per_partner = body.voting_unit == VotingUnit.PARTNER
    own = {p: candidates.get(p.pk, []) for p in partners if may_name[p.pk] and per_partner}
    form = DelegateNameForm(candidates=own) if own else None
    status = 200
    if request.method == "POST":
        if not any(may_name.values()):
            raise PermissionDenied  # before any id sent is looked up
        op = request.POST.get("op", "")
        if op == "name":
            if not own:
                raise PermissionDenied
            form = DelegateNameForm(request.POST, candidates=own)
            if form.is_valid():
                partner, person = form.pair()
                if run_service(form, lambda: services.delegate_name(
                        actor=user, body=body, partner=partner, person=person)) is not None:
                    messages.success(request, _("The delegate is named."))
                    return redirect("delegate_list", pk=alliance.pk, body_pk=body.pk)
        elif op == "remove":
            delegate_id = _id(request.POST.get("delegate", ""))
            if delegate_id is None:
                raise Http404
            delegate = selectors.delegate_or_404(user, body, delegate_id)
            if not may_name.get(delegate.partner_id, False):
                raise PermissionDenied
            try:
                services.delegate_remove(actor=user, delegate=delegate)
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("The delegate is removed."))
            return redirect("delegate_list", pk=alliance.pk, body_pk=body.pk)
        else:
            raise BadRequest
        status = 422
    delegates = list(selectors.delegates_of(body))
    seats = list(getattr(body, "live_seats", []))
    groups = [DelegateGroup(p, [s for s in seats if s.partner_id == p.pk],
                            [d for d in delegates if d.partner_id == p.pk], may_name[p.pk])
              for p in partners]
    return render(request, "decisions/delegates.html", {
        "alliance": alliance, "body": body, "form": form, "per_partner": per_partner,
        "groups": [g for g in groups if g.seats or g.delegates],
    }, status=status)

