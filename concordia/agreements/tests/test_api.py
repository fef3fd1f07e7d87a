"""API of the agreements register: the register (paged, filtered), registering, one agreement
with its versions and signatures, changing, proposing, signing and withdrawing per partner, the
matrix as rows; refusals as problem documents that change nothing."""

import json

import pytest
from django.urls import reverse

from concordia.agreements.models import Agreement, AgreementVersion, Signature
from concordia.journal.models import JournalEntry
from concordia.testing.agreements import AgreementsWorld, build_agreements

pytestmark = pytest.mark.django_db


@pytest.fixture
def aw(world) -> AgreementsWorld:
    return build_agreements(world)


def api(name: str, world, **kwargs) -> str:
    return reverse(f"api:{name}", kwargs={"alliance_id": world.alliance.pk, **kwargs})


def send(client, method: str, url: str, body=None):
    return getattr(client, method)(url, data=json.dumps(body or {}),
                                   content_type="application/json")


def test_the_register_lists_what_the_reader_may_read(client, world, aw):
    client.force_login(world.professional_a)
    page = client.get(api("list_agreements", world)).json()
    titles = [r["title"] for r in page["results"]]
    # by kind (service-level agreements, then the matrix), then title; not B and D's own
    assert titles == ["Delivery of wage data", "Quality checks", "Who does what in the chain"]
    quality = page["results"][1]
    assert quality["status"] == "awaiting"
    assert quality["version_awaiting"] == 1
    assert [p["name"] for p in quality["waiting"]] == [aw.partner_d.organisation.name]
    assert len(quality["signed"]) == 2
    matrix = page["results"][2]
    assert (matrix["status"], matrix["version_in_force"]) == ("in_force", 1)
    filtered = client.get(api("list_agreements", world) + "?status=in_force").json()
    assert [r["title"] for r in filtered["results"]] == ["Who does what in the chain"]
    by_kind = client.get(api("list_agreements", world) + "?kind=service_level&pageSize=1")
    assert by_kind.json()["total"] == 2
    assert len(by_kind.json()["results"]) == 1
    assert client.get(api("list_agreements", world) + "?status=nonsense").status_code == 400


def test_register_sign_and_bring_into_force(client, world, aw):
    client.force_login(world.coordinator_b)
    created = send(client, "post", api("create_agreement", world), {
        "kind": "service_level", "title": "Helpdesk hours", "text": "Open 8 to 18.",
        "party_ids": [world.partner_a.pk, world.partner_b.pk], "review_on": "2027-01-01"})
    assert created.status_code == 201
    body = created.json()
    assert body["status"] == "awaiting"
    assert body["versions"][0]["state"] == "awaiting"
    agreement_id = body["id"]
    sign = api("sign_agreement_version", world, agreement_id=agreement_id, number=1)
    first = send(client, "post", sign)
    assert first.status_code == 201
    assert [p["name"] for p in first.json()["signed"]] == [world.partner_b.organisation.name]
    assert send(client, "post", sign).status_code == 409
    client.force_login(world.founder)
    last = send(client, "post", sign)
    assert last.status_code == 201
    assert last.json()["state"] == "in_force"
    assert last.json()["in_force_at"] is not None
    detail = client.get(api("get_agreement", world, agreement_id=agreement_id)).json()
    assert (detail["status"], detail["version_in_force"]) == ("in_force", 1)


def test_a_new_version_waits_while_the_old_stays_in_force(client, world, aw):
    client.force_login(world.founder)
    a, b = world.partner_a.pk, world.partner_b.pk
    proposed = send(client, "post", api("propose_agreement_version", world,
                                        agreement_id=aw.matrix.pk), {
        "note": "Statistics added", "version": aw.matrix.version, "matrix": [
            {"task": "Collect payroll returns", "cells": [{"partner_id": a, "code": "AR"}]},
            {"task": "Publish statistics", "cells": [{"partner_id": b, "code": "AR"},
                                                     {"partner_id": a, "code": "I"}]}]})
    assert proposed.status_code == 201
    assert (proposed.json()["number"], proposed.json()["state"]) == (2, "awaiting")
    matrix = client.get(api("get_responsibility_matrix", world, agreement_id=aw.matrix.pk))
    assert matrix.json()["version"] == 1  # the version in force
    assert [r["task"] for r in matrix.json()["rows"]] == ["Collect payroll returns", "Validate"]
    newer = client.get(api("get_responsibility_matrix", world, agreement_id=aw.matrix.pk)
                       + "?version=2").json()
    assert newer["rows"][1] == {"position": 2, "task": "Publish statistics", "cells": [
        {"partner_id": a, "code": "I"}, {"partner_id": b, "code": "AR"}]}
    assert [c["name"] for c in newer["columns"]] == sorted(
        [world.partner_a.organisation.name, world.partner_b.organisation.name])
    stale = send(client, "post", api("propose_agreement_version", world,
                                     agreement_id=aw.matrix.pk),
                 {"version": aw.matrix.version, "matrix": []})
    assert stale.status_code == 409


