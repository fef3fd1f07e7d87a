"""Design services: every write checks the policy, commitments are journaled in the same
transaction, and every refused write leaves neither a change nor a journal entry."""

import datetime as dt
import inspect
import threading
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation

from concordia.accounts.models import Person
from concordia.alliances.choices import Level, PartnerStatus, Role
from concordia.alliances.models import Alliance, Partner
from concordia.core.errors import Conflict, DomainError
from concordia.design import selectors, services
from concordia.design.choices import StatementKind
from concordia.design.models import (
    AllianceProfile,
    Endorsement,
    ExpectedResistance,
    GlossaryTerm,
    PartnerDefinition,
    PartnerInterest,
    StageAssessment,
    StatementVersion,
)
from concordia.design.stage_rules import QUESTION_KEYS
from concordia.journal.models import JournalEntry
from concordia.journal.services import journal_verify
from concordia.testing.factories import PersonFactory, give_role

OBJECTIVE = StatementKind.OBJECTIVE
VALUES = StatementKind.VALUES
PROFILE = {"rationales": ["efficiency", "innovation"], "origin": "opportunity",
           "joint_activities": 4, "centralisation": "high", "joint_work_weight": "low"}


@pytest.fixture(autouse=True)
def _english():
    """Messages are matched in English (the default language is Dutch)."""
    with translation.override("en"):
        yield


@pytest.fixture
def boards(world):
    """A board member for partner A and one for partner B (the world has none)."""
    board_a = PersonFactory(organisation=world.founder.organisation, full_name="Board A")
    give_role(world.partner_a, board_a, Role.BOARD_MEMBER, Level.STRATEGIC)
    board_b = PersonFactory(organisation=world.coordinator_b.organisation, full_name="Board B")
    give_role(world.partner_b, board_b, Role.BOARD_MEMBER, Level.STRATEGIC)
    return SimpleNamespace(a=board_a, b=board_b)


def fresh(person: Person) -> Person:
    """The person as a new request would load them (no cached roles)."""
    return Person.objects.get(pk=person.pk)


def last_seq(alliance: Alliance) -> int:
    return JournalEntry.objects.filter(alliance=alliance).order_by("-seq").values_list(
        "seq", flat=True).first() or 0


def entries_after(alliance: Alliance, seq: int) -> list[tuple[int, str, dict]]:
    return list(JournalEntry.objects.filter(alliance=alliance, seq__gt=seq).order_by("seq")
                .values_list("seq", "kind", "payload"))


def design_state() -> dict[str, Any]:
    """Everything the design services write, to prove a refusal changed nothing."""
    return {
        "profiles": list(AllianceProfile.objects.order_by("pk").values_list(
            "pk", "version", "rationales", "origin", "joint_activities", "centralisation",
            "joint_work_weight")),
        "interests": list(PartnerInterest.objects.order_by("pk").values_list(
            "pk", "own_interest", "shared_interest")),
        "resistances": list(ExpectedResistance.objects.order_by("pk").values_list(
            "pk", "partner_id", "source", "note", "mitigation")),
        "statements": list(StatementVersion.objects.order_by("pk").values_list(
            "pk", "kind", "number", "text")),
        "endorsements": list(Endorsement.objects.order_by("pk").values_list(
            "pk", "version_id", "partner_id", "withdrawn_at")),
        "stages": list(StageAssessment.objects.order_by("pk").values_list("pk", "overall")),
        "terms": list(GlossaryTerm.objects.order_by("pk").values_list(
            "pk", "term", "agreed_definition", "version")),
        "definitions": list(PartnerDefinition.objects.order_by("pk").values_list(
            "pk", "partner_id", "definition")),
        "journal": list(JournalEntry.objects.order_by("pk").values_list("pk", "kind")),
    }


def draft(world, text: str = "Serve citizens once.", *, kind: str = OBJECTIVE,
          based_on: int | None = None) -> StatementVersion:
    return services.statement_draft(actor=fresh(world.founder), alliance=world.alliance,
                                    kind=kind, text=text, based_on=based_on)


def answers(level: int = 2) -> dict[str, int]:
    return dict.fromkeys(QUESTION_KEYS, level)


def progress(world, kind: str = OBJECTIVE):
    current, result = selectors.endorsement_progress(user=fresh(world.founder),
                                                     alliance=world.alliance, kind=kind)
    return current, result


def names(partners) -> list[str]:
    return [p.name for p in partners]


