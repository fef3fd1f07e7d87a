"""Pages of the building-block designer: the eighteen blocks with advice, one block's form, the
coverage heat-map and the contribution matrix. Thin: form → service / selector → template."""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from concordia.access import policy
from concordia.accounts.http import AuthenticatedHttpRequest
from concordia.alliances import selectors as alliance_selectors
from concordia.alliances.models import Alliance
from concordia.core.views import render_form_page, run_service
from concordia.design.choices import RATIONALE_LABELS, Degree, Origin, StageChoice
from concordia.handbook.catalogue import (
    BLOCK_NUMBER,
    PILLAR_NUMBER,
    Block,
    Pillar,
    Rationale,
)

from . import rules, selectors, services
from .forms import (
    BlockSettingForm,
    BlockStatusForm,
    ContributionForm,
    ContributionResetForm,
    owner_value,
)
from .models import BlockSetting
from .presentation import (
    BLOCK_LABELS,
    DIMENSION_LABELS,
    PILLAR_LABELS,
    STATUS_LABELS,
    STRENGTH_CODES,
    STRENGTH_LABELS,
    fill_in_first_labels,
    heatmap,
    next_steps_context,
    number,
)


def _alliance(request: HttpRequest, pk: int) -> Alliance:
    return alliance_selectors.alliance_get(user=request.user, pk=pk)


def _may_edit(request: HttpRequest, alliance: Alliance) -> bool:
    return policy.can(request.user, "alliance.edit_design", alliance)


# --- the list of blocks -----------------------------------------------------------------------


@dataclass
class BlockRow:
    """One block on the designer page, with its advice and (for editors) the quick form."""

    setting: BlockSetting
    advice: list[rules.Advice]
    headline: rules.Emphasis | None
    form: BlockStatusForm | None = None
    error: str = ""
    saved: bool = False

    @property
    def block(self) -> Block:
        return Block(self.setting.block)

    @property
    def number(self) -> int:
        return BLOCK_NUMBER[self.block]

    @property
    def title(self) -> Promise:
        return BLOCK_LABELS[self.block]

    @property
    def headline_label(self) -> Promise | None:
        return rules.EMPHASIS_LABELS[self.headline] if self.headline else None

    @property
    def owner(self) -> str:
        s = self.setting
        if s.owner_partner is not None:
            return s.owner_partner.organisation.name
        if s.owner_person_id is not None:
            return str(s.owner_person)
        return ""


def _rows(settings: list[BlockSetting], plan: rules.AdvicePlan, may_edit: bool
          ) -> list[BlockRow]:
    headline = plan.headline
    rows = []
    for setting in settings:
        block = Block(setting.block)
        form = BlockStatusForm(initial={"status": setting.status, "version": setting.version},
                               auto_id=f"id_{block}_%s") if may_edit else None
        rows.append(BlockRow(setting, plan.for_block(block), headline.get(block), form))
    return rows


def _advice_context(plan: rules.AdvicePlan) -> dict[str, Any]:
    """The top next steps and what to fill in first: the same on every page."""
    return {"next_steps": next_steps_context(plan),
            "fill_in_first": fill_in_first_labels(plan)}


@login_required
def block_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """All eighteen blocks: status, owner, how it is done here, evidence, and the advice."""
    alliance = _alliance(request, pk)
    may_edit = _may_edit(request, alliance)
    settings = selectors.block_setting_list(user=request.user, alliance=alliance)
    plan = selectors.advice_plan_get(user=request.user, alliance=alliance, settings=settings)
    return render(request, "blocks/list.html", {
        "alliance": alliance, "may_edit": may_edit, "facts": _facts(plan.situation),
        "rows": _rows(settings, plan, may_edit),
        "reasons": _reasons(list(plan.advice)), **_advice_context(plan),
    })


