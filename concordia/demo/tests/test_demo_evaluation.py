"""The demo's evaluation: three closed rounds of about fifty respondents across the partners
and levels, with a dip in the crisis year (2007) and recovery after; loading twice changes
nothing."""

from statistics import mean

import pytest

from concordia.demo.evaluation import demo_evaluation
from concordia.demo.services import demo_load
from concordia.evaluation.models import Response, Round
from concordia.journal.models import JournalEntry

pytestmark = pytest.mark.django_db


def _mean(year: int, dimension: str) -> float:
    return mean(score for scores in Response.objects.filter(round__year=year).values_list(
        "scores", flat=True) for key, score in scores.items() if key.startswith(dimension))


def test_demo_evaluation_tells_the_crisis_and_the_recovery() -> None:
    alliance, _logins = demo_load()
    journal = JournalEntry.objects.filter(alliance=alliance).count()
    demo_evaluation(alliance)
    demo_evaluation(alliance)
    rounds = list(Round.objects.filter(alliance=alliance).order_by("year"))
    assert [(r.year, r.state) for r in rounds] == [(2006, "closed"), (2007, "closed"),
                                                   (2008, "closed")]
    assert [r.responses.count() for r in rounds] == [50, 50, 50]
    assert Response.objects.filter(round=rounds[0]).values("partner").distinct().count() == 6
    assert set(Response.objects.values_list("level", flat=True)) == {
        "strategic", "tactical", "operational"}
    for dimension in ("cultural", "relational", "procedural", "content"):
        assert _mean(2007, dimension) < _mean(2006, dimension) < _mean(2008, dimension)
    # written down as history: no journal entries
    assert JournalEntry.objects.filter(alliance=alliance).count() == journal