def sorted_partner_names(world) -> list[str]:
    return sorted([world.partner_a.organisation.name, world.partner_b.organisation.name])


# --- statement_draft -----------------------------------------------------------------------


def test_drafts_are_numbered_one_two_three_and_journaled(world):
    seq = last_seq(world.alliance)

    first = services.statement_draft(actor=world.founder, alliance=world.alliance,
                                     kind=OBJECTIVE, text="  One  ", vision="Vision",
                                     mission="Mission", based_on=0)
    second = draft(world, "Two", based_on=1)
    third = draft(world, "Three", based_on=2)

    assert [v.number for v in (first, second, third)] == [1, 2, 3]
    assert (first.text, first.vision, first.mission) == ("One", "Vision", "Mission")
    assert entries_after(world.alliance, seq) == [
        (seq + 1, "ObjectiveDrafted", {"number": 1, "vision": "Vision", "mission": "Mission",
                                       "text": "One"}),
        (seq + 2, "ObjectiveDrafted", {"number": 2, "vision": "", "mission": "", "text": "Two"}),
        (seq + 3, "ObjectiveDrafted", {"number": 3, "vision": "", "mission": "",
                                       "text": "Three"}),
    ]
    subjects = list(JournalEntry.objects.filter(alliance=world.alliance, seq__gt=seq)
                    .order_by("seq").values_list("subject_type", "subject_id"))
    assert subjects == [("design.StatementVersion", str(v.pk)) for v in (first, second, third)]
    assert journal_verify(alliance_id=world.alliance.pk).intact is True


def test_values_are_numbered_apart_from_the_objective_and_journaled_as_values(world):
    draft(world, "Objective one", based_on=0)
    draft(world, "Objective two", based_on=1)
    seq = last_seq(world.alliance)

    values = draft(world, "We keep our promises.", kind=VALUES, based_on=0)

    assert (values.kind, values.number) == ("values", 1)
    assert entries_after(world.alliance, seq) == [
        (seq + 1, "ValuesDrafted", {"number": 1, "vision": "", "mission": "",
                                    "text": "We keep our promises."})]


def test_draft_and_its_journal_entry_share_one_transaction(world, monkeypatch):
    # given the journal fails while the version is being recorded
    def broken_journal(**kwargs):
        raise RuntimeError("journal down")

    monkeypatch.setattr(services, "journal_append", broken_journal)
    before = design_state()

    # when a version is drafted
    with pytest.raises(RuntimeError, match="journal down"):
        draft(world, based_on=0)

    # then the version is not there either
    assert design_state() == before
    assert StatementVersion.objects.count() == 0


def test_new_version_starts_without_endorsements_and_everyone_waits_again(world, boards):
    # given version 1 endorsed by both required partners
    first = draft(world, based_on=0)
    services.statement_endorse(actor=fresh(boards.a), version=first)
    services.statement_endorse(actor=fresh(boards.b), version=first)
    current, before = progress(world)
    assert (current.number, before.complete) == (1, True)
    assert names(before.waiting) == []

    # when a second version is drafted
    second = draft(world, "Serve citizens once, together.", based_on=1)

    # then it has no endorsements and the alliance waits for every required partner
    current, after = progress(world)
    assert current.pk == second.pk
    assert current.live_endorsements == []
    assert second.endorsements.count() == 0
    assert after.endorsed == ()
    assert names(after.waiting) == sorted_partner_names(world)
    assert names(after.required) == sorted_partner_names(world)
    assert after.complete is False
    # the endorsements of version 1 stay on version 1
    assert list(Endorsement.objects.filter(version=first).values_list(
        "partner_id", flat=True).order_by("partner_id")) == sorted(
        [world.partner_a.pk, world.partner_b.pk])


def test_stale_based_on_is_a_conflict_and_saves_nothing(world):
    # given two people both edited version 1, and the first saved version 2
    draft(world, "One", based_on=0)
    draft(world, "Two", based_on=1)
    before = design_state()

    # when the second saves on top of version 1
    with pytest.raises(Conflict) as refused:
        draft(world, "Also two", based_on=1)

    # then they are told to reload and nothing is saved
    assert refused.value.code == "stale"
    assert refused.value.message == ("A newer version was saved in the meantime. Reload and "
                                     "try again.")
    assert design_state() == before


def test_based_on_zero_when_a_version_exists_is_stale(world):
    draft(world, based_on=0)
    before = design_state()

    with pytest.raises(Conflict):
        draft(world, "Blind overwrite", based_on=0)

    assert design_state() == before


