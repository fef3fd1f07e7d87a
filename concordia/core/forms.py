"""Typed access to a form's own fields, for forms whose choices depend on the request."""

from typing import Any

from django import forms


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """The form instance's own copy of a choice field, to give it this request's choices."""
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{type(form).__name__}.{name} is not a choice field")
    return field


# Quoted: ModelChoiceField takes its model as a parameter in django-stubs only, not at run time.
def model_choice_field(form: forms.BaseForm, name: str) -> "forms.ModelChoiceField[Any]":
    """The form instance's own copy of a model choice field (single or multiple), to give it
    the rows this person may choose from."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{type(form).__name__}.{name} is not a model choice field")
    return field


class DateInput(forms.DateInput):
    """The browser's own date picker, for every date field.

    An ``<input type="date">`` carries its value as YYYY-MM-DD whatever the page's language,
    so the value is written in ISO 8601 here (Django would write the site's format, 30-11-2026
    in Dutch, which the browser rejects and shows as an empty field). What the picker *shows*
    follows the browser's own settings (30-11-2026, 11/30/2026…), so no help text names a
    format: it would contradict the picker. Typed by hand where a browser has no picker, the
    field takes ISO and the language's own formats (Django's DATE_INPUT_FORMATS)."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")
