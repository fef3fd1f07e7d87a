"""The evaluation's results as pure rules over plain values (no database, no request): mean and
spread per statement and per dimension for the whole round, per partner and per level, with
**k-anonymity** — no figure describes fewer than ``k`` respondents, not even by difference.

Input: the round's responses as plain :class:`ResponseRecord` values (partner key, level key,
role group, ``{statement key: score 1–5}``) and which dimension each statement belongs to.

Output: :class:`RoundResults` — the groups that may be shown (overall, per partner, per level),
each with its respondent count and, per statement and per dimension, the number of answers, the
mean and the **spread as the sample standard deviation** (n - 1; every shown cell has at least
three answers). A dimension's value for one respondent is the mean of that respondent's scores
on the dimension's statements; the group's figure is taken over those respondent means.

How anonymity is kept (each step leaves a :class:`SuppressionNote` saying why):

1. Fewer than ``k`` respondents in the round: nothing is shown.
2. Within a family (partners, levels) the groups below ``k`` are hidden. The hidden groups'
   union can always be computed as "overall minus the visible groups", so it must be empty or
   reach ``k`` itself: while it is smaller, the smallest visible group is hidden too. A hidden
   union that reaches ``k`` is shown as the group "other", honestly, instead of being left for
   the reader to compute. A family left with one group (all "other") shows nothing beyond the
   overall figure.
3. Across families: partner groups and level groups are two partitions of the same people, and
   sums of both can be combined (a level minus the partners it consists of leaves the rest of
   those partners). :func:`difference_leak` decides exactly whether any set of fewer than ``k``
   respondents can be computed from the shown group sums; while one can, the two smallest
   level groups are merged (the partners are what the evaluation compares).
4. Per statement and per dimension the same check runs on the number of *answers* (a
   respondent may leave a statement open): a measure that fails it is shown for the whole round
   only (if it has ``k`` answers there).

Open answers (text) can also be intersected (partner A's list ∩ level L's list), which sums
cannot; :func:`open_answer_groups` therefore lists them per partner group only.

The largest differences between the shown partners become discussion points
(:func:`discussion_points`); :func:`year_deltas` compares two rounds group by group.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import combinations

DEFAULT_MIN_GROUP = 5
MIN_GROUP_FLOOR = 3
SCORE_MIN = 1
SCORE_MAX = 5
OTHER = "_other"  # the merged rest of a family (no partner or level key starts with "_")
OVERALL = "_all"
# Subsets of the smaller family are enumerated in the cross-family check; beyond this many
# groups on both sides the level family is not shown (the check would not be exhaustive).
CROSS_CHECK_MAX_GROUPS = 12


class Family(StrEnum):
    OVERALL = "overall"
    PARTNER = "partner"
    LEVEL = "level"


class Reason(StrEnum):
    ROUND_TOO_SMALL = "round_too_small"  # fewer than k respondents in the round
    SMALL_GROUP = "small_group"  # the group has fewer than k respondents
    COMPLEMENT = "complement"  # hidden so that a small group cannot be computed by difference
    MERGED_ACROSS = "merged_across"  # merged so that partner and level sums cannot be combined
    MEASURE_ROUND_ONLY = "measure_round_only"  # too few answers to show per group
    MEASURE_HIDDEN = "measure_hidden"  # too few answers in the whole round


def validate_min_group(value: object) -> int:
    """The minimum group size ``k``: an integer of at least 3, or ValueError."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"EVALUATION_MIN_GROUP must be an integer, not {value!r}")
    if value < MIN_GROUP_FLOOR:
        raise ValueError(
            f"EVALUATION_MIN_GROUP must be at least {MIN_GROUP_FLOOR} (it is {value}): smaller "
            "groups would let a reader recognise a respondent's answers")
    return value


@dataclass(frozen=True)
class ResponseRecord:
    partner: str
    level: str
    role_group: str
    scores: Mapping[str, int]
    open_answers: Mapping[str, str] = field(default_factory=dict)  # dimension key → text


@dataclass(frozen=True)
class Stat:
    """One shown figure: ``n`` answers (respondents), their mean and sample standard deviation."""

    n: int
    mean: float
    sd: float


