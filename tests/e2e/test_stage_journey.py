"""The development stage rated by every partner, in a real browser (Chromium): a professional
of one partner and the coordinator of the other rate it; the page shows each partner, the
alliance's stage and where the partners see it differently."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from concordia.alliances.choices import Role
from concordia.alliances.models import Partner
from concordia.design.stage_rules import QUESTION_KEYS
from concordia.testing.browser import log_out
from concordia.testing.factories import (
    OrganisationFactory,
    PersonFactory,
    give_role,
    join,
    make_alliance,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def rate(page: Page, url: str, partner: str, answers: dict[str, int]) -> None:
    page.goto(url)
    form = page.get_by_role("region", name=f"Your rating for {partner}")
    form.get_by_label("Assessed on").fill(timezone.localdate().isoformat())
    for key, value in answers.items():
        form.locator(f"input[name='q_{key}'][value='{value}']").check()
    form.get_by_role("button", name="Save my rating").click()
    expect(page.get_by_role("status").first).to_have_text("Your rating is saved.")


def test_two_partners_rate_the_stage_and_see_where_they_differ(page: Page, live_server,
                                                              login) -> None:
    arnhem = OrganisationFactory(name="Gemeente Arnhem")
    oost = OrganisationFactory(name="Zorggroep Oost")
    founder = PersonFactory(email="anna@arnhem.example", organisation=arnhem,
                            is_organisation_admin=True)
    coordinator_b = PersonFactory(email="bram@oost.example", organisation=oost,
                                  is_organisation_admin=True)
    alliance = make_alliance(founder, "Gezond Oost-Gelderland")
    partner_a = Partner.objects.get(alliance=alliance, organisation=arnhem)
    join(alliance, founder, coordinator_b)
    professional_a = PersonFactory(email="fenna@arnhem.example", organisation=arnhem)
    give_role(partner_a, professional_a, Role.PROFESSIONAL)
    url = f"{live_server.url}/alliances/{alliance.pk}/design/stage/"
    cultural = dict.fromkeys(QUESTION_KEYS, 3)

    login(page, professional_a.email)
    rate(page, url, "Gemeente Arnhem", cultural)
    log_out(page)
    login(page, coordinator_b.email)
    rate(page, url, "Zorggroep Oost", {**cultural, "trust": 1, "dialogue": 1})

    table = page.get_by_role("table", name="Stage per partner and per dimension")
    expect(table.get_by_role("row", name="Gemeente Arnhem")).to_contain_text("cultural")
    expect(table.get_by_role("row", name="Zorggroep Oost")).to_contain_text("opportunistic")
    expect(table.get_by_role("row", name="Spread (stages apart)")).to_contain_text("2")
    differing = page.get_by_role("region", name="Where the alliance stands")
    expect(differing).to_contain_text("Relational: Gemeente Arnhem: cultural; "
                                      "Zorggroep Oost: opportunistic")
    expect(differing).to_contain_text("First the weakest dimension (relational):")