def _facts(s: rules.Situation) -> list[tuple[str, Any]]:
    """What the advice was based on, in words; an empty profile says so instead of showing
    its defaults as if someone had chosen them."""
    unfilled = _("not filled in yet")
    return [
        (_("Active partners"), s.active_partners),
        (_("Joint activities"), s.joint_activities if s.profile_filled else unfilled),
        (_("Degree of centralisation needed"),
         Degree(s.centralisation).label if s.profile_filled else unfilled),
        (_("Weight and complexity of the joint work"),
         Degree(s.joint_work_weight).label if s.profile_filled else unfilled),
        (_("Origin"), Origin(s.origin).label if s.profile_filled else unfilled),
        (_("Rationales"), "; ".join(str(RATIONALE_LABELS[Rationale(r)]) for r in s.rationales
                                    if r in RATIONALE_LABELS) or "—"
         if s.profile_filled else unfilled),
        (_("Key alliance manager"), _("yes") if s.has_key_alliance_manager else _("nobody")),
        (_("Development stage (latest assessment)"),
         StageChoice(s.stage).label if s.stage else _("not assessed yet")),
    ]


def _reasons(advice: list[rules.Advice]) -> list[tuple[str, Promise]]:
    """The rules that apply, once each, in the order of the rules."""
    seen: dict[str, Promise] = {}
    for code in rules.RULES:
        for a in advice:
            if a.reason == code:
                seen[code] = a.text
    gaps = {str(a.text): a.text for a in advice if a.reason == rules.GAP_REASON}
    return [*seen.items(), *((rules.GAP_REASON, text) for text in gaps.values())]


# --- one block --------------------------------------------------------------------------------


def _quick_save(request: AuthenticatedHttpRequest, alliance: Alliance,
                setting: BlockSetting) -> HttpResponse:
    """The status form of the list page. With htmx the answer is the block's row alone; without
    JavaScript, back to the list (or to the full form with the reason of a refusal)."""
    form = BlockStatusForm(request.POST, auto_id=f"id_{setting.block}_%s")
    saved = None
    if form.is_valid():
        saved = run_service(form, lambda: services.block_setting_set(
            actor=request.user, alliance=alliance, block=setting.block,
            status=form.cleaned_data["status"], expected_version=form.cleaned_data["version"],
            owner_partner=setting.owner_partner, owner_person=setting.owner_person,
            description=setting.description, evidence_url=setting.evidence_url))
    if request.htmx:
        current = selectors.block_setting_get(user=request.user, alliance=alliance,
                                              block=setting.block)
        plan = selectors.advice_plan_get(user=request.user, alliance=alliance)
        row = _rows([current], plan, True)[0]
        if saved is None:
            row.error = " ".join(str(e) for errors in form.errors.values() for e in errors)
        row.saved = saved is not None
        # Errors answer 200 too: htmx swaps only successful responses, and the row says why.
        return render(request, "blocks/list.html#row",
                      {"alliance": alliance, "may_edit": True, "row": row})
    if saved is not None:
        messages.success(request, _("Saved."))
        return redirect(reverse("block_list", kwargs={"pk": alliance.pk})
                        + f"#block-{setting.block}")
    # Without JavaScript the refusal is shown on the full form, filled with what was sent.
    current = selectors.block_setting_get(user=request.user, alliance=alliance,
                                          block=setting.block)
    full = _full_form(request, alliance, current, data={
        "status": request.POST.get("status", ""),
        "owner": owner_value(current.owner_partner_id, current.owner_person_id),
        "description": current.description, "evidence_url": current.evidence_url,
        "version": request.POST.get("version", "")})
    full.is_valid()
    for errors in form.errors.values():
        for error in errors:
            full.add_error(None, error)
    return _detail_page(request, alliance, current, full)


def _full_form(request: HttpRequest, alliance: Alliance, setting: BlockSetting,
               data: Any) -> BlockSettingForm:
    partners, people = selectors.owner_options(user=request.user, alliance=alliance)
    return BlockSettingForm(data, partners=partners, people=people, initial={
        "status": setting.status,
        "owner": owner_value(setting.owner_partner_id, setting.owner_person_id),
        "description": setting.description, "evidence_url": setting.evidence_url,
        "version": setting.version})