@dataclass(frozen=True)
class Group:
    family: Family
    key: str  # partner or level key; OTHER for the merged rest; OVERALL for the round
    members: tuple[str, ...]  # the partner or level keys it covers (sorted)
    respondents: int
    statements: Mapping[str, Stat]  # only the shown ones
    dimensions: Mapping[str, Stat]

    @property
    def is_other(self) -> bool:
        return self.key == OTHER


@dataclass(frozen=True)
class SuppressionNote:
    family: Family
    reason: Reason
    keys: tuple[str, ...]  # the groups (or statement/dimension keys for measures) concerned


@dataclass(frozen=True)
class RoundResults:
    k: int
    respondents: int
    statement_keys: tuple[str, ...]
    dimension_keys: tuple[str, ...]
    overall: Group | None
    partners: tuple[Group, ...]
    levels: tuple[Group, ...]
    notes: tuple[SuppressionNote, ...]

    def groups(self) -> tuple[Group, ...]:
        return ((self.overall,) if self.overall else ()) + self.partners + self.levels

    def family(self, family: Family) -> tuple[Group, ...]:
        if family is Family.OVERALL:
            return (self.overall,) if self.overall else ()
        return self.partners if family is Family.PARTNER else self.levels


# --- statistics ---------------------------------------------------------------------------------


def stat(values: Sequence[float]) -> Stat:
    """Mean and sample standard deviation (0 for a single value) of ``values`` (not empty)."""
    n = len(values)
    mean = math.fsum(values) / n
    if n < 2:
        return Stat(n=n, mean=mean, sd=0.0)
    variance = math.fsum((v - mean) ** 2 for v in values) / (n - 1)
    return Stat(n=n, mean=mean, sd=math.sqrt(variance))


def _add(acc: list[int], value: int) -> None:
    """Add one (scaled, integer) value to ``acc`` = [count, sum, sum of squares]."""
    acc[0] += 1
    acc[1] += value
    acc[2] += value * value


def _stat_of(acc: Sequence[int], scale: int) -> Stat:
    """Mean and sample standard deviation from exact integer sums of values × ``scale``: the
    same figures whatever the order of the responses."""
    n, total, squares = acc
    spread = n * squares - total * total  # exact, never negative
    sd = math.sqrt(spread / (n * (n - 1))) / scale if n > 1 else 0.0
    return Stat(n=n, mean=total / (n * scale), sd=sd)


def respondent_measures(record: ResponseRecord,
                        dimension_of: Mapping[str, str]) -> dict[str, float]:
    """A respondent's value per measure: each statement's score (keyed ``s:<key>``) and each
    dimension's mean over the statements answered (keyed ``d:<key>``)."""
    values: dict[str, float] = {}
    per_dimension: dict[str, list[int]] = defaultdict(list)
    for key, score in record.scores.items():
        if key not in dimension_of:
            continue  # a statement this round's instrument does not know
        if not SCORE_MIN <= score <= SCORE_MAX:
            raise ValueError(f"score {score!r} for {key!r} is outside {SCORE_MIN}–{SCORE_MAX}")
        values[f"s:{key}"] = float(score)
        per_dimension[dimension_of[key]].append(score)
    for dimension, scores in per_dimension.items():
        values[f"d:{dimension}"] = math.fsum(scores) / len(scores)
    return values


# --- suppression ----------------------------------------------------------------------------


def coarsen(counts: Mapping[str, int], k: int) -> tuple[dict[str, str], list[str], list[str]]:
    """One family's groups → (block of each key, keys hidden for being small, keys hidden so the
    small ones cannot be computed by difference). The block is the key itself or OTHER."""
    small = sorted(key for key, n in counts.items() if n < k)
    hidden = set(small)
    extra: list[str] = []
    if small:
        visible = sorted((key for key in counts if key not in hidden),
                         key=lambda key: (counts[key], key))
        while sum(counts[key] for key in hidden) < k and visible:
            key = visible.pop(0)
            hidden.add(key)
            extra.append(key)
    return ({key: (OTHER if key in hidden else key) for key in counts}, small, extra)


