"""A partner's own words are that partner's (issue: another partner's words overwritten).

Its own interest, expected resistance and definitions are written by its own people who may
write; the key alliance manager drafts them only where the partner has written nothing yet, and
the draft is marked until the partner edits it. Who reads expected resistance is decided by
`partner.read_resistance` (docs/access.md)."""

import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from concordia.accounts.models import Person
from concordia.alliances.choices import Level, Role
from concordia.design import selectors, services
from concordia.design.models import (
    ExpectedResistance,
    GlossaryTerm,
    PartnerDefinition,
    PartnerInterest,
)
from concordia.journal.models import JournalEntry
from concordia.testing.factories import PersonFactory, give_role


@pytest.fixture(autouse=True)
def _english():
    translation.activate("en")
    yield
    translation.deactivate()


def fresh(person: Person) -> Person:
    return Person.objects.get(pk=person.pk)


def words() -> dict[str, Any]:
    """Everything a partner's words are, with the draft marks, and the journal's length."""
    return {
        "interests": list(PartnerInterest.objects.order_by("pk").values_list(
            "partner_id", "own_interest", "shared_interest", "drafted_by_id")),
        "resistances": list(ExpectedResistance.objects.order_by("pk").values_list(
            "partner_id", "source", "note", "mitigation", "drafted_by_id")),
        "definitions": list(PartnerDefinition.objects.order_by("pk").values_list(
            "partner_id", "definition", "drafted_by_id")),
        "journal": JournalEntry.objects.count(),
    }


def last_entry() -> tuple[str, int | None, dict[str, Any]]:
    entry = JournalEntry.objects.order_by("-pk").first()
    assert entry is not None
    return entry.kind, entry.actor_id, entry.payload


def set_interest(world, actor: Person, partner, text: str = "Fewer calls"):
    return services.partner_interest_set(actor=fresh(actor), alliance=world.alliance,
                                         partner=partner, own_interest=text,
                                         shared_interest="One register")


def set_resistance(world, actor: Person, partner, source: str = "imposed",
                   note: str = "Fear"):
    return services.resistance_set(actor=fresh(actor), alliance=world.alliance,
                                   partner=partner, source=source, note=note)


@pytest.fixture
def term(world) -> GlossaryTerm:
    return services.glossary_term_add(actor=world.founder, alliance=world.alliance,
                                      term="Income")


# --- who writes ---------------------------------------------------------------------------

OTHERS_WORDS = {
    "interest": lambda w, t: set_interest(w, w.coordinator_b, w.partner_a, "Theirs"),
    "resistance": lambda w, t: set_resistance(w, w.coordinator_b, w.partner_a, note="Theirs"),
    "definition": lambda w, t: services.partner_definition_set(
        actor=fresh(w.coordinator_b), term=t, partner=w.partner_a, definition="Theirs"),
}


@pytest.mark.parametrize("write", list(OTHERS_WORDS))
def test_a_coordinator_cannot_write_another_partners_words(world, term, write):
    # given partner A's words, written by its own people
    set_interest(world, world.professional_a, world.partner_a, "Ours")
    set_resistance(world, world.professional_a, world.partner_a)
    services.partner_definition_set(actor=fresh(world.professional_a), term=term,
                                    definition="Ours")
    before = words()

    # when partner B's coordinator tries to write them
    with pytest.raises(PermissionDenied):
        OTHERS_WORDS[write](world, term)

    # then nothing changed, not even the journal
    assert words() == before


@pytest.mark.parametrize("actor", ["observer_b", "reviewer", "outsider", "stranger"])
def test_read_only_roles_and_outsiders_write_no_words(world, actor):
    before = words()

    for partner in (world.partner_a, world.partner_b):
        with pytest.raises(PermissionDenied):
            set_interest(world, getattr(world, actor), partner)
        with pytest.raises(PermissionDenied):
            set_resistance(world, getattr(world, actor), partner)

    assert words() == before


def test_a_partners_own_people_write_its_words_and_the_journal_names_them(world):
    interest = set_interest(world, world.coordinator_b, world.partner_b, "Fewer calls")

    assert (interest.own_interest, interest.drafted_by_id) == ("Fewer calls", None)
    assert last_entry() == ("PartnerInterestSet", world.coordinator_b.pk, {
        "partner": world.partner_b.organisation.name, "own_interest": "Fewer calls",
        "shared_interest": "One register", "drafted_by_key_alliance_manager": False})

    resistance = set_resistance(world, world.professional_a, world.partner_a)

    assert (resistance.note, resistance.drafted_by_id) == ("Fear", None)
    # the text stays out of the journal: everyone in the alliance reads the journal
    assert last_entry() == ("ResistanceSet", world.professional_a.pk, {
        "partner": world.partner_a.organisation.name,
        "drafted_by_key_alliance_manager": False})


