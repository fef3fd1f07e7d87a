"""The alliance management model as versioned reference data: the structure (keys, relations,
the default block→pillar contribution matrix). Texts live in ``texts.py``.

Pure data and pure functions: no ORM. Keys are stable identifiers used in the database and API;
never rename one, add a new one instead (and bump CATALOGUE_VERSION).
"""

from dataclasses import dataclass
from enum import StrEnum

CATALOGUE_VERSION = "1.1.0"  # 1.1.0: Concept and Kind added


class Dimension(StrEnum):
    CULTURAL = "cultural"
    RELATIONAL = "relational"
    PROCEDURAL = "procedural"
    CONTENT = "content"


class Pillar(StrEnum):
    MINDSET = "mindset"  # P1
    PLAYING_FIELD = "playing_field"  # P2
    TRUST = "trust"  # P3
    DIALOGUE = "dialogue"  # P4
    STRUCTURE = "structure"  # P5
    TRANSPARENCY = "transparency"  # P6
    KNOWLEDGE = "knowledge"  # P7
    OBJECTIVE = "objective"  # P8


PILLAR_NUMBER = {pillar: number for number, pillar in enumerate(Pillar, start=1)}

DIMENSION_PILLARS: dict[Dimension, tuple[Pillar, Pillar]] = {
    Dimension.CULTURAL: (Pillar.MINDSET, Pillar.PLAYING_FIELD),
    Dimension.RELATIONAL: (Pillar.TRUST, Pillar.DIALOGUE),
    Dimension.PROCEDURAL: (Pillar.STRUCTURE, Pillar.TRANSPARENCY),
    Dimension.CONTENT: (Pillar.KNOWLEDGE, Pillar.OBJECTIVE),
}
PILLAR_DIMENSION = {p: d for d, pillars in DIMENSION_PILLARS.items() for p in pillars}


class Block(StrEnum):
    BOARD = "board"  # 1
    KEY_ALLIANCE_MANAGER = "key_alliance_manager"  # 2
    LINE_MANAGERS = "line_managers"  # 3
    COORDINATOR = "coordinator"  # 4
    AGENCY = "agency"  # 5
    DECISION_MODEL = "decision_model"  # 6
    MEETING_STRUCTURE = "meeting_structure"  # 7
    REPORTING = "reporting"  # 8
    INFORMATION_INFRASTRUCTURE = "information_infrastructure"  # 9
    FINANCING = "financing"  # 10
    AUTONOMOUS_PROFESSIONAL = "autonomous_professional"  # 11
    COACHING_MANAGER = "coaching_manager"  # 12
    SOFT_SKILLS = "soft_skills"  # 13
    LEARNING_CIRCLE = "learning_circle"  # 14
    ALLIANCE_MAP = "alliance_map"  # 15
    ANNUAL_PLAN = "annual_plan"  # 16
    CONFERENCE = "conference"  # 17
    ANNUAL_EVALUATION = "annual_evaluation"  # 18


BLOCK_NUMBER = {block: number for number, block in enumerate(Block, start=1)}


class Strength(StrEnum):
    DOMINANT = "dominant"
    SECONDARY = "secondary"


STRENGTH_WEIGHT = {Strength.DOMINANT: 2, Strength.SECONDARY: 1}

P = Pillar
# Default contribution of each building block to the pillars: (dominant, secondary).
DEFAULT_CONTRIBUTIONS: dict[Block, tuple[tuple[Pillar, ...], tuple[Pillar, ...]]] = {
    Block.BOARD: ((P.MINDSET, P.STRUCTURE), (P.DIALOGUE, P.OBJECTIVE)),
    Block.KEY_ALLIANCE_MANAGER: ((P.STRUCTURE, P.MINDSET), (P.TRANSPARENCY, P.OBJECTIVE)),
    Block.LINE_MANAGERS: ((P.STRUCTURE,), (P.DIALOGUE, P.TRANSPARENCY)),
    Block.COORDINATOR: ((P.DIALOGUE, P.TRUST), (P.KNOWLEDGE,)),
    Block.AGENCY: ((P.STRUCTURE, P.TRANSPARENCY), (P.KNOWLEDGE,)),
    Block.DECISION_MODEL: ((P.STRUCTURE,), (P.TRUST, P.DIALOGUE)),
    Block.MEETING_STRUCTURE: ((P.STRUCTURE, P.DIALOGUE), (P.TRUST, P.KNOWLEDGE, P.MINDSET)),
    Block.REPORTING: ((P.TRANSPARENCY,), (P.TRUST,)),
    Block.INFORMATION_INFRASTRUCTURE: ((P.KNOWLEDGE,), (P.TRANSPARENCY,)),
    Block.FINANCING: ((P.STRUCTURE,), (P.TRUST, P.TRANSPARENCY)),
    Block.AUTONOMOUS_PROFESSIONAL: ((P.PLAYING_FIELD,), (P.TRUST,)),
    Block.COACHING_MANAGER: ((P.PLAYING_FIELD,), (P.MINDSET,)),
    Block.SOFT_SKILLS: ((P.TRUST,), (P.DIALOGUE, P.MINDSET)),
    Block.LEARNING_CIRCLE: ((P.KNOWLEDGE, P.DIALOGUE), (P.TRUST,)),
    Block.ALLIANCE_MAP: ((P.KNOWLEDGE,), (P.OBJECTIVE, P.DIALOGUE)),
    Block.ANNUAL_PLAN: ((P.OBJECTIVE, P.TRANSPARENCY), (P.STRUCTURE,)),
    Block.CONFERENCE: ((P.MINDSET, P.TRUST), (P.DIALOGUE, P.KNOWLEDGE, P.OBJECTIVE)),
    Block.ANNUAL_EVALUATION: ((P.TRANSPARENCY, P.DIALOGUE), (P.MINDSET,)),
}