def difference_leak(cells: Mapping[tuple[str, str], int], k: int) -> bool:
    """Whether the sums of the row groups and of the column groups of ``cells`` (row block,
    column block → count, every row and column total at least ``k``) let a reader compute the
    sum over some set of between 1 and ``k - 1`` people.

    The computable sets are exactly the combinations of directed cuts of the bipartite graph
    (rows — columns, an edge per non-empty cell): pick columns Y; the rows touching Y, minus Y,
    is computable (rows' sums minus the columns' sums) and every computable set is a disjoint
    union of such sets and of whole rows. So a leak is a Y whose rows-minus-Y count lies in
    [1, k). The smaller side is enumerated (the check is exhaustive, both sides being equal in
    this)."""
    rows: dict[str, int] = Counter()
    cols: dict[str, int] = Counter()
    touching: dict[str, set[str]] = defaultdict(set)
    for (row, col), n in cells.items():
        if n <= 0:
            continue
        rows[row] += n
        cols[col] += n
        touching[col].add(row)
    if any(0 < n < k for n in (*rows.values(), *cols.values())):
        return True
    if len(cols) > len(rows):  # enumerate the smaller side
        flipped = {(col, row): n for (row, col), n in cells.items()}
        return difference_leak(flipped, k)
    if len(cols) > CROSS_CHECK_MAX_GROUPS:
        return True  # not checked exhaustively: treat as a leak (the caller merges)
    keys = sorted(cols)
    for size in range(1, len(keys) + 1):
        for chosen in combinations(keys, size):
            reached = set().union(*(touching[c] for c in chosen))
            rest = sum(rows[r] for r in reached) - sum(cols[c] for c in chosen)
            if 0 < rest < k:
                return True
    return False


def _cells(records: Iterable[tuple[str, str]], partner_block: Mapping[str, str],
           level_block: Mapping[str, str]) -> dict[tuple[str, str], int]:
    cells: dict[tuple[str, str], int] = Counter()
    for partner, level in records:
        cells[(partner_block[partner], level_block[level])] += 1
    return cells


def _merge_smallest(level_block: dict[str, str], counts: Mapping[str, int]) -> None:
    block_counts: dict[str, int] = Counter()
    for key, block in level_block.items():
        block_counts[block] += counts[key]
    smallest = sorted(block_counts, key=lambda b: (block_counts[b], b))[:2]
    for key, block in level_block.items():
        if block in smallest:
            level_block[key] = OTHER


