"""Every date field is the browser's date picker with an ISO value, and no help text names a
format the picker does not show (the picker shows the browser's own format: core.forms.DateInput).
"""

import datetime as dt
import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.utils import translation

import concordia
from concordia.alliances.forms import AllianceForm, InvitationForm
from concordia.core.forms import DateInput


def date_fields() -> list[tuple[str, forms.DateField]]:
    found = []
    for app in pkgutil.iter_modules(concordia.__path__):
        try:
            module = importlib.import_module(f"concordia.{app.name}.forms")
        except ModuleNotFoundError:
            continue
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                found += [(f"{cls.__module__}.{name}.{field_name}", field)
                          for field_name, field in cls.base_fields.items()
                          if isinstance(field, forms.DateField)
                          and not isinstance(field, forms.DateTimeField)]
    return found


DATE_FIELDS = date_fields()


def test_the_forms_have_date_fields_to_check():
    assert len(DATE_FIELDS) >= 5


@pytest.mark.parametrize(("where", "field"), DATE_FIELDS, ids=[w for w, _f in DATE_FIELDS])
def test_a_date_field_is_the_pickers_and_names_no_format(where, field):
    assert isinstance(field.widget, DateInput), where
    for language in ("en", "nl"):
        with translation.override(language):
            help_text = str(field.help_text)
        assert not any(token in help_text for token in ("YYYY", "JJJJ", "MM", "DD")), where


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_picker_gets_an_iso_value_in_either_language(language):
    # Django would write 30-11-2026 in Dutch, which a date input rejects and shows empty.
    with translation.override(language):
        html = str(AllianceForm(initial={"started_on": dt.date(2026, 11, 30)})["started_on"])
    assert 'type="date"' in html
    assert 'value="2026-11-30"' in html
    assert "aria-describedby" not in html  # no help text about a format


@pytest.mark.parametrize(("language", "typed"), [
    ("en", "2027-03-31"), ("nl", "2027-03-31"), ("nl", "31-03-2027")])
def test_a_date_typed_by_hand_is_read_in_iso_or_the_languages_order(language, typed):
    with translation.override(language):
        assert InvitationForm.base_fields["ends_on"].clean(typed) == dt.date(2027, 3, 31)
