"""The REST API end to end through the Django test client: the alliance flow, pagination,
problem+json for every error, and random bodies that never cause a 500 or a half-saved change.
The HTML forms get the same random-input treatment."""

import datetime as dt
import json
import re
from typing import Any

import pytest
from django.core import mail
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from concordia.access import policy
from concordia.accounts.models import Person
from concordia.accounts.services import api_token_create
from concordia.alliances.choices import Level, PartnerStatus, Role
from concordia.alliances.models import Alliance, Invitation, Membership, Partner
from concordia.core.middleware import API_VERSION
from concordia.core.name_rules import normalise_name
from concordia.core.problems import PROBLEM_CONTENT_TYPE
from concordia.journal.models import JournalEntry
from concordia.organisations.models import Organisation, OrganisationKind
from concordia.testing.factories import PersonFactory, give_role

pytestmark = pytest.mark.django_db

API = "/api/v1"
RANDOM = settings(max_examples=40,
                  suppress_health_check=[HealthCheck.function_scoped_fixture])


def post(client, path: str, body: Any):
    return client.post(API + path, json.dumps(body), content_type="application/json")


def ok(response, status: int = 200) -> Any:
    assert response.status_code == status, response.content.decode()[:1000]
    assert response["API-Version"] == API_VERSION
    return response.json() if response.content else None


def problem(response, status: int) -> dict[str, Any]:
    """Assert an RFC 9457 problem with this status, and return its body."""
    assert response.status_code == status, response.content.decode()[:1000]
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    assert response["API-Version"] == API_VERSION
    body = response.json()
    assert body["status"] == status
    assert isinstance(body["title"], str)
    assert body["title"]
    assert isinstance(body["detail"], str)
    assert body["detail"]
    assert body["type"] == "about:blank" or body["type"].startswith("urn:concordia:problem:")
    return body


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count()
            for model in (Alliance, Partner, Membership, Invitation, JournalEntry, Organisation)}


# The whole flow ---------------------------------------------------------------------------------

