"""Design pages: who sees them (200/403/404/log-in), what bad input looks like (422 with the
error on its field), the endorsement journey in the browser's shape, and flat query counts."""

import datetime as dt
import re
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.views import redirect_to_login
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from concordia.accounts.models import Person
from concordia.alliances.choices import Level, Role
from concordia.alliances.models import Partner
from concordia.design import services
from concordia.design.choices import StatementKind
from concordia.design.models import (
    AllianceProfile,
    Endorsement,
    ExpectedResistance,
    GlossaryTerm,
    PartnerDefinition,
    StageAssessment,
    StatementVersion,
)
from concordia.design.stage_rules import QUESTION_KEYS
from concordia.design.tests.state import design_state
from concordia.journal.models import JournalEntry
from concordia.testing.factories import PersonFactory, World, give_role

MEMBERS = ("founder", "coordinator_b", "professional_a", "observer_b", "reviewer")
EDITORS = ("founder", "coordinator_b")
NON_EDITORS = ("professional_a", "observer_b", "reviewer")
OUT_OF_REACH = ("outsider", "stranger", "expired_reviewer", "removed")
ANONYMOUS_LIKE = ("anonymous", "deactivated")


@pytest.fixture
def boards(world):
    board_a = PersonFactory(organisation=world.founder.organisation, full_name="Board A")
    give_role(world.partner_a, board_a, Role.BOARD_MEMBER, Level.STRATEGIC)
    board_b = PersonFactory(organisation=world.coordinator_b.organisation, full_name="Board B")
    give_role(world.partner_b, board_b, Role.BOARD_MEMBER, Level.STRATEGIC)
    return SimpleNamespace(a=board_a, b=board_b)


@pytest.fixture
def design(world):
    """An objective, a values statement, a term and an assessment in alliance A."""
    objective = services.statement_draft(actor=world.founder, alliance=world.alliance,
                                         kind=StatementKind.OBJECTIVE, text="Serve once.",
                                         based_on=0)
    values = services.statement_draft(actor=world.founder, alliance=world.alliance,
                                      kind=StatementKind.VALUES, text="Be open.", based_on=0)
    term = services.glossary_term_add(actor=world.founder, alliance=world.alliance,
                                      term="Income")
    services.stage_assess(actor=world.founder, alliance=world.alliance,
                          assessed_on=dt.date(2024, 5, 1), answers=answers(2))
    return SimpleNamespace(objective=objective, values=values, term=term)


def answers(level: int = 2) -> dict[str, int]:
    return dict.fromkeys(QUESTION_KEYS, level)


def stage_form(level: int = 2, **overrides: Any) -> dict[str, Any]:
    return {"assessed_on": "2024-06-01", "note": "",
            **{f"q_{key}": level for key in QUESTION_KEYS}, **overrides}


def fresh(person: Person) -> Person:
    return Person.objects.get(pk=person.pk)


def person(world: World, actor: str) -> Person | None:
    return None if actor == "anonymous" else getattr(world, actor)


def login(client: Client, world: World, actor: str) -> None:
    someone = person(world, actor)
    if someone is not None:
        client.force_login(someone)




Url = Callable[[World, SimpleNamespace], str]


def url(name: str, **kwargs: Callable[[World, SimpleNamespace], Any]) -> Url:
    return lambda w, d: reverse(name, kwargs={"pk": w.alliance.pk,
                                              **{k: f(w, d) for k, f in kwargs.items()}})


READ_PAGES: dict[str, Url] = {
    "overview": url("design_overview"),
    "objective": url("statement_page", slug=lambda w, d: "objective"),
    "values": url("statement_page", slug=lambda w, d: "values"),
    "stage": url("stage_page"),
    "glossary": url("glossary_page"),
    "glossary_term": url("glossary_term", term_pk=lambda w, d: d.term.pk),
    "sheet": url("design_sheet"),
    "sheet_pdf": url("design_sheet_pdf"),
}
EDIT_PAGES: dict[str, Url] = {
    "profile": url("profile_edit"),
    "partner_design": url("partner_design_edit", partner_pk=lambda w, d: w.partner_b.pk),
}
ALL_PAGES = {**READ_PAGES, **EDIT_PAGES}


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
    assert "<p>Serve once.</p>" in html
    assert f"Endorsed by 0 of 2 partners — waiting for: {names[0]}, {names[1]}</p>" in html
    assert "<strong>Procedural</strong> (1 May 2024)" in html


