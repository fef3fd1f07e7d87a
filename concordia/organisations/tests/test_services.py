"""Registering and editing organisations: names unique regardless of case, identifiers checked."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from concordia.accounts.models import Person
from concordia.core.errors import Conflict, DomainError
from concordia.organisations import rules, services
from concordia.organisations.models import Organisation, OrganisationKind
from concordia.testing.factories import OrganisationFactory, PersonFactory


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def newcomer() -> Person:
    return PersonFactory(organisation=None)


@pytest.mark.django_db
def test_register_creates_the_organisation_and_makes_the_actor_its_admin():
    # given a person without organisation
    person = newcomer()

    # when they register one
    organisation = services.organisation_register(
        actor=person, name="  Gemeente Utrecht ", kind=OrganisationKind.PUBLIC_BODY,
        kvk_number="12345678", oin="00000001234567890000", website="https://utrecht.nl")

    # then it is stored with a trimmed name and they administer it
    stored = Organisation.objects.get(pk=organisation.pk)
    assert (stored.name, stored.kind, stored.kvk_number, stored.oin, stored.website) == (
        "Gemeente Utrecht", "public_body", "12345678", "00000001234567890000",
        "https://utrecht.nl")
    person.refresh_from_db()
    assert person.organisation_id == organisation.pk
    assert person.is_organisation_admin is True


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["Acme", "ACME", "acme", "  aCmE  "])
def test_duplicate_name_in_any_case_is_refused_on_the_name_field(name):
    # given an organisation named "Acme"
    OrganisationFactory(name="Acme")
    person = newcomer()

    # when another registers the same name in another case
    with pytest.raises(DomainError) as refused:
        services.organisation_register(actor=person, name=name, kind=OrganisationKind.COMPANY)

    # then the refusal points at the name and nothing changed
    assert refused.value.field == "name"
    assert refused.value.status == 422
    assert refused.value.message == "An organisation with this name is already registered."
    assert Organisation.objects.filter(name__iexact="acme").count() == 1
    person.refresh_from_db()
    assert (person.organisation_id, person.is_organisation_admin) == (None, False)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kvk", "oin", "field"),
    [
        ("1234567", "", "kvk_number"),
        ("123456789", "", "kvk_number"),
        ("1234567a", "", "kvk_number"),
        ("１２３４５６７８", "", "kvk_number"),  # noqa: RUF001 — full-width digits are not digits here
        ("", "0000000123456789000", "oin"),
        ("", "000000012345678900000", "oin"),
        ("", "0000000123456789000x", "oin"),
        ("12345678", "123", "oin"),
    ],
)
def test_badly_formed_identifiers_are_refused_on_their_field(kvk, oin, field):
    person = newcomer()
    with pytest.raises(DomainError) as refused:
        services.organisation_register(actor=person, name="Well Formed", kind="company",
                                       kvk_number=kvk, oin=oin)
    assert refused.value.field == field
    assert not Organisation.objects.filter(name="Well Formed").exists()


@pytest.mark.django_db
def test_empty_identifiers_are_allowed():
    organisation = services.organisation_register(actor=newcomer(), name="No Numbers",
                                                  kind=OrganisationKind.NON_PROFIT)
    assert (organisation.kvk_number, organisation.oin) == ("", "")


@pytest.mark.django_db
def test_a_person_registers_at_most_one_organisation():
    person = PersonFactory()
    own = person.organisation_id
    with pytest.raises(Conflict):
        services.organisation_register(actor=person, name="Second", kind="company")
    assert not Organisation.objects.filter(name="Second").exists()
    person.refresh_from_db()
    assert person.organisation_id == own


@pytest.mark.django_db
def test_update_checks_admin_and_identifiers():
    admin = PersonFactory(is_organisation_admin=True)
    organisation = admin.organisation
    colleague = PersonFactory(organisation=organisation)

    with pytest.raises(PermissionDenied):
        services.organisation_update(actor=colleague, organisation=organisation, name="Hijack")
    with pytest.raises(DomainError) as refused:
        services.organisation_update(actor=admin, organisation=organisation, kvk_number="12")
    assert refused.value.field == "kvk_number"
    organisation.refresh_from_db()
    assert (organisation.kvk_number, organisation.name) == ("", organisation.name)
    assert organisation.name != "Hijack"

    services.organisation_update(actor=admin, organisation=organisation, kvk_number="87654321")
    organisation.refresh_from_db()
    assert organisation.kvk_number == "87654321"


# the identifier rules, as pure functions --------------------------------------------------------

@given(st.from_regex(r"\A[0-9]{8}\Z"))
def test_any_eight_ascii_digits_are_a_kvk_number(value):
    assert rules.kvk_number_problem(value) is None


# Unicode digits (Arabic-Indic, full-width, ...) of the right length are the interesting case.
digit_strings = st.text(alphabet=st.characters(whitelist_categories=["Nd"]), min_size=8,
                        max_size=8) | st.text(alphabet=st.characters(whitelist_categories=["Nd"]),
                                              min_size=20, max_size=20)


@given(st.text(max_size=30) | digit_strings)
def test_kvk_number_problem_iff_not_empty_and_not_eight_ascii_digits(value):
    well_formed = value == "" or (len(value) == 8 and all(c in "0123456789" for c in value))
    assert (rules.kvk_number_problem(value) is None) is well_formed


@given(st.text(max_size=30) | digit_strings)
def test_oin_problem_iff_not_empty_and_not_twenty_ascii_digits(value):
    well_formed = value == "" or (len(value) == 20 and all(c in "0123456789" for c in value))
    assert (rules.oin_problem(value) is None) is well_formed
