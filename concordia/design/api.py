import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated, Any, Literal

from django.core.exceptions import PermissionDenied
from ninja import Field, Query, Router, Schema, Status

from concordia.access import policy
from concordia.accounts.http import AuthenticatedHttpRequest
from concordia.alliances import selectors as alliance_selectors
from concordia.alliances.models import Alliance, Partner
from concordia.core.api_schemas import Id, InSchema, Name, Page, PageQuery, VersionNumber, paged
from concordia.core.idempotency import idempotent
from concordia.handbook.catalogue import Rationale, Resistance

from . import rules, selectors, services, stage_rules
from .choices import Degree, Origin, RemarkKind, StatementKind
from .models import (
    AllianceProfile,
    Endorsement,
    ExpectedResistance,
    GlossaryTerm,
    PartnerDefinition,
    PartnerInterest,
    StageAssessment,
    StatementVersion,
    VersionRemark,
)

if TYPE_CHECKING:
    from .selectors import EndorsedVersion, StatementState

router = Router()


class ProfileOut(Schema):
    rationales: list[Rationale]
    origin: Origin
    joint_activities: int
    centralisation: Degree
    joint_work_weight: Degree
    version: int


class ProfileIn(InSchema):
    rationales: list[Rationale] = Field(default_factory=list, max_length=5)
    origin: Origin
    joint_activities: int = Field(..., ge=1, le=999)
    centralisation: Degree
    joint_work_weight: Degree
    version: VersionNumber = Field(..., description="The version you edited; 0 for a new profile.")


DRAFTED = "Drafted by the key alliance manager; false once the partner wrote it."


class ResistanceOut(Schema):
    source: Resistance
    note: str
    mitigation: str
    drafted_by_key_alliance_manager: bool = Field(..., description=DRAFTED)

    @staticmethod
    def resolve_drafted_by_key_alliance_manager(obj: ExpectedResistance) -> bool:
        return obj.drafted_by_id is not None


class PartnerDesignOut(Schema):
    partner_id: int = Field(..., validation_alias="pk")
    organisation_name: str = Field(..., validation_alias="organisation.name")
    own_interest: str
    shared_interest: str
    interest_drafted_by_key_alliance_manager: bool = Field(..., description=DRAFTED)
    resistance_visible: bool = Field(..., description=(
        "Whether you may read this partner's expected resistance (the steering roles, and the "
        "partner's own people except external reviewers); when false the list is empty."))
    expected_resistance: list[ResistanceOut]

    @staticmethod
    def resolve_interest_drafted_by_key_alliance_manager(obj: Partner) -> bool:
        interest = getattr(obj, "interest", None)
        return bool(interest and interest.drafted_by_id is not None)

    @staticmethod
    def resolve_own_interest(obj: Partner) -> str:
        interest = getattr(obj, "interest", None)
        return interest.own_interest if interest else ""

    @staticmethod
    def resolve_shared_interest(obj: Partner) -> str:
        interest = getattr(obj, "interest", None)
        return interest.shared_interest if interest else ""

    @staticmethod
    def resolve_expected_resistance(obj: Partner) -> list[ExpectedResistance]:
        return list(obj.expected_resistance.all())


class PartnerDesignPage(Page):
    results: list[PartnerDesignOut]


class InterestIn(InSchema):
    own_interest: str = Field("", max_length=2000)
    shared_interest: str = Field("", max_length=2000)


class InterestOut(Schema):
    own_interest: str
    shared_interest: str
    drafted_by_key_alliance_manager: bool = Field(..., description=DRAFTED)

    @staticmethod
    def resolve_drafted_by_key_alliance_manager(obj: PartnerInterest) -> bool:
        return obj.drafted_by_id is not None


class ResistanceIn(InSchema):
    source: Resistance
    note: str = Field("", max_length=2000)
    mitigation: str = Field("", max_length=2000)


class EndorsementOut(Schema):
    partner_id: int
    partner_name: str = Field(..., validation_alias="partner.organisation.name")
    endorsed_by: str
    endorsed_at: dt.datetime

    @staticmethod
    def resolve_endorsed_by(obj: Endorsement) -> str:
        return str(obj.endorsed_by)


