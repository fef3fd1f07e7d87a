import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from concordia.organisations.models import Organisation

from .choices import Level, PartnerType, Role, Visibility


class AllianceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    purpose = forms.CharField(label=_("Short purpose"), max_length=500,
                              widget=forms.Textarea(attrs={"rows": 3}))
    started_on = forms.DateField(label=_("Start date"), initial=dt.date.today,
                                 widget=forms.DateInput(attrs={"type": "date"}),
                                 help_text=_("Format: YYYY-MM-DD."))


class PartnerInviteForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"),
                                          queryset=Organisation.objects.none())
    partner_type = forms.ChoiceField(label=_("Partner type"),
                                     choices=[c for c in PartnerType.choices
                                              if c[0] != PartnerType.OWNER])

    def __init__(self, *args, organisations=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class InvitationForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("For partner"), queryset=None)  # type: ignore[arg-type]
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    ends_on = forms.DateField(label=_("End date"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}),
                              help_text=_("Required for an external reviewer."))

    def __init__(self, *args, partners=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")
    summary = forms.CharField(label=_("Summary"), required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 3}))
    visibility = forms.ChoiceField(label=_("Visibility"),
                                   choices=Visibility.choices)
    audience = forms.ModelMultipleChoiceField(
        label=_("Named people (for confidential)"), required=False, queryset=None,  # type: ignore[arg-type]
        widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, people=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["audience"].queryset = people
