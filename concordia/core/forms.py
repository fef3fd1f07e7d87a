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
