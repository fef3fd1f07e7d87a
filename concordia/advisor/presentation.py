"""How advice reads on a page: the ranking as a small SVG bar chart (geometry only; the
template draws it), and how a saved snapshot compares with today's advice."""

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise

from concordia.handbook.catalogue import CollaborationForm

from . import rules

BEST_FILL = "#1f5f8b"
OTHER_FILL = "#8fb3cf"
RULED_OUT_FILL = "#c4c4c4"
TEXT_FILL = "#1d1d1d"

LABEL_WIDTH = 210  # room for the form names, right-aligned against the bars
BAR_MAX = 220  # width of a score of 100
ROW = 30
BAR_HEIGHT = 18
PAD = 6


@dataclass(frozen=True)
class Bar:
    label: Promise
    score: int
    ruled_out: bool
    fill: str
    y: int
    width: int
    text_y: int
    value_x: int


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    label_x: int
    bar_x: int
    bar_height: int
    text_fill: str
    bars: tuple[Bar, ...]


def ranking_chart(ranking: tuple[rules.FormScore, ...]) -> Chart:
    """One horizontal bar per form, best first; the best bar darker, ruled-out forms grey."""
    bars = []
    for index, item in enumerate(ranking):
        y = PAD + index * ROW
        width = round(BAR_MAX * item.score / 100)
        fill = RULED_OUT_FILL if item.ruled_out else BEST_FILL if index == 0 else OTHER_FILL
        bars.append(Bar(label=item.label, score=item.score, ruled_out=item.ruled_out, fill=fill,
                        y=y, width=width, text_y=y + BAR_HEIGHT - 4,
                        value_x=LABEL_WIDTH + width + PAD))
    return Chart(width=LABEL_WIDTH + BAR_MAX + 60, height=2 * PAD + ROW * len(ranking),
                 label_x=LABEL_WIDTH - PAD, bar_x=LABEL_WIDTH, bar_height=BAR_HEIGHT,
                 text_fill=TEXT_FILL, bars=tuple(bars))


def snapshot_changed(snapshot: dict[str, Any], advice: rules.Advice) -> bool:
    """Whether today's rules advise differently from the stored snapshot (form or scores)."""
    stored = [(row.get("form"), row.get("score")) for row in snapshot.get("ranking", [])]
    today = [(item.form.value, item.score) for item in advice.ranking]
    return snapshot.get("form") != advice.form.value or stored != today


def snapshot_ranking(snapshot: dict[str, Any]) -> list[tuple[Any, Any, bool]]:
    """(form label, score, ruled out) from a stored snapshot, labels in today's language."""
    rows = []
    for row in snapshot.get("ranking", []):
        form = row.get("form")
        label = (rules.FORM_LABELS[CollaborationForm(form)]
                 if form in CollaborationForm._value2member_map_ else form)
        rows.append((label, row.get("score"), bool(row.get("ruled_out"))))
    return rows