def test_alliance_flow_end_to_end(world, client, django_capture_on_commit_callbacks):
    founder, admin = world.stranger, world.outsider  # two organisations, each with an admin
    newcomer = PersonFactory(email="newcomer@example.org", organisation=None)

    # given the founder creates an alliance
    client.force_login(founder)
    created = ok(post(client, "/alliances", {"name": "Deltaplan", "purpose": "Dry feet",
                                             "started_on": "2025-03-01"}), 201)
    alliance_id = created["id"]
    assert created == {"id": alliance_id, "name": "Deltaplan", "purpose": "Dry feet",
                       "started_on": "2025-03-01"}
    assert ok(client.get(f"{API}/alliances/{alliance_id}")) == created
    listed = ok(client.get(f"{API}/alliances"))
    assert [a["name"] for a in listed["results"]] == ["Deltaplan"]

    # and invites the other organisation as a core partner
    invited = ok(post(client, f"/alliances/{alliance_id}/partners",
                      {"organisation_id": admin.organisation_id, "partner_type": "core"}), 201)
    assert (invited["status"], invited["partner_type"], invited["organisation_name"]) == (
        "invited", "core", admin.organisation.name)

    # when the other organisation's admin answers yes
    client.force_login(admin)
    pending = ok(client.get(f"{API}/partner-invitations"))
    assert [(p["id"], p["alliance_name"]) for p in pending["results"]] == [
        (invited["id"], "Deltaplan")]
    answered = ok(post(client, f"/partner-invitations/{invited['id']}/answer", {"accept": True}))
    assert answered["id"] == invited["id"]
    assert ok(client.get(f"{API}/partner-invitations"))["results"] == []
    partners = ok(client.get(f"{API}/alliances/{alliance_id}/partners"))
    assert sorted((p["organisation_name"], p["status"]) for p in partners["results"]) == sorted(
        [(founder.organisation.name, "active"), (admin.organisation.name, "active")])

    # and the founder invites a person for their own partner
    client.force_login(founder)
    own_partner = Partner.objects.get(alliance_id=alliance_id, organisation=founder.organisation)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        invitation = ok(post(client, f"/alliances/{alliance_id}/invitations", {
            "partner_id": own_partner.pk, "email": "Newcomer@Example.org",
            "role": "professional", "level": "operational"}), 201)
    assert (invitation["email"], invitation["role"], invitation["ends_on"]) == (
        "newcomer@example.org", "professional", None)
    assert "token" not in json.dumps(invitation)
    open_invitations = ok(client.get(f"{API}/alliances/{alliance_id}/invitations"))
    assert [i["id"] for i in open_invitations["results"]] == [invitation["id"]]

    # then the link goes by mail only, and the invited person accepts with its token
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["newcomer@example.org"]
    token = re.search(r"/invitations/(inv_[A-Za-z0-9_-]+)", mail.outbox[0].body).group(1)
    client.force_login(newcomer)
    membership = ok(post(client, "/invitation-acceptances", {"token": token}), 201)
    assert (membership["person"]["email"], membership["role"], membership["partner_id"]) == (
        "newcomer@example.org", "professional", own_partner.pk)
    problem(post(client, "/invitation-acceptances", {"token": token}), 409)  # single use

    # and the founder sees them among the alliance's people
    client.force_login(founder)
    people = ok(client.get(f"{API}/alliances/{alliance_id}/memberships"))
    assert sorted((m["person"]["email"], m["role"]) for m in people["results"]) == sorted([
        (founder.email, "key_alliance_manager"), (admin.email, "alliance_coordinator"),
        ("newcomer@example.org", "professional")])

    # when the founder revokes that role
    response = client.delete(f"{API}/alliances/{alliance_id}/memberships/{membership['id']}")

    # then it is gone (204, no body), the newcomer no longer sees the alliance,
    assert ok(response, 204) is None
    assert response.content == b""
    people = ok(client.get(f"{API}/alliances/{alliance_id}/memberships"))
    assert "newcomer@example.org" not in [m["person"]["email"] for m in people["results"]]
    client.force_login(newcomer)
    problem(client.get(f"{API}/alliances/{alliance_id}"), 404)

    # and the journal holds every step, newest first, with an intact chain
    client.force_login(founder)
    journal = ok(client.get(f"{API}/alliances/{alliance_id}/journal-entries"))
    assert [e["kind"] for e in journal["results"]] == [
        "RoleRevoked", "RoleGranted", "PersonInvited", "RoleGranted", "PartnerJoined",
        "PartnerInvited", "RoleGranted", "PartnerJoined", "AllianceCreated"]
    assert [e["seq"] for e in journal["results"]] == list(range(9, 0, -1))
    assert ok(client.get(f"{API}/alliances/{alliance_id}/journal-verification")) == {
        "intact": True, "entries": 9, "first_bad_seq": None, "reason": ""}


def test_declining_a_partner_invitation(world, client):
    client.force_login(world.founder)
    invited = ok(post(client, f"/alliances/{world.alliance.pk}/partners",
                      {"organisation_id": world.stranger.organisation_id,
                       "partner_type": "ecosystem"}), 201)
    client.force_login(world.stranger)
    ok(post(client, f"/partner-invitations/{invited['id']}/answer", {"accept": False}))
    assert Partner.objects.get(pk=invited["id"]).status == PartnerStatus.DECLINED
    # a second answer finds no open invitation any more
    problem(post(client, f"/partner-invitations/{invited['id']}/answer", {"accept": True}), 404)


