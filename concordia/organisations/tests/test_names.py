"""Look-alike organisation names are refused (finding: "Tax Authority" with a Cyrillic A (U+0410), a
zero-width space or a no-break space was accepted beside the real one), in the service, the
API and the registration page; invisible and direction characters are refused on the field."""

import json

import pytest
from django.utils import translation

from concordia.core.errors import DomainError
from concordia.core.problems import PROBLEM_CONTENT_TYPE
from concordia.organisations import services
from concordia.organisations.models import Organisation, OrganisationKind
from concordia.testing.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db

LOOK_ALIKES = ["Tax \u0410uthority", "Tax\u00a0Authority", "T\u0430x Authority",
               "tax authority", "\uff34ax Authority", "Tax  Authority"]
HIDDEN = ["Tax\u200b Authority", "Tax Authority\u202e", "\u2066Tax Authority", "Tax\tAuthority"]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def tax() -> Organisation:
    return OrganisationFactory(name="Tax Authority")


def names() -> list[str]:
    return sorted(Organisation.objects.values_list("name", flat=True))


def test_the_skeleton_is_stored_with_the_name(tax):
    assert Organisation.objects.get(pk=tax.pk).name_skeleton == "tax authority"


@pytest.mark.parametrize("name", LOOK_ALIKES)
def test_a_look_alike_of_a_registered_name_is_refused_naming_it(tax, name):
    before = names()

    with pytest.raises(DomainError) as refused:
        services.organisation_register(actor=PersonFactory(organisation=None), name=name,
                                       kind=OrganisationKind.PUBLIC_BODY)

    assert refused.value.field == "name"
    assert "\u201cTax Authority\u201d" in refused.value.message or \
        refused.value.message == "An organisation with this name is already registered."
    assert names() == before


def test_the_cyrillic_look_alike_message_names_the_organisation(tax):
    with pytest.raises(DomainError) as refused:
        services.organisation_register(actor=PersonFactory(organisation=None),
                                       name="Tax \u0410uthority", kind=OrganisationKind.COMPANY)

    assert refused.value.code == "name_confusable"
    assert refused.value.message == (
        "This name looks the same as that of the registered organisation \u201cTax "
        "Authority\u201d. Choose a name that readers can tell apart.")


@pytest.mark.parametrize("name", HIDDEN)
def test_invisible_and_direction_characters_are_refused(name):
    person = PersonFactory(organisation=None)

    with pytest.raises(DomainError) as refused:
        services.organisation_register(actor=person, name=name, kind=OrganisationKind.COMPANY)

    assert (refused.value.field, refused.value.code) == ("name", "name_character")
    assert refused.value.message.startswith("Remove the character U+")
    assert Organisation.objects.count() == 0


def test_a_rename_to_a_look_alike_of_another_is_refused(tax):
    other = OrganisationFactory(name="Statistics Office")
    admin = PersonFactory(organisation=other, is_organisation_admin=True)

    with pytest.raises(DomainError):
        services.organisation_update(actor=admin, organisation=other, name="Tax\u00a0Authority")

    assert Organisation.objects.get(pk=other.pk).name == "Statistics Office"


def test_a_rename_within_its_own_look_alikes_is_stored_normalised(tax):
    admin = PersonFactory(organisation=tax, is_organisation_admin=True)

    services.organisation_update(actor=admin, organisation=tax, name="TAX\u00a0AUTHORITY ")

    stored = Organisation.objects.get(pk=tax.pk)
    assert (stored.name, stored.name_skeleton) == ("TAX AUTHORITY", "tax authorlty")


def test_the_api_answers_400_on_the_name(client, tax):
    client.force_login(PersonFactory(organisation=None))

    response = client.post("/api/v1/organisations", json.dumps(
        {"name": "Tax \u0410uthority", "kind": "public_body"}), content_type="application/json")

    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    assert [p["name"] for p in response.json()["invalidParams"]] == ["name"]
    assert names() == ["Tax Authority"]


def test_the_api_refuses_a_zero_width_space_on_the_field(client):
    client.force_login(PersonFactory(organisation=None))

    response = client.post("/api/v1/organisations", json.dumps(
        {"name": "Tax\u200b Authority", "kind": "public_body"}), content_type="application/json")

    assert response.status_code == 400
    params = response.json()["invalidParams"]
    assert [(p["name"], p["code"]) for p in params] == [("name", "name_character")]
    assert "U+200B" in params[0]["reason"]
    assert names() == []


@pytest.mark.parametrize(("language", "message"), [
    ("en", "This name looks the same as that of the registered organisation"),
    ("nl", "Deze naam ziet er hetzelfde uit als die van de geregistreerde organisatie"),
])
def test_the_page_shows_the_look_alike_on_the_name_field(client, tax, language, message):
    client.force_login(PersonFactory(organisation=None, language=language))

    response = client.post("/organisations/new", {"name": "Tax \u0410uthority",
                                                  "kind": "public_body"})

    html = response.content.decode()
    assert response.status_code == 422
    assert message in html
    assert 'aria-invalid="true"' in html
    assert names() == ["Tax Authority"]


@pytest.mark.parametrize(("language", "message"), [
    ("en", "Remove the character U+200B"),
    ("nl", "Verwijder het teken U+200B"),
])
def test_the_page_refuses_a_zero_width_space_on_the_field(client, language, message):
    client.force_login(PersonFactory(organisation=None, language=language))

    response = client.post("/organisations/new", {"name": "Tax\u200b Authority",
                                                  "kind": "public_body"})

    assert response.status_code == 422
    assert message in response.content.decode()
    assert names() == []