def _detail_page(request: HttpRequest, alliance: Alliance, setting: BlockSetting,
                 form: BlockSettingForm | None) -> HttpResponse:
    block = Block(setting.block)
    plan = selectors.advice_plan_get(user=request.user, alliance=alliance)
    cells = next(cells for b, cells in selectors.matrix_rows(user=request.user, alliance=alliance)
                 if b == block)
    row = BlockRow(setting, plan.for_block(block), plan.headline.get(block))
    context = {"alliance": alliance, "row": row, "may_edit": form is not None,
               "contributions": [(PILLAR_LABELS[c.pillar], PILLAR_NUMBER[c.pillar],
                                  STRENGTH_LABELS[c.strength], c)
                                 for c in cells if c.strength != rules.NONE]}
    if form is None:
        return render(request, "blocks/edit.html", context)
    return render_form_page(request, "blocks/edit.html", context, form)


@login_required
def block_edit(request: AuthenticatedHttpRequest, pk: int, block: str) -> HttpResponse:
    """One block: visible to everybody in the alliance; the form for the editors."""
    alliance = _alliance(request, pk)
    setting = selectors.block_setting_get(user=request.user, alliance=alliance, block=block)
    may_edit = _may_edit(request, alliance)
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if "quick" in request.POST:
            return _quick_save(request, alliance, setting)
        form = _full_form(request, alliance, setting, data=request.POST)
        if form.is_valid():
            partner, person = form.owner_objects()
            data = form.cleaned_data
            if run_service(form, lambda: services.block_setting_set(
                    actor=request.user, alliance=alliance, block=block, status=data["status"],
                    expected_version=data["version"], owner_partner=partner,
                    owner_person=person, description=data["description"],
                    evidence_url=data["evidence_url"])) is not None:
                messages.success(request, _("Saved."))
                return redirect(reverse("block_list", kwargs={"pk": alliance.pk})
                                + f"#block-{block}")
        return _detail_page(request, alliance, setting, form)
    blank = _full_form(request, alliance, setting, data=None) if may_edit else None
    return _detail_page(request, alliance, setting, blank)


# --- coverage ---------------------------------------------------------------------------------

