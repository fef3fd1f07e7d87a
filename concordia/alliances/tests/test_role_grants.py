"""Who grants and revokes which role, through the services, the API and the forms.

The generated part runs the services on the database for a sample of combinations and checks
each against the tables in docs/access.md (read by concordia/access/tests/test_role_grants.py):
allowed → the role is granted (or ended) and journaled; refused → PermissionDenied and nothing
changed. The rest replays the reported attack and the other findings one by one.
"""

import datetime as dt
import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from concordia.access import policy, rules
from concordia.access.tests.test_role_grants import GRANTS, REVOKES, table_allows
from concordia.accounts import services as account_services
from concordia.accounts.models import Person
from concordia.alliances import services
from concordia.alliances.choices import Level, PartnerType, Role
from concordia.alliances.models import Alliance, Invitation, Membership, Partner
from concordia.core.errors import Conflict, DomainError
from concordia.journal.models import JournalEntry
from concordia.journal.services import journal_verify
from concordia.testing.factories import PersonFactory, give_role, join, make_alliance

API = "/api/v1"
SAMPLE = settings(max_examples=100, deadline=None,
                  suppress_health_check=[HealthCheck.function_scoped_fixture,
                                         HealthCheck.too_slow])



@pytest.fixture(autouse=True)
def _english():
    """The refusals asserted here are English. Without this a test runs in whatever language
    an earlier request in the same process left active (Dutch, the site's default, when none)."""
    with translation.override("en"):
        yield


def state() -> dict[str, Any]:
    """Everything a grant or a revocation could change."""
    return {
        "memberships": list(Membership.objects.order_by("pk").values_list(
            "pk", "person_id", "partner_id", "role", "revoked_at")),
        "invitations": list(Invitation.objects.order_by("pk").values_list(
            "pk", "role", "accepted_at", "withdrawn_at")),
        "journal": list(JournalEntry.objects.order_by("pk").values_list("pk", "kind")),
        "people": list(Person.objects.order_by("pk").values_list("pk", "organisation_id")),
    }


def fresh(person: Person) -> Person:
    return Person.objects.get(pk=person.pk)


def ends_on_for(role: str) -> dt.date | None:
    return timezone.localdate() + dt.timedelta(days=30) if role == Role.EXTERNAL_REVIEWER else None


def revoke_row(membership: Membership) -> None:
    Membership.objects.filter(pk=membership.pk).update(revoked_at=timezone.now())


# --- the generated sample through the services -------------------------------------------------

@st.composite
def situations(draw: Any) -> dict[str, Any]:
    return {
        # half of the actors hold a role that grants something somewhere, so that allowed and
        # refused cases both come up often
        "actor_roles": draw(
            st.sets(st.sampled_from(sorted(rules.PEOPLE_MANAGING_ROLES)), min_size=1, max_size=2)
            | st.sets(st.sampled_from(Role.values), min_size=1, max_size=3)),
        "role": draw(st.sampled_from(Role.values)),
        "own": draw(st.sampled_from([True, True, True, False])),  # most grants are in-house
        "owner": draw(st.booleans()),
        "clear_holder": draw(st.booleans()),  # leave a single-holder role vacant
        "action": draw(st.sampled_from(["grant", "revoke"])),
    }


