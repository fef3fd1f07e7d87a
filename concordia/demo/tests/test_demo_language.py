"""The demo speaks the site's language: Dutch organisations and texts on a Dutch site (the
default), English ones on an English site."""

import io
import re

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.test import override_settings

from concordia.alliances.models import Alliance
from concordia.bodies.models import Body
from concordia.organisations.models import Organisation

pytestmark = pytest.mark.django_db

# Words that are English and never Dutch; one of them in a text means it was not translated.
ENGLISH = re.compile(r"\b(the|and|with|which|from|their|its|should|would|every|between)\b",
                     re.IGNORECASE)


def _texts() -> list[tuple[str, str]]:
    """Every text the demo wrote: the character and text fields of Concordia's own models."""
    found = []
    for model in apps.get_models():
        if not model.__module__.startswith("concordia."):
            continue
        fields = [f.name for f in model._meta.concrete_fields
                  if isinstance(f, (models.CharField, models.TextField))
                  and not isinstance(f, (models.EmailField, models.URLField))
                  and not f.choices]
        for row in model.objects.values(*fields) if fields else []:
            found += [(f"{model.__name__}.{name}", value) for name, value in row.items()
                      if isinstance(value, str)]
    return found


def test_the_demo_loads_in_dutch_on_a_dutch_site():
    # given the site's language, Dutch (the default)
    # when the demo is loaded
    call_command("demo_load", stdout=io.StringIO())
    # then its alliance, organisations and bodies have Dutch names
    assert Alliance.objects.get().name == "Alliantie loonaangifteketen"
    assert {"Belastingdienst", "UWV", "CBS"} <= set(
        Organisation.objects.values_list("name", flat=True))
    assert "Tactisch overleg" in set(Body.objects.values_list("name", flat=True))
    # and no text it wrote is left in English
    english = [(where, value[:80]) for where, value in _texts() if ENGLISH.search(value)]
    assert english == []


@override_settings(LANGUAGE_CODE="en")
def test_the_demo_loads_in_english_on_an_english_site():
    call_command("demo_load", stdout=io.StringIO())
    assert Alliance.objects.get().name == "Alliance for data and tax on wages"
    assert {"Tax Authority", "Social Security Agency", "Statistics Office"} <= set(
        Organisation.objects.values_list("name", flat=True))
    assert "Tactical table" in set(Body.objects.values_list("name", flat=True))
