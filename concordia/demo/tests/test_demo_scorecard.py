"""The demo alliance's scorecard: six indicators owned by the three owners, five years of
quarterly values with the crisis year's dip and the turn after it, a later target, one
correction kept in the history; loading twice changes nothing."""

from decimal import Decimal

import pytest

from concordia.demo.scorecard import demo_scorecard
from concordia.demo.services import demo_load
from concordia.journal.models import JournalEntry
from concordia.journal.services import journal_verify
from concordia.scorecard import selectors
from concordia.scorecard.models import Indicator, Measurement
from concordia.scorecard.rules import Status, Trend

pytestmark = pytest.mark.django_db


def test_demo_scorecard() -> None:
    alliance, _logins = demo_load()
    demo_scorecard(alliance)
    counts = (JournalEntry.objects.filter(alliance=alliance).count(),
              Indicator.objects.count(), Measurement.objects.count())
    demo_scorecard(alliance)
    assert (JournalEntry.objects.filter(alliance=alliance).count(), Indicator.objects.count(),
            Measurement.objects.count()) == counts
    assert journal_verify(alliance_id=alliance.pk).intact

    kim = Indicator.objects.get(alliance=alliance, name="Wage returns received on time"
                                ).created_by
    indicators = list(selectors.indicator_list(user=kim, alliance=alliance))
    assert len(indicators) == 6
    assert {str(i.owner_partner) for i in indicators} == {
        "Tax Authority", "Social Security Agency", "Statistics Office"}
    standings = {i.name: selectors.standing(i) for i in indicators}
    assert all(len(s.points) == 20 for s in standings.values())
    for name, standing in standings.items():
        by_period = {p.period: p for p in standing.points}
        # The crisis year: every indicator off track in its third quarter ...
        assert by_period["2007-Q3"].status is Status.OFF_TRACK, name
        # ... and back on track after the turn.
        assert by_period["2010-Q4"].status is Status.ON_TRACK, name
        assert by_period["2008-Q4"].status is Status.ON_TRACK, name
    on_time = standings["Wage returns received on time"]
    assert [p.target for p in on_time.points][11:13] == [Decimal(95), Decimal(97)]
    assert on_time.trend is Trend.WORSENING  # 99 then 98 in 2010
    corrected = list(Measurement.objects.filter(
        indicator__name="Wage returns received on time", period="2007-Q3")
        .order_by("version").values_list("value", "current", "source"))
    assert corrected == [(Decimal(76), False, "upload"), (Decimal("75.5"), True, "form")]
    assert JournalEntry.objects.filter(alliance=alliance, kind="MeasurementRecorded").count() \
        == 120
