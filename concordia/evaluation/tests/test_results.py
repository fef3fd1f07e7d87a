"""The results of a closed round: page (charts with their tables), PDF, CSV, XLSX and API show the
same aggregates, never a group below the minimum size, nothing while the round is open, and
the number of queries does not grow with the responses."""

import csv
import datetime as dt
import io
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from concordia.alliances.choices import Level
from concordia.core.problems import PROBLEM_CONTENT_TYPE
from concordia.core.xlsx import column_name, sheet_name, workbook
from concordia.evaluation.choices import RoleGroup, RoundState
from concordia.evaluation.instrument import STANDARD_STATEMENTS
from concordia.evaluation.models import Response, Round
from concordia.evaluation.results_views import spreadsheet_safe
from concordia.testing.factories import PersonFactory, join

pytestmark = pytest.mark.django_db

KEYS = [s.key for s in STANDARD_STATEMENTS]


def make_round(world, year=2025, state=RoundState.CLOSED):
    return Round.objects.create(
        alliance=world.alliance, year=year, opens_on=dt.date(year, 3, 1),
        closes_on=dt.date(year, 3, 31), statement_keys=KEYS, state=state,
        opened_by=world.founder)


def answer(round_, partner, n, *, score=None, level=Level.OPERATIONAL, seed=0, text=""):
    rng = random.Random(seed)
    Response.objects.bulk_create([
        Response(round=round_, partner=partner, level=level, role_group=RoleGroup.STAFF,
                 scores={k: score or rng.randint(1, 5) for k in KEYS},
                 open_answers={"cultural": f"{text} {i}"} if text else {})
        for i in range(n)])


@pytest.fixture
def small_partner(world):
    """A third partner with few respondents: it must never show on its own."""
    return join(world.alliance, world.founder,
                PersonFactory(is_organisation_admin=True, full_name="Coordinator C"))


@pytest.fixture
def closed_round(world, small_partner):
    round_ = make_round(world)
    answer(round_, world.partner_a, 8, score=4, text="From A")
    answer(round_, world.partner_b, 7, score=2, text="From B")
    answer(round_, small_partner, 2, score=5, text="Secret C")
    return round_


def url(world, name, year=2025):
    return reverse(name, kwargs={"pk": world.alliance.pk, "year": year})


def api(world, year=2025):
    return f"/api/v1/alliances/{world.alliance.pk}/evaluation/rounds/{year}/results"


def test_the_page_shows_charts_tables_and_why_a_small_partner_is_not_shown(
        client, world, closed_round, small_partner):
    client.force_login(world.professional_a)
    page = client.get(url(world, "evaluation_results"), headers={"Accept-Language": "en"})
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("<h1") == 1
    assert 'role="img"' in html  # the radar charts, with their text alternative
    assert "The partners side by side" in html
    assert "Where the partners differ most" not in html  # "other" is a mixture, not a partner
    # Partner C (2 people) is merged with B (7, the next smallest) into "other": B's figures
    # alone would give C's by subtraction from the total.
    assert "Other partners" in html
    assert "What is not shown, and why" in html
    assert "Secret C" in html  # within "other" (9 people), listed among its answers
    organisation_a = world.partner_a.organisation.name
    assert f"<h3>{organisation_a}</h3>" in html
    assert "17 people answered" in html


def test_discussion_points_name_the_partners_that_differ(client, world):
    round_ = make_round(world)
    answer(round_, world.partner_a, 6, score=4)
    answer(round_, world.partner_b, 6, score=2)
    client.force_login(world.founder)
    html = client.get(url(world, "evaluation_results"),
                      headers={"Accept-Language": "en"}).content.decode()
    assert "Where the partners differ most" in html
    assert "(a difference of 2.0)" in html


def test_the_page_in_dutch(client, world, closed_round):
    world.founder.language = "nl"
    world.founder.save(update_fields=["language"])
    client.force_login(world.founder)
    html = client.get(url(world, "evaluation_results")).content.decode()
    assert "Evaluatie 2025: resultaten" in html
    assert "Wat niet getoond wordt, en waarom" in html


def test_an_open_round_shows_no_figures_and_offers_no_files(client, world, small_partner):
    round_ = make_round(world, state=RoundState.OPEN)
    answer(round_, world.partner_a, 8, score=4)
    client.force_login(world.founder)
    html = client.get(url(world, "evaluation_results"),
                      headers={"Accept-Language": "en"}).content.decode()
    assert "The results appear when the round has closed" in html
    assert 'role="img"' not in html
    for name in ("evaluation_results_pdf", "evaluation_results_csv", "evaluation_results_xlsx"):
        assert client.get(url(world, name)).status_code == 404
    refused = client.get(api(world))
    assert refused.status_code == 409
    assert refused["Content-Type"] == PROBLEM_CONTENT_TYPE


