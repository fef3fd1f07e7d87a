"""Forms of the plan pages: a year's plan, an objective, an activity, a partner's deployment
per level, an actual, the proposal for adoption and an adjustment's reason."""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from concordia.accounts.models import Person
from concordia.alliances.choices import Level
from concordia.alliances.models import Partner
from concordia.core.forms import DateInput, choice_field
from concordia.handbook.catalogue import Block
from concordia.handbook.texts import BUILDING_BLOCKS

from . import rules
from .services import EffortInput


class PlanStartForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=rules.YEAR_MIN,
                              max_value=rules.YEAR_MAX)


class ObjectiveForm(forms.Form):
    title = forms.CharField(label=_("Objective of the year"), max_length=rules.TITLE_MAX)
    description = forms.CharField(label=_("Description"), required=False,
                                  max_length=rules.TEXT_MAX, widget=forms.Textarea)


class ActivityForm(forms.Form):
    title = forms.CharField(label=_("Activity"), max_length=rules.TITLE_MAX)
    description = forms.CharField(label=_("Description"), required=False,
                                  max_length=rules.TEXT_MAX, widget=forms.Textarea)
    owner_partner = forms.ChoiceField(label=_("Owner (partner)"), required=False)
    owner_person = forms.ChoiceField(label=_("Owner (person)"), required=False)
    starts_on = forms.DateField(label=_("From"), widget=DateInput())
    ends_on = forms.DateField(label=_("To"), widget=DateInput())
    block = forms.ChoiceField(label=_("Building block it develops"))

    def __init__(self, *args: Any, partners: Sequence[Partner] = (),
                 people: Sequence[Person] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._partners = {str(p.pk): p for p in partners}
        self._people = {str(p.pk): p for p in people}
        choice_field(self, "owner_partner").choices = [("", _("no partner")), *(
            (k, str(p.organisation)) for k, p in self._partners.items())]
        choice_field(self, "owner_person").choices = [("", _("no person")), *(
            (k, p.full_name or p.email) for k, p in self._people.items())]
        choice_field(self, "block").choices = [("", _("choose a building block")), *(
            (b.value, BUILDING_BLOCKS[b].title) for b in Block)]

    def owners(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"owner_partner": self._partners.get(data.get("owner_partner") or ""),
                "owner_person": self._people.get(data.get("owner_person") or "")}


class _HundredthsField(forms.CharField):
    """A number with at most two decimals ("1,5" or "1.50"), kept in hundredths."""

    def to_python(self, value: Any) -> int:  # type: ignore[override]  # hundredths, not text
        text = super().to_python(value)
        if not text:
            return 0
        parsed = rules.parse_hundredths(text)
        if parsed is None:
            raise forms.ValidationError(_("Give a number of zero or more with at most two "
                                          "decimals."))
        return parsed


def _effort_fields(prefix: str, label: str) -> dict[str, forms.Field]:
    return {
        f"{prefix}people": forms.IntegerField(label=_("People"), required=False, min_value=0,
                                              max_value=rules.PEOPLE_MAX),
        f"{prefix}hours": forms.IntegerField(label=_("Hours"), required=False, min_value=0,
                                             max_value=rules.HOURS_MAX),
        f"{prefix}fte": _HundredthsField(label=_("FTE"), required=False,
                                         help_text=_("e.g. 0,5")),
        f"{prefix}money": _HundredthsField(label=_("Money (euros)"), required=False),
        f"{prefix}description": forms.CharField(
            label=_("What it deploys (%(level)s)") % {"level": label}, required=False,
            max_length=rules.TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2})),
    }


def _effort(data: dict[str, Any], prefix: str) -> EffortInput:
    return EffortInput(people=data.get(f"{prefix}people") or 0,
                       hours=data.get(f"{prefix}hours") or 0,
                       fte_hundredths=data.get(f"{prefix}fte") or 0,
                       money_cents=data.get(f"{prefix}money") or 0,
                       description=data.get(f"{prefix}description") or "")


class DeploymentForm(forms.Form):
    """What one partner commits to an activity, a group of fields per level."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for level, label in Level.choices:
            self.fields.update(_effort_fields(f"{level}_", str(label)))

    def levels(self) -> dict[str, EffortInput]:
        return {level: _effort(self.cleaned_data, f"{level}_") for level in Level.values}

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The fields per level, for a fieldset each."""
        return [(str(label), [self[name] for name in self.fields
                              if name.startswith(f"{level}_")])
                for level, label in Level.choices]

    @staticmethod
    def initial_from(deployments: dict[str, Any]) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for level, d in deployments.items():
            initial.update({f"{level}_people": d.people, f"{level}_hours": d.hours,
                            f"{level}_fte": rules.format_hundredths(d.fte_hundredths),
                            f"{level}_money": rules.format_hundredths(d.money_cents),
                            f"{level}_description": d.description})
        return initial


class ActualForm(forms.Form):
    """What the person's partner actually deployed on an activity so far, and its progress."""

    people = forms.IntegerField(label=_("People"), required=False, min_value=0,
                                max_value=rules.PEOPLE_MAX)
    hours = forms.IntegerField(label=_("Hours"), required=False, min_value=0,
                               max_value=rules.HOURS_MAX)
    fte = _HundredthsField(label=_("FTE"), required=False, help_text=_("e.g. 0,5"))
    money = _HundredthsField(label=_("Money (euros)"), required=False)
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    note = forms.CharField(label=_("Note"), required=False, max_length=rules.TEXT_MAX,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def effort(self) -> EffortInput:
        data = self.cleaned_data
        return EffortInput(people=data.get("people") or 0, hours=data.get("hours") or 0,
                           fte_hundredths=data.get("fte") or 0,
                           money_cents=data.get("money") or 0,
                           description=data.get("note") or "")


class ProposeForm(forms.Form):
    """Propose a version for adoption: to the board by a written procedure with a deadline
    (when the alliance has a board), else for an endorsement of every partner."""

    deadline = forms.DateField(label=_("The board decides by"), required=False,
                               widget=DateInput())

    def __init__(self, *args: Any, has_board: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not has_board:
            del self.fields["deadline"]
        else:
            self.fields["deadline"].required = True

    def deadline_at(self) -> dt.datetime | None:
        day = self.cleaned_data.get("deadline")
        if day is None:
            return None
        return dt.datetime.combine(day, dt.time(23, 59), tzinfo=timezone.get_current_timezone())


class AdjustForm(forms.Form):
    reason = forms.CharField(label=_("Why the plan is adjusted"), max_length=rules.TEXT_MAX,
                             widget=forms.Textarea)
