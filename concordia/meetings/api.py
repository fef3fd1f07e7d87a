"""API for meetings of a body: planning (one meeting or a series), changes and cancellation, the
agenda (proposals, changes, scheduling, order, publication), attendance per seat, and the body's
meeting overview with its absence flags. Same services and selectors as the pages."""

import datetime as dt
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from concordia.accounts.http import AuthenticatedHttpRequest
from concordia.accounts.models import Person
from concordia.alliances import selectors as alliance_selectors
from concordia.alliances.models import Alliance, Document
from concordia.bodies.models import Body, Seat
from concordia.core.api_schemas import Id, InSchema, Name, Page, PageQuery, VersionNumber, paged
from concordia.core.errors import DomainError
from concordia.core.pagination import Rows

from . import rules, selectors, services
from .choices import AttendanceStatus, Frequency, ItemKind, ItemStatus, MeetingStatus
from .models import AgendaItem, Attendance, Meeting

router = Router()


# --- schemas ----------------------------------------------------------------------------------


class ChairOut(Schema):
    partner_id: int | None = Field(..., description="The chairing partner (rotating chair).")
    person_id: int | None = Field(..., description="The chair (fixed chair).")
    name: str = Field(..., description="The partner's or the person's name; empty: nobody.")


class MeetingOut(Schema):
    id: int
    body_id: int
    body_name: str
    series_id: int | None
    title: str
    starts_at: dt.datetime
    duration_minutes: int
    location: str
    status: MeetingStatus
    chair: ChairOut
    agenda_published_at: dt.datetime | None
    sequence: int = Field(..., description="Raised by every change a calendar must see.")
    version: int = Field(..., description="Send it back with a change; a stale one is 409.")

    @staticmethod
    def resolve_body_name(obj: Meeting) -> str:
        return obj.body.name

    @staticmethod
    def resolve_chair(obj: Meeting) -> dict[str, Any]:
        name = (obj.chair_partner.organisation.name if obj.chair_partner is not None
                else str(obj.chair_person) if obj.chair_person is not None else "")
        return {"partner_id": obj.chair_partner_id, "person_id": obj.chair_person_id,
                "name": name}


class MeetingPage(Page):
    results: list[MeetingOut]


class MeetingIn(InSchema):
    starts_at: dt.datetime = Field(..., description="ISO 8601 with its offset.")
    duration_minutes: int = Field(90, ge=services.DURATION_MIN, le=services.DURATION_MAX)
    title: Name = Field("", max_length=services.TITLE_MAX)
    location: str = Field("", max_length=services.LOCATION_MAX)


class MeetingUpdateIn(MeetingIn):
    version: VersionNumber = Field(..., description="The version you changed; stale: 409.")


class CancellationIn(InSchema):
    version: VersionNumber | None = Field(None, description="The version you saw; stale: 409.")


class SeriesIn(InSchema):
    frequency: Frequency
    first_starts_at: dt.datetime = Field(..., description="ISO 8601 with its offset; later "
                                                          "meetings keep its time of day in "
                                                          "Amsterdam.")
    occurrences: int = Field(..., ge=2, le=rules.MAX_OCCURRENCES)
    duration_minutes: int = Field(90, ge=services.DURATION_MIN, le=services.DURATION_MAX)
    title: Name = Field("", max_length=services.TITLE_MAX)
    location: str = Field("", max_length=services.LOCATION_MAX)


class SeriesOut(Schema):
    id: int
    body_id: int
    frequency: Frequency
    occurrences: int
    meetings: list[MeetingOut]


class DocumentRefOut(Schema):
    id: int
    title: str
    url: str


class AgendaItemOut(Schema):
    id: int
    meeting_id: int
    position: int
    title: str
    description: str
    kind: ItemKind
    status: ItemStatus
    owner_id: int | None
    owner_name: str
    time_box_minutes: int | None
    confidential: bool
    documents: list[DocumentRefOut] = Field(..., description="Only those you may read.")
    proposed_by_id: int
    version: int

    @staticmethod
    def resolve_owner_name(obj: AgendaItem) -> str:
        return str(obj.owner) if obj.owner is not None else ""

    @staticmethod
    def resolve_documents(obj: AgendaItem) -> list[Document]:
        return list(getattr(obj, "visible_documents", []))


