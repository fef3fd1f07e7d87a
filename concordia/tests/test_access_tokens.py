"""Personal bearer tokens and sessions against the API: what the matrix does not vary."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from concordia.accounts import services as account_services
from concordia.accounts.models import ApiToken, Person
from concordia.alliances.choices import PartnerStatus
from concordia.alliances.models import Document, Partner
from concordia.testing.factories import (
    World,
)
from concordia.tests.access.support import assert_api_response, bearer, call, snapshot

# --- personal bearer tokens -----------------------------------------------------------------


def test_bearer_token_reads_and_writes_without_session_or_csrf(world: World) -> None:
    _token, raw = account_services.api_token_create(actor=world.founder, name="script", days=7)
    client = Client(enforce_csrf_checks=True)  # a script has no session and no CSRF cookie

    listed = client.get(reverse("api:list_alliances"), headers=bearer(raw))
    assert listed.status_code == 200
    assert_api_response(listed, 200)
    assert [a["name"] for a in listed.json()["results"]] == ["Alliance A"]

    documents_before = Document.objects.count()
    created = call(client, "api:add_document", "post",
                   reverse("api:add_document", kwargs={"alliance_id": world.alliance.pk}),
                   {"title": "Scripted", "visibility": "alliance"}, **bearer(raw))
    assert created.status_code == 201, created.content
    assert_api_response(created, 201)
    assert Document.objects.count() == documents_before + 1
    document = Document.objects.get(pk=created.json()["id"])
    assert (document.title, document.created_by_id, document.owner_partner_id) == (
        "Scripted", world.founder.pk, world.partner_a.pk)


def test_bearer_token_of_another_alliance_gets_404(world: World) -> None:
    _token, raw = account_services.api_token_create(actor=world.outsider, name="script", days=7)
    client = Client()
    before = snapshot()
    for name in ("api:get_alliance", "api:list_documents", "api:list_journal_entries"):
        response = client.get(reverse(name, kwargs={"alliance_id": world.alliance.pk}),
                              headers=bearer(raw))
        assert response.status_code == 404
        assert_api_response(response, 404)
    response = call(client, "api:add_document", "post",
                    reverse("api:add_document", kwargs={"alliance_id": world.alliance.pk}),
                    {"title": "Intrusion"}, **bearer(raw))
    assert response.status_code == 404
    assert_api_response(response, 404)
    assert snapshot() == before


def test_bearer_token_of_read_only_role_gets_403(world: World) -> None:
    _token, raw = account_services.api_token_create(actor=world.observer_b, name="s", days=7)
    before = snapshot()
    response = call(Client(), "api:add_document", "post",
                    reverse("api:add_document", kwargs={"alliance_id": world.alliance.pk}),
                    {"title": "Not mine to write"}, **bearer(raw))
    assert response.status_code == 403
    assert_api_response(response, 403)
    assert snapshot() == before


@pytest.mark.parametrize("how", ["revoked", "expired", "person_deactivated", "unknown", "empty"])
def test_unusable_bearer_token_gets_401(world: World, how: str) -> None:
    token, raw = account_services.api_token_create(actor=world.founder, name="script", days=7)
    if how == "revoked":
        account_services.api_token_revoke(actor=world.founder, token=token)
    elif how == "expired":
        ApiToken.objects.filter(pk=token.pk).update(
            expires_at=timezone.now() - dt.timedelta(seconds=1))
    elif how == "person_deactivated":
        Person.objects.filter(pk=world.founder.pk).update(is_active=False)
    elif how == "unknown":
        raw = raw[:-4] + "abcd" if not raw.endswith("abcd") else raw[:-4] + "wxyz"
    else:
        raw = ""
    client = Client()
    before = snapshot()
    read = client.get(reverse("api:list_alliances"), headers=bearer(raw))
    write = call(client, "api:add_document", "post",
                 reverse("api:add_document", kwargs={"alliance_id": world.alliance.pk}),
                 {"title": "With a dead token"}, **bearer(raw))
    for response in (read, write):
        assert response.status_code == 401
        assert_api_response(response, 401)
    assert snapshot() == before
    assert ApiToken.objects.get(pk=token.pk).last_used_at is None


def test_session_write_without_csrf_token_is_refused(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.founder)
    before = snapshot()
    response = call(client, "api:add_document", "post",
                    reverse("api:add_document", kwargs={"alliance_id": world.alliance.pk}),
                    {"title": "Forged"})
    assert response.status_code == 403
    assert_api_response(response, 403)
    assert snapshot() == before


def test_unknown_api_path_and_wrong_method_are_problems(client: Client, world: World) -> None:
    client.force_login(world.founder)
    missing = client.get("/api/v1/no-such-thing")
    assert missing.status_code == 404
    assert_api_response(missing, 404)
    wrong = client.put(reverse("api:list_alliances"), data="{}", content_type="application/json")
    assert wrong.status_code == 405
    assert_api_response(wrong, 405)


def test_partner_left_loses_access_to_alliance_also_by_token(world: World) -> None:
    """The removed partner's former coordinator keeps an API token but not the alliance."""
    assert Partner.objects.get(alliance=world.alliance,
                               organisation=world.removed.organisation).status == PartnerStatus.LEFT
    _token, raw = account_services.api_token_create(actor=world.removed, name="s", days=7)
    response = Client().get(reverse("api:get_alliance", kwargs={"alliance_id": world.alliance.pk}),
                            headers=bearer(raw))
    assert response.status_code == 404
    assert_api_response(response, 404)