def build(case: dict[str, Any]) -> dict[str, Any]:
    """An alliance of the owner A (founder: key alliance manager) and partner B (its admin:
    coordinator); the actor is a person of the target partner (own) or of the other one, with
    the drawn roles; the target partner is A (owner) or B."""
    founder = PersonFactory(is_organisation_admin=True)
    alliance = make_alliance(founder)
    partner_a = Partner.objects.get(alliance=alliance, organisation=founder.organisation)
    admin_b = PersonFactory(is_organisation_admin=True)
    partner_b = join(alliance, founder, admin_b)
    target = partner_a if case["owner"] else partner_b
    actor_partner = target if case["own"] else (partner_b if case["owner"] else partner_a)
    actor = PersonFactory(organisation=actor_partner.organisation)
    for role in case["actor_roles"]:
        if role in (Role.KEY_ALLIANCE_MANAGER, Role.ALLIANCE_COORDINATOR):
            holders = Membership.objects.filter(role=role, revoked_at__isnull=True)
            holders = (holders.filter(alliance=alliance) if role == Role.KEY_ALLIANCE_MANAGER
                       else holders.filter(partner=actor_partner))
            for holder in holders:
                revoke_row(holder)
        give_role(actor_partner, actor, role, Level.TACTICAL, ends_on=ends_on_for(role))
    role = case["role"]
    single = role in (Role.KEY_ALLIANCE_MANAGER, Role.ALLIANCE_COORDINATOR)
    holders = Membership.objects.filter(role=role, revoked_at__isnull=True).exclude(person=actor)
    holders = (holders.filter(alliance=alliance) if role == Role.KEY_ALLIANCE_MANAGER
               else holders.filter(partner=target))
    if single and case["clear_holder"]:
        for holder in holders:
            revoke_row(holder)
    subject = None
    if case["action"] == "revoke":
        # the membership to end: the actor's own when they hold this very single-holder role,
        # otherwise a person of the target partner who holds the role
        subject = Membership.objects.filter(person=actor, role=role, partner=target,
                                            revoked_at__isnull=True).first()
        if subject is None:
            if single:
                for holder in holders:
                    revoke_row(holder)
                if role == Role.KEY_ALLIANCE_MANAGER:
                    Membership.objects.filter(person=actor, role=role).update(
                        revoked_at=timezone.now())
            holder_person = PersonFactory(organisation=target.organisation)
            subject = give_role(target, holder_person, role, Level.TACTICAL,
                                ends_on=ends_on_for(role))
    actor = fresh(actor)
    roles = frozenset(policy.roles_in(actor, alliance.pk))
    vacant = single and policy.role_vacant(target, role)
    return {"alliance": alliance, "actor": actor, "target": target, "subject": subject,
            "roles": roles, "vacant": vacant}


@pytest.mark.django_db
@SAMPLE
@given(case=situations())
def test_the_services_follow_the_table_for_a_generated_sample(case):
    savepoint = transaction.savepoint()
    try:
        world = build(case)
        actor, target, role = world["actor"], world["target"], case["role"]
        if case["action"] == "grant":
            check_grant(world, actor, target, role, case)
        else:
            check_revoke(world, actor, world["subject"], case)
        assert journal_verify(alliance_id=world["alliance"].pk).intact
    finally:
        transaction.savepoint_rollback(savepoint)


def check_grant(world: dict[str, Any], actor: Person, target: Partner, role: str,
                case: dict[str, Any]) -> None:
    expected = table_allows(GRANTS, world["roles"], role, case["own"], case["owner"],
                            world["vacant"])
    event(f"grant {'allowed' if expected else 'refused'}")
    email = f"invitee.{timezone.now().timestamp()}@example.org"
    before = state()
    if not expected:
        with pytest.raises(PermissionDenied):
            services.invitation_create(actor=actor, partner=target, email=email, role=role,
                                       level=Level.TACTICAL, ends_on=ends_on_for(role),
                                       notify=False)
        assert state() == before
        return
    _invitation, raw = services.invitation_create(
        actor=actor, partner=target, email=email, role=role, level=Level.TACTICAL,
        ends_on=ends_on_for(role), notify=False)
    invitee = PersonFactory(email=email, organisation=target.organisation)
    membership = services.invitation_accept(actor=invitee, raw_token=raw)
    assert (membership.person_id, membership.partner_id, membership.role) == (
        invitee.pk, target.pk, role)
    entry = JournalEntry.objects.filter(alliance=world["alliance"]).latest("seq")
    assert (entry.kind, entry.actor_id, entry.payload["role"]) == ("RoleGranted", actor.pk, role)


def check_revoke(world: dict[str, Any], actor: Person, subject: Membership,
                 case: dict[str, Any]) -> None:
    expected = table_allows(REVOKES, world["roles"], subject.role, case["own"], case["owner"],
                            False)
    event(f"revoke {'allowed' if expected else 'refused'}")
    before = state()
    if not expected:
        with pytest.raises(PermissionDenied):
            services.membership_revoke(actor=actor, membership=subject)
        assert state() == before
        return
    services.membership_revoke(actor=actor, membership=subject)
    subject.refresh_from_db()
    assert subject.revoked_at is not None
    entry = JournalEntry.objects.filter(alliance=world["alliance"], kind="RoleRevoked").latest(
        "seq")
    assert (entry.actor_id, entry.subject_id) == (actor.pk, str(subject.pk))


