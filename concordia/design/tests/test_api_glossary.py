"""Design API, the glossary: terms, partners' definitions, the agreed definition."""

import pytest

from concordia.design import services
from concordia.design.models import (
    GlossaryTerm,
    PartnerDefinition,
)
from concordia.design.tests.state import design_state
from concordia.design.tests.support import (
    api,
    as_client,
    ok,
    problem,
    send,
)
from concordia.journal.models import JournalEntry

# --- glossary ------------------------------------------------------------------------------


def test_term_is_created_defined_proposed_and_agreed_once_every_partner_endorsed(world, boards):
    created = ok(send(as_client(world.founder), "post", api("create_glossary_term", world),
                      {"term": "Income"}), 201)
    assert {k: created[k] for k in ("term", "agreed_definition", "agreed_at", "version",
                                    "definitions")} == {
        "term": "Income", "agreed_definition": "", "agreed_at": None, "version": 1,
        "definitions": []}
    term_id = created["id"]

    ok(send(as_client(world.professional_a), "put",
            api("put_own_definition", world, term_id=term_id), {"definition": "Gross wage"}))
    defined = ok(send(as_client(world.coordinator_b), "put",
                      api("put_own_definition", world, term_id=term_id),
                      {"definition": "Net wage"}))
    proposed = ok(send(as_client(world.coordinator_b), "post",
                       api("create_definition_version", world, term_id=term_id),
                       {"definition": "Wage before tax"}), 201)
    assert (proposed["number"], proposed["status"], proposed["text"]) == (
        1, "proposal", "Wage before tax")
    ok(send(as_client(boards.a), "post",
            api("endorse_definition", world, term_id=term_id, number=1)), 201)
    # one of two partners endorsed: not agreed yet
    assert ok(as_client(world.reviewer).get(api(
        "get_glossary_term", world, term_id=term_id)))["agreed_definition"] == ""
    ok(send(as_client(boards.b), "post",
            api("endorse_definition", world, term_id=term_id, number=1)), 201)
    agreed = ok(as_client(world.founder).get(api("get_glossary_term", world, term_id=term_id)))

    assert sorted((d["partner_id"], d["definition"]) for d in defined["definitions"]) == sorted([
        (world.partner_a.pk, "Gross wage"), (world.partner_b.pk, "Net wage")])
    assert (agreed["agreed_definition"], agreed["version"]) == ("Wage before tax", 2)
    assert agreed["agreed_at"] is not None
    assert ok(as_client(world.reviewer).get(api("get_glossary_term", world,
                                                 term_id=term_id))) == agreed
    listed = ok(as_client(world.reviewer).get(api("list_glossary_terms", world)))
    assert listed["results"] == [agreed]
    assert list(JournalEntry.objects.filter(kind="TermAgreed").values_list(
        "payload", flat=True)) == [{"number": 1, "term": "Income",
                                    "definition": "Wage before tax"}]
    version = ok(as_client(world.reviewer).get(api("get_definition_version", world,
                                                   term_id=term_id, number=1)))
    assert (version["status"], version["compared_with"]) == ("in_force", None)
    assert version["diff"] == [{"field": "text", "parts": [
        {"op": "inserted", "text": "Wage before tax"}]}]


@pytest.fixture
def term(world) -> GlossaryTerm:
    return services.glossary_term_add(actor=world.founder, alliance=world.alliance,
                                      term="Income")


def test_duplicate_term_is_409(world, term):
    response = send(as_client(world.coordinator_b), "post", api("create_glossary_term", world),
                    {"term": "INCOME"})

    assert problem(response, 409)["detail"] == "This term is in the glossary already."
    assert GlossaryTerm.objects.count() == 1


def test_stale_proposed_definition_is_409(world, term):
    services.glossary_definition_propose(actor=world.founder, term=term, definition="First")
    before = design_state()

    response = send(as_client(world.coordinator_b), "post",
                    api("create_definition_version", world, term_id=term.pk),
                    {"definition": "Second", "based_on": 0})

    assert problem(response, 409)["type"] == "urn:concordia:problem:stale"
    assert design_state() == before


@pytest.mark.parametrize(("name", "body", "param"), [
    ("create_glossary_term", {"term": ""}, "term"),
    ("put_own_definition", {"definition": ""}, "definition"),
    ("create_definition_version", {"definition": "x", "based_on": -1}, "based_on"),
    ("create_definition_version", {}, "definition"),
])
def test_invalid_glossary_input_is_400(world, term, name, body, param):
    method = "post" if name.startswith("create") else "put"
    kwargs = {} if name == "create_glossary_term" else {"term_id": term.pk}
    before = design_state()

    response = send(as_client(world.founder), method, api(name, world, **kwargs), body)

    assert [p["name"] for p in problem(response, 400)["invalidParams"]] == [param]
    assert design_state() == before


@pytest.mark.parametrize("actor", ["observer_b", "reviewer"])
def test_read_only_roles_cannot_give_a_definition(world, term, actor):
    response = send(as_client(getattr(world, actor)), "put",
                    api("put_own_definition", world, term_id=term.pk), {"definition": "Ours"})

    problem(response, 403)
    assert PartnerDefinition.objects.count() == 0


@pytest.mark.parametrize(("name", "method", "body"), [
    ("create_glossary_term", "post", {"term": "Mine"}),
    ("create_definition_version", "post", {"definition": "Mine"}),
])
def test_glossary_steering_by_a_non_editor_is_403(world, term, name, method, body):
    kwargs = {} if name == "create_glossary_term" else {"term_id": term.pk}
    before = design_state()

    response = send(as_client(world.professional_a), method, api(name, world, **kwargs), body)

    problem(response, 403)
    assert design_state() == before