def test_the_key_alliance_manager_drafts_until_the_partner_writes(world):
    # when the key alliance manager drafts partner B's interest (B wrote nothing yet)
    draft = set_interest(world, world.founder, world.partner_b, "Draft")

    # then it is marked as their draft, in the row and the journal
    assert draft.drafted_by_id == world.founder.pk
    assert last_entry()[2]["drafted_by_key_alliance_manager"] is True
    # and they may refine their own draft while B has still written nothing
    assert set_interest(world, world.founder, world.partner_b, "Draft 2").drafted_by_id == (
        world.founder.pk)

    # when B's coordinator edits it, it becomes B's own words
    own = set_interest(world, world.coordinator_b, world.partner_b, "Ours")
    assert own.drafted_by_id is None
    before = words()

    # then the key alliance manager may no longer change it
    with pytest.raises(PermissionDenied):
        set_interest(world, world.founder, world.partner_b, "Overwritten")
    assert words() == before


def test_the_key_alliance_manager_drafts_resistance_only_for_sources_the_partner_left_open(
        world):
    set_resistance(world, world.coordinator_b, world.partner_b, source="imposed")
    before = words()

    with pytest.raises(PermissionDenied):
        set_resistance(world, world.founder, world.partner_b, source="imposed", note="Mine")
    assert words() == before

    drafted = set_resistance(world, world.founder, world.partner_b, source="autonomy_loss")
    assert drafted.drafted_by_id == world.founder.pk
    # a draft the partner has not taken over may be removed by its drafter, not a partner's own
    services.resistance_remove(actor=fresh(world.founder), alliance=world.alliance,
                               resistance=drafted)
    own = ExpectedResistance.objects.get(partner=world.partner_b, source="imposed")
    with pytest.raises(PermissionDenied):
        services.resistance_remove(actor=fresh(world.founder), alliance=world.alliance,
                                   resistance=own)
    assert list(ExpectedResistance.objects.values_list("source", flat=True)) == ["imposed"]
    assert last_entry() == ("ResistanceRemoved", world.founder.pk,
                            {"partner": world.partner_b.organisation.name})


def test_the_key_alliance_manager_drafts_a_definition_until_the_partner_gives_its_own(
        world, term):
    drafted = services.partner_definition_set(actor=fresh(world.founder), term=term,
                                              partner=world.partner_b, definition="Draft")
    assert drafted.drafted_by_id == world.founder.pk
    assert last_entry() == ("PartnerDefinitionSet", world.founder.pk, {
        "term": "Income", "partner": world.partner_b.organisation.name, "definition": "Draft",
        "drafted_by_key_alliance_manager": True})

    own = services.partner_definition_set(actor=fresh(world.coordinator_b), term=term,
                                          definition="Ours")
    assert (own.pk, own.definition, own.drafted_by_id) == (drafted.pk, "Ours", None)
    before = words()
    with pytest.raises(PermissionDenied):
        services.partner_definition_set(actor=fresh(world.founder), term=term,
                                        partner=world.partner_b, definition="Overwritten")
    assert words() == before


# --- who reads the expected resistance ------------------------------------------------------

@pytest.mark.parametrize(("actor", "readable"), [
    ("founder", {"a", "b"}),          # key alliance manager: every partner
    ("coordinator_b", {"a", "b"}),    # a coordinator: every partner
    ("professional_a", {"a"}),        # own partner only
    ("board_b", {"b"}),
    ("observer_b", {"b"}),            # an observer reads their own partner's
    ("reviewer", set()),              # an external reviewer is nobody's own
])
def test_expected_resistance_is_read_by_steering_roles_and_the_partners_own_people(
        world, actor, readable):
    board_b = PersonFactory(organisation=world.coordinator_b.organisation)
    give_role(world.partner_b, board_b, Role.BOARD_MEMBER, Level.STRATEGIC)
    set_resistance(world, world.professional_a, world.partner_a, note="A fears")
    set_resistance(world, world.coordinator_b, world.partner_b, note="B fears")
    person = board_b if actor == "board_b" else getattr(world, actor)
    names = {world.partner_a.pk: "a", world.partner_b.pk: "b"}

    partners = list(selectors.partner_design_list(user=fresh(person), alliance=world.alliance))

    assert {names[p.pk] for p in partners if p.resistance_visible} == readable
    assert {names[p.pk]: [r.note for r in p.expected_resistance.all()] for p in partners} == {
        "a": ["A fears"] if "a" in readable else [],
        "b": ["B fears"] if "b" in readable else []}


