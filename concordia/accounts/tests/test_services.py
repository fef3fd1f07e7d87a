"""Personal API tokens and deactivation: raw token shown once, only its hash kept; a
deactivated person is out on their very next request."""

import datetime as dt
import hashlib

import pytest
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone, translation

from concordia.accounts import services
from concordia.accounts.models import ApiToken, Person
from concordia.core.errors import Conflict, DomainError
from concordia.testing.factories import PASSWORD, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


# api tokens ------------------------------------------------------------------------------------

def test_token_create_returns_the_raw_value_once_and_stores_only_its_hash():
    # given a person
    person = PersonFactory()

    # when they create a token
    token, raw = services.api_token_create(actor=person, name="  report script ", days=30)

    # then the raw value is returned, and the database holds only its SHA-256 and a prefix
    stored = ApiToken.objects.get(pk=token.pk)
    assert raw.startswith("cct_")
    assert len(raw) > 40
    assert stored.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert stored.prefix == raw[:10]
    assert stored.name == "report script"
    stored_text = [str(v) for v in ApiToken.objects.filter(pk=token.pk).values().get().values()]
    assert all(raw not in value for value in stored_text)
    # and it lives exactly the chosen number of days
    assert abs((stored.expires_at - timezone.now()) - dt.timedelta(days=30)) < dt.timedelta(
        seconds=30)
    assert stored.is_usable is True


def test_two_tokens_never_share_a_raw_value():
    person = PersonFactory()
    raws = {services.api_token_create(actor=person, name="t", days=1)[1] for _ in range(5)}
    assert len(raws) == 5


def test_a_token_authenticates_its_person_and_records_use(client):
    person = PersonFactory()
    token, raw = services.api_token_create(actor=person, name="t", days=1)

    assert services.api_token_authenticate(raw) == person
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert services.api_token_authenticate(raw + "x") is None
    assert services.api_token_authenticate(token.token_hash) is None  # the hash is no key

    response = client.get("/api/v1/alliances", **bearer(raw))
    assert response.status_code == 200


@pytest.mark.parametrize("days", [0, -1, settings.API_TOKEN_MAX_DAYS + 1, 10_000])
def test_days_out_of_range_are_refused_on_the_days_field(days):
    person = PersonFactory()
    with pytest.raises(DomainError) as refused:
        services.api_token_create(actor=person, name="t", days=days)
    assert refused.value.field == "days"
    assert refused.value.message == (
        f"Choose between 1 and {settings.API_TOKEN_MAX_DAYS} days.")
    assert ApiToken.objects.count() == 0


@pytest.mark.parametrize("days", [1, settings.API_TOKEN_MAX_DAYS])
def test_days_at_the_bounds_are_allowed(days):
    token, _raw = services.api_token_create(actor=PersonFactory(), name="t", days=days)
    assert token.pk is not None


def test_a_revoked_token_no_longer_works(client):
    person = PersonFactory()
    token, raw = services.api_token_create(actor=person, name="t", days=10)

    revoked = services.api_token_revoke(actor=person, token=token)

    assert revoked.revoked_at is not None
    assert revoked.is_usable is False
    assert services.api_token_authenticate(raw) is None
    response = client.get("/api/v1/alliances", **bearer(raw))
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_revoking_twice_is_a_conflict_and_keeps_the_first_time():
    person = PersonFactory()
    token, _raw = services.api_token_create(actor=person, name="t", days=10)
    first = services.api_token_revoke(actor=person, token=token).revoked_at

    with pytest.raises(Conflict):
        services.api_token_revoke(actor=person, token=token)

    token.refresh_from_db()
    assert token.revoked_at == first


def test_nobody_revokes_another_persons_token():
    owner, other = PersonFactory(), PersonFactory()
    token, raw = services.api_token_create(actor=owner, name="t", days=10)

    with pytest.raises(PermissionDenied):
        services.api_token_revoke(actor=other, token=token)

    assert services.api_token_authenticate(raw) == owner


