"""Forms of the evaluation pages: open a round, add a statement of the alliance's own, and the
answer form built from the round's statements."""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from concordia.alliances.choices import Level, Role
from concordia.alliances.models import Partner
from concordia.core.fields import IdMultipleChoiceField
from concordia.core.forms import DateInput, choice_field, model_choice_field
from concordia.handbook.catalogue import Dimension, Pillar
from concordia.handbook.texts import DIMENSIONS, PILLARS

from . import rules
from .instrument import OPEN_ANSWER_MAX_LENGTH
from .selectors import DimensionView, StatementView

SCALE_LABELS = [
    ("1", _("1 – strongly disagree")),
    ("2", _("2 – disagree")),
    ("3", _("3 – neither agree nor disagree")),
    ("4", _("4 – agree")),
    ("5", _("5 – strongly agree")),
]


class PartnerChoices(IdMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.organisation.name)


class RoundOpenForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=rules.YEAR_MIN,
                              max_value=rules.YEAR_MAX)
    opens_on = forms.DateField(label=_("Opens on"), widget=DateInput())
    closes_on = forms.DateField(label=_("Closes on"), widget=DateInput(),
                                help_text=_("The round closes by itself the day after."))
    statements = forms.MultipleChoiceField(
        label=_("Statements asked this year"), widget=forms.CheckboxSelectMultiple,
        help_text=_("Untick a statement to leave it out this year; it keeps its key, so "
                    "other years still compare."))
    roles = forms.MultipleChoiceField(
        label=_("Invite by role"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Nothing ticked: every role (observers and external reviewers are never "
                    "invited)."))
    levels = forms.MultipleChoiceField(
        label=_("Invite by level"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=Level.choices, help_text=_("Nothing ticked: every level."))
    partners = PartnerChoices(label=_("Invite by partner"), required=False,
                              queryset=Partner.objects.none(),
                              widget=forms.CheckboxSelectMultiple,
                              help_text=_("Nothing ticked: every partner."))

    def __init__(self, *args: Any, statements: Sequence[StatementView] = (),
                 partners: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "statements").choices = [
            (s.key, f"{s.key} — {s.text}") for s in statements]
        choice_field(self, "roles").choices = [
            (value, label) for value, label in Role.choices
            if value not in rules.NOT_INVITED_ROLES]
        if partners is not None:
            model_choice_field(self, "partners").queryset = partners
        if not self.is_bound:
            today = timezone.localdate()
            self.initial.setdefault("year", today.year)
            self.initial.setdefault("opens_on", today)
            self.initial.setdefault("closes_on", today + dt.timedelta(days=21))
            self.initial.setdefault("statements", [s.key for s in statements])


class RoundClosingForm(forms.Form):
    closes_on = forms.DateField(label=_("Closes on"), widget=DateInput(),
                                help_text=_("Later gives people more time; the round still "
                                            "stays open at most 120 days in all."))


class StatementAddForm(forms.Form):
    dimension = forms.ChoiceField(label=_("Dimension"), choices=[])
    text = forms.CharField(label=_("Statement"), max_length=300,
                           help_text=_("One sentence people score from 1 (strongly disagree) "
                                       "to 5 (strongly agree)."))
    pillars = forms.MultipleChoiceField(
        label=_("Pillars it speaks to"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[], help_text=_("Nothing ticked: the two pillars of its dimension."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "dimension").choices = [("", _("— choose —"))] + [
            (d.value, DIMENSIONS[d].title) for d in Dimension]
        choice_field(self, "pillars").choices = [(p.value, PILLARS[p].title) for p in Pillar]


def score_field_name(key: str) -> str:
    return "s-" + key.replace(".", "-")


def open_field_name(dimension: str) -> str:
    return f"open-{dimension}"


class AnswerForm(forms.Form):
    """One radio group per statement (1–5, or no answer) and an open question per dimension."""

    def __init__(self, *args: Any, dimensions: Sequence[DimensionView] = (),
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.dimensions = list(dimensions)
        self.keys: dict[str, str] = {}
        for dimension in self.dimensions:
            for statement in dimension.statements:
                name = score_field_name(statement.key)
                self.keys[name] = statement.key
                self.fields[name] = forms.ChoiceField(
                    label=str(statement.text), required=False, widget=forms.RadioSelect,
                    choices=[*SCALE_LABELS, ("", _("no answer"))], initial="")
            self.fields[open_field_name(dimension.dimension)] = forms.CharField(
                label=str(dimension.open_question), required=False,
                max_length=OPEN_ANSWER_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 3}))

    def sections(self) -> list[tuple[DimensionView, list[forms.BoundField], forms.BoundField]]:
        """Per dimension: its statements' fields and its open question's field."""
        result = []
        for dimension in self.dimensions:
            scores = [self[score_field_name(s.key)] for s in dimension.statements]
            result.append((dimension, scores, self[open_field_name(dimension.dimension)]))
        return result

    def scores(self) -> dict[str, int]:
        return {key: int(self.cleaned_data[name]) for name, key in self.keys.items()
                if self.cleaned_data.get(name)}

    def open_answers(self) -> dict[str, str]:
        return {d.dimension: self.cleaned_data.get(open_field_name(d.dimension), "")
                for d in self.dimensions}

    def field_for(self, key: str) -> str | None:
        """The field a service's refusal about a statement key or dimension belongs on."""
        if key in self.keys.values():
            return score_field_name(key)
        name = open_field_name(key)
        return name if name in self.fields else None
