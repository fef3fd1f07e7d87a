"""Reports API: opening (201, then 200 for the same period), the compiled report with the
sections the reader may read, a section written with its version (a stale one: 409 as
problem+json), submitted once, the overall part, reminders once a day, approval (409 while a
section is missing), another alliance 404 and an unknown field 400."""

import json

import pytest
from django.urls import reverse

from concordia.reports.models import Report, Section
from concordia.testing.reports import last_quarter, reports_of

pytestmark = pytest.mark.django_db


class W:
    def __init__(self, world):
        self.world = world


@pytest.fixture
def rw(world):
    return reports_of(W(world))


def send(client, method, url, body=None):
    return getattr(client, method)(url, data=json.dumps(body or {}),
                                   content_type="application/json")


def test_opening_twice_gives_the_same_report(client, world):
    client.force_login(world.founder)
    year, quarter = last_quarter()
    url = reverse("api:create_report", args=[world.alliance.pk])
    body = {"kind": "quarter", "year": year, "number": quarter}
    first = send(client, "post", url, body)
    assert first.status_code == 201
    again = send(client, "post", url, body)
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert first.json()["label"] == f"{year}-Q{quarter}"
    assert Report.objects.filter(alliance=world.alliance).count() == 1
    bad = send(client, "post", url, {"kind": "half", "year": year, "number": 3})
    assert bad.status_code == 400
    assert bad["Content-Type"] == "application/problem+json"
    unknown = send(client, "post", url, {**body, "colour": "red"})
    assert unknown.status_code == 400


def test_the_compiled_report_hides_another_partners_draft(client, world, rw):
    client.force_login(world.coordinator_b)
    data = client.get(reverse("api:get_report", args=[world.alliance.pk, rw.report.pk])).json()
    sections = {s["partner_id"]: s for s in data["sections"]}
    assert sections[world.partner_a.pk]["progress"] is None
    assert sections[world.partner_a.pk]["state"] == "draft"
    assert sections[world.partner_b.pk]["progress"] == "Partner B: the portal is live."
    assert data["missing_partner_ids"] == [world.partner_a.pk]
    url = reverse("api:get_report_section",
                  args=[world.alliance.pk, rw.report.pk, world.partner_a.pk])
    assert client.get(url).status_code == 404


def test_writing_and_submitting_a_section(client, world, rw):
    client.force_login(world.founder)
    url = reverse("api:put_report_section",
                  args=[world.alliance.pk, rw.report.pk, world.partner_a.pk])
    version = Section.objects.get(report=rw.report, partner=world.partner_a).version
    body = {"version": version, "progress": "Done", "news": "Hired two people"}
    written = send(client, "put", url, body)
    assert written.status_code == 200
    assert written.json()["version"] == version + 1
    stale = send(client, "put", url, body)
    assert stale.status_code == 409
    assert stale.json()["type"].endswith("stale")
    submit = reverse("api:create_report_section_submission",
                     args=[world.alliance.pk, rw.report.pk, world.partner_a.pk])
    done = send(client, "post", submit, {"version": version + 1})
    assert done.json()["state"] == "submitted"
    assert send(client, "post", submit, {"version": version + 1}).status_code == 200
    client.force_login(world.coordinator_b)
    assert send(client, "put", url, body).status_code == 403


def test_reminders_once_a_day_and_approval(client, world, rw):
    client.force_login(world.founder)
    url = reverse("api:create_report_reminders", args=[world.alliance.pk, rw.report.pk])
    assert send(client, "post", url).json() == {"reminded_partner_ids": [world.partner_a.pk]}
    assert send(client, "post", url).json() == {"reminded_partner_ids": []}
    refused = send(client, "post", reverse("api:create_report_approval",
                                           args=[world.alliance.pk, rw.report.pk]))
    assert refused.status_code == 409
    approved = send(client, "post", reverse("api:create_report_approval",
                                            args=[world.alliance.pk, rw.ready.pk]))
    assert approved.status_code == 200
    assert approved.json()["approved_at"] is not None
    overall = send(client, "put", reverse("api:put_report_overall",
                                          args=[world.alliance.pk, rw.ready.pk]),
                   {"version": approved.json()["version"], "overall": "Later"})
    assert overall.status_code == 409


def test_another_alliance_gets_404(client, world, rw):
    client.force_login(world.outsider)
    assert client.get(reverse("api:get_report",
                              args=[world.alliance.pk, rw.report.pk])).status_code == 404
    assert send(client, "post", reverse("api:create_report_approval",
                                        args=[world.alliance.pk, rw.ready.pk])
                ).status_code == 404
    assert client.get(reverse("api:get_report", args=[world.other_alliance.pk,
                                                      rw.report.pk])).status_code == 404
    listed = client.get(reverse("api:list_reports", args=[world.other_alliance.pk])).json()
    assert [r["id"] for r in listed["results"]] == [rw.foreign.pk]
    assert Report.objects.get(pk=rw.ready.pk).approved_at is None


def test_withdrawing_a_submitted_section(client, world, rw):
    section = Section.objects.get(report=rw.ready, partner=world.partner_a)
    url = reverse("api:create_report_section_withdrawal",
                  args=[world.alliance.pk, rw.ready.pk, world.partner_a.pk])
    client.force_login(world.founder)
    assert send(client, "post", url, {}).status_code == 400
    stale = send(client, "post", url, {"version": section.version + 1})
    assert stale.status_code == 409
    assert stale["Content-Type"] == "application/problem+json"
    done = send(client, "post", url, {"version": section.version})
    assert done.status_code == 200
    assert done.json()["state"] == "draft"
    assert done.json()["version"] == section.version + 1
    again = send(client, "post", url, {"version": section.version})
    assert again.json()["version"] == section.version + 1
    report = client.get(reverse("api:get_report", args=[world.alliance.pk, rw.ready.pk])).json()
    assert report["missing_partner_ids"] == [world.partner_a.pk]
