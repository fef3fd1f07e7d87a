"""Plan pages: the plan of a year read by everyone (plan vs actual per activity and partner),
a partner's deployment through its form (errors on the fields), confirming and endorsing
through the page, the versions with reasons, the page in Dutch; query counts that do not grow
with activities and partners."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from concordia.plans import services
from concordia.plans.models import Deployment, DeploymentConfirmation
from concordia.plans.services import EffortInput
from concordia.testing.factories import PersonFactory, join
from concordia.testing.plans import board_member_of, fresh, plans_of

pytestmark = pytest.mark.django_db


class W:
    def __init__(self, world):
        self.world = world


@pytest.fixture
def pw(world):
    return plans_of(W(world))


def version_url(world, pw, number=1):
    return reverse("plan_version", args=[world.alliance.pk, pw.year, number])


def test_every_member_reads_the_plan_with_its_deployment(client, world, pw):
    client.force_login(world.observer_b)
    text = client.get(reverse("plan_detail", args=[world.alliance.pk, pw.year])).content.decode()
    assert "Joint helpdesk for payroll" in text
    assert "Fewer corrections on filings" in text
    assert "Two leads" in text
    assert "€ 5,000.00" in text
    assert reverse("plan_deployment_edit", args=[world.alliance.pk, pw.activity.pk]) not in text
    assert "Confirm our deployment" not in text


def test_another_alliance_reads_nothing(client, world, pw):
    client.force_login(world.outsider)
    assert client.get(reverse("plan_detail",
                              args=[world.alliance.pk, pw.year])).status_code == 404


def test_a_coordinator_writes_and_confirms_the_deployment_of_its_own_partner(client, world, pw):
    client.force_login(world.coordinator_b)
    url = reverse("plan_deployment_edit", args=[world.alliance.pk, pw.activity.pk])
    page = client.get(url).content.decode()
    assert 'value="40"' in page
    bad = client.post(url, {"operational_hours": "many", "tactical_fte": "1,234"})
    assert bad.status_code == 422
    assert "Give a number of zero or more with at most two decimals." in bad.content.decode()
    response = client.post(url, {"operational_people": "2", "operational_hours": "60",
                                 "operational_fte": "0,5", "operational_money": "250",
                                 "operational_description": "Helpdesk staff"})
    assert response.status_code == 302
    assert response["Location"] == version_url(world, pw)
    deployment = Deployment.objects.get(activity=pw.activity, partner=world.partner_b)
    assert (deployment.people, deployment.hours, deployment.fte_hundredths,
            deployment.money_cents) == (2, 60, 50, 250_00)
    confirm = reverse("plan_deployment_confirm",
                      args=[world.alliance.pk, pw.year, 1, world.partner_b.pk])
    assert client.post(confirm).status_code == 302
    assert DeploymentConfirmation.objects.filter(partner=world.partner_b).count() == 1
    forbidden = reverse("plan_deployment_confirm",
                        args=[world.alliance.pk, pw.year, 1, world.partner_a.pk])
    assert client.post(forbidden).status_code == 403
    assert DeploymentConfirmation.objects.count() == 1


def test_every_partner_endorses_through_the_page_and_the_plan_is_in_force(client, world, pw):
    for actor, partner in ((world.founder, world.partner_a),
                           (world.coordinator_b, world.partner_b)):
        services.deployment_confirm(actor=fresh(actor), version=pw.version, partner=partner)
    client.force_login(world.founder)
    propose = reverse("plan_propose", args=[world.alliance.pk, pw.year, 1])
    assert "every partner endorses the plan" in client.get(propose).content.decode()
    assert client.post(propose, {}).status_code == 302
    for partner in (world.partner_a, world.partner_b):
        client.force_login(board_member_of(partner))
        page = client.get(version_url(world, pw)).content.decode()
        assert "Endorse for" in page
        client.post(reverse("plan_endorse", args=[world.alliance.pk, pw.year, 1, partner.pk]))
    text = client.get(reverse("plan_detail", args=[world.alliance.pk, pw.year])).content.decode()
    assert "Version 1: in force" in text
    client.force_login(world.founder)
    adjust = reverse("plan_adjust", args=[world.alliance.pk, pw.year])
    assert client.post(adjust, {"reason": "The helpdesk starts later"}).status_code == 302
    versions = client.get(reverse("plan_versions", args=[world.alliance.pk, pw.year]))
    assert "The helpdesk starts later" in versions.content.decode()
    text = client.get(reverse("plan_detail", args=[world.alliance.pk, pw.year])).content.decode()
    assert "Version 1: in force" in text
    assert "Version 2 is being worked on (draft)" in text


def test_plan_vs_actual_shows_per_partner(client, world, pw):
    services.actual_record(actor=fresh(world.professional_a), plan=pw.plan,
                           activity_key=pw.activity.key, partner=world.partner_a,
                           effort=EffortInput(2, 90, 0, 6_000_00), progress=40)
    client.force_login(world.coordinator_b)
    text = client.get(version_url(world, pw)).content.decode()
    assert "120 / 90" in text
    assert "€ 5,000.00 / € 6,000.00 (120%)" in text
    assert "progress 40%" in text


def test_the_plan_reads_in_dutch(client, world, pw):
    world.founder.language = "nl"
    world.founder.save()
    client.force_login(world.founder)
    text = client.get(version_url(world, pw), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Jaarplan" in text
    assert "Inzet per partner en niveau" in text
    assert "€ 5.000,00" in text


def _grow(world, pw, activities, partners):
    for n in range(partners):
        coordinator = PersonFactory(is_organisation_admin=True)
        partner = join(world.alliance, world.founder, coordinator)
        services.deployment_set(actor=fresh(coordinator), activity=pw.activity, partner=partner,
                                levels={"strategic": EffortInput(1, n)})
    for n in range(activities):
        activity = services.activity_add(
            actor=fresh(world.founder), objective=pw.objective, title=f"Extra {n}",
            starts_on=dt.date(pw.year, 6, 1), ends_on=dt.date(pw.year, 6, 2), block="conference",
            owner_partner=world.partner_b)
        services.deployment_set(actor=fresh(world.founder), activity=activity,
                                partner=world.partner_a, levels={"tactical": EffortInput(1, 8)})


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_plan_page_does_not_grow_with_activities_and_partners(client, world, pw,
                                                                   django_assert_max_num_queries):
    client.force_login(world.founder)
    url = version_url(world, pw)
    before = _queries(client, url)
    _grow(world, pw, activities=8, partners=3)
    with django_assert_max_num_queries(before):
        assert client.get(url).status_code == 200


def test_the_key_alliance_manager_changes_an_activity_of_the_draft(client, world, pw):
    client.force_login(world.founder)
    url = reverse("plan_activity_edit", args=[world.alliance.pk, pw.activity.pk])
    assert 'value="Joint helpdesk for payroll"' in client.get(url).content.decode()
    bad = client.post(url, {"title": "Helpdesk", "owner_partner": world.partner_a.pk,
                            "starts_on": f"{pw.year}-05-01", "ends_on": f"{pw.year}-04-01",
                            "block": "annual_plan"})
    assert bad.status_code == 422
    assert "The activity ends on or after the day it starts." in bad.content.decode()
    response = client.post(url, {"title": "Helpdesk", "owner_partner": world.partner_a.pk,
                                 "starts_on": f"{pw.year}-04-01",
                                 "ends_on": f"{pw.year}-05-01", "block": "annual_plan"})
    assert response.status_code == 302
    pw.activity.refresh_from_db()
    assert (pw.activity.title, pw.activity.starts_on) == ("Helpdesk", dt.date(pw.year, 4, 1))
    assert pw.activity.deployments.count() == 2