class RemarkOut(Schema):
    partner_id: int
    partner_name: str = Field(..., validation_alias="partner.organisation.name")
    kind: RemarkKind = Field(..., description="objection (with its reason; it does not "
                                              "endorse) or comment")
    text: str
    written_by: str
    written_at: dt.datetime

    @staticmethod
    def resolve_written_by(obj: VersionRemark) -> str:
        return str(obj.written_by)


VERSION_STATUS = ("in_force: the version in force; proposal: the open proposal; superseded: was "
                  "in force, replaced by a later version; withdrawn: a proposal withdrawn or "
                  "replaced by a newer one; not_adopted: never in force.")


class VersionOut(Schema):
    number: int
    status: str = Field(..., description=VERSION_STATUS)
    vision: str
    mission: str
    text: str
    created_at: dt.datetime
    in_force_since: dt.datetime | None
    withdrawn_at: dt.datetime | None
    endorsements: list[EndorsementOut]
    remarks: list[RemarkOut]

    @staticmethod
    def resolve_endorsements(obj: "EndorsedVersion") -> list[Endorsement]:
        return obj.live_endorsements

    @staticmethod
    def resolve_remarks(obj: StatementVersion) -> list[VersionRemark]:
        return list(obj.remarks.all())


class VersionPage(Page):
    results: list[VersionOut]


class DiffPartOut(Schema):
    op: str = Field(..., description="equal, inserted or deleted")
    text: str


class FieldDiffOut(Schema):
    field: str = Field(..., description="vision, mission or text")
    parts: list[DiffPartOut]


class VersionDetailOut(VersionOut):
    compared_with: int | None = Field(..., description=(
        "The version the differences are taken from: for the proposal the version in force, "
        "for any other version the one before it."))
    diff: list[FieldDiffOut] = Field(..., description="Word-level differences per field.")


class VersionIn(InSchema):
    text: str = Field(..., min_length=1, max_length=8000)
    vision: str = Field("", max_length=4000)
    mission: str = Field("", max_length=4000)
    based_on: VersionNumber | None = Field(None, description="The newest version number you saw.")


class RemarkIn(InSchema):
    kind: RemarkKind
    text: str = Field(..., min_length=1, max_length=2000,
                      description="The reason of the objection, or the comment.")


class PartnerRefOut(Schema):
    id: int
    name: str


class ProgressOut(Schema):
    in_force_version: int | None = Field(..., description="The version in force, if any.")
    in_force_since: dt.datetime | None
    proposal_version: int | None = Field(..., description="The open proposal, if any.")
    required: list[PartnerRefOut]
    endorsed: list[PartnerRefOut] = Field(..., description="Partners that endorsed the proposal.")
    waiting: list[PartnerRefOut] = Field(..., description="Required partners that have not "
                                                          "endorsed the proposal yet.")
    objections: int = Field(..., description="Objections raised against the proposal.")


@router.get("/{alliance_id}/profile", response=ProfileOut, summary="The alliance profile")
def get_profile(request: AuthenticatedHttpRequest, alliance_id: Id) -> AllianceProfile:
    alliance = alliance_selectors.alliance_get(user=request.user, pk=alliance_id)
    return selectors.profile_get(user=request.user, alliance=alliance)


@router.put("/{alliance_id}/profile", response=ProfileOut,
            summary="Save the profile (409 when someone saved in between)")
def put_profile(request: AuthenticatedHttpRequest, alliance_id: Id,
                payload: ProfileIn) -> AllianceProfile:
    alliance = alliance_selectors.alliance_get(user=request.user, pk=alliance_id)
    data = payload.dict()
    expected = data.pop("version")
    data["rationales"] = [str(r) for r in data["rationales"]]
    return services.profile_update(actor=request.user, alliance=alliance,
                                   expected_version=expected, **data)


@router.get("/{alliance_id}/partner-designs", response=PartnerDesignPage,
            summary="Per partner: own interest, shared interest, expected resistance")
def list_partner_designs(request: AuthenticatedHttpRequest, alliance_id: Id,
                         query: Query[PageQuery]) -> dict[str, Any]:
    alliance = alliance_selectors.alliance_get(user=request.user, pk=alliance_id)
    return paged(request, selectors.partner_design_list(user=request.user, alliance=alliance),
                 query)


