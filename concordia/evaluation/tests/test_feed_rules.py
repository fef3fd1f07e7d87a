"""The evaluation feeding the design, as pure rules (no database): the experienced score per
pillar keeps the results' anonymity rules and equals the plain mean over the pillar's
statements; the reading of in place vs experienced; the rounds around an action."""

import datetime as dt
import math

from hypothesis import given
from hypothesis import strategies as st

from concordia.evaluation import aggregation
from concordia.evaluation.aggregation import Reason, ResponseRecord
from concordia.evaluation.feed_rules import (
    ClosedRound,
    Reading,
    change,
    is_discussion_point,
    pillar_figures,
    reading,
    rounds_around,
)

PILLARS_OF = {"s1": ["trust"], "s2": ["trust", "dialogue"], "s3": ["objective"]}
PILLARS = ("trust", "dialogue", "objective", "mindset")


def record(scores, partner="1", level="operational"):
    return ResponseRecord(partner=partner, level=level, role_group="staff", scores=scores)


def test_a_pillar_is_the_mean_of_each_respondents_mean_over_its_statements():
    records = [record({"s1": 5, "s2": 3, "s3": 1}) for _ in range(3)] + [
        record({"s1": 1, "s2": 1, "s3": 5}) for _ in range(2)]
    figures = pillar_figures(records, PILLARS_OF, PILLARS, k=5)
    # trust: respondents' means 4, 4, 4, 1, 1 → 2.8; dialogue: s2 only → (9 + 2) / 5
    assert figures["trust"].stat.n == 5
    assert math.isclose(figures["trust"].stat.mean, 2.8)
    assert math.isclose(figures["dialogue"].stat.mean, 11 / 5)
    assert figures["objective"].stat.mean == 13 / 5
    assert figures["mindset"].stat is None
    assert figures["mindset"].reason is None
    assert figures["mindset"].statements == 0


def test_below_k_respondents_or_answers_nothing_is_shown():
    four = [record({"s1": 4, "s3": 2}) for _ in range(4)]
    figures = pillar_figures(four, PILLARS_OF, PILLARS, k=5)
    assert figures["trust"].stat is None
    assert figures["trust"].reason is Reason.ROUND_TOO_SMALL
    # five respondents, but only four answered the objective's statement
    five = [*four, record({"s1": 4})]
    figures = pillar_figures(five, PILLARS_OF, PILLARS, k=5)
    assert figures["trust"].stat.n == 5
    assert figures["objective"].stat is None
    assert figures["objective"].reason is Reason.MEASURE_HIDDEN


responses = st.lists(
    st.fixed_dictionaries({}, optional={k: st.integers(1, 5) for k in PILLARS_OF}),
    max_size=14)


@given(responses, st.integers(3, 6))
def test_property_a_shown_figure_has_k_answers_and_the_exact_mean(scores, k):
    records = [record(s) for s in scores]
    figures = pillar_figures(records, PILLARS_OF, PILLARS, k=k)
    for pillar in PILLARS:
        keys = [key for key, linked in PILLARS_OF.items() if pillar in linked]
        values = [sum(s[key] for key in keys if key in s) / len([key for key in keys if key in s])
                  for s in scores if any(key in s for key in keys)]
        fig = figures[pillar]
        if fig.stat is None:
            assert len(scores) < k or len(values) < k or not keys
        else:
            assert len(scores) >= k
            assert fig.stat.n == len(values) >= k
            assert math.isclose(fig.stat.mean, sum(values) / len(values))
            # the same figure as the results' own aggregation of a one-pillar instrument
            same = aggregation.aggregate(records, dict.fromkeys(keys, pillar), k=k)
            assert same.overall.dimensions[pillar] == fig.stat


def test_the_reading_of_in_place_and_experienced():
    assert reading(in_place=3, carriers=4, mean=3.5) is Reading.WORKS
    assert reading(in_place=2, carriers=4, mean=2.9) is Reading.NOT_EXPERIENCED
    assert reading(in_place=1, carriers=4, mean=3.0) is Reading.EXPERIENCED_WITHOUT
    assert reading(in_place=0, carriers=4, mean=1.0) is Reading.GAP
    assert reading(in_place=0, carriers=0, mean=4.0) is Reading.EXPERIENCED_WITHOUT
    assert reading(in_place=4, carriers=4, mean=None) is Reading.UNKNOWN
    assert is_discussion_point(Reading.NOT_EXPERIENCED)
    assert not any(is_discussion_point(r) for r in Reading if r is not Reading.NOT_EXPERIENCED)


def at(year, month=11, day=22):
    return dt.datetime(year, month, day, 9, tzinfo=dt.UTC)


def test_the_rounds_around_an_action():
    rounds = [ClosedRound(2008, at(2008)), ClosedRound(2006, at(2006)),
              ClosedRound(2007, at(2007))]
    assert rounds_around(rounds, at(2007, 12, 10)) == (rounds[2], rounds[0])
    assert rounds_around(rounds, at(2005)) == (None, rounds[1])
    assert rounds_around(rounds, at(2009)) == (rounds[0], None)
    assert rounds_around(rounds, at(2007)) == (rounds[2], rounds[0])  # made at the closing
    assert rounds_around([], at(2007)) == (None, None)


def test_change_only_when_both_are_shown():
    a, b = aggregation.Stat(5, 3.5, 1.0), aggregation.Stat(5, 2.0, 1.0)
    assert change(a, b) == 1.5
    assert change(a, None) is None
    assert change(None, b) is None
