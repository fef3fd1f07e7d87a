"""The demo alliance's building blocks: realistic, and loading twice changes nothing."""

import pytest

from concordia.blocks import selectors
from concordia.blocks.models import BlockSetting
from concordia.demo.blocks import demo_blocks
from concordia.demo.services import demo_load
from concordia.journal.models import JournalEntry

pytestmark = pytest.mark.django_db


def test_demo_blocks_are_idempotent_and_leave_one_gap() -> None:
    alliance, _logins = demo_load()
    demo_blocks(alliance)
    first = list(BlockSetting.objects.order_by("block").values_list("block", "status",
                                                                    "version"))
    journal = JournalEntry.objects.filter(alliance_id=alliance.pk).count()
    demo_blocks(alliance)
    assert list(BlockSetting.objects.order_by("block").values_list(
        "block", "status", "version")) == first
    assert JournalEntry.objects.filter(alliance_id=alliance.pk).count() == journal
    statuses = {block: status for block, status, _v in first}
    assert statuses == {
        "board": "in_place", "key_alliance_manager": "in_place", "line_managers": "in_place",
        "coordinator": "in_place", "agency": "in_place", "decision_model": "in_place",
        "meeting_structure": "in_place", "reporting": "in_place",
        "information_infrastructure": "in_place", "annual_plan": "in_place",
        "conference": "in_place", "annual_evaluation": "in_place",
        "learning_circle": "being_built", "alliance_map": "being_built",
        "soft_skills": "planned", "financing": "not_used"}
    assert BlockSetting.objects.filter(owner_partner__isnull=True,
                                       owner_person__isnull=True).count() == 0
    kim = alliance.memberships.get(role="key_alliance_manager").person
    coverage = selectors.coverage_get(user=kim, alliance=alliance)
    # The autonomous professional and the coaching manager are still undecided: P2 is the gap.
    assert [g.pillar.value for g in coverage.gaps] == ["playing_field"]
