"""The alliance design in a real browser (Chromium), against live_server: the objective drafted
and endorsed by every partner, the gaps in the pillars closing as building blocks are put in
place, and the form advisor."""

import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import Locator, Page, expect

from concordia.accounts.models import Person
from concordia.alliances.choices import Level, Role
from concordia.alliances.models import Alliance, Partner
from concordia.design import services as design_services
from concordia.design.choices import StatementKind
from concordia.design.models import Endorsement
from concordia.testing.browser import log_out
from concordia.testing.factories import (
    OrganisationFactory,
    PersonFactory,
    give_role,
    join,
    make_alliance,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ENDORSE = re.compile(r"^Endorse on behalf of")


@dataclass
class DesignWorld:
    """Gemeente Arnhem (owner; Anna is its key alliance manager) and Zorggroep Oost (core
    partner; Bram coordinates it), with a board member at each and a professional at Arnhem."""

    alliance: Alliance
    partner_a: Partner
    partner_b: Partner
    founder: Person
    coordinator_b: Person
    board_a: Person
    board_b: Person
    professional_a: Person


@pytest.fixture
def design_world(db) -> DesignWorld:
    arnhem = OrganisationFactory(name="Gemeente Arnhem")
    oost = OrganisationFactory(name="Zorggroep Oost")
    founder = PersonFactory(email="anna@arnhem.example", full_name="Anna Founder",
                            organisation=arnhem, is_organisation_admin=True)
    coordinator_b = PersonFactory(email="bram@oost.example", full_name="Bram Coordinator",
                                  organisation=oost, is_organisation_admin=True)
    alliance = make_alliance(founder, "Gezond Oost-Gelderland")
    partner_a = Partner.objects.get(alliance=alliance, organisation=arnhem)
    partner_b = join(alliance, founder, coordinator_b)
    board_a = PersonFactory(email="dirk@arnhem.example", full_name="Dirk Board",
                            organisation=arnhem)
    give_role(partner_a, board_a, Role.BOARD_MEMBER, Level.STRATEGIC)
    board_b = PersonFactory(email="eva@oost.example", full_name="Eva Board", organisation=oost)
    give_role(partner_b, board_b, Role.BOARD_MEMBER, Level.STRATEGIC)
    professional_a = PersonFactory(email="fenna@arnhem.example", full_name="Fenna Professional",
                                   organisation=arnhem)
    give_role(partner_a, professional_a, Role.PROFESSIONAL)
    return DesignWorld(alliance, partner_a, partner_b, founder, coordinator_b, board_a, board_b,
                       professional_a)


def draft_objective(world: DesignWorld) -> None:
    """Set-up for the shorter tests: version 1 of the objective, as the founder drafts it."""
    design_services.statement_draft(actor=world.founder, alliance=world.alliance,
                                    kind=StatementKind.OBJECTIVE, text="Care close to home.",
                                    based_on=0)


def progress(page: Page) -> Locator:
    return page.locator("#progress")


def objective_url(live_server, world: DesignWorld) -> str:
    return f"{live_server.url}/alliances/{world.alliance.pk}/design/objective/"


def open_objective(page: Page, live_server, world: DesignWorld) -> None:
    page.goto(objective_url(live_server, world))
    expect(page.get_by_role("heading", level=1)).to_have_text("The alliance objective")


def gaps(page: Page) -> list[str]:
    """The pillars the coverage page lists as gaps, by code (P1…P8)."""
    region = page.get_by_role("region", name="Gaps")
    expect(region).to_be_visible()
    return [text.split()[0] for text in region.get_by_role("listitem").locator("strong")
            .all_inner_texts()]


def endorse_as(page: Page, login, live_server, world: DesignWorld,
               board_member: Person, partner_name: str) -> None:
    login(page, board_member.email)
    open_objective(page, live_server, world)
    page.get_by_role("button", name=f"Endorse on behalf of {partner_name}").click()
    expect(page.get_by_role("status").first).to_have_text("Endorsed on behalf of your partner.")


def test_objective_endorsed_by_every_partner_then_gaps_shrink(page: Page, live_server, login,
                                                               design_world: DesignWorld):
    world = design_world
    alliance_url = f"{live_server.url}/alliances/{world.alliance.pk}"

    # The founder drafts the objective through the form (boosted by htmx).
    login(page, world.founder.email)
    page.goto(f"{alliance_url}/")
    page.get_by_role("navigation", name="Alliance").get_by_role("link", name="Design").click()
    page.get_by_role("navigation", name="Design").get_by_role("link", name="Objective").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The alliance objective")
    assert page.url == objective_url(live_server, world)
    expect(progress(page)).to_have_text("")
    page.get_by_label("Vision").fill("Everyone in the region lives healthily at home.")
    page.get_by_label("Mission").fill("Municipality and care providers work as one team.")
    page.get_by_label("Objective").fill("By 2027 half of all care is given at home.")
    page.get_by_role("button", name="Propose as new version").click()
    expect(page.get_by_role("status").first).to_have_text(
        "New version proposed. The version in force stays in force until every partner has "
        "endorsed it.")
    proposal = page.get_by_role("region", name="Proposed: version 1")
    expect(proposal).to_contain_text("Everyone in the region lives healthily at home.")
    expect(proposal).to_contain_text("By 2027 half of all care is given at home.")
    expect(progress(page)).to_have_text(
        "Version 1 is proposed — endorsed by 0 of 2 partners; waiting for: Gemeente Arnhem, "
        "Zorggroep Oost")
    # The key alliance manager is no board member: nobody endorses through her.
    expect(page.get_by_role("button", name=ENDORSE)).to_have_count(0)
    log_out(page)

    # Board member of Arnhem endorses for Arnhem.
    endorse_as(page, login, live_server, world, world.board_a, "Gemeente Arnhem")
    expect(progress(page)).to_have_text(
        "Version 1 is proposed — endorsed by 1 of 2 partners; waiting for: Zorggroep Oost")
    expect(proposal).to_contain_text("Gemeente Arnhem — endorsed by Dirk Board on")
    log_out(page)

    # Board member of Zorggroep Oost completes it: version 1 is in force.
    endorse_as(page, login, live_server, world, world.board_b, "Zorggroep Oost")
    in_force = page.get_by_role("region", name="In force: version 1")
    expect(in_force).to_contain_text("By 2027 half of all care is given at home.")
    expect(progress(page)).to_have_text("")
    log_out(page)

    # The founder reads the gaps in the pillars: none of the eighteen blocks is in place yet.
    login(page, world.founder.email)
    open_objective(page, live_server, world)
    expect(page.get_by_role("heading", name="In force: version 1")).to_be_visible()
    page.get_by_role("navigation", name="Design").get_by_role("link", name="Coverage").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Coverage of the pillars in Gezond Oost-Gelderland")
    assert gaps(page) == ["P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8"]
    gap_list = page.get_by_role("region", name="Gaps").get_by_role("listitem")
    expect(gap_list.filter(has_text="P2 ")).to_have_text(
        "P2 Objective-bound playing field — would be filled by: "
        "The autonomous professional (not yet decided), "
        "The coaching (team) manager (not yet decided)")
    expect(gap_list.filter(has_text="P8 ")).to_have_text(
        "P8 Unambiguous and inspiring alliance objective — would be filled by: "
        "Annual alliance plan (not yet decided)")

    # P8's only filler, from the coverage page to its own form: in place, owned by Arnhem.
    gap_list.filter(has_text="P8 ").get_by_role("link", name="Annual alliance plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Building block 16: Annual alliance plan")
    edit = page.get_by_role("region", name="Change")
    edit.get_by_role("combobox", name="Status", exact=True).select_option(label="in place")
    edit.get_by_role("combobox", name="Owner", exact=True).select_option(label="Gemeente Arnhem")
    edit.get_by_label("How it is done here").fill("Adopted by the board every December.")
    edit.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Building blocks of Gezond Oost-Gelderland")
    expect(page.get_by_role("status").first).to_have_text("Saved.")
    plan_row = page.locator("#block-annual_plan")
    expect(plan_row.get_by_label("Status of Annual alliance plan")).to_have_value("in_place")
    expect(plan_row).to_contain_text("Gemeente Arnhem")

    # P2's two fillers through the rows' quick forms: htmx swaps the row alone (a mark on the
    # table survives, the mark on the row goes with the old row).
    blocks_url = page.url
    table = page.locator("table.blocks-table")
    table.evaluate("element => { element.dataset.kept = 'yes'; }")
    for name, block in [("The autonomous professional", "autonomous_professional"),
                        ("The coaching (team) manager", "coaching_manager")]:
        row = page.locator(f"#block-{block}")
        row.evaluate("element => { element.dataset.old = 'yes'; }")
        row.get_by_label(f"Status of {name}").select_option(label="in place")
        row.get_by_role("button", name=f"Save the status of {name}").click()
        expect(row.get_by_role("status")).to_have_text("Saved.")
        expect(row).not_to_have_attribute("data-old", "yes")
        expect(row.get_by_label(f"Status of {name}")).to_have_value("in_place")
    expect(table).to_have_attribute("data-kept", "yes")
    assert page.url == blocks_url

    # Three gaps fewer: P2 (both fillers), P6 and P8 (the annual plan carries both).
    page.get_by_role("link", name="Coverage of the pillars").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Coverage of the pillars in Gezond Oost-Gelderland")
    assert gaps(page) == ["P1", "P3", "P4", "P5", "P7"]
    pillars = page.get_by_role("region", name="Per pillar").get_by_role("row")
    expect(pillars.filter(has_text="P2 Objective-bound playing field").get_by_role("cell")
           .last).to_have_text("no")


def test_endorse_without_javascript(page_without_js: Page, live_server, login,
                                    design_world: DesignWorld):
    page = page_without_js
    world = design_world
    draft_objective(world)
    login(page, world.board_b.email)
    open_objective(page, live_server, world)
    expect(progress(page)).to_have_text(
        "Version 1 is proposed — endorsed by 0 of 2 partners; waiting for: Gemeente Arnhem, "
        "Zorggroep Oost")
    page.get_by_role("button", name="Endorse on behalf of Zorggroep Oost").click()
    expect(page.get_by_role("status").first).to_have_text("Endorsed on behalf of your partner.")
    expect(progress(page)).to_have_text(
        "Version 1 is proposed — endorsed by 1 of 2 partners; waiting for: Gemeente Arnhem")
    assert page.url == objective_url(live_server, world)  # the plain post redirected back
    expect(page.get_by_role("button", name="Withdraw the endorsement of Zorggroep Oost")
           ).to_be_visible()


def test_a_person_of_partner_a_cannot_endorse_for_partner_b(page: Page, live_server, login,
                                                            design_world: DesignWorld):
    world = design_world
    draft_objective(world)

    # Once Arnhem has endorsed, its board member is offered the withdrawal only.
    endorse_as(page, login, live_server, world, world.board_a, "Gemeente Arnhem")
    expect(progress(page)).to_have_text(
        "Version 1 is proposed — endorsed by 1 of 2 partners; waiting for: Zorggroep Oost")
    expect(page.get_by_role("button", name=ENDORSE)).to_have_count(0)
    expect(page.get_by_role("button", name="Withdraw the endorsement of Gemeente Arnhem")
           ).to_be_visible()
    log_out(page)

    # A professional of Arnhem sees no button at all, and a forged post is refused.
    login(page, world.professional_a.email)
    open_objective(page, live_server, world)
    expect(page.get_by_role("button", name=ENDORSE)).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("^Withdraw"))).to_have_count(0)
    expect(page.get_by_text("A board member of each partner endorses, objects or comments on "
                            "behalf of that "
                            "partner.")).to_be_visible()
    status = page.evaluate(
        """async (url) => {
            const token = document.querySelector("input[name=csrfmiddlewaretoken]").value;
            const response = await fetch(url, {method: "POST", headers: {"X-CSRFToken": token},
                                               body: new URLSearchParams({action: "endorse"})});
            return response.status;
        }""", f"{live_server.url}/alliances/{world.alliance.pk}/design/objective/1/endorsement")
    assert status == 403
    assert list(Endorsement.objects.values_list("partner__organisation__name", flat=True)) == [
        "Gemeente Arnhem"]
    page.reload()
    expect(progress(page)).to_have_text(
        "Version 1 is proposed — endorsed by 1 of 2 partners; waiting for: Zorggroep Oost")


