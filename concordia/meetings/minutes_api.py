"""API for the minutes of a meeting: read them (the current version and every earlier one),
write the draft, circulate, propose and settle corrections, approve. Same services and
selectors as the pages; the wider circle never gets a confidential item's title or note."""

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status

from concordia.accounts.http import AuthenticatedHttpRequest
from concordia.alliances import selectors as alliance_selectors
from concordia.core.api_schemas import Id, InSchema, Page, PageQuery, VersionNumber, paged
from concordia.core.errors import DomainError

from . import minutes_rules as rules
from . import minutes_selectors as selectors
from . import minutes_services as services
from .choices import CorrectionStatus, MinutesStatus
from .models import AgendaItem, Correction, Meeting, Minutes, MinutesVersion

router = Router()


# --- schemas ----------------------------------------------------------------------------------


class MinutesItemOut(Schema):
    id: int
    position: int
    title: str
    confidential: bool


class MinutesVersionOut(Schema):
    number: int
    summary: str
    notes: dict[str, str] = Field(..., description="The note per agenda item id (only the "
                                                   "items you may see).")
    written_by_id: int
    written_at: dt.datetime


class MinutesOut(Schema):
    meeting_id: int
    status: MinutesStatus
    version: int = Field(..., description="The number of the current version.")
    revision: int = Field(..., description="Send it back with any change; a change in between "
                                           "answers 409.")
    corrections_until: dt.date | None
    circulated_at: dt.datetime | None
    approved_at: dt.datetime | None
    approved_in_id: int | None = Field(..., description="The meeting in which they were "
                                                        "approved.")
    approved_by_id: int | None
    items: list[MinutesItemOut] = Field(..., description="The agenda items you may see.")
    current: MinutesVersionOut | None
    versions: list[MinutesVersionOut] = Field(..., description="Every version, oldest first; "
                                                               "kept for ever.")


class MinutesDraftIn(InSchema):
    summary: str = Field("", max_length=rules.SUMMARY_MAX)
    notes: dict[str, str] = Field(default_factory=dict,
                                  description="The note per agenda item id (items on the "
                                              "agenda only).")
    revision: VersionNumber = Field(..., description="The revision you edited; 0 for minutes "
                                                     "not written yet.")


class CirculateIn(InSchema):
    days: int = Field(rules.DEFAULT_CORRECTION_DAYS, ge=1, le=rules.MAX_CORRECTION_DAYS,
                      description="Days for corrections, from today.")
    revision: VersionNumber


class RevisionIn(InSchema):
    revision: VersionNumber


class CorrectionOut(Schema):
    id: int
    version: int = Field(..., description="The version the correction was proposed on.")
    agenda_item_id: int | None = Field(..., description="None: the minutes as a whole.")
    text: str
    proposed_by_id: int
    proposed_at: dt.datetime
    status: CorrectionStatus
    resolved_by_id: int | None
    resolved_at: dt.datetime | None


class CorrectionPage(Page):
    results: list[CorrectionOut]


class CorrectionIn(InSchema):
    agenda_item_id: Id | None = Field(None, description="An item of the meeting's agenda; "
                                                         "none for the minutes as a whole.")
    text: str = Field(..., min_length=1, max_length=services.CORRECTION_MAX)


class ResolveIn(InSchema):
    accept: bool = Field(..., description="true: take it over (a new version); false: not.")
    summary: str | None = Field(None, max_length=rules.SUMMARY_MAX,
                                description="The new version's summary (unchanged if absent).")
    notes: dict[str, str] | None = Field(None, description="The new version's notes per item "
                                                           "(unchanged if absent).")
    revision: VersionNumber


# --- helpers ----------------------------------------------------------------------------------


def _meeting(request: HttpRequest, alliance_id: int, meeting_id: int) -> Meeting:
    alliance = alliance_selectors.alliance_get(user=request.user, pk=alliance_id)
    return selectors.meeting_get(user=request.user, alliance=alliance, pk=meeting_id)


def _version(version: MinutesVersion, notes: dict[str, str]) -> dict[str, Any]:
    return {"number": version.number, "summary": version.summary, "notes": notes,
            "written_by_id": version.written_by_id, "written_at": version.written_at}


