"""A round's results in words, charts and rows: the one place that labels groups, notes and
figures, shared by the results page, its PDF, the CSV and XLSX exports and the API (so every
channel shows the same numbers and suppresses the same groups)."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from concordia.alliances.choices import Level
from concordia.core.charts import Chart, Series, radar
from concordia.design.presentation import DIMENSION_WORDS
from concordia.handbook.catalogue import DIMENSION_PILLARS, Dimension

from . import aggregation
from .aggregation import Family, Group, Reason, Stat, SuppressionNote
from .instrument import STANDARD_BY_KEY
from .results_selectors import RoundResultsData

FAMILY_WORDS = {
    Family.OVERALL: gettext_lazy("all respondents"),
    Family.PARTNER: gettext_lazy("partner"),
    Family.LEVEL: gettext_lazy("level"),
}


def figure(value: float) -> str:
    """A mean or spread as shown: one decimal, in the language's notation."""
    return formats.number_format(round(value, 1), 1)


def change(value: float) -> str:
    rounded = round(value, 1)
    return ("+" if rounded > 0 else "") + formats.number_format(rounded, 1)


def dimension_label(key: str) -> str:
    try:
        return str(DIMENSION_WORDS[Dimension(key)])
    except ValueError:
        return key


def level_label(key: str) -> str:
    try:
        return str(Level(key).label)
    except ValueError:
        return key


def group_label(group: Group, names: dict[str, str]) -> str:
    if group.family is Family.OVERALL:
        return _("All respondents")
    if group.is_other:
        return _("Other partners") if group.family is Family.PARTNER else _("Other levels")
    if group.family is Family.PARTNER:
        return names.get(group.key, group.key)
    return level_label(group.key)


def members_label(group: Group, names: dict[str, str]) -> str:
    """Who an "other" group covers (known anyway: who was invited is no secret)."""
    if not group.is_other:
        return ""
    if group.family is Family.PARTNER:
        return ", ".join(sorted(names.get(m, m) for m in group.members))
    return ", ".join(level_label(m) for m in group.members)


def _keys_text(note: SuppressionNote, data: RoundResultsData) -> str:
    statements = {s.key for s in data.statements}
    words = []
    for key in note.keys:
        if note.family is Family.PARTNER:
            words.append(data.partner_names.get(key, key))
        elif note.family is Family.LEVEL:
            words.append(level_label(key))
        elif key in statements:
            words.append(key)
        else:
            words.append(dimension_label(key))
    return ", ".join(words)


def note_text(note: SuppressionNote, data: RoundResultsData, k: int) -> str:
    """Why something is not shown, in the reader's words."""
    keys = _keys_text(note, data)
    family = str(FAMILY_WORDS[note.family])
    texts = {
        Reason.ROUND_TOO_SMALL: _(
            "Fewer than %(k)s people answered this round: no results are shown, so that nobody's "
            "answers can be recognised.") % {"k": k},
        Reason.SMALL_GROUP: _(
            "Fewer than %(k)s people answered per %(family)s for %(keys)s: they are not shown on "
            "their own but counted in “other”.") % {"k": k, "family": family, "keys": keys},
        Reason.COMPLEMENT: _(
            "%(keys)s is counted in “other” as well, so that a smaller group cannot be worked out "
            "by subtracting the groups shown from the total.") % {"keys": keys},
        Reason.MERGED_ACROSS: _(
            "The levels %(keys)s are shown together, so that partner and level figures cannot "
            "be combined to single out fewer than %(k)s people.") % {"keys": keys, "k": k},
        Reason.MEASURE_ROUND_ONLY: _(
            "Too few answers to show per group, shown for all respondents only: %(keys)s.")
        % {"keys": keys},
        Reason.MEASURE_HIDDEN: _(
            "Fewer than %(k)s answers, not shown: %(keys)s.") % {"k": k, "keys": keys},
    }
    return texts[note.reason]


def _chart_id(group: Group) -> str:
    key = "other" if group.is_other else group.key.lower()
    safe = "".join(c if c.isalnum() else "-" for c in key)
    return f"radar-{group.family.value}-{safe}"


def _radar(chart_id: str, title: str, dimensions: Sequence[str],
           series: Sequence[tuple[str, dict[str, Stat]]]) -> Chart | None:
    """A radar over the dimensions every series has (at least three), 1–5."""
    axes = [d for d in dimensions if all(d in stats for _label, stats in series)]
    if len(axes) < 3 or not series:
        return None
    return radar([dimension_label(d).capitalize() for d in axes],
                 [Series(label, [stats[d].mean for d in axes]) for label, stats in series],
                 chart_id=chart_id, title=title,
                 description=_("Mean score per dimension, from 1 (disagree) to 5 (agree)."),
                 head=_("Dimension"), maximum=5, rings=5, value_text=figure)


@dataclass(frozen=True)
class GroupView:
    group: Group
    label: str
    members: str
    chart: Chart | None
    dimensions: list[tuple[str, Stat]]


@dataclass(frozen=True)
class Row:
    """One shown figure, for CSV, XLSX and the API."""

    family: str
    group: str
    label: str
    members: str
    respondents: int
    kind: str  # "dimension" or "statement"
    key: str
    text: str
    n: int
    mean: float
    sd: float


def group_views(data: RoundResultsData) -> list[GroupView]:
    results = data.results
    if results is None:
        return []
    views = []
    for group in results.groups():
        label = group_label(group, data.partner_names)
        chart = _radar(_chart_id(group), _("Mean per dimension: %(group)s") % {"group": label},
                       results.dimension_keys, [(label, dict(group.dimensions))])
        views.append(GroupView(group=group, label=label,
                               members=members_label(group, data.partner_names), chart=chart,
                               dimensions=[(dimension_label(d), group.dimensions[d])
                                           for d in results.dimension_keys
                                           if d in group.dimensions]))
    return views


