"""The design sheet of the demo alliance: one A4 page, dated and versioned, with vision, mission,
values and block owners; its PDF tagged (PDF/UA-1) with title, language and author."""

import re
import zlib

import pytest
from django.urls import reverse

from concordia.demo.blocks import demo_blocks
from concordia.demo.design import demo_design, demo_stage_and_glossary
from concordia.demo.services import demo_load
from concordia.journal.models import JournalEntry

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes) -> bytes:
    """The PDF with every compressed stream (object streams included) inflated, so that its
    dictionaries can be read."""
    inflated = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            inflated.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue  # not a Flate stream (a font, an image)
    return b"\n".join(inflated)


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
    text = pdf_text(response.content)
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