def test_a_matrix_row_without_one_accountable_is_refused_on_its_field(client, world, aw):
    client.force_login(world.founder)
    a, b = world.partner_a.pk, world.partner_b.pk
    before = AgreementVersion.objects.count()
    response = send(client, "post", api("propose_agreement_version", world,
                                        agreement_id=aw.matrix.pk), {
        "version": aw.matrix.version, "matrix": [
            {"task": "Validate", "cells": [{"partner_id": a, "code": "A"},
                                           {"partner_id": b, "code": "A"}]}]})
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "matrix"
    assert AgreementVersion.objects.count() == before
    no_matrix = client.get(api("get_responsibility_matrix", world, agreement_id=aw.sla.pk))
    assert no_matrix.status_code == 404


def test_withdraw_only_your_own_partners_signature(client, world, aw):
    url = api("withdraw_agreement_signature", world, agreement_id=aw.half_signed.pk, number=1,
              partner_id=world.partner_b.pk)
    client.force_login(world.founder)  # signs for A, not for B
    assert client.delete(url).status_code == 403
    client.force_login(world.coordinator_b)
    response = client.delete(url)
    assert response.status_code == 200
    assert [p["name"] for p in response.json()["signed"]] == [world.partner_a.organisation.name]
    assert Signature.objects.filter(withdrawn_by=world.coordinator_b).count() == 1


def test_who_may_not_draft_is_refused_before_any_id_is_looked_up(client, world, aw):
    client.force_login(world.professional_a)
    entries = JournalEntry.objects.count()
    response = send(client, "post", api("create_agreement", world), {
        "kind": "other", "title": "x", "text": "y", "party_ids": [999_999_999]})
    assert response.status_code == 403
    client.force_login(world.founder)
    response = send(client, "post", api("create_agreement", world), {
        "kind": "other", "title": "x", "text": "y", "party_ids": [999_999_999]})
    assert response.status_code == 400
    assert response.json()["invalidParams"][0]["name"] == "party_ids"
    other_partner = world.other_alliance.partners.get()
    response = send(client, "post", api("create_agreement", world), {
        "kind": "other", "title": "x", "text": "y", "party_ids": [other_partner.pk]})
    assert response.status_code == 400
    assert JournalEntry.objects.count() == entries
    assert not Agreement.objects.filter(title="x").exists()


def test_change_refuses_a_stale_version(client, world, aw):
    client.force_login(world.coordinator_b)
    url = api("change_agreement", world, agreement_id=aw.sla.pk)
    first = send(client, "put", url, {"title": "Delivery", "version": aw.sla.version,
                                      "review_on": "2029-01-01"})
    assert first.status_code == 200
    assert (first.json()["title"], first.json()["version"]) == ("Delivery", aw.sla.version + 1)
    assert send(client, "put", url, {"title": "Again", "version": aw.sla.version}
                ).status_code == 409


def test_another_alliance_is_out_of_reach(client, world, aw):
    client.force_login(world.outsider)
    assert client.get(api("get_agreement", world, agreement_id=aw.sla.pk)).status_code == 404
    assert client.get(reverse("api:get_agreement", kwargs={
        "alliance_id": world.other_alliance.pk, "agreement_id": aw.sla.pk})).status_code == 404
    assert send(client, "post", reverse("api:sign_agreement_version", kwargs={
        "alliance_id": world.other_alliance.pk, "agreement_id": aw.sla.pk, "number": 1})
    ).status_code == 404
    assert Signature.objects.filter(version__agreement=aw.sla).count() == 0


def test_a_retried_signature_with_its_key_gets_the_first_answer(client, world, aw):
    client.force_login(world.founder)
    sign = api("sign_agreement_version", world, agreement_id=aw.sla.pk, number=1)
    entries = JournalEntry.objects.count()
    first = client.post(sign, data="{}", content_type="application/json",
                        headers={"Idempotency-Key": "sign-sla-1"})
    again = client.post(sign, data="{}", content_type="application/json",
                        headers={"Idempotency-Key": "sign-sla-1"})
    assert (first.status_code, again.status_code) == (201, 201)
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert Signature.objects.filter(version__agreement=aw.sla).count() == 1
    assert JournalEntry.objects.count() == entries + 1
    # without the key, the same request is a second signature: refused
    assert client.post(sign, data="{}", content_type="application/json").status_code == 409
