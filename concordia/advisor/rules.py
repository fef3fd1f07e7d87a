"""Which collaboration form fits? The advisor's rules: pure functions over plain values.

The six forms of the continuum (``catalogue.FORM_CONTINUUM``: covenant, customer–supplier,
shared service centre, joint venture, alliance, merger) each come with a few **conditions**:
statements about the collaboration that must hold for that form to fit, each with a weight.

- A form's **score** (0–100) is the weighted share of its conditions that the answers meet.
- A **blocking** condition rules the form out when it is not met: its score becomes 0, whatever
  else holds. Public-sector constraints (separate ministerial responsibilities) block joint
  venture and merger: both need one jointly owned or one merged organisation, and that would
  blur which minister answers for which task.
- **Ranking**: ruled-out forms last; then the highest score first; on equal scores the lighter
  form of the continuum comes first, because the advice is never to integrate more than the
  work needs.
- **Combination**: real collaborations mix forms (the wage-tax alliance: an alliance at its
  heart, covenants with large employers at its front, supply contracts with data users at its
  back). The rule: when the best form is one of joint responsibility (alliance, joint venture
  or merger) *and* the partners share responsibility towards the end users, then

  - parties who contribute on goodwill, outside their own core, get **covenants at the front**;
  - parties who only receive the result, one way, get **supply contracts at the back**
    (customer–supplier).

  Only those layers whose parties the answers name are suggested; without either there is no
  combination. The edge parties do not change any score: they are not partners in the core.

Nothing here touches the database or the request; texts are lazy translations.
"""

from collections.abc import Callable, Mapping
from dataclasses import MISSING, asdict, dataclass, fields
from enum import StrEnum
from typing import Any, cast

from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _

from concordia.handbook.catalogue import FORM_CONTINUUM, CollaborationForm

from .choices import Direction, Duration, Intensity, Scope

# Bump when conditions, weights or thresholds change: saved advice records the version it had.
RULES_VERSION = "1"

GOOD_FIT = 80  # a best score at or above this is a good fit
PARTIAL_FIT = 50  # at or above this a partial fit; below it, no form fits well
CLOSE_CALL = 10  # a runner-up within this many points is mentioned

Form = CollaborationForm

# The same names as the handbook's titles (one name per form across Concordia, one msgid).
FORM_LABELS: dict[CollaborationForm, Promise] = {
    Form.COVENANT: _("Covenant"),
    Form.CUSTOMER_SUPPLIER: _("Customer and supplier"),
    Form.SHARED_SERVICE_CENTRE: _("Shared service centre"),
    Form.JOINT_VENTURE: _("Joint venture"),
    Form.ALLIANCE: _("Alliance"),
    Form.MERGER: _("Merger"),
}

# The forms in which the partners carry the core together; only these anchor a combination.
JOINT_FORMS = frozenset({Form.JOINT_VENTURE, Form.ALLIANCE, Form.MERGER})


class InvalidAnswers(ValueError):
    """Answers that do not fit the questionnaire; ``errors`` maps each field to a code."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__(", ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = dict(errors)


@dataclass(frozen=True)
class Answers:
    """What the questionnaire asks about the (intended) collaboration.

    The last two questions are about parties around the core, not partners in it; they only
    shape the combination advice, so they default to "no".
    """

    intensity: Intensity
    scope: Scope
    separable: bool  # can the joint work be separated from the partners' core processes?
    duration: Duration
    direction: Direction  # one-way supply, or joint responsibility towards end users
    shared_ownership_wanted: bool
    public_sector_constraints: bool  # separate ministerial responsibilities and the like
    product_unambiguous: bool
    predictable_future: bool
    goodwill_parties: bool = False  # parties who contribute on goodwill, outside their core
    receiving_parties: bool = False  # parties who only receive the result (e.g. data users)

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON values (enum members become their string keys)."""
        return {key: (str(value) if isinstance(value, str) else value)
                for key, value in asdict(self).items()}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Answers":
        """Build answers from plain values; raises InvalidAnswers naming every bad field."""
        choices: dict[str, type[StrEnum]] = {
            "intensity": Intensity, "scope": Scope, "duration": Duration,
            "direction": Direction}
        errors: dict[str, str] = {}
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in data:
                if f.default is not MISSING:  # an optional question
                    continue
                errors[f.name] = "required"
                continue
            raw = data[f.name]
            if f.name in choices:
                enum = choices[f.name]
                if not isinstance(raw, str) or raw not in enum._value2member_map_:
                    errors[f.name] = "invalid_choice"
                    continue
                values[f.name] = enum(raw)
            elif isinstance(raw, bool):
                values[f.name] = raw
            else:
                errors[f.name] = "not_boolean"
        unknown = set(data) - {f.name for f in fields(cls)}
        errors.update(dict.fromkeys(sorted(unknown), "unknown"))
        if errors:
            raise InvalidAnswers(errors)
        return cls(**values)


