"""Writes on building blocks and the contribution matrix: permission, ownership, versions, and
the journal in the same transaction."""

import threading
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.urls import reverse

from concordia.accounts.models import Person
from concordia.alliances.choices import Role
from concordia.alliances.models import Membership, Partner
from concordia.blocks import services
from concordia.blocks.models import BlockSetting, ContributionAdjustment
from concordia.core.errors import Conflict, DomainError
from concordia.journal.models import JournalEntry
from concordia.journal.services import journal_append, journal_verify
from concordia.testing.factories import PersonFactory, give_role

pytestmark = pytest.mark.django_db


def entries(alliance, kind=None):
    qs = JournalEntry.objects.filter(alliance_id=alliance.pk).order_by("seq")
    return list(qs.filter(kind=kind) if kind else qs)


def state():
    return (list(BlockSetting.objects.order_by("pk").values_list(
                "pk", "block", "status", "owner_partner_id", "owner_person_id", "description",
                "evidence_url", "version")),
            list(ContributionAdjustment.objects.order_by("pk").values_list(
                "pk", "block", "pillar", "strength", "reason")),
            list(JournalEntry.objects.order_by("pk").values_list("pk", "hash")))


def set_block(world, actor=None, **kwargs):
    values = {"block": "board", "status": "in_place", "expected_version": 0}
    values.update(kwargs)
    return services.block_setting_set(actor=actor or world.founder, alliance=world.alliance,
                                      **values)


# --- building blocks --------------------------------------------------------------------------


def test_setting_a_block_saves_it_and_journals_the_decision(world) -> None:
    setting = set_block(world, owner_partner=world.partner_b, description=" Quarterly. ",
                        evidence_url="https://example.org/covenant")
    setting.refresh_from_db()
    assert (setting.block, setting.status, setting.owner_partner_id, setting.owner_person_id,
            setting.description, setting.evidence_url, setting.version) == (
        "board", "in_place", world.partner_b.pk, None, "Quarterly.",
        "https://example.org/covenant", 1)
    [entry] = entries(world.alliance, "BuildingBlockSet")
    assert entry.payload == {"block": "board", "status": "in_place",
                             "owner": {"type": "partner", "id": world.partner_b.pk,
                                       "name": world.partner_b.organisation.name}}
    assert (entry.actor_id, entry.subject_type, entry.subject_id) == (
        world.founder.pk, "blocks.BlockSetting", str(setting.pk))


def test_entries_recorded_before_the_move_to_blocks_keep_their_label_and_verify(world, client
                                                                           ) -> None:
    """Entries written while the blocks lived in the design app name "design.BlockSetting";
    the hash covers that text, so it stays, and the chain goes on with the new label."""
    setting = set_block(world)
    last = entries(world.alliance)[-1]
    # The entry as the design app appended it: the same append, under the old model label.
    as_design_labelled_it = SimpleNamespace(_meta=SimpleNamespace(label="design.BlockSetting"),
                                            pk=setting.pk)
    with transaction.atomic():
        journal_append(alliance=world.alliance, actor=world.founder, kind="BuildingBlockSet",
                       subject=as_design_labelled_it,
                       payload={"block": "board", "status": "planned", "owner": None})
    set_block(world, status="being_built", expected_version=1)
    assert [e.subject_type for e in entries(world.alliance, "BuildingBlockSet")] == [
        "blocks.BlockSetting", "design.BlockSetting", "blocks.BlockSetting"]
    report = journal_verify(alliance_id=world.alliance.pk)
    assert (report.intact, report.entries) == (True, last.seq + 2)
    client.force_login(world.founder)
    page = client.get(reverse("journal_list", kwargs={"pk": world.alliance.pk}))
    assert page.status_code == 200


def test_a_coordinator_may_set_a_block_with_a_person_as_owner(world) -> None:
    setting = set_block(world, actor=world.coordinator_b, block="learning_circle",
                        status="being_built", owner_person=world.professional_a)
    assert (setting.owner_person_id, setting.version) == (world.professional_a.pk, 1)
    [entry] = entries(world.alliance, "BuildingBlockSet")
    assert entry.payload["owner"] == {"type": "person", "id": world.professional_a.pk,
                                      "name": "Professional A"}


def test_a_new_status_bumps_the_version_and_journals_again(world) -> None:
    set_block(world, status="planned")
    setting = set_block(world, status="in_place", expected_version=1)
    assert setting.version == 2
    assert [e.payload["status"] for e in entries(world.alliance, "BuildingBlockSet")] == [
        "planned", "in_place"]


def test_wording_alone_is_saved_but_not_journaled(world) -> None:
    set_block(world)
    setting = set_block(world, expected_version=1, description="Now in person, always.")
    assert (setting.version, setting.description) == (2, "Now in person, always.")
    assert len(entries(world.alliance, "BuildingBlockSet")) == 1


