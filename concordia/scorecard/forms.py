"""Forms of the scorecard pages: an indicator (new or changed), retiring it, a target, a
measurement and an upload."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from concordia.accounts.models import Person
from concordia.alliances.models import Partner
from concordia.core.fields import NameField, version_field
from concordia.core.forms import choice_field
from concordia.handbook.catalogue import Kind
from concordia.handbook.texts import items

from . import importing, rules
from .choices import Direction, PeriodKind


class IndicatorForm(forms.Form):
    """A new key performance indicator, with its first target (optional)."""

    name = NameField(label=_("Name"), max_length=rules.NAME_MAX)
    definition = forms.CharField(label=_("Definition"), max_length=rules.TEXT_MAX,
                                 widget=forms.Textarea(attrs={"rows": 3}),
                                 help_text=_("What is measured, how, and what counts."))
    unit = forms.CharField(label=_("Unit"), max_length=rules.UNIT_MAX,
                           help_text=_("For example %, days or EUR million."))
    direction = forms.ChoiceField(label=_("Which way is better"), choices=Direction.choices,
                                  widget=forms.RadioSelect)
    period_kind = forms.ChoiceField(label=_("Measured per"), choices=PeriodKind.choices,
                                    initial=PeriodKind.QUARTER)
    owner_partner = forms.ChoiceField(label=_("Owning partner"),
                                      help_text=_("Its people enter the values."))
    owner_person = forms.ChoiceField(label=_("Owner (person)"), required=False)
    source = forms.CharField(label=_("Source"), max_length=rules.SOURCE_MAX, required=False,
                             help_text=_("Where the numbers come from."))
    pillar = forms.ChoiceField(label=_("Pillar it serves"), required=False)
    objective = forms.CharField(label=_("Objective it serves"), max_length=rules.SOURCE_MAX,
                                required=False)
    tolerance = forms.DecimalField(label=_("Tolerance (%)"), min_value=0, max_value=100,
                                   max_digits=5, decimal_places=2,
                                   initial=rules.DEFAULT_TOLERANCE,
                                   help_text=_("How far from the target a value is at risk "
                                               "rather than off track."))
    target = forms.CharField(label=_("Target"), required=False, max_length=40)
    target_from = forms.CharField(label=_("Target from period"), required=False,
                                  max_length=rules.PERIOD_MAX,
                                  help_text=_("For example 2024, 2024-Q2 or 2024-05, as the "
                                              "indicator is measured."))

    def __init__(self, *args: Any, partners: Sequence[Partner] = (),
                 people: Sequence[Person] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._partners = {str(p.pk): p for p in partners}
        self._people = {str(p.pk): p for p in people}
        choice_field(self, "owner_partner").choices = [("", "—"), *(
            (str(p.pk), str(p)) for p in partners)]
        choice_field(self, "owner_person").choices = [("", "—"), *(
            (str(p.pk), str(p)) for p in people)]
        choice_field(self, "pillar").choices = [("", "—"), *(
            (i.key, f"{i.code} {i.title}") for i in items(Kind.PILLAR))]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("target") and not data.get("target_from"):
            self.add_error("target_from", _("Say from which period the target holds."))
        if data.get("target_from") and not data.get("target"):
            self.add_error("target", _("Give the target."))
        return data

    def owner_objects(self) -> tuple[Partner, Person | None]:
        """The owning partner (a required choice among the partners) and person."""
        return (self._partners[self.cleaned_data["owner_partner"]],
                self._people.get(self.cleaned_data.get("owner_person") or ""))


class IndicatorEditForm(IndicatorForm):
    """An indicator's definition changed: how it is measured (the period), its tolerance and
    its targets stay as they are (targets have their own form)."""

    version = version_field(1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("period_kind", "tolerance", "target", "target_from"):
            del self.fields[name]


class RetireForm(forms.Form):
    version = version_field(1)


class TargetForm(forms.Form):
    from_period = forms.CharField(label=_("From period"), max_length=rules.PERIOD_MAX)
    value = forms.CharField(label=_("Target"), max_length=40)


class MeasurementForm(forms.Form):
    period = forms.CharField(label=_("Period"), max_length=rules.PERIOD_MAX)
    value = forms.CharField(label=_("Value"), max_length=40,
                            help_text=_("A number; a comma or a dot as decimal sign."))
    note = forms.CharField(label=_("Note"), max_length=rules.NOTE_MAX, required=False,
                           help_text=_("Why a value is corrected, or anything readers should "
                                       "know."))


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File (CSV or XLSX)"),
                           help_text=_("Columns indicator, period, value, unit and, if you "
                                       "like, note; at most 5,000 lines and 2 MB."))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > importing.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a CSV or XLSX file."))
        return upload
