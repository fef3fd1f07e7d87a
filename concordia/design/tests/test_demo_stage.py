"""The demo alliance's development stage: rated by every partner, recently, not all alike."""

import pytest

from concordia.demo.design import demo_stage_and_glossary
from concordia.demo.services import demo_load
from concordia.design import selectors
from concordia.design.models import StageAssessment

pytestmark = pytest.mark.django_db


def test_demo_stage_is_rated_by_every_partner_recently_and_partners_differ() -> None:
    alliance, _logins = demo_load()
    demo_stage_and_glossary(alliance)
    count = StageAssessment.objects.count()
    demo_stage_and_glossary(alliance)
    assert StageAssessment.objects.count() == count  # loading twice changes nothing
    kim = alliance.memberships.get(role="key_alliance_manager").person
    overview = selectors.stage_overview(user=kim, alliance=alliance)
    assert overview.stage is not None
    assert overview.unrated == []
    assert not overview.stale
    assert len(overview.stage.partners) == alliance.partners.filter(status="active").count()
    assert overview.stage.differing  # the partners see some dimension differently