WAGE_TAX_ANSWERS = [  # concordia.advisor.rules.WAGE_TAX_CASE, in the questionnaire's words
    ("How intensive is the joint work?",
     "Intensive — working closely together on shared results"),
    ("Where does the joint work sit for the partners?", "In part of their core activities"),
    ("Can the joint work be separated from the partners' own core processes?", "No"),
    ("How long is the collaboration meant to last?", "Long — open-ended, for many years"),
    ("Which way does the work flow?",
     "Jointly: the partners share responsibility towards the end users"),
    ("Do the partners want to own the joint work together?", "No"),
    ("Are there public-sector constraints, such as separate ministerial responsibilities?",
     "Yes"),
    ("Can the product or service be described unambiguously?", "No"),
    ("Is the future of the work predictable?", "No"),
    ("Are there parties around it who contribute on goodwill?", "Yes"),
    ("Are there parties who only receive the result?", "Yes"),
]


def test_the_form_advisor_recommends_an_alliance_for_the_wage_tax_case(page: Page, live_server,
                                                                      login):
    person = PersonFactory(email="gijs@belasting.example", full_name="Gijs Considering")
    login(page, person.email)
    page.get_by_role("link", name="Which form fits?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Which collaboration form fits?")
    advisor_url = f"{live_server.url}/advisor/"
    assert page.url == advisor_url

    questionnaire = page.get_by_role("region", name="Questions")
    for question, answer in WAGE_TAX_ANSWERS:
        questionnaire.get_by_role("group", name=question).get_by_label(answer, exact=True).check()
    questionnaire.evaluate("element => { element.dataset.kept = 'yes'; }")
    questionnaire.get_by_role("button", name="Show the advice").click()

    advice = page.get_by_role("region", name="Advice", exact=True)
    expect(advice.locator(".advice-best")).to_have_text("Alliance · score 100 out of 100")
    expect(advice.get_by_text("Best fit:")).to_have_text(
        "Best fit: Alliance. It meets 7 of its 7 conditions.")
    combination = advice.get_by_role("region", name="A combination of forms")
    expect(combination.get_by_role("paragraph")).to_have_text(
        "Combine forms: not everyone around the collaboration needs to share its core "
        "responsibility. Give each group the lightest form that serves it.")
    expect(combination.get_by_role("listitem")).to_have_text([
        "Covenants at the front, with parties who contribute on goodwill outside their own core "
        "activities (for example large employers or software vendors): a declaration of intent "
        "is enough for them.",
        "Alliance at the core, for the partners who share responsibility towards the end users.",
        "Supply contracts at the back, with parties who only receive the result (for example "
        "data users): one-way traffic with a product that can be described precisely.",
    ])
    ranking = advice.get_by_role("region", name="How all six forms score").get_by_role("table")
    expect(ranking.get_by_role("row").nth(1)).to_have_text("Alliance (best fit) 100 7 of 7")

    # htmx swapped the advice section alone: same URL, the very same questionnaire (its mark
    # kept) with the answers still given.
    assert page.url == advisor_url
    expect(questionnaire).to_have_attribute("data-kept", "yes")
    expect(questionnaire.get_by_role("button", name="Show the advice")).to_be_visible()
    for question, answer in WAGE_TAX_ANSWERS:
        expect(questionnaire.get_by_role("group", name=question)
               .get_by_label(answer, exact=True)).to_be_checked()


