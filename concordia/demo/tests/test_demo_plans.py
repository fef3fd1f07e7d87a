"""The demo alliance's annual plan: this year's plan in force by the board's decision, every
partner's deployment confirmed, actuals of three partners; loading twice changes nothing."""

import pytest

from concordia.accounts.models import Person
from concordia.demo.decisions import demo_decisions
from concordia.demo.design import demo_design
from concordia.demo.meetings import demo_meetings
from concordia.demo.plans import demo_plans
from concordia.demo.services import demo_load
from concordia.journal.models import JournalEntry
from concordia.journal.services import journal_verify
from concordia.plans import selectors
from concordia.plans.choices import VersionStatus
from concordia.plans.models import Actual, AnnualPlan, Deployment

pytestmark = pytest.mark.django_db


def test_demo_plans() -> None:
    alliance, _logins = demo_load()
    demo_design(alliance)
    demo_meetings(alliance)
    demo_decisions(alliance)
    demo_plans(alliance)
    counts = (JournalEntry.objects.filter(alliance=alliance).count(),
              Deployment.objects.count(), Actual.objects.count())
    demo_plans(alliance)
    assert (JournalEntry.objects.filter(alliance=alliance).count(),
            Deployment.objects.count(), Actual.objects.count()) == counts
    assert journal_verify(alliance_id=alliance.pk).intact

    kim = Person.objects.get(email__startswith="kim@")
    plan = AnnualPlan.objects.get(alliance=alliance)
    [row] = selectors.version_list(user=kim, plan=plan)
    assert row.status == VersionStatus.IN_FORCE
    assert row.version.decision is not None
    page = selectors.plan_page(user=kim, plan=plan, row=row)
    assert len(page.partners) == 6
    assert page.all_confirmed
    assert [len(o.activities) for o in page.objectives] == [2, 2]
    assert page.overall.planned.money_cents == 90_000_00
    assert page.overall.actual.money_cents == 31_300_00
    assert Actual.objects.count() == 4
