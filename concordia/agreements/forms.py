"""Forms of the agreement pages: register an agreement, change its particulars, propose a new
version (with the rows of a responsibility matrix), and the register's filters."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from concordia.accounts.models import Person
from concordia.alliances.choices import Visibility
from concordia.alliances.models import Document, Partner
from concordia.bodies.models import Body
from concordia.core.fields import IdMultipleChoiceField, NameField, version_field
from concordia.core.forms import DateInput, choice_field, model_choice_field
from concordia.decisions.models import Decision

from . import rules
from .choices import AgreementKind, AgreementStatus, Raci

VISIBILITY_CHOICES = [
    (Visibility.ALLIANCE, _("the whole alliance")),
    (Visibility.PARTNER, _("the parties (partners concerned)")),
    (Visibility.CONFIDENTIAL, _("named people only")),
]
# The code first: a narrow select still shows it.
CODE_CHOICES = [("", "—"), *((value, format_lazy("{} — {}", value, label))
                             for value, label in Raci.choices)]
# Empty rows offered below a matrix's rows; "More rows" adds as many again.
SPARE_ROWS = 5


def _date_field(label: Any) -> forms.DateField:
    return forms.DateField(label=label, required=False,
                           widget=DateInput())


class ParticularsForm(forms.Form):
    """What an agreement is about, when it runs, who reads it, what it links to."""

    title = NameField(label=_("Title"), max_length=rules.TITLE_MAX)
    summary = forms.CharField(label=_("Summary"), required=False, max_length=rules.SUMMARY_MAX,
                              widget=forms.Textarea(attrs={"rows": 3}))
    starts_on = _date_field(_("Start date"))
    ends_on = _date_field(_("End date"))
    review_on = _date_field(_("Review date"))
    visibility = forms.ChoiceField(
        label=_("Who reads it"), choices=VISIBILITY_CHOICES, widget=forms.RadioSelect,
        initial=Visibility.ALLIANCE,
        help_text=_("Like a document: the whole alliance, the people of the parties, or the "
                    "people you name. Those who sign for a party always read it."))
    audience = IdMultipleChoiceField(label=_("Named people (for named people only)"),
                                     required=False, queryset=Person.objects.none(),
                                     widget=forms.CheckboxSelectMultiple)
    documents = IdMultipleChoiceField(
        label=_("Documents"), required=False, queryset=Document.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each document keeps its own visibility: readers see those they may."))
    body = forms.ChoiceField(label=_("Body it relates to"), required=False)
    decision = forms.ChoiceField(label=_("Decision it rests on"), required=False)

    def __init__(self, *args: Any, people: Sequence[Person] = (),
                 documents: Sequence[Document] = (), bodies: Sequence[Body] = (),
                 decisions: Sequence[Decision] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "audience").queryset = Person.objects.filter(
            pk__in=[p.pk for p in people]).order_by("full_name", "pk")
        model_choice_field(self, "documents").queryset = Document.objects.filter(
            pk__in=[d.pk for d in documents]).order_by("title", "pk")
        self._bodies = {str(b.pk): b for b in bodies}
        self._decisions = {str(d.pk): d for d in decisions}
        choice_field(self, "body").choices = [("", "—"), *((str(b.pk), b.name) for b in bodies)]
        choice_field(self, "decision").choices = [("", "—"), *(
            (str(d.pk), f"{d.number}. {d.title}") for d in decisions)]

    def body_object(self) -> Body | None:
        return self._bodies.get(self.cleaned_data.get("body") or "")

    def decision_object(self) -> Decision | None:
        return self._decisions.get(self.cleaned_data.get("decision") or "")


class MatrixForm(forms.Form):
    """The rows of a responsibility matrix as plain form fields: ``row-<i>-task`` and
    ``row-<i>-<partner id>`` (—, R, A, AR, C, I), with the partners as columns."""

    rows = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0,
                              max_value=rules.MATRIX_ROWS_MAX)

    def __init__(self, *args: Any, partners: Sequence[Partner] = (), existing_rows: int = 0,
                 enabled: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.partners = list(partners) if enabled else []
        rows = rows_wanted(args[0] if args else None, existing_rows) if enabled else 0
        self.row_count = rows
        self.fields["rows"].initial = rows
        if isinstance(self.data, QueryDict):  # the page sent back offers as many rows again
            data = self.data.copy()
            data["rows"] = str(rows)
            self.data = data
        for i in range(rows):
            self.fields[f"row-{i}-task"] = forms.CharField(
                label=_("Task or chain link, row %(n)s") % {"n": i + 1}, required=False,
                max_length=rules.TASK_MAX)
            for partner in self.partners:
                self.fields[f"row-{i}-{partner.pk}"] = forms.ChoiceField(
                    label=_("%(partner)s, row %(n)s") % {"partner": partner.organisation.name,
                                                         "n": i + 1},
                    choices=CODE_CHOICES, required=False)

    def matrix_rows(self) -> list[rules.MatrixRowIn]:
        data = self.cleaned_data
        rows = []
        for i in range(self.row_count):
            cells = {p.pk: data.get(f"row-{i}-{p.pk}") or "" for p in self.partners}
            rows.append(rules.MatrixRowIn(data.get(f"row-{i}-task") or "",
                                          {k: v for k, v in cells.items() if v}))
        return rows

    def grid(self) -> list[tuple[int, forms.BoundField, list[forms.BoundField]]]:
        """The bound fields row by row, for the template's table."""
        return [(i + 1, self[f"row-{i}-task"], [self[f"row-{i}-{p.pk}"] for p in self.partners])
                for i in range(self.row_count)]


