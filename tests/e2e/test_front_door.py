"""The front door in a real browser (Chromium): a visitor without an account reads what
Concordia is, switches the language, reads the model and gets advice from the form advisor; to
save it, they log in and come back to the same answers."""

import pytest
from playwright.sync_api import Page, expect

from concordia.advisor.forms import answers_as_form_data
from concordia.advisor.rules import WAGE_TAX_CASE
from concordia.testing.factories import PASSWORD, PersonFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def switch_language(page: Page, option_label: str) -> None:
    switch = page.locator("form", has=page.locator("#language-select"))
    switch.get_by_role("combobox").select_option(label=option_label)
    switch.get_by_role("button").click()


def answer(page: Page) -> list[str]:
    """The radio buttons of the wage-tax case, by their field's name and value."""
    return [f'#questionnaire input[name="{name}"][value="{value}"]'
            for name, value in answers_as_form_data(WAGE_TAX_CASE).items()]


def test_a_visitor_reads_the_model_and_gets_advice_without_an_account(page: Page,
                                                                       live_server):
    person = PersonFactory(email="gijs@belasting.example", full_name="Gijs Considering")
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Concordia: run your alliance together")

    # The language switch works without an account, and stays switched.
    switch_language(page, "Nederlands")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Concordia: bestuur je alliantie samen")
    page.get_by_role("link", name="Lees het model").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Het alliantiemanagementmodel")
    switch_language(page, "English")
    expect(page.get_by_role("heading", level=1)).to_have_text("The alliance management model")

    page.get_by_role("link", name="Which form fits?").click()
    for radio in answer(page):
        page.locator(radio).check()
    page.get_by_role("button", name="Show the advice").click()
    advice = page.get_by_role("region", name="Advice", exact=True)
    expect(advice.get_by_text("Best fit:")).to_have_text(
        "Best fit: Alliance. It meets 7 of its 7 conditions.")

    # Saving needs an account: the log-in brings the visitor back to the same answers.
    page.get_by_role("link", name="Log in to save this advice").click()
    page.get_by_label("Email").fill(person.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Which collaboration form fits?")
    for radio in answer(page):
        expect(page.locator(radio)).to_be_checked()
