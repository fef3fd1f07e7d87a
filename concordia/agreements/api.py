"""API of the agreements register: the register (paged; by kind, status, body, decision),
register an agreement, one agreement with its versions, signatures and matrix, change its
particulars, propose a new version, one version, sign a version for your partner, withdraw
that signature, and the responsibility matrix as rows. Same services and selectors as the
pages."""

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status

from concordia.access import policy
from concordia.accounts.http import AuthenticatedHttpRequest
from concordia.accounts.models import Person
from concordia.alliances import selectors as alliance_selectors
from concordia.alliances.models import Alliance, Membership, Partner
from concordia.bodies.models import Body
from concordia.core.api_schemas import Id, InSchema, Name, Page, PageQuery, VersionNumber, paged
from concordia.core.errors import DomainError
from concordia.core.idempotency import idempotent
from concordia.decisions.models import Decision

from . import rules, selectors, services
from .choices import AgreementKind, AgreementStatus, Raci, VersionState

router = Router()


# --- output ------------------------------------------------------------------------------------


class AgreementPartyOut(Schema):
    id: int
    name: str


class AgreementSignatureOut(Schema):
    partner_id: int
    partner_name: str
    signed_by_id: int
    signed_by_name: str
    signed_at: dt.datetime


class AgreementMatrixCellOut(Schema):
    partner_id: int
    code: Raci = Field(..., description="R responsible, A accountable, AR both, C consulted, "
                                        "I informed.")


class AgreementMatrixRowOut(Schema):
    position: int
    task: str
    cells: list[AgreementMatrixCellOut]


class AgreementVersionOut(Schema):
    number: int
    state: VersionState
    text: str
    note: str
    parties: list[AgreementPartyOut]
    signed: list[AgreementPartyOut] = Field(..., description="Parties whose signature stands.")
    waiting: list[AgreementPartyOut] = Field(..., description="Parties the version waits for.")
    signatures: list[AgreementSignatureOut]
    matrix: list[AgreementMatrixRowOut]
    proposed_by_id: int
    proposed_at: dt.datetime
    in_force_at: dt.datetime | None


class AgreementSummaryOut(Schema):
    id: int
    kind: AgreementKind
    title: str
    summary: str
    status: AgreementStatus
    parties: list[AgreementPartyOut] = Field(..., description="The parties of the newest version.")
    starts_on: dt.date | None
    ends_on: dt.date | None
    review_on: dt.date | None
    review_due: bool = Field(..., description="The review date is within 30 days or past.")
    visibility: Literal["alliance", "partner", "confidential"]
    body_id: int | None
    decision_id: int | None
    version_in_force: int | None
    version_awaiting: int | None = Field(..., description="The newest version while it waits "
                                                          "for signatures.")
    signed: list[AgreementPartyOut] = Field(
        ..., description="Who signed the version that waits (or the one in force).")
    waiting: list[AgreementPartyOut]
    version: int = Field(..., description="Send it back with a change or a new version; a "
                                          "change in between answers 409.")


class AgreementDocumentOut(Schema):
    id: int
    title: str


class AgreementOut(AgreementSummaryOut):
    audience_ids: list[int]
    documents: list[AgreementDocumentOut] = Field(..., description="The documents you may read.")
    versions: list[AgreementVersionOut]


class AgreementPage(Page):
    results: list[AgreementSummaryOut]


class AgreementMatrixOut(Schema):
    agreement_id: int
    version: int
    state: VersionState
    columns: list[AgreementPartyOut]
    rows: list[AgreementMatrixRowOut]


def _parties(refs: Any) -> list[dict[str, Any]]:
    return [{"id": p.id, "name": p.name} for p in refs]


def _version(view: selectors.VersionView) -> dict[str, Any]:
    version = view.version
    return {
        "number": version.number, "state": view.state, "text": version.text,
        "note": version.note, "parties": _parties(view.progress.parties),
        "signed": _parties(view.progress.signed), "waiting": _parties(view.progress.waiting),
        "signatures": [{"partner_id": s.partner_id, "partner_name": s.partner.organisation.name,
                        "signed_by_id": s.signed_by_id, "signed_by_name": str(s.signed_by),
                        "signed_at": s.signed_at} for s in view.signatures],
        "matrix": _rows(version),
        "proposed_by_id": version.proposed_by_id, "proposed_at": version.proposed_at,
        "in_force_at": version.in_force_at,
    }