def test_a_bearer_token_works_like_a_session(world, client):
    _token, raw = api_token_create(actor=world.founder, name="script", days=1)
    response = client.get(f"{API}/alliances/{world.alliance.pk}",
                          HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert ok(response)["name"] == "Alliance A"


# Pagination --------------------------------------------------------------------------------------

def test_journal_pages_carry_hal_links(world, client):
    # given alliance A's journal of n entries, read two at a time
    client.force_login(world.founder)
    total = JournalEntry.objects.filter(alliance=world.alliance).count()
    last = -(-total // 2)
    assert last >= 3  # the world gives enough entries for a middle page
    base = f"{API}/alliances/{world.alliance.pk}/journal-entries"

    def href(page: int) -> dict[str, str]:
        return {"href": f"{base}?page={page}&pageSize=2"}

    # when the second page is read
    body = ok(client.get(base, {"page": 2, "pageSize": 2}))

    # then it holds entries n-2 and n-3 and links to every neighbour
    assert body["_links"] == {"self": href(2), "first": href(1), "last": href(last),
                              "prev": href(1), "next": href(3)}
    assert (body["total"], body["page"], body["pageSize"]) == (total, 2, 2)
    assert [e["seq"] for e in body["results"]] == [total - 2, total - 3]
    assert set(body) == {"_links", "total", "page", "pageSize", "results"}

    # and the first and last pages have no prev and next respectively
    first = ok(client.get(base, {"page": 1, "pageSize": 2}))
    assert first["_links"]["prev"] is None
    assert first["_links"]["next"] == href(2)
    assert [e["seq"] for e in first["results"]] == [total, total - 1]
    end = ok(client.get(base, {"page": last, "pageSize": 2}))
    assert end["_links"]["next"] is None
    assert end["_links"]["prev"] == href(last - 1)
    assert [e["seq"] for e in end["results"]] == list(range(total - 2 * (last - 1), 0, -1))


def test_default_page_size_and_links_keep_other_query_parameters(world, client):
    client.force_login(world.founder)
    body = ok(client.get(f"{API}/alliances"))
    assert (body["page"], body["pageSize"], body["total"]) == (1, 50, 1)
    assert body["_links"]["self"] == {"href": f"{API}/alliances?page=1&pageSize=50"}


def test_a_page_past_the_end_is_empty_and_points_back(world, client):
    client.force_login(world.founder)
    body = ok(client.get(f"{API}/alliances", {"page": 7}))
    assert body["results"] == []
    assert body["_links"]["prev"] == {"href": f"{API}/alliances?page=1&pageSize=50"}
    assert body["_links"]["next"] is None


@pytest.mark.parametrize(("query", "name"), [
    ({"page": 0}, "query.page"), ({"pageSize": 0}, "query.pageSize"),
    ({"pageSize": 201}, "query.pageSize"), ({"page": "x"}, "query.page")])
def test_bad_paging_parameters_are_a_400_naming_the_parameter(world, client, query, name):
    client.force_login(world.founder)
    body = problem(client.get(f"{API}/alliances", query), 400)
    assert [p["name"] for p in body["invalidParams"]] == [name]


# Every error is problem+json -------------------------------------------------------------------

def test_400_names_every_invalid_field(world, client):
    client.force_login(world.founder)
    before = counts()
    body = problem(post(client, "/alliances", {"name": "X", "started_on": "tomorrow"}), 400)
    assert {(p["name"], p["code"]) for p in body["invalidParams"]} == {
        ("name", "string_too_short"), ("purpose", "missing"),
        ("started_on", "date_from_datetime_parsing")}
    assert all(p["reason"] for p in body["invalidParams"])
    assert counts() == before


def test_400_for_a_body_that_is_not_json(world, client):
    client.force_login(world.founder)
    response = client.post(f"{API}/alliances", "{not json", content_type="application/json")
    problem(response, 400)


def test_400_for_text_with_nul_characters(world, client):
    # PostgreSQL cannot store NUL; the API refuses it instead of failing with a 500
    client.force_login(world.founder)
    before = counts()
    body = problem(post(client, "/alliances", {"name": "Nul\x00", "purpose": "pp",
                                               "started_on": "2025-01-01"}), 400)
    assert body["invalidParams"] == [{"name": "name", "code": "null_character",
                                      "reason": "Tekst mag geen NUL-tekens bevatten."}]
    assert counts() == before


def test_400_for_a_name_of_only_spaces(world, client):
    client.force_login(world.founder)
    before = counts()
    body = problem(post(client, "/alliances", {"name": "   ", "purpose": "pp",
                                               "started_on": "2025-01-01"}), 400)
    assert [p["name"] for p in body["invalidParams"]] == ["name"]
    assert counts() == before


def test_400_for_a_domain_rule_on_a_field(world, client):
    client.force_login(world.founder)
    before = counts()
    body = problem(post(client, f"/alliances/{world.alliance.pk}/invitations", {
        "partner_id": world.partner_b.pk, "email": "rev@example.org",
        "role": "external_reviewer", "level": "strategic"}), 400)
    assert body["invalidParams"] == [{"name": "ends_on", "code": "invalid",
                                      "reason": body["detail"]}]
    assert counts() == before


def test_401_without_credentials_or_with_a_bad_token(world, client):
    for response in (client.get(f"{API}/alliances"),
                     client.get(f"{API}/alliances", HTTP_AUTHORIZATION="Bearer cct_nope"),
                     post(client, "/alliances", {"name": "Xx", "purpose": "pp",
                                                  "started_on": "2025-01-01"})):
        problem(response, 401)
        assert response["WWW-Authenticate"] == 'Bearer realm="concordia"'
    assert not Alliance.objects.filter(name="Xx").exists()


def test_403_when_the_alliance_is_visible_but_the_role_does_not_allow(world, client):
    client.force_login(world.observer_b)
    before = counts()
    problem(post(client, f"/alliances/{world.alliance.pk}/partners",
                 {"organisation_id": world.stranger.organisation_id, "partner_type": "core"}),
            403)
    problem(client.delete(f"{API}/alliances/{world.alliance.pk}/memberships/"
                          f"{Membership.objects.get(person=world.professional_a).pk}"), 403)
    assert counts() == before


def test_404_for_unknown_and_out_of_reach_objects(world, client):
    client.force_login(world.outsider)
    problem(client.get(f"{API}/alliances/{world.alliance.pk}"), 404)  # exists, not theirs
    problem(client.get(f"{API}/alliances/999999"), 404)
    problem(client.get(f"{API}/alliances/{world.alliance.pk}/journal-entries"), 404)
    problem(client.get(f"{API}/organisations/999999"), 404)
    problem(client.get(f"{API}/no-such-thing"), 404)


def test_404_for_a_trailing_slash(world, client):
    client.force_login(world.founder)
    body = problem(client.get(f"{API}/alliances/", headers={"Accept-Language": "en"}), 404)
    assert body["title"] == "Not Found"


def test_405_for_a_wrong_method_names_the_allowed_ones(world, client):
    client.force_login(world.founder)
    response = client.put(f"{API}/alliances", "{}", content_type="application/json")
    problem(response, 405)
    assert sorted(response["Allow"].split(", ")) == ["GET", "POST"]
    problem(client.patch(f"{API}/alliances/{world.alliance.pk}"), 405)


def test_409_for_a_duplicate(world, client):
    client.force_login(world.founder)
    body = {"organisation_id": world.coordinator_b.organisation_id, "partner_type": "core"}
    before = counts()
    problem(post(client, f"/alliances/{world.alliance.pk}/partners", body), 409)
    assert counts() == before


def test_422_for_a_domain_rule_without_a_field(world, client):
    partner = Partner.objects.get(alliance=world.other_alliance)
    give_role(partner, world.outsider, Role.BOARD_MEMBER, Level.STRATEGIC)
    client.force_login(world.outsider)
    before = counts()
    body = problem(post(client, f"/alliances/{world.other_alliance.pk}/partners/{partner.pk}"
                                "/departure", None), 422)
    assert "invalidParams" not in body
    assert counts() == before


def test_api_version_header_on_every_kind_of_response(world, client):
    client.force_login(world.founder)
    responses = [client.get(f"{API}/alliances"), client.get(f"{API}/openapi.json"),
                 client.get(f"{API}/alliances/"), client.put(f"{API}/alliances"),
                 post(client, "/alliances", {})]
    client.logout()
    responses.append(client.get(f"{API}/alliances"))
    assert [r.status_code for r in responses] == [200, 200, 404, 405, 400, 401]
    assert {r["API-Version"] for r in responses} == {API_VERSION}


# Random input never breaks the API --------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                               max_size=3),
    max_leaves=8)
wild_text = st.text(max_size=220) | st.sampled_from(["", " ", "  ab  ", "x" * 201, "ab\x00"])
iso_dates = st.dates().map(dt.date.isoformat)


def with_nul(text: st.SearchStrategy) -> st.SearchStrategy:
    """The text as it is, or with a NUL character in it (PostgreSQL refuses NUL)."""
    return text | text.map(lambda t: t[:1] + "\x00" + t[1:])


def bodies(plausible: dict[str, st.SearchStrategy]) -> st.SearchStrategy:
    """Any JSON; objects with some of the expected keys holding anything; and complete objects
    with plausible values, to get past the schema into the services."""
    anything = st.one_of(wild_text, json_values)
    return (json_values
            | st.fixed_dictionaries({}, optional={k: v | anything for k, v in plausible.items()})
            | st.fixed_dictionaries(plausible))


def assert_refusal_or_success(response, success: int, allowed: set[int]) -> None:
    assert response.status_code in allowed | {success}, response.content.decode()[:1000]
    if response.status_code != success:
        body = problem(response, response.status_code)
        if response.status_code == 400:
            assert body["invalidParams"], body


@RANDOM
@given(body=bodies({"name": with_nul(st.text(min_size=1, max_size=201)),
                    "purpose": with_nul(st.text(min_size=1, max_size=60)),
                    "started_on": iso_dates}))
def test_random_alliance_bodies(world, client, body):
    client.force_login(world.founder)
    before = counts()
    response = post(client, "/alliances", body)
    assert_refusal_or_success(response, 201, {400})
    after = counts()
    if response.status_code == 201:
        created = Alliance.objects.get(pk=response.json()["id"])
        # Stored as the name rules write it (NFKC: "0²" is stored as "02").
        assert created.name == normalise_name(body["name"])
        assert 2 <= len(created.name) <= 200
        assert after == {**before, "Alliance": before["Alliance"] + 1,
                         "Partner": before["Partner"] + 1,
                         "Membership": before["Membership"] + 1,
                         "JournalEntry": before["JournalEntry"] + 3}
    else:
        assert after == before


@RANDOM
@given(body=bodies({
    "name": with_nul(st.text(min_size=1, max_size=201)),
    "kind": st.sampled_from(OrganisationKind.values),
    "kvk_number": st.sampled_from(["", "12345678", "1234567", "١٢٣٤٥٦٧٨"]),
    "oin": st.sampled_from(["", "0" * 20, "0" * 19]),
    "website": st.sampled_from(["", "https://example.org", "ftp://x", "http://"])}))
def test_random_organisation_bodies(client, body):
    person = PersonFactory(organisation=None)  # a fresh registrant per example
    client.force_login(person)
    before = counts()
    response = post(client, "/organisations", body)
    assert_refusal_or_success(response, 201, {400})
    person.refresh_from_db()
    if response.status_code == 201:
        organisation = Organisation.objects.get(pk=response.json()["id"])
        assert (person.organisation_id, person.is_organisation_admin) == (organisation.pk, True)
        assert counts() == {**before, "Organisation": before["Organisation"] + 1}
    else:
        assert (person.organisation_id, person.is_organisation_admin) == (None, False)
        assert counts() == before


@RANDOM
@given(data=st.data())
def test_random_invitation_bodies(world, client, data):
    partner_ids = list(Partner.objects.values_list("pk", flat=True))
    emails = (with_nul(st.emails())
              | st.sampled_from([world.outsider.email, world.professional_a.email,
                                 "twice@example.org", " Twice@Example.org "]))
    body = data.draw(bodies({
        "partner_id": st.sampled_from(partner_ids) | st.integers(),
        "email": emails, "role": st.sampled_from(Role.values),
        "level": st.sampled_from(Level.values),
        "ends_on": st.none() | iso_dates}))
    client.force_login(world.founder)
    before = counts()
    response = post(client, f"/alliances/{world.alliance.pk}/invitations", body)
    assert_refusal_or_success(response, 201, {400, 403, 409})
    if response.status_code == 403:
        # a role the key alliance manager may not grant for that partner (docs/access.md)
        partner = Partner.objects.get(pk=body["partner_id"], alliance=world.alliance)
        assert not policy.may_grant_role(world.founder, partner, body["role"])
        assert counts() == before
    elif response.status_code == 201:
        invitation = Invitation.objects.get(pk=response.json()["id"])
        assert invitation.email == body["email"].strip().lower()
        assert invitation.alliance_id == world.alliance.pk
        # the invitation and its journal entry (PersonInvited), nothing else
        assert counts() == {**before, "Invitation": before["Invitation"] + 1,
                            "JournalEntry": before["JournalEntry"] + 1}
    else:
        assert counts() == before


# Random input never breaks the HTML forms -------------------------------------------------------

# A browser always sends the form's CSRF token field (the test client does not check it).
BROWSER_FIELDS = {"csrfmiddlewaretoken": "token"}
form_text = st.text(max_size=220) | st.sampled_from(["", " ", "\x00", "x" * 501, "2025-13-01"])


def assert_errors_tied_to_fields(response) -> None:
    """A refused form: 422, every field error rendered next to its field."""
    assert response.status_code == 422, response.status_code
    form = response.context["form"]
    assert form.errors
    content = response.content.decode()
    for name in form.errors:
        if name == "__all__":
            assert 'id="form-errors"' in content
        else:
            assert f'id="id_{name}_error"' in content, name
            widget = re.search(rf'<(?:input|select|textarea)[^>]*\bid="id_{name}"[^>]*>', content)
            assert widget is not None, name
            assert 'aria-invalid="true"' in widget.group(0), widget.group(0)


def form_posts(plausible: dict[str, st.SearchStrategy]) -> st.SearchStrategy:
    """Some fields with plausible or wild values, or every field with a plausible value."""
    return (st.fixed_dictionaries({}, optional={k: v | form_text for k, v in plausible.items()})
            | st.fixed_dictionaries(plausible))


@RANDOM
@given(fields=form_posts({
    "name": with_nul(st.text(min_size=1, max_size=201)),
    "kind": st.sampled_from(OrganisationKind.values),
    "kvk_number": st.sampled_from(["", "12345678", "1234567", "١٢٣٤٥٦٧٨"]),
    "oin": st.sampled_from(["", "0" * 20, "0" * 19]),
    "website": st.sampled_from(["", "https://example.org", "example.org", "ftp://x"])}))
def test_random_organisation_form_posts(client, fields):
    person = PersonFactory(organisation=None)
    client.force_login(person)
    before = counts()
    response = client.post("/organisations/new", {**BROWSER_FIELDS, **fields})
    assert response.status_code in (302, 422)
    person.refresh_from_db()
    if response.status_code == 302:
        assert person.organisation_id is not None
        assert counts() == {**before, "Organisation": before["Organisation"] + 1}
    else:
        assert_errors_tied_to_fields(response)
        assert person.organisation_id is None
        assert counts() == before


@RANDOM
@given(fields=form_posts({
    "name": with_nul(st.text(min_size=1, max_size=201)),
    "purpose": with_nul(st.text(min_size=1, max_size=60)),
    "started_on": iso_dates}))
def test_random_alliance_form_posts(world, client, fields):
    client.force_login(world.founder)
    before = counts()
    response = client.post("/alliances/new", {**BROWSER_FIELDS, **fields})
    assert response.status_code in (302, 422)
    if response.status_code == 302:
        assert counts() == {**before, "Alliance": before["Alliance"] + 1,
                            "Partner": before["Partner"] + 1,
                            "Membership": before["Membership"] + 1,
                            "JournalEntry": before["JournalEntry"] + 3}
    else:
        assert_errors_tied_to_fields(response)
        assert counts() == before


def test_a_duplicate_organisation_name_is_shown_on_the_name_field(client):
    Organisation.objects.create(name="Waterschap", kind="public_body")
    person = PersonFactory(organisation=None)
    client.force_login(person)
    response = client.post("/organisations/new", {"name": "WATERSCHAP", "kind": "public_body"})
    assert_errors_tied_to_fields(response)
    assert list(response.context["form"].errors) == ["name"]
    assert Person.objects.get(pk=person.pk).organisation_id is None