class AgendaItemPage(Page):
    results: list[AgendaItemOut]


class _AgendaItemFields(InSchema):
    title: Name = Field(..., min_length=1, max_length=services.TITLE_MAX)
    kind: ItemKind = ItemKind.DISCUSSION
    description: str = Field("", max_length=services.DESCRIPTION_MAX)
    owner_id: Id | None = Field(None, description="A person with a role in the alliance.")
    time_box_minutes: int | None = Field(None, ge=1, le=services.TIME_BOX_MAX)
    confidential: bool = False


class AgendaItemIn(_AgendaItemFields):
    document_ids: list[Id] = Field([], max_length=services.DOCUMENTS_MAX,
                                   description="Documents of the alliance you may read.")


class AgendaItemUpdateIn(_AgendaItemFields):
    version: VersionNumber = Field(..., description="The version you changed; stale: 409.")
    document_ids: list[Id] | None = Field(
        None, max_length=services.DOCUMENTS_MAX,
        description="Replaces the documents you can see; absent: unchanged.")


class ScheduleIn(InSchema):
    status: ItemStatus = Field(..., description="on_agenda or withdrawn.")


class AgendaOrderIn(InSchema):
    order: list[Id] = Field(..., max_length=500,
                            description="Every item that is not withdrawn, each once.")


class AgendaOrderOut(Schema):
    order: list[int]


class AttendanceOut(Schema):
    seat_id: int
    partner_id: int
    partner_name: str
    holder_id: int | None
    status: AttendanceStatus | None = Field(..., description="null: not recorded yet.")
    replaced_by_id: int | None
    against_rule: bool = Field(..., description="Replaced where the body asks for the holder "
                                                "in person.")


class AttendanceListOut(Schema):
    meeting_id: int
    seats: list[AttendanceOut]


class AttendanceIn(InSchema):
    status: AttendanceStatus
    replaced_by_id: Id | None = Field(None, description="With status replaced: the seat's "
                                                        "substitute or a person of its partner.")


class FlagOut(Schema):
    partner_id: int
    partner_name: str
    streak: int
    absent: int
    absent_with_notice: int
    replaced: int
    keeps_sending_substitutes: bool


class OverviewSeatOut(Schema):
    id: int
    partner_id: int
    partner_name: str
    holder_id: int | None
    substitute_id: int | None


class BodyOverviewOut(Schema):
    id: int
    name: str
    mandate: str
    chair_rule: str
    chair_person_id: int | None
    rotation: list[int] = Field(..., description="Partner ids in the order the chair rotates.")
    substitutes_may_attend: bool
    seats: list[OverviewSeatOut]
    upcoming: list[MeetingOut]
    past: list[MeetingOut]
    absence_flags: list[FlagOut]
    flag_threshold: int


# --- helpers ----------------------------------------------------------------------------------


def _alliance(request: AuthenticatedHttpRequest, alliance_id: int) -> Alliance:
    return alliance_selectors.alliance_get(user=request.user, pk=alliance_id)


def _body(request: AuthenticatedHttpRequest, alliance_id: int, body_id: int) -> Body:
    return selectors.body_get(user=request.user, alliance=_alliance(request, alliance_id),
                              pk=body_id)


def _meeting(request: AuthenticatedHttpRequest, alliance_id: int, meeting_id: int) -> Meeting:
    return selectors.meeting_get(user=request.user, alliance=_alliance(request, alliance_id),
                                 pk=meeting_id)


def _meeting_out(request: AuthenticatedHttpRequest, meeting: Meeting) -> Meeting:
    return selectors.meeting_get(user=request.user, alliance=meeting.body.alliance,
                                 pk=meeting.pk)


def _person(pk: int | None, field: str) -> Person | None:
    if pk is None:
        return None
    person = Person.objects.filter(pk=pk).first()
    if person is None:  # an unknown id reads like any other wrong person
        raise DomainError(_("Not a person of this alliance."), field=field)
    return person


