"""Design pages, the endorsement journey in the browser's shape: endorse, withdraw, refusals."""

import re

import pytest
from django.contrib.auth.views import redirect_to_login
from django.test import Client
from django.urls import reverse

from concordia.design import services
from concordia.design.choices import StatementKind
from concordia.design.models import Endorsement
from concordia.design.tests.state import design_state
from concordia.design.tests.support import (
    OUT_OF_REACH,
    endorse_url,
    login,
    statement_url,
)
from concordia.journal.models import JournalEntry

# --- endorsing -----------------------------------------------------------------------------


def test_draft_then_each_partners_board_member_endorses_in_turn(world, boards):
    name_a, name_b = world.partner_a.organisation.name, world.partner_b.organisation.name
    first, second = sorted([name_a, name_b])
    editor, board_a, board_b = Client(), Client(), Client()
    editor.force_login(world.founder)
    board_a.force_login(boards.a)
    board_b.force_login(boards.b)

    # given the key alliance manager drafts the objective
    drafted = editor.post(statement_url(world), {
        "vision": "One government", "mission": "Ask once", "text": "Serve citizens once.",
        "based_on": 0}, follow=True)
    assert drafted.redirect_chain == [(statement_url(world), 302)]
    html = drafted.content.decode()
    assert ("New version proposed. The version in force stays in force until every partner "
            "has endorsed it.") in html
    assert "No version is in force yet" in html
    assert (f"Version 1 is proposed — endorsed by 0 of 2 partners; waiting for: {first}, "
            f"{second}</p>") in html
    # the key alliance manager is no board member: no endorse button for them
    assert "Endorse on behalf of" not in html

    # when partner A's board member endorses
    page = board_a.get(statement_url(world)).content.decode()
    assert f"<button type=\"submit\">Endorse on behalf of {name_a}</button>" in page
    endorsed = board_a.post(endorse_url(world, 1), {"action": "endorse"}, follow=True)

    # then the page shows one of two and who is still awaited
    assert endorsed.redirect_chain == [(statement_url(world), 302)]
    html = endorsed.content.decode()
    assert "Endorsed on behalf of your partner." in html
    assert f"Version 1 is proposed — endorsed by 1 of 2 partners; waiting for: {name_b}</p>" in html
    assert f"Withdraw the endorsement of {name_a}" in html

    # when partner B's board member endorses too
    done = board_b.post(endorse_url(world, 1), {"action": "endorse"}, follow=True)

    # then version 1 is in force, for every viewer
    assert "In force: version 1" in done.content.decode()
    overview = editor.get(reverse("design_overview", kwargs={"pk": world.alliance.pk}))
    assert "Version 1, endorsed by every partner; in force since" in overview.content.decode()
    assert sorted(Endorsement.objects.values_list("partner_id", "endorsed_by_id")) == sorted([
        (world.partner_a.pk, boards.a.pk), (world.partner_b.pk, boards.b.pk)])
    kinds = list(JournalEntry.objects.filter(alliance=world.alliance).order_by("seq")
                 .values_list("kind", flat=True))
    assert kinds[-4:] == ["ObjectiveDrafted", "ObjectiveEndorsed", "ObjectiveEndorsed",
                          "ObjectiveInForce"]

    # and a new version is a proposal beside version 1, which stays in force
    editor.post(statement_url(world), {"text": "Serve citizens once, together.",
                                       "based_on": 1})
    html = editor.get(statement_url(world)).content.decode()
    assert "In force: version 1" in html
    assert (f"A new version (2) is proposed — endorsed by 0 of 2 partners; waiting for: {first}, "
            f"{second}</p>") in html
    assert ('Serve citizens <del><span class="visually-hidden">removed: </span>once.</del>'
            '<ins><span class="visually-hidden">added: </span>once, together.</ins>') in html
    dashboard = editor.get(reverse("alliance_dashboard", kwargs={"pk": world.alliance.pk}))
    assert "<blockquote>Serve citizens once.</blockquote>" in dashboard.content.decode()
    assert re.search(r'<a href="[^"]+/objective/1">Version 1</a></th><td>in force', html)


def test_endorsing_twice_shows_a_message_and_adds_nothing(client, world, boards, design):
    client.force_login(boards.a)
    client.post(endorse_url(world, 1), {"action": "endorse"})
    before = design_state()

    response = client.post(endorse_url(world, 1), {"action": "endorse"}, follow=True)

    assert response.status_code == 200
    assert "Your partner has already endorsed this version." in response.content.decode()
    assert design_state() == before