def _out(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    selectors.minutes_get(user=request.user, meeting=meeting)  # 404 when none (or not yours)
    view = selectors.minutes_read(user=request.user, meeting=meeting)
    minutes = view.minutes
    if minutes is None:  # gone between the two reads: as if never there
        raise Http404
    items: list[AgendaItem] = [row.item for row in view.items]
    confidential = [item.pk for item in items if item.confidential]
    versions = [_version(v, rules.wider_circle_notes(
        {k: n for k, n in v.notes.items() if k in {str(i.pk) for i in items}}, confidential,
        view.may_read_confidential)) for v in selectors.versions_of(minutes)]
    current = next((v for v in versions if v["number"] == minutes.version), None)
    return {"meeting_id": meeting.pk, "status": minutes.status, "version": minutes.version,
            "revision": minutes.revision, "corrections_until": minutes.corrections_until,
            "circulated_at": minutes.circulated_at, "approved_at": minutes.approved_at,
            "approved_in_id": minutes.approved_in_id, "approved_by_id": minutes.approved_by_id,
            "items": [{"id": i.pk, "position": i.position, "title": i.title,
                       "confidential": i.confidential} for i in items],
            "current": current, "versions": versions}


def _minutes(request: HttpRequest, meeting: Meeting) -> Minutes:
    return selectors.minutes_get(user=request.user, meeting=meeting)


# --- operations -------------------------------------------------------------------------------

MINUTES = "/{alliance_id}/meetings/{meeting_id}/minutes"


@router.get(MINUTES, response=MinutesOut,
            summary="A meeting's minutes: the current version and every earlier one")
def get_minutes(request: AuthenticatedHttpRequest, alliance_id: Id,
                meeting_id: Id) -> dict[str, Any]:
    return _out(request, _meeting(request, alliance_id, meeting_id))


@router.put(MINUTES, response=MinutesOut,
            summary="Write the minutes (a draft is updated; circulated minutes get a new "
                    "version)")
def put_minutes_draft(request: AuthenticatedHttpRequest, alliance_id: Id, meeting_id: Id,
                      payload: MinutesDraftIn) -> dict[str, Any]:
    meeting = _meeting(request, alliance_id, meeting_id)
    services.minutes_draft_save(actor=request.user, meeting=meeting, summary=payload.summary,
                                notes=payload.notes, expected_revision=payload.revision)
    return _out(request, meeting)


@router.post(f"{MINUTES}/circulate", response=MinutesOut,
             summary="Circulate the minutes to those present for corrections")
def circulate_minutes(request: AuthenticatedHttpRequest, alliance_id: Id, meeting_id: Id,
                      payload: CirculateIn) -> dict[str, Any]:
    meeting = _meeting(request, alliance_id, meeting_id)
    services.minutes_circulate(actor=request.user, minutes=_minutes(request, meeting),
                               days=payload.days, expected_revision=payload.revision)
    return _out(request, meeting)


@router.get(f"{MINUTES}/corrections", response=CorrectionPage,
            summary="The corrections proposed to the minutes")
def list_minutes_corrections(request: AuthenticatedHttpRequest, alliance_id: Id,
                             meeting_id: Id, query: Query[PageQuery]) -> dict[str, Any]:
    meeting = _meeting(request, alliance_id, meeting_id)
    minutes = _minutes(request, meeting)
    return paged(request, selectors.correction_list(user=request.user, minutes=minutes), query)


@router.post(f"{MINUTES}/corrections", response={201: CorrectionOut},
             summary="Propose a correction (those present, within the period)")
def propose_minutes_correction(request: AuthenticatedHttpRequest, alliance_id: Id,
                               meeting_id: Id, payload: CorrectionIn) -> Status[Correction]:
    meeting = _meeting(request, alliance_id, meeting_id)
    minutes = _minutes(request, meeting)
    item = None
    if payload.agenda_item_id is not None:
        item = next((i for i in selectors.agenda_items(user=request.user, meeting=meeting)
                     if i.pk == payload.agenda_item_id), None)
        if item is None:
            raise DomainError("Choose an item of this meeting's agenda.", field="agenda_item_id")
    return Status(201, services.correction_propose(actor=request.user, minutes=minutes,
                                                   text=payload.text, agenda_item=item))


@router.post(f"{MINUTES}/corrections/{{correction_id}}/resolve", response=CorrectionOut,
             summary="Take a correction over (a new version) or not")
def resolve_minutes_correction(request: AuthenticatedHttpRequest, alliance_id: Id,
                               meeting_id: Id, correction_id: Id,
                               payload: ResolveIn) -> Correction:
    meeting = _meeting(request, alliance_id, meeting_id)
    correction = selectors.correction_get(user=request.user, meeting=meeting, pk=correction_id)
    return services.correction_resolve(actor=request.user, correction=correction,
                                       accept=payload.accept, summary=payload.summary,
                                       notes=payload.notes, expected_revision=payload.revision)


@router.post(f"{MINUTES}/approve", response=MinutesOut,
             summary="Record the approval (at or after the next meeting of the body)")
def approve_minutes(request: AuthenticatedHttpRequest, alliance_id: Id, meeting_id: Id,
                    payload: RevisionIn) -> dict[str, Any]:
    meeting = _meeting(request, alliance_id, meeting_id)
    services.minutes_approve(actor=request.user, minutes=_minutes(request, meeting),
                             expected_revision=payload.revision)
    return _out(request, meeting)
