"""The journal kinds registry: each app registers its kinds; the journal refuses the rest;
docs/journal.md lists exactly the registry; the dashboard shows only commitments."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import translation

from concordia.journal import registry
from concordia.journal.models import JournalEntry
from concordia.journal.services import journal_append

DOC = Path(settings.BASE_DIR) / "docs" / "journal.md"


def test_docs_list_exactly_the_registered_kinds():
    text = DOC.read_text(encoding="utf-8")
    documented = re.search(r"<!-- journal-kinds:start -->\n(.*)\n<!-- journal-kinds:end -->",
                           text, re.DOTALL)
    assert documented is not None, "docs/journal.md lost its journal-kinds markers"
    with translation.override("en"):
        expected = registry.documented_list()
    assert documented.group(1) == expected, (
        "docs/journal.md differs from the registry; paste `manage.py journal_kinds` between "
        "its journal-kinds markers")


def test_every_app_kind_is_registered_with_a_label_of_its_own():
    names = {k.name for k in registry.kinds() if k.app != "tests"}
    assert {"AllianceCreated", "PartnerJoined", "RoleGranted", "ObjectiveEndorsed",
            "TermAgreed", "BuildingBlockSet"} <= names
    with translation.override("nl"):
        assert registry.label("PartnerJoined") == "Partner toegetreden"
    with translation.override("en"):
        assert registry.label("PartnerJoined") == "Partner joined"
    assert registry.label("NeverRegistered") == "NeverRegistered"
    assert registry.describe("NeverRegistered", {"name": "x"}) == ""


@pytest.mark.parametrize("name", ["objectiveEndorsed", "Objective_Endorsed", "Endorsed!", ""])
def test_kind_names_must_be_one_camel_case_word(name):
    with pytest.raises(ValueError, match="CamelCase"):
        registry.register(name, label="x", commitment=False, app="tests")
    assert not registry.is_registered(name)


def test_a_kind_cannot_be_registered_twice_differently():
    before = registry.get("AllianceCreated")
    with pytest.raises(ValueError, match="already registered by alliances"):
        registry.register("AllianceCreated", label="Other", commitment=False, app="tests")
    assert registry.get("AllianceCreated") is before


@pytest.mark.django_db
def test_journal_append_refuses_an_unregistered_kind(world):
    count = JournalEntry.objects.count()
    with pytest.raises(registry.UnknownKind, match="'SomethingHappened' is not registered"), \
            transaction.atomic():
        journal_append(alliance=world.alliance, actor=world.founder, kind="SomethingHappened",
                       subject=world.alliance, payload={})
    assert JournalEntry.objects.count() == count


@pytest.mark.django_db
def test_the_apps_describe_what_their_services_recorded(world):
    # given the entries the world's services wrote (alliances and roles)
    entries = list(JournalEntry.objects.filter(alliance=world.alliance).order_by("seq"))
    by_kind = {e.kind: e for e in reversed(entries)}  # the first entry of each kind

    # then each reads as its app describes it
    with translation.override("en"):
        assert registry.describe("AllianceCreated", by_kind["AllianceCreated"].payload) == \
            "Alliance A"
        joined = by_kind["PartnerJoined"]
        assert registry.describe("PartnerJoined", joined.payload) == \
            f"{joined.payload['organisation']} — owner"
        granted = by_kind["RoleGranted"]
        assert registry.describe("RoleGranted", granted.payload) == (
            f"{granted.payload['person']} — key alliance manager "
            f"({granted.payload['partner']})")
        assert registry.describe("ObjectiveEndorsed", {"number": 3, "partner": "Org"}) == \
            "version 3 — Org"
        assert registry.describe("TermAgreed", {"term": "Client", "definition": "A person"}) \
            == "Client: A person"


@pytest.mark.django_db
def test_dashboard_recent_commitments_show_only_commitment_kinds(world, client):
    # given the alliance's journal holds commitments and other kinds (roles granted)
    kinds = set(JournalEntry.objects.filter(alliance=world.alliance).values_list("kind",
                                                                                flat=True))
    assert {"RoleGranted", "AllianceCreated"} <= kinds

    # when the founder opens the dashboard
    client.force_login(world.founder)
    response = client.get(f"/alliances/{world.alliance.pk}/")

    # then only commitments are listed, newest first
    recent = response.context["recent"]()  # a callable: read only when the page is not cached
    assert recent, "the world has commitments"
    assert {e.kind for e in recent} <= set(registry.commitment_kinds())
    assert [e.seq for e in recent] == sorted((e.seq for e in recent), reverse=True)
    expected = list(JournalEntry.objects.filter(
        alliance=world.alliance, kind__in=registry.commitment_kinds()).order_by("-seq")
        .values_list("seq", flat=True)[:8])
    assert [e.seq for e in recent] == expected

