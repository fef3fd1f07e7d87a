"""Pages of the alliance design. The objective, the values statement and each term's agreed
definition share one set of pages for their versions: the version in force, the proposal with
its differences, and every earlier version."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from concordia.access import policy
from concordia.accounts.http import AuthenticatedHttpRequest
from concordia.accounts.models import Person
from concordia.alliances import selectors as alliance_selectors
from concordia.alliances.models import Alliance
from concordia.core.errors import DomainError
from concordia.core.views import render_form_page, run_service

from . import rules, selectors, services, sheet
from .choices import RATIONALE_LABELS, RESISTANCE_LABELS, StatementKind
from .forms import (
    AgreedDefinitionForm,
    GlossaryTermForm,
    PartnerDefinitionForm,
    PartnerInterestForm,
    ProfileForm,
    RemarkForm,
    ResistanceForm,
    StageForm,
    StageRatersForm,
    StatementForm,
    ValuesForm,
)
from .models import GlossaryTerm, StatementVersion
from .presentation import rater_labels, stage_chart, stage_overview_context
from .stage_rules import QUESTIONS

KIND_BY_SLUG = {"objective": StatementKind.OBJECTIVE, "values": StatementKind.VALUES}


def _kind(slug: str) -> str:
    if slug not in KIND_BY_SLUG:
        raise Http404
    return KIND_BY_SLUG[slug]


@login_required
def design_overview(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    alliance = alliance_selectors.alliance_get(user=request.user, pk=pk)
    profile = selectors.profile_get(user=request.user, alliance=alliance)
    return render(request, "design/overview.html", {
        "alliance": alliance, "profile": profile,
        "rationales": [RATIONALE_LABELS[r] for r in profile.rationales if r in RATIONALE_LABELS],
        "objective": selectors.statement_state(user=request.user, alliance=alliance,
                                               kind=StatementKind.OBJECTIVE),
        "values": selectors.statement_state(user=request.user, alliance=alliance,
                                            kind=StatementKind.VALUES),
        "may_edit": policy.can(request.user, "alliance.edit_design", alliance),
        "partners": selectors.partner_design_list(user=request.user, alliance=alliance),
        "resistance_labels": RESISTANCE_LABELS,
        **_words_links(request.user, alliance),
    })


def _words_links(user: Person, alliance: Alliance) -> dict[str, object]:
    """Whose words the person may open for editing: the key alliance manager every partner's
    (to draft), a partner's people who may write their own partner's."""
    own = policy.own_partner(user, alliance.pk)
    may_write_own = own is not None and policy.can(user, "partner.write_words", own)
    return {"words_partner_id": own.pk if own is not None and may_write_own else None,
            "may_draft_words": policy.can(user, "alliance.draft_words", alliance)}


@login_required
def profile_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    alliance = alliance_selectors.alliance_get(user=request.user, pk=pk)
    if not policy.can(request.user, "alliance.edit_design", alliance):
        raise PermissionDenied
    profile = selectors.profile_get(user=request.user, alliance=alliance)
    initial = {"rationales": profile.rationales, "origin": profile.origin,
               "joint_activities": profile.joint_activities,
               "centralisation": profile.centralisation,
               "joint_work_weight": profile.joint_work_weight, "version": profile.version}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        expected = data.pop("version")
        if run_service(form, lambda: services.profile_update(
                actor=request.user, alliance=alliance, expected_version=expected,
                **data)) is not None:
            messages.success(request, _("Profile saved."))
            return redirect("design_overview", pk=pk)
    return render_form_page(request, "design/profile_form.html", {"alliance": alliance}, form)


@login_required
def partner_design_edit(request: AuthenticatedHttpRequest, pk: int,
                        partner_pk: int) -> HttpResponse:
    """A partner's own interest and the resistance expected there, with mitigations: the
    partner's own words, written by its people; the key alliance manager may draft them while
    the partner has written nothing (the service decides per item; others get 403)."""
    alliance = alliance_selectors.alliance_get(user=request.user, pk=pk)
    partner = get_object_or_404(selectors.partner_design_list(user=request.user,
                                                              alliance=alliance), pk=partner_pk)
    if not (policy.can(request.user, "partner.write_words", partner)
            or policy.can(request.user, "partner.draft_words", partner)):
        raise PermissionDenied
    interest = getattr(partner, "interest", None)
    interest_form = PartnerInterestForm(
        request.POST if "save_interest" in request.POST else None,
        initial={"own_interest": getattr(interest, "own_interest", ""),
                 "shared_interest": getattr(interest, "shared_interest", "")},
        prefix="interest")
    resistance_form = ResistanceForm(
        request.POST if "save_resistance" in request.POST else None, prefix="resistance")
    if request.method == "POST":
        form = interest_form if "save_interest" in request.POST else resistance_form
        if form.is_valid():
            if form is interest_form:
                saved = run_service(form, lambda: services.partner_interest_set(
                    actor=request.user, alliance=alliance, partner=partner,
                    **form.cleaned_data))
            else:
                saved = run_service(form, lambda: services.resistance_set(
                    actor=request.user, alliance=alliance, partner=partner,
                    **form.cleaned_data))
            if saved is not None:
                messages.success(request, _("Saved."))
                return redirect("partner_design_edit", pk=pk, partner_pk=partner_pk)
    bound = interest_form if interest_form.is_bound else resistance_form
    status = 422 if bound.is_bound and bound.errors else 200
    return render(request, "design/partner_form.html", {
        "alliance": alliance, "partner": partner, "interest_form": interest_form,
        "resistance_form": resistance_form, "resistance_labels": RESISTANCE_LABELS,
        "drafting": not policy.can(request.user, "partner.write_words", partner),
    }, status=status)


STATUS_LABELS = {
    rules.IN_FORCE: gettext_lazy("in force"),
    rules.PROPOSAL: gettext_lazy("proposed"),
    rules.SUPERSEDED: gettext_lazy("replaced"),
    rules.WITHDRAWN: gettext_lazy("withdrawn"),
    rules.NOT_ADOPTED: gettext_lazy("not adopted"),
}


@dataclass(frozen=True)
class _Target:
    """The objective, the values statement or one term's agreed definition: which versions,
    and the addresses of their pages and actions."""
    alliance: Alliance
    kind: str
    slug: str = ""
    term: GlossaryTerm | None = None

    def _kwargs(self, **more: Any) -> dict[str, Any]:
        if self.term is not None:
            return {"pk": self.alliance.pk, "term_pk": self.term.pk, **more}
        return {"pk": self.alliance.pk, "slug": self.slug, **more}

    def page_url(self) -> str:
        if self.term is not None:
            return reverse("glossary_term", kwargs=self._kwargs())
        return reverse("statement_page", kwargs=self._kwargs())

    def url(self, name: str, number: int) -> str:
        prefix = "glossary" if self.term is not None else "statement"
        return reverse(f"{prefix}_{name}", kwargs=self._kwargs(number=number))

    def fields(self) -> tuple[tuple[str, str], ...]:
        """The parts of a version that are compared, with their headings."""
        if self.kind == StatementKind.OBJECTIVE:
            return (("vision", _("Vision")), ("mission", _("Mission")), ("text", _("Objective")))
        if self.kind == StatementKind.VALUES:
            return (("text", _("Values")),)
        return (("text", _("Definition")),)


def _statement_target(request: AuthenticatedHttpRequest, pk: int, slug: str) -> _Target:
    kind = _kind(slug)
    return _Target(alliance_selectors.alliance_get(user=request.user, pk=pk), kind, slug=slug)


def _term_target(request: AuthenticatedHttpRequest, pk: int, term_pk: int
                 ) -> tuple[_Target, GlossaryTerm]:
    alliance = alliance_selectors.alliance_get(user=request.user, pk=pk)
    term = get_object_or_404(selectors.glossary_term_list(user=request.user, alliance=alliance),
                             pk=term_pk)
    return _Target(alliance, StatementKind.DEFINITION, term=term), term


def _diff(target: _Target, old: StatementVersion | None, new: StatementVersion
          ) -> list[tuple[str, tuple[rules.DiffPart, ...]]]:
    """Per part (vision, mission, text), the word-level differences from ``old`` to ``new``."""
    rows = []
    for field, heading in target.fields():
        before, after = (getattr(old, field) if old else ""), getattr(new, field)
        if before or after:
            rows.append((heading, rules.word_diff(before, after)))
    return rows


def _versions_context(request: AuthenticatedHttpRequest, target: _Target,
                      remark_form: RemarkForm | None = None) -> dict[str, Any]:
    """The version in force, the proposal with its differences, endorsements and remarks, what
    the person may do with it, and every version: for the statement and glossary term pages."""
    state = selectors.statement_state(user=request.user, alliance=target.alliance,
                                      kind=target.kind, term=target.term)
    own = policy.own_partner(request.user, target.alliance.pk)
    may_endorse = own is not None and policy.can(request.user, "partner.endorse", own)
    proposal = state.proposal
    own_endorsed = bool(proposal and own and any(
        e.partner_id == own.pk for e in proposal.live_endorsements))
    return {
        "alliance": target.alliance, "state": state, "in_force": state.in_force,
        "proposal": proposal, "progress": state.progress,
        "proposal_diff": _diff(target, state.in_force, proposal) if proposal else [],
        "compared_with_in_force": state.in_force is not None,
        "may_endorse": may_endorse, "own_partner": own, "own_endorsed": own_endorsed,
        "may_withdraw_proposal": policy.can(request.user, "alliance.withdraw_proposal",
                                            target.alliance),
        "remark_form": remark_form or RemarkForm(prefix="remark"),
        "proposal_urls": {name: target.url(name, proposal.number)
                          for name in ("endorse", "remark", "proposal_withdraw", "version")
                          } if proposal else {},
        "version_rows": [(v, STATUS_LABELS[state.status(v)], target.url("version", v.number))
                         for v in state.versions],
    }


@login_required
def statement_page(request: AuthenticatedHttpRequest, pk: int, slug: str) -> HttpResponse:
    """The objective (or values statement): the version in force, the proposal with its
    differences and the partners' endorsements, objections and comments, every version, and
    (for editors) the form to propose a new version."""
    target = _statement_target(request, pk, slug)
    return _statement_response(request, target)


def _statement_response(request: AuthenticatedHttpRequest, target: _Target,
                        remark_form: RemarkForm | None = None) -> HttpResponse:
    alliance, kind = target.alliance, target.kind
    context = _versions_context(request, target, remark_form)
    state = context["state"]
    latest = state.versions[0] if state.versions else None
    start = state.proposal or state.in_force
    form_class = StatementForm if kind == StatementKind.OBJECTIVE else ValuesForm
    may_edit = policy.can(request.user, "alliance.edit_design", alliance)
    initial = {"text": start.text if start else "", "vision": start.vision if start else "",
               "mission": start.mission if start else "",
               "based_on": latest.number if latest else 0}
    drafting = request.method == "POST" and remark_form is None
    form = form_class(request.POST if drafting else None, initial=initial)
    if drafting:
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            data = dict(form.cleaned_data)
            if run_service(form, lambda: services.statement_draft(
                    actor=request.user, alliance=alliance, kind=kind, **data)) is not None:
                messages.success(request, _("New version proposed. The version in force stays "
                                            "in force until every partner has endorsed it."))
                return redirect(target.page_url())
    response = render_form_page(request, "design/statement.html", {
        **context, "slug": target.slug, "kind": kind, "may_edit": may_edit}, form)
    if remark_form is not None and remark_form.errors:
        response.status_code = 422
    return response


def _version_or_404(request: AuthenticatedHttpRequest, target: _Target,
                    number: int) -> StatementVersion:
    return get_object_or_404(selectors.statement_version_list(
        user=request.user, alliance=target.alliance, kind=target.kind, term=target.term),
        number=number)


def _endorse(request: AuthenticatedHttpRequest, target: _Target, number: int) -> HttpResponse:
    version = _version_or_404(request, target, number)
    withdraw = request.POST.get("action") == "withdraw"
    try:
        if withdraw:
            services.statement_withdraw(actor=request.user, version=version)
            messages.success(request, _("Your partner's endorsement is withdrawn."))
        else:
            services.statement_endorse(actor=request.user, version=version)
            messages.success(request, _("Endorsed on behalf of your partner."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(target.page_url())


def _remark(request: AuthenticatedHttpRequest, target: _Target, number: int,
            page: Callable[..., HttpResponse]) -> HttpResponse:
    own = policy.own_partner(request.user, target.alliance.pk)
    if own is None or not policy.can(request.user, "partner.endorse", own):
        raise PermissionDenied
    version = _version_or_404(request, target, number)
    form = RemarkForm(request.POST, prefix="remark")
    if form.is_valid():
        try:
            services.statement_remark(actor=request.user, version=version,
                                      kind=form.cleaned_data["kind"],
                                      text=form.cleaned_data["text"])
        except DomainError as exc:
            if exc.field in form.fields:
                form.add_error(exc.field, exc.message)
            else:
                messages.error(request, exc.message)
                return redirect(target.page_url())
        else:
            messages.success(request, _("Your partner's objection is recorded.")
                             if form.cleaned_data["kind"] == "objection"
                             else _("Your partner's comment is recorded."))
            return redirect(target.page_url())
    return page(request, target, remark_form=form)


def _withdraw_proposal(request: AuthenticatedHttpRequest, target: _Target,
                       number: int) -> HttpResponse:
    if not policy.can(request.user, "alliance.withdraw_proposal", target.alliance):
        raise PermissionDenied
    version = _version_or_404(request, target, number)
    try:
        services.proposal_withdraw(actor=request.user, version=version)
        messages.success(request, _("The proposal is withdrawn; the version in force stays."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(target.page_url())


def _version_page(request: AuthenticatedHttpRequest, target: _Target,
                  number: int, title: str) -> HttpResponse:
    """One version, as it was: its text, its status, its differences with the version before
    it (a proposal: with the version in force), who endorsed it and what partners said."""
    state = selectors.statement_state(user=request.user, alliance=target.alliance,
                                      kind=target.kind, term=target.term)
    version = next((v for v in state.versions if v.number == number), None)
    if version is None:
        raise Http404
    compared = state.predecessor(version)
    return render(request, "design/version.html", {
        "alliance": target.alliance, "version": version, "title": title,
        "status": STATUS_LABELS[state.status(version)], "compared": compared,
        "diff": _diff(target, compared, version), "fields": [
            (heading, getattr(version, field)) for field, heading in target.fields()
            if getattr(version, field)],
        "back_url": target.page_url(),
    })


@login_required
def statement_version(request: AuthenticatedHttpRequest, pk: int, slug: str,
                      number: int) -> HttpResponse:
    target = _statement_target(request, pk, slug)
    title = (_("Objective, version %(n)s") if target.kind == StatementKind.OBJECTIVE
             else _("Values statement, version %(n)s")) % {"n": number}
    return _version_page(request, target, number, title)


@login_required
@require_POST
def statement_endorse(request: AuthenticatedHttpRequest, pk: int, slug: str,
                      number: int) -> HttpResponse:
    return _endorse(request, _statement_target(request, pk, slug), number)


@login_required
@require_POST
def statement_remark(request: AuthenticatedHttpRequest, pk: int, slug: str,
                     number: int) -> HttpResponse:
    return _remark(request, _statement_target(request, pk, slug), number, _statement_response)


@login_required
@require_POST
def statement_proposal_withdraw(request: AuthenticatedHttpRequest, pk: int, slug: str,
                                number: int) -> HttpResponse:
    return _withdraw_proposal(request, _statement_target(request, pk, slug), number)


@login_required
def stage_page(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The stage as every partner rates it: per partner and per dimension, the spread, where
    partners differ, the step for the weakest dimension; the history; and (for the partners'
    raters) a new rating for their own partner."""
    alliance = alliance_selectors.alliance_get(user=request.user, pk=pk)
    overview = selectors.stage_overview(user=request.user, alliance=alliance)
    form = StageForm(request.POST or None)
    if request.method == "POST":
        if overview.rate_for is None:
            raise PermissionDenied
        if form.is_valid() and run_service(form, lambda: services.stage_assess(
                actor=request.user, alliance=alliance,
                assessed_on=form.cleaned_data["assessed_on"], answers=form.answers(),
                note=form.cleaned_data["note"])) is not None:
            messages.success(request, _("Your rating is saved."))
            return redirect("stage_page", pk=pk)
    history = list(selectors.stage_assessment_list(user=request.user, alliance=alliance))
    return render_form_page(request, "design/stage.html", {
        "alliance": alliance, "history": history, "rate_for": overview.rate_for,
        "may_choose_raters": policy.can(request.user, "alliance.choose_stage_raters", alliance),
        "raters": rater_labels(overview.rater_roles, overview.rater_levels),
        "stage_chart": stage_chart(history), "questions": QUESTIONS,
        **stage_overview_context(overview),
    }, form)


