from django.urls import reverse

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
    assert response.context["more_partners"] == active - DASHBOARD_PARTNERS
    assert f"and {active - DASHBOARD_PARTNERS} more partners" in html
    assert reverse("partner_list", args=[world.alliance.pk]) in html


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
