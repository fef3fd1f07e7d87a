"""Reads where the evaluation feeds the design: per pillar, the blocks in place (the building
blocks' coverage) beside the pillar as experienced in the latest closed round; the latest
round's dimension scores for the stage page; the improvement actions with their pillar's score
before and after.

Everything through the one access policy (``alliance_or_404``, the blocks' and the actions'
selectors). Figures only from the aggregation rules (``feed_rules.pillar_figures``), never a
response. The number of queries does not depend on the number of responses, actions or blocks;
it grows only with the alliance's closed rounds (one query each), on the actions' page.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from concordia.access import policy
from concordia.actions import selectors as action_selectors
from concordia.actions.models import ActionItem
from concordia.alliances.models import Alliance
from concordia.blocks import selectors as block_selectors
from concordia.blocks.rules import IN_PLACE
from concordia.handbook.catalogue import Block, Pillar

from . import feed_rules
from .aggregation import Stat
from .choices import RoundState
from .feed_rules import ClosedRound, PillarFigure, Reading
from .instrument import STANDARD_BY_KEY
from .models import AllianceStatement, Round
from .results_selectors import _aggregate, _records, _statement_infos, min_group

PILLARS = tuple(p.value for p in Pillar)


def _closed_rounds(alliance: Alliance) -> list[Round]:
    """The alliance's closed rounds, newest year first."""
    return list(Round.objects.filter(alliance=alliance, state=RoundState.CLOSED)
                .order_by("-year"))


def _own_statements(alliance: Alliance) -> dict[str, AllianceStatement]:
    return {s.key: s for s in AllianceStatement.objects.filter(alliance=alliance)}


def _pillars_of(round_: Round, own: dict[str, AllianceStatement]) -> dict[str, list[str]]:
    """The round's statements and the pillars each speaks to."""
    out: dict[str, list[str]] = {}
    for key in round_.statement_keys:
        standard = STANDARD_BY_KEY.get(key)
        if standard is not None:
            out[key] = [p.value for p in standard.pillars]
        elif key in own:
            out[key] = [str(p) for p in own[key].pillars or ()]
    return out


def round_pillar_figures(round_: Round, own: dict[str, AllianceStatement]
                         ) -> dict[str, PillarFigure]:
    """Per pillar, the round's experienced score (one query: the round's responses)."""
    return feed_rules.pillar_figures(_records(round_), _pillars_of(round_, own), PILLARS,
                                     k=min_group())


@dataclass(frozen=True)
class PillarFeed:
    pillar: Pillar
    carriers: tuple[tuple[Block, str], ...]  # the blocks that carry it, with their status
    in_place: tuple[Block, ...]
    figure: PillarFigure | None  # None: no closed round yet
    previous: PillarFigure | None
    reading: Reading

    @property
    def change(self) -> float | None:
        return feed_rules.change(self.figure.stat if self.figure else None,
                                 self.previous.stat if self.previous else None)

    @property
    def is_discussion_point(self) -> bool:
        return feed_rules.is_discussion_point(self.reading)


@dataclass(frozen=True)
class DesignFeed:
    alliance: Alliance
    round: Round | None  # the latest closed round
    previous_round: Round | None  # the closed round before it
    k: int
    pillars: tuple[PillarFeed, ...]


def design_feed(*, user: Any, alliance: Alliance) -> DesignFeed:
    """Per pillar: in place (the coverage's blocks) vs experienced (the latest closed round),
    with the change since the round before and the reading of the two together."""
    policy.alliance_or_404(user, alliance.pk)
    coverage = block_selectors.coverage_get(user=user, alliance=alliance)
    rounds = _closed_rounds(alliance)[:2]
    own = _own_statements(alliance) if rounds else {}
    figures = [round_pillar_figures(r, own) for r in rounds]
    latest = figures[0] if figures else {}
    previous = figures[1] if len(figures) > 1 else {}
    rows = []
    for cov in coverage.pillars:
        carriers = tuple((c.block, c.status) for c in cov.carriers)
        placed = tuple(c.block for c in cov.carriers if c.status == IN_PLACE)
        figure = latest.get(cov.pillar.value)
        mean = figure.stat.mean if figure is not None and figure.stat is not None else None
        rows.append(PillarFeed(
            pillar=cov.pillar, carriers=carriers, in_place=placed, figure=figure,
            previous=previous.get(cov.pillar.value),
            reading=feed_rules.reading(in_place=len(placed), carriers=len(carriers),
                                       mean=mean)))
    return DesignFeed(alliance=alliance, round=rounds[0] if rounds else None,
                      previous_round=rounds[1] if len(rounds) > 1 else None, k=min_group(),
                      pillars=tuple(rows))


