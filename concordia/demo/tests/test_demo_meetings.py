"""The demo alliance's bodies and its year of meetings: realistic, and loading twice changes
nothing."""

import pytest
from django.utils import timezone

from concordia.actions.choices import ActionStatus
from concordia.actions.models import ActionItem
from concordia.bodies.models import Body, Seat
from concordia.demo.meetings import demo_meetings
from concordia.demo.services import demo_load
from concordia.journal.models import JournalEntry
from concordia.journal.services import journal_verify
from concordia.meetings import rules
from concordia.meetings.choices import AttendanceStatus, MinutesStatus
from concordia.meetings.models import Attendance, Meeting, Minutes

pytestmark = pytest.mark.django_db


def test_demo_meetings_are_idempotent_and_show_the_waning_partner() -> None:
    alliance, _logins = demo_load()
    demo_meetings(alliance)
    journal = JournalEntry.objects.filter(alliance_id=alliance.pk).count()
    meetings = Meeting.objects.count()
    demo_meetings(alliance)
    assert JournalEntry.objects.filter(alliance_id=alliance.pk).count() == journal
    assert Meeting.objects.count() == meetings
    assert journal_verify(alliance_id=alliance.pk).intact

    assert sorted(Body.objects.filter(alliance=alliance).values_list("kind", flat=True)) == [
        "agency", "board", "tactical_table", "working_group", "working_group"]
    seated = set(Seat.objects.filter(body__alliance=alliance).values_list(
        "partner__organisation__name", flat=True))
    assert seated == {"Tax Authority", "Social Security Agency", "Statistics Office"}
    assert set(Body.objects.filter(alliance=alliance).values_list(
        "secretary__email", flat=True)) == {"tom@demo.concordia.test"}

    now = timezone.now()
    held = Meeting.objects.filter(body__alliance=alliance, starts_at__lte=now)
    assert held.count() >= 30
    assert Meeting.objects.filter(body__alliance=alliance, starts_at__gt=now).exists()
    assert held.filter(starts_at__lt=now - timezone.timedelta(days=330)).exists()
    statuses = set(Minutes.objects.values_list("status", flat=True))
    assert statuses == {MinutesStatus.APPROVED, MinutesStatus.CIRCULATED}
    assert Minutes.objects.filter(versions__number=2).exists()

    today = timezone.localdate()
    open_actions = ActionItem.objects.filter(alliance=alliance, status=ActionStatus.OPEN)
    assert open_actions.filter(due_on__lt=today).exists()
    assert open_actions.filter(due_on__gte=today).exists()
    assert ActionItem.objects.filter(alliance=alliance, status=ActionStatus.DONE).exists()

    # The Statistics Office keeps sending its substitute to the tactical table: flagged.
    table = Body.objects.get(alliance=alliance, kind="tactical_table")
    history: dict[int, list[str]] = {}
    for meeting in Meeting.objects.filter(body=table, attendance__isnull=False).distinct():
        per_partner: dict[int, list[str]] = {}
        for partner_id, status in Attendance.objects.filter(meeting=meeting).values_list(
                "seat__partner_id", "status"):
            per_partner.setdefault(partner_id, []).append(status)
        for partner_id, seat_statuses in per_partner.items():
            history.setdefault(partner_id, []).append(rules.partner_status(seat_statuses))
    flags = rules.absence_flags(history)
    assert [table.seats.get(partner_id=f.partner).partner.organisation.name
            for f in flags] == ["Statistics Office"]
    assert flags[0].keeps_sending_substitutes
    assert Attendance.objects.filter(meeting__body=table,
                                     status=AttendanceStatus.REPLACED).exists()
