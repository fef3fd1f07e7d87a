"""Pure rules of the building-block design (no ORM, no request): the effective contribution
matrix, the coverage of pillars and dimensions, and the contingency advice.

Coverage
--------
A building block carries a pillar with a **strength** from the effective matrix (the catalogue's
default matrix with the alliance's own adjustments): dominant weighs 2, secondary 1.

A block only carries anything once it works, so its weight is multiplied by a **status factor**:

=================  ======  ========================================================
status             factor  why
=================  ======  ========================================================
in place           1       it works
being built        0.5     half weight: it is on its way, but cannot be relied on yet
planned            0       an intention carries nothing yet
deliberately not   0       a choice, but it carries nothing
used
undecided          0       the default when the alliance has not said anything
=================  ======  ========================================================

- a pillar's **achieved** weight is the sum of ``strength weight × status factor`` over the
  blocks that carry it; its **maximum** is the sum of the strength weights, i.e. what it would
  get with every carrying block in place; its **score** is achieved / maximum (0–1; 0 when no
  block carries the pillar at all);
- a dimension's score is the achieved weight of its two pillars over their maximum, together;
- a **gap** is a pillar with no dominant block *in place* (being built does not close a gap).
  The blocks that would fill it are those that carry it dominantly in the effective matrix.
- **financing "deliberately not used"** is itself a settlement choice: the model's first
  settlement model is "every partner bears its own costs" (the wage-tax alliance chose it).
  Deciding not to share costs is deciding how costs are settled, so it counts as the financing
  block in place (``effective_status``). Only financing has this exception.

Contingency advice
------------------
There is no single right model: which blocks matter most follows from the alliance's profile
and development stage. Each rule below names its reason code; a rule gives every block it
mentions an emphasis (essential, recommended, light, optional). "Light" means: use it, but keep
it simple; "optional": the alliance may well do without it.

=========================  ============================================================
reason                     when → advice
=========================  ============================================================
many_partners              4 or more active partners → agency, decision model (formal)
                           and coordinators essential; meeting structure recommended
heavy_joint_work           weight of the joint work high → agency and decision model
                           essential; information infrastructure, financing recommended
many_activities            4 or more joint activities → line managers and annual plan
                           essential; alliance map recommended
high_centralisation        high centralisation needed → key alliance manager essential;
                           agency, reporting recommended
low_centralisation         low centralisation → autonomous professional, coaching manager
                           recommended; agency light
imposed_origin             imposed origin → invest early in mindset and trust: board,
                           conference, soft skills essential
simple_alliance            at most 2 partners and 1 joint activity → no agency (optional),
                           informal decisions (decision model light), key alliance manager
                           optional, meeting structure light
no_key_alliance_manager    no live key alliance manager → strong directors: board essential
stage_opportunistic        latest stage opportunistic → start with board, key alliance
                           manager, annual plan (objective): essential
stage_procedural           latest stage procedural → reporting, annual evaluation
                           essential; learning circle recommended
stage_cultural             latest stage cultural → autonomous professional, coaching manager
                           essential; keep decision model, reporting, meeting structure light
no_stage_assessment        no assessment yet → annual evaluation recommended (it shows where
                           the alliance stands)
rationale_data             burden or error reduction → information infrastructure essential;
                           alliance map recommended
rationale_service          customer service delivery → alliance map recommended
rationale_innovation       innovation → learning circle, conference recommended
rationale_efficiency       efficiency → reporting recommended (few measurable targets)
=========================  ============================================================

When rules disagree about one block (e.g. many partners make the agency essential while the
cultural stage would keep structure light), every reason is kept and shown; the block's
headline emphasis is the strongest one: essential > recommended > light > optional.

Rules that read the profile (joint work, activities, centralisation, origin, rationales) hold
only once the profile has been filled in: an empty profile holds defaults, not answers, and
advice built on them would assume what nobody said. Until then the advice says to fill it in.

One source of advice
--------------------
``advice_plan`` is the one function every page (the blocks, one block, coverage, the design
sheet) and the API read. Besides the rules above it adds **gap advice**: every block that the
coverage names as filling a gap (a dominant carrier of a pillar without a dominant block in
place) gets the reason "fills the gap at P…", recommended, so no page names a block the other
calls unadvised.

Next steps (the top three)
--------------------------
Emphasis alone does not prioritise (many blocks can be essential at once). The next steps rank
every block that is not in place (and not deliberately left out, nor optional) by what putting
it in place would do, in this order:

1. the gain in coverage of the **weakest pillar** (lowest score; a gap before a non-gap);
2. the gain in coverage of the **weakest dimension**;
3. the gain in coverage of the dimension the development stage rates lowest (when rated);
4. the number of gaps it closes;
5. its headline emphasis, then the model's order.

A block with no gain anywhere is a next step only when a rule calls it essential. The first
three are shown, each with its reason in numbers (before → after).
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from concordia.handbook.catalogue import (
    BLOCK_NUMBER,
    DIMENSION_PILLARS,
    PILLAR_DIMENSION,
    PILLAR_NUMBER,
    STRENGTH_WEIGHT,
    Block,
    Dimension,
    Pillar,
    Stage,
    Strength,
)
from concordia.handbook.texts import PILLARS

Matrix = Mapping[tuple[Block, Pillar], Strength]

NONE = "none"  # the strength value of "no contribution" in forms, the API and adjustments

STATUS_FACTOR: dict[str, float] = {
    "in_place": 1.0,
    "being_built": 0.5,
    "planned": 0.0,
    "not_used": 0.0,
    "undecided": 0.0,
}
STATUSES = tuple(STATUS_FACTOR)
UNDECIDED = "undecided"
IN_PLACE = "in_place"
NOT_USED = "not_used"


def effective_status(block: Block, status: str) -> str:
    """The status the coverage counts: financing deliberately not used is the settlement
    choice "every partner bears its own costs", so it counts as in place."""
    if block == Block.FINANCING and status == NOT_USED:
        return IN_PLACE
    return status


# --- the effective matrix ---------------------------------------------------------------------


def effective_matrix(default: Matrix,
                     adjustments: Iterable[tuple[str, str, str]]) -> dict[tuple[Block, Pillar],
                                                                         Strength]:
    """The default matrix with the alliance's adjustments (block, pillar, strength) applied;
    an adjustment to "none" removes the cell."""
    matrix = dict(default)
    for block, pillar, strength in adjustments:
        key = (Block(block), Pillar(pillar))
        if strength == NONE:
            matrix.pop(key, None)
        else:
            matrix[key] = Strength(strength)
    return matrix


def strength_of(matrix: Matrix, block: Block, pillar: Pillar) -> str:
    """The cell's strength as a plain value: dominant, secondary or none."""
    strength = matrix.get((block, pillar))
    return str(strength) if strength is not None else NONE