# --- conditions ------------------------------------------------------------------------------

Test = Callable[[Answers], bool]

# code → (statement, test). A code means the same thing in every form that uses it.
CONDITIONS: dict[str, tuple[Promise, Test]] = {
    "goodwill_intent": (
        _("The collaboration is light: a shared intention, carried by goodwill"),
        lambda a: a.intensity == Intensity.LIGHT),
    "outside_core": (
        _("The joint work lies outside the partners' core activities"),
        lambda a: a.scope == Scope.OUTSIDE_CORE),
    "no_defined_product": (
        _("No precisely defined product has to change hands"),
        lambda a: not a.product_unambiguous),
    "no_shared_ownership": (
        _("Nobody needs to own the joint work together with the others"),
        lambda a: not a.shared_ownership_wanted),
    "one_way_supply": (
        _("The work flows one way: one party supplies, the other receives"),
        lambda a: a.direction == Direction.ONE_WAY),
    "unambiguous_product": (
        _("The product or service can be described unambiguously"),
        lambda a: a.product_unambiguous),
    "predictable_future": (
        _("The future is predictable enough to fix the terms in advance"),
        lambda a: a.predictable_future),
    "not_intensive": (
        _("The collaboration needs no intensive joint effort"),
        lambda a: a.intensity != Intensity.INTENSIVE),
    "supporting_processes": (
        _("The joint work concerns supporting processes, not core activities"),
        lambda a: a.scope == Scope.SUPPORTING),
    "separable": (
        _("The joint work can be separated from the partners' own core processes"),
        lambda a: a.separable),
    "enough_to_bundle": (
        _("There is enough joint work to be worth bundling or organising apart"),
        lambda a: a.intensity != Intensity.LIGHT),
    "lasting": (
        _("It is meant to last beyond the short term"),
        lambda a: a.duration != Duration.SHORT),
    "no_public_constraints": (
        _("No separate ministerial responsibilities stand in the way of one joint "
          "organisation"),
        lambda a: not a.public_sector_constraints),
    "shared_ownership": (
        _("The partners want to own the joint work together"),
        lambda a: a.shared_ownership_wanted),
    "business_of_its_own": (
        _("The joint work can stand as a business of its own: not a supporting process and "
          "not the whole core"),
        lambda a: a.scope in (Scope.OUTSIDE_CORE, Scope.PART_OF_CORE)),
    "most_of_core": (
        _("The partners' core activities overlap for the most part"),
        lambda a: a.scope == Scope.MOST_OF_CORE),
    "intensive": (
        _("The collaboration is intensive: more than supply or a declaration of intent"),
        lambda a: a.intensity == Intensity.INTENSIVE),
    "long_term": (
        _("It is meant for the long term"),
        lambda a: a.duration == Duration.LONG),
    "inseparable": (
        _("The joint work cannot be separated from the partners' core processes"),
        lambda a: not a.separable),
    "core_sub_area": (
        _("It concerns one sub-area of the core activities, not all of them"),
        lambda a: a.scope == Scope.PART_OF_CORE),
    "joint_responsibility": (
        _("The partners share responsibility towards the end users"),
        lambda a: a.direction == Direction.JOINT),
    "independence_kept": (
        _("Each partner keeps its own ownership and independence"),
        lambda a: not a.shared_ownership_wanted),
    "dynamic_environment": (
        _("The future is uncertain, so agreements must be managed as things change rather "
          "than fixed once"),
        lambda a: not a.predictable_future),
}


@dataclass(frozen=True)
class Requirement:
    code: str
    weight: int
    blocking: bool = False


R = Requirement
# Which conditions make each form fit, and how much each weighs.
FORM_CONDITIONS: dict[CollaborationForm, tuple[Requirement, ...]] = {
    Form.COVENANT: (
        R("goodwill_intent", 2), R("outside_core", 2), R("no_defined_product", 1),
        R("no_shared_ownership", 1)),
    Form.CUSTOMER_SUPPLIER: (
        R("one_way_supply", 2), R("unambiguous_product", 2), R("predictable_future", 2),
        R("not_intensive", 1), R("no_shared_ownership", 1)),
    Form.SHARED_SERVICE_CENTRE: (
        R("supporting_processes", 3), R("separable", 2), R("enough_to_bundle", 1),
        R("lasting", 1)),
    Form.JOINT_VENTURE: (
        R("no_public_constraints", 1, blocking=True), R("shared_ownership", 3),
        R("separable", 2), R("business_of_its_own", 1), R("enough_to_bundle", 1),
        R("lasting", 1)),
    Form.ALLIANCE: (
        R("intensive", 2), R("core_sub_area", 2), R("inseparable", 2),
        R("joint_responsibility", 2), R("long_term", 1), R("independence_kept", 1),
        R("dynamic_environment", 1)),
    Form.MERGER: (
        R("no_public_constraints", 1, blocking=True), R("most_of_core", 3), R("intensive", 2),
        R("long_term", 1), R("inseparable", 1), R("shared_ownership", 1)),
}