def rows(data: RoundResultsData) -> list[Row]:
    results = data.results
    if results is None:
        return []
    texts = {s.key: s.text for s in data.statements}
    out = []
    for group in results.groups():
        label = group_label(group, data.partner_names)
        members = members_label(group, data.partner_names)
        for kind, stats in (("dimension", group.dimensions), ("statement", group.statements)):
            for key, value in stats.items():
                out.append(Row(
                    family=group.family.value,
                    group="other" if group.is_other else (
                        "all" if group.family is Family.OVERALL else group.key),
                    label=label, members=members, respondents=group.respondents, kind=kind,
                    key=key, text=dimension_label(key) if kind == "dimension" else texts[key],
                    n=value.n, mean=round(value.mean, 2), sd=round(value.sd, 2)))
    return out


def statement_table(data: RoundResultsData) -> dict[str, Any]:
    """Rows: the statements (grouped by dimension); columns: the shown groups; a cell: the mean
    and the spread, or a dash where the figure is not shown."""
    results = data.results
    if results is None:
        return {"head": [], "rows": []}
    groups = results.groups()
    head = [group_label(g, data.partner_names) for g in groups]
    body = []
    for info in data.statements:
        cells = []
        for g in groups:
            value = g.statements.get(info.key)
            cells.append(f"{figure(value.mean)} ({figure(value.sd)})" if value else "—")
        body.append({"key": info.key, "text": info.text,
                     "dimension": dimension_label(info.dimension), "cells": cells})
    return {"head": head, "rows": body}


def point_pillar(kind: str, key: str) -> str:
    """The pillar an improvement action out of a discussion point strengthens: the statement's
    first pillar, or the dimension's first; empty for a statement of the alliance's own."""
    if kind == "dimension":
        try:
            return DIMENSION_PILLARS[Dimension(key)][0].value
        except ValueError:
            return ""
    standard = STANDARD_BY_KEY.get(key)
    return standard.pillars[0].value if standard is not None else ""


def discussion(data: RoundResultsData) -> list[dict[str, str]]:
    results = data.results
    if results is None:
        return []
    texts = {s.key: s.text for s in data.statements}
    points = []
    for point in aggregation.discussion_points(results):
        subject = (dimension_label(point.key).capitalize() if point.kind == "dimension"
                   else texts.get(point.key, point.key))
        points.append({
            "subject": subject, "kind": point.kind, "key": point.key,
            "pillar": point_pillar(point.kind, point.key), "spread": figure(point.spread),
            "highest": data.partner_names.get(point.highest[0], point.highest[0]),
            "highest_mean": figure(point.highest[1]),
            "lowest": data.partner_names.get(point.lowest[0], point.lowest[0]),
            "lowest_mean": figure(point.lowest[1]),
        })
    return points


def year_on_year(data: RoundResultsData) -> dict[str, Any] | None:
    results, previous = data.results, data.previous
    if results is None or previous is None or data.previous_round is None:
        return None
    deltas = aggregation.year_deltas(results, previous)
    this_year, last_year = str(data.round.year), str(data.previous_round.year)
    chart = None
    if results.overall and previous.overall:
        chart = _radar("radar-years", _("All respondents, %(last)s and %(this)s")
                       % {"last": last_year, "this": this_year},
                       results.dimension_keys,
                       [(last_year, dict(previous.overall.dimensions)),
                        (this_year, dict(results.overall.dimensions))])
    by_group: dict[tuple[str, str], dict[str, str]] = {}
    labels: dict[tuple[str, str], str] = {}
    for group in results.groups():
        labels[(group.family.value, group.key)] = group_label(group, data.partner_names)
    for delta in deltas:
        if delta.kind != "dimension":
            continue
        key = (delta.family.value, delta.group)
        by_group.setdefault(key, {})[delta.key] = change(delta.change)
    table = [{"label": labels[key], "cells": [cells.get(d, "—") for d in results.dimension_keys]}
             for key, cells in by_group.items()]
    return {"year": this_year, "previous_year": last_year, "chart": chart,
            "head": [dimension_label(d).capitalize() for d in results.dimension_keys],
            "rows": table}


def open_answers(data: RoundResultsData) -> list[dict[str, Any]]:
    results = data.results
    if results is None:
        return []
    labels = {g.key: group_label(g, data.partner_names) for g in results.partners}
    labels[aggregation.OVERALL] = _("All respondents")
    out = []
    for group_key, per_dimension in sorted(data.open_answers.items(),
                                           key=lambda item: labels.get(item[0], item[0])):
        out.append({"label": labels.get(group_key, group_key),
                    "dimensions": [{"label": dimension_label(d).capitalize(),
                                    "answers": per_dimension[d]}
                                   for d in results.dimension_keys if d in per_dimension]})
    return out


def results_context(data: RoundResultsData) -> dict[str, Any]:
    results = data.results
    context: dict[str, Any] = {"alliance": data.alliance, "round": data.round,
                               "closed": data.closed, "results": results,
                               "other_years": data.other_years}
    if results is None:
        return context
    k = results.k
    overlay = _radar("radar-partners", _("The partners side by side"), results.dimension_keys,
                     [(group_label(g, data.partner_names), dict(g.dimensions))
                      for g in results.partners])
    context.update({
        "k": k,
        "groups": group_views(data),
        "overlay": overlay,
        "statement_table": statement_table(data),
        "discussion": discussion(data),
        "years": year_on_year(data),
        "open_answers": open_answers(data),
        "notes": [note_text(n, data, k) for n in results.notes],
    })
    return context

