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
        ("Chain conference", "size"), ("Data exchange through the message gateway", "usage"),
        ("Joint helpdesk for employers", "size"), ("Own costs of each partner", "own")]

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


def test_demo_usage_splits_each_quarter_by_its_own_figures() -> None:
    alliance, _logins = demo_load()
    demo_meetings(alliance)
    demo_decisions(alliance)
    demo_settlement(alliance)
    kim = Person.objects.get(email__startswith="kim@")
    today = timezone.localdate()

    def gateway_shares(back):
        year, quarter = _quarter_back(today, back)
        period = selectors.settlement_get(user=kim, alliance=alliance, year=year,
                                          quarter=quarter)
        fee = Booking.objects.get(category__name="Data exchange through the message gateway",
                                  year=year, quarter=quarter)
        assert fee.amount_cents == 9_000_00
        return period.usage_used, f"{year}-Q{quarter}"

    for back in (1, 0):
        used, label = gateway_shares(back)
        assert used == [("Data exchange through the message gateway", label)]
    year, quarter = _quarter_back(today, 1)
    last = selectors.settlement_get(user=kim, alliance=alliance, year=year, quarter=quarter)
    # 9,000.00 split 70:25:5 beside the helpdesk and travel (own costs) of last quarter
    shares = {str(r.partner.organisation): r.line.share for r in last.rows}
    assert shares["Statistics Office"] == 450_00 + 300_00 + 24_000_00 * 20 // 500
