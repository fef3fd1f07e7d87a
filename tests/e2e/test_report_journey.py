"""The periodic report in a real browser (Chromium), against live_server: the key alliance
manager opens last quarter's report; each partner's steering person writes its section
(prefilled with its open action) and submits it; the report shows who is missing until every
section is in; the key alliance manager writes the overall part, approves the report, and
downloads its PDF."""

import pytest
from playwright.sync_api import Page, expect

from concordia.actions import services as action_services
from concordia.reports.models import Report, Section
from concordia.testing.browser import log_out
from concordia.testing.factories import PersonFactory, join, make_alliance
from concordia.testing.reports import last_quarter

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_compile_a_quarterly_report_with_every_partners_section_and_download_the_pdf(
        page: Page, live_server, login):
    anna = PersonFactory(email="anna@tax.example", full_name="Anna Tax",
                         is_organisation_admin=True)
    alliance = make_alliance(anna, "Wage data chain")  # Anna: key alliance manager of A
    bram = PersonFactory(email="bram@benefits.example", full_name="Bram Benefits",
                         is_organisation_admin=True)
    partner_b = join(alliance, anna, bram)  # Bram: partner B's coordinator
    action_services.action_create(actor=anna, alliance=alliance, title="Deliver the test file",
                                  owner_partner=partner_b)
    year, quarter = last_quarter()
    base = live_server.url + f"/alliances/{alliance.pk}"

    # Anna opens last quarter's report.
    login(page, "anna@tax.example")
    page.goto(base + "/")
    page.get_by_role("navigation", name="Alliance").get_by_role(
        "link", name="Periodic reports").click()
    page.get_by_label("Period").select_option("quarter")
    page.locator("#id_year").fill(str(year))
    page.get_by_label("Number within the year").fill(str(quarter))
    page.get_by_role("button", name="Open the report").click()
    expect(page.get_by_text("The report is open: every partner writes its section.")
           ).to_be_visible()
    expect(page.get_by_text("Still missing: 2 partners.")).to_be_visible()

    # Each partner writes its section and submits it.
    for email, news in (("anna@tax.example", "The helpdesk doubled its hours."),
                        ("bram@benefits.example", "Bad news: the portal is late.")):
        if email.startswith("bram"):
            log_out(page)
            login(page, email)
            page.goto(base + f"/reports/{Report.objects.get().pk}/")
        page.get_by_role("link", name="Write our section").click()
        if email.startswith("bram"):
            expect(page.get_by_label("Progress on our activities")).to_contain_text(
                "Deliver the test file")
        page.get_by_label("News the others need to hear, good or bad").fill(news)
        page.get_by_role("button", name="Save the section").click()
        expect(page.get_by_text("The section is saved.")).to_be_visible()
        page.get_by_role("button", name="Submit our section").click()
        expect(page.get_by_text("The section is submitted: every partner reads it now.")
               ).to_be_visible()
    expect(page.get_by_text("The helpdesk doubled its hours.")).to_be_visible()
    assert Section.objects.filter(submitted_at__isnull=False).count() == 2
    log_out(page)

    # Anna writes the overall part and approves the report.
    login(page, "anna@tax.example")
    page.goto(base + f"/reports/{Report.objects.get().pk}/")
    expect(page.get_by_text("Every partner has submitted its section.")).to_be_visible()
    page.get_by_role("link", name="Write the overall part").click()
    page.get_by_label("Overall part").fill("A quarter of progress, with one delay.")
    page.get_by_role("button", name="Save the overall part").click()
    expect(page.get_by_text("The overall part is saved.")).to_be_visible()
    page.get_by_role("button", name="Approve the report").click()
    expect(page.get_by_text("The report is approved.")).to_be_visible()
    expect(page.get_by_text("Approved by Anna Tax on")).to_be_visible()

    # The PDF downloads.
    href = page.get_by_role("link", name="Download as PDF").get_attribute("href")
    response = page.request.get(live_server.url + href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