# --- coverage ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Carrier:
    """One block carrying one pillar, with the weight it contributes now."""

    block: Block
    strength: Strength
    status: str
    weight: float


@dataclass(frozen=True)
class PillarCoverage:
    pillar: Pillar
    carriers: tuple[Carrier, ...]  # dominant first, then in the model's order
    achieved: float
    maximum: int

    @property
    def score(self) -> float:
        return self.achieved / self.maximum if self.maximum else 0.0

    @property
    def dimension(self) -> Dimension:
        return PILLAR_DIMENSION[self.pillar]

    @property
    def dominant_in_place(self) -> tuple[Block, ...]:
        return tuple(c.block for c in self.carriers
                     if c.strength == Strength.DOMINANT and c.status == "in_place")

    @property
    def is_gap(self) -> bool:
        return not self.dominant_in_place


@dataclass(frozen=True)
class DimensionCoverage:
    dimension: Dimension
    pillars: tuple[PillarCoverage, PillarCoverage]

    @property
    def achieved(self) -> float:
        return sum(p.achieved for p in self.pillars)

    @property
    def maximum(self) -> int:
        return sum(p.maximum for p in self.pillars)

    @property
    def score(self) -> float:
        return self.achieved / self.maximum if self.maximum else 0.0


@dataclass(frozen=True)
class Gap:
    """A pillar without a dominant block in place, and the blocks that would fill it (those
    that carry it dominantly in the effective matrix), each with its current status."""

    pillar: Pillar
    fillers: tuple[tuple[Block, str], ...]


