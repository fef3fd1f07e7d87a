"""Forms of the report pages: opening a report for a period, a partner's section and the
overall part (each with the version it was read at)."""

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from concordia.core.ids import MAX_ID

from . import rules
from .choices import ReportPeriod

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise


class ReportOpenForm(forms.Form):
    kind = forms.ChoiceField(label=_("Period"), choices=ReportPeriod.choices)
    year = forms.IntegerField(label=_("Year"), min_value=rules.YEAR_MIN,
                              max_value=rules.YEAR_MAX)
    number = forms.IntegerField(label=_("Number within the year"), min_value=1, max_value=4,
                                help_text=_("Quarter 1 to 4, half-year 1 or 2, year 1."))


def _text(label: "_StrPromise") -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=rules.TEXT_MAX,
                           widget=forms.Textarea(attrs={"rows": 6}), strip=False)


class SectionForm(forms.Form):
    progress = _text(_("Progress on our activities"))
    bottlenecks = _text(_("Bottlenecks"))
    coordination = _text(_("Coordination with the others"))
    news = _text(_("News the others need to hear, good or bad"))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=MAX_ID)


class OverallForm(forms.Form):
    overall = _text(_("Overall part"))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=MAX_ID)
