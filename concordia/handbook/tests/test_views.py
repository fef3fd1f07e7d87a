"""The model's pages: public, in Dutch and English."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from concordia.handbook.catalogue import Block, Dimension, Kind, Pillar
from concordia.testing.factories import PersonFactory

PAGES = (
    [reverse("handbook_index")]
    + [reverse("handbook_kind", kwargs={"kind": k.value}) for k in Kind]
    + [reverse("handbook_pillar", kwargs={"key": p.value}) for p in Pillar]
    + [reverse("handbook_building_block", kwargs={"key": b.value}) for b in Block]
    + [reverse("handbook_dimension", kwargs={"key": d.value}) for d in Dimension]
)


def h1(language: str) -> str:
    with translation.override(language):
        return gettext("The alliance management model")


@pytest.fixture
def reader(db):
    def login(language: str) -> Client:
        client = Client()
        client.force_login(PersonFactory(language=language, organisation=None))
        return client
    return login


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("url", PAGES)
def test_every_page_opens_for_a_logged_in_person(reader, url, language):
    response = reader(language).get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert html.count("<h1>") == 1
    assert "<th>" not in html  # every header cell says what it heads
    assert "{{" not in html
    assert "{%" not in html


@pytest.mark.parametrize("language", ["en", "nl"])
def test_index_speaks_the_persons_language(reader, language):
    html = reader(language).get(reverse("handbook_index")).content.decode()
    other = "nl" if language == "en" else "en"
    assert h1("nl") != h1("en")
    assert f"<h1>{h1(language)}</h1>" in html
    assert h1(other) not in html


@pytest.mark.parametrize("url", PAGES)
def test_a_visitor_reads_the_model_without_logging_in(client, db, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1>") == 1
    assert reverse("account_login") in html  # the navigation offers the log-in


@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_visitor_switches_the_models_language(client, db, language):
    """The switch in the header works without an account: the cookie carries the choice."""
    response = client.post(reverse("language_set"),
                           {"language": language, "next": reverse("handbook_index")})
    assert response.status_code == 302
    assert response["Location"] == reverse("handbook_index")
    html = client.get(reverse("handbook_index")).content.decode()
    assert f'<html lang="{language}">' in html
    assert f"<h1>{h1(language)}</h1>" in html


@pytest.mark.parametrize("url", [
    "/model/nope/", "/model/pillars/nope/", "/model/building-blocks/trust/",
    "/model/dimensions/mindset/", "/model/pillars/Trust/",
])
def test_unknown_kind_or_key_is_404(reader, url):
    assert reader("en").get(url).status_code == 404


def test_index_matrix_has_every_block_and_mark(reader):
    html = reader("en").get(reverse("handbook_index")).content.decode()
    matrix = html[html.index('id="matrix"'):]
    body = matrix[matrix.index("<tbody>"):matrix.index("</tbody>")]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    assert len(rows) == 18
    assert sum(r.count('<span aria-hidden="true">D</span>') for r in rows) == 27
    assert sum(r.count('<span aria-hidden="true">S</span>') for r in rows) == 29
    assert all(r.count("<td>") == 8 for r in rows)
    assert '<th scope="row"><a href="/model/building-blocks/board/">1. Alliance board</a></th>' \
        in rows[0]
    assert matrix.count('<th scope="col">') == 9
    assert "<caption>" in matrix


def test_pillar_page_lists_its_blocks_dominant_first(reader):
    html = reader("en").get(reverse("handbook_pillar", kwargs={"key": "playing_field"})
                            ).content.decode()
    assert "<h1>P2 Objective-bound playing field</h1>" in html
    links = re.findall(r'<th scope="row"><a href="([^"]+)">', html)
    assert links == ["/model/building-blocks/autonomous_professional/",
                     "/model/building-blocks/coaching_manager/"]
    assert html.count("<td>dominant</td>") == 2
    assert 'href="/model/dimensions/cultural/"' in html


def test_building_block_page_lists_its_pillars(reader):
    html = reader("en").get(reverse("handbook_building_block", kwargs={"key": "reporting"})
                            ).content.decode()
    assert "<h1>8. Alliance reporting</h1>" in html
    links = re.findall(r'<th scope="row"><a href="([^"]+)">', html)
    assert links == ["/model/pillars/transparency/", "/model/pillars/trust/"]
    assert html.count("<td>dominant</td>") == 1
    assert html.count("<td>secondary</td>") == 1
    assert "Reports also show results that fall short." in html


def test_dimension_page_lists_its_pillars(reader):
    html = reader("en").get(reverse("handbook_dimension", kwargs={"key": "relational"})
                            ).content.decode()
    assert "<h1>Relational dimension</h1>" in html
    assert re.findall(r'<h3><a href="([^"]+)">', html) == [
        "/model/pillars/trust/", "/model/pillars/dialogue/"]
    assert "Together versus solo" in html


def test_kind_page_lists_items_in_order(reader):
    html = reader("en").get(reverse("handbook_kind", kwargs={"kind": "escalation-rungs"})
                            ).content.decode()
    assert re.findall(r'<section id="([^"]+)"', html) == [
        "horizontal", "coordinator", "key_alliance_manager", "board", "minister"]
    assert "<h1>Escalation ladder</h1>" in html


def test_navigation_links_to_the_model(reader):
    html = reader("en").get(reverse("organisation_list")).content.decode()
    assert f'<a href="{reverse("handbook_index")}">The model</a>' in html


def test_pages_read_only_the_session_and_the_person(reader, django_assert_num_queries):
    """The model is data in code: the only queries load the session and the logged-in person,
    and the navigation's counts (unread notifications and the to-do sections: two queries on
    every page, see todo/tests/test_header_counts.py)."""
    client = reader("en")
    with django_assert_num_queries(4):
        assert client.get(reverse("handbook_index")).status_code == 200
