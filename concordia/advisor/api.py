import datetime as dt
from typing import Any

from ninja import Field, Query, Router, Schema, Status
from pydantic import StrictBool

from concordia.accounts.http import AuthenticatedHttpRequest
from concordia.alliances import selectors as alliance_selectors
from concordia.core.api_schemas import Id, InSchema, Name, Page, PageQuery, paged
from concordia.handbook.catalogue import CollaborationForm

from . import rules, selectors, services
from .choices import Direction, Duration, Intensity, Scope
from .models import SavedAdvice

router = Router()


class AnswersIn(InSchema):
    """The questionnaire's answers. Unknown keys are refused, so a typo never passes as "no"."""

    model_config = {"extra": "forbid"}

    intensity: Intensity
    scope: Scope
    separable: StrictBool = Field(
        ..., description="Can the joint work be separated from the partners' core processes?")
    duration: Duration
    direction: Direction = Field(
        ..., description="One-way supply, or joint responsibility towards end users.")
    shared_ownership_wanted: StrictBool
    public_sector_constraints: StrictBool = Field(
        ..., description="Separate ministerial responsibilities and the like.")
    product_unambiguous: StrictBool
    predictable_future: StrictBool
    goodwill_parties: StrictBool = Field(
        False, description="Parties who contribute on goodwill, outside their own core.")
    receiving_parties: StrictBool = Field(
        False, description="Parties who only receive the result, such as data users.")


class AnswersOut(Schema):
    intensity: Intensity
    scope: Scope
    separable: bool
    duration: Duration
    direction: Direction
    shared_ownership_wanted: bool
    public_sector_constraints: bool
    product_unambiguous: bool
    predictable_future: bool
    goodwill_parties: bool = False
    receiving_parties: bool = False


class ConditionOut(Schema):
    code: str
    text: str
    weight: int
    blocking: bool


class FormScoreOut(Schema):
    form: CollaborationForm
    label: str
    score: int = Field(..., ge=0, le=100)
    ruled_out: bool
    met: list[ConditionOut]
    unmet: list[ConditionOut]


class LayerOut(Schema):
    position: rules.Position
    form: CollaborationForm
    label: str
    text: str


class CombinationOut(Schema):
    summary: str
    layers: list[LayerOut]


class NoteOut(Schema):
    code: str
    text: str


class AdviceOut(Schema):
    rules_version: str
    form: CollaborationForm = Field(..., description="The best-fitting form.")
    label: str
    score: int = Field(..., ge=0, le=100)
    fit: rules.Fit
    summary: str
    met: list[ConditionOut]
    unmet: list[ConditionOut]
    ranking: list[FormScoreOut] = Field(..., description="All six forms, best first.")
    combination: CombinationOut | None
    notes: list[NoteOut]


class SaverOut(Schema):
    id: int
    full_name: str


class SavedAdviceOut(Schema):
    id: int
    title: str
    alliance_id: int | None
    organisation_id: int | None
    result_form: CollaborationForm
    saved_by: SaverOut
    created_at: dt.datetime


class SavedAdviceDetailOut(SavedAdviceOut):
    answers: AnswersOut
    advice: AdviceOut | None = Field(
        ..., description="Worked out again from the saved answers with today's rules.")
    snapshot: dict[str, Any] = Field(..., description="The advice exactly as it was saved.")

    @staticmethod
    def resolve_advice(obj: SavedAdvice) -> dict[str, Any] | None:
        try:
            return rules.advise(rules.Answers.from_dict(obj.answers)).as_dict()
        except rules.InvalidAnswers:
            return None


class SavedAdvicePage(Page):
    results: list[SavedAdviceOut]


class SavedAdviceIn(InSchema):
    answers: AnswersIn
    title: Name = Field("", max_length=200)


def _answers(payload: AnswersIn) -> rules.Answers:
    return rules.Answers.from_dict(payload.dict())


@router.post("/form-advice", response=AdviceOut,
             summary="Which collaboration form fits these answers (nothing is saved)")
def advise_collaboration_form(request: AuthenticatedHttpRequest,
                              payload: AnswersIn) -> dict[str, Any]:
    return rules.advise(_answers(payload)).as_dict()


@router.get("/alliances/{alliance_id}/form-advice", response=SavedAdvicePage,
            summary="Form advice saved with the alliance, newest first")
def list_alliance_form_advice(request: AuthenticatedHttpRequest, alliance_id: Id,
                              query: Query[PageQuery]) -> dict[str, Any]:
    alliance = alliance_selectors.alliance_get(user=request.user, pk=alliance_id)
    return paged(request, selectors.advice_list(user=request.user, alliance=alliance), query)


@router.post("/alliances/{alliance_id}/form-advice", response={201: SavedAdviceDetailOut},
             summary="Save form advice with the alliance")
def save_alliance_form_advice(request: AuthenticatedHttpRequest, alliance_id: Id,
                              payload: SavedAdviceIn) -> Status[SavedAdvice]:
    alliance = alliance_selectors.alliance_get(user=request.user, pk=alliance_id)
    result = services.advice_save(actor=request.user, answers=_answers(payload.answers),
                                     alliance=alliance, title=payload.title)
    return Status(201, result)


@router.get("/alliances/{alliance_id}/form-advice/{advice_id}", response=SavedAdviceDetailOut,
            summary="One saved form advice of the alliance")
def get_alliance_form_advice(request: AuthenticatedHttpRequest, alliance_id: Id,
                             advice_id: Id) -> SavedAdvice:
    alliance = alliance_selectors.alliance_get(user=request.user, pk=alliance_id)
    return selectors.advice_get(user=request.user, alliance=alliance, pk=advice_id)


@router.get("/organisations/{organisation_id}/form-advice", response=SavedAdvicePage,
            summary="Form advice saved with your organisation, newest first")
def list_organisation_form_advice(request: AuthenticatedHttpRequest, organisation_id: Id,
                                  query: Query[PageQuery]) -> dict[str, Any]:
    organisation = selectors.own_organisation_get(user=request.user, pk=organisation_id)
    return paged(request, selectors.advice_list(user=request.user, organisation=organisation),
                 query)


@router.post("/organisations/{organisation_id}/form-advice",
             response={201: SavedAdviceDetailOut},
             summary="Save form advice with your organisation")
def save_organisation_form_advice(request: AuthenticatedHttpRequest, organisation_id: Id,
                                  payload: SavedAdviceIn) -> Status[SavedAdvice]:
    organisation = selectors.own_organisation_get(user=request.user, pk=organisation_id)
    result = services.advice_save(actor=request.user, answers=_answers(payload.answers),
                                     organisation=organisation, title=payload.title)
    return Status(201, result)


@router.get("/organisations/{organisation_id}/form-advice/{advice_id}",
            response=SavedAdviceDetailOut, summary="One saved form advice of your organisation")
def get_organisation_form_advice(request: AuthenticatedHttpRequest, organisation_id: Id,
                                 advice_id: Id) -> SavedAdvice:
    organisation = selectors.own_organisation_get(user=request.user, pk=organisation_id)
    return selectors.advice_get(user=request.user, organisation=organisation, pk=advice_id)
