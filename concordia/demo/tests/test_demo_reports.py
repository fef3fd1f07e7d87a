"""The demo alliance's periodic reports: the last four quarters, the three earlier approved with
every section and the overall part, the latest open with the pension provider missing (and
reminded); loading twice changes nothing; the journal stays intact."""

import pytest

from concordia.demo.decisions import demo_decisions
from concordia.demo.escalations import demo_escalations
from concordia.demo.meetings import demo_meetings
from concordia.demo.reports import _quarters_back, demo_reports
from concordia.demo.scorecard import demo_scorecard
from concordia.demo.services import demo_load
from concordia.journal.models import JournalEntry
from concordia.journal.services import journal_verify
from concordia.reports.models import Reminder, Report, Section
from concordia.reports.services import missing_partners

pytestmark = pytest.mark.django_db


def test_demo_reports() -> None:
    alliance, _logins = demo_load()
    demo_meetings(alliance)
    demo_decisions(alliance)
    demo_escalations(alliance)
    demo_scorecard(alliance)
    demo_reports(alliance)
    count = JournalEntry.objects.filter(alliance=alliance).count()
    demo_reports(alliance)
    assert JournalEntry.objects.filter(alliance=alliance).count() == count
    assert journal_verify(alliance_id=alliance.pk).intact

    reports = list(Report.objects.filter(alliance=alliance).order_by("year", "number"))
    assert [(r.kind, r.year, r.number) for r in reports] == [
        ("quarter", y, q) for y, q in _quarters_back(4)]
    assert [r.approved for r in reports] == [True, True, True, False]
    for report in reports[:3]:
        assert report.overall
        assert missing_partners(report) == []
    latest = reports[-1]
    assert [str(p.organisation) for p in missing_partners(latest)] == ["Pension Provider"]
    assert Reminder.objects.filter(report=latest).count() == 1
    assert Section.objects.filter(report=latest, submitted_at__isnull=False).count() == 5