def _documents(pks: list[int]) -> list[Document]:
    docs = list(Document.objects.filter(pk__in=pks))
    if len(docs) != len(set(pks)):
        raise DomainError(_("Attach only documents of this alliance that you can read."),
                          field="document_ids")
    return docs


def _item(request: AuthenticatedHttpRequest, meeting: Meeting, item_id: int) -> AgendaItem:
    return selectors.agenda_item_get(user=request.user, meeting=meeting, pk=item_id)


# --- meetings ---------------------------------------------------------------------------------


@router.get("/{alliance_id}/meetings", response=MeetingPage,
            summary="Upcoming meetings of every body of the alliance, soonest first")
def list_upcoming_meetings(request: AuthenticatedHttpRequest, alliance_id: Id,
                           query: Query[PageQuery]) -> dict[str, Any]:
    alliance = _alliance(request, alliance_id)
    return paged(request, selectors.upcoming_meetings(user=request.user, alliance=alliance),
                 query)


@router.get("/{alliance_id}/bodies/{body_id}/meetings", response=MeetingPage,
            summary="All meetings of a body, newest first")
def list_body_meetings(request: AuthenticatedHttpRequest, alliance_id: Id, body_id: Id,
                       query: Query[PageQuery]) -> dict[str, Any]:
    body = _body(request, alliance_id, body_id)
    return paged(request, selectors.body_meetings(user=request.user, body=body), query)


@router.post("/{alliance_id}/bodies/{body_id}/meetings", response={201: MeetingOut},
             summary="Plan a meeting of a body (its chair or secretary); the chair follows "
                     "the body's rule")
def plan_meeting(request: AuthenticatedHttpRequest, alliance_id: Id, body_id: Id,
                 payload: MeetingIn) -> Status[Meeting]:
    body = _body(request, alliance_id, body_id)
    meeting = services.meeting_plan(actor=request.user, body=body, starts_at=payload.starts_at,
                                    duration_minutes=payload.duration_minutes,
                                    title=payload.title, location=payload.location)
    return Status(201, _meeting_out(request, meeting))


@router.post("/{alliance_id}/bodies/{body_id}/meeting-series", response={201: SeriesOut},
             summary="Plan a weekly, monthly or quarterly series of meetings")
def plan_meeting_series(request: AuthenticatedHttpRequest, alliance_id: Id, body_id: Id,
                        payload: SeriesIn) -> Status[dict[str, Any]]:
    body = _body(request, alliance_id, body_id)
    series = services.series_plan(
        actor=request.user, body=body, frequency=str(payload.frequency),
        first_starts_at=payload.first_starts_at, occurrences=payload.occurrences,
        duration_minutes=payload.duration_minutes, title=payload.title,
        location=payload.location)
    meetings = list(selectors.body_meetings(user=request.user, body=body)
                    .filter(series=series).order_by("starts_at"))
    return Status(201, {"id": series.pk, "body_id": body.pk, "frequency": series.frequency,
                        "occurrences": series.occurrences, "meetings": meetings})


@router.get("/{alliance_id}/bodies/{body_id}/meeting-overview", response=BodyOverviewOut,
            summary="A body's seats, chair rule, next and past meetings, and absence flags")
def get_body_meeting_overview(request: AuthenticatedHttpRequest, alliance_id: Id,
                              body_id: Id) -> dict[str, Any]:
    body = _body(request, alliance_id, body_id)
    page = selectors.body_page(user=request.user, body=body)
    return {
        "id": body.pk, "name": body.name, "mandate": body.mandate,
        "chair_rule": body.chair_rule, "chair_person_id": body.chair_person_id,
        "rotation": [p.pk for p in page.rotation],
        "substitutes_may_attend": body.substitutes_may_attend,
        "seats": [{"id": s.pk, "partner_id": s.partner_id,
                   "partner_name": s.partner.organisation.name, "holder_id": s.holder_id,
                   "substitute_id": s.substitute_id} for s in page.seats],
        "upcoming": page.upcoming, "past": page.past,
        "absence_flags": [{"partner_id": r.flag.partner, "partner_name": r.partner_name,
                           "streak": r.flag.streak, "absent": r.flag.absent,
                           "absent_with_notice": r.flag.with_notice,
                           "replaced": r.flag.replaced,
                           "keeps_sending_substitutes": r.flag.keeps_sending_substitutes}
                          for r in page.flags],
        "flag_threshold": rules.ABSENCE_THRESHOLD,
    }