# --- finding 1: the reported escalation ---------------------------------------------------------

def api_post(client, path: str, body: Any):
    return client.post(API + path, json.dumps(body), content_type="application/json")


def kam_of(alliance: Alliance) -> Membership:
    return Membership.objects.get(alliance=alliance, role=Role.KEY_ALLIANCE_MANAGER,
                                  revoked_at__isnull=True)


def test_a_coordinator_cannot_make_herself_key_alliance_manager(world, client):
    coordinator = world.coordinator_b
    before = state()

    # the service refuses, for her own partner and for the owner
    for partner in (world.partner_b, world.partner_a):
        with pytest.raises(PermissionDenied):
            services.invitation_create(actor=coordinator, partner=partner,
                                       email=coordinator.email,
                                       role=Role.KEY_ALLIANCE_MANAGER, level=Level.TACTICAL)
    # the API answers 403
    client.force_login(coordinator)
    response = api_post(client, f"/alliances/{world.alliance.pk}/invitations", {
        "partner_id": world.partner_b.pk, "email": coordinator.email,
        "role": Role.KEY_ALLIANCE_MANAGER, "level": Level.TACTICAL})
    assert response.status_code == 403
    # the form does not offer the role, and posting it anyway comes back refused
    url = reverse("invitation_create", args=[world.alliance.pk])
    form = client.get(url).context["form"]
    assert [c[0] for c in form.fields["role"].choices] == [
        Role.BOARD_MEMBER, Role.LINE_MANAGER, Role.PROFESSIONAL, Role.OBSERVER]
    assert list(form.fields["partner"].queryset) == [world.partner_b]
    response = client.post(url, {"partner": world.partner_b.pk, "email": coordinator.email,
                                 "role": Role.KEY_ALLIANCE_MANAGER, "level": Level.TACTICAL})
    assert response.status_code == 422
    assert "role" in response.context["form"].errors
    assert state() == before


def test_the_owners_coordinator_cannot_revoke_the_key_alliance_manager(world, client):
    # given a coordinator of the owner partner A
    coordinator_a = PersonFactory(organisation=world.founder.organisation)
    give_role(world.partner_a, coordinator_a, Role.ALLIANCE_COORDINATOR, Level.TACTICAL)
    kam = kam_of(world.alliance)
    before = state()

    # when she (or B's coordinator, or the key alliance manager himself) revokes the KAM
    for actor in (coordinator_a, world.coordinator_b, world.founder):
        with pytest.raises(PermissionDenied):
            services.membership_revoke(actor=fresh(actor), membership=kam)
        client.force_login(actor)
        response = client.delete(f"{API}/alliances/{world.alliance.pk}/memberships/{kam.pk}")
        assert response.status_code == 403
        response = client.post(reverse("membership_revoke", args=[world.alliance.pk, kam.pk]))
        assert response.status_code == 403

    # then nothing changed: the key alliance manager is still the founder
    assert state() == before
    assert kam_of(world.alliance).person_id == world.founder.pk


def test_the_people_page_offers_revocation_only_where_the_rule_allows(world, client):
    client.force_login(world.coordinator_b)
    response = client.get(reverse("membership_list", args=[world.alliance.pk]))
    revocable = {Membership.objects.get(pk=pk).person for pk in response.context["revocable"]}
    # B's coordinator ends B's observer; the reviewer is the key alliance manager's to end
    assert revocable == {world.observer_b}
    assert response.context["may_hand_over"] is True
    assert response.context["may_transfer"] is False


# --- the key alliance manager is handed over, one per alliance ----------------------------------