def test_empty_text_is_refused_on_the_text_field(world):
    before = design_state()

    with pytest.raises(DomainError) as refused:
        draft(world, "   \n ", based_on=0)

    assert (refused.value.field, refused.value.message) == ("text", "Write the text.")
    assert design_state() == before


# --- statement_endorse ---------------------------------------------------------------------


def test_board_member_endorses_for_their_own_partner_and_it_is_journaled(world, boards):
    version = draft(world, based_on=0)
    seq = last_seq(world.alliance)

    endorsement = services.statement_endorse(actor=fresh(boards.a), version=version)

    assert (endorsement.version_id, endorsement.partner_id, endorsement.endorsed_by_id,
            endorsement.withdrawn_at) == (version.pk, world.partner_a.pk, boards.a.pk, None)
    assert entries_after(world.alliance, seq) == [
        (seq + 1, "ObjectiveEndorsed",
         {"number": 1, "partner": world.partner_a.organisation.name})]
    assert JournalEntry.objects.get(alliance=world.alliance, seq=seq + 1).subject_id == str(
        endorsement.pk)
    _current, result = progress(world)
    assert names(result.endorsed) == [world.partner_a.organisation.name]
    assert names(result.waiting) == [world.partner_b.organisation.name]


def test_endorse_has_no_partner_parameter_at_all():
    assert list(inspect.signature(services.statement_endorse).parameters) == [
        "actor", "version"]
    assert list(inspect.signature(services.statement_withdraw).parameters) == [
        "actor", "version"]


def test_each_board_member_endorses_only_for_their_own_partner(world, boards):
    # given board members of partner A and partner B
    version = draft(world, based_on=0)

    # when both endorse
    services.statement_endorse(actor=fresh(boards.b), version=version)
    services.statement_endorse(actor=fresh(boards.a), version=version)

    # then each endorsement is recorded for the endorser's own partner, and nothing else
    assert sorted(Endorsement.objects.values_list("partner_id", "endorsed_by_id")) == sorted([
        (world.partner_a.pk, boards.a.pk), (world.partner_b.pk, boards.b.pk)])
    _current, result = progress(world)
    assert result.complete is True


def test_board_member_of_a_cannot_endorse_twice_to_cover_partner_b(world, boards):
    # given partner A has endorsed
    version = draft(world, based_on=0)
    services.statement_endorse(actor=fresh(boards.a), version=version)
    before = design_state()

    # when A's board member tries again (hoping to count for B)
    with pytest.raises(Conflict):
        services.statement_endorse(actor=fresh(boards.a), version=version)

    # then B is still awaited and nothing was added
    assert design_state() == before
    assert Endorsement.objects.filter(partner=world.partner_b).count() == 0
    _current, result = progress(world)
    assert names(result.waiting) == [world.partner_b.organisation.name]


@pytest.mark.parametrize("actor", [
    "founder", "coordinator_b", "professional_a", "observer_b", "reviewer"])
def test_only_board_members_endorse(world, actor):
    # given people with a live role but none of them a board member
    version = draft(world, based_on=0)
    before = design_state()

    with pytest.raises(PermissionDenied):
        services.statement_endorse(actor=fresh(getattr(world, actor)), version=version)

    assert design_state() == before


@pytest.mark.parametrize("actor", ["outsider", "stranger", "expired_reviewer", "removed"])
def test_people_without_a_live_role_cannot_endorse(world, actor):
    version = draft(world, based_on=0)
    before = design_state()

    with pytest.raises(PermissionDenied):
        services.statement_endorse(actor=fresh(getattr(world, actor)), version=version)

    assert design_state() == before


def test_board_member_of_another_alliance_cannot_endorse(world):
    # given a board member of alliance Z's own partner
    partner_z = Partner.objects.get(alliance=world.other_alliance)
    board_z = PersonFactory(organisation=world.outsider.organisation)
    give_role(partner_z, board_z, Role.BOARD_MEMBER, Level.STRATEGIC)
    version = draft(world, based_on=0)
    before = design_state()

    with pytest.raises(PermissionDenied):
        services.statement_endorse(actor=fresh(board_z), version=version)

    assert design_state() == before


