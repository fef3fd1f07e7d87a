import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.formats import date_format

from concordia.alliances import services
from concordia.alliances.choices import PartnerStatus
from concordia.alliances.views import DASHBOARD_PARTNERS
from concordia.testing.factories import PersonFactory, join


def test_the_dashboard_shows_the_first_partners_and_links_to_all(world, client):
    # given an alliance with more active partners than the dashboard shows
    admins = [PersonFactory(is_organisation_admin=True, full_name=f"Admin {i:02d}")
              for i in range(DASHBOARD_PARTNERS)]
    for admin in admins:
        join(world.alliance, world.founder, admin)
    active = world.alliance.partners.filter(status=PartnerStatus.ACTIVE).count()
    client.force_login(world.founder)

    # when the founder opens the dashboard
    response = client.get(reverse("alliance_dashboard", args=[world.alliance.pk]))

    # then it lists DASHBOARD_PARTNERS partners and links to the rest on the partners page
    html = response.content.decode()
    assert len(response.context["partners"]) == DASHBOARD_PARTNERS
    assert response.context["more_partners"]() == active - DASHBOARD_PARTNERS
    assert f"and {active - DASHBOARD_PARTNERS} more partners" in html
    assert reverse("partner_list", args=[world.alliance.pk]) in html


def test_the_dashboard_answers_from_its_cache_until_the_journal_moves(world, client):
    # given a member who has opened the dashboard once
    client.force_login(world.coordinator_b)
    url = reverse("alliance_dashboard", args=[world.alliance.pk])
    with CaptureQueriesContext(connection) as first:
        before = client.get(url).content.decode()

    # when they open it again with nothing changed
    with CaptureQueriesContext(connection) as second:
        again = client.get(url).content.decode()

    # then the page is the same and the partners, people and journal were not read again
    assert _main(again) == _main(before)
    shared_reads = ('FROM "alliances_partner"', "COUNT(DISTINCT", '"kind" IN')
    navigation = ('AS "unread"', 'AS "n_endorsements"')
    def reads(queries):
        # The navigation's personal counts (to do, unread notifications) are read on every
        # page: they are not the dashboard's shared part.
        return [q["sql"] for q in queries if any(marker in q["sql"] for marker in shared_reads)
                and not any(marker in q["sql"] for marker in navigation)]

    assert len(reads(first.captured_queries)) >= len(shared_reads)
    read_again = reads(second.captured_queries)
    assert read_again == []
    assert len(second.captured_queries) < len(first.captured_queries)


def _main(html: str) -> str:
    """The page's own content, without the layout's per-request CSRF tokens."""
    return html[html.index("<main"):html.index("</main>")]


def test_a_journaled_change_shows_on_the_cached_dashboard_at_once(world, client):
    # given a dashboard already rendered (and cached) for a member
    client.force_login(world.coordinator_b)
    url = reverse("alliance_dashboard", args=[world.alliance.pk])
    newcomer = PersonFactory(is_organisation_admin=True, full_name="Newcomer")
    assert newcomer.organisation.name not in client.get(url).content.decode()

    # when the key alliance manager invites a partner (a journaled write)
    services.partner_invite(actor=world.founder, alliance=world.alliance,
                            organisation=newcomer.organisation, partner_type="core")

    # then the very next view of the dashboard lists the invitation
    html = client.get(url).content.decode()
    assert f"Invited, awaiting an answer: {newcomer.organisation.name}" in html


def test_each_member_keeps_their_own_links_on_the_cached_dashboard(world, client):
    # given the key alliance manager's view of the dashboard is cached
    url = reverse("alliance_dashboard", args=[world.alliance.pk])
    invite = reverse("partner_invite", args=[world.alliance.pk])
    client.force_login(world.founder)
    assert invite in client.get(url).content.decode()

    # when an observer opens the same dashboard
    client.force_login(world.observer_b)
    html = client.get(url).content.decode()

    # then the shared part is there but not the founder's own action
    assert world.partner_b.organisation.name in html
    assert invite not in html