def aggregate(records: Sequence[ResponseRecord], dimension_of: Mapping[str, str], *,
              k: int = DEFAULT_MIN_GROUP,
              statement_order: Sequence[str] | None = None) -> RoundResults:
    """The round's shown results (see the module's description)."""
    k = validate_min_group(k)
    statement_keys = tuple(statement_order or sorted(dimension_of))
    dimension_keys = tuple(dict.fromkeys(dimension_of[s] for s in statement_keys))
    total = len(records)
    if total < k:
        return RoundResults(
            k=k, respondents=total, statement_keys=statement_keys,
            dimension_keys=dimension_keys, overall=None, partners=(), levels=(),
            notes=(SuppressionNote(Family.OVERALL, Reason.ROUND_TOO_SMALL, ()),))

    notes: list[SuppressionNote] = []
    partner_counts = Counter(r.partner for r in records)
    level_counts = Counter(r.level for r in records)
    partner_block, small, extra = coarsen(partner_counts, k)
    if small:
        notes.append(SuppressionNote(Family.PARTNER, Reason.SMALL_GROUP, tuple(small)))
    if extra:
        notes.append(SuppressionNote(Family.PARTNER, Reason.COMPLEMENT, tuple(extra)))
    level_block, small, extra = coarsen(level_counts, k)
    if small:
        notes.append(SuppressionNote(Family.LEVEL, Reason.SMALL_GROUP, tuple(small)))
    if extra:
        notes.append(SuppressionNote(Family.LEVEL, Reason.COMPLEMENT, tuple(extra)))

    pairs = [(r.partner, r.level) for r in records]
    merged: list[str] = []
    while (len(set(level_block.values())) > 1 and len(set(partner_block.values())) > 1
           and difference_leak(_cells(pairs, partner_block, level_block), k)):
        before = {key for key, block in level_block.items() if block != OTHER}
        _merge_smallest(level_block, level_counts)
        merged.extend(sorted(before - {key for key, b in level_block.items() if b != OTHER}))
    if merged:
        notes.append(SuppressionNote(Family.LEVEL, Reason.MERGED_ACROSS, tuple(merged)))

    # A family with a single block says nothing beyond the overall figure.
    show_partners = len(set(partner_block.values())) > 1
    show_levels = len(set(level_block.values())) > 1

    # Per measure and cell (partner block, level block): count, sum and sum of squares as exact
    # integers, added up per group below: one pass over the responses, order-independent. A
    # dimension's value (a respondent's mean over its statements) is scaled by the least common
    # multiple of the possible counts, so that it is a whole number too.
    measures = [f"s:{s}" for s in statement_keys] + [f"d:{d}" for d in dimension_keys]
    position = {m: i for i, m in enumerate(measures)}
    per_dimension_count = Counter(dimension_of.values())
    scale = [1] * len(measures)
    for dimension in dimension_keys:
        scale[position[f"d:{dimension}"]] = math.lcm(
            *range(1, per_dimension_count[dimension] + 1))
    statement_index = {key: position.get(f"s:{key}") for key in dimension_of}
    dimension_index = {key: position[f"d:{dimension_of[key]}"] for key in dimension_of
                       if f"d:{dimension_of[key]}" in position}
    accumulators: dict[tuple[str, str], list[list[int]]] = {}
    for record in records:
        cell = (partner_block[record.partner], level_block[record.level])
        acc = accumulators.get(cell)
        if acc is None:
            acc = accumulators[cell] = [[0, 0, 0] for _ in measures]
        per_dimension: dict[int, list[int]] = {}
        for key, score in record.scores.items():
            if key not in dimension_of:
                continue
            if not SCORE_MIN <= score <= SCORE_MAX:
                raise ValueError(
                    f"score {score!r} for {key!r} is outside {SCORE_MIN}–{SCORE_MAX}")
            i = statement_index[key]
            if i is not None:
                _add(acc[i], score)
            j = dimension_index.get(key)
            if j is not None:
                summed = per_dimension.setdefault(j, [0, 0])
                summed[0] += score
                summed[1] += 1
        for j, (total_score, count) in per_dimension.items():
            _add(acc[j], total_score * (scale[j] // count))
    values: dict[str, dict[tuple[str, str], list[int]]] = {
        m: {cell: acc[i] for cell, acc in accumulators.items() if acc[i][0]}
        for m, i in position.items()}

    round_only: list[str] = []
    hidden: list[str] = []
    per_group: dict[str, bool] = {}
    for m in measures:
        answers = sum(v[0] for v in values[m].values())
        if answers < k:
            hidden.append(m)
            per_group[m] = False
            continue
        counts = {cell: v[0] for cell, v in values[m].items()}
        if show_partners and show_levels:
            ok = not difference_leak(counts, k)
        else:  # one partition: only unions of its blocks can be computed
            index = 0 if show_partners else 1
            block_n: dict[str, int] = Counter()
            for cell, n in counts.items():
                block_n[cell[index]] += n
            ok = all(n == 0 or n >= k for n in block_n.values())
        per_group[m] = ok
        if not ok and (show_partners or show_levels):
            round_only.append(m)
    if round_only:
        notes.append(SuppressionNote(Family.OVERALL, Reason.MEASURE_ROUND_ONLY,
                                     tuple(m[2:] for m in round_only)))
    if hidden:
        notes.append(SuppressionNote(Family.OVERALL, Reason.MEASURE_HIDDEN,
                                     tuple(m[2:] for m in hidden)))

    def build(family: Family, key: str, members: Sequence[str],
              select: Mapping[tuple[str, str], bool] | None) -> Group:
        statements: dict[str, Stat] = {}
        dimensions: dict[str, Stat] = {}
        for m in measures:
            if m in hidden or (select is not None and not per_group[m]):
                continue
            merged = [0, 0, 0]
            for cell, acc in values[m].items():
                if select is None or select.get(cell):
                    merged = [a + b for a, b in zip(merged, acc, strict=True)]
            if not merged[0]:
                continue
            target = statements if m.startswith("s:") else dimensions
            target[m[2:]] = _stat_of(merged, scale[position[m]])
        respondents = (total if family is Family.OVERALL
                       else block_respondents[(family, key)])
        return Group(family=family, key=key, members=tuple(sorted(members)),
                     respondents=respondents, statements=statements, dimensions=dimensions)

    all_cells = {(partner_block[p], level_block[lv]) for p, lv in pairs}
    block_respondents: dict[tuple[Family, str], int] = Counter()
    for p, lv in pairs:
        block_respondents[(Family.PARTNER, partner_block[p])] += 1
        block_respondents[(Family.LEVEL, level_block[lv])] += 1
    overall = build(Family.OVERALL, OVERALL, (), None)

    def family_groups(family: Family, block_of: Mapping[str, str], index: int) -> tuple[Group, ...]:
        blocks: dict[str, list[str]] = defaultdict(list)
        for key, block in block_of.items():
            blocks[block].append(key)
        order = sorted(blocks, key=lambda b: (b == OTHER, b))
        return tuple(build(family, b, blocks[b], {c: c[index] == b for c in all_cells})
                     for b in order)

    partners = family_groups(Family.PARTNER, partner_block, 0) if show_partners else ()
    levels = family_groups(Family.LEVEL, level_block, 1) if show_levels else ()
    return RoundResults(k=k, respondents=total, statement_keys=statement_keys,
                        dimension_keys=dimension_keys, overall=overall, partners=partners,
                        levels=levels, notes=tuple(notes))


# --- discussion points, open answers, year on year ---------------------------------------------


@dataclass(frozen=True)
class DiscussionPoint:
    kind: str  # "statement" | "dimension"
    key: str
    spread: float  # highest partner mean - lowest partner mean
    highest: tuple[str, float]
    lowest: tuple[str, float]


def discussion_points(results: RoundResults, *, limit: int = 5) -> tuple[DiscussionPoint, ...]:
    """The statements and dimensions where the shown partners differ most (the widest range of
    partner means; "other" is a mixture and does not count), widest first."""
    partners = [g for g in results.partners if not g.is_other]
    points: list[DiscussionPoint] = []
    for kind, keys in (("dimension", results.dimension_keys),
                       ("statement", results.statement_keys)):
        for key in keys:
            means = [(g.key, (g.dimensions if kind == "dimension" else g.statements)[key].mean)
                     for g in partners
                     if key in (g.dimensions if kind == "dimension" else g.statements)]
            if len(means) < 2:
                continue
            high = max(means, key=lambda m: (m[1], m[0]))
            low = min(means, key=lambda m: (m[1], m[0]))
            points.append(DiscussionPoint(kind=kind, key=key, spread=high[1] - low[1],
                                          highest=high, lowest=low))
    points.sort(key=lambda p: (-p.spread, p.kind, p.key))
    return tuple(p for p in points if p.spread > 0)[:limit]


def open_answer_groups(records: Sequence[ResponseRecord],
                       results: RoundResults) -> dict[str, dict[str, tuple[str, ...]]]:
    """The open answers per dimension, per shown partner group (or for the whole round when no
    partner family is shown), sorted alphabetically so their order tells nothing. Empty when the
    round is too small."""
    if results.overall is None:
        return {}
    block: dict[str, str] = {}
    for group in results.partners:
        for member in group.members:
            block[member] = group.key
    out: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for record in records:
        group_key = block.get(record.partner, OVERALL) if results.partners else OVERALL
        for dimension, text in record.open_answers.items():
            if text.strip():
                out[group_key][dimension].append(text.strip())
    return {g: {d: tuple(sorted(texts)) for d, texts in dims.items()} for g, dims in out.items()}


@dataclass(frozen=True)
class Delta:
    family: Family
    group: str
    kind: str  # "statement" | "dimension"
    key: str
    previous: float
    current: float

    @property
    def change(self) -> float:
        return self.current - self.previous


def year_deltas(current: RoundResults, previous: RoundResults) -> tuple[Delta, ...]:
    """Per group shown in both rounds (the same partner or level; "other" only when it covers the
    same members), per statement and dimension shown in both: the change of the mean."""
    before = {(g.family, g.key, g.members): g for g in previous.groups()}
    deltas: list[Delta] = []
    for group in current.groups():
        members = group.members if group.is_other else ()
        match = next((g for (fam, key, mem), g in before.items()
                      if fam == group.family and key == group.key
                      and (not group.is_other or mem == members)), None)
        if match is None:
            continue
        for kind, now, then in (("dimension", group.dimensions, match.dimensions),
                                ("statement", group.statements, match.statements)):
            for key, value in now.items():
                if key in then:
                    deltas.append(Delta(family=group.family, group=group.key, kind=kind,
                                        key=key, previous=then[key].mean, current=value.mean))
    return tuple(deltas)
