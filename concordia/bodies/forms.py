from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from concordia.accounts.models import Person
from concordia.alliances.choices import Level
from concordia.alliances.models import Partner
from concordia.core.fields import NameField, version_field
from concordia.core.forms import choice_field

from . import rules
from .choices import BodyKind, ChairRule, DecisionRule, MajorityBasis, QuorumBasis, VotingUnit
from .models import Body

# The rule's fields beside what carries (decision_rule), as forms and services name them.
RULE_FORM_FIELDS = ("voting_unit", "majority_basis", "qualified_numerator",
                    "qualified_denominator", "quorum_percent", "quorum_basis", "secret_ballot")

# A tri-state on the set-up page: the kind's usual answer unless the alliance says otherwise.
SUBSTITUTES_CHOICES = [
    ("", _("As usual for the kind (board and tactical table: no; other bodies: yes)")),
    ("yes", _("Yes: a substitute may attend in the holder's place")),
    ("no", _("No: the holder attends in person")),
]


class ObjectChoiceField(forms.ChoiceField):
    """A choice among objects the page already holds (people, partners): offered by id, read
    back as the object, with no query per field — a page with many seats stays flat."""

    def __init__(self, *, empty_label: Any = "—", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.empty_label = empty_label
        self.objects: dict[str, Any] = {}

    def offer(self, objects: Sequence[Any], label: Any = str) -> None:
        self.objects = {str(o.pk): o for o in objects}
        choices: list[tuple[str, Any]] = [] if self.required else [("", self.empty_label)]
        self.choices = choices + [(key, label(o)) for key, o in self.objects.items()]

    def clean(self, value: Any) -> Any:
        key = super().clean(value)
        return self.objects.get(key) if key else None


def _object_field(form: forms.BaseForm, name: str) -> ObjectChoiceField:
    field = form.fields[name]
    if not isinstance(field, ObjectChoiceField):
        raise TypeError(f"{type(form).__name__}.{name} is not an object choice field")
    return field


def partner_name(partner: Partner) -> str:
    return partner.organisation.name


class DecisionRuleForm(forms.Form):
    """A body's decision rule: what carries, and the rest; a weight for each partner given
    (``weight_<partner id>``, only counted when the body votes per partner)."""

    decision_rule = forms.ChoiceField(label=_("Decision rule"), choices=DecisionRule.choices,
                                      help_text=_("What carries a proposal. A proposal is "
                                                  "counted under the rule as it stood when it "
                                                  "was put."))
    # The rest of the decision rule; left empty, a new body takes the usual value and a body
    # being changed keeps its own.
    voting_unit = forms.ChoiceField(
        label=_("Who votes"), choices=VotingUnit.choices, required=False,
        help_text=_("One vote per partner (cast by the seat holder, substitute or a delegate "
                    "the partner names), per seat, or per person holding a seat."))
    majority_basis = forms.ChoiceField(
        label=_("Majority"), choices=MajorityBasis.choices, required=False,
        help_text=_("Only for a simple or qualified majority: the votes, or the partners' "
                    "weight."))
    qualified_numerator = forms.IntegerField(
        label=_("Qualified majority: at least"), min_value=1, max_value=rules.SHARE_PART_MAX,
        required=False, help_text=_("The share of the votes for and against that a qualified "
                                    "majority needs, e.g. 2 out of 3."))
    qualified_denominator = forms.IntegerField(label=_("out of"), min_value=1,
                                               max_value=rules.SHARE_PART_MAX, required=False)
    quorum_percent = forms.IntegerField(
        label=_("Quorum (per cent)"), min_value=0, max_value=100, required=False,
        help_text=_("The share of the voting units that must take part; 0: no quorum."))
    quorum_basis = forms.ChoiceField(label=_("The quorum counts"), choices=QuorumBasis.choices,
                                     required=False)
    secret_ballot = forms.BooleanField(
        label=_("Secret ballots by default"), required=False,
        help_text=_("The votes are shown only once a decision closes."))

    def __init__(self, *args: Any, weight_partners: Sequence[Partner] = (),
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.weight_partners = list(weight_partners)
        for partner in self.weight_partners:
            self.fields[f"weight_{partner.pk}"] = forms.IntegerField(
                label=_("Weight of %(partner)s") % {"partner": partner.organisation.name},
                min_value=rules.WEIGHT_MIN, max_value=rules.WEIGHT_MAX, required=False,
                help_text=_("1 unless the partners agreed otherwise; more than 1 lets the "
                            "partner split its vote."))

    def rule_field_names(self) -> list[str]:
        return ["decision_rule", *RULE_FORM_FIELDS,
                *(f"weight_{p.pk}" for p in self.weight_partners)]

    def settle_rule(self) -> None:
        """Show the rule without letting it change: a disabled field keeps its initial value,
        whatever is sent."""
        for name in self.rule_field_names():
            self.fields[name].disabled = True

    def decision_rule_fields(self) -> dict[str, Any]:
        """The rest of the decision rule as the services take it: an empty field is None
        (the usual value for a new body, the body's own when it is changed)."""
        data = self.cleaned_data
        fields: dict[str, Any] = {
            name: (data.get(name) if data.get(name) not in ("", None) else None)
            for name in ("voting_unit", "majority_basis", "qualified_numerator",
                         "qualified_denominator", "quorum_percent", "quorum_basis")}
        fields["secret_ballot"] = bool(data.get("secret_ballot"))
        if self.weight_partners:
            fields["weights"] = {str(p.pk): data.get(f"weight_{p.pk}") or 1
                                 for p in self.weight_partners}
        return fields

    @staticmethod
    def initial_rule(body: Body) -> dict[str, Any]:
        return {"decision_rule": body.decision_rule, "voting_unit": body.voting_unit,
                "majority_basis": body.majority_basis,
                "qualified_numerator": body.qualified_numerator,
                "qualified_denominator": body.qualified_denominator,
                "quorum_percent": body.quorum_percent, "quorum_basis": body.quorum_basis,
                "secret_ballot": body.secret_ballot,
                **{f"weight_{k}": v for k, v in dict(body.weights).items()}}


class BodyForm(DecisionRuleForm):
    """A body's settings. On the edit page, a position in the chair's rotation for each
    partner with a seat (``rotation_<partner id>``). Once proposals have been put to the body
    (``rule_settled``), its decision rule is shown but no longer changed here: a decision of
    the body changes it (docs/decisions/0013)."""

    field_order = ["name", "kind", "level", "mandate", "substitutes_may_attend", "chair_rule",
                   "chair_person", "decision_rule", "secretary"]

    name = NameField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=BodyKind.choices)
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    mandate = forms.CharField(label=_("Mandate"), required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=_("What the body decides or prepares, for whom."))
    substitutes_may_attend = forms.ChoiceField(label=_("Substitutes may attend"),
                                               choices=SUBSTITUTES_CHOICES, required=False)
    chair_rule = forms.ChoiceField(label=_("Chair"), choices=ChairRule.choices,
                                   widget=forms.RadioSelect)
    chair_person = ObjectChoiceField(label=_("Fixed chair"), required=False,
                                     empty_label=_("— nobody —"),
                                     help_text=_("Only with a fixed chair: a person with a role "
                                                 "in the alliance."))
    secretary = ObjectChoiceField(label=_("Secretary"), required=False,
                                  empty_label=_("— nobody —"),
                                  help_text=_("Drafts the minutes and orders the agenda with "
                                              "the chair (usually the alliance agency)."))

    def __init__(self, *args: Any, people: Sequence[Person] = (),
                 rotation: Sequence[Partner] = (), body: Body | None = None,
                 rule_settled: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, weight_partners=rotation, **kwargs)
        _object_field(self, "chair_person").offer(people)
        _object_field(self, "secretary").offer(people)
        self.rotation_partners = list(rotation)
        if rule_settled:
            self.settle_rule()
        if body is not None:
            choice_field(self, "substitutes_may_attend").choices = SUBSTITUTES_CHOICES[1:]
            self.fields["substitutes_may_attend"].required = True
            self.fields["version"] = version_field(1)
        for number, partner in enumerate(self.rotation_partners, start=1):
            self.fields[f"rotation_{partner.pk}"] = forms.IntegerField(
                label=_("Turn of %(partner)s in the rotation") % {
                    "partner": partner.organisation.name},
                min_value=1, max_value=999, initial=number)

    def substitutes(self) -> bool | None:
        value = self.cleaned_data.get("substitutes_may_attend") or ""
        return None if value == "" else value == "yes"

    def rotation(self) -> list[int] | None:
        """The rotation the page sent (partner ids), or None on a page without seats."""
        if not self.rotation_partners:
            return None
        positions = {p.pk: self.cleaned_data[f"rotation_{p.pk}"] for p in self.rotation_partners}
        return rules.rotation_from_positions(positions, [p.pk for p in self.rotation_partners])

    @staticmethod
    def initial_for(body: Body) -> dict[str, Any]:
        return {"name": body.name, "kind": body.kind, "level": body.level,
                "mandate": body.mandate,
                "substitutes_may_attend": "yes" if body.substitutes_may_attend else "no",
                "chair_rule": body.chair_rule, "chair_person": body.chair_person_id,
                "secretary": body.secretary_id, **DecisionRuleForm.initial_rule(body),
                "version": body.version}


class SeatAddForm(forms.Form):
    partner = ObjectChoiceField(label=_("Partner"))

    def __init__(self, *args: Any, partners: Sequence[Partner] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _object_field(self, "partner").offer(partners, partner_name)


class SeatFillForm(forms.Form):
    """Who holds one seat and who substitutes: only the seat's own partner's people are
    offered."""

    holder = ObjectChoiceField(label=_("Holder"), required=False,
                               empty_label=_("— vacant —"))
    substitute = ObjectChoiceField(label=_("Substitute"), required=False,
                                   empty_label=_("— none —"))

    def __init__(self, *args: Any, people: Sequence[Person] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _object_field(self, "holder").offer(people)
        _object_field(self, "substitute").offer(people)