def test_revoked_board_member_cannot_endorse(world, boards):
    version = draft(world, based_on=0)
    membership = boards.a.memberships.get(role=Role.BOARD_MEMBER)
    membership.revoked_at = timezone.now()
    membership.save(update_fields=["revoked_at"])
    before = design_state()

    with pytest.raises(PermissionDenied):
        services.statement_endorse(actor=fresh(boards.a), version=version)

    assert design_state() == before


def test_only_the_current_version_can_be_endorsed(world, boards):
    old = draft(world, "One", based_on=0)
    draft(world, "Two", based_on=1)
    before = design_state()

    with pytest.raises(Conflict) as refused:
        services.statement_endorse(actor=fresh(boards.a), version=old)

    assert refused.value.code == "not_current"
    assert refused.value.message == "A newer version exists; endorse that one."
    assert design_state() == before


def test_endorsing_twice_is_a_conflict_with_one_row_and_one_journal_entry(world, boards):
    version = draft(world, based_on=0)
    seq = last_seq(world.alliance)
    services.statement_endorse(actor=fresh(boards.a), version=version)

    with pytest.raises(Conflict) as refused:
        services.statement_endorse(actor=fresh(boards.a), version=version)

    assert refused.value.code == "duplicate"
    assert refused.value.message == "Your partner has already endorsed this version."
    assert Endorsement.objects.filter(version=version).count() == 1
    assert [kind for _seq, kind, _payload in entries_after(world.alliance, seq)] == [
        "ObjectiveEndorsed"]


def test_second_board_member_of_the_same_partner_is_a_duplicate(world, boards):
    # given partner A has two board members and one of them endorsed
    second_a = PersonFactory(organisation=world.founder.organisation)
    give_role(world.partner_a, second_a, Role.BOARD_MEMBER, Level.STRATEGIC)
    version = draft(world, based_on=0)
    services.statement_endorse(actor=fresh(boards.a), version=version)
    before = design_state()

    with pytest.raises(Conflict):
        services.statement_endorse(actor=fresh(second_a), version=version)

    assert design_state() == before


def test_values_endorsement_is_journaled_as_values(world, boards):
    version = draft(world, "Honesty", kind=VALUES, based_on=0)
    seq = last_seq(world.alliance)

    services.statement_endorse(actor=fresh(boards.b), version=version)

    assert entries_after(world.alliance, seq) == [
        (seq + 1, "ValuesEndorsed", {"number": 1, "partner": world.partner_b.organisation.name})]


# --- statement_withdraw --------------------------------------------------------------------


def test_withdraw_journals_keeps_the_row_and_lets_the_partner_endorse_again(world, boards):
    # given partner A endorsed version 1
    version = draft(world, based_on=0)
    first = services.statement_endorse(actor=fresh(boards.a), version=version)
    seq = last_seq(world.alliance)

    # when its board member withdraws
    withdrawn = services.statement_withdraw(actor=fresh(boards.a), version=version)

    # then the row stays, marked withdrawn, the journal says so and A is awaited again
    assert withdrawn.pk == first.pk
    first.refresh_from_db()
    assert first.withdrawn_at is not None
    assert first.withdrawn_by_id == boards.a.pk
    assert entries_after(world.alliance, seq) == [
        (seq + 1, "ObjectiveEndorsementWithdrawn",
         {"number": 1, "partner": world.partner_a.organisation.name})]
    _current, result = progress(world)
    assert names(result.waiting) == sorted_partner_names(world)

    # and the partner may endorse again
    again = services.statement_endorse(actor=fresh(boards.a), version=version)
    assert again.pk != first.pk
    assert Endorsement.objects.filter(version=version, partner=world.partner_a).count() == 2
    assert Endorsement.objects.filter(version=version, partner=world.partner_a,
                                      withdrawn_at__isnull=True).get().pk == again.pk
    assert [kind for _seq, kind, _payload in entries_after(world.alliance, seq)] == [
        "ObjectiveEndorsementWithdrawn", "ObjectiveEndorsed"]


def test_withdraw_without_an_endorsement_is_a_conflict(world, boards):
    version = draft(world, based_on=0)
    services.statement_endorse(actor=fresh(boards.b), version=version)
    before = design_state()

    with pytest.raises(Conflict) as refused:
        services.statement_withdraw(actor=fresh(boards.a), version=version)

    assert refused.value.code == "not_endorsed"
    assert design_state() == before


