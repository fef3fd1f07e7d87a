"""Data set D at a tiny scale: every part is there, and each alliance's journal verifies."""

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from concordia.alliances.models import Alliance
from concordia.demo.dataset_d import ALLIANCES, build
from concordia.journal.models import JournalEntry
from concordia.journal.services import journal_verify
from concordia.meetings.models import Meeting

pytestmark = pytest.mark.django_db


def test_dataset_d_at_a_tiny_scale() -> None:
    lines: list[str] = []
    report = build(scale=0.005, seed=3, out=lines.append)
    counts = report["counts"]
    assert (counts["organisations"], counts["alliances"], counts["people"]) == (12, 4, 216)
    # Per alliance: board, tactical table, two or three working groups, agency.
    assert 4 * 5 <= counts["bodies"] <= 4 * 6
    assert counts["meetings"] >= 2 * counts["bodies"]
    held = (Meeting.objects.filter(attendance__isnull=False).distinct()
            .annotate(n_items=Count("items", distinct=True)))
    assert held.exists()
    assert {m.n_items for m in held} <= set(range(3, 9))
    for key in ("roles", "seats", "attendance", "minutes", "minutes_approved",
                "minutes_versions", "actions", "actions_open", "confidential_items"):
        assert counts[key] > 0, key
    assert counts["minutes_versions"] >= counts["minutes"]
    alliances = Alliance.objects.filter(name__in=[name for name, _p in ALLIANCES])
    assert alliances.count() == 4
    for alliance in alliances:
        assert journal_verify(alliance_id=alliance.pk).intact, alliance.name
    # What real use leaves behind: the services journaled every step.
    kinds = set(JournalEntry.objects.values_list("kind", flat=True))
    assert {"BodySetUp", "SeatFilled", "MeetingSeriesPlanned", "MeetingPlanned",
            "AgendaItemProposed", "AgendaPublished", "AttendanceRecorded", "MinutesDrafted",
            "MinutesCirculated", "MinutesApproved", "ActionAssigned"} <= kinds
    assert counts["journal_entries"] == JournalEntry.objects.count()
    assert lines[-1].startswith("data set D made in")
    with pytest.raises(ValueError, match="already"):
        build(scale=0.005, seed=3, out=lines.append)


def test_dataset_d_refuses_a_scale_out_of_range() -> None:
    with pytest.raises(CommandError, match="scale"):
        call_command("dataset_d", "--scale", "0")
    assert not Alliance.objects.exists()