def test_a_proposal_leaves_the_objective_in_force_until_the_last_endorsement(
        page: Page, live_server, login, design_world: DesignWorld):
    world = design_world
    version = design_services.statement_draft(
        actor=world.founder, alliance=world.alliance, kind=StatementKind.OBJECTIVE,
        text="Care close to home.", based_on=0)
    for board in (world.board_a, world.board_b):
        design_services.statement_endorse(actor=board, version=version)
    dashboard = f"{live_server.url}/alliances/{world.alliance.pk}/"

    # The key alliance manager proposes version 2.
    login(page, world.founder.email)
    open_objective(page, live_server, world)
    page.get_by_label("Objective").fill("Care close to home, every day.")
    page.get_by_role("button", name="Propose as new version").click()
    expect(page.get_by_role("region", name="In force: version 1")).to_contain_text(
        "Care close to home.")
    diff = page.get_by_role("region", name="Proposed: version 2")
    expect(diff.locator("del")).to_have_text("removed: home.")
    expect(diff.locator("ins")).to_have_text("added: home, every day.")
    log_out(page)

    # Zorggroep Oost objects; Arnhem endorses: version 1 stays in force.
    login(page, world.board_b.email)
    open_objective(page, live_server, world)
    page.get_by_label("We object (give the reason)").check()
    page.get_by_label("Reason or comment").fill("Every day is not affordable yet.")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("status").first).to_have_text(
        "Your partner's objection is recorded.")
    expect(page.get_by_role("region", name="Proposed: version 2")).to_contain_text(
        "Every day is not affordable yet.")
    log_out(page)
    endorse_as(page, login, live_server, world, world.board_a, "Gemeente Arnhem")
    page.goto(dashboard)
    objective = page.get_by_role("region", name="Objective")
    expect(objective.locator("blockquote")).to_have_text("Care close to home.")
    expect(objective).to_contain_text(
        "A new version (2) is proposed — endorsed by 1 of 2 partners; waiting for: Zorggroep "
        "Oost — 1 objection")
    log_out(page)

    # The last required endorsement puts version 2 in force; version 1 can still be opened.
    endorse_as(page, login, live_server, world, world.board_b, "Zorggroep Oost")
    expect(page.get_by_role("region", name="In force: version 2")).to_contain_text(
        "Care close to home, every day.")
    page.get_by_role("link", name="Version 1", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Objective, version 1")
    expect(page.get_by_text("Replaced", exact=True)).to_be_visible()
    page.goto(dashboard)
    expect(page.get_by_role("region", name="Objective").locator("blockquote")).to_have_text(
        "Care close to home, every day.")
