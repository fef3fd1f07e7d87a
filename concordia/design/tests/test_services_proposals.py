"""Design services, in force and proposed: a proposal never unseats the version in force until
every required partner endorsed it; partners object (with a reason) or comment; the key
alliance manager withdraws a proposal. Every refusal changes nothing."""

import pytest
from django.core.exceptions import PermissionDenied

from concordia.core.errors import Conflict, DomainError
from concordia.design import selectors, services
from concordia.design.choices import RemarkKind
from concordia.design.models import VersionRemark
from concordia.design.tests.state import design_state
from concordia.design.tests.support import draft, entries_after, fresh, last_seq
from concordia.notifications.models import Notification

pytestmark = pytest.mark.usefixtures("english")


def state(world):
    return selectors.statement_state(user=fresh(world.founder), alliance=world.alliance,
                                     kind="objective")


@pytest.fixture
def in_force(world, boards):
    """Version 1 endorsed by both required partners: in force."""
    version = draft(world, "One", based_on=0)
    for board in (boards.a, boards.b):
        services.statement_endorse(actor=fresh(board), version=version)
    return version


def test_a_proposal_leaves_the_version_in_force_until_the_last_endorsement(world, boards,
                                                                          in_force):
    proposal = draft(world, "Two", based_on=1)
    assert (state(world).in_force.number, state(world).proposal.number) == (1, 2)

    services.statement_endorse(actor=fresh(boards.a), version=proposal)
    assert state(world).in_force.number == 1

    services.statement_endorse(actor=fresh(boards.b), version=proposal)
    now = state(world)
    assert (now.in_force.number, now.proposal) == (2, None)
    assert now.status(in_force) == "superseded"


def test_an_objection_needs_a_reason_does_not_endorse_and_is_journaled(world, boards, in_force):
    proposal = draft(world, "Two", based_on=1)
    with pytest.raises(DomainError) as refused:
        services.statement_remark(actor=fresh(boards.b), version=proposal,
                                  kind=RemarkKind.OBJECTION, text="  ")
    assert refused.value.field == "text"
    seq = last_seq(world.alliance)

    remark = services.statement_remark(actor=fresh(boards.b), version=proposal,
                                       kind=RemarkKind.OBJECTION, text=" Too fast ")

    assert (remark.partner_id, remark.text) == (world.partner_b.pk, "Too fast")
    now = state(world)
    assert (now.in_force.number, now.objections, now.progress.endorsed) == (1, 1, ())
    assert entries_after(world.alliance, seq) == [
        (seq + 1, "ObjectiveObjection", {"number": 2, "partner": world.partner_b.organisation.name,
                                         "text": "Too fast"})]


def test_a_partner_that_endorsed_withdraws_before_objecting(world, boards):
    proposal = draft(world, "One", based_on=0)
    services.statement_endorse(actor=fresh(boards.a), version=proposal)
    before = design_state()

    with pytest.raises(Conflict) as refused:
        services.statement_remark(actor=fresh(boards.a), version=proposal,
                                  kind=RemarkKind.OBJECTION, text="No")

    assert refused.value.code == "endorsed"
    assert design_state() == before
    services.statement_remark(actor=fresh(boards.a), version=proposal,
                              kind=RemarkKind.COMMENT, text="Fine, one remark")
    assert VersionRemark.objects.get().kind == "comment"


@pytest.mark.parametrize("actor", ["founder", "coordinator_b", "professional_a", "observer_b",
                                   "reviewer", "outsider"])
def test_only_a_partners_board_member_objects_or_comments(world, actor):
    proposal = draft(world, "One", based_on=0)
    before = design_state()

    with pytest.raises(PermissionDenied):
        services.statement_remark(actor=fresh(getattr(world, actor)), version=proposal,
                                  kind=RemarkKind.COMMENT, text="Mine")

    assert design_state() == before


def test_remarks_on_a_version_that_is_no_proposal_are_refused(world, boards, in_force):
    before = design_state()

    with pytest.raises(Conflict):
        services.statement_remark(actor=fresh(boards.a), version=in_force,
                                  kind=RemarkKind.COMMENT, text="Late")
    with pytest.raises(Conflict):
        services.statement_withdraw(actor=fresh(boards.a), version=in_force)

    assert design_state() == before


def test_the_key_alliance_manager_withdraws_a_proposal_and_the_version_in_force_stays(
        world, boards, in_force):
    proposal = draft(world, "Two", based_on=1)
    seq = last_seq(world.alliance)

    services.proposal_withdraw(actor=fresh(world.founder), version=proposal)

    now = state(world)
    assert (now.in_force.number, now.proposal, now.status(proposal)) == (1, None, "withdrawn")
    assert entries_after(world.alliance, seq) == [
        (seq + 1, "ObjectiveProposalWithdrawn", {"number": 2})]
    with pytest.raises(Conflict):
        services.statement_endorse(actor=fresh(boards.a), version=proposal)


@pytest.mark.parametrize("actor", ["coordinator_b", "professional_a", "reviewer"])
def test_only_the_key_alliance_manager_withdraws_a_proposal(world, actor):
    proposal = draft(world, "One", based_on=0)
    before = design_state()

    with pytest.raises(PermissionDenied):
        services.proposal_withdraw(actor=fresh(getattr(world, actor)), version=proposal)

    assert design_state() == before


def test_board_members_are_told_of_a_new_proposal(world, boards, in_force):
    proposal = draft(world, "Two", based_on=1)

    told = set(Notification.objects.filter(kind="endorsement_waiting",
                                           key__startswith=f"endorsement:{proposal.pk}:")
               .values_list("person_id", flat=True))
    assert told == {boards.a.pk, boards.b.pk}
