"""API: in place vs experienced per pillar, and the improvement actions with their pillar's
experienced score before and after — the same figures as the pages, never a response and never
a figure below the minimum group size."""

from typing import Any

from ninja import Field, Router, Schema

from concordia.accounts.http import AuthenticatedHttpRequest
from concordia.alliances import selectors as alliance_selectors
from concordia.core.api_schemas import Id

from . import feed_selectors
from .feed_presentation import READING_WORDS, why_not_shown
from .feed_rules import PillarFigure

router = Router()


class ExperiencedOut(Schema):
    mean: float = Field(..., description="Mean over the pillar's statements, 1 to 5.")
    sd: float = Field(..., description="Spread: the sample standard deviation.")
    n: int = Field(..., description="Respondents behind the figure (at least the minimum).")


class PillarFeedOut(Schema):
    pillar: str
    blocks: list[str] = Field(..., description="The building blocks that carry the pillar.")
    in_place: list[str] = Field(..., description="Those of them in place.")
    experienced: ExperiencedOut | None = Field(
        ..., description="In the latest closed round; null when not shown (see note).")
    change: float | None = Field(..., description="Change of the mean since the round "
                                                  "before, when both are shown.")
    reading: str = Field(..., description="works, not_experienced (in place but not "
                                          "experienced: a discussion point), "
                                          "experienced_without, gap or unknown.")
    reading_text: str
    note: str = Field(..., description="Why no experienced figure is shown, if none is.")


class InPlaceOut(Schema):
    year: int | None = Field(..., description="The latest closed round's year.")
    previous_year: int | None
    min_group: int
    pillars: list[PillarFeedOut]


class AroundOut(Schema):
    year: int
    experienced: ExperiencedOut | None


class ImprovementActionOut(Schema):
    id: int
    title: str
    status: str
    pillar: str
    block: str
    due_on: str | None
    created_at: str
    before: AroundOut | None = Field(..., description="The pillar in the last closed round "
                                                      "before the action was made.")
    after: AroundOut | None = Field(..., description="The pillar in the next closed round "
                                                     "after it.")


def _experienced(fig: PillarFigure | None) -> dict[str, Any] | None:
    if fig is None or fig.stat is None:
        return None
    return {"mean": round(fig.stat.mean, 3), "sd": round(fig.stat.sd, 3), "n": fig.stat.n}


@router.get("/{alliance_id}/evaluation/in-place-vs-experienced", response=InPlaceOut,
            summary="Per pillar: the blocks in place vs the pillar as experienced")
def get_in_place_vs_experienced(request: AuthenticatedHttpRequest,
                                alliance_id: Id) -> dict[str, Any]:
    alliance = alliance_selectors.alliance_get(user=request.user, pk=alliance_id)
    feed = feed_selectors.design_feed(user=request.user, alliance=alliance)
    return {
        "year": feed.round.year if feed.round else None,
        "previous_year": feed.previous_round.year if feed.previous_round else None,
        "min_group": feed.k,
        "pillars": [{
            "pillar": row.pillar.value, "blocks": [b.value for b, _s in row.carriers],
            "in_place": [b.value for b in row.in_place],
            "experienced": _experienced(row.figure),
            "change": round(row.change, 3) if row.change is not None else None,
            "reading": row.reading.value, "reading_text": str(READING_WORDS[row.reading]),
            "note": "" if row.figure and row.figure.stat else why_not_shown(row.figure, feed.k),
        } for row in feed.pillars],
    }


@router.get("/{alliance_id}/improvement-actions", response=list[ImprovementActionOut],
            summary="The improvement actions, open and done, with their pillar before and "
                    "after")
def list_improvement_actions(request: AuthenticatedHttpRequest,
                             alliance_id: Id) -> list[dict[str, Any]]:
    alliance = alliance_selectors.alliance_get(user=request.user, pk=alliance_id)
    rows = feed_selectors.improvement_action_rows(user=request.user, alliance=alliance)
    return [{
        "id": r.action.pk, "title": r.action.title, "status": r.action.status,
        "pillar": r.action.pillar, "block": r.action.block,
        "due_on": r.action.due_on.isoformat() if r.action.due_on else None,
        "created_at": r.action.created_at.isoformat(),
        "before": ({"year": r.before.year, "experienced": _experienced(r.before.figure)}
                   if r.before else None),
        "after": ({"year": r.after.year, "experienced": _experienced(r.after.figure)}
                  if r.after else None),
    } for r in rows]