@dataclass(frozen=True)
class Coverage:
    pillars: tuple[PillarCoverage, ...]  # P1..P8
    dimensions: tuple[DimensionCoverage, ...]  # in the model's order
    gaps: tuple[Gap, ...]

    def pillar(self, pillar: Pillar) -> PillarCoverage:
        return next(p for p in self.pillars if p.pillar == pillar)


def weight(strength: Strength | None, status: str) -> float:
    """What one block contributes to one pillar now: strength weight × status factor."""
    if strength is None:
        return 0.0
    return STRENGTH_WEIGHT[strength] * STATUS_FACTOR.get(status, 0.0)


def _carrier_order(carrier: Carrier) -> tuple[int, int]:
    return (0 if carrier.strength == Strength.DOMINANT else 1, BLOCK_NUMBER[carrier.block])


def coverage(matrix: Matrix, statuses: Mapping[Block, str]) -> Coverage:
    """Per pillar and per dimension: which blocks carry it, how strongly, the score (0–1) and the
    gaps. ``statuses`` maps blocks to their status; a missing block is undecided."""
    statuses = {b: effective_status(b, s) for b, s in statuses.items()}
    pillars: list[PillarCoverage] = []
    for pillar in Pillar:
        carriers = sorted(
            (Carrier(block, strength, statuses.get(block, UNDECIDED),
                     weight(strength, statuses.get(block, UNDECIDED)))
             for (block, p), strength in matrix.items() if p == pillar),
            key=_carrier_order)
        pillars.append(PillarCoverage(
            pillar=pillar, carriers=tuple(carriers),
            achieved=sum(c.weight for c in carriers),
            maximum=sum(STRENGTH_WEIGHT[c.strength] for c in carriers)))
    by_pillar = {p.pillar: p for p in pillars}
    dimensions = tuple(
        DimensionCoverage(dimension, (by_pillar[first], by_pillar[second]))
        for dimension, (first, second) in DIMENSION_PILLARS.items())
    gaps = tuple(
        Gap(p.pillar, tuple((c.block, c.status) for c in p.carriers
                            if c.strength == Strength.DOMINANT))
        for p in pillars if p.is_gap)
    return Coverage(tuple(pillars), dimensions, gaps)


# --- the heat-map -----------------------------------------------------------------------------


class Heat(StrEnum):
    """The colour class of one cell of the heat-map: strength × status, as a weight."""

    FULL = "full"  # weight 2: dominant and in place
    STRONG = "strong"  # weight 1: dominant being built, or secondary in place
    WEAK = "weak"  # weight 0.5: secondary being built
    IDLE = "idle"  # the block would carry the pillar, but is not (yet) in use
    NONE = "none"  # the block does not carry the pillar


def heat(strength: Strength | None, status: str) -> Heat:
    if strength is None:
        return Heat.NONE
    w = weight(strength, status)
    if w >= 2:
        return Heat.FULL
    if w >= 1:
        return Heat.STRONG
    if w > 0:
        return Heat.WEAK
    return Heat.IDLE


@dataclass(frozen=True)
class HeatCell:
    block: Block
    pillar: Pillar
    strength: Strength | None
    status: str
    weight: float
    heat: Heat