def test_the_partner_page_keeps_partners_that_left(world, client):
    client.force_login(world.founder)

    response = client.get(reverse("partner_list", args=[world.alliance.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert world.removed.organisation.name in html  # partner C left the alliance
    assert "left" in html


def test_the_public_page_shows_only_published_documents_to_anyone(world, client):
    # given one public and one alliance-only document
    services.document_add(actor=world.founder, alliance=world.alliance, title="Annual report",
                          visibility="public")
    services.document_add(actor=world.founder, alliance=world.alliance, title="Internal memo",
                          visibility="alliance")

    # when an anonymous visitor opens the public page
    response = client.get(reverse("published_documents", args=[world.alliance.pk]))

    # then only the published document is there
    html = response.content.decode()
    assert response.status_code == 200
    assert "Annual report" in html
    assert "Internal memo" not in html


def test_an_alliance_that_published_nothing_has_no_public_page(world, client):
    response = client.get(reverse("published_documents", args=[world.other_alliance.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize(("actor", "offered"), [
    ("coordinator_b", True), ("observer_b", False), ("reviewer", False),
    ("professional_a", False),  # a professional does not speak for their partner
])
def test_only_who_speaks_for_the_partner_is_offered_to_leave(world, client, actor, offered):
    client.force_login(getattr(world, actor))
    html = client.get(reverse("alliance_dashboard", args=[world.alliance.pk]),
                      headers={"Accept-Language": "en"}).content.decode()
    assert ("leaves the alliance" in html) is offered


@pytest.mark.parametrize(("language", "heading", "log_out"), [
    ("en", "Not allowed", "Log out"), ("nl", "Niet toegestaan", "Uitloggen")])
def test_a_refusal_is_a_page_of_the_site_in_the_persons_language(world, client, language,
                                                                  heading, log_out):
    world.observer_b.language = language
    world.observer_b.save(update_fields=["language"])
    client.force_login(world.observer_b)
    response = client.get(reverse("partner_leave",
                                  args=[world.alliance.pk, world.partner_b.pk]))
    assert response.status_code == 403
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert f"<h1>{heading}</h1>" in html
    assert f">{log_out}</button>" in html  # the site's navigation, logged in
    assert "Forbidden" not in html


def read_only_notice(html: str) -> str | None:
    found = re.search(r'<p class="read-only-notice" role="note">(.*?)</p>', html)
    return found.group(1) if found else None


@pytest.mark.parametrize("name", ["alliance_dashboard", "design_overview", "stage_page",
                                  "block_list", "journal_list", "meeting_list"])
def test_the_reviewer_sees_read_only_until_their_end_date_on_alliance_pages(world, client,
                                                                             name):
    ends_on = world.alliance.memberships.get(person=world.reviewer).ends_on
    client.force_login(world.reviewer)
    html = client.get(reverse(name, args=[world.alliance.pk]),
                      headers={"Accept-Language": "en"}).content.decode()
    assert html.count('class="read-only-notice"') == 1
    assert read_only_notice(html) == (
        f"Read only, as external reviewer, until {date_format(ends_on, 'j F Y')} inclusive: "
        "you see what the alliance's members see, and change nothing but the findings you "
        "record in a review.")


def test_an_observer_sees_read_only_in_dutch_and_a_writer_sees_no_notice(world, client):
    url = reverse("alliance_dashboard", args=[world.alliance.pk])
    world.observer_b.language = "nl"
    world.observer_b.save(update_fields=["language"])
    client.force_login(world.observer_b)
    html = client.get(url).content.decode()
    assert read_only_notice(html) == (
        "Alleen lezen, als waarnemer: je ziet wat de leden van de alliantie zien en kunt "
        "niets wijzigen.")
    for writer in (world.founder, world.coordinator_b, world.professional_a):
        client.force_login(writer)
        assert read_only_notice(client.get(url).content.decode()) is None
