"""The design sheet of the demo alliance: one A4 page, dated and versioned, with vision, mission,
values and block owners; its PDF tagged (PDF/UA-1) with title, language and author."""

import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from concordia.accounts.models import Person
from concordia.alliances.choices import PartnerType
from concordia.blocks import services as block_services
from concordia.blocks.choices import BlockStatus
from concordia.blocks.models import BlockSetting
from concordia.demo.blocks import demo_blocks
from concordia.demo.design import demo_design, demo_stage_and_glossary
from concordia.demo.services import demo_load
from concordia.design.models import StatementVersion
from concordia.design.sheet import sheet_context, sheet_pages
from concordia.handbook.catalogue import Block
from concordia.journal.models import JournalEntry
from concordia.testing.factories import OrganisationFactory, PersonFactory, join
from concordia.testing.pdf import pdf_objects

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    alliance, _logins = demo_load()
    demo_design(alliance)
    demo_blocks(alliance)
    demo_stage_and_glossary(alliance)
    kim = alliance.memberships.get(role="key_alliance_manager").person
    return alliance, kim


def test_the_demo_sheet_is_one_tagged_a4_page_with_title_language_and_author(client,
                                                                             demo) -> None:
    alliance, kim = demo
    client.force_login(kim)
    response = client.get(reverse("design_sheet_pdf", kwargs={"pk": alliance.pk}))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_objects(response.content)
    assert len(re.findall(rb"/Type\s*/Page(?!s)", text)) == 1
    assert b"/MediaBox [0 0 595" in text  # A4: 595 × 842 points
    assert b"/StructTreeRoot" in text  # tagged
    assert b"pdfuaid:part" in text  # declares PDF/UA-1
    language = re.search(rb"/Lang \(([a-z-]+)\)", text)
    assert language is not None
    assert language.group(1).decode() == response["Content-Language"]
    assert f"/Author ({alliance.name})".encode() in text
    assert b"/Title" in text


def test_the_sheet_is_dated_versioned_and_shows_vision_mission_values_and_owners(client,
                                                                                demo) -> None:
    alliance, kim = demo
    client.force_login(kim)
    html = client.get(reverse("design_sheet", kwargs={"pk": alliance.pk})).content.decode()
    # the sheet shows the versions in force (the demo's objective has a newer proposal)
    in_force = alliance.statement_versions.filter(in_force_since__isnull=False).order_by(
        "-number")
    objective = in_force.filter(kind="objective").first()
    values = in_force.filter(kind="values").first()
    assert objective.number == 2
    assert "A new version (3) is proposed — endorsed by 1 of 3 partners" in html or \
        "Er is een nieuwe versie (3) voorgesteld — onderschreven door 1 van 3 partners" in html
    head = JournalEntry.objects.filter(alliance=alliance).order_by("-seq").first()
    assert objective.vision in html
    assert objective.mission in html
    assert f"<span>{values.text.splitlines()[0]}</span>" in html
    assert f"versie {objective.number} van de doelstelling" in html or \
        f"objective version {objective.number}" in html
    assert f"{head.seq} ({head.hash[:12]})" in html
    assert "Kim de Vries" in html  # owner of the key alliance manager block


# A larger alliance than the demo: eight partners, long words of its own and an owner for every
# building block.
LONG_VISION = ("Every employer reports once, in one place, and every public body that needs the "
               "figures reuses them, so that people receive what they are entitled to on time. ")
LONG_MISSION = ("Together we keep one chain of wage data working: we agree definitions, repair "
                "errors at the source, share what we learn and decide jointly on changes. ")
LONG_OBJECTIVE = ("By the end of next year every partner reuses the wage data from the one "
                  "report, the number of corrections falls by half, and each partner can show "
                  "its board which of its tasks depend on the chain and how well they run. ")
LONG_VALUES = ["We share what we know, also when it is not yet finished",
               "We repair errors at the source instead of working around them",
               "We decide together on what affects the chain, and explain our choices",
               "We keep each other's interests in view, not only our own",
               "We are open about what goes wrong and learn from it",
               "We keep our promises, and say so early when we cannot"]


