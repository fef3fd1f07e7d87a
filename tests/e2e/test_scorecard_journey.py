"""The scorecard in a real browser (Chromium), against live_server: the key alliance manager
defines an indicator with a target; partner A's coordinator enters a value that is off track,
uploads a CSV whose bad line is refused with its line number and nothing imported, then a good
one — and the scorecard turns to on track. Then the core team changes an indicator's name and
unit and retires it: it leaves the scorecard and stays readable among the retired ones."""

import pytest
from playwright.sync_api import Page, expect

from concordia.scorecard import services
from concordia.scorecard.models import Indicator, Measurement
from concordia.testing.browser import log_out
from concordia.testing.factories import PersonFactory, join, make_alliance

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_indicator_is_defined_measured_and_the_scorecard_turns(page: Page, live_server,
                                                                  login, tmp_path):
    anna = PersonFactory(email="anna@tax.example", full_name="Anna Tax",
                         is_organisation_admin=True)
    alliance = make_alliance(anna, "Wage data chain")  # Anna: key alliance manager of A
    bram = PersonFactory(email="bram@benefits.example", full_name="Bram Benefits",
                         is_organisation_admin=True)
    join(alliance, anna, bram)
    base = live_server.url + f"/alliances/{alliance.pk}"

    # Anna defines the indicator, owned by her own partner, with a target from 2024-Q1.
    login(page, "anna@tax.example")
    page.goto(base + "/scorecard/")
    page.get_by_role("link", name="Define an indicator").click()
    page.get_by_label("Name").fill("Returns on time")
    page.get_by_label("Definition").fill("Share of payroll returns delivered by the deadline.")
    page.get_by_label("Unit").fill("%")
    page.get_by_label("higher is better").check()
    page.get_by_label("Measured per").select_option("quarter")
    page.get_by_label("Owning partner").select_option(label=str(anna.organisation))
    page.get_by_label("Tolerance (%)").fill("2")
    page.get_by_label("Target", exact=True).fill("95")
    page.get_by_label("Target from period").fill("2024-Q1")
    page.get_by_role("button", name="Define the indicator").click()
    expect(page.get_by_text("The indicator is on the scorecard.")).to_be_visible()
    indicator = Indicator.objects.get(alliance=alliance)

    # A value well below the target: off track.
    page.goto(base + f"/scorecard/indicators/{indicator.pk}/")
    page.get_by_role("link", name="Enter a value").click()
    page.get_by_label("Period").fill("2024-Q1")
    page.get_by_label("Value").fill("88,5")
    page.get_by_role("button", name="Record the value").click()
    expect(page.get_by_text("The value is recorded.")).to_be_visible()
    page.goto(base + "/scorecard/")
    row = page.get_by_role("row", name="Returns on time")
    # The status is a cell of its own (the rule beside it names every status).
    expect(row.get_by_role("cell", name="off track", exact=True)).to_be_visible()

    # A file with one bad line imports nothing and names the line.
    bad = tmp_path / "bad.csv"
    bad.write_text("indicator,period,value,unit\nReturns on time,2024-Q2,96,%\n"
                   "Returns on time,2024-Q3,lots,%\n", encoding="utf-8")
    page.get_by_role("link", name="Upload values (CSV or XLSX)").click()
    page.get_by_label("File (CSV or XLSX)").set_input_files(str(bad))
    page.get_by_role("button", name="Upload").click()
    problems = page.get_by_role("region", name="Problems in the file")
    expect(problems).to_contain_text("3")
    assert Measurement.objects.filter(indicator=indicator).count() == 1

    # The corrected file imports both values; the latest is on track.
    good = tmp_path / "good.csv"
    good.write_text("indicator,period,value,unit\nReturns on time,2024-Q2,94,%\n"
                    "Returns on time,2024-Q3,96,%\n", encoding="utf-8")
    page.get_by_label("File (CSV or XLSX)").set_input_files(str(good))
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("2 values recorded")).to_be_visible()
    page.goto(base + "/scorecard/")
    row = page.get_by_role("row", name="Returns on time")
    expect(row.get_by_role("cell", name="on track", exact=True)).to_be_visible()
    expect(row.get_by_role("cell", name="off track", exact=True)).to_have_count(0)
    expect(row).to_contain_text("2024-Q3")
    assert Measurement.objects.filter(indicator=indicator).count() == 3
    log_out(page)


def test_an_indicator_is_changed_and_retired_and_its_history_stays(page: Page, live_server,
                                                                    login):
    anna = PersonFactory(email="anna@tax.example", full_name="Anna Tax",
                         is_organisation_admin=True)
    alliance = make_alliance(anna, "Wage data chain")  # Anna: key alliance manager of A
    partner_a = alliance.partners.get(organisation=anna.organisation)
    indicator = services.indicator_define(
        actor=anna, alliance=alliance, name="Returns on time",
        definition="Share of payroll returns delivered by the deadline.", unit="%",
        direction="higher", period_kind="quarter", owner_partner=partner_a)
    services.measurement_record(actor=anna, indicator=indicator, period="2024-Q1", value="91")
    base = live_server.url + f"/alliances/{alliance.pk}"

    # Anna changes its name and unit on the indicator's page.
    login(page, "anna@tax.example")
    page.goto(base + f"/scorecard/indicators/{indicator.pk}/")
    page.get_by_role("link", name="Change the indicator").click()
    page.get_by_label("Name").fill("Payroll returns on time")
    page.get_by_label("Unit").fill("percent")
    page.get_by_role("button", name="Save the changes").click()
    expect(page.get_by_text("The indicator is changed.")).to_be_visible()
    page.goto(base + "/scorecard/")
    expect(page.get_by_role("row", name="Payroll returns on time")).to_contain_text("percent")
    expect(page.get_by_role("link", name="Returns on time", exact=True)).to_have_count(0)

    # She retires it: it leaves the scorecard, and shows among the retired with its history.
    page.goto(base + f"/scorecard/indicators/{indicator.pk}/")
    page.get_by_role("link", name="Retire the indicator").click()
    page.get_by_role("button", name="Retire the indicator").click()
    expect(page.get_by_text("The indicator is retired")).to_be_visible()
    page.goto(base + "/scorecard/")
    expect(page.get_by_role("row", name="Payroll returns on time")).to_have_count(0)
    page.get_by_label("Show retired indicators").check()
    page.get_by_role("button", name="Show", exact=True).click()
    retired = page.get_by_role("table", name="Retired indicators")
    expect(retired.get_by_role("row", name="Payroll returns on time")).to_be_visible()
    retired.get_by_role("link", name="Payroll returns on time").click()
    expect(page.get_by_text("this indicator is no longer on the scorecard")).to_be_visible()
    expect(page.get_by_role("link", name="Enter a value")).to_have_count(0)
    assert Indicator.objects.get(pk=indicator.pk).retired_at is not None
    assert Measurement.objects.filter(indicator=indicator).count() == 1
    log_out(page)