def test_the_key_alliance_manager_hands_over_in_one_journaled_step(world, client):
    old = kam_of(world.alliance)
    seq = JournalEntry.objects.filter(alliance=world.alliance).latest("seq").seq
    client.force_login(world.founder)

    response = api_post(client, f"/alliances/{world.alliance.pk}/key-alliance-manager-transfers",
                        {"person_id": world.coordinator_b.pk})

    assert response.status_code == 201
    assert response.json()["role"] == Role.KEY_ALLIANCE_MANAGER
    old.refresh_from_db()
    new = kam_of(world.alliance)
    assert old.revoked_at is not None
    assert (new.person_id, new.partner_id) == (world.coordinator_b.pk, world.partner_b.pk)
    entries = list(JournalEntry.objects.filter(alliance=world.alliance, seq__gt=seq)
                   .values_list("kind", "actor_id", "payload"))
    assert entries == [("KeyAllianceManagerTransferred", world.founder.pk, {
        "person": world.coordinator_b.email, "previous": world.founder.email,
        "partner": world.partner_b.organisation.name, "role": Role.KEY_ALLIANCE_MANAGER})]
    # and the former key alliance manager can no longer transfer it
    assert not policy.can(fresh(world.founder), "alliance.transfer_key_alliance_manager",
                          world.alliance)


def test_the_transfer_goes_only_to_a_person_of_the_alliance(world, client):
    client.force_login(world.founder)
    before = state()
    for person in (world.outsider, world.stranger, world.founder):
        response = api_post(client,
                            f"/alliances/{world.alliance.pk}/key-alliance-manager-transfers",
                            {"person_id": person.pk})
        assert response.status_code == 400
        assert response.json()["invalidParams"][0]["name"] == "person_id"
    assert state() == before


