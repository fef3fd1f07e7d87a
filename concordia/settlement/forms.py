"""Forms of the settlement pages: the books' filter, a booking (or a correction), the choice of
a model for a cost category (a weight per active partner), a quarter's usage figures."""

import secrets
from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from concordia.alliances.models import Document, Partner
from concordia.core.forms import DateInput, choice_field
from concordia.decisions.models import Decision

from . import rules
from .choices import BookingKind, SettlementKind
from .models import Booking, CostCategory


def period_value(year: int, quarter: int) -> str:
    return f"{year}-{quarter}"


class BooksFilterForm(forms.Form):
    """The books (GET): a quarter, a partner, a category; an unknown value shows everything."""

    period = forms.ChoiceField(label=_("Quarter"), required=False)
    partner = forms.ChoiceField(label=_("Partner"), required=False)
    category = forms.ChoiceField(label=_("Cost category"), required=False)

    def __init__(self, *args: Any, periods: Sequence[tuple[int, int]] = (),
                 partners: Sequence[Partner] = (), categories: Sequence[CostCategory] = (),
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "period").choices = [("", _("every quarter")), *(
            (period_value(y, q), f"{y} Q{q}") for y, q in periods)]
        choice_field(self, "partner").choices = [("", _("every partner")), *(
            (str(p.pk), str(p.organisation)) for p in partners)]
        choice_field(self, "category").choices = [("", _("every category")), *(
            (str(c.pk), c.name) for c in categories)]

    def values(self) -> dict[str, int | None]:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        year = quarter = None
        if data.get("period"):
            year, quarter = (int(v) for v in data["period"].split("-"))
        return {"year": year, "quarter": quarter,
                "partner": int(data["partner"]) if data.get("partner") else None,
                "category": int(data["category"]) if data.get("category") else None}


class BookingForm(forms.Form):
    """A cost or a contribution in kind the person's own partner made."""

    category = forms.ChoiceField(label=_("Cost category"))
    kind = forms.ChoiceField(label=_("What"), choices=BookingKind.choices,
                             widget=forms.RadioSelect)
    incurred_on = forms.DateField(label=_("Date"), widget=DateInput(),
                                  help_text=_("The day the cost was made; it is settled in "
                                              "that quarter."))
    amount = forms.CharField(label=_("Amount in euros"), max_length=20,
                             help_text=_("For example 1250,00. Negative only for a "
                                         "correction."))
    description = forms.CharField(label=_("Description"), max_length=rules.DESCRIPTION_MAX,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    document = forms.ChoiceField(label=_("Evidence"), required=False,
                                 help_text=_("A document of the alliance that every partner "
                                             "may read (add it under Documents first)."))
    corrects = forms.ChoiceField(label=_("Corrects the booking"), required=False,
                                 help_text=_("Only for a correction: the booking of your "
                                             "organisation it corrects. Bookings are never "
                                             "changed."))
    submission = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args: Any, categories: Sequence[CostCategory] = (),
                 documents: Sequence[Document] = (), own_bookings: Sequence[Booking] = (),
                 **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("submission", secrets.token_hex(16))
        super().__init__(*args, **kwargs)
        self._categories = {str(c.pk): c for c in categories}
        self._documents = {str(d.pk): d for d in documents}
        self._bookings = {str(b.pk): b for b in own_bookings}
        choice_field(self, "category").choices = [("", "—"), *(
            (k, c.name) for k, c in self._categories.items())]
        choice_field(self, "document").choices = [("", "—"), *(
            (k, d.title) for k, d in self._documents.items())]
        choice_field(self, "corrects").choices = [("", "—"), *(
            (k, f"#{b.pk} {b.incurred_on.isoformat()} {rules.format_cents(b.amount_cents)} "
                f"{b.description[:60]}") for k, b in self._bookings.items())]

    def clean_amount(self) -> int:
        cents = rules.parse_amount(self.cleaned_data["amount"], allow_negative=True)
        if cents is None:
            raise forms.ValidationError(_("Give an amount in euros with at most two decimals, "
                                          "other than zero."))
        return cents

    def objects(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"category": self._categories[data["category"]],
                "document": self._documents.get(data.get("document") or ""),
                "corrects": self._bookings.get(data.get("corrects") or "")}


class ModelChoiceForm(forms.Form):
    """The model a carried decision chose for a cost category, from a start date, with a weight
    per active partner where the model needs one."""

    category = forms.CharField(label=_("Cost category"), max_length=rules.CATEGORY_MAX,
                               help_text=_("An existing category, or a new one by its name."))
    kind = forms.ChoiceField(label=_("Settlement model"), choices=SettlementKind.choices,
                             widget=forms.RadioSelect)
    starts_on = forms.DateField(label=_("Start date"), widget=DateInput())
    decision = forms.ChoiceField(label=_("Decision"),
                                 help_text=_("The carried decision that chose this model."))
    measure = forms.CharField(label=_("Measure"), max_length=rules.MEASURE_MAX, required=False,
                              help_text=_("By usage or by size: what the weights count, e.g. "
                                          "number of employees."))

    def __init__(self, *args: Any, partners: Sequence[Partner] = (),
                 decisions: Sequence[Decision] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._decisions = {str(d.pk): d for d in decisions}
        choice_field(self, "decision").choices = [("", "—"), *(
            (k, f"{d.number}. {d.title}") for k, d in self._decisions.items())]
        self._partners = list(partners)
        for partner in self._partners:
            self.fields[f"weight_{partner.pk}"] = forms.IntegerField(
                label=_("Weight of %(partner)s") % {"partner": partner.organisation},
                required=False, min_value=0, max_value=rules.WEIGHT_MAX,
                help_text=_("Equal shares: 1 to share, empty not to. Usage or size: the "
                            "measure. Fixed shares: hundredths of a percent (2500 = 25%)."))

    def chosen_decision(self) -> Decision:
        return self._decisions[self.cleaned_data["decision"]]

    def weights(self) -> dict[int, int]:
        return {p.pk: self.cleaned_data.get(f"weight_{p.pk}") or 0 for p in self._partners
                if self.cleaned_data.get(f"weight_{p.pk}")}


class UsageForm(forms.Form):
    """The usage figures of a quarter under a usage model: one per active partner."""

    year = forms.IntegerField(label=_("Year"), min_value=rules.YEAR_MIN, max_value=rules.YEAR_MAX)
    quarter = forms.TypedChoiceField(label=_("Quarter"), coerce=int,
                                     choices=[(q, f"Q{q}") for q in rules.QUARTERS])

    def __init__(self, *args: Any, partners: Sequence[Partner] = (), measure: str = "",
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._partners = list(partners)
        for partner in self._partners:
            self.fields[f"usage_{partner.pk}"] = forms.IntegerField(
                label=_("Usage of %(partner)s") % {"partner": partner.organisation},
                required=False, min_value=0, max_value=rules.WEIGHT_MAX,
                help_text=measure)

    def figures(self) -> dict[int, int]:
        return {p.pk: self.cleaned_data[f"usage_{p.pk}"] for p in self._partners
                if self.cleaned_data.get(f"usage_{p.pk}")}
