"""The alliance's learning in a real browser (Chromium), against live_server: the key alliance
manager records a pillar health check and sees its radar with the numbers beside it, makes an
improvement action for the weakest pillar; a professional records a lesson learned and finds it
again by a word and by its tag."""

import pytest
from playwright.sync_api import Page, expect

from concordia.actions.models import ActionItem
from concordia.alliances.choices import Role
from concordia.learning.models import HealthCheck, Lesson
from concordia.testing.factories import PersonFactory, give_role, join, make_alliance

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCORES = {"P1": "4", "P2": "3", "P3": "2", "P4": "4", "P5": "5", "P6": "3", "P7": "4",
          "P8": "5"}


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()


def test_a_health_check_shows_its_radar_and_a_lesson_is_found_again(page: Page, live_server,
                                                                    login):
    anna = PersonFactory(email="anna@tax.example", full_name="Anna Tax",
                         is_organisation_admin=True)
    alliance = make_alliance(anna, "Wage data chain")  # Anna: key alliance manager
    bram = PersonFactory(email="bram@benefits.example", full_name="Bram Benefits",
                         is_organisation_admin=True)
    join(alliance, anna, bram)
    partner_a = alliance.partners.get(organisation=anna.organisation)
    sara = PersonFactory(email="sara@tax.example", full_name="Sara Pro",
                         organisation=anna.organisation)
    give_role(partner_a, sara, Role.PROFESSIONAL)
    base = live_server.url + f"/alliances/{alliance.pk}"

    # Anna holds a health check: one fieldset per pillar, a score and a remark.
    login(page, "anna@tax.example")
    page.goto(base + "/")
    page.get_by_role("navigation", name="Alliance").get_by_role("link", name="Learning").click()
    page.get_by_role("link", name="New health check").click()
    for code, score in SCORES.items():
        group = page.get_by_role("group", name=code, exact=False).first
        group.get_by_label(score, exact=True).check()
    page.get_by_role("group", name="P3 Trust between alliance partners").get_by_label(
        "Remark (optional)").fill("We hardly meet outside the table.")
    page.get_by_role("button", name="Record the health check").click()
    expect(page.get_by_text("The health check is recorded.")).to_be_visible()

    # The radar, with its text alternative and the same numbers in the table beside it.
    radar = page.get_by_role("img", name="Pillar health check of")
    expect(radar).to_be_visible()
    table = page.get_by_role("table", name="Pillar health check of", exact=False).first
    expect(table.get_by_role("row", name="P3 2")).to_be_visible()
    scores = page.get_by_role("table", name="The score (1 to 5) each member")
    expect(scores.get_by_text("We hardly meet outside the table.")).to_be_visible()
    expect(page.get_by_role("heading", name="P3 Trust between alliance partners (weakest)")
           ).to_be_visible()

    # An improvement action for the weakest pillar, shown on the check's page.
    page.get_by_role("button", name="Make an improvement action for P3").click()
    page.get_by_label("Owner").select_option(label="Bram Benefits")
    page.get_by_role("button", name="Give the action").click()
    expect(page.get_by_text("The improvement action is given.")).to_be_visible()
    expect(page.get_by_role("link", name="Strengthen Trust between alliance partners")
           ).to_be_visible()
    check = HealthCheck.objects.get(alliance=alliance)
    assert check.scores.get(pillar="trust").score == 2
    assert ActionItem.objects.get(alliance=alliance).pillar == "trust"
    log_out(page)

    # Sara records a lesson and finds it again, by a word and by its tag.
    login(page, "sara@tax.example")
    page.goto(base + "/lessons/")
    page.get_by_role("link", name="Record a lesson").click()
    page.get_by_label("Title").fill("Agree one definition first")
    page.get_by_label("Problem").fill("One wage return gave two figures for hours worked.")
    page.get_by_label("Cause").fill("No agreed definition of hours.")
    page.get_by_label("Solution chosen").fill("Paid hours, in the glossary.")
    page.get_by_label("Tags").fill("Data quality, glossary")
    page.get_by_role("button", name="Record the lesson").click()
    expect(page.get_by_text("The lesson is recorded.")).to_be_visible()
    lesson = Lesson.objects.get(alliance=alliance)
    assert sorted(lesson.tags.values_list("name", flat=True)) == ["data quality", "glossary"]

    page.get_by_role("link", name="Back to the lessons learned").click()
    page.get_by_label("Search").fill("hours")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="Agree one definition first")).to_be_visible()
    page.goto(base + "/lessons/?q=nothing+like+this")
    expect(page.get_by_text("No lesson matches.")).to_be_visible()
    page.get_by_role("link", name="Show all").click()
    page.get_by_role("link", name="data quality").first.click()
    expect(page.get_by_role("heading", name="Agree one definition first")).to_be_visible()
    expect(page.get_by_label("Tag")).to_have_value("data quality")