@login_required
def stage_raters(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The key alliance manager chooses which roles and levels rate the stage for their
    partner."""
    alliance = alliance_selectors.alliance_get(user=request.user, pk=pk)
    if not policy.can(request.user, "alliance.choose_stage_raters", alliance):
        raise PermissionDenied
    overview = selectors.stage_overview(user=request.user, alliance=alliance)
    # Bound on every POST: unticking every box posts nothing, and is refused, not ignored.
    form = StageRatersForm(request.POST if request.method == "POST" else None,
                           initial={"roles": overview.rater_roles,
                                    "levels": overview.rater_levels})
    if request.method == "POST" and form.is_valid() and run_service(
            form, lambda: services.stage_raters_set(
                actor=request.user, alliance=alliance, roles=form.cleaned_data["roles"],
                levels=form.cleaned_data["levels"])) is not None:
        messages.success(request, _("Saved."))
        return redirect("stage_page", pk=pk)
    return render_form_page(request, "design/stage_raters.html", {"alliance": alliance}, form)


@login_required
def glossary_page(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    alliance = alliance_selectors.alliance_get(user=request.user, pk=pk)
    may_edit = policy.can(request.user, "alliance.edit_design", alliance)
    form = GlossaryTermForm(request.POST or None)
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            term = run_service(form, lambda: services.glossary_term_add(
                actor=request.user, alliance=alliance, term=form.cleaned_data["term"]))
            if term is not None:
                return redirect("glossary_term", pk=pk, term_pk=term.pk)
    states = selectors.glossary_term_states(user=request.user, alliance=alliance)
    terms = [(term, states.get(term.pk))
             for term in selectors.glossary_term_list(user=request.user, alliance=alliance)]
    return render_form_page(request, "design/glossary.html", {
        "alliance": alliance, "may_edit": may_edit, "terms": terms,
    }, form)


@login_required
def glossary_term(request: AuthenticatedHttpRequest, pk: int, term_pk: int) -> HttpResponse:
    """One term: each partner's definition, the agreed definition in force, the proposed one
    with its differences and the partners' endorsements, and the forms to add to it."""
    target, _term = _term_target(request, pk, term_pk)
    return _glossary_term_response(request, target)


def _glossary_term_response(request: AuthenticatedHttpRequest, target: _Target,
                            remark_form: RemarkForm | None = None) -> HttpResponse:
    alliance, term = target.alliance, target.term
    if term is None:
        raise Http404
    context = _versions_context(request, target, remark_form)
    state = context["state"]
    own = context["own_partner"]
    may_define = own is not None and policy.can(request.user, "partner.define_term", own)
    may_agree = policy.can(request.user, "alliance.edit_design", alliance)
    own_definition = next((d.definition for d in term.definitions.all()
                           if own and d.partner_id == own.pk), "")
    posted = request.POST if remark_form is None else {}
    definition_form = PartnerDefinitionForm(
        posted if "save_definition" in posted else None,
        initial={"definition": own_definition}, prefix="own")
    start = state.proposal or state.in_force
    agree_form = AgreedDefinitionForm(
        posted if "save_agreed" in posted else None,
        initial={"agreed_definition": start.text if start else term.agreed_definition,
                 "based_on": state.versions[0].number if state.versions else 0},
        prefix="agreed")
    if request.method == "POST" and remark_form is None:
        if "save_definition" in request.POST:
            if not may_define:
                raise PermissionDenied
            if definition_form.is_valid() and run_service(
                    definition_form, lambda: services.partner_definition_set(
                        actor=request.user, term=term,
                        definition=definition_form.cleaned_data["definition"])) is not None:
                messages.success(request, _("Your partner's definition is saved."))
                return redirect(target.page_url())
        elif "save_agreed" in request.POST:
            if not may_agree:
                raise PermissionDenied
            if agree_form.is_valid() and run_service(
                    agree_form, lambda: services.glossary_definition_propose(
                        actor=request.user, term=term,
                        definition=agree_form.cleaned_data["agreed_definition"],
                        based_on=agree_form.cleaned_data["based_on"])) is not None:
                messages.success(request, _("The definition is proposed. It becomes the agreed "
                                            "definition once every partner has endorsed it."))
                return redirect(target.page_url())
    has_errors = any(f.is_bound and f.errors for f in (definition_form, agree_form)) or bool(
        remark_form is not None and remark_form.errors)
    return render(request, "design/glossary_term.html", {
        **context, "term": term, "may_define": may_define, "may_agree": may_agree,
        "definition_form": definition_form, "agree_form": agree_form,
    }, status=422 if has_errors else 200)


@login_required
def glossary_version(request: AuthenticatedHttpRequest, pk: int, term_pk: int,
                     number: int) -> HttpResponse:
    target, term = _term_target(request, pk, term_pk)
    title = _("Agreed definition of “%(term)s”, version %(n)s") % {"term": term.term,
                                                                   "n": number}
    return _version_page(request, target, number, title)


@login_required
@require_POST
def glossary_endorse(request: AuthenticatedHttpRequest, pk: int, term_pk: int,
                     number: int) -> HttpResponse:
    return _endorse(request, _term_target(request, pk, term_pk)[0], number)


@login_required
@require_POST
def glossary_remark(request: AuthenticatedHttpRequest, pk: int, term_pk: int,
                    number: int) -> HttpResponse:
    return _remark(request, _term_target(request, pk, term_pk)[0], number,
                   _glossary_term_response)


@login_required
@require_POST
def glossary_proposal_withdraw(request: AuthenticatedHttpRequest, pk: int, term_pk: int,
                               number: int) -> HttpResponse:
    return _withdraw_proposal(request, _term_target(request, pk, term_pk)[0], number)


@login_required
def design_sheet(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    alliance = alliance_selectors.alliance_get(user=request.user, pk=pk)
    return render(request, "design/sheet.html",
                  sheet.sheet_context(user=request.user, alliance=alliance))


@login_required
def design_sheet_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    alliance = alliance_selectors.alliance_get(user=request.user, pk=pk)
    return sheet.sheet_pdf(request, sheet.sheet_context(user=request.user, alliance=alliance))
