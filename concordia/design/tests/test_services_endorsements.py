"""Design services, endorsing and withdrawing: each board member for their own partner, the current
version only, and every refusal leaves neither a change nor a journal entry."""

import inspect
import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone

from concordia.accounts.models import Person
from concordia.alliances.choices import Level, Role
from concordia.alliances.models import Partner
from concordia.core.errors import Conflict
from concordia.design import services
from concordia.design.models import Endorsement
from concordia.design.tests.state import design_state
from concordia.design.tests.support import (
    VALUES,
    draft,
    entries_after,
    fresh,
    last_seq,
    names,
    progress,
    sorted_partner_names,
)
from concordia.journal.models import JournalEntry
from concordia.journal.services import journal_verify
from concordia.testing.factories import PersonFactory, give_role

# Messages are matched in English (the default language is Dutch).
pytestmark = pytest.mark.usefixtures("english")


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
    assert refused.value.message == "This version is not the open proposal."
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
