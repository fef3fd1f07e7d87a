"""Reads of a round's results: the responses of a closed round turned into plain records and
aggregated by the pure rules (``aggregation``), never anything about one response.

Everything goes through the one access policy (``alliance_or_404``): whoever has a live role in
the alliance reads its closed rounds' results; another alliance's round is 404. An open round
has no results yet (``results`` is None). The number of queries does not depend on the number
of responses, partners or statements.
"""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import Http404

from concordia.access import policy
from concordia.alliances.models import Alliance, Partner

from . import aggregation
from .aggregation import ResponseRecord, RoundResults
from .choices import RoundState
from .instrument import STANDARD_BY_KEY
from .models import AllianceStatement, Response, Round


@dataclass(frozen=True)
class StatementInfo:
    key: str
    dimension: str
    text: str


@dataclass(frozen=True)
class RoundResultsData:
    alliance: Alliance
    round: Round
    closed: bool
    results: RoundResults | None  # None while the round is open
    previous_round: Round | None  # the latest closed round of an earlier year
    previous: RoundResults | None
    statements: tuple[StatementInfo, ...]  # asked in this round, in its order
    partner_names: dict[str, str]  # partner key (its id as text) → organisation name
    open_answers: dict[str, dict[str, tuple[str, ...]]]  # group → dimension → answers
    other_years: tuple[int, ...] = ()  # the alliance's other closed rounds, newest first


def min_group() -> int:
    """The setting, validated again (also when changed at run time in tests)."""
    return aggregation.validate_min_group(settings.EVALUATION_MIN_GROUP)


YEAR_MIN, YEAR_MAX = 2000, 2999


def round_get(*, user: Any, alliance_id: int, year: int) -> Round:
    alliance = policy.alliance_or_404(user, alliance_id)
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise Http404
    found = (Round.objects.filter(alliance=alliance, year=year)
             .select_related("alliance").first())
    if found is None:
        raise Http404
    return found


def _statement_infos(round_: Round, own: dict[str, AllianceStatement]) -> tuple[StatementInfo, ...]:
    infos = []
    for key in round_.statement_keys:
        standard = STANDARD_BY_KEY.get(key)
        if standard is not None:
            infos.append(StatementInfo(key, standard.dimension.value, str(standard.text)))
        elif key in own:
            infos.append(StatementInfo(key, own[key].dimension, own[key].text))
    return tuple(infos)


def _records(round_: Round) -> list[ResponseRecord]:
    rows = (Response.objects.filter(round=round_)
            .values_list("partner_id", "level", "role_group", "scores", "open_answers"))
    return [ResponseRecord(partner=str(partner_id), level=level, role_group=role_group,
                           scores=scores or {}, open_answers=open_answers or {})
            for partner_id, level, role_group, scores, open_answers in rows]


def _aggregate(infos: tuple[StatementInfo, ...], records: list[ResponseRecord]) -> RoundResults:
    return aggregation.aggregate(records, {i.key: i.dimension for i in infos}, k=min_group(),
                                 statement_order=[i.key for i in infos])


def round_results(*, user: Any, alliance_id: int, year: int) -> RoundResultsData:
    """The round's results for the pages, the exports and the API (same numbers everywhere)."""
    round_ = round_get(user=user, alliance_id=alliance_id, year=year)
    alliance = round_.alliance
    own = {s.key: s for s in AllianceStatement.objects.filter(alliance=alliance)}
    infos = _statement_infos(round_, own)
    names = {str(pk): name for pk, name in Partner.objects.filter(alliance=alliance)
             .values_list("pk", "organisation__name")}
    closed = round_.state == RoundState.CLOSED
    other_years = tuple(Round.objects.filter(alliance=alliance, state=RoundState.CLOSED)
                        .exclude(pk=round_.pk).order_by("-year").values_list("year", flat=True))
    if not closed:
        return RoundResultsData(alliance=alliance, round=round_, closed=False, results=None,
                                previous_round=None, previous=None, statements=infos,
                                partner_names=names, open_answers={},
                                other_years=other_years)
    records = _records(round_)
    results = _aggregate(infos, records)
    previous_round = (Round.objects.filter(alliance=alliance, year__lt=round_.year,
                                           state=RoundState.CLOSED).order_by("-year").first())
    previous = None
    if previous_round is not None:
        previous = _aggregate(_statement_infos(previous_round, own),
                              _records(previous_round))
    return RoundResultsData(
        alliance=alliance, round=round_, closed=True, results=results,
        previous_round=previous_round, previous=previous, statements=infos,
        partner_names=names, open_answers=aggregation.open_answer_groups(records, results),
        other_years=other_years)
