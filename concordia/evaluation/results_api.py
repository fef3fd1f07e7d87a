"""API: the aggregated results of a closed evaluation round — the same figures as the results
page, never a response and never a group below the minimum size."""

from typing import Annotated, Any

from ninja import Field, Router, Schema

from concordia.accounts.http import AuthenticatedHttpRequest
from concordia.core.api_schemas import Id
from concordia.core.errors import Conflict

from . import aggregation
from .results_presentation import group_label, note_text
from .results_selectors import YEAR_MAX, YEAR_MIN, round_results

router = Router()

Year = Annotated[int, Field(ge=YEAR_MIN, le=YEAR_MAX)]


class FigureOut(Schema):
    key: str = Field(..., description="A statement key (e.g. cultural.1) or a dimension.")
    n: int = Field(..., description="Answers behind the figure (at least the minimum size).")
    mean: float = Field(..., description="Mean score, 1 (disagree) to 5 (agree).")
    sd: float = Field(..., description="Spread: the sample standard deviation.")


class GroupOut(Schema):
    family: str = Field(..., description="overall, partner or level.")
    key: str = Field(..., description="The partner's id or the level; other: the merged rest; "
                                      "all: every respondent.")
    name: str
    covers: list[str] = Field(..., description="For other: the partners or levels it merges.")
    respondents: int
    dimensions: list[FigureOut]
    statements: list[FigureOut]


class ResultsNoteOut(Schema):
    reason: str
    family: str
    keys: list[str]
    text: str


class PointOut(Schema):
    kind: str
    key: str
    spread: float
    highest_partner_id: str
    highest_mean: float
    lowest_partner_id: str
    lowest_mean: float


class DeltaOut(Schema):
    family: str
    group: str
    kind: str
    key: str
    previous: float
    current: float


class ResultsOut(Schema):
    year: int
    min_group: int = Field(..., description="No figure describes fewer respondents than this.")
    respondents: int
    groups: list[GroupOut]
    notes: list[ResultsNoteOut]
    discussion_points: list[PointOut]
    previous_year: int | None
    year_on_year: list[DeltaOut]


def _key(group: aggregation.Group) -> str:
    if group.is_other:
        return "other"
    return "all" if group.family is aggregation.Family.OVERALL else group.key


def _figures(stats: dict[str, aggregation.Stat] | Any) -> list[dict[str, Any]]:
    return [{"key": key, "n": s.n, "mean": round(s.mean, 3), "sd": round(s.sd, 3)}
            for key, s in stats.items()]


@router.get("/{alliance_id}/evaluation/rounds/{year}/results", response=ResultsOut,
            summary="The aggregated results of a closed evaluation round (409 while open)")
def get_evaluation_results(request: AuthenticatedHttpRequest, alliance_id: Id,
                           year: Year) -> dict[str, Any]:
    data = round_results(user=request.user, alliance_id=alliance_id, year=year)
    results = data.results
    if results is None:
        raise Conflict("The results appear when the round has closed.", code="round_open")
    names = data.partner_names
    deltas = (aggregation.year_deltas(results, data.previous)
              if data.previous is not None else ())
    return {
        "year": data.round.year, "min_group": results.k, "respondents": results.respondents,
        "groups": [{"family": g.family.value, "key": _key(g), "name": group_label(g, names),
                    "covers": list(g.members) if g.is_other else [],
                    "respondents": g.respondents, "dimensions": _figures(g.dimensions),
                    "statements": _figures(g.statements)} for g in results.groups()],
        "notes": [{"reason": n.reason.value, "family": n.family.value, "keys": list(n.keys),
                   "text": note_text(n, data, results.k)} for n in results.notes],
        "discussion_points": [
            {"kind": p.kind, "key": p.key, "spread": round(p.spread, 3),
             "highest_partner_id": p.highest[0], "highest_mean": round(p.highest[1], 3),
             "lowest_partner_id": p.lowest[0], "lowest_mean": round(p.lowest[1], 3)}
            for p in aggregation.discussion_points(results)],
        "previous_year": data.previous_round.year if data.previous_round else None,
        "year_on_year": [{"family": d.family.value,
                          "group": "other" if d.group == aggregation.OTHER else (
                              "all" if d.group == aggregation.OVERALL else d.group),
                          "kind": d.kind, "key": d.key, "previous": round(d.previous, 3),
                          "current": round(d.current, 3)} for d in deltas],
    }
