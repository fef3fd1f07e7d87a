"""The agreements register in a real browser (Chromium), against live_server: the key alliance
manager registers the responsibility matrix of the chain links with its grid form, and each
party's signer logs in and signs for their own partner ("signed by 2 of 3 — waiting for …")
until the version is in force. The matrix stays readable at 390 px: it scrolls inside its own
box, the page does not."""

import pytest
from playwright.sync_api import Page, expect

from concordia.agreements.models import Agreement, Signature
from concordia.alliances.choices import Level, Role
from concordia.journal.models import JournalEntry
from concordia.testing.browser import log_out
from concordia.testing.factories import PersonFactory, give_role, join, make_alliance

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_sign_the_responsibility_matrix_by_each_party_until_in_force(page: Page, live_server,
                                                                    login):
    anna = PersonFactory(email="anna@tax.example", full_name="Anna Tax",
                         is_organisation_admin=True)
    alliance = make_alliance(anna, "Wage data chain")
    bram = PersonFactory(email="bram@benefits.example", full_name="Bram Benefits",
                         is_organisation_admin=True)
    join(alliance, anna, bram)
    cees = PersonFactory(email="cees@stats.example", full_name="Cees Stats",
                         is_organisation_admin=True)
    partner_c = join(alliance, anna, cees)
    # The statistics office's board member signs for it (its coordinator could too).
    dirk = PersonFactory(email="dirk@stats.example", full_name="Dirk Director",
                         organisation=cees.organisation)
    give_role(partner_c, dirk, Role.BOARD_MEMBER, Level.STRATEGIC)
    tax, benefits, stats = (anna.organisation.name, bram.organisation.name,
                            cees.organisation.name)
    base = live_server.url + f"/alliances/{alliance.pk}"

    # The key alliance manager registers the responsibility matrix of the chain links.
    login(page, "anna@tax.example")
    page.goto(base + "/agreements/")
    page.get_by_role("button", name="Register an agreement").click()
    page.get_by_role("link", name="Responsibility matrix").click()
    page.get_by_label("Title").fill("Who does what in the wage data chain")
    for name in (tax, benefits, stats):
        page.get_by_label(name, exact=True).check()
    page.get_by_label("Text and terms").fill("The links of the chain and each partner's part.")
    rows = [("Collect payroll returns", {tax: "AR", benefits: "I", stats: "I"}),
            ("Distribute to benefits", {benefits: "AR", tax: "C"}),
            ("Publish statistics", {stats: "AR", tax: "I", benefits: "I"})]
    for number, (task, cells) in enumerate(rows, start=1):
        page.get_by_label(f"Task or chain link, row {number}").fill(task)
        for partner, code in cells.items():
            page.get_by_label(f"{partner}, row {number}").select_option(code)
    page.get_by_role("button", name="Register", exact=True).click()
    expect(page.get_by_text("The agreement is registered.")).to_be_visible()
    agreement = Agreement.objects.get(alliance=alliance)
    expect(page.get_by_text("signed by 0 of 3 parties")).to_be_visible()

    # Each party's signer signs for their own partner; Anna, the key alliance manager, for
    # the tax authority.
    signers = [("anna@tax.example", tax, 1), ("bram@benefits.example", benefits, 2),
               ("dirk@stats.example", stats, 3)]
    for email, partner, signed in signers:
        if email != "anna@tax.example":
            login(page, email)
        page.goto(base + "/agreements/")
        page.get_by_role("link", name="Who does what in the wage data chain").click()
        page.get_by_role("button", name=f"Sign version 1 on behalf of {partner}").click()
        expect(page.get_by_text("Signed on behalf of your partner.")).to_be_visible()
        assert Signature.objects.filter(version__agreement=agreement).count() == signed
        if signed < 3:
            waiting = ", ".join(sorted({tax, benefits, stats} - {s[1] for s in
                                                                 signers[:signed]}))
            expect(page.locator("#signature-progress")).to_have_text(
                f"signed by {signed} of 3 parties — waiting for: {waiting}")
            # Nobody signs for another partner: only their own partner's button is offered.
            expect(page.get_by_role("button", name="Sign version 1 on behalf of")
                   ).to_have_count(0)
            log_out(page)

    # The last signature brings the version into force.
    expect(page.get_by_text("in force (version 1)")).to_be_visible()
    expect(page.get_by_text("signed by all 3 parties").first).to_be_visible()
    agreement.refresh_from_db()
    assert agreement.versions.get().in_force_at is not None
    assert list(JournalEntry.objects.filter(alliance=alliance, kind__startswith="Agreement")
                .order_by("seq").values_list("kind", flat=True)) == [
        "AgreementRegistered", "AgreementSigned", "AgreementSigned", "AgreementSigned",
        "AgreementInForce"]

    # At 390 px the matrix scrolls inside its own box (with its caption); the page does not.
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    table = page.get_by_role("table", name="Responsibility matrix, version 1")
    expect(table).to_be_visible()
    expect(table.get_by_role("row", name="Publish statistics")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    box = page.get_by_role("region", name="Responsibility matrix, version 1")
    assert box.evaluate("e => getComputedStyle(e).overflowX") == "auto"
    assert box.evaluate("e => e.getBoundingClientRect().right") <= 390