@pytest.mark.parametrize("actor", ["founder", "coordinator_b", "professional_a", "observer_b"])
def test_only_board_members_withdraw(world, boards, actor):
    version = draft(world, based_on=0)
    services.statement_endorse(actor=fresh(boards.a), version=version)
    services.statement_endorse(actor=fresh(boards.b), version=version)
    before = design_state()

    with pytest.raises(PermissionDenied):
        services.statement_withdraw(actor=fresh(getattr(world, actor)), version=version)

    assert design_state() == before


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="needs concurrent writers with row locks (PostgreSQL); SQLite "
                           "serialises writes, the sequential duplicate test runs everywhere")
def test_two_simultaneous_endorsements_for_one_partner_yield_one(world, boards):
    # given a second board member of partner A, and both press "endorse" at the same moment
    second_a = PersonFactory(organisation=world.founder.organisation)
    give_role(world.partner_a, second_a, Role.BOARD_MEMBER, Level.STRATEGIC)
    version = draft(world, based_on=0)
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def endorse(person: Person) -> None:
        try:
            actor = fresh(person)
            barrier.wait(timeout=10)
            outcomes.append(services.statement_endorse(actor=actor, version=version))
        except Exception as exc:  # the outcome is what the test inspects
            outcomes.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=endorse, args=(p,)) for p in (boards.a, second_a)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    # then exactly one endorsement is live and the other was told it is a duplicate
    created = [o for o in outcomes if isinstance(o, Endorsement)]
    conflicts = [o for o in outcomes if isinstance(o, Conflict)]
    assert (len(created), len(conflicts)) == (1, 1), outcomes
    assert Endorsement.objects.filter(version=version, partner=world.partner_a,
                                      withdrawn_at__isnull=True).count() == 1
    assert Endorsement.objects.filter(version=version).count() == 1
    assert JournalEntry.objects.filter(alliance=world.alliance,
                                       kind="ObjectiveEndorsed").count() == 1
    assert journal_verify(alliance_id=world.alliance.pk).intact is True


# --- profile_update ------------------------------------------------------------------------


def test_profile_versions_count_up_from_one(world):
    assert selectors.profile_get(user=world.founder, alliance=world.alliance).version == 0

    first = services.profile_update(actor=world.founder, alliance=world.alliance,
                                    expected_version=0, **PROFILE)
    second = services.profile_update(actor=fresh(world.coordinator_b), alliance=world.alliance,
                                     expected_version=1, **{**PROFILE, "origin": "imposed"})

    assert first.pk == second.pk
    stored = AllianceProfile.objects.get(alliance=world.alliance)
    assert (stored.version, stored.origin, stored.rationales, stored.joint_activities,
            stored.centralisation, stored.joint_work_weight, stored.updated_by_id) == (
        2, "imposed", ["efficiency", "innovation"], 4, "high", "low", world.coordinator_b.pk)


def test_stale_profile_edit_is_a_conflict_and_changes_nothing(world):
    # given two editors opened version 1 and the first saved
    services.profile_update(actor=world.founder, alliance=world.alliance, expected_version=0,
                            **PROFILE)
    services.profile_update(actor=world.founder, alliance=world.alliance, expected_version=1,
                            **{**PROFILE, "joint_activities": 7})
    before = design_state()

    # when the second saves on version 1
    with pytest.raises(Conflict) as refused:
        services.profile_update(actor=fresh(world.coordinator_b), alliance=world.alliance,
                                expected_version=1, **{**PROFILE, "joint_activities": 9})

    # then nothing is overwritten
    assert refused.value.code == "stale"
    assert design_state() == before
    assert AllianceProfile.objects.get(alliance=world.alliance).joint_activities == 7


def test_editing_a_profile_that_does_not_exist_yet_from_a_later_version_is_stale(world):
    before = design_state()

    with pytest.raises(Conflict):
        services.profile_update(actor=world.founder, alliance=world.alliance,
                                expected_version=3, **PROFILE)

    assert design_state() == before
    assert AllianceProfile.objects.count() == 0


def test_unknown_rationale_is_refused_on_the_rationales_field(world):
    before = design_state()

    with pytest.raises(DomainError) as refused:
        services.profile_update(actor=world.founder, alliance=world.alliance,
                                expected_version=0,
                                **{**PROFILE, "rationales": ["efficiency", "world_peace"]})

    assert (refused.value.field, refused.value.message) == ("rationales", "Unknown rationale.")
    assert design_state() == before


