import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from concordia.accounts.models import Person
from concordia.core.fields import IdChoiceField, IdMultipleChoiceField, NameField
from concordia.core.forms import DateInput, choice_field, model_choice_field
from concordia.organisations.models import Organisation

from .choices import Level, PartnerType, Role, Visibility
from .models import Partner


class AllianceForm(forms.Form):
    name = NameField(label=_("Name"), max_length=200)
    purpose = forms.CharField(label=_("Short purpose"), max_length=500,
                              widget=forms.Textarea(attrs={"rows": 3}))
    started_on = forms.DateField(label=_("Start date"), initial=dt.date.today,
                                 widget=DateInput())


class PartnerInviteForm(forms.Form):
    organisation = IdChoiceField(label=_("Organisation"),
                                          queryset=Organisation.objects.none())
    partner_type = forms.ChoiceField(label=_("Partner type"),
                                     choices=[c for c in PartnerType.choices
                                              if c[0] != PartnerType.OWNER])

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "organisation").queryset = organisations


class InvitationForm(forms.Form):
    partner = IdChoiceField(label=_("For partner"), queryset=Partner.objects.none())
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    ends_on = forms.DateField(label=_("End date"), required=False,
                              widget=DateInput(),
                              help_text=_("Required for an external reviewer."))

    def __init__(self, *args: Any, partners: QuerySet[Partner],
                 grantable: dict[int, list[str]], **kwargs: Any) -> None:
        """``grantable`` maps each partner's id to the roles the person may grant for it: the
        form offers only those partners and roles (docs/access.md, "Who grants which role")."""
        super().__init__(*args, **kwargs)
        self.grantable = grantable
        model_choice_field(self, "partner").queryset = partners
        offered = {role for roles in grantable.values() for role in roles}
        choice_field(self, "role").choices = [c for c in Role.choices if c[0] in offered]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        partner, role = data.get("partner"), data.get("role")
        if partner is not None and role and role not in self.grantable.get(partner.pk, []):
            self.add_error("role", _("You may not grant this role for this partner."))
        return data


class HandOverForm(forms.Form):
    person = IdChoiceField(label=_("Hand the role to"), queryset=Person.objects.none())

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "person").queryset = people


class DocumentForm(forms.Form):
    title = NameField(label=_("Title"), max_length=200)
    url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")
    summary = forms.CharField(label=_("Summary"), required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 3}))
    visibility = forms.ChoiceField(label=_("Visibility"),
                                   choices=Visibility.choices)
    audience = IdMultipleChoiceField(
        label=_("Named people (for confidential)"), required=False,
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "audience").queryset = people