@router.get("/{alliance_id}/meetings/{meeting_id}", response=MeetingOut,
            summary="One meeting")
def get_meeting(request: AuthenticatedHttpRequest, alliance_id: Id, meeting_id: Id) -> Meeting:
    return _meeting(request, alliance_id, meeting_id)


@router.put("/{alliance_id}/meetings/{meeting_id}", response=MeetingOut,
            summary="Move or rename a meeting (409 when the version is stale)")
def update_meeting(request: AuthenticatedHttpRequest, alliance_id: Id, meeting_id: Id,
                   payload: MeetingUpdateIn) -> Meeting:
    meeting = _meeting(request, alliance_id, meeting_id)
    services.meeting_change(actor=request.user, meeting=meeting, expected_version=payload.version,
                            starts_at=payload.starts_at,
                            duration_minutes=payload.duration_minutes, title=payload.title,
                            location=payload.location)
    return _meeting_out(request, meeting)


@router.post("/{alliance_id}/meetings/{meeting_id}/cancellation", response=MeetingOut,
             summary="Cancel a meeting; calendars get the cancellation")
def cancel_meeting(request: AuthenticatedHttpRequest, alliance_id: Id, meeting_id: Id,
                   payload: CancellationIn) -> Meeting:
    meeting = _meeting(request, alliance_id, meeting_id)
    services.meeting_cancel(actor=request.user, meeting=meeting,
                            expected_version=payload.version)
    return _meeting_out(request, meeting)


# --- the agenda -------------------------------------------------------------------------------


@router.get("/{alliance_id}/meetings/{meeting_id}/agenda-items", response=AgendaItemPage,
            summary="The meeting's agenda items you may see, in agenda order")
def list_agenda_items(request: AuthenticatedHttpRequest, alliance_id: Id, meeting_id: Id,
                      query: Query[PageQuery]) -> dict[str, Any]:
    meeting = _meeting(request, alliance_id, meeting_id)
    return paged(request, Rows(selectors.agenda_items(user=request.user,
                                                                meeting=meeting)), query)


@router.post("/{alliance_id}/meetings/{meeting_id}/agenda-items",
             response={201: AgendaItemOut},
             summary="Propose an agenda item (any member of the body)")
def propose_agenda_item(request: AuthenticatedHttpRequest, alliance_id: Id, meeting_id: Id,
                        payload: AgendaItemIn) -> Status[AgendaItem]:
    meeting = _meeting(request, alliance_id, meeting_id)
    item = services.agenda_item_propose(
        actor=request.user, meeting=meeting, title=payload.title, kind=str(payload.kind),
        description=payload.description, owner=_person(payload.owner_id, "owner_id"),
        time_box_minutes=payload.time_box_minutes, confidential=payload.confidential,
        documents=_documents(payload.document_ids))
    return Status(201, _item(request, meeting, item.pk))


@router.put("/{alliance_id}/meetings/{meeting_id}/agenda-items/{item_id}",
            response=AgendaItemOut,
            summary="Change an agenda item (its proposer, the chair or the secretary)")
def update_agenda_item(request: AuthenticatedHttpRequest, alliance_id: Id, meeting_id: Id,
                       item_id: Id, payload: AgendaItemUpdateIn) -> AgendaItem:
    meeting = _meeting(request, alliance_id, meeting_id)
    item = _item(request, meeting, item_id)
    services.agenda_item_change(
        actor=request.user, item=item, expected_version=payload.version, title=payload.title,
        kind=str(payload.kind), description=payload.description,
        owner=_person(payload.owner_id, "owner_id"), time_box_minutes=payload.time_box_minutes,
        confidential=payload.confidential,
        documents=None if payload.document_ids is None else _documents(payload.document_ids))
    return _item(request, meeting, item_id)