@pytest.mark.parametrize("count", [0, 1000])
def test_joint_activities_out_of_range_is_refused(world, count):
    before = design_state()

    with pytest.raises(DomainError) as refused:
        services.profile_update(actor=world.founder, alliance=world.alliance,
                                expected_version=0, **{**PROFILE, "joint_activities": count})

    assert refused.value.field == "joint_activities"
    assert design_state() == before


# --- partner_interest_set / resistance_set -------------------------------------------------


def test_interest_is_set_and_updated_for_a_partner(world):
    services.partner_interest_set(actor=world.founder, alliance=world.alliance,
                                  partner=world.partner_b, own_interest=" Fewer calls ",
                                  shared_interest="One register")
    services.partner_interest_set(actor=world.founder, alliance=world.alliance,
                                  partner=world.partner_b, own_interest="Fewer calls",
                                  shared_interest="One register, kept current")

    assert list(PartnerInterest.objects.values_list("partner_id", "own_interest",
                                                    "shared_interest")) == [
        (world.partner_b.pk, "Fewer calls", "One register, kept current")]


def test_resistance_is_recorded_once_per_source_and_updated(world):
    services.resistance_set(actor=world.founder, alliance=world.alliance,
                            partner=world.partner_a, source="autonomy_loss", note="Fear")
    services.resistance_set(actor=world.founder, alliance=world.alliance,
                            partner=world.partner_a, source="autonomy_loss", note="Fear",
                            mitigation=" Shared chair ")
    services.resistance_set(actor=world.founder, alliance=world.alliance,
                            partner=world.partner_a, source="imposed")

    assert sorted(ExpectedResistance.objects.values_list(
        "partner_id", "source", "note", "mitigation")) == [
        (world.partner_a.pk, "autonomy_loss", "Fear", "Shared chair"),
        (world.partner_a.pk, "imposed", "", "")]


def test_partner_of_another_alliance_is_refused(world):
    partner_z = Partner.objects.get(alliance=world.other_alliance)
    before = design_state()

    with pytest.raises(DomainError) as interest:
        services.partner_interest_set(actor=world.founder, alliance=world.alliance,
                                      partner=partner_z, own_interest="x", shared_interest="y")
    with pytest.raises(DomainError) as resistance:
        services.resistance_set(actor=world.founder, alliance=world.alliance,
                                partner=partner_z, source="imposed")

    assert (interest.value.field, resistance.value.field) == ("partner", "partner")
    assert interest.value.message == "Choose an active partner of this alliance."
    assert design_state() == before


def test_partner_that_left_is_refused(world):
    left = Partner.objects.get(alliance=world.alliance, status=PartnerStatus.LEFT)
    before = design_state()

    with pytest.raises(DomainError) as refused:
        services.partner_interest_set(actor=world.founder, alliance=world.alliance,
                                      partner=left, own_interest="x", shared_interest="y")

    assert refused.value.field == "partner"
    assert design_state() == before


def test_unknown_source_of_resistance_is_refused(world):
    before = design_state()

    with pytest.raises(DomainError) as refused:
        services.resistance_set(actor=world.founder, alliance=world.alliance,
                                partner=world.partner_a, source="weather")

    assert (refused.value.field, refused.value.message) == (
        "source", "Unknown source of resistance.")
    assert design_state() == before


def test_resistance_of_another_alliance_cannot_be_removed(world):
    partner_z = Partner.objects.get(alliance=world.other_alliance)
    foreign = ExpectedResistance.objects.create(partner=partner_z, source="imposed")
    before = design_state()

    with pytest.raises(PermissionDenied):
        services.resistance_remove(actor=world.founder, alliance=world.alliance,
                                   resistance=foreign)

    assert design_state() == before


def test_resistance_is_removed(world):
    resistance = services.resistance_set(actor=world.founder, alliance=world.alliance,
                                         partner=world.partner_a, source="imposed")

    services.resistance_remove(actor=world.founder, alliance=world.alliance,
                               resistance=resistance)

    assert ExpectedResistance.objects.count() == 0


# --- stage_assess --------------------------------------------------------------------------


def test_stage_assessment_is_stored_and_journaled_with_the_overall_stage(world):
    seq = last_seq(world.alliance)
    given = {**answers(2), "leadership": 1, "room": 1}

    assessment = services.stage_assess(actor=world.founder, alliance=world.alliance,
                                       assessed_on=dt.date(2024, 3, 1), answers=given,
                                       note=" First look ")

    expected_dimensions = {"cultural": "opportunistic", "relational": "procedural",
                           "procedural": "procedural", "content": "procedural"}
    assert (assessment.overall, assessment.dimension_stages, assessment.answers,
            assessment.note, assessment.assessed_by_id) == (
        "procedural", expected_dimensions, given, "First look", world.founder.pk)
    assert entries_after(world.alliance, seq) == [
        (seq + 1, "StageAssessed", {"assessed_on": "2024-03-01", "overall": "procedural",
                                    "dimensions": expected_dimensions})]