def _partner(request: AuthenticatedHttpRequest, alliance_id: Id,
             partner_id: Id) -> tuple[Alliance, Partner]:
    alliance = alliance_selectors.alliance_get(user=request.user, pk=alliance_id)
    return alliance, selectors.partner_design_list(user=request.user, alliance=alliance).get(
        pk=partner_id)


@router.put("/{alliance_id}/partner-designs/{partner_id}/interest", response=InterestOut,
            summary="Set a partner's own and shared interest",
            description="The partner's own people who may write; the key alliance manager "
                        "drafts it only while the partner has written nothing (403 otherwise).")
def put_interest(request: AuthenticatedHttpRequest, alliance_id: Id, partner_id: Id,
                 payload: InterestIn) -> PartnerInterest:
    alliance, partner = _partner(request, alliance_id, partner_id)
    return services.partner_interest_set(actor=request.user, alliance=alliance,
                                         partner=partner, **payload.dict())


@router.put("/{alliance_id}/partner-designs/{partner_id}/resistances", response=ResistanceOut,
            summary="Record (or update) expected resistance at a partner",
            description="The partner's own people who may write; the key alliance manager "
                        "drafts a source only while the partner has written nothing there (403 "
                        "otherwise).")
def put_resistance(request: AuthenticatedHttpRequest, alliance_id: Id, partner_id: Id,
                   payload: ResistanceIn) -> ExpectedResistance:
    alliance, partner = _partner(request, alliance_id, partner_id)
    data = payload.dict()
    data["source"] = str(data["source"])
    return services.resistance_set(actor=request.user, alliance=alliance, partner=partner,
                                   **data)


def _refs(partners: Iterable[rules.PartnerRef]) -> list[dict[str, object]]:
    return [{"id": p.id, "name": p.name} for p in partners]


def _progress(state: "StatementState") -> dict[str, Any]:
    return {"in_force_version": state.in_force.number if state.in_force else None,
            "in_force_since": state.in_force.in_force_since if state.in_force else None,
            "proposal_version": state.proposal.number if state.proposal else None,
            "required": _refs(state.progress.required),
            "endorsed": _refs(state.progress.endorsed) if state.proposal else [],
            "waiting": _refs(state.progress.waiting) if state.proposal else [],
            "objections": state.objections}


class _Shown:
    """A version as the API shows it: the model's fields plus its status and, for one version,
    what it is compared with and the differences."""

    def __init__(self, version: StatementVersion, status: str, compared_with: int | None = None,
                 diff: list[dict[str, Any]] | None = None) -> None:
        self._version, self.status = version, status
        self.compared_with, self.diff = compared_with, diff or []

    def __getattr__(self, name: str) -> Any:
        return getattr(self._version, name)


def _with_status(state: "StatementState", versions: Iterable[StatementVersion]) -> list[_Shown]:
    return [_Shown(v, state.status(v)) for v in versions]


def _detail(alliance: Alliance, user: Any, kind: str, number: int,
            term: GlossaryTerm | None = None) -> _Shown:
    """One version with its status and its word-level differences (see StatementState)."""
    state = selectors.statement_state(user=user, alliance=alliance, kind=kind, term=term)
    version = next((v for v in state.versions if v.number == number), None)
    if version is None:
        raise StatementVersion.DoesNotExist
    compared = state.predecessor(version)
    fields = ("vision", "mission", "text") if kind == StatementKind.OBJECTIVE else ("text",)
    diff = [{"field": field, "parts": [{"op": p.op, "text": p.text} for p in rules.word_diff(
        getattr(compared, field) if compared else "", getattr(version, field))]}
        for field in fields]
    return _Shown(version, state.status(version), compared.number if compared else None, diff)


def _paged_versions(request: AuthenticatedHttpRequest, alliance: Alliance, kind: str,
                    query: PageQuery, term: GlossaryTerm | None = None) -> dict[str, Any]:
    state = selectors.statement_state(user=request.user, alliance=alliance, kind=kind,
                                      term=term)
    page = paged(request, selectors.statement_version_list(
        user=request.user, alliance=alliance, kind=kind, term=term), query)
    page["results"] = _with_status(state, page["results"])
    return page


