"""Report pages: the compiled report read by every member (submitted sections; a draft only by
its own partner), the section form (prefilled, version check, errors on the fields), the
overall part, reminders, approval, the PDF and the XLSX; another alliance gets 404; the page
and the PDF do not grow in queries with the number of partners (3 against 30)."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from concordia.alliances.choices import Level, Role
from concordia.alliances.models import Partner
from concordia.journal.models import JournalEntry
from concordia.reports.models import Report, Section
from concordia.testing.factories import give_role
from concordia.testing.reports import grow, reports_of

pytestmark = pytest.mark.django_db


class W:
    def __init__(self, world):
        self.world = world


@pytest.fixture
def rw(world):
    return reports_of(W(world))


def detail(world, report):
    return reverse("report_detail", args=[world.alliance.pk, report.pk])


def test_every_member_reads_the_submitted_sections_and_not_a_draft(client, world, rw):
    client.force_login(world.observer_b)
    text = client.get(detail(world, rw.report)).content.decode()
    assert "Partner B: the portal is live." in text
    assert "Partner A&#x27;s draft" not in text
    assert "Partner A's draft" not in text
    assert "Still missing: 1 partner." in text
    assert "Write our section" not in text


def test_the_own_partner_reads_its_draft_and_may_submit_it(client, world, rw):
    client.force_login(world.professional_a)
    text = client.get(detail(world, rw.report)).content.decode()
    assert "Partner A&#x27;s draft: the helpdesk runs." in text
    assert "Submit our section" not in text  # a professional reads, the steering person writes
    client.force_login(world.founder)
    text = client.get(detail(world, rw.report)).content.decode()
    assert "Submit our section" in text
    section = Section.objects.get(report=rw.report, partner=world.partner_a)
    response = client.post(reverse("report_section_submit",
                                   args=[world.alliance.pk, rw.report.pk, world.partner_a.pk]),
                           {"version": section.version})
    assert response.status_code == 302
    assert Section.objects.get(pk=section.pk).submitted


def test_the_key_alliance_manager_sees_who_is_missing_not_the_draft(client, world, rw):
    client.force_login(world.founder)
    page = client.get(detail(world, Report.objects.get(pk=rw.report.pk)))
    text = page.content.decode()
    assert "Partner B: the portal is live." in text
    assert "Remind the partners still missing" in text


def test_the_section_form_keeps_the_version_and_refuses_a_stale_change(client, world, rw):
    client.force_login(world.founder)
    url = reverse("report_section_edit",
                  args=[world.alliance.pk, rw.report.pk, world.partner_a.pk])
    page = client.get(url).content.decode()
    assert "Partner A&#x27;s draft: the helpdesk runs." in page
    section = Section.objects.get(report=rw.report, partner=world.partner_a)
    ok = client.post(url, {"progress": "Done", "bottlenecks": "", "coordination": "",
                           "news": "A new hire", "version": section.version})
    assert ok.status_code == 302
    stale = client.post(url, {"progress": "Old", "bottlenecks": "", "coordination": "",
                              "news": "", "version": section.version})
    assert stale.status_code == 422
    assert "The section changed since you read it." in stale.content.decode()
    assert Section.objects.get(pk=section.pk).progress == "Done"


def test_another_partner_may_not_write_the_section(client, world, rw):
    client.force_login(world.coordinator_b)
    url = reverse("report_section_edit",
                  args=[world.alliance.pk, rw.report.pk, world.partner_a.pk])
    assert client.get(url).status_code == 403
    before = JournalEntry.objects.count()
    assert client.post(url, {"progress": "x", "version": 2}).status_code == 403
    assert JournalEntry.objects.count() == before


def test_another_alliance_gets_404_everywhere(client, world, rw):
    client.force_login(world.outsider)
    for name in ("report_detail", "report_pdf", "report_xlsx", "report_overall_edit"):
        assert client.get(reverse(name, args=[world.alliance.pk, rw.report.pk])).status_code \
            == 404
    before = JournalEntry.objects.count()
    assert client.post(reverse("report_approve", args=[world.alliance.pk, rw.ready.pk])
                       ).status_code == 404
    assert client.post(reverse("report_approve", args=[world.other_alliance.pk, rw.ready.pk])
                       ).status_code == 404
    assert JournalEntry.objects.count() == before
    assert Report.objects.get(pk=rw.ready.pk).approved_at is None


def test_opening_twice_lands_on_the_same_report(client, world, rw):
    client.force_login(world.founder)
    url = reverse("report_open", args=[world.alliance.pk])
    data = {"kind": "quarter", "year": rw.report.year, "number": rw.report.number}
    assert client.post(url, data)["Location"] == detail(world, rw.report)
    bad = client.post(url, {"kind": "half", "year": rw.report.year, "number": 3})
    assert bad.status_code == 422
    assert Report.objects.filter(alliance=world.alliance).count() == 2


def test_reminding_twice_reminds_once(client, world, rw):
    client.force_login(world.founder)
    url = reverse("report_remind", args=[world.alliance.pk, rw.report.pk])
    client.post(url)
    second = client.post(url, follow=True).content.decode()
    assert "reminded today already" in second
    assert rw.report.reminders.count() == 1


def test_the_board_approves_the_ready_report(client, world, rw):
    give_role(world.partner_b, world.coordinator_b, Role.BOARD_MEMBER, Level.STRATEGIC)
    client.force_login(world.coordinator_b)  # partner B's board member
    response = client.post(reverse("report_approve", args=[world.alliance.pk, rw.ready.pk]),
                           follow=True)
    assert "The report is approved." in response.content.decode()
    assert Report.objects.get(pk=rw.ready.pk).approved_by == world.coordinator_b


def test_the_pdf_and_the_figures(client, world, rw):
    client.force_login(world.observer_b)
    pdf = client.get(reverse("report_pdf", args=[world.alliance.pk, rw.ready.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    xlsx = client.get(reverse("report_xlsx", args=[world.alliance.pk, rw.ready.pk]))
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["Scorecard", "Plan vs actual", "Sections"]
    assert [c.value for c in next(book["Sections"].iter_rows())] == [
        "Partner", "Submitted", "Submitted by"]


def test_the_page_in_dutch(client, world, rw):
    world.founder.language = "nl"
    world.founder.save(update_fields=["language"])
    client.force_login(world.founder)
    text = client.get(detail(world, rw.report)).content.decode()
    assert "Nog niet vastgesteld." in text
    assert "Nog ontbrekend: 1 partner." in text


def _count(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured), captured


def test_the_report_does_not_grow_with_partners(client, world, rw):
    """Three partners (A, B and one grown: a section, an indicator, an open action and
    bottleneck each), then thirty: the page, the PDF, the XLSX and the API read as many
    queries."""
    grow(world, rw.report, 1)
    client.force_login(world.observer_b)
    urls = [detail(world, rw.report),
            reverse("report_pdf", args=[world.alliance.pk, rw.report.pk]),
            reverse("report_xlsx", args=[world.alliance.pk, rw.report.pk]),
            reverse("api:get_report", args=[world.alliance.pk, rw.report.pk])]
    small = [_count(client, url)[0] for url in urls]
    grow(world, rw.report, 27)
    assert Partner.objects.filter(alliance=world.alliance, status="active").count() == 30
    large = [_count(client, url) for url in urls]
    assert [n for n, _q in large] == small, [q.captured_queries for _n, q in large]


def test_the_own_partner_withdraws_its_submitted_section_to_change_it(client, world, rw):
    section = Section.objects.get(report=rw.ready, partner=world.partner_a)
    url = reverse("report_section_withdraw",
                  args=[world.alliance.pk, rw.ready.pk, world.partner_a.pk])
    client.force_login(world.coordinator_b)
    assert url not in client.get(detail(world, rw.ready)).content.decode()
    assert client.post(url, {"version": section.version}).status_code == 403
    client.force_login(world.founder)
    assert url in client.get(detail(world, rw.ready)).content.decode()
    stale = client.post(url, {"version": section.version + 5}, follow=True)
    assert "The section changed since you read it." in stale.content.decode()
    assert Section.objects.get(pk=section.pk).submitted
    response = client.post(url, {"version": section.version})
    assert response.status_code == 302
    assert not Section.objects.get(pk=section.pk).submitted
    text = client.get(detail(world, rw.ready)).content.decode()
    assert "Submit our section" in text
    assert url not in text
    client.force_login(world.observer_b)
    assert "Partner A: all went to plan." not in client.get(
        detail(world, rw.ready)).content.decode()
