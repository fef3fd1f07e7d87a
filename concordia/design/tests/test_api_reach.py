"""Design API: other alliances are out of reach, and lists hide them with flat query counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from concordia.accounts.models import Person
from concordia.alliances.choices import Level, Role
from concordia.alliances.models import Partner
from concordia.design import services
from concordia.design.choices import StatementKind
from concordia.design.models import (
    Endorsement,
    GlossaryTerm,
)
from concordia.design.stage_rules import QUESTION_KEYS
from concordia.design.tests.state import design_state
from concordia.design.tests.support import API_BODY_PROFILE as PROFILE
from concordia.design.tests.support import (
    answers,
    api,
    as_client,
    ok,
    problem,
    send,
)
from concordia.testing.factories import PersonFactory, World, give_role

# --- other alliances are out of reach ------------------------------------------------------

READS = ["get_profile", "list_partner_designs", "get_objective_progress",
         "list_objective_versions", "get_values_progress", "list_values_versions",
         "list_stage_questions", "list_stage_assessments", "list_glossary_terms"]


@pytest.mark.parametrize("name", READS)
@pytest.mark.parametrize("actor", ["outsider", "stranger", "expired_reviewer", "removed"])
def test_reads_of_another_alliance_are_404(world, name, actor):
    response = as_client(getattr(world, actor)).get(api(name, world))

    assert problem(response, 404)["detail"] == "Not found, or outside your reach."


@pytest.mark.parametrize("name", READS)
def test_anonymous_reads_are_401(world, name):
    response = Client().get(api(name, world))

    problem(response, 401)
    assert response["WWW-Authenticate"] == 'Bearer realm="concordia"'


WRITES = [
    ("put", "put_profile", {}, PROFILE),
    ("put", "put_interest", {"partner_id": "A"}, {"own_interest": "x"}),
    ("put", "put_resistance", {"partner_id": "A"}, {"source": "imposed"}),
    ("post", "create_objective_version", {}, {"text": "Intrusion"}),
    ("post", "create_values_version", {}, {"text": "Intrusion"}),
    ("post", "endorse_objective", {"number": 1}, {}),
    ("post", "endorse_values", {"number": 1}, {}),
    ("delete", "withdraw_objective_endorsement", {"number": 1, "partner_id": "A"}, None),
    ("delete", "withdraw_values_endorsement", {"number": 1, "partner_id": "A"}, None),
    ("post", "create_stage_assessment", {}, {"assessed_on": "2024-01-01",
                                             "answers": dict.fromkeys(QUESTION_KEYS, 2)}),
    ("post", "create_glossary_term", {}, {"term": "Intrusion"}),
    ("put", "put_own_definition", {"term_id": "T"}, {"definition": "Intrusion"}),
    ("post", "create_definition_version", {"term_id": "T"}, {"definition": "Intrusion"}),
    ("post", "remark_objective", {"number": 1}, {"kind": "comment", "text": "Intrusion"}),
    ("post", "withdraw_objective_proposal", {"number": 1}, None),
]


@pytest.mark.parametrize(("method", "name", "kwargs", "body"), WRITES,
                         ids=[w[1] for w in WRITES])
def test_writes_by_a_board_member_of_another_alliance_are_404(world, term, method, name,
                                                              kwargs, body):
    # given alliance A has an endorsed objective and values statement, and alliance Z a board
    board_a = PersonFactory(organisation=world.founder.organisation)
    give_role(world.partner_a, board_a, Role.BOARD_MEMBER, Level.STRATEGIC)
    for kind in (StatementKind.OBJECTIVE, StatementKind.VALUES):
        version = services.statement_draft(actor=world.founder, alliance=world.alliance,
                                           kind=kind, text="Ours", based_on=0)
        services.statement_endorse(actor=Person.objects.get(pk=board_a.pk), version=version)
    partner_z = Partner.objects.get(alliance=world.other_alliance)
    board_z = PersonFactory(organisation=world.outsider.organisation)
    give_role(partner_z, board_z, Role.BOARD_MEMBER, Level.STRATEGIC)
    resolved = {k: {"A": world.partner_a.pk, "T": term.pk}.get(v, v) for k, v in kwargs.items()}
    before = design_state()

    for actor in (world.outsider, board_z):
        client = as_client(actor)
        target = api(name, world, **resolved)
        response = (client.delete(target) if method == "delete"
                    else send(client, method, target, body))
        problem(response, 404)

    assert design_state() == before


def test_term_of_another_alliance_is_404_through_this_alliance(world):
    foreign = services.glossary_term_add(actor=world.outsider, alliance=world.other_alliance,
                                         term="Secret")
    client = as_client(world.founder)

    read = client.get(api("get_glossary_term", world, term_id=foreign.pk))
    write = send(client, "post", api("create_definition_version", world, term_id=foreign.pk),
                 {"definition": "Mine"})

    problem(read, 404)
    problem(write, 404)
    assert GlossaryTerm.objects.get(pk=foreign.pk).agreed_definition == ""


# --- lists: other alliances invisible, query counts flat -----------------------------------


def seed(world: World, kind: str, alliance_key: str, first: int, last: int,
         board: Person | None) -> list[str]:
    """Rows first..last of one list in alliance A ("own") or Z ("foreign"); returns markers."""
    alliance = world.alliance if alliance_key == "own" else world.other_alliance
    actor = world.founder if alliance_key == "own" else world.outsider
    markers = []
    for n in range(first, last + 1):
        marker = f"{alliance_key} {kind} {n}"
        if kind == "versions":
            version = services.statement_draft(actor=actor, alliance=alliance,
                                               kind=StatementKind.OBJECTIVE, text=marker,
                                               based_on=n - 1)
            if board is not None:
                Endorsement.objects.create(version=version, partner=world.partner_a,
                                           endorsed_by=board)
        elif kind == "terms":
            term = services.glossary_term_add(actor=actor, alliance=alliance, term=marker)
            if alliance_key == "own":
                for person in (world.founder, world.coordinator_b):
                    services.partner_definition_set(actor=Person.objects.get(pk=person.pk),
                                                    term=term, definition=f"{marker} meaning")
        else:
            services.stage_assess(actor=actor, alliance=alliance,
                                  assessed_on=dt.date(2000 + n, 1, 1), answers=answers(2),
                                  note=marker)
        markers.append(marker)
    return markers


LIST_ROUTES = {
    "versions": ("list_objective_versions", "text"),
    "terms": ("list_glossary_terms", "term"),
    "stages": ("list_stage_assessments", "note"),
}


@pytest.mark.parametrize("kind", list(LIST_ROUTES))
def test_api_lists_have_flat_query_counts_and_hide_other_alliances(world, boards, kind):
    name, key = LIST_ROUTES[kind]
    client = as_client(world.founder)
    target = api(name, world)
    assert client.get(target).status_code == 200  # warm-up
    own = seed(world, kind, "own", 1, 1, boards.a)
    foreign = seed(world, kind, "foreign", 1, 1, None)

    with CaptureQueriesContext(connection) as one:
        body_one = ok(client.get(target))
    own += seed(world, kind, "own", 2, 10, boards.a)
    foreign += seed(world, kind, "foreign", 2, 10, None)
    with CaptureQueriesContext(connection) as ten:
        body_ten = ok(client.get(target))

    queries_one = [q["sql"] for q in one.captured_queries]
    queries_ten = [q["sql"] for q in ten.captured_queries]
    assert len(queries_one) == len(queries_ten), "\n".join([*queries_one, "---", *queries_ten])
    assert (body_one["total"], body_ten["total"]) == (1, 10)
    assert sorted(r[key] for r in body_ten["results"]) == sorted(own)
    listed = {r[key] for r in body_one["results"] + body_ten["results"]}
    assert listed.isdisjoint(foreign)