def test_assessment_today_is_accepted_and_tomorrow_refused(world):
    today = timezone.localdate()
    services.stage_assess(actor=world.founder, alliance=world.alliance, assessed_on=today,
                          answers=answers(3))
    before = design_state()

    with pytest.raises(DomainError) as refused:
        services.stage_assess(actor=world.founder, alliance=world.alliance,
                              assessed_on=today + dt.timedelta(days=1), answers=answers(3))

    assert (refused.value.field, refused.value.message) == (
        "assessed_on", "The date lies in the future.")
    assert design_state() == before


@pytest.mark.parametrize("bad", [
    {k: 2 for k in QUESTION_KEYS if k != "trust"},
    {**dict.fromkeys(QUESTION_KEYS, 2), "trust": 4},
    {},
])
def test_incomplete_or_invalid_answers_are_refused(world, bad):
    before = design_state()

    with pytest.raises(DomainError) as refused:
        services.stage_assess(actor=world.founder, alliance=world.alliance,
                              assessed_on=dt.date(2024, 1, 1), answers=bad)

    assert refused.value.field == "answers"
    assert design_state() == before


# --- glossary ------------------------------------------------------------------------------


def test_term_is_added_with_whitespace_collapsed(world):
    term = services.glossary_term_add(actor=world.founder, alliance=world.alliance,
                                      term="  income   register ")

    assert (term.term, term.version, term.agreed_definition) == ("income register", 1, "")


@pytest.mark.parametrize("spelling", ["Income Register", "INCOME REGISTER", " income  register"])
def test_duplicate_term_in_any_case_is_a_conflict(world, spelling):
    services.glossary_term_add(actor=world.founder, alliance=world.alliance,
                               term="income register")
    before = design_state()

    with pytest.raises(Conflict) as refused:
        services.glossary_term_add(actor=fresh(world.coordinator_b), alliance=world.alliance,
                                   term=spelling)

    assert (refused.value.field, refused.value.message) == (
        "term", "This term is in the glossary already.")
    assert design_state() == before


def test_the_same_term_may_exist_in_another_alliance(world):
    services.glossary_term_add(actor=world.founder, alliance=world.alliance, term="Wage")

    other = services.glossary_term_add(actor=world.outsider, alliance=world.other_alliance,
                                       term="wage")

    assert other.alliance_id == world.other_alliance.pk
    assert GlossaryTerm.objects.count() == 2


def test_blank_term_is_refused(world):
    with pytest.raises(DomainError) as refused:
        services.glossary_term_add(actor=world.founder, alliance=world.alliance, term="   ")

    assert refused.value.field == "term"
    assert GlossaryTerm.objects.count() == 0


@pytest.fixture
def term(world) -> GlossaryTerm:
    return services.glossary_term_add(actor=world.founder, alliance=world.alliance,
                                      term="Income")


@pytest.mark.parametrize(("actor", "partner"), [
    ("founder", "partner_a"), ("professional_a", "partner_a"), ("coordinator_b", "partner_b")])
def test_definition_is_written_for_the_actors_own_partner(world, term, actor, partner):
    person = fresh(getattr(world, actor))

    definition = services.partner_definition_set(actor=person, term=term,
                                                 definition=" Gross wage ")

    assert (definition.partner_id, definition.definition, definition.updated_by_id) == (
        getattr(world, partner).pk, "Gross wage", person.pk)


def test_partner_definition_is_updated_in_place(world, term):
    services.partner_definition_set(actor=world.founder, term=term, definition="First")
    services.partner_definition_set(actor=fresh(world.professional_a), term=term,
                                    definition="Second")
    services.partner_definition_set(actor=fresh(world.coordinator_b), term=term,
                                    definition="B's")

    assert sorted(PartnerDefinition.objects.values_list("partner_id", "definition")) == sorted([
        (world.partner_a.pk, "Second"), (world.partner_b.pk, "B's")])