def test_an_expired_token_is_not_usable(client):
    person = PersonFactory()
    token, raw = services.api_token_create(actor=person, name="t", days=1)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    token.refresh_from_db()

    assert token.is_usable is False
    assert services.api_token_authenticate(raw) is None
    assert client.get("/api/v1/alliances", **bearer(raw)).status_code == 401


def test_a_deactivated_persons_token_is_not_usable():
    person = PersonFactory()
    _token, raw = services.api_token_create(actor=person, name="t", days=1)
    Person.objects.filter(pk=person.pk).update(is_active=False)
    assert services.api_token_authenticate(raw) is None


# deactivation ----------------------------------------------------------------------------------

def test_deactivation_makes_the_logged_in_client_anonymous_on_its_next_request(
        client, django_capture_on_commit_callbacks):
    # given a person logged in (without allauth's session tracking) and their admin
    admin = PersonFactory(is_organisation_admin=True)
    person = PersonFactory(organisation=admin.organisation)
    client.force_login(person)
    assert client.get("/api/v1/alliances").status_code == 200

    # when the admin deactivates them
    with django_capture_on_commit_callbacks(execute=True):
        services.person_deactivate(actor=admin, person=person)

    # then the very next request is anonymous, in the API and on pages
    assert client.get("/api/v1/alliances").status_code == 401
    response = client.get(reverse("api_token_list"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_deactivation_ends_sessions_and_revokes_tokens(
        client, django_capture_on_commit_callbacks):
    # given a person logged in through allauth and holding two tokens (one revoked already)
    admin = PersonFactory(is_organisation_admin=True)
    person = PersonFactory(organisation=admin.organisation)
    response = client.post("/accounts/login/", {"login": person.email, "password": PASSWORD})
    assert response.status_code == 302
    assert UserSession.objects.filter(user=person).count() == 1
    live, raw = services.api_token_create(actor=person, name="live", days=5)
    old, _ = services.api_token_create(actor=person, name="old", days=5)
    old_revoked_at = services.api_token_revoke(actor=person, token=old).revoked_at

    # when they are deactivated
    with django_capture_on_commit_callbacks(execute=True):
        services.person_deactivate(actor=admin, person=person)

    # then no session and no usable token remains, and earlier revocations are kept
    assert UserSession.objects.filter(user=person).count() == 0
    live.refresh_from_db()
    old.refresh_from_db()
    assert live.revoked_at is not None
    assert old.revoked_at == old_revoked_at
    assert services.api_token_authenticate(raw) is None
    assert Person.objects.get(pk=person.pk).is_active is False


def test_deactivation_is_for_the_own_organisations_admin_only():
    admin = PersonFactory(is_organisation_admin=True)
    person = PersonFactory(organisation=admin.organisation)
    colleague = PersonFactory(organisation=admin.organisation)
    foreign_admin = PersonFactory(is_organisation_admin=True)

    for actor in (colleague, foreign_admin):
        with pytest.raises(PermissionDenied):
            services.person_deactivate(actor=actor, person=person)
    with pytest.raises(DomainError, match="yourself"):
        services.person_deactivate(actor=admin, person=admin)

    assert Person.objects.filter(pk__in=[person.pk, admin.pk], is_active=True).count() == 2


def test_deactivating_twice_is_a_conflict():
    admin = PersonFactory(is_organisation_admin=True)
    person = PersonFactory(organisation=admin.organisation)
    services.person_deactivate(actor=admin, person=person)
    with pytest.raises(Conflict):
        services.person_deactivate(actor=admin, person=person)


def test_language_is_saved_and_unknown_languages_refused():
    person = PersonFactory(language="nl")
    services.person_language_set(person=person, language="en")
    assert Person.objects.get(pk=person.pk).language == "en"
    with pytest.raises(DomainError) as refused:
        services.person_language_set(person=person, language="de")
    assert refused.value.field == "language"
    assert Person.objects.get(pk=person.pk).language == "en"