def default_matrix() -> dict[tuple[Block, Pillar], Strength]:
    """The default contribution matrix as {(block, pillar): strength}."""
    matrix: dict[tuple[Block, Pillar], Strength] = {}
    for block, (dominant, secondary) in DEFAULT_CONTRIBUTIONS.items():
        for pillar in dominant:
            matrix[(block, pillar)] = Strength.DOMINANT
        for pillar in secondary:
            matrix[(block, pillar)] = Strength.SECONDARY
    return matrix


def blocks_for_pillar(pillar: Pillar) -> list[tuple[Block, Strength]]:
    return [(block, strength) for (block, p), strength in default_matrix().items() if p == pillar]


class Stage(StrEnum):
    OPPORTUNISTIC = "opportunistic"
    PROCEDURAL = "procedural"
    CULTURAL = "cultural"


class CollaborationForm(StrEnum):
    COVENANT = "covenant"
    CUSTOMER_SUPPLIER = "customer_supplier"
    SHARED_SERVICE_CENTRE = "shared_service_centre"
    JOINT_VENTURE = "joint_venture"
    MERGER = "merger"
    ALLIANCE = "alliance"


# Ordered by integration intensity (and duration), lightest first.
FORM_CONTINUUM = (
    CollaborationForm.COVENANT,
    CollaborationForm.CUSTOMER_SUPPLIER,
    CollaborationForm.SHARED_SERVICE_CENTRE,
    CollaborationForm.JOINT_VENTURE,
    CollaborationForm.ALLIANCE,
    CollaborationForm.MERGER,
)


class Rationale(StrEnum):
    SERVICE_DELIVERY = "service_delivery"
    BURDEN_REDUCTION = "burden_reduction"
    ERROR_REDUCTION = "error_reduction"
    EFFICIENCY = "efficiency"
    INNOVATION = "innovation"


class Resistance(StrEnum):
    AUTONOMY_LOSS = "autonomy_loss"
    IMPOSED = "imposed"
    UNREACHABLE_OBJECTIVE = "unreachable_objective"
    UNEVEN_COSTS_BENEFITS = "uneven_costs_benefits"


class Feature(StrEnum):
    DIVERGING_INTERESTS = "diverging_interests"
    MUTUAL_DEPENDENCY = "mutual_dependency"
    NO_AUTHORITY = "no_authority"
    IMBALANCE = "imbalance"
    DYNAMIC_ENVIRONMENT = "dynamic_environment"
    DURATION = "duration"


class EscalationRung(StrEnum):
    HORIZONTAL = "horizontal"
    COORDINATOR = "coordinator"
    KEY_ALLIANCE_MANAGER = "key_alliance_manager"
    BOARD = "board"
    MINISTER = "minister"


ESCALATION_LADDER = tuple(EscalationRung)


class Concept(StrEnum):
    """Ideas that run through the whole model rather than being one part of it."""

    TENSION = "horizontal_vertical_tension"
    CONTINGENCY = "contingency"
    ECOSYSTEM = "ecosystem"


class Kind(StrEnum):
    """The kinds of item in the catalogue; values are the kebab-case path segments."""

    FEATURE = "features"
    CONCEPT = "concepts"
    COLLABORATION_FORM = "collaboration-forms"
    RATIONALE = "rationales"
    RESISTANCE = "resistances"
    DIMENSION = "dimensions"
    PILLAR = "pillars"
    BUILDING_BLOCK = "building-blocks"
    ESCALATION_RUNG = "escalation-rungs"
    STAGE = "stages"


# The keys of each kind, in the order the model presents them.
KIND_KEYS: dict[Kind, tuple[StrEnum, ...]] = {
    Kind.FEATURE: tuple(Feature),
    Kind.CONCEPT: tuple(Concept),
    Kind.COLLABORATION_FORM: FORM_CONTINUUM,
    Kind.RATIONALE: tuple(Rationale),
    Kind.RESISTANCE: tuple(Resistance),
    Kind.DIMENSION: tuple(Dimension),
    Kind.PILLAR: tuple(Pillar),
    Kind.BUILDING_BLOCK: tuple(Block),
    Kind.ESCALATION_RUNG: ESCALATION_LADDER,
    Kind.STAGE: tuple(Stage),
}


@dataclass(frozen=True)
class Reference:
    """One item of the catalogue with its kind, for links between pages."""

    kind: str
    key: str