def _statement_routes(slug: str, kind: str, label: str) -> None:
    """The same operations for the objective and for the values statement."""

    @router.get(f"/{{alliance_id}}/{slug}", response=ProgressOut,
                summary=f"The {label} in force and the proposal's endorsements",
                operation_id=f"get_{kind}_progress", url_name=f"get_{kind}_progress")
    def progress(request: AuthenticatedHttpRequest, alliance_id: Id) -> dict[str, Any]:
        alliance = alliance_selectors.alliance_get(user=request.user, pk=alliance_id)
        return _progress(selectors.statement_state(user=request.user, alliance=alliance,
                                                   kind=kind))

    @router.get(f"/{{alliance_id}}/{slug}/versions", response=VersionPage,
                summary=f"Versions of the {label}, newest first, with their status",
                operation_id=f"list_{kind}_versions", url_name=f"list_{kind}_versions")
    def list_versions(request: AuthenticatedHttpRequest, alliance_id: Id,
                      query: Query[PageQuery]) -> dict[str, Any]:
        alliance = alliance_selectors.alliance_get(user=request.user, pk=alliance_id)
        return _paged_versions(request, alliance, kind, query)

    @router.get(f"/{{alliance_id}}/{slug}/versions/{{number}}", response=VersionDetailOut,
                summary=f"One version of the {label}, with its word-level differences",
                operation_id=f"get_{kind}_version", url_name=f"get_{kind}_version")
    def get_version(request: AuthenticatedHttpRequest, alliance_id: Id,
                    number: Id) -> _Shown:
        alliance = alliance_selectors.alliance_get(user=request.user, pk=alliance_id)
        return _detail(alliance, request.user, kind, number)

    @router.post(f"/{{alliance_id}}/{slug}/versions", response={201: VersionOut},
                 summary=f"Propose a new version of the {label} (the one in force stays until "
                         "every partner endorsed it; an open proposal is replaced)",
                 operation_id=f"create_{kind}_version", url_name=f"create_{kind}_version")
    @idempotent
    def create_version(request: AuthenticatedHttpRequest, alliance_id: Id,
                       payload: VersionIn) -> Status[_Shown]:
        alliance = alliance_selectors.alliance_get(user=request.user, pk=alliance_id)
        version = services.statement_draft(actor=request.user, alliance=alliance, kind=kind,
                                           **payload.dict())
        return Status(201, _detail(alliance, request.user, kind, version.number))

    @router.post(f"/{{alliance_id}}/{slug}/versions/{{number}}/endorsements",
                 response={201: EndorsementOut},
                 summary=f"Endorse the proposed {label} for your own partner",
                 operation_id=f"endorse_{kind}", url_name=f"endorse_{kind}")
    @idempotent
    def endorse(request: AuthenticatedHttpRequest, alliance_id: Id,
                number: Id) -> Status[Endorsement]:
        alliance = alliance_selectors.alliance_get(user=request.user, pk=alliance_id)
        version = selectors.statement_version_get(user=request.user, alliance=alliance,
                                                  kind=kind, number=number)
        result = services.statement_endorse(actor=request.user, version=version)
        return Status(201, result)

    @router.delete(f"/{{alliance_id}}/{slug}/versions/{{number}}/endorsements/{{partner_id}}",
                   response={204: None},
                   summary=f"Withdraw your partner's endorsement of the proposed {label}",
                   operation_id=f"withdraw_{kind}_endorsement",
                   url_name=f"withdraw_{kind}_endorsement")
    @idempotent
    def withdraw(request: AuthenticatedHttpRequest, alliance_id: Id, number: Id,
                 partner_id: Id) -> Status[None]:
        alliance = alliance_selectors.alliance_get(user=request.user, pk=alliance_id)
        version = selectors.statement_version_get(user=request.user, alliance=alliance,
                                                  kind=kind, number=number)
        own = policy.own_partner(request.user, alliance.pk)
        if own is None or own.pk != partner_id:
            raise PermissionDenied  # only a partner's own board member withdraws for it
        services.statement_withdraw(actor=request.user, version=version)
        return Status(204, None)

    @router.post(f"/{{alliance_id}}/{slug}/versions/{{number}}/remarks",
                 response={201: RemarkOut},
                 summary=f"Object to (with a reason) or comment on the proposed {label}, for "
                         "your own partner",
                 operation_id=f"remark_{kind}", url_name=f"remark_{kind}")
    @idempotent
    def remark(request: AuthenticatedHttpRequest, alliance_id: Id, number: Id,
               payload: RemarkIn) -> Status[VersionRemark]:
        alliance = alliance_selectors.alliance_get(user=request.user, pk=alliance_id)
        _may_speak_for_partner(request, alliance)
        version = selectors.statement_version_get(user=request.user, alliance=alliance,
                                                  kind=kind, number=number)
        return Status(201, services.statement_remark(
            actor=request.user, version=version, kind=str(payload.kind), text=payload.text))

    @router.post(f"/{{alliance_id}}/{slug}/versions/{{number}}/withdrawal",
                 response=VersionOut,
                 summary=f"Withdraw the proposed {label} (key alliance manager)",
                 operation_id=f"withdraw_{kind}_proposal", url_name=f"withdraw_{kind}_proposal")
    @idempotent
    def withdraw_proposal(request: AuthenticatedHttpRequest, alliance_id: Id,
                          number: Id) -> _Shown:
        alliance = alliance_selectors.alliance_get(user=request.user, pk=alliance_id)
        policy.require(request.user, "alliance.withdraw_proposal", alliance)
        version = selectors.statement_version_get(user=request.user, alliance=alliance,
                                                  kind=kind, number=number)
        services.proposal_withdraw(actor=request.user, version=version)
        return _detail(alliance, request.user, kind, number)