# --- refused writes ------------------------------------------------------------------------

POSTS: dict[str, tuple[Url, Callable[[World, SimpleNamespace], dict[str, Any]]]] = {
    "profile": (url("profile_edit"), lambda w, d: {
        "rationales": ["efficiency"], "origin": "problem", "joint_activities": 3,
        "centralisation": "medium", "joint_work_weight": "high", "version": 0}),
    # Partner B's own words: written by B's people; A's professional and B's read-only roles
    # are refused (test_partner_words.py covers the key alliance manager's drafts).
    "interest": (url("partner_design_edit", partner_pk=lambda w, d: w.partner_b.pk),
                 lambda w, d: {"save_interest": "1", "interest-own_interest": "Mine",
                               "interest-shared_interest": "Ours"}),
    "resistance": (url("partner_design_edit", partner_pk=lambda w, d: w.partner_b.pk),
                   lambda w, d: {"save_resistance": "1", "resistance-source": "imposed",
                                 "resistance-note": "", "resistance-mitigation": ""}),
    "objective": (url("statement_page", slug=lambda w, d: "objective"),
                  lambda w, d: {"text": "Mine", "vision": "", "mission": "", "based_on": 1}),
    "values": (url("statement_page", slug=lambda w, d: "values"),
               lambda w, d: {"text": "Mine", "based_on": 1}),
    "stage": (url("stage_page"), lambda w, d: stage_form()),
    "glossary": (url("glossary_page"), lambda w, d: {"term": "Register"}),
    "agreed": (url("glossary_term", term_pk=lambda w, d: d.term.pk),
               lambda w, d: {"save_agreed": "1", "agreed-agreed_definition": "Shared",
                             "agreed-version": 1}),
}


@pytest.mark.parametrize("form", list(POSTS))
@pytest.mark.parametrize("actor", NON_EDITORS)
def test_non_editors_posting_get_403_and_nothing_changes(client, world, design, form, actor):
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


# --- bad input: 422 with the error on its field --------------------------------------------


def field_error(response: Any, field: str) -> bool:
    return f'id="id_{field}_error"' in response.content.decode()


def test_profile_with_zero_activities_comes_back_with_the_error(client, world):
    client.force_login(world.founder)
    body = POSTS["profile"][1](world, SimpleNamespace())

    response = client.post(reverse("profile_edit", kwargs={"pk": world.alliance.pk}),
                           {**body, "joint_activities": 0})

    assert response.status_code == 422
    assert field_error(response, "joint_activities")
    assert AllianceProfile.objects.count() == 0


def test_profile_with_unknown_rationale_comes_back_with_the_error(client, world):
    client.force_login(world.founder)
    body = POSTS["profile"][1](world, SimpleNamespace())

    response = client.post(reverse("profile_edit", kwargs={"pk": world.alliance.pk}),
                           {**body, "rationales": ["world_peace"]})

    assert response.status_code == 422
    assert field_error(response, "rationales")
    assert AllianceProfile.objects.count() == 0


def test_stale_profile_form_is_refused_with_a_message(client, world):
    services.profile_update(actor=world.founder, alliance=world.alliance, expected_version=0,
                            rationales=[], origin="problem", joint_activities=2,
                            centralisation="low", joint_work_weight="low")
    client.force_login(world.coordinator_b)
    body = POSTS["profile"][1](world, SimpleNamespace())  # edited version 0

    response = client.post(reverse("profile_edit", kwargs={"pk": world.alliance.pk}), body)

    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="form-errors"' in html
    assert "Someone else changed the profile in the meantime. Reload and try again." in html
    assert AllianceProfile.objects.get().joint_activities == 2


