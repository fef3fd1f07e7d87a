"""Agreements' writes at the same moment, each on its own connection (PostgreSQL only: SQLite
serialises every writer). The last two parties signing at once bring the version into force
exactly once; two signers of one partner at once make one signature; a signature and a new
version at once never leave a signature on a version that is not the newest unnoticed; the
journal chain stays intact."""

import pytest
from django.db import connection

from concordia.accounts.models import Person
from concordia.agreements import services
from concordia.agreements.choices import AgreementKind
from concordia.agreements.models import AgreementVersion, Signature
from concordia.alliances.choices import Level, Role
from concordia.core.errors import Conflict
from concordia.journal.models import JournalEntry
from concordia.journal.services import journal_verify
from concordia.testing.agreements import build_agreements
from concordia.testing.concurrency import run_pair
from concordia.testing.factories import PersonFactory, give_role

ROUNDS = 10

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="needs concurrent writers with row locks (PostgreSQL)"),
]


def fresh(person: Person) -> Person:
    return Person.objects.get(pk=person.pk)


def test_the_last_two_parties_sign_at_once(world):
    aw = build_agreements(world)
    parties = [world.partner_a, world.partner_b, aw.partner_d]
    for n in range(ROUNDS):
        agreement = services.agreement_register(
            actor=world.founder, alliance=world.alliance, kind=AgreementKind.SERVICE_LEVEL,
            title=f"SLA {n}", text="Terms", parties=parties)
        version = agreement.versions.get()
        services.version_sign(actor=world.founder, version=version)
        outcomes = run_pair(
            lambda v=version: services.version_sign(actor=fresh(world.coordinator_b), version=v),
            lambda v=version: services.version_sign(actor=fresh(aw.coordinator_d), version=v))
        assert all(isinstance(o, Signature) for o in outcomes), outcomes
        version.refresh_from_db()
        assert version.in_force_at is not None
        assert JournalEntry.objects.filter(alliance=world.alliance, kind="AgreementInForce",
                                           subject_id=str(version.pk)).count() == 1
    assert journal_verify(alliance_id=world.alliance.pk).intact is True


def test_two_signers_of_one_partner_sign_at_once(world):
    aw = build_agreements(world)
    board_b = PersonFactory(organisation=world.coordinator_b.organisation)
    give_role(world.partner_b, board_b, Role.BOARD_MEMBER, Level.STRATEGIC)
    for n in range(ROUNDS):
        agreement = services.agreement_register(
            actor=world.founder, alliance=world.alliance, kind=AgreementKind.OTHER,
            title=f"Exchange {n}", text="Terms", parties=[world.partner_b, aw.partner_d])
        version = agreement.versions.get()
        outcomes = run_pair(
            lambda v=version: services.version_sign(actor=fresh(world.coordinator_b), version=v),
            lambda v=version: services.version_sign(actor=fresh(board_b), version=v))
        assert sorted(type(o).__name__ for o in outcomes) == ["Conflict", "Signature"], outcomes
        assert Signature.objects.filter(version=version, partner=world.partner_b,
                                        withdrawn_at__isnull=True).count() == 1
    assert journal_verify(alliance_id=world.alliance.pk).intact is True


def test_a_signature_and_a_new_version_at_once(world):
    build_agreements(world)
    for n in range(ROUNDS):
        agreement = services.agreement_register(
            actor=world.founder, alliance=world.alliance, kind=AgreementKind.OTHER,
            title=f"Terms {n}", text="v1", parties=[world.partner_a, world.partner_b])
        version = agreement.versions.get()
        outcomes = run_pair(
            lambda v=version: services.version_sign(actor=fresh(world.founder), version=v),
            lambda a=agreement: services.version_propose(
                actor=fresh(world.coordinator_b), agreement=a, expected_version=a.version,
                text="v2"))
        # Either the signature came first (on version 1, now replaced) or the new version did
        # (and the signature on version 1 was refused): never an error of another kind.
        signed, proposed = outcomes
        assert isinstance(proposed, AgreementVersion), outcomes
        assert isinstance(signed, Signature | Conflict), outcomes
        assert not AgreementVersion.objects.filter(agreement=agreement,
                                                   in_force_at__isnull=False).exists()
    assert journal_verify(alliance_id=world.alliance.pk).intact is True