def _may_speak_for_partner(request: AuthenticatedHttpRequest, alliance: Alliance) -> None:
    """Endorsing, objecting and commenting are for whom the partner authorises (checked before
    any version number is looked up)."""
    own = policy.own_partner(request.user, alliance.pk)
    if own is None:
        raise PermissionDenied
    policy.require(request.user, "partner.endorse", own)


_statement_routes("objective", StatementKind.OBJECTIVE, "objective")
_statement_routes("values-statement", StatementKind.VALUES, "values statement")


class StageAssessmentOut(Schema):
    id: int
    partner_id: int | None = Field(..., description="The partner rated for; null for an "
                                   "assessment recorded before rating per partner.")
    assessed_on: dt.date
    overall: str
    dimension_stages: dict[str, str]
    answers: dict[str, int]
    note: str


class StageAssessmentPage(Page):
    results: list[StageAssessmentOut]


class StageAssessmentIn(InSchema):
    assessed_on: dt.date
    answers: dict[str, Annotated[int, Field(ge=1, le=3)]] = Field(
        ..., description="Question key → 1, 2 or 3 (opportunistic, procedural, cultural "
                         "description).")
    note: str = Field("", max_length=4000)


class PartnerStageOut(Schema):
    partner_id: int | None
    name: str
    raters: int
    dimensions: dict[str, str]
    overall: str


class DimensionStageOut(Schema):
    dimension: str
    stage: str
    spread: int = Field(..., description="Highest partner stage minus the lowest, in stages.")


class AllianceStageOut(Schema):
    rated: bool
    overall: str | None
    newest: dt.date | None = Field(..., description="The date of the newest current rating.")
    stale: bool = Field(..., description="The newest rating is more than a year old.")
    weakest: str | None
    dimensions: list[DimensionStageOut]
    partners: list[PartnerStageOut]
    differing: list[str] = Field(..., description="Dimensions the partners see differently.")
    unrated: list[str] = Field(..., description="Active partners without a current rating.")
    rater_roles: list[str]
    rater_levels: list[str]


class StageRatersIO(InSchema):
    """Who rates the stage for their partner: a person rates when one of their roles or the
    level at which they hold it is chosen. At least one role or level."""

    roles: list[Annotated[str, Field(max_length=30)]] = Field(
        default_factory=list, max_length=10,
        description="Roles that rate (never observer or external_reviewer).")
    levels: list[Literal["strategic", "tactical", "operational"]] = Field(
        default_factory=list, max_length=3,
        description="Levels whose people rate, whatever their role (except read-only roles).")


class StageQuestionOut(Schema):
    key: str
    dimension: str
    text: str
    options: list[str]


class PartnerDefinitionOut(Schema):
    partner_id: int
    partner_name: str = Field(..., validation_alias="partner.organisation.name")
    definition: str
    drafted_by_key_alliance_manager: bool = Field(..., description=DRAFTED)

    @staticmethod
    def resolve_drafted_by_key_alliance_manager(obj: PartnerDefinition) -> bool:
        return obj.drafted_by_id is not None