def test_partner_resistance_with_unknown_source_comes_back_with_the_error(client, world):
    client.force_login(world.founder)

    response = client.post(reverse("partner_design_edit", kwargs={
        "pk": world.alliance.pk, "partner_pk": world.partner_a.pk}),
        {"save_resistance": "1", "resistance-source": "weather"})

    assert response.status_code == 422
    assert field_error(response, "resistance-source")
    assert ExpectedResistance.objects.count() == 0


def test_objective_without_text_comes_back_with_the_error(client, world):
    client.force_login(world.founder)

    response = client.post(reverse("statement_page", kwargs={"pk": world.alliance.pk,
                                                             "slug": "objective"}),
                           {"text": "", "vision": "V", "mission": "", "based_on": 0})

    assert response.status_code == 422
    assert field_error(response, "text")
    assert StatementVersion.objects.count() == 0


def test_stale_objective_draft_is_refused_with_a_message(client, world, design):
    client.force_login(world.coordinator_b)
    before = design_state()

    response = client.post(reverse("statement_page", kwargs={"pk": world.alliance.pk,
                                                             "slug": "objective"}),
                           {"text": "On top of nothing", "based_on": 0})

    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="form-errors"' in html
    assert "A newer version was saved in the meantime. Reload and try again." in html
    assert design_state() == before


def test_stage_with_an_unanswered_question_comes_back_with_the_error(client, world):
    client.force_login(world.founder)
    body = stage_form()
    del body["q_trust"]

    response = client.post(reverse("stage_page", kwargs={"pk": world.alliance.pk}), body)

    assert response.status_code == 422
    assert field_error(response, "q_trust")
    assert StageAssessment.objects.count() == 0


def test_stage_in_the_future_comes_back_with_the_error(client, world):
    client.force_login(world.founder)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)

    response = client.post(reverse("stage_page", kwargs={"pk": world.alliance.pk}),
                           stage_form(assessed_on=tomorrow.isoformat()))

    assert response.status_code == 422
    assert field_error(response, "assessed_on")
    assert "The date lies in the future." in response.content.decode()
    assert StageAssessment.objects.count() == 0


def test_stage_saved_shows_the_overall_stage_and_next_steps(client, world):
    client.force_login(world.founder)

    response = client.post(reverse("stage_page", kwargs={"pk": world.alliance.pk}),
                           stage_form(3), follow=True)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>Overall: cultural</strong>" in html
    assert "<li>Give professionals room and keep the structure light.</li>" in html
    assert StageAssessment.objects.get().overall == "cultural"


def test_duplicate_term_comes_back_with_the_error(client, world, design):
    client.force_login(world.founder)

    response = client.post(reverse("glossary_page", kwargs={"pk": world.alliance.pk}),
                           {"term": "INCOME"})

    assert response.status_code == 422
    assert field_error(response, "term")
    assert "This term is in the glossary already." in response.content.decode()
    assert GlossaryTerm.objects.count() == 1


def test_empty_own_definition_comes_back_with_the_error(client, world, design):
    client.force_login(world.founder)

    response = client.post(reverse("glossary_term", kwargs={
        "pk": world.alliance.pk, "term_pk": design.term.pk}),
        {"save_definition": "1", "own-definition": ""})

    assert response.status_code == 422
    assert field_error(response, "own-definition")
    assert PartnerDefinition.objects.count() == 0


def test_stale_agreed_definition_is_refused_with_a_message(client, world, design):
    services.glossary_term_agree(actor=world.founder, term=design.term, definition="First",
                                 expected_version=1)
    client.force_login(world.coordinator_b)

    response = client.post(reverse("glossary_term", kwargs={
        "pk": world.alliance.pk, "term_pk": design.term.pk}),
        {"save_agreed": "1", "agreed-agreed_definition": "Second", "agreed-version": 1})

    assert response.status_code == 422
    assert "Someone else changed this term in the meantime." in response.content.decode()
    assert GlossaryTerm.objects.get().agreed_definition == "First"


# --- endorsing -----------------------------------------------------------------------------


