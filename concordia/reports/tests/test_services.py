"""The report services with their journal entries: opening (prefilled sections, once per
period), writing and submitting a section (version check, own partner only), the overall part,
reminders at most once a day, and the board's approval once everything is in."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

from concordia.actions import services as action_services
from concordia.core.errors import Conflict, DomainError
from concordia.escalations import services as escalation_services
from concordia.journal import registry
from concordia.journal.models import JournalEntry
from concordia.notifications.models import Notification
from concordia.reports import services
from concordia.reports.models import Reminder, Report, Section
from concordia.scorecard import services as scorecard_services
from concordia.testing.reports import fresh, last_quarter, reports_of

pytestmark = pytest.mark.django_db


class W:
    def __init__(self, world):
        self.world = world


@pytest.fixture
def rw(world):
    return reports_of(W(world))


def head(world):
    return JournalEntry.objects.filter(alliance=world.alliance).count()


def entries(world, since):
    return [(e.kind, e.payload) for e in JournalEntry.objects.filter(
        alliance=world.alliance).order_by("seq")[since:]]


def test_opening_prefills_every_active_partner_with_its_actions_bottlenecks_and_values(world):
    year, quarter = last_quarter()
    first_day = dt.date(year, 3 * quarter - 2, 1)
    action_services.action_create(actor=fresh(world.founder), alliance=world.alliance,
                                  title="Send the figures", owner_partner=world.partner_b,
                                  due_on=first_day + dt.timedelta(days=200))
    escalation_services.bottleneck_raise(
        actor=fresh(world.coordinator_b), alliance=world.alliance, title="Budget stuck",
        description="No budget for the portal.", partners=[world.partner_b],
        alliance_wide=True)
    indicator = scorecard_services.indicator_define(
        actor=fresh(world.founder), alliance=world.alliance, name="Lead time",
        definition="Days to answer", unit="days", direction="lower", period_kind="quarter",
        owner_partner=world.partner_b)
    scorecard_services.measurement_record(actor=fresh(world.coordinator_b),
                                          indicator=indicator,
                                          period=f"{year}-Q{quarter}", value="12,5")
    since = head(world)
    with translation.override("en"):
        report, created = services.report_open(actor=fresh(world.founder),
                                               alliance=world.alliance, kind="quarter",
                                               year=year, number=quarter)
    assert created
    b = Section.objects.get(report=report, partner=world.partner_b)
    assert "- Lead time: 12.5 days (" in b.progress
    assert ", no status)" in b.progress
    assert "Send the figures (due" in b.progress
    assert "Budget stuck" in b.bottlenecks
    assert Section.objects.filter(report=report).count() == 2
    assert entries(world, since) == [("ReportOpened", {
        "report": f"{year}-Q{quarter}", "kind": "quarter", "year": year, "number": quarter,
        "partners": 2})]


def test_opening_a_period_again_returns_the_same_report_and_journals_nothing(world, rw):
    since = head(world)
    again, created = services.report_open(actor=fresh(world.founder), alliance=world.alliance,
                                          kind="quarter", year=rw.report.year,
                                          number=rw.report.number)
    assert (again.pk, created) == (rw.report.pk, False)
    assert head(world) == since


def test_only_the_key_alliance_manager_opens_and_never_a_period_not_begun(world):
    year = timezone.localdate().year + 1
    with pytest.raises(PermissionDenied):
        services.report_open(actor=fresh(world.coordinator_b), alliance=world.alliance,
                             kind="year", year=year - 1, number=1)
    with pytest.raises(DomainError) as raised:
        services.report_open(actor=fresh(world.founder), alliance=world.alliance,
                             kind="year", year=year, number=1)
    assert raised.value.field == "number"
    with pytest.raises(DomainError):
        services.report_open(actor=fresh(world.founder), alliance=world.alliance,
                             kind="half", year=year - 1, number=3)
    assert not Report.objects.filter(alliance=world.alliance).exists()


def test_a_section_is_written_on_the_version_read_and_journaled_without_its_text(world, rw):
    section = Section.objects.get(report=rw.report, partner=world.partner_a)
    since = head(world)
    updated = services.section_update(
        actor=fresh(world.founder), report=rw.report, partner=world.partner_a,
        expected_version=section.version, progress="Done", bottlenecks="None",
        coordination="With B", news="Good news")
    assert (updated.version, updated.news) == (section.version + 1, "Good news")
    assert entries(world, since) == [("ReportSectionDrafted", {
        "report": rw.report.label, "partner": str(world.partner_a.organisation),
        "version": section.version + 1})]
    with pytest.raises(Conflict) as raised:
        services.section_update(actor=fresh(world.founder), report=rw.report,
                                partner=world.partner_a, expected_version=section.version,
                                progress="Stale", bottlenecks="", coordination="", news="")
    assert raised.value.code == "stale"
    assert Section.objects.get(pk=section.pk).progress == "Done"


def test_a_partner_writes_only_its_own_section(world, rw):
    section = Section.objects.get(report=rw.report, partner=world.partner_a)
    since = head(world)
    for actor in (world.coordinator_b, world.professional_a, world.observer_b):
        with pytest.raises(PermissionDenied):
            services.section_update(actor=fresh(actor), report=rw.report,
                                    partner=world.partner_a, expected_version=section.version,
                                    progress="Not mine", bottlenecks="", coordination="",
                                    news="")
    assert Section.objects.get(pk=section.pk).progress == section.progress
    assert head(world) == since


def test_submitting_is_a_commitment_once_and_freezes_the_section(world, rw):
    section = Section.objects.get(report=rw.report, partner=world.partner_a)
    since = head(world)
    submitted = services.section_submit(actor=fresh(world.founder), report=rw.report,
                                        partner=world.partner_a,
                                        expected_version=section.version)
    assert submitted.submitted_by == world.founder
    again = services.section_submit(actor=fresh(world.founder), report=rw.report,
                                    partner=world.partner_a)
    assert again.submitted_at == submitted.submitted_at
    assert entries(world, since) == [("ReportSectionSubmitted", {
        "report": rw.report.label, "partner": str(world.partner_a.organisation),
        "version": section.version, "submitted": 2})]
    assert registry.get("ReportSectionSubmitted").commitment
    with pytest.raises(Conflict):
        services.section_update(actor=fresh(world.founder), report=rw.report,
                                partner=world.partner_a, expected_version=section.version,
                                progress="Later", bottlenecks="", coordination="", news="")


def test_an_empty_section_is_not_submitted(world, rw):
    section = Section.objects.get(report=rw.report, partner=world.partner_a)
    services.section_update(actor=fresh(world.founder), report=rw.report,
                            partner=world.partner_a, expected_version=section.version,
                            progress=" ", bottlenecks="", coordination="", news="")
    with pytest.raises(DomainError):
        services.section_submit(actor=fresh(world.founder), report=rw.report,
                                partner=world.partner_a)
    assert not Section.objects.get(pk=section.pk).submitted


def test_reminders_go_to_the_missing_partners_at_most_once_a_day(world, rw):
    since = head(world)
    reminded = services.report_remind(actor=fresh(world.founder), report=rw.report)
    assert reminded == [world.partner_a]
    assert list(Notification.objects.filter(kind="report_section_due")
                .values_list("person_id", flat=True)) == [world.founder.pk]
    assert services.report_remind(actor=fresh(world.founder), report=rw.report) == []
    assert Reminder.objects.filter(report=rw.report).count() == 1
    assert Notification.objects.filter(kind="report_section_due").count() == 1
    assert entries(world, since) == [("ReportRemindersSent", {
        "report": rw.report.label, "partners": [str(world.partner_a.organisation)]})]
    with pytest.raises(PermissionDenied):
        services.report_remind(actor=fresh(world.coordinator_b), report=rw.report)


def test_the_overall_part_is_the_key_alliance_managers_with_a_version_check(world, rw):
    since = head(world)
    report = services.report_overall_write(actor=fresh(world.founder), report=rw.report,
                                           expected_version=rw.report.version, text="All fine")
    assert (report.overall, report.version) == ("All fine", rw.report.version + 1)
    assert entries(world, since) == [("ReportOverallWritten", {
        "report": rw.report.label, "version": report.version})]
    with pytest.raises(Conflict):
        services.report_overall_write(actor=fresh(world.founder), report=rw.report,
                                      expected_version=rw.report.version, text="Stale")
    with pytest.raises(PermissionDenied):
        services.report_overall_write(actor=fresh(world.coordinator_b), report=rw.report,
                                      expected_version=report.version, text="Mine")


def test_the_board_approves_once_everything_is_in(world, rw):
    with pytest.raises(Conflict) as raised:
        services.report_approve(actor=fresh(world.founder), report=rw.report)
    assert raised.value.code == "missing"
    with pytest.raises(PermissionDenied):
        services.report_approve(actor=fresh(world.professional_a), report=rw.ready)
    since = head(world)
    approved = services.report_approve(actor=fresh(world.founder), report=rw.ready)
    assert approved.approved_by == world.founder
    assert services.report_approve(actor=fresh(world.founder), report=rw.ready).approved_at \
        == approved.approved_at
    assert entries(world, since) == [("ReportApproved", {
        "report": rw.ready.label, "sections": 2, "overall_version": rw.ready.version})]
    assert registry.get("ReportApproved").commitment
    assert not registry.get("ReportSectionDrafted").commitment
    with pytest.raises(Conflict):
        services.report_overall_write(actor=fresh(world.founder), report=rw.ready,
                                      expected_version=approved.version, text="After")


def test_another_alliance_changes_nothing(world, rw):
    since = head(world)
    with pytest.raises(PermissionDenied):
        services.report_remind(actor=fresh(world.outsider), report=rw.report)
    with pytest.raises(PermissionDenied):
        services.report_approve(actor=fresh(world.outsider), report=rw.ready)
    assert head(world) == since
    assert Report.objects.get(pk=rw.ready.pk).approved_at is None


def test_a_submitted_section_is_withdrawn_on_the_version_read_while_not_approved(world, rw):
    section = Section.objects.get(report=rw.ready, partner=world.partner_a)
    since = head(world)
    with pytest.raises(Conflict) as stale:
        services.section_withdraw(actor=fresh(world.founder), report=rw.ready,
                                  partner=world.partner_a,
                                  expected_version=section.version - 1)
    assert stale.value.code == "stale"
    withdrawn = services.section_withdraw(actor=fresh(world.founder), report=rw.ready,
                                          partner=world.partner_a,
                                          expected_version=section.version)
    assert (withdrawn.submitted_at, withdrawn.submitted_by) == (None, None)
    assert withdrawn.version == section.version + 1
    assert withdrawn.progress == section.progress
    again = services.section_withdraw(actor=fresh(world.founder), report=rw.ready,
                                      partner=world.partner_a,
                                      expected_version=section.version)
    assert again.version == section.version + 1  # a draft: unchanged
    assert entries(world, since) == [("ReportSectionWithdrawn", {
        "report": rw.ready.label, "partner": str(world.partner_a.organisation),
        "version": section.version + 1, "submitted": 1})]
    assert registry.get("ReportSectionWithdrawn").commitment
    assert [p.pk for p in services.missing_partners(rw.ready)] == [world.partner_a.pk]
    with pytest.raises(Conflict) as missing:
        services.report_approve(actor=fresh(world.founder), report=rw.ready)
    assert missing.value.code == "missing"
    services.section_submit(actor=fresh(world.founder), report=rw.ready,
                            partner=world.partner_a, expected_version=section.version + 1)
    assert Section.objects.get(pk=section.pk).submitted


def test_only_the_own_steering_person_withdraws_and_never_after_approval(world, rw):
    section = Section.objects.get(report=rw.ready, partner=world.partner_a)
    since = head(world)
    with pytest.raises(PermissionDenied):
        services.section_withdraw(actor=fresh(world.coordinator_b), report=rw.ready,
                                  partner=world.partner_a, expected_version=section.version)
    services.report_approve(actor=fresh(world.founder), report=rw.ready)
    after_approval = head(world)
    with pytest.raises(Conflict) as approved:
        services.section_withdraw(actor=fresh(world.founder), report=rw.ready,
                                  partner=world.partner_a, expected_version=section.version)
    assert approved.value.code == "approved"
    assert Section.objects.get(pk=section.pk).submitted_at == section.submitted_at
    assert head(world) == after_approval == since + 1
