from django import forms

from .models import Organisation


class OrganisationForm(forms.ModelForm):
    """Input only: the service does the write (and checks identifiers again)."""

    class Meta:
        model = Organisation
        fields = ["name", "kind", "kvk_number", "oin", "website"]

    def validate_unique(self) -> None:
        """Uniqueness is the service's to judge (also under concurrent submissions)."""