def test_a_stale_edit_is_refused_and_changes_nothing(world) -> None:
    set_block(world, status="planned")
    set_block(world, actor=world.coordinator_b, status="being_built", expected_version=1)
    before = state()
    with pytest.raises(Conflict) as refused:
        set_block(world, status="not_used", expected_version=1)  # saw version 1, now 2
    assert refused.value.code == "stale"
    assert state() == before
    assert BlockSetting.objects.get(alliance=world.alliance, block="board").status == \
        "being_built"


def test_a_first_save_with_a_version_is_stale(world) -> None:
    with pytest.raises(Conflict):
        set_block(world, expected_version=3)
    assert BlockSetting.objects.count() == 0


@pytest.mark.parametrize("actor", ["professional_a", "observer_b", "reviewer"])
def test_only_the_key_alliance_manager_and_coordinators_edit(world, actor) -> None:
    before = state()
    with pytest.raises(PermissionDenied):
        set_block(world, actor=getattr(world, actor))
    assert state() == before


def test_an_owner_from_another_alliance_is_refused(world) -> None:
    other_partner = Partner.objects.get(alliance=world.other_alliance)
    before = state()
    with pytest.raises(DomainError) as partner_refused:
        set_block(world, owner_partner=other_partner)
    with pytest.raises(DomainError) as person_refused:
        set_block(world, owner_person=world.outsider)
    assert (partner_refused.value.field, person_refused.value.field) == ("owner", "owner")
    assert state() == before


def test_an_owner_who_left_or_whose_role_ended_is_refused(world) -> None:
    left = Partner.objects.get(alliance=world.alliance, organisation=world.removed.organisation)
    for owner in ({"owner_partner": left}, {"owner_person": world.removed},
                  {"owner_person": world.expired_reviewer}, {"owner_person": world.stranger}):
        with pytest.raises(DomainError) as refused:
            set_block(world, **owner)
        assert refused.value.field == "owner"
    assert BlockSetting.objects.count() == 0


def test_a_block_has_one_owner_not_two(world) -> None:
    with pytest.raises(DomainError) as refused:
        set_block(world, owner_partner=world.partner_a, owner_person=world.founder)
    assert refused.value.field == "owner"
    assert BlockSetting.objects.count() == 0


@pytest.mark.parametrize(("field", "value"), [
    ("block", "secret_block"), ("status", "abandoned"), ("evidence_url", "javascript:alert(1)"),
    ("evidence_url", "not a link"), ("description", "x" * 4001)])
def test_invalid_input_is_refused_on_its_field(world, field, value) -> None:
    with pytest.raises(DomainError) as refused:
        set_block(world, **{field: value})
    assert refused.value.field == field
    assert BlockSetting.objects.count() == 0


def test_a_failing_journal_leaves_no_setting(world, monkeypatch) -> None:
    before = state()

    def broken(**kwargs):
        raise RuntimeError("journal unavailable")

    monkeypatch.setattr(services, "journal_append", broken)
    with pytest.raises(RuntimeError):
        set_block(world)
    assert state() == before


# --- the contribution matrix ------------------------------------------------------------------


def adjust(world, actor=None, **kwargs):
    values = {"block": "board", "pillar": "mindset", "strength": "secondary",
              "reason": "Our directors delegate this to the tactical table."}
    values.update(kwargs)
    return services.contribution_adjust(actor=actor or world.founder, alliance=world.alliance,
                                        **values)


def test_adjusting_a_cell_records_it_and_journals_old_and_new(world) -> None:
    adjustment = adjust(world, expected_strength="dominant")
    assert (adjustment.block, adjustment.pillar, adjustment.strength, adjustment.reason,
            adjustment.changed_by_id) == ("board", "mindset", "secondary",
                                          "Our directors delegate this to the tactical table.",
                                          world.founder.pk)
    [entry] = entries(world.alliance, "ContributionAdjusted")
    assert entry.payload == {"block": "board", "pillar": "mindset", "old": "dominant",
                             "new": "secondary",
                             "reason": "Our directors delegate this to the tactical table."}


def test_a_second_adjustment_starts_from_the_first(world) -> None:
    adjust(world)
    adjust(world, strength="none", reason="Not at all, in our case.")
    assert ContributionAdjustment.objects.get().strength == "none"
    assert [(e.payload["old"], e.payload["new"])
            for e in entries(world.alliance, "ContributionAdjusted")] == [
        ("dominant", "secondary"), ("secondary", "none")]


def test_adjusting_back_to_the_default_removes_the_adjustment(world) -> None:
    adjust(world)
    assert adjust(world, strength="dominant", reason="Back as in the model.") is None
    assert ContributionAdjustment.objects.count() == 0
    assert [(e.payload["old"], e.payload["new"])
            for e in entries(world.alliance, "ContributionAdjusted")] == [
        ("dominant", "secondary"), ("secondary", "dominant")]


