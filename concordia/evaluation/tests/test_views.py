"""The evaluation's pages: opening a round, the round with its counts, the statements, and
answering through a personal link without log-in — in English and Dutch, with clear pages for
links that cannot answer, and queries that do not grow with rounds or invitees."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from concordia.accounts.models import Person
from concordia.alliances.choices import Level, Role
from concordia.evaluation import services
from concordia.evaluation.instrument import STANDARD_BY_KEY
from concordia.evaluation.models import Response, Round
from concordia.testing.evaluation import known_links, open_round
from concordia.testing.factories import PersonFactory, give_role

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture(autouse=True)
def _english(client):
    """A visitor's pages follow the browser's language (Dutch unless asked)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def answer_url(token: str) -> str:
    return reverse("evaluation_answer", kwargs={"token": token})


def test_the_key_alliance_manager_opens_a_round_from_the_form(client, world):
    client.force_login(world.founder)
    url = reverse("evaluation_round_open", kwargs={"pk": world.alliance.pk})
    page = client.get(url)
    assert page.status_code == 200
    assert page.content.decode().count(" checked>") == len(STANDARD_BY_KEY)
    response = client.post(url, {
        "year": 2031, "opens_on": TODAY().isoformat(),
        "closes_on": (TODAY() + dt.timedelta(days=7)).isoformat(),
        "statements": ["cultural.1", "content.2"], "levels": [Level.TACTICAL]})
    evaluation_round = Round.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("evaluation_round", kwargs={
        "pk": world.alliance.pk, "round_pk": evaluation_round.pk})
    assert evaluation_round.statement_keys == ["cultural.1", "content.2"]
    assert evaluation_round.invitations.count() == 2  # the founder and coordinator B


def test_a_refused_round_shows_the_error_on_its_field(client, world):
    client.force_login(world.founder)
    url = reverse("evaluation_round_open", kwargs={"pk": world.alliance.pk})
    response = client.post(url, {"year": 2031, "opens_on": TODAY().isoformat(),
                                 "closes_on": (TODAY() - dt.timedelta(days=1)).isoformat(),
                                 "statements": ["cultural.1"]})
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="id_closes_on_error"' in html
    assert "The round closes on or after the day it opens." in html
    assert Round.objects.count() == 0


def test_the_round_page_shows_counts_per_partner_and_level_never_who(client, world):
    ew = open_round(world)
    services.response_submit(token=ew.token(world.coordinator_b), scores={"cultural.1": 5})
    client.force_login(world.professional_a)
    html = client.get(reverse("evaluation_round", kwargs={
        "pk": world.alliance.pk, "round_pk": ew.round.pk})).content.decode()
    assert "1 of 3" in html
    assert "<tr><th scope=\"row\">" + world.partner_b.organisation.name + \
        "</th><td>1</td><td>1</td><td>100%</td></tr>" in html
    assert "<tr><th scope=\"row\">tactical</th><td>2</td><td>1</td><td>50%</td></tr>" in html
    assert world.coordinator_b.full_name not in html
    assert "Send reminders" not in html  # only the key alliance manager runs the round


def test_answering_through_the_link_without_log_in(client, world):
    ew = open_round(world)
    url = answer_url(ew.token(world.professional_a))
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('<fieldset class="scale"') == len(STANDARD_BY_KEY)
    assert html.count("<legend") == len(STANDARD_BY_KEY)
    assert page["Cache-Control"].startswith("max-age=0")
    response = client.post(url, {"s-cultural-1": "4", "s-content-5": "2",
                                 "open-relational": "Meet more often."})
    assert response.status_code == 302
    assert response["Location"] == reverse("evaluation_thanks")
    assert Response.objects.get().scores == {"cultural.1": 4, "content.5": 2}
    # the link is used: a clear page, not an error
    again = client.get(url)
    assert again.status_code == 410
    assert "You have answered already" in again.content.decode()


def test_an_answer_out_of_scale_or_empty_is_shown_on_the_form(client, world):
    ew = open_round(world)
    url = answer_url(ew.token(world.professional_a))
    response = client.post(url, {"s-cultural-1": "9"})
    html = response.content.decode()
    assert response.status_code == 422
    assert 'aria-describedby="id_s-cultural-1_error"' in html
    assert 'role="alert"' in html
    response = client.post(url, {"open-content": "Only words."})
    assert response.status_code == 422
    assert "Score at least one statement." in response.content.decode()
    assert Response.objects.count() == 0


def test_links_that_cannot_answer_get_a_plain_page(client, world):
    unknown = client.get(answer_url("eval_not-a-link"))
    assert unknown.status_code == 404
    assert "This link does not work" in unknown.content.decode()
    later = services.round_open(actor=world.founder, alliance=world.alliance, year=2035,
                                opens_on=TODAY() + dt.timedelta(days=2),
                                closes_on=TODAY() + dt.timedelta(days=5))
    token = known_links(later)[world.founder.pk]
    not_yet = client.get(answer_url(token))
    assert not_yet.status_code == 200
    assert "This round is not open yet" in not_yet.content.decode()
    services.round_close(actor=world.founder, evaluation_round=later)
    closed = client.post(answer_url(token), {"s-cultural-1": "3"})
    assert closed.status_code == 410
    assert "This round is closed" in closed.content.decode()