def test_withdrawing_on_the_page_puts_the_partner_back_on_the_waiting_list(client, world,
                                                                           boards, design):
    client.force_login(boards.b)
    client.post(endorse_url(world, 1), {"action": "endorse"})

    response = client.post(endorse_url(world, 1), {"action": "withdraw"}, follow=True)

    html = response.content.decode()
    assert "Your partner&#x27;s endorsement is withdrawn." in html
    assert f"Endorse on behalf of {world.partner_b.organisation.name}" in html
    assert Endorsement.objects.get().withdrawn_by_id == boards.b.pk
    assert JournalEntry.objects.filter(kind="ObjectiveEndorsementWithdrawn").count() == 1


def test_endorsing_an_older_version_on_the_page_is_refused(client, world, boards, design):
    services.statement_draft(actor=world.founder, alliance=world.alliance,
                             kind=StatementKind.OBJECTIVE, text="Two", based_on=1)
    client.force_login(boards.a)
    before = design_state()

    response = client.post(endorse_url(world, 1), {"action": "endorse"}, follow=True)

    assert "This version is not the open proposal." in response.content.decode()
    assert design_state() == before


def test_values_statement_is_endorsed_on_its_own_page(client, world, boards, design):
    client.force_login(boards.a)

    response = client.post(endorse_url(world, 1, "values"), {"action": "endorse"},
                           follow=True)

    assert response.redirect_chain == [(statement_url(world, "values"), 302)]
    assert Endorsement.objects.get().version_id == design.values.pk
    assert JournalEntry.objects.filter(kind="ValuesEndorsed").count() == 1


@pytest.mark.parametrize("actor", ["founder", "coordinator_b", "professional_a", "observer_b",
                                   "reviewer"])
def test_people_who_are_no_board_member_get_403_on_endorse(client, world, design, actor):
    login(client, world, actor)
    before = design_state()

    response = client.post(endorse_url(world, 1), {"action": "endorse"})

    assert response.status_code == 403
    assert design_state() == before


@pytest.mark.parametrize("actor", OUT_OF_REACH)
def test_outsiders_get_404_on_endorse(client, world, design, actor):
    login(client, world, actor)
    before = design_state()

    response = client.post(endorse_url(world, 1), {"action": "endorse"})

    assert response.status_code == 404
    assert design_state() == before


def test_endorse_of_a_version_that_does_not_exist_is_404(client, world, boards, design):
    client.force_login(boards.a)

    response = client.post(endorse_url(world, 7), {"action": "endorse"})

    assert response.status_code == 404


def test_endorse_only_answers_post(client, world, boards, design):
    client.force_login(boards.a)

    response = client.get(endorse_url(world, 1))

    assert response.status_code == 405
    assert Endorsement.objects.count() == 0


def test_anonymous_endorse_is_sent_to_the_log_in(client, world, design):
    target = endorse_url(world, 1)

    response = client.post(target, {"action": "endorse"})

    assert response.status_code == 302
    assert response["Location"] == redirect_to_login(target)["Location"]
    assert Endorsement.objects.count() == 0


def test_the_proposal_with_every_form_is_conforming_html(client, world, boards, design):
    """A board member who also edits sees the draft, endorse and remark forms on one page."""
    from concordia.tests.test_html_conformance import problems_of  # noqa: PLC0415

    services.statement_remark(actor=boards.b, version=design.objective, kind="comment",
                              text="Say how it is measured")
    client.force_login(world.coordinator_b)

    for url in (statement_url(world), reverse("statement_version", kwargs={
            "pk": world.alliance.pk, "slug": "objective", "number": 1})):
        html = client.get(url).content.decode()
        assert problems_of(html) == []
    assert "Say how it is measured" in html


def test_an_objection_without_a_reason_is_refused_on_the_field(client, world, boards, design):
    client.force_login(boards.a)
    before = design_state()

    response = client.post(reverse("statement_remark", kwargs={
        "pk": world.alliance.pk, "slug": "objective", "number": 1}),
        {"remark-kind": "objection", "remark-text": ""})

    assert response.status_code == 422
    assert '<ul class="errorlist field-error" id="id_remark-text_error">' in (
        response.content.decode())
    assert design_state() == before
