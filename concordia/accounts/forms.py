from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from concordia.core.fields import NameField

from .models import Person


class ApiTokenForm(forms.Form):
    name = NameField(label=_("Name"), max_length=100,
                           help_text=_("What the token is for, e.g. “monthly report script”."))
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1,
                              max_value=settings.API_TOKEN_MAX_DAYS, initial=90)


class SignupNameForm(forms.Form):
    """allauth's sign-up form gains the full name (ACCOUNT_SIGNUP_FORM_CLASS): the people
    someone works with see it beside their roles, not their e-mail address."""

    full_name = NameField(label=_("Full name"), max_length=200,
                          widget=forms.TextInput(attrs={"autocomplete": "name"}))

    def signup(self, request: object, user: Person) -> None:  # noqa: ARG002 — allauth's signature
        user.full_name = self.cleaned_data["full_name"]
        # The language the person signed up in stays theirs (not the site's default).
        language = (translation.get_language() or "")[:2]
        if language in dict(settings.LANGUAGES):
            user.language = language
        user.save(update_fields=["full_name", "language"])