def matrix_initial(rows: Sequence[tuple[str, dict[int, str]]]) -> dict[str, str]:
    """Initial values of the grid from existing rows (task, {partner id: code})."""
    initial: dict[str, str] = {}
    for i, (task, cells) in enumerate(rows):
        initial[f"row-{i}-task"] = task
        for partner_id, code in cells.items():
            initial[f"row-{i}-{partner_id}"] = code
    return initial


def rows_wanted(data: Any, existing: int) -> int:
    """How many rows the grid offers: the rows there are plus spare ones, and more when "More
    rows" was pressed (a bound form keeps every row it was sent)."""
    sent = 0
    if data is not None:
        sent = int(data.get("rows") or 0) if str(data.get("rows") or "").isdigit() else 0
        if data.get("more_rows"):
            sent += SPARE_ROWS
    return min(max(existing + SPARE_ROWS, sent), rules.MATRIX_ROWS_MAX)


class RegisterForm(ParticularsForm):
    """Register an agreement of one kind, with the text of its first version and its parties.
    (A responsibility matrix's rows come in a MatrixForm beside it.)"""

    kind = forms.ChoiceField(choices=AgreementKind.choices, widget=forms.HiddenInput)
    parties = IdMultipleChoiceField(
        label=_("Parties"), required=False, queryset=Partner.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The partners that sign it. A covenant binds every active partner when you "
                    "choose none."))
    text = forms.CharField(label=_("Text and terms"), required=False,
                           max_length=rules.TEXT_MAX, widget=forms.Textarea(attrs={"rows": 10}))

    field_order = ["kind", "title", "parties", "summary", "text", "starts_on", "ends_on",
                   "review_on", "visibility", "audience", "documents", "body", "decision"]

    def __init__(self, *args: Any, partners: Sequence[Partner] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "parties").queryset = Partner.objects.filter(
            pk__in=[p.pk for p in partners]).select_related("organisation").order_by(
            "organisation__name", "pk")


class ChangeForm(ParticularsForm):
    version = version_field(1)


class ProposeForm(forms.Form):
    """A new version: its text, what changed and its parties (a matrix's rows come in a
    MatrixForm beside it)."""

    text = forms.CharField(label=_("Text and terms"), required=False,
                           max_length=rules.TEXT_MAX, widget=forms.Textarea(attrs={"rows": 12}))
    note = forms.CharField(label=_("What changed"), required=False, max_length=rules.NOTE_MAX)
    parties = IdMultipleChoiceField(
        label=_("Parties"), queryset=Partner.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Every party signs the new version before it comes into force; until "
                    "then the version in force stays in force."))
    version = version_field(1)

    def __init__(self, *args: Any, partners: Sequence[Partner] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "parties").queryset = Partner.objects.filter(
            pk__in=[p.pk for p in partners]).select_related("organisation").order_by(
            "organisation__name", "pk")


class FilterForm(forms.Form):
    """The register's filters (GET); an unknown value is simply not applied."""

    kind = forms.ChoiceField(label=_("Kind"), required=False,
                             choices=[("", _("every kind")), *AgreementKind.choices])
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("any status")), *AgreementStatus.choices])
    body = forms.ChoiceField(label=_("Body"), required=False)
    decision = forms.ChoiceField(label=_("Decision"), required=False)

    def __init__(self, *args: Any, bodies: Sequence[Body] = (),
                 decisions: Sequence[Decision] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "body").choices = [("", _("all bodies")),
                                              *((str(b.pk), b.name) for b in bodies)]
        choice_field(self, "decision").choices = [("", _("all decisions")), *(
            (str(d.pk), f"{d.number}. {d.title}") for d in decisions)]