def test_the_answer_page_in_dutch(client, world):
    ew = open_round(world)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "nl"
    html = client.get(answer_url(ew.token(world.founder))).content.decode()
    assert "Mijn antwoord versturen" in html
    assert "De top van mijn organisatie laat in woord en daad zien" in html
    assert "helemaal oneens" in html


def test_the_key_alliance_manager_closes_and_reminds_on_the_round_page(client, world):
    ew = open_round(world)
    url = reverse("evaluation_round", kwargs={"pk": world.alliance.pk, "round_pk": ew.round.pk})
    client.force_login(world.founder)
    assert client.post(url, {"op": "remind"}).status_code == 302
    assert client.post(url, {"op": "close"}).status_code == 302
    again = client.post(url, {"op": "close"})
    assert again.status_code == 409
    assert "The round is closed already." in again.content.decode()
    results = reverse("evaluation_results", kwargs={"pk": world.alliance.pk,
                                                    "year": ew.round.year})
    assert f'href="{results}"' in client.get(url).content.decode()
    rounds = reverse("evaluation_rounds", kwargs={"pk": world.alliance.pk})
    assert f'href="{results}"' in client.get(rounds).content.decode()


def test_the_key_alliance_manager_moves_the_closing_date_and_invites_newcomers(client, world):
    ew = open_round(world)
    kwargs = {"pk": world.alliance.pk, "round_pk": ew.round.pk}
    url = reverse("evaluation_round", kwargs=kwargs)
    closing = reverse("evaluation_round_closing", kwargs=kwargs)
    client.force_login(world.founder)
    page = client.get(url).content.decode()
    assert f'href="{closing}"' in page
    assert "Invite the newcomers" not in page
    refused = client.post(closing, {"closes_on": "2000-01-01"})
    assert refused.status_code == 422
    assert 'aria-invalid="true"' in refused.content.decode()
    later = TODAY() + dt.timedelta(days=30)
    assert client.post(closing, {"closes_on": later.isoformat()}).status_code == 302
    assert Round.objects.get(pk=ew.round.pk).closes_on == later
    give_role(world.partner_b, PersonFactory(organisation=world.partner_b.organisation),
              Role.PROFESSIONAL)
    page = client.get(url).content.decode()
    assert "1 person took a role after the round opened" in page or \
        "One person took a role after the round opened" in page
    assert client.post(url, {"op": "newcomers"}).status_code == 302
    assert "Invite the newcomers" not in client.get(url).content.decode()
    client.force_login(world.coordinator_b)
    assert client.get(closing).status_code == 403
    assert f'href="{closing}"' not in client.get(url).content.decode()


def test_statements_are_added_and_retired_on_their_page(client, world):
    client.force_login(world.founder)
    url = reverse("evaluation_statements", kwargs={"pk": world.alliance.pk})
    assert client.post(url, {"dimension": "content", "text": "Our data is reliable."}) \
        .status_code == 302
    html = client.get(url).content.decode()
    assert "<code>own.1</code>" in html
    assert "Our data is reliable." in html
    refused = client.post(url, {"dimension": "", "text": ""})
    assert refused.status_code == 422


def test_another_alliances_rounds_are_not_found(client, world):
    ew = open_round(world)
    client.force_login(world.outsider)
    for url in (reverse("evaluation_rounds", kwargs={"pk": world.alliance.pk}),
                reverse("evaluation_round", kwargs={"pk": world.alliance.pk,
                                                    "round_pk": ew.round.pk}),
                reverse("evaluation_round", kwargs={"pk": world.other_alliance.pk,
                                                    "round_pk": ew.round.pk})):
        assert client.get(url).status_code == 404


def _more_people(world, n: int) -> None:
    for _ in range(n):
        give_role(world.partner_b, PersonFactory(organisation=world.coordinator_b.organisation),
                  Role.PROFESSIONAL, Level.OPERATIONAL)


def test_queries_do_not_grow_with_rounds_or_invitees(client, world):
    client.force_login(world.founder)
    counts = []
    for year, extra in ((2030, 0), (2031, 10)):
        _more_people(world, extra)
        founder = Person.objects.get(pk=world.founder.pk)
        evaluation_round = services.round_open(actor=founder, alliance=world.alliance, year=year,
                                               opens_on=TODAY(), closes_on=TODAY())
        tokens = known_links(evaluation_round)
        services.response_submit(token=tokens[world.founder.pk], scores={"cultural.1": 3})
        urls = [reverse("evaluation_rounds", kwargs={"pk": world.alliance.pk}),
                reverse("evaluation_round", kwargs={"pk": world.alliance.pk,
                                                    "round_pk": evaluation_round.pk}),
                reverse("evaluation_statements", kwargs={"pk": world.alliance.pk}),
                reverse("api:list_rounds", kwargs={"alliance_id": world.alliance.pk}),
                reverse("api:get_response_rates", kwargs={
                    "alliance_id": world.alliance.pk, "round_id": evaluation_round.pk}),
                answer_url(tokens[world.coordinator_b.pk])]
        row = []
        for url in urls:
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200, url
            row.append(len(queries))
        counts.append(row)
    assert counts[0] == counts[1]
