"""The demo alliance's learning: three health checks over the past year scored by the core
team, trust growing and transparency the weakest pillar, an improvement action for it; six
lessons learned, some linked to their bottleneck or decision; loading twice changes nothing."""

import pytest
from django.utils import timezone

from concordia.actions.models import ActionItem
from concordia.demo.decisions import demo_decisions
from concordia.demo.escalations import demo_escalations
from concordia.demo.learning import demo_learning
from concordia.demo.meetings import demo_meetings
from concordia.demo.services import demo_load
from concordia.journal.models import JournalEntry
from concordia.journal.services import journal_verify
from concordia.learning import rules
from concordia.learning.models import HealthCheck, Lesson
from concordia.learning.selectors import results_of

pytestmark = pytest.mark.django_db


def test_demo_learning() -> None:
    alliance, _logins = demo_load()
    demo_meetings(alliance)
    demo_decisions(alliance)
    demo_escalations(alliance)
    demo_learning(alliance)
    counts = (JournalEntry.objects.filter(alliance=alliance).count(),
              HealthCheck.objects.count(), Lesson.objects.count())
    demo_learning(alliance)
    assert (JournalEntry.objects.filter(alliance=alliance).count(),
            HealthCheck.objects.count(), Lesson.objects.count()) == counts
    assert journal_verify(alliance_id=alliance.pk).intact

    checks = list(HealthCheck.objects.filter(alliance=alliance).order_by("held_on")
                  .prefetch_related("scores"))
    assert len(checks) == 3
    assert (timezone.localdate() - checks[0].held_on).days == 330
    results = [{r.pillar: r for r in results_of(c)} for c in checks]
    assert all(r.scorers == 4 for c in results for r in c.values())
    assert [c["trust"].mean for c in results] == [2.25, 3.25, 4.0]
    assert rules.weakest(list(results[1].values())) == ["transparency"]
    assert results[1]["transparency"].spread == 3  # the core team disagrees
    action = ActionItem.objects.get(alliance=alliance, pillar="transparency")
    assert action.title == "Publish one chain report every quarter"

    lessons = {lesson.title: lesson for lesson in Lesson.objects.filter(alliance=alliance)}
    assert len(lessons) == 6
    crisis = lessons["One plan for the whole chain"]
    assert (crisis.learned_on.year, crisis.bottleneck.title) == (
        2007, "Crisis year: the chain delivers too little, too late")
    assert lessons["Agree one definition before the data flows"].bottleneck.title == (
        "Hours worked defined twice")
    assert lessons["Agree the quality targets in the open"].decision.title == (
        "Data quality targets for the chain")
    assert sorted(lessons["Hand over a key role with an overlap"].tags.values_list(
        "name", flat=True)) == ["continuity", "staff rotation"]
