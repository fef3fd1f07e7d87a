
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from concordia.access import policy
from concordia.accounts.http import AuthenticatedHttpRequest
from concordia.accounts.models import Person
from concordia.alliances import selectors as alliance_selectors
from concordia.alliances.choices import Role
from concordia.alliances.models import Alliance
from concordia.core.errors import DomainError
from concordia.core.views import render_form_page, run_service

from . import selectors, services, sheet
from .choices import RATIONALE_LABELS, RESISTANCE_LABELS, StatementKind
from .forms import (
    AgreedDefinitionForm,
    GlossaryTermForm,
    PartnerDefinitionForm,
    PartnerInterestForm,
    ProfileForm,
    ResistanceForm,
    StageForm,
    StageRatersForm,
    StatementForm,
    ValuesForm,
)
from .presentation import stage_chart, stage_overview_context
from .stage_rules import QUESTIONS

KIND_BY_SLUG = {"objective": StatementKind.OBJECTIVE, "values": StatementKind.VALUES}


def _kind(slug: str) -> str:
    if slug not in KIND_BY_SLUG:
        raise Http404
    return KIND_BY_SLUG[slug]


@login_required
def design_overview(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    alliance = alliance_selectors.alliance_get(user=request.user, pk=pk)
    objective, objective_progress = selectors.endorsement_progress(
        user=request.user, alliance=alliance, kind=StatementKind.OBJECTIVE)
    values, values_progress = selectors.endorsement_progress(
        user=request.user, alliance=alliance, kind=StatementKind.VALUES)
    profile = selectors.profile_get(user=request.user, alliance=alliance)
    return render(request, "design/overview.html", {
        "alliance": alliance, "profile": profile,
        "rationales": [RATIONALE_LABELS[r] for r in profile.rationales if r in RATIONALE_LABELS],
        "objective": objective, "objective_progress": objective_progress,
        "values": values, "values_progress": values_progress,
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


@login_required
def statement_page(request: AuthenticatedHttpRequest, pk: int, slug: str) -> HttpResponse:
    """The objective (or values statement): current version, who endorsed, history, and the
    forms to draft a new version or to endorse for your partner."""
    kind = _kind(slug)
    alliance = alliance_selectors.alliance_get(user=request.user, pk=pk)
    current, progress = selectors.endorsement_progress(user=request.user, alliance=alliance,
                                                       kind=kind)
    form_class = StatementForm if kind == StatementKind.OBJECTIVE else ValuesForm
    may_edit = policy.can(request.user, "alliance.edit_design", alliance)
    initial = {"text": current.text if current else "",
               "vision": current.vision if current else "",
               "mission": current.mission if current else "",
               "based_on": current.number if current else 0}
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            data = dict(form.cleaned_data)
            if run_service(form, lambda: services.statement_draft(
                    actor=request.user, alliance=alliance, kind=kind, **data)) is not None:
                messages.success(request, _("New version saved. Every partner endorses it "
                                            "again."))
                return redirect("statement_page", pk=pk, slug=slug)
    own = policy.own_partner(request.user, pk)
    may_endorse = own is not None and policy.can(request.user, "partner.endorse", own)
    own_endorsed = bool(current and own and any(
        e.partner_id == own.pk for e in current.live_endorsements))
    return render_form_page(request, "design/statement.html", {
        "alliance": alliance, "slug": slug, "kind": kind, "current": current,
        "progress": progress, "may_edit": may_edit, "may_endorse": may_endorse,
        "own_partner": own, "own_endorsed": own_endorsed,
        "history": selectors.statement_version_list(user=request.user, alliance=alliance,
                                                    kind=kind)[1:20],
    }, form)


@login_required
@require_POST
def statement_endorse(request: AuthenticatedHttpRequest, pk: int, slug: str,
                      number: int) -> HttpResponse:
    kind = _kind(slug)
    alliance = alliance_selectors.alliance_get(user=request.user, pk=pk)
    version = get_object_or_404(selectors.statement_version_list(
        user=request.user, alliance=alliance, kind=kind), number=number)
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
    return redirect("statement_page", pk=pk, slug=slug)


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
        "rater_roles": [Role(r).label for r in overview.rater_roles],
        "stage_chart": stage_chart(history), "questions": QUESTIONS,
        **stage_overview_context(overview),
    }, form)


@login_required
def stage_raters(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The key alliance manager chooses which roles rate the stage for their partner."""
    alliance = alliance_selectors.alliance_get(user=request.user, pk=pk)
    if not policy.can(request.user, "alliance.choose_stage_raters", alliance):
        raise PermissionDenied
    overview = selectors.stage_overview(user=request.user, alliance=alliance)
    form = StageRatersForm(request.POST or None, initial={"roles": overview.rater_roles})
    if request.method == "POST" and form.is_valid() and run_service(
            form, lambda: services.stage_raters_set(
                actor=request.user, alliance=alliance,
                roles=form.cleaned_data["roles"])) is not None:
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
    return render_form_page(request, "design/glossary.html", {
        "alliance": alliance, "may_edit": may_edit,
        "terms": selectors.glossary_term_list(user=request.user, alliance=alliance),
    }, form)


@login_required
def glossary_term(request: AuthenticatedHttpRequest, pk: int, term_pk: int) -> HttpResponse:
    """One term: each partner's definition, the agreed one, and the forms to add to it."""
    alliance = alliance_selectors.alliance_get(user=request.user, pk=pk)
    term = get_object_or_404(selectors.glossary_term_list(user=request.user, alliance=alliance),
                             pk=term_pk)
    own = policy.own_partner(request.user, pk)
    may_define = own is not None and policy.can(request.user, "partner.define_term", own)
    may_agree = policy.can(request.user, "alliance.edit_design", alliance)
    own_definition = next((d.definition for d in term.definitions.all()
                           if own and d.partner_id == own.pk), "")
    definition_form = PartnerDefinitionForm(
        request.POST if "save_definition" in request.POST else None,
        initial={"definition": own_definition}, prefix="own")
    agree_form = AgreedDefinitionForm(
        request.POST if "save_agreed" in request.POST else None,
        initial={"agreed_definition": term.agreed_definition, "version": term.version},
        prefix="agreed")
    if request.method == "POST":
        if "save_definition" in request.POST:
            if not may_define:
                raise PermissionDenied
            if definition_form.is_valid() and run_service(
                    definition_form, lambda: services.partner_definition_set(
                        actor=request.user, term=term,
                        definition=definition_form.cleaned_data["definition"])) is not None:
                messages.success(request, _("Your partner's definition is saved."))
                return redirect("glossary_term", pk=pk, term_pk=term_pk)
        elif "save_agreed" in request.POST:
            if not may_agree:
                raise PermissionDenied
            if agree_form.is_valid() and run_service(
                    agree_form, lambda: services.glossary_term_agree(
                        actor=request.user, term=term,
                        definition=agree_form.cleaned_data["agreed_definition"],
                        expected_version=agree_form.cleaned_data["version"])) is not None:
                messages.success(request, _("The agreed definition is recorded."))
                return redirect("glossary_term", pk=pk, term_pk=term_pk)
    has_errors = any(f.is_bound and f.errors for f in (definition_form, agree_form))
    return render(request, "design/glossary_term.html", {
        "alliance": alliance, "term": term, "own_partner": own, "may_define": may_define,
        "may_agree": may_agree, "definition_form": definition_form, "agree_form": agree_form,
    }, status=422 if has_errors else 200)


@login_required
def design_sheet(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    alliance = alliance_selectors.alliance_get(user=request.user, pk=pk)
    return render(request, "design/sheet.html",
                  sheet.sheet_context(user=request.user, alliance=alliance))


@login_required
def design_sheet_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    alliance = alliance_selectors.alliance_get(user=request.user, pk=pk)
    return sheet.sheet_pdf(request, sheet.sheet_context(user=request.user, alliance=alliance))
