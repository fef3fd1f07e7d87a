"""The designer pages: who sees and who changes what, htmx rows, the heat-map, query counts."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse

from concordia.blocks import services
from concordia.blocks.models import BlockSetting, ContributionAdjustment
from concordia.handbook.catalogue import Block
from concordia.journal.models import JournalEntry

pytestmark = pytest.mark.django_db

MEMBERS = ["founder", "coordinator_b", "professional_a", "observer_b", "reviewer"]
NON_EDITORS = ["professional_a", "observer_b", "reviewer"]
OUTSIDERS = ["outsider", "stranger", "removed", "expired_reviewer"]


def url(name, world, *args):
    return reverse(name, args=[world.alliance.pk, *args])


def pages(world):
    return [url("block_list", world), url("block_edit", world, "board"),
            url("block_coverage", world), url("block_matrix", world)]


def state():
    return (list(BlockSetting.objects.order_by("pk").values_list("pk", "status", "version")),
            list(ContributionAdjustment.objects.order_by("pk").values_list("pk", "strength")),
            JournalEntry.objects.count())


def set_block(world, block="board", **kwargs):
    values = {"status": "in_place", "expected_version": 0}
    values.update(kwargs)
    return services.block_setting_set(actor=world.founder, alliance=world.alliance,
                                      block=block, **values)


@pytest.mark.parametrize("actor", MEMBERS)
def test_alliance_people_see_every_page(client, world, actor) -> None:
    client.force_login(getattr(world, actor))
    for page in pages(world):
        assert client.get(page).status_code == 200, page


@pytest.mark.parametrize("actor", OUTSIDERS)
def test_other_people_get_404(client, world, actor) -> None:
    client.force_login(getattr(world, actor))
    for page in pages(world):
        assert client.get(page).status_code == 404, page


def test_anonymous_visitors_are_sent_to_log_in(client, world) -> None:
    for page in pages(world):
        response = client.get(page)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_an_unknown_block_is_404(client, world) -> None:
    client.force_login(world.founder)
    assert client.get(f"/alliances/{world.alliance.pk}/blocks/secret").status_code == 404


def test_block_pages_live_under_the_alliance_blocks_and_no_block_key_shadows_a_page(
        world) -> None:
    a = world.alliance.pk
    assert [url("block_list", world), url("block_edit", world, "board"),
            url("block_coverage", world), url("block_matrix", world)] == [
        f"/alliances/{a}/blocks/", f"/alliances/{a}/blocks/board",
        f"/alliances/{a}/blocks/coverage", f"/alliances/{a}/blocks/matrix"]
    assert resolve(f"/alliances/{a}/blocks/coverage").url_name == "block_coverage"
    assert resolve(f"/alliances/{a}/blocks/matrix").url_name == "block_matrix"
    assert {resolve(url("block_edit", world, b.value)).url_name for b in Block} == {"block_edit"}


def test_another_alliance_settings_stay_invisible(client, world) -> None:
    services.block_setting_set(actor=world.outsider, alliance=world.other_alliance,
                               block="board", status="not_used", expected_version=0,
                               description="Zeta's own board text")
    client.force_login(world.founder)
    for page in pages(world):
        assert "Zeta&#x27;s own board text" not in client.get(page).content.decode()
    assert "Zeta" not in client.get(url("block_list", world)).content.decode()


# --- the list ---------------------------------------------------------------------------------


def test_the_list_shows_all_eighteen_blocks_with_advice(client, world) -> None:
    set_block(world, owner_partner=world.partner_b, description="Meets quarterly.",
              evidence_url="https://example.org/covenant")
    client.force_login(world.founder)
    html = client.get(url("block_list", world)).content.decode()
    assert re.findall(r'<tr id="block-([a-z_]+)"', html) == [b.value for b in Block]
    board = html[html.index('id="block-board"'):html.index('id="block-key_alliance_manager"')]
    assert world.partner_b.organisation.name in board
    assert "Meets quarterly." in board
    assert 'href="https://example.org/covenant"' in board
    # The world has a key alliance manager, no stage assessment and the default profile:
    assert "evaluation of the collaboration shows where the alliance stands" in html
    assert html.count('name="quick"') == 18


@pytest.mark.parametrize("actor", NON_EDITORS)
def test_non_editors_see_no_forms(client, world, actor) -> None:
    client.force_login(getattr(world, actor))
    html = client.get(url("block_list", world)).content.decode()
    assert 'name="quick"' not in html
    edit = client.get(url("block_edit", world, "board")).content.decode()
    assert 'name="version"' not in edit
    assert 'name="status"' not in edit


# --- saving a block ---------------------------------------------------------------------------


def full_form(world, **overrides):
    data = {"status": "in_place", "owner": f"person:{world.coordinator_b.pk}",
            "description": "Quarterly, in person.", "evidence_url": "https://example.org/m",
            "version": "0"}
    data.update(overrides)
    return data


def test_an_editor_saves_the_full_form(client, world) -> None:
    client.force_login(world.coordinator_b)
    response = client.post(url("block_edit", world, "board"), full_form(world))
    assert response.status_code == 302
    assert response["Location"] == url("block_list", world) + "#block-board"
    setting = BlockSetting.objects.get(alliance=world.alliance, block="board")
    assert (setting.status, setting.owner_person_id, setting.description, setting.version) == (
        "in_place", world.coordinator_b.pk, "Quarterly, in person.", 1)
    assert JournalEntry.objects.filter(kind="BuildingBlockSet").count() == 1


def test_a_partner_owner_is_chosen_from_the_same_list(client, world) -> None:
    client.force_login(world.founder)
    client.post(url("block_edit", world, "agency"),
                full_form(world, owner=f"partner:{world.partner_a.pk}"))
    setting = BlockSetting.objects.get(block="agency")
    assert (setting.owner_partner_id, setting.owner_person_id) == (world.partner_a.pk, None)


def test_an_owner_outside_the_alliance_cannot_be_chosen(client, world) -> None:
    client.force_login(world.founder)
    before = state()
    response = client.post(url("block_edit", world, "board"),
                           full_form(world, owner=f"person:{world.outsider.pk}"))
    assert response.status_code == 422
    assert state() == before


def test_a_stale_full_form_shows_the_conflict(client, world) -> None:
    set_block(world, status="planned")
    set_block(world, status="being_built", expected_version=1)
    client.force_login(world.coordinator_b)
    before = state()
    response = client.post(url("block_edit", world, "board"), full_form(world, version="1"))
    assert response.status_code == 422
    assert "Someone else changed this building block in the meantime" in \
        response.content.decode()
    assert state() == before


@pytest.mark.parametrize("actor", NON_EDITORS)
def test_non_editors_may_not_post(client, world, actor) -> None:
    client.force_login(getattr(world, actor))
    before = state()
    assert client.post(url("block_edit", world, "board"), full_form(world)).status_code == 403
    assert client.post(url("block_edit", world, "board"),
                       {"quick": "1", "status": "in_place", "version": "0"}).status_code == 403
    assert state() == before


def test_the_quick_status_form_works_without_javascript(client, world) -> None:
    set_block(world, block="reporting", status="planned", description="Monthly.",
              owner_partner=world.partner_a)
    client.force_login(world.founder)
    response = client.post(url("block_edit", world, "reporting"),
                           {"quick": "1", "status": "in_place", "version": "1"})
    assert response.status_code == 302
    assert response["Location"] == url("block_list", world) + "#block-reporting"
    setting = BlockSetting.objects.get(block="reporting")
    # The status changed; owner and description stay as they were.
    assert (setting.status, setting.description, setting.owner_partner_id, setting.version) == (
        "in_place", "Monthly.", world.partner_a.pk, 2)


def test_with_htmx_the_quick_form_answers_with_the_row_alone(client, world) -> None:
    client.force_login(world.founder)
    response = client.post(url("block_edit", world, "conference"),
                           {"quick": "1", "status": "being_built", "version": "0"},
                           headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode().strip()
    assert html.startswith('<tr id="block-conference">')
    assert html.endswith("</tr>")
    assert "<html" not in html
    assert '<option value="being_built" selected>' in html
    assert 'name="version" value="1"' in html  # ready for the next save
    assert BlockSetting.objects.get(block="conference").status == "being_built"


def test_with_htmx_a_stale_quick_save_shows_why_in_the_row(client, world) -> None:
    set_block(world, block="conference", status="planned")
    client.force_login(world.founder)
    before = state()
    response = client.post(url("block_edit", world, "conference"),
                           {"quick": "1", "status": "in_place", "version": "0"},
                           headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "Someone else changed this building block in the meantime" in html
    assert 'name="version" value="1"' in html  # the row now carries the current version
    assert state() == before


def test_without_htmx_a_stale_quick_save_shows_the_full_form(client, world) -> None:
    set_block(world, block="conference", status="planned")
    client.force_login(world.founder)
    before = state()
    response = client.post(url("block_edit", world, "conference"),
                           {"quick": "1", "status": "in_place", "version": "0"})
    assert response.status_code == 422
    assert "Someone else changed this building block in the meantime" in \
        response.content.decode()
    assert state() == before


# --- coverage ---------------------------------------------------------------------------------


def test_the_coverage_page_draws_an_accessible_heat_map_and_lists_gaps(client, world) -> None:
    set_block(world, block="autonomous_professional")
    set_block(world, block="coaching_manager", status="being_built")
    client.force_login(world.professional_a)
    html = client.get(url("block_coverage", world)).content.decode()
    svg = html[html.index("<svg"):html.index("</svg>")]
    assert 'role="img"' in svg
    assert '<title id="heat-title">' in svg
    assert '<desc id="heat-desc">' in svg
    assert "style=" not in html
    fills = re.findall(r'fill="([^"]*)"', svg)
    assert fills
    assert all(re.fullmatch(r"#[0-9a-f]{6}", f) for f in fills)
    assert svg.count("<rect") == 18 * 8 + 5  # the cells and the legend's swatches
    # P2 is carried (3 of 4) and no gap; the seven other pillars are gaps.
    assert "3 / 4" in html
    assert "75%" in html
    gaps = html[html.index('id="gaps"'):html.index('id="next-steps"')]
    assert gaps.count("<li>") == 7
    assert url("block_edit", world, "board") in gaps


def test_every_block_named_as_filling_a_gap_has_advice_on_every_page(client, world) -> None:
    """The coverage page, the list of blocks and each block's page read one source of advice:
    a block the coverage names as filling a gap is never "no particular advice" elsewhere."""
    client.force_login(world.founder)
    coverage = client.get(url("block_coverage", world)).content.decode()
    gaps = coverage[coverage.index('id="gaps"'):coverage.index('id="next-steps"')]
    named = set(re.findall(r'/blocks/([a-z_]+)"', gaps))
    assert named
    listing = client.get(url("block_list", world)).content.decode()
    for block in named:
        row = listing[listing.index(f'id="block-{block}"'):]
        row = row[:row.index("</tr>")]
        assert "no particular advice" not in row, block
        page = client.get(url("block_edit", world, block)).content.decode()
        assert "No particular advice" not in page, block
        assert "It would fill the gap at" in page, block
    # The top three next steps, each with its reason, on both pages.
    for html in (coverage, listing):
        steps = html[html.index('class="next-steps"'):]
        steps = steps[:steps.index("</ol>")]
        assert steps.count("<li>") == 3
        assert "Once in place:" in steps


def test_without_gaps_the_page_says_so(client, world) -> None:
    for block in Block:
        set_block(world, block=block.value)
    client.force_login(world.founder)
    html = client.get(url("block_coverage", world)).content.decode()
    assert "No gaps: every pillar has a dominant building block in place." in html
    assert html.count(">100%<") == 8 + 4 + 8  # pillars, dimensions, the table's footer


# --- the matrix -------------------------------------------------------------------------------


def test_an_editor_adjusts_and_resets_a_cell(client, world) -> None:
    client.force_login(world.founder)
    form = client.get(url("block_matrix", world) + "?block=board&pillar=mindset")
    assert 'name="expected_strength" value="dominant"' in form.content.decode()
    response = client.post(url("block_matrix", world), {
        "action": "adjust", "block": "board", "pillar": "mindset", "strength": "secondary",
        "reason": "The directors delegate.", "expected_strength": "dominant"})
    assert response.status_code == 302
    adjustment = ContributionAdjustment.objects.get()
    assert (adjustment.block, adjustment.pillar, adjustment.strength) == (
        "board", "mindset", "secondary")
    html = client.get(url("block_matrix", world)).content.decode()
    assert "The directors delegate." in html
    response = client.post(url("block_matrix", world),
                           {"action": "reset", "block": "board", "pillar": "mindset"})
    assert response.status_code == 302
    assert ContributionAdjustment.objects.count() == 0
    assert list(JournalEntry.objects.filter(kind__startswith="Contribution")
                .order_by("seq").values_list("kind", flat=True)) == [
        "ContributionAdjusted", "ContributionReset"]


def test_an_adjustment_without_reason_is_refused_on_the_form(client, world) -> None:
    client.force_login(world.founder)
    before = state()
    response = client.post(url("block_matrix", world), {
        "action": "adjust", "block": "board", "pillar": "mindset", "strength": "secondary",
        "reason": ""})
    assert response.status_code == 422
    assert state() == before


def test_a_stale_adjustment_is_refused_on_the_form(client, world) -> None:
    services.contribution_adjust(actor=world.coordinator_b, alliance=world.alliance,
                                 block="board", pillar="mindset", strength="none",
                                 reason="Not here.")
    client.force_login(world.founder)
    before = state()
    response = client.post(url("block_matrix", world), {
        "action": "adjust", "block": "board", "pillar": "mindset", "strength": "secondary",
        "reason": "Delegated.", "expected_strength": "dominant"})
    assert response.status_code == 422
    assert "Someone else changed this cell in the meantime" in response.content.decode()
    assert state() == before


@pytest.mark.parametrize("actor", NON_EDITORS)
def test_non_editors_may_not_change_the_matrix(client, world, actor) -> None:
    client.force_login(getattr(world, actor))
    before = state()
    assert client.post(url("block_matrix", world), {
        "action": "adjust", "block": "board", "pillar": "mindset", "strength": "secondary",
        "reason": "Because."}).status_code == 403
    assert state() == before
    assert 'name="action" value="adjust"' not in client.get(
        url("block_matrix", world)).content.decode()


# --- query counts -----------------------------------------------------------------------------


def count_queries(client, page):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(page).status_code == 200
    return len(captured), [q["sql"] for q in captured.captured_queries]


@pytest.mark.parametrize("name", ["block_list", "block_coverage", "block_matrix"])
def test_queries_do_not_grow_with_the_settings(client, world, name) -> None:
    client.force_login(world.founder)
    set_block(world, block="board", owner_partner=world.partner_a)
    services.contribution_adjust(actor=world.founder, alliance=world.alliance, block="board",
                                 pillar="trust", strength="secondary", reason="One.")
    one, _one_sql = count_queries(client, url(name, world))
    for i, block in enumerate(list(Block)[1:10]):
        owner = {"owner_partner": world.partner_b} if i % 2 else {
            "owner_person": world.coordinator_b}
        set_block(world, block=block.value, **owner)
        services.contribution_adjust(actor=world.founder, alliance=world.alliance,
                                     block=block.value, pillar="objective",
                                     strength="dominant", reason="More.")
    assert BlockSetting.objects.count() == 10
    ten, ten_sql = count_queries(client, url(name, world))
    assert one == ten, "\n".join(ten_sql)


# --- the design sheet and the journal ---------------------------------------------------------


def test_the_design_sheet_shows_coverage_bars_and_gaps(client, world) -> None:
    for block in Block:
        if block not in (Block.AUTONOMOUS_PROFESSIONAL, Block.COACHING_MANAGER):
            set_block(world, block=block.value)
    client.force_login(world.observer_b)
    html = client.get(url("design_sheet", world)).content.decode()
    svg = html[html.index('<svg'):html.index("</svg>")]
    assert 'role="img"' in svg
    assert '<title id="bars-title">' in svg
    assert svg.count('fill="#b00020"') == 1  # one gap: P2
    assert "P2 Objective-bound playing field — no dominant building block in place (would be " \
           "filled by: The autonomous professional, The coaching (team) manager)" in html


def test_journal_entries_of_blocks_read_in_words(client, world) -> None:
    set_block(world, block="agency", status="being_built", owner_partner=world.partner_b)
    services.contribution_adjust(actor=world.founder, alliance=world.alliance, block="board",
                                 pillar="trust", strength="secondary", reason="Directors meet.")
    services.contribution_reset(actor=world.founder, alliance=world.alliance, block="board",
                                pillar="trust")
    client.force_login(world.founder)
    html = client.get(reverse("journal_list", args=[world.alliance.pk])).content.decode()
    assert "Building block set" in html
    assert f"Alliance agency: being built ({world.partner_b.organisation.name})" in html
    assert "Contribution adjusted" in html
    assert "Alliance board → Trust between alliance partners: none → secondary — Directors " \
           "meet." in html
    assert "Contribution reset to the default" in html
    assert "Alliance board → Trust between alliance partners: secondary → none" in html
