"""Form fields for ids and version numbers: a number outside the id range is a field error,
never a database query (SQLite raises OverflowError on it: a 500)."""

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .ids import MAX_ID, is_id
from .name_rules import NameRefused, normalise_name

REFUSED_KINDS = {
    "Cc": gettext_lazy("a control character"),
    "Cf": gettext_lazy("an invisible character (zero-width or text direction)"),
}


def name_refusal_message(refused: NameRefused) -> str:
    kind = REFUSED_KINDS.get(refused.category, gettext_lazy("not a visible character"))
    return _("Remove the character %(codepoint)s: it is %(kind)s, so readers cannot see the "
             "name as it is.") % {"codepoint": refused.codepoint, "kind": kind}


def clean_name(value: str) -> str:
    """A name or title as stored (NFKC, single spaces), or a ValidationError saying which
    character to remove."""
    try:
        return normalise_name(value)
    except NameRefused as refused:
        raise ValidationError(name_refusal_message(refused), code="name_character") from None


class NameField(forms.CharField):
    """A name or title: NFKC-normalised, free of invisible and direction characters."""

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        if value:
            value = clean_name(value)
            if self.required and not value:
                raise ValidationError(self.error_messages["required"], code="required")
        return value


def _as_id(value: Any) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if is_id(number) else None


if TYPE_CHECKING:  # the model choice fields take their model as a parameter in django-stubs only
    _ModelChoiceField = forms.ModelChoiceField[Any]
    _ModelMultipleChoiceField = forms.ModelMultipleChoiceField[Any]
else:
    _ModelChoiceField = forms.ModelChoiceField
    _ModelMultipleChoiceField = forms.ModelMultipleChoiceField


class IdChoiceField(_ModelChoiceField):
    """A ModelChoiceField whose value is an id within range, checked before the query."""

    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values and _as_id(value) is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class IdMultipleChoiceField(_ModelMultipleChoiceField):
    """A ModelMultipleChoiceField whose values are ids within range, checked before the query."""

    def clean(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            for pk in value:
                if pk not in self.empty_values and _as_id(pk) is None:
                    raise ValidationError(self.error_messages["invalid_pk_value"],
                                          code="invalid_pk_value", params={"pk": pk})
        return super().clean(value)


def version_field(min_value: int = 0) -> forms.IntegerField:
    """The hidden version number an editor sends back; the service stores it + 1."""
    return forms.IntegerField(widget=forms.HiddenInput, min_value=min_value,
                              max_value=MAX_ID - 1)
