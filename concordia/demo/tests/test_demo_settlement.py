"""The demo alliance's cost settlement: each bears its own costs, the helpdesk and the
conference split by size, the quarter before last settled by all three owners, last quarter
open with a correction; loading twice changes nothing."""

import pytest
from django.utils import timezone

from concordia.accounts.models import Person
from concordia.demo.decisions import demo_decisions
from concordia.demo.meetings import demo_meetings
from concordia.demo.services import demo_load
from concordia.demo.settlement import _quarter_back, demo_settlement
from concordia.journal.models import JournalEntry
from concordia.journal.services import journal_verify
from concordia.settlement import selectors
from concordia.settlement.models import Booking, SettlementModel

pytestmark = pytest.mark.django_db


def test_demo_settlement() -> None:
    alliance, _logins = demo_load()
    demo_meetings(alliance)
    demo_decisions(alliance)
    demo_settlement(alliance)
    counts = (JournalEntry.objects.filter(alliance=alliance).count(),
              SettlementModel.objects.count(), Booking.objects.count())
    demo_settlement(alliance)
    assert (JournalEntry.objects.filter(alliance=alliance).count(),
            SettlementModel.objects.count(), Booking.objects.count()) == counts
    assert journal_verify(alliance_id=alliance.pk).intact
    assert sorted(SettlementModel.objects.values_list("category__name", "kind")) == [
        ("Chain conference", "size"), ("Joint helpdesk for employers", "size"),
        ("Own costs of each partner", "own")]

    kim = Person.objects.get(email__startswith="kim@")
    today = timezone.localdate()
    settled = selectors.settlement_get(user=kim, alliance=alliance,
                                       **dict(zip(("year", "quarter"),
                                                       _quarter_back(today, 2), strict=True)))
    assert settled.settled is True
    lines = {str(r.partner.organisation): (r.line.share, r.line.paid) for r in settled.rows}
    # Helpdesk 24,000 + conference 9,700 = 33,700 split 300:180:20; travel each its own.
    assert lines == {"Tax Authority": (20_220_00 + 850_00, 24_000_00 + 850_00),
                     "Social Security Agency": (12_132_00 + 420_00, 6_500_00 + 420_00),
                     "Statistics Office": (1_348_00, 3_200_00)}
    assert len(settled.transfers) == 2
    open_quarter = selectors.settlement_get(user=kim, alliance=alliance, **dict(zip(
        ("year", "quarter"), _quarter_back(today, 1), strict=True)))
    assert open_quarter.settled is False
    assert Booking.objects.filter(corrects__isnull=False).count() == 1
