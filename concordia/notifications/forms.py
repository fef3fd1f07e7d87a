from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import Delivery, NotificationKind
from .presentation import DELIVERY_LABELS, KIND_LABELS, default_label


class PreferencesForm(forms.Form):
    """One choice per kind of notification; each shows its default."""

    def __init__(self, *args: Any, current: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in NotificationKind.values:
            self.fields[kind] = forms.ChoiceField(
                label=KIND_LABELS[kind],
                choices=[(d, DELIVERY_LABELS[d]) for d in Delivery.values],
                widget=forms.RadioSelect, initial=current[kind],
                help_text=_("Default: %(default)s") % {"default": default_label(kind)})
