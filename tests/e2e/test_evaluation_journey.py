"""The annual evaluation in a real browser (Chromium): the key alliance manager opens the
year's round; twelve people of three partners answer through their personal links without
logging in; the round is closed; the results show a radar per partner group large enough and
say why the small partner is not shown on its own."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, expect

from concordia.alliances.choices import Role
from concordia.alliances.models import Partner
from concordia.evaluation.models import Response
from concordia.testing.browser import log_out
from concordia.testing.factories import (
    OrganisationFactory,
    PersonFactory,
    give_role,
    join,
    make_alliance,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LINK = re.compile(r"https?://\S+/evaluation/answer/[^\s<>\"]+")


def people_of(partner: Partner, organisation, n: int) -> None:
    for _ in range(n):
        give_role(partner, PersonFactory(organisation=organisation), Role.PROFESSIONAL)


def test_open_a_round_answer_through_links_close_it_and_see_the_radar(page: Page,
                                                                       live_server,
                                                                       login) -> None:
    arnhem = OrganisationFactory(name="Gemeente Arnhem")
    oost = OrganisationFactory(name="Zorggroep Oost")
    zuid = OrganisationFactory(name="Huisartsen Zuid")
    founder = PersonFactory(email="anna@arnhem.example", organisation=arnhem,
                            is_organisation_admin=True)
    bram = PersonFactory(email="bram@oost.example", organisation=oost,
                         is_organisation_admin=True)
    zoe = PersonFactory(email="zoe@zuid.example", organisation=zuid, is_organisation_admin=True)
    alliance = make_alliance(founder, "Gezond Oost-Gelderland")
    partner_a = Partner.objects.get(alliance=alliance, organisation=arnhem)
    partner_b = join(alliance, founder, bram)
    partner_c = join(alliance, founder, zoe)
    people_of(partner_a, arnhem, 4)  # five with the founder
    people_of(partner_b, oost, 4)  # five with Bram
    people_of(partner_c, zuid, 1)  # two with Zoë: too few to show on their own
    base = f"{live_server.url}/alliances/{alliance.pk}/evaluation"
    year = timezone.localdate().year

    login(page, founder.email)
    page.goto(f"{base}/new")
    page.get_by_label("Year").fill(str(year))
    page.get_by_label("Opens on").fill(timezone.localdate().isoformat())
    page.get_by_label("Closes on").fill((timezone.localdate() + dt.timedelta(days=14))
                                        .isoformat())
    mail.outbox.clear()
    page.get_by_role("button", name="Open the round").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Evaluation {year}")
    round_url = page.url
    links = sorted({m for message in mail.outbox for m in LINK.findall(message.body)})
    assert len(links) == 12  # one personal link per invitee
    log_out(page)

    for n, link in enumerate(links):
        page.goto(link)
        expect(page.get_by_role("heading", level=1)).to_contain_text(f"Evaluation {year}")
        for radio in page.locator(f"input[type='radio'][value='{2 + n % 3}']").all():
            radio.check()
        page.get_by_role("button", name="Send my answer").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Thank you for your answer")
    page.goto(links[0])  # a link answers once
    expect(page.get_by_role("heading", level=1)).not_to_have_text(
        re.compile(f"Evaluation {year} of"))
    assert Response.objects.count() == 12

    login(page, founder.email)
    page.goto(round_url)
    page.get_by_role("button", name="Close the round").click()
    page.get_by_role("link", name="See the results").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Evaluation {year}: results")
    expect(page.get_by_role("img").first).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("Other partners")).first).to_be_visible()
    notes = page.get_by_role("region", name="What is not shown, and why")
    expect(notes).to_contain_text("Fewer than 5 people answered per partner")
    expect(page.get_by_role("heading", name=re.compile("Huisartsen Zuid"))).to_have_count(0)