@router.put("/{alliance_id}/meetings/{meeting_id}/agenda-items/{item_id}/status",
            response=AgendaItemOut,
            summary="Put an item on the agenda or withdraw it")
def schedule_agenda_item(request: AuthenticatedHttpRequest, alliance_id: Id, meeting_id: Id,
                         item_id: Id, payload: ScheduleIn) -> AgendaItem:
    meeting = _meeting(request, alliance_id, meeting_id)
    item = _item(request, meeting, item_id)
    if payload.status == ItemStatus.PROPOSED:
        raise DomainError(_("Choose on_agenda or withdrawn."), field="status")
    services.agenda_item_schedule(actor=request.user, item=item,
                                  on_agenda=payload.status == ItemStatus.ON_AGENDA)
    return _item(request, meeting, item_id)


@router.put("/{alliance_id}/meetings/{meeting_id}/agenda-order", response=AgendaOrderOut,
            summary="Order the agenda (the chair or the secretary)")
def order_agenda(request: AuthenticatedHttpRequest, alliance_id: Id, meeting_id: Id,
                 payload: AgendaOrderIn) -> dict[str, Any]:
    meeting = _meeting(request, alliance_id, meeting_id)
    return {"order": services.agenda_order(actor=request.user, meeting=meeting,
                                           order=payload.order)}


@router.post("/{alliance_id}/meetings/{meeting_id}/agenda-publication", response=MeetingOut,
             summary="Publish the agenda; the body's members are told")
def publish_agenda(request: AuthenticatedHttpRequest, alliance_id: Id,
                   meeting_id: Id) -> Meeting:
    meeting = _meeting(request, alliance_id, meeting_id)
    services.agenda_publish(actor=request.user, meeting=meeting)
    return _meeting_out(request, meeting)


# --- attendance -------------------------------------------------------------------------------


def _attendance(request: AuthenticatedHttpRequest, meeting: Meeting) -> dict[str, Any]:
    rows = selectors.attendance_rows(user=request.user, meeting=meeting)
    return {"meeting_id": meeting.pk, "seats": [_seat_row(r.seat, r.record, r.against_rule)
                                                 for r in rows]}


def _seat_row(seat: Seat, record: Attendance | None, against_rule: bool) -> dict[str, Any]:
    return {"seat_id": seat.pk, "partner_id": seat.partner_id,
            "partner_name": seat.partner.organisation.name,
            "holder_id": record.holder_id if record is not None else seat.holder_id,
            "status": record.status if record is not None else None,
            "replaced_by_id": record.replaced_by_id if record is not None else None,
            "against_rule": against_rule}


@router.get("/{alliance_id}/meetings/{meeting_id}/attendance", response=AttendanceListOut,
            summary="Who sat in each seat")
def get_attendance(request: AuthenticatedHttpRequest, alliance_id: Id,
                   meeting_id: Id) -> dict[str, Any]:
    return _attendance(request, _meeting(request, alliance_id, meeting_id))


@router.put("/{alliance_id}/meetings/{meeting_id}/attendance/{seat_id}", response=AttendanceOut,
            summary="Record one seat's attendance (the chair or the secretary)")
def put_attendance(request: AuthenticatedHttpRequest, alliance_id: Id, meeting_id: Id,
                   seat_id: Id, payload: AttendanceIn) -> dict[str, Any]:
    meeting = _meeting(request, alliance_id, meeting_id)
    seat = next((s for s in selectors.attendance_seats(meeting) if s.pk == seat_id), None)
    if seat is None:
        raise Http404
    services.attendance_record(actor=request.user, meeting=meeting, entries=[
        services.SeatAttendance(seat, str(payload.status),
                                _person(payload.replaced_by_id, "replaced_by_id"))])
    row = next(r for r in selectors.attendance_rows(user=request.user, meeting=meeting)
               if r.seat.pk == seat_id)
    return _seat_row(row.seat, row.record, row.against_rule)
