"""One lock order: pairs of DIFFERENT journaled services, run at the same moment in threads with
their own database connections, many times. None may deadlock (no exception but a clean refusal
by a rule), none may lose the other's write, and the journal chain stays intact.

PostgreSQL only: SQLite serialises every writer on the whole database, so nothing interleaves
there (its sequential behaviour is covered by each service's own tests)."""


import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection

from concordia.accounts.models import Person
from concordia.alliances import services as alliance_services
from concordia.alliances.choices import Level, PartnerStatus, Role
from concordia.alliances.models import Membership, Partner
from concordia.blocks import services as blocks_services
from concordia.blocks.models import BlockSetting, ContributionAdjustment
from concordia.core.errors import DomainError
from concordia.design import services
from concordia.design.choices import StatementKind
from concordia.design.models import Endorsement
from concordia.handbook.catalogue import Block, Pillar
from concordia.journal.models import JournalEntry
from concordia.journal.services import journal_verify
from concordia.testing.concurrency import run_pair
from concordia.testing.factories import PersonFactory, give_role, join

ROUNDS = 25

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="needs concurrent writers with row locks (PostgreSQL)"),
]

def fresh(person: Person) -> Person:
    """A person object of this thread's own: no roles cached from another thread."""
    return Person.objects.get(pk=person.pk)


def entries(alliance_id: int) -> int:
    return JournalEntry.objects.filter(alliance_id=alliance_id).count()


def new_partner(world) -> tuple[Partner, Person]:
    """A fresh active partner of alliance A; its administrator is its coordinator."""
    admin = PersonFactory(is_organisation_admin=True)
    return join(world.alliance, world.founder, admin), admin


def test_partner_leave_against_statement_endorse(world) -> None:
    # given the current objective, and each round a partner whose board member endorses it at
    # the very moment its coordinator makes the partner leave
    version = services.statement_draft(actor=world.founder, alliance=world.alliance,
                                       kind=StatementKind.OBJECTIVE, text="Data for tax")
    for _round in range(ROUNDS):
        partner, coordinator = new_partner(world)
        board = PersonFactory(organisation=coordinator.organisation)
        give_role(partner, board, Role.BOARD_MEMBER, Level.STRATEGIC)
        before = entries(world.alliance.pk)

        left, endorsed = run_pair(
            lambda p=partner, c=coordinator: alliance_services.partner_leave(actor=fresh(c),
                                                                            partner=p),
            lambda b=board: services.statement_endorse(actor=fresh(b), version=version))

        # then the partner left, and the endorsement either came first or was refused cleanly
        # because the board member no longer had a role: never a deadlock, never half of it
        assert isinstance(left, Partner), left
        assert isinstance(endorsed, Endorsement | PermissionDenied), endorsed
        partner.refresh_from_db()
        assert partner.status == PartnerStatus.LEFT
        live = Endorsement.objects.filter(version=version, partner=partner)
        if isinstance(endorsed, Endorsement):
            assert list(live.values_list("pk", flat=True)) == [endorsed.pk]
            assert entries(world.alliance.pk) == before + 2
        else:
            assert not live.exists()
            assert entries(world.alliance.pk) == before + 1
    assert journal_verify(alliance_id=world.alliance.pk).intact is True


def test_membership_revoke_against_invitation_accept(world) -> None:
    # given each round a partner's coordinator who revokes one of its professionals at the very
    # moment a person they invited accepts the invitation
    for round_number in range(ROUNDS):
        partner, coordinator = new_partner(world)
        professional = PersonFactory(organisation=coordinator.organisation)
        membership = give_role(partner, professional, Role.PROFESSIONAL)
        email = f"newcomer{round_number}@example.org"
        _invitation, raw = alliance_services.invitation_create(
            actor=coordinator, partner=partner, email=email, role=Role.LINE_MANAGER,
            level=Level.TACTICAL, notify=False)
        newcomer = PersonFactory(email=email, organisation=None)
        before = entries(world.alliance.pk)

        revoked, accepted = run_pair(
            lambda c=coordinator, m=membership: alliance_services.membership_revoke(
                actor=fresh(c), membership=m),
            lambda n=newcomer, r=raw: alliance_services.invitation_accept(actor=fresh(n),
                                                                        raw_token=r))

        # then both happened (or the acceptance was refused by a rule), each journaled once
        assert isinstance(revoked, Membership), revoked
        assert isinstance(accepted, Membership | DomainError), accepted
        membership.refresh_from_db()
        assert membership.revoked_at is not None
        granted = Membership.objects.filter(person=newcomer, partner=partner,
                                            revoked_at__isnull=True)
        assert granted.count() == (1 if isinstance(accepted, Membership) else 0)
        assert entries(world.alliance.pk) == before + 1 + granted.count()
    assert journal_verify(alliance_id=world.alliance.pk).intact is True


def test_block_edit_against_matrix_edit(world) -> None:
    # given the key alliance manager setting a building block's status while a coordinator
    # changes how strongly that very block carries a pillar, at the same moment, round by round
    statuses = ["planned", "in_place"]
    strengths = ["none", "dominant", "secondary"]
    before_all = entries(world.alliance.pk)
    for round_number in range(ROUNDS):
        setting = BlockSetting.objects.filter(alliance=world.alliance, block="board").first()
        version = setting.version if setting else 0
        cell = ContributionAdjustment.objects.filter(alliance=world.alliance, block="board",
                                                     pillar="trust").first()
        old_strength = blocks_services._current_strength(Block.BOARD, Pillar.TRUST, cell)
        new_strength = strengths[(strengths.index(old_strength) + 1) % 3]

        block, cell_result = run_pair(
            lambda v=version, s=statuses[round_number % 2]: blocks_services.block_setting_set(
                actor=fresh(world.founder), alliance=world.alliance, block="board", status=s,
                expected_version=v),
            lambda n=new_strength, o=old_strength, r=round_number:
                blocks_services.contribution_adjust(
                    actor=fresh(world.coordinator_b), alliance=world.alliance, block="board",
                    pillar="trust", strength=n, reason=f"round {r}", expected_strength=o))

        # then both edits are there: the block's new version and the cell's new strength
        assert isinstance(block, BlockSetting), block
        assert not isinstance(cell_result, Exception), cell_result
        assert BlockSetting.objects.get(alliance=world.alliance, block="board").version == (
            version + 1)
        stored = ContributionAdjustment.objects.filter(alliance=world.alliance, block="board",
                                                       pillar="trust").first()
        assert blocks_services._current_strength(Block.BOARD, Pillar.TRUST, stored) == (
            new_strength)
    kinds = list(JournalEntry.objects.filter(alliance=world.alliance)
                 .order_by("seq").values_list("kind", flat=True))[before_all:]
    assert kinds.count("BuildingBlockSet") == ROUNDS
    assert kinds.count("ContributionAdjusted") == ROUNDS
    assert journal_verify(alliance_id=world.alliance.pk).intact is True

