"""The words of the management model: a title and a short description for every catalogue item,
written for Concordia (English source, Dutch in the message catalogue), and pure look-ups over
the catalogue's structure.

No ORM and no request: the texts are lazy translations, resolved in the active language when
they are rendered.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .catalogue import (
    BLOCK_NUMBER,
    DIMENSION_PILLARS,
    KIND_KEYS,
    PILLAR_DIMENSION,
    PILLAR_NUMBER,
    Block,
    CollaborationForm,
    Concept,
    Dimension,
    EscalationRung,
    Feature,
    Kind,
    Pillar,
    Rationale,
    Resistance,
    Stage,
    Strength,
    default_matrix,
)


@dataclass(frozen=True)
class Text:
    title: Promise
    description: Promise


@dataclass(frozen=True)
class FormText(Text):
    fits_when: Promise


@dataclass(frozen=True)
class DimensionText(Text):
    friction: Promise
    managed: Promise


@dataclass(frozen=True)
class BlockText(Text):
    signs: tuple[Promise, ...]
    risks: tuple[Promise, ...]


# --- the kinds ------------------------------------------------------------------------------

KINDS: dict[Kind, Text] = {
    Kind.FEATURE: Text(
        _("Features of alliances"),
        _("Six features set an alliance apart from other ways of working together, and explain "
          "why it is hard to manage."),
    ),
    Kind.CONCEPT: Text(
        _("Key ideas"),
        _("Three ideas run through the whole model: the pull between horizontal and vertical, "
          "the absence of one right model, and the wider ecosystem around an alliance."),
    ),
    Kind.COLLABORATION_FORM: Text(
        _("Forms of collaboration"),
        _("Ways of working together range from light and non-committal to intensive and "
          "lasting. An alliance is only one of them, so check that it is the right form before "
          "you build one. Real cases often combine several forms."),
    ),
    Kind.RATIONALE: Text(
        _("Reasons to collaborate"),
        _("Why organisations form an alliance. Some alliances start from a shared problem, "
          "others from an opportunity."),
    ),
    Kind.RESISTANCE: Text(
        _("Sources of resistance"),
        _("Whoever starts an alliance should expect resistance. Knowing where it comes from "
          "helps you deal with it."),
    ),
    Kind.DIMENSION: Text(
        _("Management dimensions"),
        _("The model looks at an alliance along four dimensions. In each one you look for a "
          "workable balance between two opposing forces, and each one rests on two pillars."),
    ),
    Kind.PILLAR: Text(
        _("Pillars"),
        _("Eight pillars carry an alliance. Neglect one of them and sooner or later "
          "misunderstanding, distrust and self-interest creep in, and the alliance may fail."),
    ),
    Kind.BUILDING_BLOCK: Text(
        _("Building blocks"),
        _("Eighteen concrete instruments give shape to the pillars. Each contributes to several "
          "pillars, strongly to some and less to others. Which blocks an alliance uses, and how "
          "heavily, depends on its profile."),
    ),
    Kind.ESCALATION_RUNG: Text(
        _("Escalation ladder"),
        _("A problem that cannot be solved where it arises goes up one rung at a time, after "
          "the partners have consulted each other."),
    ),
    Kind.STAGE: Text(
        _("Development stages"),
        _("Alliances grow through three stages. Re-tune the way you manage the alliance as it "
          "moves from one stage to the next."),
    ),
}

# --- why alliances are hard -----------------------------------------------------------------

FEATURES: dict[Feature, Text] = {
    Feature.DIVERGING_INTERESTS: Text(
        _("Diverging interests"),
        _("Every partner remains an independent organisation with its own mission and "
          "priorities. The shared objective comes on top of those, so the partners' interests "
          "will pull in different directions from time to time."),
    ),
    Feature.MUTUAL_DEPENDENCY: Text(
        _("Mutual dependency"),
        _("No partner can reach the shared objective alone; each needs what the others "
          "contribute. That dependency is the reason to collaborate, and also a source of "
          "unease, because it limits what a partner can decide by itself."),
    ),
    Feature.NO_AUTHORITY: Text(
        _("No overarching authority"),
        _("There is no common boss who can settle a dispute by decree. Decisions come from "
          "agreement between equals, so the alliance relies on consultation, trust and rules "
          "the partners design together."),
    ),
    Feature.IMBALANCE: Text(
        _("Imbalance in size and input"),
        _("Partners rarely contribute equally: one may be far larger or carry most of the work. "
          "Equal standing remains the aim, which asks the larger partners to take the interests "
          "of the smaller ones seriously."),
    ),
    Feature.DYNAMIC_ENVIRONMENT: Text(
        _("Dynamic environment"),
        _("Politics, legislation, technology and society keep changing, and each partner "
          "changes at its own pace. No contract can foresee all of that, so part of the "
          "collaboration is an open space that has to be managed as questions arise."),
    ),
    Feature.DURATION: Text(
        _("Duration"),
        _("Alliances usually run for years, but they need not last forever. Once the problem "
          "that brought the partners together is solved, the alliance can be wound down."),
    ),
}

CONCEPTS: dict[Concept, Text] = {
    Concept.TENSION: Text(
        _("Horizontal versus vertical"),
        _("The alliance process runs horizontally, across the partners, while every partner is "
          "steered vertically through its own hierarchy. The interests of a single partner "
          "therefore keep pressing on the joint process. Alliance management builds a "
          "horizontal force field strong enough to withstand that vertical pressure."),
    ),
    Concept.CONTINGENCY: Text(
        _("No single right model"),
        _("How much management an alliance needs depends on its profile: the number of partners "
          "and joint activities, how much must be centralised, the weight and complexity of the "
          "joint work, and its stage of development. Two partners around one activity need far "
          "less than many partners doing intensive work together, and the model must be "
          "re-tuned as the alliance develops."),
    ),
    Concept.ECOSYSTEM: Text(
        _("The ecosystem view"),
        _("Around the owners of an alliance lies an ecosystem of other parties, such as "
          "software suppliers, intermediaries and the users of its products. Mapping how "
          "relevant and how dependent each party is, and what it adds, can reveal critical "
          "roles that nobody noticed. An ecosystem manager cultivates a healthy climate for all "
          "parties rather than steering from the top."),
    ),
}

# --- is an alliance the right form? ----------------------------------------------------------

COLLABORATION_FORMS: dict[CollaborationForm, FormText] = {
    CollaborationForm.COVENANT: FormText(
        _("Covenant"),
        _("A written declaration of intent in which parties state what they will strive for "
          "together. It rests on goodwill rather than on enforceable obligations."),
        _("The shared intention lies outside the partners' core activities, and goodwill is "
          "enough to carry it."),
    ),
    CollaborationForm.CUSTOMER_SUPPLIER: FormText(
        _("Customer and supplier"),
        _("One party delivers a product or service to another under a contract. Outsourcing, "
          "in which a task is handed over entirely, is a variant of it."),
        _("The product is unambiguous, traffic runs one way, the future is predictable, and "
          "the parties bear no joint responsibility towards end users."),
    ),
    CollaborationForm.SHARED_SERVICE_CENTRE: FormText(
        _("Shared service centre"),
        _("Partners bundle supporting processes, such as administration or IT, in a common "
          "unit that serves them all."),
        _("The processes are supporting rather than core, and can be separated from the "
          "partners and bundled."),
    ),
    CollaborationForm.JOINT_VENTURE: FormText(
        _("Joint venture"),
        _("The partners set up a new, separate organisation that they own together and that "
          "has its own management."),
        _("The joint activity is a new business that can be separated from the partners. In "
          "the public sector, separate ministerial responsibilities usually rule it out."),
    ),
    CollaborationForm.ALLIANCE: FormText(
        _("Alliance"),
        _("Independent organisations pursue a shared objective on top of their own, depend on "
          "each other to reach it, and have no common boss."),
        _("The collaboration must be intensive, more than supplying or declaring intent, yet "
          "covers only part of what the partners do, cannot be separated from their core "
          "processes, and runs for the long term."),
    ),
    CollaborationForm.MERGER: FormText(
        _("Merger"),
        _("The organisations combine into one and give up their separate existence."),
        _("The core activities largely overlap and collaboration is needed in every area. In "
          "the public sector, separate ministerial responsibilities usually rule it out."),
    ),
}

RATIONALES: dict[Rationale, Text] = {
    Rationale.SERVICE_DELIVERY: Text(
        _("Customer service delivery"),
        _("Citizens and companies are served through one front door instead of having to go "
          "to each organisation separately. The partners arrange the coordination behind it."),
    ),
    Rationale.BURDEN_REDUCTION: Text(
        _("Less administrative burden"),
        _("Data is asked for once and reused by every partner that needs it, so the people "
          "who supply it have less work."),
    ),
    Rationale.ERROR_REDUCTION: Text(
        _("Fewer errors"),
        _("One source and one shared definition for each piece of data prevent the "
          "differences that arise when every organisation collects and interprets it in its "
          "own way."),
    ),
    Rationale.EFFICIENCY: Text(
        _("Efficiency"),
        _("Doing work once instead of several times, and sharing facilities, lowers the total "
          "cost for the partners."),
    ),
    Rationale.INNOVATION: Text(
        _("Innovation"),
        _("Combining the knowledge and means of several organisations makes new services "
          "possible that none of them could develop alone."),
    ),
}

RESISTANCES: dict[Resistance, Text] = {
    Resistance.AUTONOMY_LOSS: Text(
        _("Fear of losing power and autonomy"),
        _("Joining an alliance means giving up part of your independence for a shared "
          "objective and becoming dependent on others. That sense of loss is a main source of "
          "resistance."),
    ),
    Resistance.IMPOSED: Text(
        _("Imposed collaboration"),
        _("When collaboration is ordered from above, for instance by politics, rather than "
          "chosen because the partners see a shared problem or opportunity, nobody feels they "
          "gain from it. If the benefits mainly go to the customer, the sense of lost autonomy "
          "grows even stronger."),
    ),
    Resistance.UNREACHABLE_OBJECTIVE: Text(
        _("Unreachable objective"),
        _("An objective that looks too ambitious can paralyse the partners: people stop "
          "believing in success and do not know where to begin."),
    ),
    Resistance.UNEVEN_COSTS_BENEFITS: Text(
        _("Uneven costs and benefits"),
        _("The costs of working together may fall on one partner while the benefits go to "
          "another, and the alliance's objectives may clash with a partner's own. Both make "
          "partners reluctant to commit."),
    ),
}

# --- the management model --------------------------------------------------------------------

DIMENSIONS: dict[Dimension, DimensionText] = {
    Dimension.CULTURAL: DimensionText(
        _("Cultural dimension"),
        _("The attitude people bring to the alliance: whether the will to work together wins "
          "over the reflex to resist something unfamiliar."),
        _("Will versus resistance"),
        _("Growing a mindset"),
    ),
    Dimension.RELATIONAL: DimensionText(
        _("Relational dimension"),
        _("The relationships between the people of the partners: whether they act together or "
          "each go their own way."),
        _("Together versus solo"),
        _("Building trust"),
    ),
    Dimension.PROCEDURAL: DimensionText(
        _("Procedural dimension"),
        _("How the alliance is organised: the structure, agreements and reports that give it "
          "order without smothering it."),
        _("Order versus chaos"),
        _("Making agreements"),
    ),
    Dimension.CONTENT: DimensionText(
        _("Content dimension"),
        _("What the alliance works on: its objective and the knowledge needed to reach it, so "
          "that the partners agree on what they do and what they mean."),
        _("Agree versus disagree"),
        _("Sharing knowledge"),
    ),
}

PILLARS: dict[Pillar, Text] = {
    Pillar.MINDSET: Text(
        _("Mindset focused on alliance collaboration"),
        _("The leaders of every partner show, in what they say and what they do, that the "
          "alliance matters. People further down sense at once whether their directors "
          "really believe in it, and act accordingly."),
    ),
    Pillar.PLAYING_FIELD: Text(
        _("Objective-bound playing field"),
        _("The people doing the joint work get room to decide on the spot, within rules that "
          "follow from the shared objective. Their managers hold back from controlling every "
          "step."),
    ),
    Pillar.TRUST: Text(
        _("Trust between alliance partners"),
        _("Partners hand tasks over to each other, confident that they will be done well. "
          "Trust grows as the people of the partners get to know each other: the more contact, "
          "the more trust."),
    ),
    Pillar.DIALOGUE: Text(
        _("Cross-organisational dialogue"),
        _("People talk openly with their counterparts at every level, give each other "
          "feedback, and share bad news early instead of keeping it to themselves."),
    ),
    Pillar.STRUCTURE: Text(
        _("Organisational alliance structure"),
        _("A board, a tactical table, working groups and supporting functions link the "
          "partners' own organisations. This structure steers but does not execute: the work "
          "stays in the partners' lines. The people in it are the right ones, with a mandate."),
    ),
    Pillar.TRANSPARENCY: Text(
        _("Transparency about results"),
        _("Agreed results, expressed as value for the users of what the alliance delivers, are "
          "measured, checked and reported, including results that fall short. Where money is "
          "shared, the books are open."),
    ),
    Pillar.KNOWLEDGE: Text(
        _("Knowledge of the alliance"),
        _("Everyone involved knows the objective, the agreements and the other partners, and "
          "understands their own link in the chain and what comes before and after it. Shared "
          "definitions keep people from talking at cross purposes."),
    ),
    Pillar.OBJECTIVE: Text(
        _("Unambiguous and inspiring alliance objective"),
        _("One clear objective that inspires, formulated and fully endorsed by all partners "
          "rather than owned by one of them. Internal targets are aligned with it; an objective "
          "that is only half supported leads to quarrels over priorities."),
    ),
}

BUILDING_BLOCKS: dict[Block, BlockText] = {
    Block.BOARD: BlockText(
        _("Alliance board"),
        _("The highest level of the alliance, where every partner is represented by a "
          "director. The directors record their commitments in a covenant, which frames the "
          "tactical and operational agreements."),
        (_("It meets regularly, also when there is no crisis."),
         _("Members attend in person rather than sending a replacement."),
         _("Good news and bad news are both put on the table.")),
        (_("New members, for instance after elections, break the continuity unless they are "
           "brought up to speed."),),
    ),
    Block.KEY_ALLIANCE_MANAGER: BlockText(
        _("Key alliance manager"),
        _("One person responsible for the alliance as a whole, with a mandate, and the link to "
          "the board. Escalations end here before they reach the board. Very present in a "
          "crisis, in the background when things run smoothly; a simple or very stable "
          "alliance may do without, relying on strong directors instead."),
        (_("Most issues are settled before they need the board."),
         _("Every partner knows and trusts the key alliance manager.")),
        (_("The partners sit back and wait for the key alliance manager to act."),),
    ),
    Block.LINE_MANAGERS: BlockText(
        _("Line managers (tactical table)"),
        _("The line managers of every partner meet regularly with the key alliance manager and "
          "the coordinators. They turn strategy into projects, discuss the reports and prepare "
          "proposals for the board: the beating heart of the alliance."),
        (_("Line managers attend themselves, without replacements."),
         _("Proposals reach the board well prepared.")),
        (_("The table turns into a talking shop when its members lack authority in their own "
           "organisations."),),
    ),
    Block.COORDINATOR: BlockText(
        _("Alliance coordinator"),
        _("One coordinator per partner keeps the alliance visible inside their own "
          "organisation, notices early when agreements are not kept, and brings a team "
          "together to remove a bottleneck. They have influence without formal authority, and "
          "escalate to the key alliance manager when that fails."),
        (_("Bottlenecks are spotted and tackled before they escalate."),
         _("Colleagues know whom to ask about the alliance.")),
        (_("Without backing from their own management, coordinators lack the influence to get "
           "things done."),),
    ),
    Block.AGENCY: BlockText(
        _("Alliance agency"),
        _("In a complex alliance, a neutral support office staffed by people from the partners, "
          "preferably working in one place. It monitors projects, runs reporting and "
          "accountability, and takes initiatives."),
        (_("Reports and project overviews are on time and trusted by every partner."),),
        (_("The agency grows a culture of its own, cut off from the partners' lines."),),
    ),
    Block.DECISION_MODEL: BlockText(
        _("Decision-making model"),
        _("The partners design together how decisions are taken, from informal consensus to "
          "formal steps and voting rules. The process is transparent and equal: all "
          "information is on the table and weighed against the interest of the alliance."),
        (_("No partner is surprised by a decision."),
         _("Decisions hold, also for those who would have preferred otherwise.")),
        (_("Decisions are reopened again and again when the model is unclear or not shared."),),
    ),
    Block.MEETING_STRUCTURE: BlockText(
        _("Alliance meeting structure"),
        _("Meetings at strategic, tactical and operational level (the board, the line "
          "managers' table, daily production and change projects), linked to the partners' own "
          "meeting cycles. The chair rotates between the partners."),
        (_("Alliance matters reach the partners' own meetings in time."),
         _("The chair rotates as agreed.")),
        (_("Meetings out of step with the partners' own cycles make decisions stall."),),
    ),
    Block.REPORTING: BlockText(
        _("Alliance reporting"),
        _("Reports from the bottom up on progress, bottlenecks and coordination per partner, "
          "for the board and for each partner. A small number of measurable targets keeps the "
          "attention on what matters."),
        (_("Reports also show results that fall short."),
         _("The targets are few and measurable.")),
        (_("A flood of indicators buries what matters."),),
    ),
    Block.INFORMATION_INFRASTRUCTURE: BlockText(
        _("Alliance information infrastructure"),
        _("The data that crosses the partners' boundaries: which data, who supplies it, who "
          "uses it, and through which interfaces. Keep it manageable."),
        (_("Every data flow has a known supplier, user and interface."),),
        (_("The infrastructure grows so complex that nobody oversees it any more."),),
    ),
    Block.FINANCING: BlockText(
        _("Alliance financing"),
        _("Agreements on who pays what: each partner bears its own costs, equal shares, shares "
          "by use or by size, or another model. Settle carefully and regularly."),
        (_("Every partner can explain the settlement and finds it fair."),),
        (_("A settlement that feels unfair erodes trust."),
         _("Equal shares can be unaffordable for small partners.")),
    ),
    Block.AUTONOMOUS_PROFESSIONAL: BlockText(
        _("The autonomous professional"),
        _("Professionals first solve problems with their colleagues at the other partners and "
          "work as one team across the organisations. Real alarms are escalated jointly and in "
          "a structured way."),
        (_("Most problems are solved at the operational level."),
         _("Escalations are raised jointly, not through each partner's own line.")),
        (_("Without a clear playing field, professionals either overstep the rules or wait for "
           "permission."),),
    ),
    Block.COACHING_MANAGER: BlockText(
        _("The coaching (team) manager"),
        _("Managers steer on output, give their people room and resist the urge to control. "
          "The centre of gravity lies low in the alliance."),
        (_("Team members decide within the agreed rules without asking first."),),
        (_("Managers fall back on control when the pressure rises."),),
    ),
    Block.SOFT_SKILLS: BlockText(
        _("Soft skills"),
        _("Techniques that help people from different organisations work together: a values "
          "statement, working in one place, a screening of the cultures, team building, "
          "informal sessions and internships at each other's organisations."),
        (_("People know their counterparts at the other partners personally."),),
        (_("Seen as optional extras, these activities are the first to be cut."),),
    ),
    Block.LEARNING_CIRCLE: BlockText(
        _("Learning circle"),
        _("Recurring interactive sessions on a theme such as quality, collaboration or "
          "innovation, in which players visit each other and exchange knowledge about content, "
          "procedure, relationships and culture."),
        (_("What is learnt in a session changes the work."),),
        (_("The sessions become a routine and attendance drops."),),
    ),
    Block.ALLIANCE_MAP: BlockText(
        _("Alliance map"),
        _("The whole alliance process on one page: every link, the partner that owns it, what "
          "flows between the links, and the interfaces. Drawn together, printed large and kept "
          "up to date, it shows everyone their own place and whom to ask."),
        (_("People can point out their own link and its neighbours on the map."),),
        (_("An outdated map misleads more than no map at all."),),
    ),
    Block.ANNUAL_PLAN: BlockText(
        _("Annual alliance plan"),
        _("Turns vision, mission and objective into the year's objectives and activities, with "
          "what each partner must contribute at each level. Made together, compared with actual "
          "progress during the year, and adjusted."),
        (_("Every partner recognises its own contribution in the plan."),
         _("Progress is compared with the plan during the year.")),
        (_("The plan is written once and then left in a drawer."),),
    ),
    Block.CONFERENCE: BlockText(
        _("Alliance conference"),
        _("A recurring meeting of several days for key players from every level, to look back "
          "and ahead with an open agenda and room for informal contact. It builds a shared "
          "history and sets principles for the next annual plan; a first conference launches a "
          "new alliance."),
        (_("Players from every level and every partner take part."),
         _("Its conclusions find their way into the annual plan.")),
        (_("Without follow-up it remains a pleasant but isolated event."),),
    ),
    Block.ANNUAL_EVALUATION: BlockText(
        _("Annual evaluation"),
        _("Besides the results, the collaboration itself is evaluated every year: players at "
          "every level score statements on content, procedure, relationship and culture. The "
          "scores per dimension are discussed at the conference and turned into improvements."),
        (_("Scores are discussed openly and lead to concrete improvement actions."),),
        (_("Low scores are explained away instead of acted upon."),),
    ),
}

ESCALATION_RUNGS: dict[EscalationRung, Text] = {
    EscalationRung.HORIZONTAL: Text(
        _("Horizontal solution"),
        _("Professionals first look for a solution together with their colleagues at the other "
          "partners. Nobody escalates a difficult issue before trying this."),
    ),
    EscalationRung.COORDINATOR: Text(
        _("Alliance coordinator's team"),
        _("If that fails, the alliance coordinator brings together a team with the right "
          "expertise and the line managers concerned."),
    ),
    EscalationRung.KEY_ALLIANCE_MANAGER: Text(
        _("Key alliance manager"),
        _("What the team cannot solve goes to the key alliance manager, where escalations "
          "normally end."),
    ),
    EscalationRung.BOARD: Text(
        _("Alliance board"),
        _("Only what the key alliance manager cannot resolve is put before the directors on "
          "the board."),
    ),
    EscalationRung.MINISTER: Text(
        _("Responsible minister"),
        _("In the public domain, the last rung is the responsible minister or ministers, "
          "reached through an administrative core team."),
    ),
}

STAGES: dict[Stage, Text] = {
    Stage.OPPORTUNISTIC: Text(
        _("Opportunistic"),
        _("Collaboration is ad hoc and depends on individuals who see its value; the "
          "organisations hardly recognise it as an alliance."),
    ),
    Stage.PROCEDURAL: Text(
        _("Procedural"),
        _("Collaboration is regular and follows agreed procedures, so the process is stable. "
          "Some alliances start here, and many rightly stay here."),
    ),
    Stage.CULTURAL: Text(
        _("Cultural"),
        _("Thinking as an alliance is shared by everyone, is part of each partner's strategy, "
          "and the collaboration is improved continuously."),
    ),
}

# Each kind's texts are keyed by that kind's own enumeration (Feature, Pillar, …), which a
# mapping type cannot say per entry: KIND_KEYS pairs each kind with its keys.
TEXTS: dict[Kind, Mapping[Any, Text]] = {
    Kind.FEATURE: FEATURES,
    Kind.CONCEPT: CONCEPTS,
    Kind.COLLABORATION_FORM: COLLABORATION_FORMS,
    Kind.RATIONALE: RATIONALES,
    Kind.RESISTANCE: RESISTANCES,
    Kind.DIMENSION: DIMENSIONS,
    Kind.PILLAR: PILLARS,
    Kind.BUILDING_BLOCK: BUILDING_BLOCKS,
    Kind.ESCALATION_RUNG: ESCALATION_RUNGS,
    Kind.STAGE: STAGES,
}

# Kinds with a page of their own per item; the others are read in full on their kind's page.
DETAIL_KINDS = frozenset({Kind.PILLAR, Kind.BUILDING_BLOCK, Kind.DIMENSION})


# --- look-ups ---------------------------------------------------------------------------------


class UnknownItem(LookupError):
    """A kind or key that the catalogue does not have."""


@dataclass(frozen=True)
class Item:
    """One catalogue item with its words; ``number`` is its position within its kind (from 1)."""

    kind: Kind
    key: str
    number: int
    text: Text

    @property
    def title(self) -> Promise:
        return self.text.title

    @property
    def description(self) -> Promise:
        return self.text.description

    @property
    def code(self) -> str:
        """The short label the model uses: P1..P8 for pillars, 1..18 for building blocks."""
        return f"P{self.number}" if self.kind == Kind.PILLAR else str(self.number)

    @property
    def has_page(self) -> bool:
        return self.kind in DETAIL_KINDS


def kind_of(value: str) -> Kind:
    try:
        return Kind(value)
    except ValueError:
        raise UnknownItem(value) from None


def kind_text(kind: str) -> Text:
    return KINDS[kind_of(kind)]


def items(kind: str) -> list[Item]:
    """Every item of a kind, in the model's order."""
    k = kind_of(kind)
    return [Item(k, str(key), n, TEXTS[k][key]) for n, key in enumerate(KIND_KEYS[k], start=1)]