class GlossaryTermOut(Schema):
    id: int
    term: str
    agreed_definition: str
    agreed_at: dt.datetime | None
    version: int
    definitions: list[PartnerDefinitionOut]

    @staticmethod
    def resolve_definitions(obj: GlossaryTerm) -> list[PartnerDefinition]:
        return list(obj.definitions.all())


class GlossaryTermPage(Page):
    results: list[GlossaryTermOut]


class GlossaryTermIn(InSchema):
    term: Name = Field(..., min_length=1, max_length=120)


class DefinitionIn(InSchema):
    definition: str = Field(..., min_length=1, max_length=4000)


class DefinitionVersionIn(InSchema):
    definition: str = Field(..., min_length=1, max_length=4000)
    based_on: VersionNumber | None = Field(None, description="The newest definition version "
                                                             "number you saw.")


@router.get("/{alliance_id}/stage-questions", response=list[StageQuestionOut],
            summary="The development-stage questionnaire")
def list_stage_questions(request: AuthenticatedHttpRequest, alliance_id: Id) -> list[dict[str,
                         Any]]:
    alliance_selectors.alliance_get(user=request.user, pk=alliance_id)
    return [{"key": q.key, "dimension": str(q.dimension), "text": str(q.text),
             "options": [str(o) for o in q.options]} for q in stage_rules.QUESTIONS]


@router.get("/{alliance_id}/stage-assessments", response=StageAssessmentPage,
            summary="Development-stage history, oldest first")
def list_stage_assessments(request: AuthenticatedHttpRequest, alliance_id: Id,
                           query: Query[PageQuery]) -> dict[str, Any]:
    alliance = alliance_selectors.alliance_get(user=request.user, pk=alliance_id)
    return paged(request, selectors.stage_assessment_list(user=request.user, alliance=alliance),
                 query)


@router.post("/{alliance_id}/stage-assessments", response={201: StageAssessmentOut},
             summary="Record a development-stage assessment")
def create_stage_assessment(request: AuthenticatedHttpRequest, alliance_id: Id,
                            payload: StageAssessmentIn) -> Status[StageAssessment]:
    alliance = alliance_selectors.alliance_get(user=request.user, pk=alliance_id)
    result = services.stage_assess(actor=request.user, alliance=alliance, **payload.dict())
    return Status(201, result)


@router.get("/{alliance_id}/stage", response=AllianceStageOut,
            summary="The development stage as every partner rates it (docs/decisions)")
def get_alliance_stage(request: AuthenticatedHttpRequest, alliance_id: Id) -> dict[str, Any]:
    alliance = alliance_selectors.alliance_get(user=request.user, pk=alliance_id)
    overview = selectors.stage_overview(user=request.user, alliance=alliance)
    stage, names = overview.stage, overview.partner_names

    def label(level: int) -> str:
        return str(stage_rules.STAGE_ORDER[level - 1])

    return {
        "rated": stage is not None, "overall": label(stage.overall) if stage else None,
        "newest": stage.newest if stage else None, "stale": overview.stale,
        "weakest": str(stage.weakest) if stage else None,
        "dimensions": [{"dimension": str(d), "stage": label(stage.dimensions[d]),
                        "spread": stage.spread[d]} for d in stage.dimensions] if stage else [],
        "partners": [{"partner_id": p.partner, "name": names.get(p.partner, ""),
                      "raters": p.raters, "overall": label(p.overall),
                      "dimensions": {str(d): label(v) for d, v in p.dimensions.items()}}
                     for p in stage.partners] if stage else [],
        "differing": [str(d) for d in stage.differing] if stage else [],
        "unrated": overview.unrated, "rater_roles": overview.rater_roles,
        "rater_levels": overview.rater_levels,
    }


@router.get("/{alliance_id}/stage-raters", response=StageRatersIO,
            summary="Which roles and levels rate the development stage for their partner")
def get_stage_raters(request: AuthenticatedHttpRequest, alliance_id: Id) -> dict[str, Any]:
    alliance = alliance_selectors.alliance_get(user=request.user, pk=alliance_id)
    overview = selectors.stage_overview(user=request.user, alliance=alliance)
    return {"roles": overview.rater_roles, "levels": overview.rater_levels}