def heat_rows(matrix: Matrix, statuses: Mapping[Block, str]
              ) -> list[tuple[Block, str, list[HeatCell]]]:
    """The heat-map as rows: per block (in the model's order) its status and its cells P1..P8."""
    rows = []
    for block in Block:
        status = statuses.get(block, UNDECIDED)
        counted = effective_status(block, status)
        cells = [HeatCell(block, pillar, matrix.get((block, pillar)), counted,
                          weight(matrix.get((block, pillar)), counted),
                          heat(matrix.get((block, pillar)), counted)) for pillar in Pillar]
        rows.append((block, status, cells))
    return rows


# --- contingency advice -----------------------------------------------------------------------


class Emphasis(StrEnum):
    ESSENTIAL = "essential"
    RECOMMENDED = "recommended"
    LIGHT = "light"
    OPTIONAL = "optional"


EMPHASIS_RANK = {Emphasis.ESSENTIAL: 0, Emphasis.RECOMMENDED: 1, Emphasis.LIGHT: 2,
                 Emphasis.OPTIONAL: 3}
EMPHASIS_LABELS: dict[Emphasis, Promise] = {
    Emphasis.ESSENTIAL: _("essential"),
    Emphasis.RECOMMENDED: _("recommended"),
    Emphasis.LIGHT: _("keep it light"),
    Emphasis.OPTIONAL: _("optional"),
}

MANY_PARTNERS = 4
MANY_ACTIVITIES = 4

