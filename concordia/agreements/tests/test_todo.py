"""Agreements waiting for a partner's signature are on the to-do list of those who may sign for
it, until their partner has signed or the version is in force."""

import pytest
from django.urls import reverse

from concordia.agreements import services
from concordia.testing.agreements import AgreementsWorld, build_agreements
from concordia.todo import selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def aw(world) -> AgreementsWorld:
    return build_agreements(world)


def waiting(person) -> list[tuple[str, int]]:
    return [(v.agreement.title, v.number) for v in selectors.signatures_waiting(user=person)]


def test_the_signers_of_each_party_have_it_on_their_list(world, aw):
    assert waiting(world.founder) == [("Delivery of wage data", 1)]
    assert waiting(aw.coordinator_d) == [("Delivery of wage data", 1), ("Quality checks", 1),
                                         ("Staff exchange B and D", 1)]
    assert waiting(world.professional_a) == []  # may not sign
    assert waiting(world.observer_b) == []
    services.version_sign(actor=aw.coordinator_d, version=aw.half_signed.versions.get())
    assert ("Quality checks", 1) not in waiting(aw.coordinator_d)
    services.version_propose(actor=world.founder, agreement=aw.half_signed,
                             expected_version=aw.half_signed.version, text="New terms.")
    assert ("Quality checks", 2) in waiting(world.founder)  # every party signs again
    assert selectors.todo_counts(user=aw.coordinator_d)["signatures"] == 3


def test_the_home_page_and_the_api_list_them(client, world, aw):
    client.force_login(world.coordinator_b)
    html = client.get(reverse("home")).content.decode()
    assert "Agreements waiting for your partner's signature" in html
    assert "Delivery of wage data, version 1" in html
    body = client.get(reverse("api:get_my_todo")).json()
    assert [s["title"] for s in body["signatures"]] == ["Delivery of wage data",
                                                        "Staff exchange B and D"]
    assert body["counts"]["signatures"] == 2
