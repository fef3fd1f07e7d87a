"""Forms bound ids and version numbers: a number outside the id range is a field error, never a
query (SQLite raised OverflowError on ids ≥ 2^63: a 500)."""

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.contrib.auth import get_user_model
from django.urls import URLResolver, get_resolver
from django.urls.converters import IntConverter

import concordia
from concordia.alliances.forms import DocumentForm, InvitationForm
from concordia.alliances.models import Document, Partner
from concordia.core.fields import IdChoiceField, IdMultipleChoiceField
from concordia.core.ids import MAX_ID, IdConverter

OUT_OF_RANGE = ["9223372036854775808", "18446744073709551621", "0", "-1",
                "99999999999999999999999999"]


def project_forms() -> list[type[forms.BaseForm]]:
    found = []
    for module_info in pkgutil.walk_packages(concordia.__path__, "concordia."):
        name = module_info.name
        if name.endswith(("forms", "_forms")) and ".tests" not in name:
            module = importlib.import_module(name)
            found += [cls for _n, cls in inspect.getmembers(module, inspect.isclass)
                      if issubclass(cls, forms.BaseForm) and cls.__module__ == name]
    return found


def test_every_form_bounds_its_ids_and_numbers():
    unbounded = []
    for form in project_forms():
        for name, field in form.base_fields.items():
            if isinstance(field, forms.ModelMultipleChoiceField):
                ok = isinstance(field, IdMultipleChoiceField)
            elif isinstance(field, forms.ModelChoiceField):
                ok = isinstance(field, IdChoiceField)
            elif isinstance(field, forms.IntegerField):
                ok = field.max_value is not None and field.max_value <= MAX_ID
            else:
                continue
            if not ok:
                unbounded.append(f"{form.__module__}.{form.__name__}.{name}")

    assert project_forms()
    assert unbounded == []


@pytest.mark.django_db
@pytest.mark.parametrize("value", OUT_OF_RANGE)
def test_an_out_of_range_partner_is_a_field_error(world, value):
    form = InvitationForm({"partner": value, "email": "new@example.org", "role": "professional",
                           "level": "operational"},
                          partners=Partner.objects.all(),
                          grantable={world.partner_a.pk: ["professional"]})

    assert not form.is_valid()
    assert list(form.errors) == ["partner"]


@pytest.mark.django_db
@pytest.mark.parametrize("value", OUT_OF_RANGE)
def test_an_out_of_range_audience_is_a_field_error(world, value):
    documents = Document.objects.count()

    form = DocumentForm({"title": "Plan", "visibility": "confidential",
                         "audience": [str(world.founder.pk), value]},
                        people=get_user_model().objects.all())

    assert not form.is_valid()
    assert list(form.errors) == ["audience"]
    assert Document.objects.count() == documents


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["9223372036854775807", "18446744073709551621"])
def test_a_version_number_with_no_room_for_the_next_is_refused(world, client, value):
    client.force_login(world.founder)
    pk = world.alliance.pk

    response = client.post(f"/alliances/{pk}/design/objective/", {
        "text": "Together", "based_on": value})

    assert response.status_code == 422
    assert "based_on" in response.context["form"].errors


def _patterns(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern


def test_every_page_route_takes_its_ids_through_the_bounded_converter():
    routes = list(_patterns(get_resolver()))
    converters = [(route, c) for route, p in routes
                  for c in getattr(p.pattern, "converters", {}).values()]

    assert [route for route, c in converters if isinstance(c, IntConverter)] == []
    assert len([c for _r, c in converters if isinstance(c, IdConverter)]) > 30