B = Block
E = Emphasis
# reason code → (the blocks it gives an emphasis, the reason in words)
RULES: dict[str, tuple[tuple[tuple[Block, Emphasis], ...], Promise]] = {
    "many_partners": (
        ((B.AGENCY, E.ESSENTIAL), (B.DECISION_MODEL, E.ESSENTIAL), (B.COORDINATOR, E.ESSENTIAL),
         (B.MEETING_STRUCTURE, E.RECOMMENDED)),
        _("Four or more partners: a neutral alliance agency, a formal decision-making model and "
          "a coordinator in every partner keep the joint work manageable."),
    ),
    "heavy_joint_work": (
        ((B.AGENCY, E.ESSENTIAL), (B.DECISION_MODEL, E.ESSENTIAL),
         (B.INFORMATION_INFRASTRUCTURE, E.RECOMMENDED), (B.FINANCING, E.RECOMMENDED)),
        _("The joint work is heavy and complex: it needs a support office, formal decisions, "
          "clear data exchange and a settled way to share the costs."),
    ),
    "many_activities": (
        ((B.LINE_MANAGERS, E.ESSENTIAL), (B.ANNUAL_PLAN, E.ESSENTIAL),
         (B.ALLIANCE_MAP, E.RECOMMENDED)),
        _("Four or more joint activities: the tactical table and an annual plan turn strategy "
          "into projects; a map shows how the activities connect."),
    ),
    "high_centralisation": (
        ((B.KEY_ALLIANCE_MANAGER, E.ESSENTIAL), (B.AGENCY, E.RECOMMENDED),
         (B.REPORTING, E.RECOMMENDED)),
        _("A high degree of central steering needs one person responsible for the whole "
          "alliance, with support and regular reports."),
    ),
    "low_centralisation": (
        ((B.AUTONOMOUS_PROFESSIONAL, E.RECOMMENDED), (B.COACHING_MANAGER, E.RECOMMENDED),
         (B.AGENCY, E.LIGHT)),
        _("Little central steering is needed: give professionals room and keep the support "
          "office small."),
    ),
    "imposed_origin": (
        ((B.BOARD, E.ESSENTIAL), (B.CONFERENCE, E.ESSENTIAL), (B.SOFT_SKILLS, E.ESSENTIAL)),
        _("The collaboration was imposed rather than chosen: invest early in mindset and trust, "
          "with committed directors, a shared conference and soft skills."),
    ),
    "simple_alliance": (
        ((B.AGENCY, E.OPTIONAL), (B.DECISION_MODEL, E.LIGHT),
         (B.KEY_ALLIANCE_MANAGER, E.OPTIONAL), (B.MEETING_STRUCTURE, E.LIGHT)),
        _("Two partners around one activity: no agency is needed, decisions can be informal "
          "and strong directors can do without a key alliance manager."),
    ),
    "no_key_alliance_manager": (
        ((B.BOARD, E.ESSENTIAL),),
        _("Nobody holds the role of key alliance manager: the directors on the board must be "
          "strong and steer the alliance themselves."),
    ),
    "stage_opportunistic": (
        ((B.BOARD, E.ESSENTIAL), (B.KEY_ALLIANCE_MANAGER, E.ESSENTIAL),
         (B.ANNUAL_PLAN, E.ESSENTIAL)),
        _("The alliance is in the opportunistic stage: start with committed directors, a key "
          "alliance manager and a shared objective worked out in an annual plan."),
    ),
    "stage_procedural": (
        ((B.REPORTING, E.ESSENTIAL), (B.ANNUAL_EVALUATION, E.ESSENTIAL),
         (B.LEARNING_CIRCLE, E.RECOMMENDED)),
        _("The alliance is in the procedural stage: make results visible, evaluate the "
          "collaboration every year and learn together."),
    ),
    "stage_cultural": (
        ((B.AUTONOMOUS_PROFESSIONAL, E.ESSENTIAL), (B.COACHING_MANAGER, E.ESSENTIAL),
         (B.DECISION_MODEL, E.LIGHT), (B.REPORTING, E.LIGHT), (B.MEETING_STRUCTURE, E.LIGHT)),
        _("The alliance is in the cultural stage: alliance thinking is shared, so keep the "
          "structure light and rely on autonomous professionals and coaching managers."),
    ),
    "no_stage_assessment": (
        ((B.ANNUAL_EVALUATION, E.RECOMMENDED),),
        _("The development stage has not been assessed yet: an evaluation of the collaboration "
          "shows where the alliance stands."),
    ),
    "rationale_data": (
        ((B.INFORMATION_INFRASTRUCTURE, E.ESSENTIAL), (B.ALLIANCE_MAP, E.RECOMMENDED)),
        _("The alliance exists to ask data once and to reduce errors: the data crossing the "
          "partners' boundaries and the chain on one page matter most."),
    ),
    "rationale_service": (
        ((B.ALLIANCE_MAP, E.RECOMMENDED),),
        _("One-stop service delivery: everybody needs to know the links before and after their "
          "own."),
    ),
    "rationale_innovation": (
        ((B.LEARNING_CIRCLE, E.RECOMMENDED), (B.CONFERENCE, E.RECOMMENDED)),
        _("The alliance exists to innovate: players learn from each other in learning circles "
          "and conferences."),
    ),
    "rationale_efficiency": (
        ((B.REPORTING, E.RECOMMENDED),),
        _("The alliance exists for efficiency: a few measurable targets, reported regularly, "
          "keep the focus."),
    ),
}
del B, E


@dataclass(frozen=True)
class Situation:
    """What the advice depends on, as plain values."""

    active_partners: int
    joint_activities: int
    centralisation: str  # low, medium, high
    joint_work_weight: str  # low, medium, high
    origin: str  # imposed, opportunity, problem
    rationales: tuple[str, ...]
    has_key_alliance_manager: bool
    stage: str | None  # the alliance's overall stage, None when not assessed
    # False while the profile holds only its defaults: the profile rules then do not apply.
    profile_filled: bool = True
    # The dimension the development stage rates lowest, None when not rated.
    weakest_stage_dimension: str | None = None


@dataclass(frozen=True)
class Advice:
    block: Block
    emphasis: Emphasis
    reason: str  # the code of the rule
    text: Promise  # the rule's reason in words

    @property
    def emphasis_label(self) -> Promise:
        return EMPHASIS_LABELS[self.emphasis]