@login_required
def coverage_page(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """How well the blocks in use carry the eight pillars: heat-map, table, dimensions, gaps."""
    alliance = _alliance(request, pk)
    settings = selectors.block_setting_list(user=request.user, alliance=alliance)
    adjustments = selectors.adjustment_map(user=request.user, alliance=alliance)
    matrix = selectors.effective_matrix(adjustments)
    statuses = selectors.block_statuses(settings)
    plan = selectors.advice_plan_get(user=request.user, alliance=alliance, settings=settings)
    coverage = plan.coverage
    heat_rows = rules.heat_rows(matrix, statuses)
    table = [{"block": block, "number": BLOCK_NUMBER[block], "title": BLOCK_LABELS[block],
              "status": STATUS_LABELS[status],
              "cells": [{"code": STRENGTH_CODES[str(c.strength) if c.strength else rules.NONE],
                         "strength": STRENGTH_LABELS[str(c.strength)] if c.strength else "",
                         "weight": number(c.weight)} for c in cells]}
             for block, status, cells in heat_rows]
    pillars = [{"code": f"P{PILLAR_NUMBER[p.pillar]}", "title": PILLAR_LABELS[p.pillar],
                "dimension": DIMENSION_LABELS[p.dimension],
                "achieved": number(p.achieved), "maximum": p.maximum,
                "percent": round(p.score * 100), "is_gap": p.is_gap}
               for p in coverage.pillars]
    dimensions = [{"title": DIMENSION_LABELS[d.dimension],
                   "pillars": [f"P{PILLAR_NUMBER[p.pillar]} {PILLAR_LABELS[p.pillar]}"
                               for p in d.pillars],
                   "achieved": number(d.achieved), "maximum": d.maximum,
                   "percent": round(d.score * 100)} for d in coverage.dimensions]
    gaps = [{"code": f"P{PILLAR_NUMBER[g.pillar]}", "title": PILLAR_LABELS[g.pillar],
             "fillers": [{"block": b, "title": BLOCK_LABELS[b], "status": STATUS_LABELS[s]}
                         for b, s in g.fillers]} for g in coverage.gaps]
    return render(request, "blocks/coverage.html", {
        "alliance": alliance, "heatmap": heatmap(heat_rows), "table": table,
        "pillars": pillars, "dimensions": dimensions, "gaps": gaps, **_advice_context(plan),
        "may_edit": _may_edit(request, alliance),
        "pillar_heads": [{"code": f"P{PILLAR_NUMBER[p]}", "title": PILLAR_LABELS[p]}
                         for p in Pillar],
    })


# --- the contribution matrix ------------------------------------------------------------------


@login_required
def matrix_page(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The effective block→pillar matrix; editors adjust a cell (with a reason) or reset it."""
    alliance = _alliance(request, pk)
    may_edit = _may_edit(request, alliance)
    source = request.POST if request.method == "POST" else request.GET
    chosen = source.get("block") in selectors.BLOCK_KEYS and source.get("pillar") in {
        p.value for p in Pillar}
    adjust_form = ContributionForm(
        request.POST if request.POST.get("action") == "adjust" else None,
        block_labels=BLOCK_LABELS, pillar_labels=PILLAR_LABELS, one_cell=chosen,
        initial={"block": source.get("block"), "pillar": source.get("pillar")})
    reset_form = ContributionResetForm(
        request.POST if request.POST.get("action") == "reset" else None)
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if not (adjust_form.is_bound or reset_form.is_bound):
            raise Http404
        if adjust_form.is_bound and adjust_form.is_valid():
            data = adjust_form.cleaned_data
            # The service returns None when the cell went back to its default: "or True".
            if run_service(adjust_form, lambda: services.contribution_adjust(
                    actor=request.user, alliance=alliance, block=data["block"],
                    pillar=data["pillar"], strength=data["strength"], reason=data["reason"],
                    expected_strength=data["expected_strength"] or None) or True):
                messages.success(request, _("The contribution is adjusted."))
                return redirect("block_matrix", pk=pk)
        elif reset_form.is_bound and reset_form.is_valid():
            data = reset_form.cleaned_data
            done = run_service(reset_form, lambda: services.contribution_reset(
                actor=request.user, alliance=alliance, block=data["block"],
                pillar=data["pillar"], reason=data["reason"]))
            if done is not None:
                messages.success(request, _("The cell is back to the default model.") if done
                                 else _("The cell already follows the default model."))
                return redirect("block_matrix", pk=pk)
    rows = selectors.matrix_rows(user=request.user, alliance=alliance)
    chosen_cell = None
    if chosen:
        b, p = Block(source["block"]), Pillar(source["pillar"])
        chosen_cell = next(c for blk, cells in rows if blk == b for c in cells if c.pillar == p)
        if not adjust_form.is_bound:
            adjust_form.initial.update({"strength": chosen_cell.strength,
                                        "expected_strength": chosen_cell.strength})
    adjusted = [c for _b, cells in rows for c in cells if c.adjusted]
    refused = any(f.is_bound and f.errors for f in (adjust_form, reset_form))
    return render(request, "blocks/matrix.html", {
        "alliance": alliance, "may_edit": may_edit,
        "rows": [{"block": b, "number": BLOCK_NUMBER[b], "title": BLOCK_LABELS[b],
                  "cells": [{"cell": c, "code": STRENGTH_CODES[c.strength],
                             "label": STRENGTH_LABELS[c.strength]} for c in cells]}
                 for b, cells in rows],
        "pillar_heads": [{"key": p.value, "code": f"P{PILLAR_NUMBER[p]}",
                          "title": PILLAR_LABELS[p]} for p in Pillar],
        "adjusted": [{"cell": c, "block_title": BLOCK_LABELS[c.block],
                      "pillar_title": PILLAR_LABELS[c.pillar],
                      "default": STRENGTH_LABELS[c.default_strength],
                      "strength": STRENGTH_LABELS[c.strength]} for c in adjusted],
        "chosen_cell": chosen_cell,
        "chosen_labels": (BLOCK_LABELS[chosen_cell.block], PILLAR_LABELS[chosen_cell.pillar],
                          STRENGTH_LABELS[chosen_cell.strength]) if chosen_cell else None,
        "form": adjust_form, "reset_form": reset_form,
    }, status=422 if refused else 200)
