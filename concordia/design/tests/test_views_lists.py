"""Design pages: other alliances stay invisible and list query counts stay flat."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from concordia.accounts.models import Person
from concordia.design import services
from concordia.design.choices import StatementKind
from concordia.design.models import Endorsement
from concordia.design.tests.support import (
    answers,
    fresh,
    statement_url,
)
from concordia.testing.factories import World

# --- other alliances stay invisible; query counts stay flat --------------------------------


def seed_versions(world: World, first: int, last: int, board_a: Person) -> list[str]:
    """Versions first..last of alliance A's objective, each endorsed by partner A."""
    markers = []
    for n in range(first, last + 1):
        text = f"Objective text number {n}"
        version = services.statement_draft(actor=world.founder, alliance=world.alliance,
                                           kind=StatementKind.OBJECTIVE, text=text,
                                           based_on=n - 1)
        Endorsement.objects.create(version=version, partner=world.partner_a, endorsed_by=board_a)
        markers.append(f">Version {n}</a>")
    return markers


def seed_foreign_versions(world: World, first: int, last: int) -> list[str]:
    markers = []
    for n in range(first, last + 1):
        text = f"Zeta secret objective {n}"
        services.statement_draft(actor=world.outsider, alliance=world.other_alliance,
                                 kind=StatementKind.OBJECTIVE, text=text, based_on=n - 1)
        markers.append(text)
    return markers


def seed_terms(world: World, first: int, last: int, board_a: Person) -> list[str]:
    """Terms with both partners' definitions and a proposed agreed definition that partner A
    endorsed: the list links each term and its proposal."""
    markers = []
    for n in range(first, last + 1):
        term = services.glossary_term_add(actor=world.founder, alliance=world.alliance,
                                          term=f"Term number {n}")
        services.partner_definition_set(actor=fresh(world.founder), term=term,
                                        definition=f"A's meaning {n}")
        services.partner_definition_set(actor=fresh(world.coordinator_b), term=term,
                                        definition=f"B's meaning {n}")
        proposal = services.glossary_definition_propose(actor=fresh(world.founder), term=term,
                                                        definition=f"Agreed meaning {n}",
                                                        based_on=0)
        Endorsement.objects.create(version=proposal, partner=world.partner_a,
                                   endorsed_by=board_a)
        markers.append(f">Term number {n}</a>")
        markers.append(reverse("glossary_version", kwargs={
            "pk": world.alliance.pk, "term_pk": term.pk, "number": 1}))
    return markers


def seed_foreign_terms(world: World, first: int, last: int) -> list[str]:
    markers = []
    for n in range(first, last + 1):
        services.glossary_term_add(actor=world.outsider, alliance=world.other_alliance,
                                   term=f"Zeta term {n}")
        markers.append(f"Zeta term {n}")
    return markers


def seed_stages(world: World, first: int, last: int) -> list[str]:
    markers = []
    for n in range(first, last + 1):
        services.stage_assess(actor=world.founder, alliance=world.alliance,
                              assessed_on=dt.date(2010 + n, 1, 1), answers=answers(1 + n % 3),
                              note=f"Stage note {n}")
        markers.append(f"Stage note {n}")
    return markers


def seed_foreign_stages(world: World, first: int, last: int) -> list[str]:
    markers = []
    for n in range(first, last + 1):
        services.stage_assess(actor=world.outsider, alliance=world.other_alliance,
                              assessed_on=dt.date(2010 + n, 1, 1), answers=answers(2),
                              note=f"Zeta stage {n}")
        markers.append(f"Zeta stage {n}")
    return markers


def measure(client: Client, target: str) -> tuple[list[str], str]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(target)
    assert response.status_code == 200
    return [q["sql"] for q in context.captured_queries], response.content.decode()


def explain(one: list[str], ten: list[str]) -> str:
    return "\n".join([f"{len(one)} queries with 1 row, {len(ten)} with 10:", *one, "---", *ten])


LISTS = {
    "objective": (lambda w: statement_url(w), "versions"),
    "glossary": (lambda w: reverse("glossary_page", kwargs={"pk": w.alliance.pk}), "terms"),
    "stage": (lambda w: reverse("stage_page", kwargs={"pk": w.alliance.pk}), "stages"),
}


@pytest.mark.parametrize("page", list(LISTS))
def test_list_pages_have_flat_query_counts_and_hide_other_alliances(client, world, boards,
                                                                   page):
    target = LISTS[page][0](world)
    seeds = {
        "versions": (lambda a, b: seed_versions(world, a, b, boards.a),
                     lambda a, b: seed_foreign_versions(world, a, b)),
        "terms": (lambda a, b: seed_terms(world, a, b, boards.a),
                  lambda a, b: seed_foreign_terms(world, a, b)),
        "stages": (lambda a, b: seed_stages(world, a, b),
                   lambda a, b: seed_foreign_stages(world, a, b)),
    }[LISTS[page][1]]
    client.force_login(world.founder)
    assert client.get(target).status_code == 200  # warm-up
    own = seeds[0](1, 1)
    foreign = seeds[1](1, 1)

    one, html_one = measure(client, target)
    own += seeds[0](len(own) + 1, len(own) + 9)
    foreign += seeds[1](2, 10)
    ten, html_ten = measure(client, target)

    assert len(one) == len(ten), explain(one, ten)
    shown = own
    assert len(shown) == (20 if page == "glossary" else 10)
    assert [m for m in shown if m not in html_ten] == []
    assert [m for m in foreign if m in html_one or m in html_ten] == []


@pytest.mark.usefixtures("english")
def test_the_glossary_list_shows_each_terms_proposal_and_how_far_its_endorsement_is(
        client, world, boards):
    def add(name: str) -> object:
        return services.glossary_term_add(actor=fresh(world.founder), alliance=world.alliance,
                                          term=name)

    agreed, first = add("Income"), add("Household")
    add("Debt")  # no version: no proposal line
    version_1 = services.glossary_definition_propose(actor=fresh(world.founder), term=agreed,
                                                     definition="Money in.", based_on=0)
    for board in (boards.a, boards.b):
        services.statement_endorse(actor=fresh(board), version=version_1)
    version_2 = services.glossary_definition_propose(actor=fresh(world.founder), term=agreed,
                                                     definition="Money in, net.", based_on=1)
    services.statement_endorse(actor=fresh(boards.a), version=version_2)
    services.glossary_definition_propose(actor=fresh(world.founder), term=first,
                                         definition="Who lives together.", based_on=0)
    client.force_login(world.professional_a)

    html = client.get(reverse("glossary_page", kwargs={"pk": world.alliance.pk})).content.decode()

    def link(term: object, number: int) -> str:
        return reverse("glossary_version", kwargs={"pk": world.alliance.pk,
                                                   "term_pk": term.pk, "number": number})

    assert (f'<td>Money in.\n        <br><a class="status-waiting" href="{link(agreed, 2)}">'
            "A new definition is proposed — endorsed by 1 of 2 partners</a></td>") in html
    assert (f'<td>not yet agreed\n        <br><a class="status-waiting" '
            f'href="{link(first, 1)}">A definition is proposed — endorsed by 0 of 2 partners'
            "</a></td>") in html
    debt_row = html[html.index(">Debt</a>"):]
    assert "proposed" not in debt_row[:debt_row.index("</tr>")]