def _rows(version: Any) -> list[dict[str, Any]]:
    """The matrix's rows (prefetched by selectors.agreement_get)."""
    return [{"position": row.position, "task": row.task,
             "cells": [{"partner_id": c.partner_id, "code": c.code} for c in row.cells.all()]}
            for row in version.matrix_rows.all()]


def _summary(item: selectors.Standing) -> dict[str, Any]:
    agreement = item.agreement
    shown = item.pending or item.in_force
    return {
        "id": agreement.pk, "kind": agreement.kind, "title": agreement.title,
        "summary": agreement.summary, "status": item.status,
        "parties": _parties(item.parties), "starts_on": agreement.starts_on,
        "ends_on": agreement.ends_on, "review_on": agreement.review_on,
        "review_due": item.review_due, "visibility": agreement.visibility,
        "body_id": agreement.body_id, "decision_id": agreement.decision_id,
        "version_in_force": item.in_force.version.number if item.in_force else None,
        "version_awaiting": item.pending.version.number if item.pending else None,
        "signed": _parties(shown.progress.signed) if shown else [],
        "waiting": _parties(shown.progress.waiting) if shown else [],
        "version": agreement.version,
    }


def _detail(request: HttpRequest, item: selectors.Standing) -> dict[str, Any]:
    agreement = item.agreement
    return {**_summary(item), "audience_ids": sorted(p.pk for p in agreement.audience.all()),
            "documents": [{"id": d.pk, "title": d.title} for d in selectors.documents_shown(
                user=request.user, agreement=agreement)],
            "versions": [_version(v) for v in item.versions]}


# --- input -------------------------------------------------------------------------------------


class AgreementQuery(PageQuery):
    kind: AgreementKind | None = None
    status: AgreementStatus | None = None
    bodyId: Id | None = Field(None, description="Only the agreements related to this body.")
    decisionId: Id | None = Field(None, description="Only the agreements resting on this "
                                                    "decision.")


class AgreementMatrixCellIn(InSchema):
    partner_id: Id
    code: Raci


class AgreementMatrixRowIn(InSchema):
    task: str = Field(..., min_length=1, max_length=rules.TASK_MAX)
    cells: list[AgreementMatrixCellIn] = Field(..., max_length=500)


class AgreementParticularsIn(InSchema):
    title: Name = Field(..., min_length=1, max_length=rules.TITLE_MAX)
    summary: str = Field("", max_length=rules.SUMMARY_MAX)
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None
    review_on: dt.date | None = None
    visibility: Literal["alliance", "partner", "confidential"] = Field(
        "alliance", description="The whole alliance, the parties, or the named people (those "
                                "who sign for a party always read it).")
    audience_ids: list[Id] = Field([], max_length=500,
                                   description="The named people, for confidential.")
    document_ids: list[Id] = Field([], max_length=200)
    body_id: Id | None = None
    decision_id: Id | None = None


class AgreementIn(AgreementParticularsIn):
    kind: AgreementKind
    text: str = Field("", max_length=rules.TEXT_MAX,
                      description="The text and terms of version 1.")
    party_ids: list[Id] | None = Field(None, max_length=500, description=(
        "The parties; a covenant binds every active partner when left out."))
    matrix: list[AgreementMatrixRowIn] = Field([], max_length=rules.MATRIX_ROWS_MAX,
                                      description="A responsibility matrix's rows.")


class AgreementChangeIn(AgreementParticularsIn):
    version: VersionNumber


class AgreementVersionIn(InSchema):
    text: str = Field("", max_length=rules.TEXT_MAX)
    note: str = Field("", max_length=rules.NOTE_MAX, description="What changed.")
    party_ids: list[Id] | None = Field(None, max_length=500, description=(
        "The parties; the newest version's when left out."))
    matrix: list[AgreementMatrixRowIn] = Field([], max_length=rules.MATRIX_ROWS_MAX)
    version: VersionNumber


# --- helpers -----------------------------------------------------------------------------------


def _alliance(request: HttpRequest, alliance_id: int) -> Alliance:
    return alliance_selectors.alliance_get(user=request.user, pk=alliance_id)


def _item(request: HttpRequest, alliance: Alliance, agreement_id: int) -> selectors.Standing:
    return selectors.standing(selectors.agreement_get(user=request.user, alliance=alliance,
                                                      pk=agreement_id))


def _may_draft(request: HttpRequest, alliance: Alliance) -> None:
    """Checked before any id in the request is looked up (docs/access.md)."""
    if not policy.can_draft_agreement(request.user, alliance):
        raise PermissionDenied


