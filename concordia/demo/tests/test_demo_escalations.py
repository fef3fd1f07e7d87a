"""The demo alliance's escalation ladder: the crisis year up to the ministers, one on the
board's agenda, an alarm that skipped the horizontal attempt, one resolved horizontally, one
overdue; a health with figures; loading twice changes nothing."""

import pytest
from django.utils import timezone

from concordia.demo.escalations import TOP_RUNG, demo_escalations
from concordia.demo.meetings import demo_meetings
from concordia.demo.services import demo_load
from concordia.escalations import selectors
from concordia.escalations.choices import BottleneckStatus, Rung
from concordia.escalations.models import Bottleneck, LadderSettings, RungStep
from concordia.journal.models import JournalEntry
from concordia.journal.services import journal_verify
from concordia.meetings.choices import ItemKind

pytestmark = pytest.mark.django_db


def test_demo_escalations() -> None:
    alliance, _logins = demo_load()
    demo_meetings(alliance)
    demo_escalations(alliance)
    journal = JournalEntry.objects.filter(alliance_id=alliance.pk).count()
    count = Bottleneck.objects.count()
    demo_escalations(alliance)
    assert (JournalEntry.objects.filter(alliance_id=alliance.pk).count(),
            Bottleneck.objects.count()) == (journal, count)
    assert journal_verify(alliance_id=alliance.pk).intact
    assert LadderSettings.objects.get(alliance=alliance).top_rung_name == TOP_RUNG

    crisis = Bottleneck.objects.get(title__startswith="Crisis year")
    assert (crisis.rung, crisis.status, crisis.raised_at.year) == (
        Rung.TOP, BottleneckStatus.RESOLVED, 2007)
    assert list(RungStep.objects.filter(bottleneck=crisis).values_list("rung", flat=True)) == [
        "horizontal", "coordinator", "key_alliance_manager", "board", "top"]

    board = Bottleneck.objects.get(rung=Rung.BOARD, status=BottleneckStatus.OPEN)
    item = RungStep.objects.get(bottleneck=board, rung=Rung.BOARD).agenda_item
    assert item.kind == ItemKind.DECISION
    assert item.meeting.body.kind == "board"
    assert item.meeting.starts_at > timezone.now()

    alarm = Bottleneck.objects.get(skipped_horizontal=True)
    assert alarm.skip_reason
    assert alarm.status == BottleneckStatus.RESOLVED
    assert Bottleneck.objects.filter(status=BottleneckStatus.RESOLVED,
                                     rung=Rung.HORIZONTAL).count() == 1
    overdue = [b for b in Bottleneck.objects.filter(alliance=alliance)
               if selectors.is_overdue(b)]
    assert [b.title for b in overdue] == [
        "The new wage return field reaches the software late"]

    kim = alliance.memberships.get(role="key_alliance_manager").person
    health = selectors.health_get(user=kim, alliance=alliance)
    rows = {r.rung: r for r in health.rungs}
    assert (health.skipped, health.resolved_horizontally) == (1, 1)
    assert rows[Rung.HORIZONTAL].count >= 3
    assert rows[Rung.KEY_ALLIANCE_MANAGER].max_days is not None
    # Each rung's trail reads in order: entered, then left.
    for step in RungStep.objects.filter(bottleneck__alliance=alliance):
        assert step.left_at is None or step.left_at >= step.entered_at
