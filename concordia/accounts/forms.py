from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from concordia.core.fields import NameField


class ApiTokenForm(forms.Form):
    name = NameField(label=_("Name"), max_length=100,
                           help_text=_("What the token is for, e.g. “monthly report script”."))
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1,
                              max_value=settings.API_TOKEN_MAX_DAYS, initial=90)
