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
from .choices import BodyKind, ChairRule, DecisionRule
from .models import Body

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


class BodyForm(forms.Form):
    """A body's settings. On the edit page, a position in the chair's rotation for each
    partner with a seat (``rotation_<partner id>``)."""

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
    decision_rule = forms.ChoiceField(label=_("Decision rule"), choices=DecisionRule.choices,
                                      help_text=_("One vote per partner in each case."))
    secretary = ObjectChoiceField(label=_("Secretary"), required=False,
                                  empty_label=_("— nobody —"),
                                  help_text=_("Drafts the minutes and orders the agenda with "
                                              "the chair (usually the alliance agency)."))

    def __init__(self, *args: Any, people: Sequence[Person] = (),
                 rotation: Sequence[Partner] = (), body: Body | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _object_field(self, "chair_person").offer(people)
        _object_field(self, "secretary").offer(people)
        self.rotation_partners = list(rotation)
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
                "decision_rule": body.decision_rule, "secretary": body.secretary_id,
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