def item(kind: str, key: str) -> Item:
    """One item by kind and key; UnknownItem when either is not in the catalogue."""
    for candidate in items(kind):
        if candidate.key == key:
            return candidate
    raise UnknownItem(f"{kind}/{key}")


def _block(key: str) -> Block:
    try:
        return Block(key)
    except ValueError:
        raise UnknownItem(key) from None


def _pillar(key: str) -> Pillar:
    try:
        return Pillar(key)
    except ValueError:
        raise UnknownItem(key) from None


def _dimension(key: str) -> Dimension:
    try:
        return Dimension(key)
    except ValueError:
        raise UnknownItem(key) from None


def _strength_order(strength: Strength) -> int:
    return 0 if strength == Strength.DOMINANT else 1


def pillar_blocks(pillar: str) -> list[tuple[Block, Strength]]:
    """The building blocks that carry a pillar in the default matrix: dominant ones first,
    then in the model's order."""
    p = _pillar(pillar)
    found = [(b, s) for (b, q), s in default_matrix().items() if q == p]
    return sorted(found, key=lambda bs: (_strength_order(bs[1]), BLOCK_NUMBER[bs[0]]))


def block_pillars(block: str) -> list[tuple[Pillar, Strength]]:
    """The pillars a building block carries in the default matrix: dominant ones first."""
    b = _block(block)
    found = [(p, s) for (c, p), s in default_matrix().items() if c == b]
    return sorted(found, key=lambda ps: (_strength_order(ps[1]), PILLAR_NUMBER[ps[0]]))


def dimension_pillars(dimension: str) -> tuple[Pillar, ...]:
    return DIMENSION_PILLARS[_dimension(dimension)]


def pillar_dimension(pillar: str) -> Dimension:
    return PILLAR_DIMENSION[_pillar(pillar)]


def matrix_rows() -> list[tuple[Block, list[Strength | None]]]:
    """The default matrix as table rows: per block, its strength for P1..P8 (None: no
    contribution)."""
    matrix = default_matrix()
    return [(b, [matrix.get((b, p)) for p in Pillar]) for b in Block]
