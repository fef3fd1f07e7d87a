"""Design pages: who sees them (200/403/404/log-in), the design sheet, and who may post (refused
posts change nothing)."""

import pytest
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse

from concordia.alliances.models import Partner
from concordia.design import services
from concordia.design.models import PartnerDefinition
from concordia.design.tests.state import design_state
from concordia.design.tests.support import (
    ALL_PAGES,
    ANONYMOUS_LIKE,
    EDIT_PAGES,
    EDITORS,
    MEMBERS,
    NON_EDITORS,
    OUT_OF_REACH,
    POSTS,
    READ_PAGES,
    login,
)

# --- who sees what -------------------------------------------------------------------------


@pytest.mark.parametrize("page", list(READ_PAGES))
@pytest.mark.parametrize("actor", MEMBERS)
def test_alliance_people_read_every_design_page(client, world, design, page, actor):
    login(client, world, actor)

    response = client.get(READ_PAGES[page](world, design))

    assert response.status_code == 200


@pytest.mark.parametrize("page", list(EDIT_PAGES))
@pytest.mark.parametrize("actor", EDITORS)
def test_editors_open_the_edit_pages(client, world, design, page, actor):
    login(client, world, actor)

    response = client.get(EDIT_PAGES[page](world, design))

    assert response.status_code == 200


@pytest.mark.parametrize("page", list(EDIT_PAGES))
@pytest.mark.parametrize("actor", NON_EDITORS)
def test_non_editors_get_403_on_the_edit_pages(client, world, design, page, actor):
    login(client, world, actor)

    response = client.get(EDIT_PAGES[page](world, design))

    assert response.status_code == 403


@pytest.mark.parametrize("page", list(ALL_PAGES))
@pytest.mark.parametrize("actor", OUT_OF_REACH)
def test_people_outside_the_alliance_get_404(client, world, design, page, actor):
    login(client, world, actor)

    response = client.get(ALL_PAGES[page](world, design))

    assert response.status_code == 404


@pytest.mark.parametrize("page", list(ALL_PAGES))
@pytest.mark.parametrize("actor", ANONYMOUS_LIKE)
def test_anonymous_visitors_are_sent_to_the_log_in(client, world, design, page, actor):
    login(client, world, actor)
    target = ALL_PAGES[page](world, design)

    response = client.get(target)

    assert response.status_code == 302
    assert response["Location"] == redirect_to_login(target)["Location"]


def test_unknown_statement_slug_is_404(client, world):
    client.force_login(world.founder)

    response = client.get(reverse("statement_page", kwargs={"pk": world.alliance.pk,
                                                            "slug": "manifesto"}))

    assert response.status_code == 404


def test_term_and_partner_of_another_alliance_are_404(client, world):
    foreign_term = services.glossary_term_add(actor=world.outsider,
                                              alliance=world.other_alliance, term="Secret")
    partner_z = Partner.objects.get(alliance=world.other_alliance)
    client.force_login(world.founder)

    term_page = client.get(reverse("glossary_term", kwargs={"pk": world.alliance.pk,
                                                            "term_pk": foreign_term.pk}))
    partner_page = client.get(reverse("partner_design_edit", kwargs={
        "pk": world.alliance.pk, "partner_pk": partner_z.pk}))

    assert (term_page.status_code, partner_page.status_code) == (404, 404)


def test_design_sheet_pdf_is_a_pdf(client, world, design):
    client.force_login(world.observer_b)

    response = client.get(reverse("design_sheet_pdf", kwargs={"pk": world.alliance.pk}))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == 'inline; filename="design-sheet-alliance-a.pdf"'


def test_design_sheet_shows_objective_progress_and_stage(client, world, design):
    client.force_login(world.founder)

    html = client.get(reverse("design_sheet", kwargs={"pk": world.alliance.pk})
                      ).content.decode()

    names = sorted([world.partner_a.organisation.name, world.partner_b.organisation.name])
    # the sheet shows what is in force: nothing yet, and the proposal beside it
    assert "<p>Serve once.</p>" not in html
    assert "No objective in force yet." in html
    assert (f"Version 1 is proposed — endorsed by 0 of 2 partners; waiting for: {names[0]}, "
            f"{names[1]}</p>") in html
    # The stage as every partner rates it: here one partner's rating, years old.
    assert "<strong>Procedural</strong> — rated by 1 partner, latest 1 May 2024" in html
    assert "(more than a year old)" in html


# --- refused writes ------------------------------------------------------------------------


@pytest.mark.parametrize("form", list(POSTS))
@pytest.mark.parametrize("actor", NON_EDITORS)
def test_non_editors_posting_get_403_and_nothing_changes(client, world, design, form, actor):
    if (form, actor) == ("stage", "professional_a"):
        pytest.skip("a professional rates the stage for their own partner (docs/access.md)")
    login(client, world, actor)
    target, body = POSTS[form]
    before = design_state()

    response = client.post(target(world, design), body(world, design))

    assert response.status_code == 403
    assert design_state() == before


@pytest.mark.parametrize("form", list(POSTS))
@pytest.mark.parametrize("actor", OUT_OF_REACH)
def test_outsiders_posting_get_404_and_nothing_changes(client, world, design, form, actor):
    login(client, world, actor)
    target, body = POSTS[form]
    before = design_state()

    response = client.post(target(world, design), body(world, design))

    assert response.status_code == 404
    assert design_state() == before


@pytest.mark.parametrize("form", list(POSTS))
def test_editors_posting_save_and_redirect(client, world, design, form):
    client.force_login(world.coordinator_b)
    target, body = POSTS[form]
    before = design_state()

    response = client.post(target(world, design), body(world, design))

    assert response.status_code == 302
    assert design_state() != before


@pytest.mark.parametrize("actor", ["observer_b", "reviewer"])
def test_read_only_roles_cannot_give_their_partners_definition(client, world, design, actor):
    login(client, world, actor)
    before = design_state()

    response = client.post(reverse("glossary_term", kwargs={
        "pk": world.alliance.pk, "term_pk": design.term.pk}),
        {"save_definition": "1", "own-definition": "Ours"})

    assert response.status_code == 403
    assert design_state() == before


def test_professional_gives_their_own_partners_definition(client, world, design):
    client.force_login(world.professional_a)
    target = reverse("glossary_term", kwargs={"pk": world.alliance.pk,
                                              "term_pk": design.term.pk})

    response = client.post(target, {"save_definition": "1", "own-definition": "Gross wage"},
                           follow=True)

    assert response.redirect_chain == [(target, 302)]
    assert list(PartnerDefinition.objects.values_list("partner_id", "definition")) == [
        (world.partner_a.pk, "Gross wage")]
    html = response.content.decode()
    assert (f"<dt>{world.partner_a.organisation.name}</dt><dd>Gross wage</dd>") in html
    assert "Your partner&#x27;s definition is saved." in html