# --- results ---------------------------------------------------------------------------------


def _format(template: Promise, **params: Any) -> Promise:
    """A lazy "%(name)s" formatting: translated in the language active when it is shown."""
    def render() -> str:
        return str(template) % {key: str(value) for key, value in params.items()}
    # lazy() answers a Promise that renders when shown; django-stubs types it as render's str.
    return cast(Promise, lazy(render, str)())


class Fit(StrEnum):
    GOOD = "good"
    PARTIAL = "partial"
    POOR = "poor"


@dataclass(frozen=True)
class ConditionResult:
    code: str
    text: Promise
    weight: int
    blocking: bool
    met: bool

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "text": str(self.text), "weight": self.weight,
                "blocking": self.blocking}


@dataclass(frozen=True)
class FormScore:
    form: CollaborationForm
    score: int  # 0–100
    ruled_out: bool
    conditions: tuple[ConditionResult, ...]

    @property
    def label(self) -> Promise:
        return FORM_LABELS[self.form]

    @property
    def met(self) -> tuple[ConditionResult, ...]:
        return tuple(c for c in self.conditions if c.met)

    @property
    def unmet(self) -> tuple[ConditionResult, ...]:
        return tuple(c for c in self.conditions if not c.met)

    def as_dict(self) -> dict[str, Any]:
        return {"form": str(self.form), "label": str(self.label), "score": self.score,
                "ruled_out": self.ruled_out, "met": [c.as_dict() for c in self.met],
                "unmet": [c.as_dict() for c in self.unmet]}


class Position(StrEnum):
    FRONT = "front"  # parties who feed the core: input on goodwill
    CORE = "core"
    BACK = "back"  # parties who take the result


@dataclass(frozen=True)
class Layer:
    position: Position
    form: CollaborationForm
    text: Promise

    @property
    def label(self) -> Promise:
        return FORM_LABELS[self.form]

    def as_dict(self) -> dict[str, Any]:
        return {"position": str(self.position), "form": str(self.form),
                "label": str(self.label), "text": str(self.text)}


@dataclass(frozen=True)
class Combination:
    summary: Promise
    layers: tuple[Layer, ...]  # front to back

    def as_dict(self) -> dict[str, Any]:
        return {"summary": str(self.summary), "layers": [la.as_dict() for la in self.layers]}


@dataclass(frozen=True)
class Note:
    code: str
    text: Promise

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "text": str(self.text)}


@dataclass(frozen=True)
class Advice:
    """The best-fitting form, the whole ranking, why, and a mix of forms where one fits."""

    form: CollaborationForm
    ranking: tuple[FormScore, ...]  # all six forms, best first
    fit: Fit
    summary: Promise
    combination: Combination | None
    notes: tuple[Note, ...]

    @property
    def best(self) -> FormScore:
        return self.ranking[0]

    @property
    def label(self) -> Promise:
        return FORM_LABELS[self.form]

    @property
    def score(self) -> int:
        return self.best.score

    @property
    def met(self) -> tuple[ConditionResult, ...]:
        return self.best.met

    @property
    def unmet(self) -> tuple[ConditionResult, ...]:
        return self.best.unmet

    def as_dict(self) -> dict[str, Any]:
        """A JSON snapshot with the texts in the language active now."""
        return {
            "rules_version": RULES_VERSION, "form": str(self.form), "label": str(self.label),
            "score": self.score, "fit": str(self.fit), "summary": str(self.summary),
            "met": [c.as_dict() for c in self.met], "unmet": [c.as_dict() for c in self.unmet],
            "ranking": [s.as_dict() for s in self.ranking],
            "combination": self.combination.as_dict() if self.combination else None,
            "notes": [n.as_dict() for n in self.notes],
        }


# --- the advice ------------------------------------------------------------------------------