def test_the_database_holds_one_key_alliance_manager_per_alliance(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        give_role(world.partner_b, world.coordinator_b, Role.KEY_ALLIANCE_MANAGER,
                  Level.TACTICAL)
    assert Membership.objects.filter(alliance=world.alliance, role=Role.KEY_ALLIANCE_MANAGER,
                                     revoked_at__isnull=True).count() == 1


def test_a_vacant_key_alliance_manager_is_appointed_by_the_owners_board_member(world):
    # given the founder (key alliance manager) deactivated, and a board member of the owner
    board_a = PersonFactory(organisation=world.founder.organisation)
    give_role(world.partner_a, board_a, Role.BOARD_MEMBER, Level.STRATEGIC)
    Person.objects.filter(pk=world.founder.pk).update(is_active=False)
    # B's coordinator still may not fill the vacancy (not the owner's)
    with pytest.raises(PermissionDenied):
        services.invitation_create(actor=world.coordinator_b, partner=world.partner_b,
                                   email="kam.b@example.org", role=Role.KEY_ALLIANCE_MANAGER,
                                   level=Level.TACTICAL)

    # when the owner's board member invites one of the owner's people as key alliance manager
    _invitation, raw = services.invitation_create(
        actor=board_a, partner=world.partner_a, email=world.professional_a.email,
        role=Role.KEY_ALLIANCE_MANAGER, level=Level.TACTICAL)
    membership = services.invitation_accept(actor=world.professional_a, raw_token=raw)

    # then the lapsed row ended (journaled) and the new key alliance manager is the only one
    assert kam_of(world.alliance) == membership
    kinds = list(JournalEntry.objects.filter(alliance=world.alliance).order_by("-seq")
                 .values_list("kind", flat=True)[:2])
    assert kinds == ["RoleGranted", "RoleRevoked"]


def test_a_coordinator_hands_over_to_a_colleague(world, client):
    colleague = PersonFactory(organisation=world.coordinator_b.organisation)
    client.force_login(world.coordinator_b)
    url = reverse("coordinator_hand_over", args=[world.alliance.pk])

    response = client.post(url, {"person": colleague.pk})

    assert response.status_code == 302
    held = Membership.objects.get(partner=world.partner_b, role=Role.ALLIANCE_COORDINATOR,
                                  revoked_at__isnull=True)
    assert held.person_id == colleague.pk
    entry = JournalEntry.objects.filter(alliance=world.alliance).latest("seq")
    assert (entry.kind, entry.payload["previous"]) == ("CoordinatorHandedOver",
                                                      world.coordinator_b.email)


# --- finding 3: invitations do not outlive their inviter's authority ----------------------------

def invite_by_coordinator_b(world, email: str = "new.b@example.org") -> tuple[Invitation, str]:
    return services.invitation_create(actor=world.coordinator_b, partner=world.partner_b,
                                      email=email, role=Role.PROFESSIONAL,
                                      level=Level.OPERATIONAL, notify=False)


def test_revoking_the_inviter_withdraws_their_invitations_journaled(world):
    invitation, raw = invite_by_coordinator_b(world)
    board_b = PersonFactory(organisation=world.coordinator_b.organisation)
    give_role(world.partner_b, board_b, Role.BOARD_MEMBER, Level.STRATEGIC)
    coordinator_role = Membership.objects.get(person=world.coordinator_b,
                                              role=Role.ALLIANCE_COORDINATOR)

    services.membership_revoke(actor=board_b, membership=coordinator_role)

    invitation.refresh_from_db()
    assert invitation.withdrawn_at is not None
    entry = JournalEntry.objects.filter(alliance=world.alliance).latest("seq")
    assert (entry.kind, entry.actor_id, entry.payload) == ("InvitationWithdrawn", board_b.pk, {
        "person": "new.b@example.org", "partner": world.partner_b.organisation.name,
        "role": Role.PROFESSIONAL, "reason": "inviter_role_revoked"})
    invitee = PersonFactory(email="new.b@example.org", organisation=None)
    before = state()
    with pytest.raises(Conflict):
        services.invitation_accept(actor=invitee, raw_token=raw)
    assert state() == before


def test_a_deactivated_inviters_invitation_cannot_be_accepted(world):
    _invitation, raw = invite_by_coordinator_b(world)
    admin_b = PersonFactory(organisation=world.coordinator_b.organisation,
                            is_organisation_admin=True)
    account_services.person_deactivate(actor=admin_b, person=world.coordinator_b)
    invitee = PersonFactory(email="new.b@example.org", organisation=None)
    before = state()

    with pytest.raises(DomainError, match="may no longer grant this role"):
        services.invitation_accept(actor=invitee, raw_token=raw)

    assert state() == before


def test_deactivating_the_inviter_withdraws_their_open_invitations_journaled(world):
    # given an open invitation sent by partner B's coordinator
    invitation, raw = invite_by_coordinator_b(world)
    admin_b = PersonFactory(organisation=world.coordinator_b.organisation,
                            is_organisation_admin=True)

    # when their organisation's administrator deactivates them
    services.person_deactivate(actor=admin_b, person=world.coordinator_b)

    # then the invitation is withdrawn, the journal says so, and the link no longer works
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is not None
    entry = JournalEntry.objects.filter(alliance=world.alliance).order_by("-seq").first()
    assert (entry.kind, entry.actor_id) == ("InvitationWithdrawn", admin_b.pk)
    invitee = PersonFactory(email="new.b@example.org", organisation=None)
    with pytest.raises(DomainError):
        services.invitation_accept(actor=invitee, raw_token=raw)


def test_acceptance_rechecks_the_inviters_authority_at_that_moment(world):
    # given an invitation whose inviter's role then lapsed without a revocation (e.g. the row
    # was ended outside the services) — nothing withdrew it
    _invitation, raw = invite_by_coordinator_b(world)
    Membership.objects.filter(person=world.coordinator_b).update(revoked_at=timezone.now())
    invitee = PersonFactory(email="new.b@example.org", organisation=None)
    before = state()

    with pytest.raises(DomainError, match="may no longer grant this role") as refused:
        services.invitation_accept(actor=invitee, raw_token=raw)

    assert refused.value.code == "inviter_not_authorised"
    assert state() == before


def test_an_invitation_to_a_filled_key_alliance_manager_place_is_refused(world):
    # given a vacancy filled by one invitation while a second one is still open
    board_a = PersonFactory(organisation=world.founder.organisation)
    give_role(world.partner_a, board_a, Role.BOARD_MEMBER, Level.STRATEGIC)
    Person.objects.filter(pk=world.founder.pk).update(is_active=False)
    second = PersonFactory(organisation=world.founder.organisation)
    _i1, raw1 = services.invitation_create(actor=board_a, partner=world.partner_a,
                                           email=world.professional_a.email,
                                           role=Role.KEY_ALLIANCE_MANAGER, level=Level.TACTICAL)
    _i2, raw2 = services.invitation_create(actor=board_a, partner=world.partner_a,
                                           email=second.email,
                                           role=Role.KEY_ALLIANCE_MANAGER, level=Level.TACTICAL)
    services.invitation_accept(actor=world.professional_a, raw_token=raw1)
    before = state()

    with pytest.raises(DomainError) as refused:
        services.invitation_accept(actor=second, raw_token=raw2)

    assert refused.value.code == "inviter_not_authorised"

    assert state() == before


# --- finding 4: owner only at creation ----------------------------------------------------------

def test_nobody_is_invited_as_owner(world, client):
    organisation = PersonFactory(is_organisation_admin=True).organisation
    before = state()
    with pytest.raises(DomainError) as refused:
        services.partner_invite(actor=world.founder, alliance=world.alliance,
                                organisation=organisation, partner_type=PartnerType.OWNER)
    assert refused.value.field == "partner_type"
    client.force_login(world.coordinator_b)
    response = api_post(client, f"/alliances/{world.alliance.pk}/partners",
                        {"organisation_id": organisation.pk, "partner_type": "owner"})
    assert response.status_code == 400
    assert [p["name"] for p in response.json()["invalidParams"]] == ["partner_type"]
    response = client.post(reverse("partner_invite", args=[world.alliance.pk]),
                           {"organisation": organisation.pk, "partner_type": "owner"})
    assert response.status_code == 422
    assert "partner_type" in response.context["form"].errors
    assert state() == before
    assert not Partner.objects.filter(organisation=organisation).exists()


# --- finding 9: enumeration ---------------------------------------------------------------------

def test_an_invitation_does_not_tell_whether_an_address_is_registered_elsewhere(world, client):
    client.force_login(world.coordinator_b)
    answers = []
    for email in (world.outsider.email, "nobody.here@example.org"):
        response = api_post(client, f"/alliances/{world.alliance.pk}/invitations", {
            "partner_id": world.partner_b.pk, "email": email, "role": Role.PROFESSIONAL,
            "level": Level.OPERATIONAL})
        body = response.json()
        answers.append((response.status_code, sorted(body),
                        {k: v for k, v in body.items() if k not in ("id", "email",
                                                                     "expires_at")}))
    assert answers[0] == answers[1]
    assert answers[0][0] == 201


@pytest.mark.parametrize("path_and_body", [
    ("invitations", lambda w: {"partner_id": 2**62, "email": "x@example.org",
                               "role": Role.PROFESSIONAL, "level": Level.OPERATIONAL}),
    ("partners", lambda w: {"organisation_id": 2**62, "partner_type": "core"}),
    ("key-alliance-manager-transfers", lambda w: {"person_id": 2**62}),
    ("coordinator-hand-overs", lambda w: {"person_id": 2**62}),
])
def test_permission_comes_before_an_unknown_id(world, client, path_and_body):
    path, body = path_and_body
    client.force_login(world.observer_b)
    before = state()
    response = api_post(client, f"/alliances/{world.alliance.pk}/{path}", body(world))
    assert response.status_code == 403
    response = client.delete(f"{API}/alliances/{world.alliance.pk}/memberships/{2**62}")
    assert response.status_code == 403
    assert state() == before


def test_a_document_audience_reads_the_same_for_nobody_and_somebody_elsewhere(world, client):
    client.force_login(world.observer_b)  # read-only: refused before the ids are looked up
    response = api_post(client, f"/alliances/{world.alliance.pk}/documents",
                        {"title": "Plan", "visibility": "confidential", "audience": [2**62]})
    assert response.status_code == 403
    client.force_login(world.founder)
    answers = []
    for person_id in (world.outsider.pk, 2**62):
        response = api_post(client, f"/alliances/{world.alliance.pk}/documents",
                            {"title": "Plan", "visibility": "confidential",
                             "audience": [person_id]})
        answers.append((response.status_code, response.json()))
    assert answers[0] == answers[1]
    assert answers[0][0] == 400
