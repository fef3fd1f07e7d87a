import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from concordia.advisor import rules, services
from concordia.advisor.forms import answers_as_form_data
from concordia.advisor.models import SavedAdvice
from concordia.testing.factories import PersonFactory

WAGE_TAX = answers_as_form_data(rules.WAGE_TAX_CASE)
HTMX = {"HX-Request": "true"}


def save_body(destination, title="Check"):
    return {**WAGE_TAX, "destination": destination, "title": title}


def test_questionnaire_is_open_to_someone_only_considering_a_collaboration(client, world):
    newcomer = PersonFactory(organisation=None)
    client.force_login(newcomer)

    response = client.get(reverse("advisor"))

    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('type="radio"') == 3 + 4 + 3 + 2 + 7 * 2
    assert "<legend>How intensive is the joint work?</legend>" in html
    assert 'data-hx-post="/advisor/"' in html
    assert "style=" not in html


def test_a_visitor_gets_advice_and_is_asked_to_log_in_to_save_it(client, db):
    response = client.post(reverse("advisor"), WAGE_TAX, headers={"Accept-Language": "en"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Best fit: Alliance. It meets 7 of its 7 conditions." in html
    assert reverse("advice_save") not in html  # no form that would only send them to log in
    link = re.search(r'<a href="([^"]+)">Log in to save this advice</a>', html)
    assert link is not None
    url = urlsplit(link.group(1).replace("&amp;", "&"))
    assert url.path == reverse("account_login")
    back = urlsplit(parse_qs(url.query)["next"][0])
    assert back.path == reverse("advisor")
    # Back from the log-in, the questionnaire is filled in with the same answers.
    assert {k: v[0] for k, v in parse_qs(back.query).items()} == {
        k: str(v) for k, v in WAGE_TAX.items()}


def test_a_visitor_gets_advice_through_htmx_too(client, db):
    response = client.post(reverse("advisor"), WAGE_TAX, headers=HTMX)
    assert response.status_code == 200
    assert 'id="advice"' in response.content.decode()


def test_posting_answers_shows_the_advice_on_the_same_page(client, world):
    client.force_login(world.founder)

    response = client.post(reverse("advisor"), WAGE_TAX)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Which collaboration form fits?</h1>" in html
    assert "Best fit: Alliance. It meets 7 of its 7 conditions." in html
    assert "Joint venture and merger are ruled out." in html
    assert "Covenants at the front" in html
    assert "Supply contracts at the back" in html
    assert re.findall(r'<rect [^>]*fill="(#[0-9a-f]{6})"', html) == [
        "#1f5f8b"] + ["#8fb3cf"] * 3 + ["#c4c4c4"] * 2
    assert "<caption>Score per form, out of 100</caption>" in html
    assert f'<option value="alliance-{world.alliance.pk}">Alliance A</option>' in html
    assert f'value="organisation-{world.founder.organisation_id}"' in html
    assert "style=" not in html


def test_htmx_post_swaps_only_the_advice(client, world):
    client.force_login(world.founder)

    response = client.post(reverse("advisor"), WAGE_TAX, headers=HTMX)

    assert response.status_code == 200
    html = response.content.decode().strip()
    assert html.startswith('<section id="advice"')
    assert "<html" not in html
    assert "questionnaire" not in html
    assert "Best fit: Alliance." in html


def test_incomplete_answers_come_back_with_errors(client, world):
    client.force_login(world.founder)
    body = {k: v for k, v in WAGE_TAX.items() if k != "scope"}

    response = client.post(reverse("advisor"), body)
    htmx = client.post(reverse("advisor"), body, headers=HTMX)

    assert response.status_code == 422
    assert 'id="id_scope_error"' in response.content.decode()
    assert "Best fit" not in response.content.decode()
    # htmx swaps no 4xx answer: the questionnaire comes back whole, in its own place.
    assert htmx.status_code == 200
    assert htmx["HX-Retarget"] == "#questionnaire"
    assert htmx.content.decode().strip().startswith('<section id="questionnaire"')


def test_answers_in_the_query_string_fill_the_questionnaire_in(client, world):
    client.force_login(world.founder)

    html = client.get(reverse("advisor"), WAGE_TAX).content.decode()

    assert re.search(r'<input type="radio" name="intensity" value="intensive"[^>]* checked', html)
    assert re.search(r'<input type="radio" name="separable" value="no"[^>]* checked', html)


def test_newcomer_without_role_or_organisation_is_told_how_to_save(client, world):
    client.force_login(PersonFactory(organisation=None))

    html = client.post(reverse("advisor"), WAGE_TAX).content.decode()

    assert "To keep advice, register your organisation" in html
    assert reverse("advice_save") not in html


def test_save_to_alliance_redirects_to_the_saved_advice(client, world):
    client.force_login(world.professional_a)

    response = client.post(reverse("advice_save"), save_body(f"alliance-{world.alliance.pk}"))

    saved = SavedAdvice.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("alliance_advice_detail",
                                           args=[world.alliance.pk, saved.pk])
    assert (saved.alliance_id, saved.title, saved.saved_by_id) == (
        world.alliance.pk, "Check", world.professional_a.pk)


def test_save_to_own_organisation(client, world):
    client.force_login(world.stranger)
    org = world.stranger.organisation_id

    response = client.post(reverse("advice_save"), save_body(f"organisation-{org}"))

    saved = SavedAdvice.objects.get()
    assert response["Location"] == reverse("organisation_advice_detail", args=[org, saved.pk])


@pytest.mark.parametrize(("actor", "destination", "status"), [
    ("outsider", "alliance", 404),
    ("stranger", "alliance", 404),
    ("observer_b", "alliance", 403),
    ("outsider", "organisation", 404),
])
def test_saving_out_of_reach_is_refused_and_saves_nothing(client, world, actor, destination,
                                                          status):
    client.force_login(getattr(world, actor))
    pk = world.alliance.pk if destination == "alliance" else world.founder.organisation_id

    response = client.post(reverse("advice_save"), save_body(f"{destination}-{pk}"))

    assert response.status_code == status
    assert SavedAdvice.objects.count() == 0


@pytest.mark.parametrize("body", [
    save_body("somewhere-1"),
    save_body("alliance-1", title="x" * 201),
    {k: v for k, v in save_body("alliance-1").items() if k != "intensity"},
])
def test_save_with_bad_input_shows_the_page_again(client, world, body):
    client.force_login(world.founder)
    body = {**body, "destination": body["destination"].replace("-1", f"-{world.alliance.pk}")}

    response = client.post(reverse("advice_save"), body)

    assert response.status_code == 422
    assert 'class="errorlist field-error"' in response.content.decode()
    assert SavedAdvice.objects.count() == 0


def _save(world, n, **target):
    for i in range(n):
        services.advice_save(actor=world.founder, answers=rules.WAGE_TAX_CASE,
                             title=f"Advice {i}", **target)


def test_alliance_list_and_detail(client, world):
    _save(world, 1, alliance=world.alliance)
    services.advice_save(actor=world.outsider, answers=rules.WAGE_TAX_CASE,
                         alliance=world.other_alliance, title="Secret of Z")
    saved = SavedAdvice.objects.get(alliance=world.alliance)
    client.force_login(world.observer_b)

    listing = client.get(reverse("alliance_advice_list", args=[world.alliance.pk]))
    detail = client.get(reverse("alliance_advice_detail", args=[world.alliance.pk, saved.pk]))

    assert listing.status_code == 200
    assert "Advice 0" in listing.content.decode()
    assert "Secret of Z" not in listing.content.decode()
    html = detail.content.decode()
    assert detail.status_code == 200
    assert "<dt>How intensive is the joint work?</dt><dd>Intensive" in html
    assert "Best fit: Alliance." in html
    assert "Today's rules give the same advice as when it was saved." in html
    assert 'href="/advisor/?intensity=intensive&amp;scope=part_of_core' in html


def test_detail_shows_when_the_rules_have_changed(client, world):
    _save(world, 1, alliance=world.alliance)
    saved = SavedAdvice.objects.get()
    snapshot = {**saved.snapshot, "form": "covenant", "summary": "Old words."}
    SavedAdvice.objects.filter(pk=saved.pk).update(snapshot=snapshot)
    client.force_login(world.founder)

    html = client.get(reverse("alliance_advice_detail",
                              args=[world.alliance.pk, saved.pk])).content.decode()

    assert "The advisor's rules have changed since this advice was saved" in html
    assert "Old words." in html


def test_advice_of_another_alliance_is_404(client, world):
    services.advice_save(actor=world.outsider, answers=rules.WAGE_TAX_CASE,
                         alliance=world.other_alliance)
    other = SavedAdvice.objects.get()
    client.force_login(world.founder)

    assert client.get(reverse("alliance_advice_list",
                              args=[world.other_alliance.pk])).status_code == 404
    assert client.get(reverse("alliance_advice_detail",
                              args=[world.other_alliance.pk, other.pk])).status_code == 404
    # nor through the founder's own alliance
    assert client.get(reverse("alliance_advice_detail",
                              args=[world.alliance.pk, other.pk])).status_code == 404


def test_organisation_list_and_detail_for_its_own_people_only(client, world):
    org = world.founder.organisation
    _save(world, 1, organisation=org)
    saved = SavedAdvice.objects.get()

    client.force_login(world.professional_a)
    assert client.get(reverse("organisation_advice_list", args=[org.pk])).status_code == 200
    assert client.get(reverse("organisation_advice_detail",
                              args=[org.pk, saved.pk])).status_code == 200
    client.force_login(world.coordinator_b)
    assert client.get(reverse("organisation_advice_list", args=[org.pk])).status_code == 404
    assert client.get(reverse("organisation_advice_detail",
                              args=[org.pk, saved.pk])).status_code == 404


@pytest.mark.parametrize("scope", ["alliance", "organisation"])
def test_list_query_count_does_not_grow_with_rows(client, world, scope):
    client.force_login(world.founder)
    if scope == "alliance":
        target, url = {"alliance": world.alliance}, reverse("alliance_advice_list",
                                                            args=[world.alliance.pk])
    else:
        org = world.founder.organisation
        target, url = {"organisation": org}, reverse("organisation_advice_list", args=[org.pk])
    counts = []
    for n in (1, 9):
        _save(world, n, **target)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], "\n".join(q["sql"] for q in queries.captured_queries)


def test_dashboard_and_navigation_link_to_the_advisor(client, world):
    client.force_login(world.founder)

    html = client.get(reverse("alliance_dashboard", args=[world.alliance.pk])).content.decode()

    assert f'href="{reverse("alliance_advice_list", args=[world.alliance.pk])}"' in html
    assert f'href="{reverse("advisor")}"' in html
