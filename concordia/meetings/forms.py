"""Input of the meetings pages: planning, changing, the agenda and attendance."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from concordia.accounts.models import Person
from concordia.alliances.models import Document
from concordia.core.fields import IdChoiceField, IdMultipleChoiceField, NameField, version_field
from concordia.core.forms import model_choice_field
from concordia.core.ids import MAX_ID

from . import rules
from .choices import AttendanceStatus, Frequency, ItemKind
from .selectors import AttendanceRow
from .services import DURATION_MAX, DURATION_MIN, TIME_BOX_MAX


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


WHEN_HELP = _("Time in the Netherlands (Amsterdam).")


def when_field(label: Any) -> forms.DateTimeField:
    return forms.DateTimeField(label=label, widget=DateTimeLocalInput(), help_text=WHEN_HELP,
                               input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])


def duration_field() -> forms.IntegerField:
    return forms.IntegerField(label=_("Duration (minutes)"), initial=90, min_value=DURATION_MIN,
                              max_value=DURATION_MAX)


class MeetingPlanForm(forms.Form):
    """One meeting, or a series of them."""

    SINGLE, SERIES = "single", "series"
    plan = forms.ChoiceField(label=_("Plan"), initial=SINGLE, widget=forms.RadioSelect,
                             choices=[(SINGLE, _("one meeting")),
                                      (SERIES, _("a recurring series"))])
    starts_at = when_field(_("Starts at (the first meeting of a series)"))
    duration_minutes = duration_field()
    title = NameField(label=_("Title"), required=False, max_length=200,
                      help_text=_("Optional; the body's name and the date name it otherwise."))
    location = forms.CharField(label=_("Location"), required=False, max_length=200)
    frequency = forms.ChoiceField(label=_("Frequency (series)"), choices=Frequency.choices,
                                  initial=Frequency.MONTHLY, required=False)
    occurrences = forms.IntegerField(label=_("Number of meetings (series)"), required=False,
                                     min_value=2, max_value=rules.MAX_OCCURRENCES, initial=6)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("plan") == self.SERIES:
            if not data.get("frequency"):
                self.add_error("frequency", _("Choose how often the body meets."))
            if not data.get("occurrences"):
                self.add_error("occurrences", _("Give the number of meetings."))
        return data


class MeetingEditForm(forms.Form):
    starts_at = when_field(_("Starts at"))
    duration_minutes = duration_field()
    title = NameField(label=_("Title"), required=False, max_length=200)
    location = forms.CharField(label=_("Location"), required=False, max_length=200)
    version = version_field(1)


class MeetingCancelForm(forms.Form):
    version = version_field(1)
    confirm = forms.BooleanField(label=_("Yes, cancel this meeting"))


class AgendaItemForm(forms.Form):
    title = NameField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=ItemKind.choices,
                             initial=ItemKind.DISCUSSION)
    description = forms.CharField(label=_("Description"), required=False, max_length=4000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    owner = IdChoiceField(label=_("Owner"), queryset=Person.objects.none(), required=False,
                          empty_label=_("— nobody in particular —"))
    time_box_minutes = forms.IntegerField(label=_("Time box (minutes)"), required=False,
                                          min_value=1, max_value=TIME_BOX_MAX)
    confidential = forms.BooleanField(label=_("Confidential: only the body's members see it"),
                                      required=False)
    documents = IdMultipleChoiceField(label=_("Documents"), queryset=Document.objects.none(),
                                      required=False, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, people: Sequence[Person] = (),
                 documents: Sequence[Document] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "owner").queryset = Person.objects.filter(
            pk__in=[p.pk for p in people]).order_by("full_name", "pk")
        model_choice_field(self, "documents").queryset = Document.objects.filter(
            pk__in=[d.pk for d in documents]).order_by("title", "pk")


class AgendaItemEditForm(AgendaItemForm):
    version = version_field(1)


class ItemActionForm(forms.Form):
    """The buttons beside an item: up, down, on the agenda, withdraw."""

    ACTIONS = ("up", "down", "schedule", "withdraw")
    item = forms.IntegerField(min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)
    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS])


class ReplacementField(forms.ChoiceField):
    """The people who may take a seat (given, so no query per seat); the seat's substitute is
    named as such. Cleans to the Person, or None."""

    def __init__(self, *args: Any, people: Sequence[Person], substitute_id: int | None,
                 **kwargs: Any) -> None:
        self.people = {str(p.pk): p for p in people}
        choices = [("", _("— nobody —"))] + [
            (key, f"{p} ({_('substitute')})" if p.pk == substitute_id else str(p))
            for key, p in self.people.items()]
        super().__init__(*args, choices=choices, **kwargs)

    def clean(self, value: Any) -> Person | None:
        key = super().clean(value)
        return self.people.get(key) if key else None


class AttendanceForm(forms.Form):
    """One row per seat: the status, and who replaced the holder."""

    def __init__(self, *args: Any, rows: Sequence[AttendanceRow], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = list(rows)
        for row in self.rows:
            seat = row.seat
            record = row.record
            self.fields[f"seat_{seat.pk}"] = forms.ChoiceField(
                label=_("Attendance"), choices=AttendanceStatus.choices,
                initial=record.status if record else (
                    AttendanceStatus.PRESENT if seat.holder_id else AttendanceStatus.ABSENT))
            self.fields[f"seat_{seat.pk}_replaced_by"] = ReplacementField(
                people=row.replacement_options, substitute_id=seat.substitute_id,
                label=_("Replaced by"), required=False,
                initial=record.replaced_by_id if record else None)

    def row_fields(self) -> list[tuple[AttendanceRow, Any, Any]]:
        return [(row, self[f"seat_{row.seat.pk}"], self[f"seat_{row.seat.pk}_replaced_by"])
                for row in self.rows]

    def entries(self) -> list[tuple[Any, str, Person | None]]:
        return [(row.seat, self.cleaned_data[f"seat_{row.seat.pk}"],
                 self.cleaned_data.get(f"seat_{row.seat.pk}_replaced_by")) for row in self.rows]