def _partners(alliance: Alliance, ids: list[int] | None) -> list[Partner] | None:
    if ids is None:
        return None
    found = list(Partner.objects.filter(alliance=alliance, pk__in=ids))
    if len(found) != len(set(ids)):
        raise DomainError("Every party must be an active partner of this alliance.",
                          field="party_ids")
    return found


def _particulars(request: HttpRequest, alliance: Alliance,
                 payload: AgreementParticularsIn) -> dict[str, Any]:
    """The objects the ids name, among those of the alliance the person may choose; an id
    outside them reads the same as an id of nothing (400 on its field)."""
    members = Membership.objects.filter(policy.live_membership_q(), alliance=alliance,
                                        person_id__in=payload.audience_ids)
    people = list(Person.objects.filter(pk__in=members.values("person_id")))
    if len(people) != len(set(payload.audience_ids)):
        raise DomainError("Only people of this alliance can be named.", field="audience_ids")
    documents = list(policy.documents_visible_to(request.user, alliance)
                     .filter(pk__in=payload.document_ids))
    if len(documents) != len(set(payload.document_ids)):
        raise DomainError("Attach documents of this alliance that you can read.",
                          field="document_ids")
    body = decision = None
    if payload.body_id is not None:
        body = Body.objects.filter(alliance=alliance, pk=payload.body_id).first()
        if body is None:
            raise DomainError("Choose a body of this alliance.", field="body_id")
    if payload.decision_id is not None:
        decision = Decision.objects.filter(alliance=alliance, pk=payload.decision_id).first()
        if decision is None:
            raise DomainError("Choose a decision of this alliance.", field="decision_id")
    return {"title": payload.title, "summary": payload.summary,
            "starts_on": payload.starts_on, "ends_on": payload.ends_on,
            "review_on": payload.review_on, "visibility": payload.visibility,
            "audience": people, "documents": documents, "body": body, "decision": decision}


def _matrix(rows: list[AgreementMatrixRowIn]) -> list[rules.MatrixRowIn]:
    matrix = []
    for row in rows:
        cells: dict[int, str] = {}
        for cell in row.cells:
            if cell.partner_id in cells:
                raise DomainError("Give each partner one part per row.", field="matrix")
            cells[cell.partner_id] = cell.code
        matrix.append(rules.MatrixRowIn(row.task, cells))
    return matrix


# --- operations --------------------------------------------------------------------------------


@router.get("/{alliance_id}/agreements", response=AgreementPage,
            summary="The agreements register: every agreement you may read, by kind")
def list_agreements(request: AuthenticatedHttpRequest, alliance_id: Id,
                    query: Query[AgreementQuery]) -> dict[str, Any]:
    alliance = _alliance(request, alliance_id)
    agreements = selectors.agreement_list(
        user=request.user, alliance=alliance, kind=query.kind or "",
        status=query.status or "", body_id=query.bodyId, decision_id=query.decisionId)
    page = paged(request, agreements, query)
    page["results"] = [_summary(item) for item in selectors.standings(page["results"])]
    return page


@router.post("/{alliance_id}/agreements", response={201: AgreementOut},
             summary="Register an agreement with its first version (the steering roles)")
@idempotent
def create_agreement(request: AuthenticatedHttpRequest, alliance_id: Id,
                     payload: AgreementIn) -> Status[dict[str, Any]]:
    alliance = _alliance(request, alliance_id)
    _may_draft(request, alliance)
    agreement = services.agreement_register(
        actor=request.user, alliance=alliance, kind=payload.kind, text=payload.text,
        parties=_partners(alliance, payload.party_ids), matrix=_matrix(payload.matrix),
        **_particulars(request, alliance, payload))
    return Status(201, _detail(request, _item(request, alliance, agreement.pk)))


@router.get("/{alliance_id}/agreements/{agreement_id}", response=AgreementOut,
            summary="One agreement with its versions, signatures and matrix")
def get_agreement(request: AuthenticatedHttpRequest, alliance_id: Id,
                  agreement_id: Id) -> dict[str, Any]:
    alliance = _alliance(request, alliance_id)
    return _detail(request, _item(request, alliance, agreement_id))


@router.put("/{alliance_id}/agreements/{agreement_id}", response=AgreementOut,
            summary="Change an agreement's particulars (its terms change by a new version)")
