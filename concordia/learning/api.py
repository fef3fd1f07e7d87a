"""API for the alliance's learning: pillar health checks (list, hold one with your scores, read
one, put your own scores) and lessons learned (list and search, record, read, change). Same
services and selectors as the pages."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from concordia.accounts.http import AuthenticatedHttpRequest
from concordia.alliances import selectors as alliance_selectors
from concordia.alliances.models import Alliance
from concordia.core.api_schemas import Id, InSchema, Name, Page, PageQuery, VersionNumber, paged
from concordia.core.errors import DomainError
from concordia.core.idempotency import idempotent
from concordia.decisions.models import Decision
from concordia.escalations.models import Bottleneck
from concordia.handbook.catalogue import Pillar

from . import rules, selectors, services
from .models import HealthCheck, Lesson, PillarScore

router = Router()


class PillarResultOut(Schema):
    pillar: Pillar
    scorers: int = Field(..., description="How many of the core team scored the pillar.")
    mean: float | None = Field(..., description="The mean score (1–5), two decimals.")
    lowest: int | None
    highest: int | None
    spread: int | None = Field(..., description="Highest minus lowest: 0 when all agree.")


class PillarScoreOut(Schema):
    scorer_id: int
    scorer_name: str
    pillar: Pillar
    score: int
    remark: str

    @staticmethod
    def resolve_scorer_name(obj: PillarScore) -> str:
        return str(obj.scorer)


class HealthCheckOut(Schema):
    id: int
    held_on: dt.date
    created_by_id: int
    results: list[PillarResultOut] = Field(..., description="Per pillar, in the model's order.")
    scores: list[PillarScoreOut] = Field(..., description="Every scorer's own scores.")

    @staticmethod
    def resolve_results(obj: HealthCheck) -> list[rules.PillarResult]:
        return selectors.results_of(obj)

    @staticmethod
    def resolve_scores(obj: HealthCheck) -> list[PillarScore]:
        return list(obj.scores.all())


class HealthCheckPage(Page):
    results: list[HealthCheckOut]


class ScoreIn(InSchema):
    pillar: Pillar
    score: int = Field(..., ge=rules.SCORE_MIN, le=rules.SCORE_MAX)
    remark: str = Field("", max_length=rules.REMARK_MAX)


class ScoresIn(InSchema):
    scores: list[ScoreIn] = Field(..., min_length=len(rules.PILLARS),
                                  max_length=len(rules.PILLARS),
                                  description="One score for each of the eight pillars.")


class HealthCheckIn(ScoresIn):
    held_on: dt.date = Field(..., description="Today or earlier; one check per day.")


class LessonOut(Schema):
    id: int
    title: str
    problem: str
    cause: str
    solution: str
    learned_on: dt.date
    tags: list[str]
    bottleneck_id: int | None
    decision_id: int | None
    author_id: int
    author_name: str
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int = Field(..., description="Send it back with a change; a change in between "
                                          "answers 409.")

    @staticmethod
    def resolve_tags(obj: Lesson) -> list[str]:
        return list(selectors.tag_names(obj))

    @staticmethod
    def resolve_author_name(obj: Lesson) -> str:
        return str(obj.author)


class LessonPage(Page):
    results: list[LessonOut]


class LessonQuery(PageQuery):
    q: str = Field("", max_length=rules.SEARCH_MAX,
                   description="Words that must all be in the title, problem, cause or "
                               "solution.")
    tag: str = Field("", max_length=rules.TAG_MAX, description="Only lessons with this tag.")


class LessonIn(InSchema):
    title: Name = Field(..., min_length=1, max_length=rules.TITLE_MAX)
    problem: str = Field(..., min_length=1, max_length=rules.TEXT_MAX)
    cause: str = Field(..., min_length=1, max_length=rules.TEXT_MAX)
    solution: str = Field(..., min_length=1, max_length=rules.TEXT_MAX)
    learned_on: dt.date
    tags: list[str] = Field([], max_length=rules.TAGS_MAX)
    bottleneck_id: Id | None = Field(None, description="A bottleneck you can see.")
    decision_id: Id | None = Field(None, description="A decision you can read.")


class LessonUpdateIn(LessonIn):
    version: VersionNumber


def _alliance(request: HttpRequest, alliance_id: int) -> Alliance:
    return alliance_selectors.alliance_get(user=request.user, pk=alliance_id)


def _scores(payload: ScoresIn) -> dict[str, tuple[int | None, str]]:
    scores: dict[str, tuple[int | None, str]] = {}
    for item in payload.scores:
        if item.pillar.value in scores:
            raise DomainError("Score each pillar once.", field="scores")
        scores[item.pillar.value] = (item.score, item.remark)
    return scores


def _links(request: HttpRequest, alliance: Alliance,
           payload: LessonIn) -> tuple[Bottleneck | None, Decision | None]:
    bottleneck = decision = None
    if payload.bottleneck_id is not None:
        bottleneck = selectors.bottleneck_get(user=request.user, alliance=alliance,
                                              pk=payload.bottleneck_id)
        if bottleneck is None:
            raise DomainError("Choose a bottleneck of this alliance.", field="bottleneck_id")
    if payload.decision_id is not None:
        decision = selectors.decision_get(user=request.user, alliance=alliance,
                                          pk=payload.decision_id)
        if decision is None:
            raise DomainError("Choose a decision of this alliance.", field="decision_id")
    return bottleneck, decision


@router.get("/{alliance_id}/health-checks", response=HealthCheckPage,
            summary="The alliance's pillar health checks, newest first")
def list_health_checks(request: AuthenticatedHttpRequest, alliance_id: Id,
                       query: Query[PageQuery]) -> dict[str, Any]:
    alliance = _alliance(request, alliance_id)
    return paged(request, selectors.health_check_list(user=request.user, alliance=alliance),
                 query)


@router.post("/{alliance_id}/health-checks", response={201: HealthCheckOut},
             summary="Hold a pillar health check with your own scores (the core team)")
@idempotent
def create_health_check(request: AuthenticatedHttpRequest, alliance_id: Id,
                        payload: HealthCheckIn) -> Status[HealthCheck]:
    alliance = _alliance(request, alliance_id)
    check = services.health_check_hold(actor=request.user, alliance=alliance,
                                       held_on=payload.held_on, scores=_scores(payload))
    return Status(201, selectors.health_check_get(user=request.user, alliance=alliance,
                                                  pk=check.pk))


@router.get("/{alliance_id}/health-checks/{check_id}", response=HealthCheckOut,
            summary="One pillar health check: the result per pillar and every score")
def get_health_check(request: AuthenticatedHttpRequest, alliance_id: Id,
                     check_id: Id) -> HealthCheck:
    alliance = _alliance(request, alliance_id)
    return selectors.health_check_get(user=request.user, alliance=alliance, pk=check_id)


@router.put("/{alliance_id}/health-checks/{check_id}/scores", response=HealthCheckOut,
            summary="Give or replace your own scores of a check (the core team)")
def put_health_check_scores(request: AuthenticatedHttpRequest, alliance_id: Id, check_id: Id,
                            payload: ScoresIn) -> HealthCheck:
    alliance = _alliance(request, alliance_id)
    check = selectors.health_check_get(user=request.user, alliance=alliance, pk=check_id)
    services.health_check_score(actor=request.user, health_check=check,
                                scores=_scores(payload))
    return selectors.health_check_get(user=request.user, alliance=alliance, pk=check_id)


@router.get("/{alliance_id}/lessons", response=LessonPage,
            summary="The alliance's lessons learned, newest first, searched by words and tag")
def list_lessons(request: AuthenticatedHttpRequest, alliance_id: Id,
                 query: Query[LessonQuery]) -> dict[str, Any]:
    alliance = _alliance(request, alliance_id)
    return paged(request, selectors.lesson_list(user=request.user, alliance=alliance,
                                                q=query.q, tag=query.tag), query)


@router.post("/{alliance_id}/lessons", response={201: LessonOut},
             summary="Record a lesson learned (any member who may write)")
@idempotent
def create_lesson(request: AuthenticatedHttpRequest, alliance_id: Id,
                  payload: LessonIn) -> Status[Lesson]:
    alliance = _alliance(request, alliance_id)
    bottleneck, decision = _links(request, alliance, payload)
    lesson = services.lesson_record(
        actor=request.user, alliance=alliance, title=payload.title, problem=payload.problem,
        cause=payload.cause, solution=payload.solution, learned_on=payload.learned_on,
        tags=payload.tags, bottleneck=bottleneck, decision=decision)
    return Status(201, selectors.lesson_get(user=request.user, alliance=alliance,
                                            pk=lesson.pk))


@router.get("/{alliance_id}/lessons/{lesson_id}", response=LessonOut,
            summary="One lesson learned")
def get_lesson(request: AuthenticatedHttpRequest, alliance_id: Id, lesson_id: Id) -> Lesson:
    alliance = _alliance(request, alliance_id)
    return selectors.lesson_get(user=request.user, alliance=alliance, pk=lesson_id)


@router.put("/{alliance_id}/lessons/{lesson_id}", response=LessonOut,
            summary="Change a lesson learned (its author, or the key alliance manager)")
def put_lesson(request: AuthenticatedHttpRequest, alliance_id: Id, lesson_id: Id,
               payload: LessonUpdateIn) -> Lesson:
    alliance = _alliance(request, alliance_id)
    lesson = selectors.lesson_get(user=request.user, alliance=alliance, pk=lesson_id)
    bottleneck, decision = _links(request, alliance, payload)
    services.lesson_update(
        actor=request.user, lesson=lesson, expected_version=payload.version,
        title=payload.title, problem=payload.problem, cause=payload.cause,
        solution=payload.solution, learned_on=payload.learned_on, tags=payload.tags,
        bottleneck=bottleneck, decision=decision)
    return selectors.lesson_get(user=request.user, alliance=alliance, pk=lesson_id)