def test_csv_holds_only_groups_of_at_least_k(client, world, closed_round, small_partner):
    client.force_login(world.observer_b)
    response = client.get(url(world, "evaluation_results_csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows
    assert all(int(r["respondents"]) >= 5 and int(r["answers"]) >= 5 for r in rows)
    groups = {(r["family"], r["group"]) for r in rows}
    assert ("partner", str(small_partner.pk)) not in groups
    assert ("partner", str(world.partner_b.pk)) not in groups
    assert ("partner", str(world.partner_a.pk)) in groups
    a_row = next(r for r in rows if r["group"] == str(world.partner_a.pk)
                 and r["key"] == "cultural.1")
    assert float(a_row["mean"]) == 4.0
    assert a_row["answers"] == "8"
    other = next(r for r in rows if r["group"] == "other" and r["key"] == "cultural.1")
    assert float(other["mean"]) == pytest.approx((7 * 2 + 2 * 5) / 9, abs=0.01)


def test_xlsx_is_a_workbook_with_the_same_rows(client, world, closed_round):
    client.force_login(world.founder)
    xlsx_rows = client.get(url(world, "evaluation_results_xlsx"))
    csv_rows = list(csv.reader(
        client.get(url(world, "evaluation_results_csv")).content.decode().splitlines()))
    assert xlsx_rows.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx_rows.content)).active
    rows = [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
    assert len(rows) == len(csv_rows)
    assert rows[0] == csv_rows[0]
    assert 4.0 in {v for row in rows for v in row}  # numbers stay numbers


def test_the_pdf(client, world, closed_round):
    client.force_login(world.reviewer)
    response = client.get(url(world, "evaluation_results_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_pdf_is_laid_out_once_per_page_content(client, world, closed_round, monkeypatch):
    """The same results asked again come from the cache; another language is another PDF."""
    import weasyprint  # noqa: PLC0415 — loads Pango; only this test needs it

    laid_out = []
    real = weasyprint.HTML.write_pdf

    def counting(self, *args, **kwargs):
        laid_out.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", counting)
    client.force_login(world.reviewer)
    first = client.get(url(world, "evaluation_results_pdf"), HTTP_ACCEPT_LANGUAGE="en")
    again = client.get(url(world, "evaluation_results_pdf"), HTTP_ACCEPT_LANGUAGE="en")
    assert first.content == again.content
    assert len(laid_out) == 1
    client.force_login(world.coordinator_b)  # another person, the same page: the same PDF
    assert client.get(url(world, "evaluation_results_pdf")).status_code == 200
    assert len(laid_out) == 1
    world.alliance.name = "Renamed alliance"
    world.alliance.save(update_fields=["name"])
    assert client.get(url(world, "evaluation_results_pdf")).status_code == 200
    assert len(laid_out) == 2


def test_the_api_gives_aggregates_and_notes_never_responses(client, world, closed_round,
                                                            small_partner):
    client.force_login(world.coordinator_b)
    body = client.get(api(world)).json()
    assert body["year"] == 2025
    assert body["min_group"] == 5
    assert body["respondents"] == 17
    keys = {(g["family"], g["key"]) for g in body["groups"]}
    assert keys == {("overall", "all"), ("partner", str(world.partner_a.pk)),
                    ("partner", "other")}
    other = next(g for g in body["groups"] if g["key"] == "other")
    assert sorted(other["covers"]) == sorted([str(world.partner_b.pk), str(small_partner.pk)])
    assert all(f["n"] >= 5 for g in body["groups"] for f in g["statements"] + g["dimensions"])
    assert {n["reason"] for n in body["notes"]} == {"small_group", "complement"}
    assert "Secret C" not in str(body)  # open answers are not in the API
    assert "scores" not in str(body)


def test_year_on_year(client, world, closed_round):
    earlier = make_round(world, year=2024)
    answer(earlier, world.partner_a, 6, score=3)
    answer(earlier, world.partner_b, 6, score=3)
    client.force_login(world.founder)
    html = client.get(url(world, "evaluation_results"),
                      headers={"Accept-Language": "en"}).content.decode()
    assert "Compared with 2024" in html
    assert f'href="{url(world, "evaluation_results", year=2024)}">2024</a>' in html
    assert "+1.0" in html  # partner A: 3 → 4
    body = client.get(api(world)).json()
    assert body["previous_year"] == 2024
    assert {"family": "partner", "group": str(world.partner_a.pk), "kind": "dimension",
            "key": "cultural", "previous": 3.0, "current": 4.0} in body["year_on_year"]


def test_another_alliance_and_an_unknown_year_are_404(client, world, closed_round):
    client.force_login(world.outsider)
    assert client.get(url(world, "evaluation_results")).status_code == 404
    assert client.get(api(world)).status_code == 404
    client.force_login(world.founder)
    assert client.get(url(world, "evaluation_results", year=2023)).status_code == 404
    assert client.get(url(world, "evaluation_results", year=99999999)).status_code == 404
    assert client.get(api(world, year=99999999)).status_code == 404


def test_a_lower_minimum_shows_the_small_groups_it_allows(client, world, closed_round,
                                                           settings):
    settings.EVALUATION_MIN_GROUP = 7
    client.force_login(world.founder)
    body = client.get(api(world)).json()
    assert body["min_group"] == 7
    assert all(g["respondents"] >= 7 for g in body["groups"])


@pytest.mark.parametrize("name", ["evaluation_results", "evaluation_results_csv"])
def test_query_count_does_not_grow_with_responses(client, world, small_partner, name):
    round_ = make_round(world)
    answer(round_, world.partner_a, 6)
    answer(round_, world.partner_b, 6)
    client.force_login(world.founder)
    client.get(url(world, name))  # warm caches (sessions, content types)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(world, name)).status_code == 200
        return len(queries)

    few = count()
    answer(round_, world.partner_a, 60, seed=1)
    answer(round_, small_partner, 40, seed=2, level=Level.STRATEGIC)
    assert count() == few


def test_api_query_count_does_not_grow_with_responses(client, world, small_partner):
    round_ = make_round(world)
    answer(round_, world.partner_a, 6)
    client.force_login(world.founder)
    client.get(api(world))

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(api(world)).status_code == 200
        return len(queries)

    few = count()
    answer(round_, world.partner_b, 50, seed=3)
    answer(round_, small_partner, 50, seed=4)
    assert count() == few


# --- the exports' small parts -------------------------------------------------------------


def test_spreadsheet_safe_defuses_formulas():
    assert spreadsheet_safe("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert spreadsheet_safe("@x") == "'@x"
    assert spreadsheet_safe("Plain") == "Plain"
    assert spreadsheet_safe(4.5) == 4.5


def test_xlsx_helpers():
    assert [column_name(i) for i in (0, 25, 26, 27, 701, 702)] == [
        "A", "Z", "AA", "AB", "ZZ", "AAA"]
    assert sheet_name("Results: 2025/26 [draft]") == "Results 202526 draft"
    assert len(sheet_name("x" * 50)) == 31
    data = workbook("S", [("a", "b"), (1, "<&>"), ("\x01ctrl", None), ("=1+1", True)])
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["S"]
    rows = list(book.active.iter_rows(values_only=True))
    assert rows == [("a", "b"), (1, "<&>"), ("ctrl", None), ("=1+1", "true")]
    formula_cell = book.active["A4"]
    assert formula_cell.data_type == "s"  # stored as text, never as a formula


def test_a_round_below_the_minimum_says_so_and_shows_no_figure(client, world):
    round_ = make_round(world)
    answer(round_, world.partner_a, 3, score=4, text="Too few")
    client.force_login(world.founder)
    html = client.get(url(world, "evaluation_results"),
                      headers={"Accept-Language": "en"}).content.decode()
    assert "Fewer than 5 people answered this round" in html
    assert 'role="img"' not in html
    assert "Too few" not in html
    rows = client.get(url(world, "evaluation_results_csv")).content.decode().splitlines()
    assert len(rows) == 1  # the head only
    assert client.get(api(world)).json()["groups"] == []


def test_a_small_level_is_explained_per_level(client, world):
    round_ = make_round(world)
    answer(round_, world.partner_a, 8, score=4)
    answer(round_, world.partner_b, 8, score=2)
    answer(round_, world.partner_b, 2, score=5, level=Level.STRATEGIC)
    client.force_login(world.founder)
    html = client.get(url(world, "evaluation_results"),
                      headers={"Accept-Language": "en"}).content.decode()
    assert "Fewer than 5 people answered per level for strategic" in html
    body = client.get(api(world)).json()
    assert {g["family"] for g in body["groups"]} == {"overall", "partner"}