def statement_url(world: World, slug: str = "objective") -> str:
    return reverse("statement_page", kwargs={"pk": world.alliance.pk, "slug": slug})


def endorse_url(world: World, number: int, slug: str = "objective") -> str:
    return reverse("statement_endorse", kwargs={"pk": world.alliance.pk, "slug": slug,
                                                "number": number})


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
    assert "New version saved. Every partner endorses it again." in html
    assert (f"Version 1: endorsed by 0 of 2 partners — waiting for: {first}, {second}</p>"
            in html)
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
    assert f"Version 1: endorsed by 1 of 2 partners — waiting for: {name_b}</p>" in html
    assert f"Withdraw the endorsement of {name_a}" in html

    # when partner B's board member endorses too
    done = board_b.post(endorse_url(world, 1), {"action": "endorse"}, follow=True)

    # then the objective is fully endorsed, for every viewer
    assert "Version 1 is endorsed by all 2 partners." in done.content.decode()
    overview = editor.get(reverse("design_overview", kwargs={"pk": world.alliance.pk}))
    assert "Version 1 is endorsed by all 2 partners." in overview.content.decode()
    assert sorted(Endorsement.objects.values_list("partner_id", "endorsed_by_id")) == sorted([
        (world.partner_a.pk, boards.a.pk), (world.partner_b.pk, boards.b.pk)])
    kinds = list(JournalEntry.objects.filter(alliance=world.alliance).order_by("seq")
                 .values_list("kind", flat=True))
    assert kinds[-3:] == ["ObjectiveDrafted", "ObjectiveEndorsed", "ObjectiveEndorsed"]

    # and a new version starts from nothing again
    editor.post(statement_url(world), {"text": "Serve citizens once, together.",
                                       "based_on": 1})
    html = editor.get(statement_url(world)).content.decode()
    assert (f"Version 2: endorsed by 0 of 2 partners — waiting for: {first}, {second}</p>"
            in html)
    assert re.search(r"<li>Version 1 of \d+ \w+ \d{4} by Founder — 2 endorsements</li>", html)


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

    assert "A newer version exists; endorse that one." in response.content.decode()
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
        markers.append(f"Version {n} of ")
    return markers


def seed_foreign_versions(world: World, first: int, last: int) -> list[str]:
    markers = []
    for n in range(first, last + 1):
        text = f"Zeta secret objective {n}"
        services.statement_draft(actor=world.outsider, alliance=world.other_alliance,
                                 kind=StatementKind.OBJECTIVE, text=text, based_on=n - 1)
        markers.append(text)
    return markers


def seed_terms(world: World, first: int, last: int) -> list[str]:
    markers = []
    for n in range(first, last + 1):
        term = services.glossary_term_add(actor=world.founder, alliance=world.alliance,
                                          term=f"Term number {n}")
        services.partner_definition_set(actor=fresh(world.founder), term=term,
                                        definition=f"A's meaning {n}")
        services.partner_definition_set(actor=fresh(world.coordinator_b), term=term,
                                        definition=f"B's meaning {n}")
        markers.append(f">Term number {n}</a>")
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
        "terms": (lambda a, b: seed_terms(world, a, b),
                  lambda a, b: seed_foreign_terms(world, a, b)),
        "stages": (lambda a, b: seed_stages(world, a, b),
                   lambda a, b: seed_foreign_stages(world, a, b)),
    }[LISTS[page][1]]
    client.force_login(world.founder)
    assert client.get(target).status_code == 200  # warm-up
    # the statement page lists earlier versions only: one more than the rows shown
    own = seeds[0](1, 2 if page == "objective" else 1)
    foreign = seeds[1](1, 1)

    one, html_one = measure(client, target)
    own += seeds[0](len(own) + 1, len(own) + 9)
    foreign += seeds[1](2, 10)
    ten, html_ten = measure(client, target)

    assert len(one) == len(ten), explain(one, ten)
    shown = own[:-1] if page == "objective" else own
    assert len(shown) == 10
    assert [m for m in shown if m not in html_ten] == []
    assert [m for m in foreign if m in html_one or m in html_ten] == []
