"""Design pages, bad input: 422 with the error on its field, stale forms refused with a message."""

import datetime as dt
from types import SimpleNamespace
from typing import Any

from django.urls import reverse
from django.utils import timezone

from concordia.design import services
from concordia.design.models import (
    AllianceProfile,
    ExpectedResistance,
    GlossaryTerm,
    PartnerDefinition,
    StageAssessment,
    StageRaters,
    StatementVersion,
)
from concordia.design.tests.state import design_state
from concordia.design.tests.support import (
    POSTS,
    answers,
    stage_form,
)

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


def test_stale_proposed_definition_is_refused_with_a_message(client, world, design):
    services.glossary_definition_propose(actor=world.founder, term=design.term,
                                         definition="First")
    client.force_login(world.coordinator_b)
    before = design_state()

    response = client.post(reverse("glossary_term", kwargs={
        "pk": world.alliance.pk, "term_pk": design.term.pk}),
        {"save_agreed": "1", "agreed-agreed_definition": "Second", "agreed-based_on": 0})

    assert response.status_code == 422
    assert "A newer version was saved in the meantime." in response.content.decode()
    assert design_state() == before



def test_stage_page_shows_every_partner_where_they_differ_and_flags_an_old_assessment(client,
                                                                                     world):
    cultural = {**answers(3)}
    services.stage_assess(actor=world.founder, alliance=world.alliance,
                          assessed_on=dt.date(2020, 1, 1), answers=cultural)
    services.stage_assess(actor=world.coordinator_b, alliance=world.alliance,
                          assessed_on=dt.date(2020, 1, 2),
                          answers={**cultural, "trust": 1, "dialogue": 1})
    client.force_login(world.observer_b)
    html = client.get(reverse("stage_page", kwargs={"pk": world.alliance.pk})).content.decode()
    for partner in (world.partner_a, world.partner_b):
        assert f'<th scope="row">{partner.organisation.name}</th>' in html
    assert "Where partners see it differently" in html
    assert "<strong>Relational</strong>:" in html
    assert "This assessment is more than a year old." in html
    assert "First the weakest dimension (relational):" in html
    assert "Your rating for" not in html  # an observer does not rate
    client.force_login(world.professional_a)
    html = client.get(reverse("stage_page", kwargs={"pk": world.alliance.pk})).content.decode()
    assert f"Your rating for {world.partner_a.organisation.name}" in html


def test_who_rates_is_chosen_by_role_or_level_on_the_page_and_nothing_chosen_is_refused(
        client, world):
    client.force_login(world.founder)
    url = reverse("stage_raters", kwargs={"pk": world.alliance.pk})
    page = client.get(url).content.decode()
    assert 'name="levels" value="strategic"' in page

    refused = client.post(url, {})
    assert refused.status_code == 422
    assert field_error(refused, "roles")
    assert "Choose at least one role or level, or nobody rates the stage." in (
        refused.content.decode())

    response = client.post(url, {"levels": ["strategic"], "roles": ["professional"]})
    assert response.status_code == 302
    assert (StageRaters.objects.get().roles, StageRaters.objects.get().levels) == (
        ["professional"], ["strategic"])
    client.force_login(world.coordinator_b)  # tactical, not a professional: does not rate
    html = client.get(reverse("stage_page", kwargs={"pk": world.alliance.pk})).content.decode()
    assert "Who rates: professional, strategic level." in html
    assert "Your rating for" not in html