@idempotent
def change_agreement(request: AuthenticatedHttpRequest, alliance_id: Id, agreement_id: Id,
                     payload: AgreementChangeIn) -> dict[str, Any]:
    alliance = _alliance(request, alliance_id)
    item = _item(request, alliance, agreement_id)
    _may_draft(request, alliance)
    services.agreement_change(actor=request.user, agreement=item.agreement,
                              expected_version=payload.version,
                              **_particulars(request, alliance, payload))
    return _detail(request, _item(request, alliance, agreement_id))


@router.post("/{alliance_id}/agreements/{agreement_id}/versions",
             response={201: AgreementVersionOut},
             summary="Propose a new version; the version in force stays in force until every "
                     "party has signed it")
@idempotent
def propose_agreement_version(request: AuthenticatedHttpRequest, alliance_id: Id,
                              agreement_id: Id, payload: AgreementVersionIn
                              ) -> Status[dict[str, Any]]:
    alliance = _alliance(request, alliance_id)
    item = _item(request, alliance, agreement_id)
    _may_draft(request, alliance)
    version = services.version_propose(
        actor=request.user, agreement=item.agreement, expected_version=payload.version,
        text=payload.text, note=payload.note, parties=_partners(alliance, payload.party_ids),
        matrix=_matrix(payload.matrix))
    fresh = _item(request, alliance, agreement_id)
    return Status(201, _version(selectors.version_view(fresh, version.number)))


@router.get("/{alliance_id}/agreements/{agreement_id}/versions/{number}",
            response=AgreementVersionOut, summary="One version of an agreement, whatever its state")
def get_agreement_version(request: AuthenticatedHttpRequest, alliance_id: Id,
                          agreement_id: Id, number: Id) -> dict[str, Any]:
    alliance = _alliance(request, alliance_id)
    return _version(selectors.version_view(_item(request, alliance, agreement_id), number))


@router.post("/{alliance_id}/agreements/{agreement_id}/versions/{number}/signatures",
             response={201: AgreementVersionOut},
             summary="Sign the version for your own partner (a party); the last signature "
                     "brings it into force")
@idempotent
def sign_agreement_version(request: AuthenticatedHttpRequest, alliance_id: Id,
                           agreement_id: Id, number: Id) -> Status[dict[str, Any]]:
    alliance = _alliance(request, alliance_id)
    view = selectors.version_view(_item(request, alliance, agreement_id), number)
    if selectors.signing_party(user=request.user, view=view) is None:
        raise PermissionDenied
    services.version_sign(actor=request.user, version=view.version)
    fresh = _item(request, alliance, agreement_id)
    return Status(201, _version(selectors.version_view(fresh, number)))


@router.delete("/{alliance_id}/agreements/{agreement_id}/versions/{number}/signatures/"
               "{partner_id}", response=AgreementVersionOut,
               summary="Withdraw your partner's signature of a version not yet in force")
@idempotent
def withdraw_agreement_signature(request: AuthenticatedHttpRequest, alliance_id: Id,
                                 agreement_id: Id, number: Id,
                                 partner_id: Id) -> dict[str, Any]:
    alliance = _alliance(request, alliance_id)
    view = selectors.version_view(_item(request, alliance, agreement_id), number)
    partner = selectors.signing_party(user=request.user, view=view)
    if partner is None or partner.pk != partner_id:
        raise PermissionDenied
    services.signature_withdraw(actor=request.user, version=view.version)
    fresh = _item(request, alliance, agreement_id)
    return _version(selectors.version_view(fresh, number))


@router.get("/{alliance_id}/agreements/{agreement_id}/matrix", response=AgreementMatrixOut,
            summary="The responsibility matrix as rows: of the version in force, or of the "
                    "version asked for")
def get_responsibility_matrix(request: AuthenticatedHttpRequest, alliance_id: Id,
                              agreement_id: Id, version: Id | None = None) -> dict[str, Any]:
    alliance = _alliance(request, alliance_id)
    item = _item(request, alliance, agreement_id)
    if item.agreement.kind != AgreementKind.RESPONSIBILITY_MATRIX:
        raise Http404
    view = (selectors.version_view(item, version) if version is not None
            else item.in_force or item.latest)
    if view is None:
        raise Http404
    table = selectors.matrix_table(view.version)
    return {"agreement_id": item.agreement.pk, "version": view.version.number,
            "state": view.state, "columns": _parties(table.columns),
            "rows": _rows(view.version)}
