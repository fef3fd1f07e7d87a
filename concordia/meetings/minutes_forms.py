"""Forms of the minutes page: the draft, circulating, a correction, settling one, approval."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from concordia.core.fields import version_field
from concordia.core.forms import choice_field

from . import minutes_rules as rules
from .models import AgendaItem


def revision_field() -> forms.IntegerField:
    """The minutes' revision the editor saw (0: no minutes yet); a change in between is
    refused."""
    return version_field(0)


class MinutesDraftForm(forms.Form):
    """A summary and a note per agenda item (the items the writer may see)."""

    summary = forms.CharField(label=_("Summary"), required=False, max_length=rules.SUMMARY_MAX,
                              widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=_("What the meeting was about and what it agreed."))
    revision = revision_field()

    def __init__(self, *args: Any, items: Sequence[AgendaItem] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            label = (_("Note on %(item)s (confidential)") if item.confidential
                     else _("Note on %(item)s")) % {"item": item.title}
            self.fields[f"note_{item.pk}"] = forms.CharField(
                label=label, required=False, max_length=rules.NOTE_MAX,
                widget=forms.Textarea(attrs={"rows": 3}))

    def notes(self) -> dict[str, str]:
        return {str(item.pk): self.cleaned_data.get(f"note_{item.pk}", "") or ""
                for item in self.items}


class CirculateForm(forms.Form):
    days = forms.IntegerField(label=_("Days for corrections"), min_value=1,
                              max_value=rules.MAX_CORRECTION_DAYS,
                              initial=rules.DEFAULT_CORRECTION_DAYS,
                              help_text=_("Those present may propose corrections until then."))
    revision = revision_field()


class CorrectionForm(forms.Form):
    agenda_item = forms.ChoiceField(label=_("On"), required=False)
    text = forms.CharField(label=_("Proposed correction"), max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, items: Sequence[AgendaItem] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._items = {str(item.pk): item for item in items}
        choice_field(self, "agenda_item").choices = [
            ("", _("The minutes as a whole")),
            *((key, item.title) for key, item in self._items.items())]

    def item(self) -> AgendaItem | None:
        return self._items.get(self.cleaned_data.get("agenda_item") or "")


class ResolveForm(forms.Form):
    DECISIONS = [("accept", _("Take it over")), ("decline", _("Do not take it over"))]

    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS,
                                 widget=forms.RadioSelect)
    text = forms.CharField(label=_("New text"), required=False, max_length=rules.NOTE_MAX,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("When taking it over: the text as it will read in the "
                                       "new version. Left empty, the text stays as it is."))
    revision = revision_field()


class ApproveForm(forms.Form):
    revision = revision_field()