def reasons_that_apply(situation: Situation) -> list[str]:
    """The codes of the rules that hold for this situation, in the order of ``RULES``."""
    s = situation
    p = s.profile_filled
    holds = {
        "many_partners": s.active_partners >= MANY_PARTNERS,
        "heavy_joint_work": p and s.joint_work_weight == "high",
        "many_activities": p and s.joint_activities >= MANY_ACTIVITIES,
        "high_centralisation": p and s.centralisation == "high",
        "low_centralisation": p and s.centralisation == "low",
        "imposed_origin": p and s.origin == "imposed",
        "simple_alliance": p and s.active_partners <= 2 and s.joint_activities <= 1,
        "no_key_alliance_manager": not s.has_key_alliance_manager,
        "stage_opportunistic": s.stage == Stage.OPPORTUNISTIC,
        "stage_procedural": s.stage == Stage.PROCEDURAL,
        "stage_cultural": s.stage == Stage.CULTURAL,
        "no_stage_assessment": s.stage is None,
        "rationale_data": p and bool({"burden_reduction", "error_reduction"}
                                     & set(s.rationales)),
        "rationale_service": p and "service_delivery" in s.rationales,
        "rationale_innovation": p and "innovation" in s.rationales,
        "rationale_efficiency": p and "efficiency" in s.rationales,
    }
    return [code for code in RULES if holds[code]]


def contingency_advice(situation: Situation) -> list[Advice]:
    """Which blocks matter most for this alliance and which may be light, each with its
    reason; ordered by block (model order), then strongest emphasis first."""
    advice = [Advice(block, emphasis, code, RULES[code][1])
              for code in reasons_that_apply(situation)
              for block, emphasis in RULES[code][0]]
    return sorted(advice, key=lambda a: (BLOCK_NUMBER[a.block], EMPHASIS_RANK[a.emphasis]))


def headline_emphasis(advice: Sequence[Advice]) -> dict[Block, Emphasis]:
    """Per block the strongest emphasis any rule gives it (essential > recommended > light >
    optional); blocks without advice are absent."""
    headline: dict[Block, Emphasis] = {}
    for a in advice:
        current = headline.get(a.block)
        if current is None or EMPHASIS_RANK[a.emphasis] < EMPHASIS_RANK[current]:
            headline[a.block] = a.emphasis
    return headline


GAP_REASON = "fills_gap"


def _pillar_code(pillar: Pillar) -> str:
    return f"P{PILLAR_NUMBER[pillar]}"


def gap_advice(cov: Coverage) -> list[Advice]:
    """Every block the coverage names as filling a gap, with that gap as its reason."""
    return [Advice(block, Emphasis.RECOMMENDED, GAP_REASON, format_lazy(
                _("It would fill the gap at {pillar}: no building block that carries this "
                  "pillar dominantly is in place."),
                pillar=format_lazy("{} {}", _pillar_code(gap.pillar), PILLARS[gap.pillar].title)))
            for gap in cov.gaps for block, _status in gap.fillers]


@dataclass(frozen=True)
class NextStep:
    """One of the top next steps: a block to put in place and what that would do, in
    coverage scores (0–1) before and after."""

    block: Block
    status: str
    emphasis: Emphasis | None
    pillar: Pillar  # the weakest pillar
    pillar_before: float
    pillar_after: float
    dimension: Dimension  # the weakest dimension by coverage
    dimension_before: float
    dimension_after: float
    stage_dimension: Dimension | None  # the dimension the stage rates lowest
    stage_before: float
    stage_after: float
    gaps_closed: int


def weakest_pillar(cov: Coverage) -> PillarCoverage:
    """The pillar that needs a block most: a gap before a non-gap, then the lowest score, then
    the model's order."""
    return min(cov.pillars, key=lambda p: (not p.is_gap, p.score, PILLAR_NUMBER[p.pillar]))


def weakest_dimension(cov: Coverage) -> DimensionCoverage:
    order = list(Dimension)
    return min(cov.dimensions, key=lambda d: (d.score, order.index(d.dimension)))