@pytest.mark.parametrize("actor", ["observer_b", "reviewer", "outsider", "expired_reviewer"])
def test_read_only_and_outside_people_cannot_define(world, term, actor):
    before = design_state()

    with pytest.raises(PermissionDenied):
        services.partner_definition_set(actor=fresh(getattr(world, actor)), term=term,
                                        definition="Ours")

    assert design_state() == before


def test_blank_definition_is_refused(world, term):
    with pytest.raises(DomainError) as refused:
        services.partner_definition_set(actor=world.founder, term=term, definition="  ")

    assert refused.value.field == "definition"
    assert PartnerDefinition.objects.count() == 0


def test_agreeing_a_definition_journals_and_counts_the_version_up(world, term):
    seq = last_seq(world.alliance)

    agreed = services.glossary_term_agree(actor=world.founder, term=term,
                                          definition=" Wage before tax ", expected_version=1)

    assert (agreed.agreed_definition, agreed.version) == ("Wage before tax", 2)
    assert agreed.agreed_at is not None
    assert entries_after(world.alliance, seq) == [
        (seq + 1, "TermAgreed", {"term": "Income", "definition": "Wage before tax"})]
    assert JournalEntry.objects.get(alliance=world.alliance, seq=seq + 1).subject_id == str(
        term.pk)


def test_stale_agreement_is_a_conflict_and_changes_nothing(world, term):
    services.glossary_term_agree(actor=world.founder, term=term, definition="First",
                                 expected_version=1)
    before = design_state()

    with pytest.raises(Conflict) as refused:
        services.glossary_term_agree(actor=fresh(world.coordinator_b), term=term,
                                     definition="Second", expected_version=1)

    assert refused.value.code == "stale"
    assert design_state() == before
    assert GlossaryTerm.objects.get(pk=term.pk).agreed_definition == "First"


def test_blank_agreed_definition_is_refused(world, term):
    before = design_state()

    with pytest.raises(DomainError) as refused:
        services.glossary_term_agree(actor=world.founder, term=term, definition=" ",
                                     expected_version=1)

    assert refused.value.field == "agreed_definition"
    assert design_state() == before


# --- non-editors ---------------------------------------------------------------------------

EDITOR_ONLY = {
    "profile_update": lambda w, p: services.profile_update(
        actor=p, alliance=w.alliance, expected_version=0, **PROFILE),
    "statement_draft": lambda w, p: services.statement_draft(
        actor=p, alliance=w.alliance, kind=OBJECTIVE, text="Mine", based_on=0),
    "stage_assess": lambda w, p: services.stage_assess(
        actor=p, alliance=w.alliance, assessed_on=dt.date(2024, 1, 1), answers=answers(2)),
    "glossary_term_add": lambda w, p: services.glossary_term_add(
        actor=p, alliance=w.alliance, term="Mine"),
    "glossary_term_agree": lambda w, p: services.glossary_term_agree(
        actor=p, term=GlossaryTerm.objects.get(alliance=w.alliance, term="Income"),
        definition="Mine",
        expected_version=1),
}
# A partner's own interest and resistance are its own words: test_partner_words.py.


@pytest.mark.parametrize("write", list(EDITOR_ONLY))
@pytest.mark.parametrize("actor", ["professional_a", "observer_b", "reviewer", "outsider"])
def test_non_editors_are_refused_and_nothing_changes(world, term, write, actor):
    # given a term in the glossary and someone who may read but not steer the design
    before = design_state()

    with pytest.raises(PermissionDenied):
        EDITOR_ONLY[write](world, fresh(getattr(world, actor)))

    assert design_state() == before


def test_coordinator_of_another_partner_may_edit_the_design(world, term):
    """The alliance coordinators steer the design together with the key alliance manager."""
    coordinator = fresh(world.coordinator_b)

    for write in EDITOR_ONLY.values():
        write(world, coordinator)

    assert AllianceProfile.objects.get(alliance=world.alliance).updated_by_id == coordinator.pk
    assert StatementVersion.objects.get(alliance=world.alliance).created_by_id == coordinator.pk
    assert GlossaryTerm.objects.filter(alliance=world.alliance).count() == 2


def test_the_database_refuses_a_term_that_differs_only_in_case(world):
    # the service checks case-insensitively; the constraint holds under concurrent adds too


    GlossaryTerm.objects.create(alliance=world.alliance, term="income")
    with pytest.raises(IntegrityError), transaction.atomic():
        GlossaryTerm.objects.create(alliance=world.alliance, term="Income")
    assert GlossaryTerm.objects.filter(alliance=world.alliance).count() == 1
