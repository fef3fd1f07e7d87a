import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from concordia.accounts.models import Person
from concordia.core.fields import IdChoiceField, IdMultipleChoiceField, NameField
from concordia.core.forms import DateInput, choice_field, model_choice_field
from concordia.organisations.models import OrganisationKind

from .choices import Level, PartnerType, Role, Visibility
from .models import Partner


class AllianceForm(forms.Form):
    name = NameField(label=_("Name"), max_length=200)
    purpose = forms.CharField(label=_("Short purpose"), max_length=500,
                              widget=forms.Textarea(attrs={"rows": 3}))
    started_on = forms.DateField(label=_("Start date"), initial=dt.date.today,
                                 widget=DateInput())


class PartnerInviteForm(forms.Form):
    """An organisation by its name, registered or not: the service decides which invitation
    it gets. Registered names are offered as suggestions (a datalist), never as the only
    choice."""

    organisation_name = NameField(
        label=_("Organisation name"), max_length=200,
        widget=forms.TextInput(attrs={"list": "registered-organisations",
                                      "autocomplete": "off"}),
        help_text=_("A registered organisation is asked through its administrators. Any other "
                    "organisation: its contact below receives a link to register it and then "
                    "answers."))
    email = forms.EmailField(
        label=_("Contact's e-mail address"), required=False,
        help_text=_("Needed when the organisation is not registered yet."))
    partner_type = forms.ChoiceField(label=_("Partner type"),
                                     choices=[c for c in PartnerType.choices
                                              if c[0] != PartnerType.OWNER])


class OrganisationRegistrationForm(forms.Form):
    """The invited contact registers the organisation (name filled in from the invitation) and,
    if their account has no name yet, gives theirs."""

    full_name = NameField(label=_("Your full name"), max_length=200,
                          help_text=_("The people you work with see it."))
    name = NameField(label=_("Organisation name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganisationKind.choices)
    kvk_number = forms.CharField(label=_("Chamber of commerce number"), max_length=8,
                                 required=False,
                                 help_text=_("Eight digits, if the organisation has one."))
    oin = forms.CharField(label=_("Government OIN"), max_length=20, required=False,
                          help_text=_("Twenty digits, for public bodies."))
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    def __init__(self, *args: Any, needs_name: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not needs_name:
            del self.fields["full_name"]


class FullNameForm(forms.Form):
    """Asked when someone without a name on their account accepts an invitation."""

    full_name = NameField(label=_("Your full name"), max_length=200,
                          help_text=_("The people you work with see it."))


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