def _dimension_score(cov: Coverage, dimension: Dimension) -> float:
    return next(d.score for d in cov.dimensions if d.dimension == dimension)


def next_steps(situation: Situation, matrix: Matrix, statuses: Mapping[Block, str],
               advice: Sequence[Advice], limit: int = 3) -> list[NextStep]:
    """The blocks to put in place first, ranked as the module says; at most ``limit``."""
    base = coverage(matrix, statuses)
    pillar = weakest_pillar(base)
    dimension = weakest_dimension(base)
    stage_dimension = (Dimension(situation.weakest_stage_dimension)
                       if situation.weakest_stage_dimension else None)
    headline = headline_emphasis(advice)
    steps: list[tuple[tuple[float, ...], NextStep]] = []
    for block in Block:
        status = statuses.get(block, UNDECIDED)
        if (effective_status(block, status) == IN_PLACE or status == NOT_USED
                or headline.get(block) == Emphasis.OPTIONAL):
            continue
        after = coverage(matrix, {**statuses, block: IN_PLACE})
        step = NextStep(
            block=block, status=status, emphasis=headline.get(block),
            pillar=pillar.pillar, pillar_before=pillar.score,
            pillar_after=after.pillar(pillar.pillar).score,
            dimension=dimension.dimension, dimension_before=dimension.score,
            dimension_after=_dimension_score(after, dimension.dimension),
            stage_dimension=stage_dimension,
            stage_before=_dimension_score(base, stage_dimension) if stage_dimension else 0.0,
            stage_after=_dimension_score(after, stage_dimension) if stage_dimension else 0.0,
            gaps_closed=len(base.gaps) - len(after.gaps))
        gains = (step.pillar_after - step.pillar_before,
                 step.dimension_after - step.dimension_before,
                 step.stage_after - step.stage_before, float(step.gaps_closed))
        if not any(g > 0 for g in gains) and step.emphasis != Emphasis.ESSENTIAL:
            continue
        rank = EMPHASIS_RANK[step.emphasis] if step.emphasis else len(EMPHASIS_RANK)
        steps.append(((*(-g for g in gains), float(rank), float(BLOCK_NUMBER[block])), step))
    steps.sort(key=lambda pair: pair[0])
    return [step for _key, step in steps[:limit]]


PROFILE_FIELDS = ("origin", "joint_activities", "centralisation", "joint_work_weight",
                  "rationales")


@dataclass(frozen=True)
class AdvicePlan:
    """All advice for one alliance, from one function: what every page and the API show."""

    situation: Situation
    coverage: Coverage
    advice: tuple[Advice, ...]  # the rules' advice and the gap advice, by block
    next_steps: tuple[NextStep, ...]
    fill_in_first: tuple[str, ...]  # profile fields to fill in before the advice can fit

    def for_block(self, block: Block) -> list[Advice]:
        return [a for a in self.advice if a.block == block]

    @property
    def headline(self) -> dict[Block, Emphasis]:
        return headline_emphasis(self.advice)


def advice_plan(situation: Situation, matrix: Matrix,
                statuses: Mapping[Block, str]) -> AdvicePlan:
    """The one source of advice: rules, gaps and the top three next steps."""
    cov = coverage(matrix, statuses)
    advice = sorted([*contingency_advice(situation), *gap_advice(cov)],
                    key=lambda a: (BLOCK_NUMBER[a.block], EMPHASIS_RANK[a.emphasis]))
    return AdvicePlan(
        situation=situation, coverage=cov, advice=tuple(advice),
        next_steps=tuple(next_steps(situation, matrix, statuses, advice)),
        fill_in_first=() if situation.profile_filled else PROFILE_FIELDS)


# --- checks on input --------------------------------------------------------------------------


def owner_problem(*, has_partner: bool, has_person: bool) -> str | None:
    """A block has at most one owner: a partner or a person, never both."""
    if has_partner and has_person:
        return "both_owners"
    return None