@pytest.fixture
def larger(demo):
    alliance, kim = demo
    for n in range(2):  # six partners in the demo, eight here
        admin = PersonFactory(is_organisation_admin=True, organisation=OrganisationFactory(
            name=f"Regional Cooperation for Work and Income Number {n + 1}"))
        join(alliance, kim, admin, partner_type=PartnerType.ECOSYSTEM)
    # The words in force, long as a real alliance writes them (the rules of endorsement are
    # not what this test is about).
    objective = alliance.statement_versions.get(kind="objective", in_force_since__isnull=False,
                                                withdrawn_at=None)
    StatementVersion.objects.filter(pk=objective.pk).update(
        vision=LONG_VISION * 3, mission=LONG_MISSION * 3, text=LONG_OBJECTIVE * 4)
    values = alliance.statement_versions.get(kind="values", in_force_since__isnull=False,
                                             withdrawn_at=None)
    StatementVersion.objects.filter(pk=values.pk).update(text="\n".join(LONG_VALUES * 2))
    partners = list(alliance.partners.filter(status="active").order_by("pk"))
    assert len(partners) == 8
    kim = Person.objects.get(pk=kim.pk)
    versions = dict(BlockSetting.objects.filter(alliance=alliance).values_list("block",
                                                                             "version"))
    for i, block in enumerate(Block):
        block_services.block_setting_set(
            actor=kim, alliance=alliance, block=block.value,
            status=BlockStatus.IN_PLACE if i % 3 else BlockStatus.BEING_BUILT,
            expected_version=versions.get(block.value, 0),
            owner_partner=partners[i % len(partners)])
    return alliance, kim


def _boxes(box):
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


def _text(box) -> str:
    return "".join(b.text for b in _boxes(box) if hasattr(b, "text"))


@pytest.mark.parametrize("language", ["en", "nl"])
def test_a_larger_alliance_flows_onto_a_second_page_cleanly(client, larger, language) -> None:
    """Two pages or more; no heading left alone at the foot of a page; no table row and no list
    item split over two pages; and the footer of every page says what the sheet is of: the
    alliance, the date, the objective version in force and the journal head."""
    alliance, kim = larger
    Person.objects.filter(pk=kim.pk).update(language=language)
    kim = Person.objects.get(pk=kim.pk)
    client.force_login(kim)
    response = client.get(reverse("design_sheet_pdf", kwargs={"pk": alliance.pk}))
    assert response["Content-Type"] == "application/pdf"
    pages_in_pdf = len(re.findall(rb"/Type\s*/Page(?!s)", pdf_objects(response.content)))
    with translation.override(language):
        context = sheet_context(user=kim, alliance=alliance)
        document = sheet_pages(render_to_string("design/sheet_pdf.html", context))
        printed_on = date_format(context["printed_on"], "j F Y")
        version = gettext("objective version %(n)s") % {"n": context["objective"].number}
    assert len(document.pages) == pages_in_pdf >= 2

    pages_of: dict[object, set[int]] = {}  # every element, the pages it is on
    footers: list[str] = []
    for number, page in enumerate(document.pages):
        margins = [b for b in page._page_box.children if type(b).__name__ == "MarginBox"]
        footers.append(" ".join(_text(b) for b in margins))
        content = [b for b in page._page_box.children if type(b).__name__ != "MarginBox"]
        for top in content:
            for box in _boxes(top):
                if getattr(box, "element", None) is not None:
                    pages_of.setdefault(box.element, set()).add(number)
    root = next(b for b in document.pages[0]._page_box.children
                if type(b).__name__ != "MarginBox").element  # <html>
    parents = {child: parent for parent in root.iter() for child in parent}
    checked = {"h2": 0, "tr": 0, "li": 0}
    for element, pages in pages_of.items():
        tag = element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""
        if tag in ("tr", "li"):
            checked[tag] += 1
            assert len(pages) == 1, f"a {tag} split over pages {sorted(pages)}: " \
                                    f"{''.join(element.itertext())[:80]}"
        elif tag == "h2":
            checked[tag] += 1
            siblings = list(parents[element])
            after = siblings[siblings.index(element) + 1:]
            if after:  # what the heading is about starts on the heading's page
                assert min(pages_of[after[0]]) == max(pages), \
                    f"the heading {''.join(element.itertext())!r} is alone at a page's foot"
    assert checked["h2"] >= 6, checked  # the test saw the sheet's sections,
    assert checked["tr"] >= 6, checked  # its tables
    assert checked["li"] >= 18, checked  # and its lists

    for number, footer in enumerate(footers, start=1):
        for expected in (alliance.name, printed_on, version,
                         f"{context['journal_seq']} ({context['journal_hash']})",
                         f"{number} / {len(footers)}"):
            assert expected in footer, (number, expected, footer)