def test_an_adjustment_needs_a_reason_and_a_change(world) -> None:
    before = state()
    with pytest.raises(DomainError) as no_reason:
        adjust(world, reason="   ")
    with pytest.raises(DomainError) as no_change:
        adjust(world, strength="dominant")
    with pytest.raises(DomainError) as bad_strength:
        adjust(world, strength="huge")
    with pytest.raises(DomainError) as bad_pillar:
        adjust(world, pillar="happiness")
    assert [e.value.field for e in (no_reason, no_change, bad_strength, bad_pillar)] == [
        "reason", "strength", "strength", "pillar"]
    assert state() == before


def test_a_cell_changed_in_between_is_a_conflict(world) -> None:
    adjust(world, actor=world.coordinator_b)
    before = state()
    with pytest.raises(Conflict):
        adjust(world, strength="none", expected_strength="dominant")  # saw the default
    assert state() == before


def test_resetting_returns_to_the_default_and_is_journaled(world) -> None:
    adjust(world, pillar="trust", strength="dominant", reason="Directors build trust here.")
    assert services.contribution_reset(actor=world.coordinator_b, alliance=world.alliance,
                                       block="board", pillar="trust", reason="Agreed again.")
    assert ContributionAdjustment.objects.count() == 0
    [entry] = entries(world.alliance, "ContributionReset")
    assert entry.payload == {"block": "board", "pillar": "trust", "old": "dominant",
                             "new": "none", "reason": "Agreed again."}
    assert entry.actor_id == world.coordinator_b.pk


def test_resetting_a_default_cell_records_nothing(world) -> None:
    before = state()
    assert services.contribution_reset(actor=world.founder, alliance=world.alliance,
                                       block="board", pillar="trust") is False
    assert state() == before


@pytest.mark.parametrize("actor", ["professional_a", "observer_b", "reviewer"])
def test_only_editors_change_the_matrix(world, actor) -> None:
    adjust(world)
    before = state()
    with pytest.raises(PermissionDenied):
        adjust(world, actor=getattr(world, actor), strength="none")
    with pytest.raises(PermissionDenied):
        services.contribution_reset(actor=getattr(world, actor), alliance=world.alliance,
                                    block="board", pillar="mindset")
    assert state() == before


def test_a_failing_journal_leaves_no_adjustment(world, monkeypatch) -> None:
    before = state()

    def broken(**kwargs):
        raise RuntimeError("journal unavailable")

    monkeypatch.setattr(services, "journal_append", broken)
    with pytest.raises(RuntimeError):
        adjust(world)
    assert state() == before


def test_a_new_person_with_a_role_may_own_a_block(world) -> None:
    newcomer = PersonFactory(organisation=world.coordinator_b.organisation)
    give_role(world.partner_b, newcomer, Role.LINE_MANAGER)
    setting = set_block(world, owner_person=newcomer)
    assert setting.owner_person_id == newcomer.pk
    Membership.objects.filter(person=newcomer).update(revoked_at="2024-01-01T00:00:00Z")
    with pytest.raises(DomainError):
        set_block(world, owner_person=newcomer, expected_version=1)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="needs concurrent writers with row locks (PostgreSQL); SQLite "
                           "serialises writes, the sequential stale-edit tests run everywhere")
@pytest.mark.parametrize("existing", [False, True])
def test_two_simultaneous_edits_of_one_block_yield_one(world, existing) -> None:
    # given two editors who both saw the same version, and press "save" at the same moment
    if existing:
        set_block(world, status="planned")
    seen = 1 if existing else 0
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def save(person_pk: int, status: str) -> None:
        try:
            actor = Person.objects.get(pk=person_pk)
            barrier.wait(timeout=10)
            outcomes.append(services.block_setting_set(
                actor=actor, alliance=world.alliance, block="board", status=status,
                expected_version=seen))
        except Exception as exc:  # the outcome is what the test inspects
            outcomes.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=args) for args in (
        (world.founder.pk, "in_place"), (world.coordinator_b.pk, "not_used"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    # then one save won, the other was told it is stale: nothing was silently overwritten
    saved = [o for o in outcomes if isinstance(o, BlockSetting)]
    stale = [o for o in outcomes if isinstance(o, Conflict)]
    assert (len(saved), len(stale)) == (1, 1), outcomes
    stored = BlockSetting.objects.get(alliance=world.alliance, block="board")
    assert (stored.status, stored.version) == (saved[0].status, seen + 1)
    assert [e.payload["status"] for e in entries(world.alliance, "BuildingBlockSet")] == (
        ["planned", stored.status] if existing else [stored.status])
    assert journal_verify(alliance_id=world.alliance.pk).intact is True
