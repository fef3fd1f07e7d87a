"""Pages of the agreements register: the register (by kind, with status, parties, dates and
signatures; filtered by kind, status, body and decision), registering an agreement, one
agreement with its versions, changing its particulars, proposing a new version, one version
compared with the version in force, and signing for your partner."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from concordia.access import policy
from concordia.accounts.http import AuthenticatedHttpRequest
from concordia.alliances import selectors as alliance_selectors
from concordia.alliances.models import Alliance
from concordia.core.errors import DomainError
from concordia.core.ids import is_id

from . import rules, selectors, services
from .choices import AgreementKind, VersionState
from .forms import ChangeForm, FilterForm, MatrixForm, ProposeForm, RegisterForm, matrix_initial


def _alliance(request: AuthenticatedHttpRequest, pk: int) -> Alliance:
    return alliance_selectors.alliance_get(user=request.user, pk=pk)


def _id(value: str) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() and is_id(int(value)) else None


def _run(forms_by_field: Callable[[str | None], forms.BaseForm], call: Callable[[], Any]) -> Any:
    """Call a service; a DomainError lands on the form that has the field it names (the
    matrix's errors on the matrix), else on the main form."""
    try:
        return call()
    except DomainError as exc:
        form = forms_by_field(exc.field)
        field = exc.field if exc.field in form.fields else None
        form.add_error(field, exc.message)
        return None


@login_required
def agreement_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The register: every agreement the person may read, by kind, with where it stands."""
    alliance = _alliance(request, pk)
    bodies = selectors.body_options(user=request.user, alliance=alliance)
    decisions = selectors.decision_options(user=request.user, alliance=alliance)
    form = FilterForm(request.GET or None, bodies=bodies, decisions=decisions)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    agreements = selectors.agreement_list(
        user=request.user, alliance=alliance, kind=data.get("kind") or "",
        status=data.get("status") or "", body_id=_id(data.get("body") or ""),
        decision_id=_id(data.get("decision") or ""))
    items = selectors.standings(agreements)
    groups = [(label, [i for i in items if i.agreement.kind == kind])
              for kind, label in AgreementKind.choices]
    return render(request, "agreements/list.html", {
        "alliance": alliance, "form": form, "count": len(items),
        "groups": [(label, rows) for label, rows in groups if rows],
        "review_due": sum(1 for i in items if i.review_due),
        "may_draft": policy.can_draft_agreement(request.user, alliance),
    })


def _particulars_options(request: AuthenticatedHttpRequest, alliance: Alliance
                         ) -> dict[str, Any]:
    return {"people": selectors.people_options(user=request.user, alliance=alliance),
            "documents": selectors.document_options(user=request.user, alliance=alliance),
            "bodies": selectors.body_options(user=request.user, alliance=alliance),
            "decisions": selectors.decision_options(user=request.user, alliance=alliance)}


@login_required
def agreement_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Register an agreement: first its kind (``?kind=``), then its particulars and the text of
    its first version (for a responsibility matrix, its rows)."""
    alliance = _alliance(request, pk)
    if not policy.can_draft_agreement(request.user, alliance):
        raise PermissionDenied
    source = request.POST if request.method == "POST" else request.GET
    kind = source.get("kind", "")
    context: dict[str, Any] = {"alliance": alliance, "kinds": AgreementKind.choices}
    if kind not in AgreementKind.values:
        return render(request, "agreements/create.html", context,
                      status=422 if request.method == "POST" else 200)
    partners = selectors.party_options(user=request.user, alliance=alliance)
    options = _particulars_options(request, alliance)
    is_matrix = kind == AgreementKind.RESPONSIBILITY_MATRIX
    bound = request.POST if request.method == "POST" else None
    form = RegisterForm(bound, partners=partners, initial={"kind": kind}, **options)
    matrix = MatrixForm(bound, partners=partners, enabled=is_matrix)
    context.update({"kind": kind, "kind_label": AgreementKind(kind).label, "form": form,
                    "matrix": matrix if is_matrix else None})
    status = 200
    if request.method == "POST" and not request.POST.get("more_rows"):
        if form.is_valid() and matrix.is_valid():
            data = form.cleaned_data
            agreement = _run(
                lambda field: matrix if field == "matrix" else form,
                lambda: services.agreement_register(
                    actor=request.user, alliance=alliance, kind=kind, title=data["title"],
                    text=data["text"], summary=data["summary"],
                    parties=list(data["parties"]) or None, starts_on=data["starts_on"],
                    ends_on=data["ends_on"], review_on=data["review_on"],
                    visibility=data["visibility"], audience=list(data["audience"]),
                    documents=list(data["documents"]), body=form.body_object(),
                    decision=form.decision_object(),
                    matrix=matrix.matrix_rows() if is_matrix else []))
            if agreement is not None:
                messages.success(request, _("The agreement is registered. Its parties sign "
                                            "it now."))
                return redirect("agreement_detail", pk=pk, agreement_pk=agreement.pk)
        status = 422
    return render(request, "agreements/create.html", context, status=status)


def _standing(request: AuthenticatedHttpRequest, alliance: Alliance,
              agreement_pk: int) -> selectors.Standing:
    return selectors.standing(selectors.agreement_get(user=request.user, alliance=alliance,
                                                      pk=agreement_pk))


def _signing(request: AuthenticatedHttpRequest, view: selectors.VersionView | None
             ) -> dict[str, Any]:
    """Whether the person may sign the version for their partner, and whether it has."""
    if view is None:
        return {"sign_for": None, "signed": False}
    partner = selectors.signing_party(user=request.user, view=view)
    signed = partner is not None and any(s.partner_id == partner.pk for s in view.signatures)
    return {"sign_for": partner, "signed": signed}


@login_required
def agreement_detail(request: AuthenticatedHttpRequest, pk: int,
                     agreement_pk: int) -> HttpResponse:
    """One agreement: its particulars and documents, the version in force (with its matrix),
    the version that awaits signatures (who signed, who is awaited; sign for your partner),
    and the earlier versions."""
    alliance = _alliance(request, pk)
    item = _standing(request, alliance, agreement_pk)
    agreement = item.agreement
    shown = item.in_force or item.latest
    return render(request, "agreements/detail.html", {
        "alliance": alliance, "agreement": agreement, "item": item, "shown": shown,
        "matrix_table": (selectors.matrix_table(shown.version)
                         if shown and agreement.kind == AgreementKind.RESPONSIBILITY_MATRIX
                         else None),
        "documents": selectors.documents_shown(user=request.user, agreement=agreement),
        "may_draft": policy.can_draft_agreement(request.user, alliance),
        "history": [v for v in item.versions if v is not shown],
        **_signing(request, item.pending),
    })


@login_required
def agreement_edit(request: AuthenticatedHttpRequest, pk: int, agreement_pk: int) -> HttpResponse:
    """Change an agreement's particulars (the steering roles); its terms change by a new
    version."""
    alliance = _alliance(request, pk)
    agreement = selectors.agreement_get(user=request.user, alliance=alliance, pk=agreement_pk)
    if not policy.can_draft_agreement(request.user, alliance):
        raise PermissionDenied
    options = _particulars_options(request, alliance)
    initial = {"title": agreement.title, "summary": agreement.summary,
               "starts_on": agreement.starts_on, "ends_on": agreement.ends_on,
               "review_on": agreement.review_on, "visibility": agreement.visibility,
               "audience": [p.pk for p in agreement.audience.all()],
               "documents": list(agreement.documents.values_list("pk", flat=True)),
               "body": str(agreement.body_id or ""), "decision": str(agreement.decision_id or ""),
               "version": agreement.version}
    form = ChangeForm(request.POST or None, initial=initial, **options)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            changed = _run(lambda _field: form, lambda: services.agreement_change(
                actor=request.user, agreement=agreement, expected_version=data["version"],
                title=data["title"], summary=data["summary"], starts_on=data["starts_on"],
                ends_on=data["ends_on"], review_on=data["review_on"],
                visibility=data["visibility"], audience=list(data["audience"]),
                documents=list(data["documents"]), body=form.body_object(),
                decision=form.decision_object()))
            if changed is not None:
                messages.success(request, _("The agreement is saved."))
                return redirect("agreement_detail", pk=pk, agreement_pk=agreement.pk)
        status = 422
    return render(request, "agreements/edit.html", {
        "alliance": alliance, "agreement": agreement, "form": form}, status=status)


def _matrix_rows(view: selectors.VersionView | None) -> list[tuple[str, dict[int, str]]]:
    if view is None:
        return []
    return [(row.task, {c.partner_id: c.code for c in row.cells.all()})
            for row in view.version.matrix_rows.all()]


@login_required
def agreement_version_propose(request: AuthenticatedHttpRequest, pk: int,
                              agreement_pk: int) -> HttpResponse:
    """Propose a new version (the steering roles), starting from the newest one's text, parties
    and matrix. The version in force stays in force until every party signed the new one."""
    alliance = _alliance(request, pk)
    item = _standing(request, alliance, agreement_pk)
    agreement = item.agreement
    if not policy.can_draft_agreement(request.user, alliance):
        raise PermissionDenied
    latest = item.latest
    is_matrix = agreement.kind == AgreementKind.RESPONSIBILITY_MATRIX
    partners = selectors.party_options(user=request.user, alliance=alliance)
    rows = _matrix_rows(latest) if is_matrix else []
    bound = request.POST if request.method == "POST" else None
    form = ProposeForm(bound, partners=partners, initial={
        "text": latest.version.text if latest else "",
        "parties": [p.id for p in latest.progress.parties] if latest else [],
        "version": agreement.version})
    matrix = MatrixForm(bound, partners=partners, existing_rows=len(rows), enabled=is_matrix,
                        initial=matrix_initial(rows))
    status = 200
    if request.method == "POST" and not request.POST.get("more_rows"):
        if form.is_valid() and matrix.is_valid():
            data = form.cleaned_data
            version = _run(
                lambda field: matrix if field == "matrix" else form,
                lambda: services.version_propose(
                    actor=request.user, agreement=agreement, expected_version=data["version"],
                    text=data["text"], note=data["note"], parties=list(data["parties"]),
                    matrix=matrix.matrix_rows() if is_matrix else []))
            if version is not None:
                messages.success(request, _("Version %(n)s is proposed. The version in force "
                                            "stays in force until every party has signed it.")
                                 % {"n": version.number})
                return redirect("agreement_detail", pk=pk, agreement_pk=agreement.pk)
        status = 422
    return render(request, "agreements/propose.html", {
        "alliance": alliance, "agreement": agreement, "item": item, "form": form,
        "matrix": matrix if is_matrix else None}, status=status)


@login_required
def agreement_version(request: AuthenticatedHttpRequest, pk: int, agreement_pk: int,
                      number: int) -> HttpResponse:
    """One version, readable whatever its state: its text, matrix and signatures, compared
    line by line with the version in force."""
    alliance = _alliance(request, pk)
    item = _standing(request, alliance, agreement_pk)
    view = selectors.version_view(item, number)
    is_matrix = item.agreement.kind == AgreementKind.RESPONSIBILITY_MATRIX
    compare = item.in_force if item.in_force is not None and item.in_force is not view else None
    return render(request, "agreements/version.html", {
        "alliance": alliance, "agreement": item.agreement, "item": item, "view": view,
        "compare": compare,
        "diff": rules.text_diff(compare.version.text, view.version.text) if compare else [],
        "matrix_table": selectors.matrix_table(view.version) if is_matrix else None,
        "compare_table": (selectors.matrix_table(compare.version)
                          if is_matrix and compare else None),
        **(_signing(request, view) if view.state == VersionState.AWAITING
           else {"sign_for": None, "signed": False}),
    })


@login_required
@require_POST
def agreement_sign(request: AuthenticatedHttpRequest, pk: int, agreement_pk: int,
                   number: int) -> HttpResponse:
    """Sign the version for your partner (``action=sign``) or withdraw that signature
    (``action=withdraw``) while the version awaits signatures."""
    alliance = _alliance(request, pk)
    item = _standing(request, alliance, agreement_pk)
    view = selectors.version_view(item, number)
    if selectors.signing_party(user=request.user, view=view) is None:
        raise PermissionDenied
    withdraw = request.POST.get("action") == "withdraw"
    try:
        if withdraw:
            services.signature_withdraw(actor=request.user, version=view.version)
            messages.success(request, _("Your partner's signature is withdrawn."))
        else:
            services.version_sign(actor=request.user, version=view.version)
            messages.success(request, _("Signed on behalf of your partner."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("agreement_detail", pk=pk, agreement_pk=agreement_pk)
