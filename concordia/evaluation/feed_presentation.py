"""In place vs experienced in words: the readings, the rows of the page and the API, the stage
page's dimension scores and the improvement actions' before and after. No reads."""

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from concordia.blocks.presentation import BLOCK_LABELS, PILLAR_LABELS
from concordia.handbook.catalogue import BLOCK_NUMBER, PILLAR_NUMBER, Block, Pillar

from .aggregation import Reason
from .feed_rules import PillarFigure, Reading
from .feed_selectors import DesignFeed, DimensionScores, ImprovementActionRow, PillarFeed
from .results_presentation import change, dimension_label, figure

READING_WORDS: dict[Reading, Promise] = {
    Reading.WORKS: gettext_lazy("in place and experienced"),
    Reading.NOT_EXPERIENCED: gettext_lazy("in place but not experienced: a discussion point"),
    Reading.EXPERIENCED_WITHOUT: gettext_lazy("experienced, though its blocks are not in place"),
    Reading.GAP: gettext_lazy("neither in place nor experienced"),
    Reading.UNKNOWN: gettext_lazy("not known yet: no experienced figure"),
}


def pillar_label(pillar: str) -> str:
    try:
        return f"P{PILLAR_NUMBER[Pillar(pillar)]} {PILLAR_LABELS[Pillar(pillar)]}"
    except ValueError:
        return pillar


def block_label(block: str) -> str:
    try:
        return f"{BLOCK_NUMBER[Block(block)]}. {BLOCK_LABELS[Block(block)]}"
    except ValueError:
        return block


def why_not_shown(fig: PillarFigure | None, k: int) -> str:
    """Why a pillar has no experienced figure."""
    if fig is None:
        return _("No closed evaluation round yet.")
    if fig.reason is Reason.ROUND_TOO_SMALL:
        return _("Fewer than %(k)s people answered the round: not shown, so that nobody's "
                 "answers can be recognised.") % {"k": k}
    if fig.reason is Reason.MEASURE_HIDDEN:
        return _("Fewer than %(k)s answers on this pillar's statements: not shown.") % {"k": k}
    return _("None of the round's statements speaks to this pillar.")


@dataclass(frozen=True)
class FeedRow:
    key: str
    label: str
    in_place: list[str]
    carriers: list[str]
    in_place_text: str
    mean: str
    sd: str
    n: int | None
    change: str
    note: str
    reading: Reading
    reading_text: str
    discussion: bool


def feed_row(row: PillarFeed, k: int) -> FeedRow:
    stat = row.figure.stat if row.figure else None
    delta = row.change
    return FeedRow(
        key=row.pillar.value, label=pillar_label(row.pillar.value),
        in_place=[block_label(b) for b in row.in_place],
        carriers=[block_label(b) for b, _status in row.carriers],
        in_place_text=_("%(n)s of %(total)s blocks") % {"n": len(row.in_place),
                                                       "total": len(row.carriers)},
        mean=figure(stat.mean) if stat else "—", sd=figure(stat.sd) if stat else "—",
        n=stat.n if stat else None, change=change(delta) if delta is not None else "—",
        note="" if stat else why_not_shown(row.figure, k), reading=row.reading,
        reading_text=str(READING_WORDS[row.reading]), discussion=row.is_discussion_point)


def feed_context(feed: DesignFeed) -> dict[str, Any]:
    rows = [feed_row(r, feed.k) for r in feed.pillars]
    return {"alliance": feed.alliance, "round": feed.round,
            "previous_round": feed.previous_round, "k": feed.k, "rows": rows,
            "discussion": [r for r in rows if r.discussion]}


def dimension_rows(scores: DimensionScores | None) -> list[dict[str, str]]:
    """The latest round's mean per dimension as the stage page shows it."""
    if scores is None:
        return []
    return [{"key": key, "label": dimension_label(key).capitalize(), "mean": figure(s.mean),
             "sd": figure(s.sd), "n": str(s.n)} for key, s in scores.dimensions.items()]


def _around_text(fig: PillarFigure | None) -> str:
    if fig is None or fig.stat is None:
        return "—"
    return figure(fig.stat.mean)


def action_rows(rows: list[ImprovementActionRow]) -> list[dict[str, Any]]:
    out = []
    for row in rows:
        action = row.action
        delta = row.change
        out.append({
            "action": action,
            "strengthens": (pillar_label(action.pillar) if action.pillar
                            else block_label(action.block)),
            "before_year": row.before.year if row.before else None,
            "before": _around_text(row.before.figure) if row.before else "—",
            "after_year": row.after.year if row.after else None,
            "after": _around_text(row.after.figure) if row.after else "—",
            "change": change(delta) if delta is not None else "—",
        })
    return out
