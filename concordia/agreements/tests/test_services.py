"""Services of agreements: registering (the covenant binds every active partner), signing per
partner until the version comes into force, a new version while the old one stays in force,
withdrawal, refusals that change nothing, the journal and the notifications, review reminders."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

from concordia.agreements import services
from concordia.agreements.choices import AgreementKind
from concordia.agreements.models import Agreement, AgreementVersion, MatrixCell, Signature
from concordia.agreements.rules import MatrixRowIn
from concordia.agreements.selectors import agreement_get, standing
from concordia.alliances.choices import Role
from concordia.core.errors import Conflict, DomainError
from concordia.journal.models import JournalEntry
from concordia.journal.registry import get as journal_kind
from concordia.notifications.choices import NotificationKind
from concordia.notifications.models import Notification
from concordia.testing.agreements import AgreementsWorld, build_agreements
from concordia.testing.factories import PersonFactory, give_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def aw(world) -> AgreementsWorld:
    return build_agreements(world)


def kinds(world) -> list[str]:
    return list(JournalEntry.objects.filter(alliance=world.alliance).order_by("seq")
                .values_list("kind", flat=True))


def state_of(world, agreement: Agreement):
    return standing(agreement_get(user=world.founder, alliance=world.alliance,
                                  pk=agreement.pk))


def test_a_covenant_binds_every_active_partner_by_default(world, aw):
    covenant = services.agreement_register(
        actor=world.coordinator_b, alliance=world.alliance, kind=AgreementKind.COVENANT,
        title="Covenant", text="The directors commit to the chain.")
    version = covenant.versions.get()
    assert set(version.parties.values_list("pk", flat=True)) == {
        world.partner_a.pk, world.partner_b.pk, aw.partner_d.pk}  # not C, which left
    assert set(covenant.parties.values_list("pk", flat=True)) == set(
        version.parties.values_list("pk", flat=True))
    entry = JournalEntry.objects.filter(alliance=world.alliance).latest("seq")
    assert entry.kind == "AgreementRegistered"
    assert entry.payload["title"] == "Covenant"
    assert entry.payload["number"] == 1


def test_signing_by_every_party_brings_the_version_into_force(world, aw):
    version = aw.sla.versions.get()
    before = kinds(world)
    services.version_sign(actor=world.founder, version=version)
    services.version_sign(actor=world.coordinator_b, version=version)
    item = state_of(world, aw.sla)
    assert item.in_force is None
    assert [p.name for p in item.pending.progress.waiting] == [aw.partner_d.organisation.name]
    services.version_sign(actor=aw.coordinator_d, version=version)
    version.refresh_from_db()
    assert version.in_force_at is not None
    assert kinds(world)[len(before):] == ["AgreementSigned", "AgreementSigned",
                                          "AgreementSigned", "AgreementInForce"]
    assert journal_kind("AgreementSigned").commitment is True
    assert journal_kind("AgreementInForce").commitment is True
    item = state_of(world, aw.sla)
    assert item.status == "in_force"
    assert item.pending is None


def test_a_new_version_waits_while_the_version_in_force_stays(world, aw):
    a, b = world.partner_a, world.partner_b
    version_2 = services.version_propose(
        actor=world.founder, agreement=aw.matrix, expected_version=aw.matrix.version,
        note="Statistics added", matrix=[
            MatrixRowIn("Collect payroll returns", {a.pk: "AR", b.pk: "I"}),
            MatrixRowIn("Validate", {a.pk: "C", b.pk: "AR"}),
            MatrixRowIn("Publish statistics", {a.pk: "I", b.pk: "AR"})])
    assert version_2.number == 2
    item = state_of(world, aw.matrix)
    assert item.status == "in_force"
    assert item.in_force.version.number == 1
    assert item.pending.version.number == 2
    services.version_sign(actor=world.founder, version=version_2)
    item = state_of(world, aw.matrix)
    assert item.in_force.version.number == 1  # still: B has not signed yet
    services.version_sign(actor=world.coordinator_b, version=version_2)
    item = state_of(world, aw.matrix)
    assert item.in_force.version.number == 2
    assert [v.state for v in item.versions] == ["in_force", "superseded"]
    assert MatrixCell.objects.filter(row__version=version_2).count() == 6


def test_the_signers_of_every_party_are_told_once(world, aw):
    version = aw.sla.versions.get()
    told = Notification.objects.filter(kind=NotificationKind.SIGNATURE_WAITING,
                                       key__startswith=f"agreement-signature:{version.pk}:")
    # founder (key alliance manager of A), coordinator_b, coordinator_d; not the professional
    assert set(told.values_list("person_id", flat=True)) == {
        world.founder.pk, world.coordinator_b.pk, aw.coordinator_d.pk}
    assert told.get(person=world.founder).params == {"agreement": "Delivery of wage data"}


def test_withdrawing_before_in_force_keeps_the_record(world, aw):
    version = aw.half_signed.versions.get()
    signature = services.signature_withdraw(actor=world.coordinator_b, version=version)
    assert signature.withdrawn_by == world.coordinator_b
    assert Signature.objects.filter(version=version).count() == 2
    item = state_of(world, aw.half_signed)
    assert [p.name for p in item.pending.progress.signed] == [world.partner_a.organisation.name]
    assert kinds(world)[-1] == "SignatureWithdrawn"
    with pytest.raises(Conflict):
        services.signature_withdraw(actor=world.coordinator_b, version=version)
    services.version_sign(actor=world.coordinator_b, version=version)  # and sign again


def test_a_version_in_force_is_settled(world, aw):
    version = aw.matrix.versions.get()
    with pytest.raises(Conflict) as refused:
        services.signature_withdraw(actor=world.founder, version=version)
    assert refused.value.code == "in_force"


def test_signing_twice_or_an_older_version_is_refused(world, aw):
    version = aw.half_signed.versions.get()
    with pytest.raises(Conflict) as refused:
        services.version_sign(actor=world.founder, version=version)
    assert refused.value.code == "duplicate"
    services.version_propose(actor=world.founder, agreement=aw.half_signed,
                             expected_version=aw.half_signed.version, text="New terms.")
    with pytest.raises(Conflict) as refused:
        services.version_sign(actor=aw.coordinator_d, version=version)
    assert refused.value.code == "not_current"


@pytest.mark.parametrize("actor", ["professional_a", "observer_b", "reviewer"])
def test_only_an_authorised_signer_signs_and_nothing_changes(world, aw, actor):
    version = aw.sla.versions.get()
    before = (list(Signature.objects.values_list("pk", "withdrawn_at")), kinds(world))
    with pytest.raises(PermissionDenied):
        services.version_sign(actor=getattr(world, actor), version=version)
    assert (list(Signature.objects.values_list("pk", "withdrawn_at")), kinds(world)) == before


def test_a_board_member_signs_for_their_own_partner_only(world, aw):
    board_b = PersonFactory(organisation=world.coordinator_b.organisation)
    give_role(world.partner_b, board_b, Role.BOARD_MEMBER)
    version = aw.sla.versions.get()
    signature = services.version_sign(actor=board_b, version=version)
    assert signature.partner == world.partner_b
    # a partner that is not a party (A is not a party to the private agreement) cannot sign
    private = aw.private.versions.get()
    with pytest.raises(PermissionDenied):
        services.version_sign(actor=world.founder, version=private)


def test_drafting_is_for_the_steering_roles(world, aw):
    with pytest.raises(PermissionDenied):
        services.agreement_register(actor=world.professional_a, alliance=world.alliance,
                                    kind=AgreementKind.OTHER, title="x", text="y",
                                    parties=[world.partner_a])
    with pytest.raises(PermissionDenied):
        services.version_propose(actor=world.observer_b, agreement=aw.sla,
                                 expected_version=aw.sla.version, text="z")
    # the key alliance manager does not read the agreement of B and D: refused as well
    with pytest.raises(PermissionDenied):
        services.version_propose(actor=world.founder, agreement=aw.private,
                                 expected_version=aw.private.version, text="z")
    assert Agreement.objects.filter(title="x").count() == 0


def test_a_stale_edit_is_refused(world, aw):
    services.agreement_change(actor=world.founder, agreement=aw.sla,
                              expected_version=aw.sla.version, title="Delivery of wage data",
                              review_on=dt.date(2029, 6, 1), starts_on=dt.date(2025, 1, 1))
    with pytest.raises(Conflict) as refused:
        services.version_propose(actor=world.coordinator_b, agreement=aw.sla,
                                 expected_version=aw.sla.version, text="Other terms.")
    assert refused.value.code == "stale"
    entry = JournalEntry.objects.filter(alliance=world.alliance).latest("seq")
    assert (entry.kind, entry.payload["changed"]) == ("AgreementChanged", ["review_on"])


def test_a_matrix_row_needs_one_accountable_partner(world, aw):
    a, b = world.partner_a, world.partner_b
    with translation.override("en"), pytest.raises(DomainError) as refused:
        services.version_propose(
            actor=world.founder, agreement=aw.matrix, expected_version=aw.matrix.version,
            matrix=[MatrixRowIn("Validate", {a.pk: "A", b.pk: "A"})])
    assert refused.value.field == "matrix"
    assert refused.value.message == ("Row 1: Make exactly one partner accountable (A), not "
                                     "several.")
    with pytest.raises(DomainError):
        services.version_propose(
            actor=world.founder, agreement=aw.matrix, expected_version=aw.matrix.version,
            matrix=[MatrixRowIn("Validate", {a.pk: "AR", aw.partner_d.pk: "I"})])
    with pytest.raises(DomainError) as refused:
        services.version_propose(actor=world.founder, agreement=aw.sla,
                                 expected_version=aw.sla.version, text="t",
                                 matrix=[MatrixRowIn("Validate", {a.pk: "AR"})])
    assert refused.value.field == "matrix"
    assert AgreementVersion.objects.filter(agreement=aw.matrix).count() == 1


def test_registering_checks_dates_parties_and_audience(world, aw):
    def register(**fields):
        defaults = {"actor": world.founder, "alliance": world.alliance,
                    "kind": AgreementKind.OTHER, "title": "Exchange", "text": "Terms",
                    "parties": [world.partner_a]}
        return services.agreement_register(**{**defaults, **fields})

    with pytest.raises(DomainError) as refused:
        register(starts_on=dt.date(2026, 2, 1), ends_on=dt.date(2026, 1, 1))
    assert refused.value.field == "ends_on"
    with pytest.raises(DomainError) as refused:
        register(parties=[])
    assert refused.value.field == "parties"
    other_partner = world.other_alliance.partners.get()
    with pytest.raises(DomainError) as refused:
        register(parties=[other_partner])
    assert refused.value.field == "parties"
    with pytest.raises(DomainError) as refused:
        register(visibility="confidential")
    assert refused.value.field == "audience"
    with pytest.raises(DomainError) as refused:
        register(visibility="confidential", audience=[world.outsider])
    assert refused.value.field == "audience"
    with pytest.raises(DomainError) as refused:
        register(visibility="public")
    assert refused.value.field == "visibility"
    secret = register(visibility="confidential", audience=[world.professional_a])
    assert set(secret.audience.values_list("pk", flat=True)) == {world.founder.pk,
                                                                 world.professional_a.pk}
    entry = JournalEntry.objects.filter(alliance=world.alliance).latest("seq")
    assert "title" not in entry.payload
    assert "parties" not in entry.payload


def test_review_reminders_go_to_the_steering_roles_once(world, aw):
    today = timezone.localdate()
    services.agreement_change(actor=world.founder, agreement=aw.sla,
                              expected_version=aw.sla.version, title=aw.sla.title,
                              review_on=today + dt.timedelta(days=20))
    made = services.agreements_review_due_notify(today=today)
    told = Notification.objects.filter(kind=NotificationKind.AGREEMENT_REVIEW_DUE)
    # founder (key alliance manager), coordinator_b and coordinator_d steer and read it
    assert set(told.values_list("person_id", flat=True)) == {
        world.founder.pk, world.coordinator_b.pk, aw.coordinator_d.pk}
    assert made == 3
    assert told.first().params["review_on"] == (today + dt.timedelta(days=20)).isoformat()
    assert services.agreements_review_due_notify(today=today) == 0
    # the agreement of B and D is read by its parties only: never due for the founder
    services.agreement_change(actor=world.coordinator_b, agreement=aw.private,
                              expected_version=aw.private.version, title=aw.private.title,
                              visibility="partner", review_on=today)
    services.agreements_review_due_notify(today=today)
    private_told = Notification.objects.filter(kind=NotificationKind.AGREEMENT_REVIEW_DUE,
                                               key__startswith=f"agreement-review:"
                                                               f"{aw.private.pk}:")
    assert set(private_told.values_list("person_id", flat=True)) == {
        world.coordinator_b.pk, aw.coordinator_d.pk}


def test_an_expired_agreement_is_not_reminded(world, aw):
    today = timezone.localdate()
    services.agreement_change(actor=world.founder, agreement=aw.sla,
                              expected_version=aw.sla.version, title=aw.sla.title,
                              starts_on=today - dt.timedelta(days=90),
                              review_on=today - dt.timedelta(days=10),
                              ends_on=today - dt.timedelta(days=1))
    assert services.agreements_review_due_notify(today=today) == 0
    assert state_of(world, aw.sla).status == "expired"