def test_api_hides_other_partners_resistance_and_marks_drafts(world, client):
    set_resistance(world, world.professional_a, world.partner_a, note="A fears")
    set_interest(world, world.founder, world.partner_b, "Drafted for B")
    client.force_login(world.observer_b)

    response = client.get(f"/api/v1/alliances/{world.alliance.pk}/partner-designs")

    assert response.status_code == 200
    rows = {row["partner_id"]: row for row in response.json()["results"]}
    assert rows[world.partner_a.pk]["resistance_visible"] is False
    assert rows[world.partner_a.pk]["expected_resistance"] == []
    assert rows[world.partner_b.pk]["resistance_visible"] is True
    assert rows[world.partner_b.pk]["own_interest"] == "Drafted for B"
    assert rows[world.partner_b.pk]["interest_drafted_by_key_alliance_manager"] is True


# --- the API and the form: 403 for others, nothing changed ------------------------------------

def test_api_refuses_another_partners_coordinator_with_403(world, client):
    set_interest(world, world.professional_a, world.partner_a, "Ours")
    before = words()
    client.force_login(world.coordinator_b)
    base = f"/api/v1/alliances/{world.alliance.pk}/partner-designs/{world.partner_a.pk}"

    interest = client.put(f"{base}/interest", content_type="application/json",
                          data=json.dumps({"own_interest": "Theirs", "shared_interest": ""}))
    resistance = client.put(f"{base}/resistances", content_type="application/json",
                            data=json.dumps({"source": "imposed", "note": "Theirs",
                                             "mitigation": ""}))

    assert (interest.status_code, resistance.status_code) == (403, 403)
    assert interest["Content-Type"] == "application/problem+json"
    assert words() == before


def test_api_answers_the_draft_mark(world, client):
    client.force_login(world.founder)

    response = client.put(
        f"/api/v1/alliances/{world.alliance.pk}/partner-designs/{world.partner_b.pk}/interest",
        content_type="application/json",
        data=json.dumps({"own_interest": "Draft", "shared_interest": "Shared"}))

    assert response.status_code == 200
    assert response.json() == {"own_interest": "Draft", "shared_interest": "Shared",
                               "drafted_by_key_alliance_manager": True}


def test_form_refuses_another_partners_coordinator_with_403(world, client):
    before = words()
    client.force_login(world.coordinator_b)
    url = reverse("partner_design_edit", kwargs={"pk": world.alliance.pk,
                                                 "partner_pk": world.partner_a.pk})

    page = client.get(url)
    post = client.post(url, {"save_interest": "1", "interest-own_interest": "Theirs",
                             "interest-shared_interest": ""})

    assert (page.status_code, post.status_code) == (403, 403)
    assert words() == before


@pytest.mark.parametrize(("language", "mark"), [
    ("en", "drafted by the key alliance manager"),
    ("nl", "opgesteld door de alliantiemanager")])
def test_pages_show_the_draft_mark(world, client, term, language, mark):
    set_interest(world, world.founder, world.partner_b, "Drafted for B")
    services.partner_definition_set(actor=fresh(world.founder), term=term,
                                    partner=world.partner_b, definition="Drafted meaning")
    person = fresh(world.coordinator_b)
    person.language = language
    person.save(update_fields=["language"])
    client.force_login(person)

    overview = client.get(reverse("design_overview", kwargs={"pk": world.alliance.pk}))
    glossary = client.get(reverse("glossary_term", kwargs={"pk": world.alliance.pk,
                                                           "term_pk": term.pk}))

    assert overview.status_code == glossary.status_code == 200
    assert f"Drafted for B<small class=\"draft\"> ({mark})</small>" in overview.content.decode()
    assert f"Drafted meaning<small class=\"draft\"> ({mark})</small>" in (
        glossary.content.decode())