@router.put("/{alliance_id}/stage-raters", response=StageRatersIO,
            summary="Choose which roles and levels rate the stage (the key alliance manager)")
def put_stage_raters(request: AuthenticatedHttpRequest, alliance_id: Id,
                     payload: StageRatersIO) -> dict[str, Any]:
    alliance = alliance_selectors.alliance_get(user=request.user, pk=alliance_id)
    raters = services.stage_raters_set(actor=request.user, alliance=alliance,
                                       roles=list(payload.roles), levels=list(payload.levels))
    return {"roles": raters.roles, "levels": raters.levels}


@router.get("/{alliance_id}/glossary-terms", response=GlossaryTermPage,
            summary="The glossary: partner definitions and the agreed one")
def list_glossary_terms(request: AuthenticatedHttpRequest, alliance_id: Id,
                        query: Query[PageQuery]) -> dict[str, Any]:
    alliance = alliance_selectors.alliance_get(user=request.user, pk=alliance_id)
    return paged(request, selectors.glossary_term_list(user=request.user, alliance=alliance),
                 query)


@router.post("/{alliance_id}/glossary-terms", response={201: GlossaryTermOut},
             summary="Add a term")
def create_glossary_term(request: AuthenticatedHttpRequest, alliance_id: Id,
                         payload: GlossaryTermIn) -> Status[GlossaryTerm]:
    alliance = alliance_selectors.alliance_get(user=request.user, pk=alliance_id)
    term = services.glossary_term_add(actor=request.user, alliance=alliance, term=payload.term)
    result = selectors.glossary_term_get(user=request.user, alliance=alliance, pk=term.pk)
    return Status(201, result)


@router.get("/{alliance_id}/glossary-terms/{term_id}", response=GlossaryTermOut,
            summary="One term")
def get_glossary_term(request: AuthenticatedHttpRequest, alliance_id: Id,
                      term_id: Id) -> GlossaryTerm:
    alliance = alliance_selectors.alliance_get(user=request.user, pk=alliance_id)
    return selectors.glossary_term_get(user=request.user, alliance=alliance, pk=term_id)


@router.put("/{alliance_id}/glossary-terms/{term_id}/own-definition",
            response=GlossaryTermOut, summary="Give your own partner's definition")
def put_own_definition(request: AuthenticatedHttpRequest, alliance_id: Id, term_id: Id,
                       payload: DefinitionIn) -> GlossaryTerm:
    alliance = alliance_selectors.alliance_get(user=request.user, pk=alliance_id)
    term = selectors.glossary_term_get(user=request.user, alliance=alliance, pk=term_id)
    services.partner_definition_set(actor=request.user, term=term,
                                    definition=payload.definition)
    return selectors.glossary_term_get(user=request.user, alliance=alliance, pk=term_id)


def _term(request: AuthenticatedHttpRequest, alliance_id: Id,
          term_id: Id) -> tuple[Alliance, GlossaryTerm]:
    alliance = alliance_selectors.alliance_get(user=request.user, pk=alliance_id)
    return alliance, selectors.glossary_term_get(user=request.user, alliance=alliance,
                                                 pk=term_id)


DEFINITION = StatementKind.DEFINITION
TERM_VERSIONS = "/{alliance_id}/glossary-terms/{term_id}/definition-versions"


@router.get(TERM_VERSIONS, response=VersionPage,
            summary="Versions of a term's agreed definition, newest first, with their status")
def list_definition_versions(request: AuthenticatedHttpRequest, alliance_id: Id, term_id: Id,
                             query: Query[PageQuery]) -> dict[str, Any]:
    alliance, term = _term(request, alliance_id, term_id)
    return _paged_versions(request, alliance, DEFINITION, query, term)


@router.get(TERM_VERSIONS + "/{number}", response=VersionDetailOut,
            summary="One version of a term's agreed definition, with its differences")
def get_definition_version(request: AuthenticatedHttpRequest, alliance_id: Id, term_id: Id,
                           number: Id) -> _Shown:
    alliance, term = _term(request, alliance_id, term_id)
    return _detail(alliance, request.user, DEFINITION, number, term)