def score_form(form: CollaborationForm, answers: Answers) -> FormScore:
    """How well one form fits: the weighted share of its conditions met, 0 when ruled out."""
    results = []
    for req in FORM_CONDITIONS[form]:
        text, test = CONDITIONS[req.code]
        results.append(ConditionResult(req.code, text, req.weight, req.blocking, test(answers)))
    ruled_out = any(r.blocking and not r.met for r in results)
    total = sum(r.weight for r in results)
    met = sum(r.weight for r in results if r.met)
    score = 0 if ruled_out else round(100 * met / total)
    return FormScore(form, score, ruled_out, tuple(results))


def rank(scores: list[FormScore]) -> tuple[FormScore, ...]:
    """Ruled-out forms last; then highest score; ties go to the lighter form."""
    order = {form: index for index, form in enumerate(FORM_CONTINUUM)}
    return tuple(sorted(scores, key=lambda s: (s.ruled_out, -s.score, order[s.form])))


def fit_of(score: int) -> Fit:
    if score >= GOOD_FIT:
        return Fit.GOOD
    if score >= PARTIAL_FIT:
        return Fit.PARTIAL
    return Fit.POOR


def combination_for(best: CollaborationForm, answers: Answers) -> Combination | None:
    """The mix of forms the module docstring describes, or None."""
    if best not in JOINT_FORMS or answers.direction != Direction.JOINT:
        return None
    if not (answers.goodwill_parties or answers.receiving_parties):
        return None
    layers = []
    if answers.goodwill_parties:
        layers.append(Layer(Position.FRONT, Form.COVENANT, _(
            "Covenants at the front, with parties who contribute on goodwill outside their own "
            "core activities (for example large employers or software vendors): a declaration "
            "of intent is enough for them.")))
    layers.append(Layer(Position.CORE, best, _format(_(
        "%(form)s at the core, for the partners who share responsibility towards the end "
        "users."), form=FORM_LABELS[best])))
    if answers.receiving_parties:
        layers.append(Layer(Position.BACK, Form.CUSTOMER_SUPPLIER, _(
            "Supply contracts at the back, with parties who only receive the result (for "
            "example data users): one-way traffic with a product that can be described "
            "precisely.")))
    return Combination(_(
        "Combine forms: not everyone around the collaboration needs to share its core "
        "responsibility. Give each group the lightest form that serves it."), tuple(layers))


def _summary(best: FormScore, fit: Fit) -> Promise:
    params = {"form": best.label, "met": len(best.met), "total": len(best.conditions)}
    if fit == Fit.GOOD:
        return _format(_("Best fit: %(form)s. It meets %(met)s of its %(total)s conditions."),
                       **params)
    if fit == Fit.PARTIAL:
        return _format(_(
            "Best fit, but only in part: %(form)s. It meets %(met)s of its %(total)s "
            "conditions; talk through the ones it misses before you choose."), **params)
    return _format(_(
        "No form fits well. Closest: %(form)s, which meets %(met)s of its %(total)s "
        "conditions; reconsider what the partners want to achieve together."), **params)


def _notes(answers: Answers, ranking: tuple[FormScore, ...]) -> tuple[Note, ...]:
    notes = []
    if answers.public_sector_constraints:
        notes.append(Note("public_sector_rules_out", _(
            "Joint venture and merger are ruled out. Each public body answers to its own "
            "minister and, through the minister, to parliament. A jointly owned company or one "
            "merged organisation would blur who answers for which task, so the partners keep "
            "their own organisations and collaborate across them.")))
    best, runner_up = ranking[0], ranking[1]
    if not runner_up.ruled_out and best.score - runner_up.score <= CLOSE_CALL:
        notes.append(Note("close_call", _format(_(
            "%(form)s comes close with a score of %(score)s: weigh both before you choose."),
            form=runner_up.label, score=runner_up.score)))
    return tuple(notes)


def advise(answers: Answers) -> Advice:
    """Score all six forms against the answers and advise the best fit, with reasons."""
    ranking = rank([score_form(form, answers) for form in FORM_CONTINUUM])
    best = ranking[0]
    fit = fit_of(best.score)
    return Advice(form=best.form, ranking=ranking, fit=fit, summary=_summary(best, fit),
                  combination=combination_for(best.form, answers),
                  notes=_notes(answers, ranking))


# The reference case: the alliance for data and tax on wages (see DOMAIN.md).
WAGE_TAX_CASE = Answers(
    intensity=Intensity.INTENSIVE, scope=Scope.PART_OF_CORE, separable=False,
    duration=Duration.LONG, direction=Direction.JOINT, shared_ownership_wanted=False,
    public_sector_constraints=True, product_unambiguous=False, predictable_future=False,
    goodwill_parties=True, receiving_parties=True,
)
