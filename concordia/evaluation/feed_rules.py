"""The evaluation feeds the design: pure rules over plain values (no database, no request).

Coverage says whether a pillar's building blocks are *in place*; the evaluation says whether the
pillar *works* as the alliance's people experience it. Per pillar:

- **experienced** — the round's mean over the statements linked to the pillar, for all
  respondents only, through the same aggregation and anonymity rules as the results
  (:func:`concordia.evaluation.aggregation.aggregate`): a respondent's value is the mean of
  their scores on the pillar's statements, and nothing is shown below ``k`` respondents in the
  round or ``k`` answers on the pillar (the reason says which);
- **in place** — how many of the blocks that carry the pillar are in place;
- **the reading** — the two side by side (:func:`reading`): "in place but not experienced" is
  the discussion point the evaluation adds to the design.

Improvement actions show the pillar's experienced score in the last closed round before they
were made and in the next one after (:func:`rounds_around`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from . import aggregation
from .aggregation import Reason, ResponseRecord, Stat

# A pillar is "in place" when at least half of the blocks that carry it are in place, and
# "experienced" when its mean reaches the middle of the 1–5 scale.
IN_PLACE_SHARE = 0.5
EXPERIENCED_FROM = 3.0


@dataclass(frozen=True)
class PillarFigure:
    """One pillar's experienced score in one round: the figure, or why it is not shown."""

    pillar: str
    stat: Stat | None
    reason: Reason | None  # ROUND_TOO_SMALL, MEASURE_HIDDEN or None (no statement asked)
    statements: int  # how many of the round's statements speak to the pillar


def pillar_figures(records: Sequence[ResponseRecord], pillars_of: Mapping[str, Iterable[str]],
                   pillars: Sequence[str], *, k: int) -> dict[str, PillarFigure]:
    """Per pillar, the round's mean over the statements linked to it (``pillars_of``: statement
    key → the pillars it speaks to; only the round's statements). The figure is the overall
    "dimension" of an aggregation whose one dimension is the pillar, so it keeps the results'
    rules exactly: fewer than ``k`` respondents or answers, no figure."""
    out: dict[str, PillarFigure] = {}
    for pillar in pillars:
        keys = sorted(key for key, linked in pillars_of.items() if pillar in set(linked))
        if not keys:
            out[pillar] = PillarFigure(pillar, None, None, 0)
            continue
        results = aggregation.aggregate(records, dict.fromkeys(keys, pillar), k=k,
                                        statement_order=keys)
        stat = results.overall.dimensions.get(pillar) if results.overall else None
        reason = None
        if stat is None:
            reason = (Reason.ROUND_TOO_SMALL if results.overall is None
                      else Reason.MEASURE_HIDDEN)
        out[pillar] = PillarFigure(pillar, stat, reason, len(keys))
    return out


class Reading(StrEnum):
    """What in place and experienced say together."""

    WORKS = "works"  # in place and experienced
    NOT_EXPERIENCED = "not_experienced"  # in place but not experienced: a discussion point
    EXPERIENCED_WITHOUT = "experienced_without"  # experienced without its blocks in place
    GAP = "gap"  # neither in place nor experienced
    UNKNOWN = "unknown"  # no experienced figure (no round, or too few answers)


def is_in_place(in_place: int, carriers: int) -> bool:
    return carriers > 0 and in_place / carriers >= IN_PLACE_SHARE


def reading(*, in_place: int, carriers: int, mean: float | None) -> Reading:
    """The pillar's reading from the blocks in place (of those that carry it) and its mean."""
    if mean is None:
        return Reading.UNKNOWN
    placed = is_in_place(in_place, carriers)
    experienced = mean >= EXPERIENCED_FROM
    if placed:
        return Reading.WORKS if experienced else Reading.NOT_EXPERIENCED
    return Reading.EXPERIENCED_WITHOUT if experienced else Reading.GAP


def is_discussion_point(value: Reading) -> bool:
    return value is Reading.NOT_EXPERIENCED


@dataclass(frozen=True)
class ClosedRound:
    year: int
    closed_at: dt.datetime


def rounds_around(rounds: Iterable[ClosedRound], made_at: dt.datetime
                  ) -> tuple[ClosedRound | None, ClosedRound | None]:
    """The last round closed before an action was made (what it answered) and the first one
    closed after it (what shows whether it helped)."""
    ordered = sorted(rounds, key=lambda r: (r.closed_at, r.year))
    before = [r for r in ordered if r.closed_at <= made_at]
    after = [r for r in ordered if r.closed_at > made_at]
    return (before[-1] if before else None, after[0] if after else None)


def change(current: Stat | None, previous: Stat | None) -> float | None:
    """The change of the mean since the previous round, when both are shown."""
    if current is None or previous is None:
        return None
    return current.mean - previous.mean
