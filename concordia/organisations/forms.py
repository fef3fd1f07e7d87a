from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from concordia.core.fields import NameField

from .models import Organisation

if TYPE_CHECKING:  # ModelForm takes its model as a parameter in django-stubs only
    OrganisationModelForm = forms.ModelForm[Organisation]
else:
    OrganisationModelForm = forms.ModelForm


class OrganisationForm(OrganisationModelForm):
    """Input only: the service does the write (and checks identifiers and look-alike names)."""

    name = NameField(label=_("Name"), max_length=200)

    class Meta:
        model = Organisation
        fields = ["name", "kind", "kvk_number", "oin", "website"]

    def validate_unique(self) -> None:
        """Uniqueness is the service's to judge (also under concurrent submissions)."""