@router.post(TERM_VERSIONS, response={201: VersionOut},
             summary="Propose the agreed definition (it is agreed once every partner "
                     "endorsed it; an open proposal is replaced)")
@idempotent
def create_definition_version(request: AuthenticatedHttpRequest, alliance_id: Id, term_id: Id,
                              payload: DefinitionVersionIn) -> Status[_Shown]:
    alliance, term = _term(request, alliance_id, term_id)
    version = services.glossary_definition_propose(
        actor=request.user, term=term, definition=payload.definition,
        based_on=payload.based_on)
    return Status(201, _detail(alliance, request.user, DEFINITION, version.number, term))


@router.post(TERM_VERSIONS + "/{number}/endorsements", response={201: EndorsementOut},
             summary="Endorse the proposed definition for your own partner")
@idempotent
def endorse_definition(request: AuthenticatedHttpRequest, alliance_id: Id, term_id: Id,
                       number: Id) -> Status[Endorsement]:
    alliance, term = _term(request, alliance_id, term_id)
    version = selectors.statement_version_get(user=request.user, alliance=alliance,
                                              kind=DEFINITION, number=number, term=term)
    return Status(201, services.statement_endorse(actor=request.user, version=version))


@router.delete(TERM_VERSIONS + "/{number}/endorsements/{partner_id}", response={204: None},
               summary="Withdraw your partner's endorsement of the proposed definition")
@idempotent
def withdraw_definition_endorsement(request: AuthenticatedHttpRequest, alliance_id: Id,
                                    term_id: Id, number: Id, partner_id: Id) -> Status[None]:
    alliance, term = _term(request, alliance_id, term_id)
    version = selectors.statement_version_get(user=request.user, alliance=alliance,
                                              kind=DEFINITION, number=number, term=term)
    own = policy.own_partner(request.user, alliance.pk)
    if own is None or own.pk != partner_id:
        raise PermissionDenied
    services.statement_withdraw(actor=request.user, version=version)
    return Status(204, None)


@router.post(TERM_VERSIONS + "/{number}/remarks", response={201: RemarkOut},
             summary="Object to (with a reason) or comment on the proposed definition")
@idempotent
def remark_definition(request: AuthenticatedHttpRequest, alliance_id: Id, term_id: Id,
                      number: Id, payload: RemarkIn) -> Status[VersionRemark]:
    alliance, term = _term(request, alliance_id, term_id)
    _may_speak_for_partner(request, alliance)
    version = selectors.statement_version_get(user=request.user, alliance=alliance,
                                              kind=DEFINITION, number=number, term=term)
    return Status(201, services.statement_remark(
        actor=request.user, version=version, kind=str(payload.kind), text=payload.text))


@router.post(TERM_VERSIONS + "/{number}/withdrawal", response=VersionOut,
             summary="Withdraw the proposed definition (key alliance manager)")
@idempotent
def withdraw_definition_proposal(request: AuthenticatedHttpRequest, alliance_id: Id,
                                 term_id: Id, number: Id) -> _Shown:
    alliance, term = _term(request, alliance_id, term_id)
    policy.require(request.user, "alliance.withdraw_proposal", alliance)
    version = selectors.statement_version_get(user=request.user, alliance=alliance,
                                              kind=DEFINITION, number=number, term=term)
    services.proposal_withdraw(actor=request.user, version=version)
    return _detail(alliance, request.user, DEFINITION, number, term)


@router.put("/{alliance_id}/glossary-terms/{term_id}/definitions/{partner_id}",
            response=GlossaryTermOut, summary="Give (or draft) one partner's definition",
            description="The partner's own people who may write give it; the key alliance "
                        "manager drafts it only while the partner has given none (403 "
                        "otherwise). A draft is marked as such until the partner edits it.")
def put_partner_definition(request: AuthenticatedHttpRequest, alliance_id: Id, term_id: Id,
                           partner_id: Id, payload: DefinitionIn) -> GlossaryTerm:
    alliance, partner = _partner(request, alliance_id, partner_id)
    term = selectors.glossary_term_get(user=request.user, alliance=alliance, pk=term_id)
    services.partner_definition_set(actor=request.user, term=term, partner=partner,
                                    definition=payload.definition)
    return selectors.glossary_term_get(user=request.user, alliance=alliance, pk=term_id)