@dataclass(frozen=True)
class DimensionScores:
    round: Round
    k: int
    respondents: int
    dimensions: dict[str, Stat]  # only the shown ones


def latest_dimension_scores(*, user: Any, alliance: Alliance) -> DimensionScores | None:
    """The latest closed round's mean per dimension for all respondents (as on its results
    page), or None before the first closed round."""
    policy.alliance_or_404(user, alliance.pk)
    round_ = Round.objects.filter(alliance=alliance, state=RoundState.CLOSED).order_by(
        "-year").first()
    if round_ is None:
        return None
    results = _aggregate(_statement_infos(round_, _own_statements(alliance)), _records(round_))
    return DimensionScores(round=round_, k=results.k, respondents=results.respondents,
                           dimensions=dict(results.overall.dimensions) if results.overall
                           else {})


# --- improvement actions --------------------------------------------------------------------


def _closed_at(round_: Round) -> dt.datetime:
    """When the round closed (a round closed before the time was kept: the end of its last
    day)."""
    if round_.closed_at is not None:
        return round_.closed_at
    return dt.datetime.combine(round_.closes_on + dt.timedelta(days=1), dt.time(),
                               tzinfo=dt.UTC)


@dataclass(frozen=True)
class Around:
    """A pillar's experienced score in one round around an action."""

    year: int
    figure: PillarFigure | None


@dataclass(frozen=True)
class ImprovementActionRow:
    action: ActionItem
    before: Around | None  # the last closed round before the action was made
    after: Around | None  # the next closed round after it

    @property
    def change(self) -> float | None:
        return feed_rules.change(
            self.after.figure.stat if self.after and self.after.figure else None,
            self.before.figure.stat if self.before and self.before.figure else None)


def improvement_action_rows(*, user: Any, alliance: Alliance,
                            actions: Sequence[ActionItem] | None = None
                            ) -> list[ImprovementActionRow]:
    """Every improvement action the person sees (open and done), each with its pillar's score
    in the last closed round before it was made and in the next one after it ("the next
    year's results show next to them")."""
    if actions is None:
        actions = list(action_selectors.improvement_action_list(user=user, alliance=alliance))
    rounds = _closed_rounds(alliance)
    closed = {r.year: ClosedRound(r.year, _closed_at(r))
              for r in rounds}
    needed: set[int] = set()
    around: list[tuple[ActionItem, ClosedRound | None, ClosedRound | None]] = []
    for action in actions:
        before, after = feed_rules.rounds_around(closed.values(), action.created_at)
        around.append((action, before, after))
        if action.pillar:
            needed.update(r.year for r in (before, after) if r is not None)
    own = _own_statements(alliance) if needed else {}
    figures = {r.year: round_pillar_figures(r, own) for r in rounds if r.year in needed}

    def at(action: ActionItem, r: ClosedRound | None) -> Around | None:
        if r is None:
            return None
        return Around(r.year, figures.get(r.year, {}).get(action.pillar)
                      if action.pillar else None)

    return [ImprovementActionRow(action, at(action, b), at(action, a))
            for action, b, a in around]


def latest_closed_year(alliance: Alliance) -> int | None:
    """The year of the alliance's latest closed round (where new improvement actions come
    from)."""
    return (Round.objects.filter(alliance=alliance, state=RoundState.CLOSED)
            .order_by("-year").values_list("year", flat=True).first())


def round_pillar_rows(*, round_: Round) -> list[PillarFigure]:
    """A closed round's experienced score per pillar, in the model's order (for its results
    page; the caller has read the round through the policy)."""
    figures = round_pillar_figures(round_, _own_statements(round_.alliance))
    return [figures[p] for p in PILLARS]
