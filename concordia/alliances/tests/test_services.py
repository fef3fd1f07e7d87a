"""Alliance services: every write is atomic and journaled in the same transaction, and every
refused write leaves neither a change nor a journal entry."""

import datetime as dt
import threading

import pytest
from allauth.usersessions.models import UserSession
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone, translation

from concordia.access import policy
from concordia.accounts.models import Person
from concordia.alliances import selectors, services
from concordia.alliances.choices import Level, PartnerStatus, PartnerType, Role
from concordia.alliances.models import Alliance, Invitation, Membership, Partner
from concordia.core.errors import Conflict, DomainError
from concordia.journal.models import JournalEntry
from concordia.journal.services import journal_verify
from concordia.testing.factories import (
    PASSWORD,
    OrganisationFactory,
    PersonFactory,
    give_role,
    make_alliance,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are matched in English (the default language is Dutch)."""
    with translation.override("en"):
        yield


def last_seq(alliance: Alliance) -> int:
    return JournalEntry.objects.filter(alliance=alliance).order_by("-seq").values_list(
        "seq", flat=True).first() or 0


def entries_after(alliance: Alliance, seq: int) -> list[tuple[int, str, dict]]:
    return list(JournalEntry.objects.filter(alliance=alliance, seq__gt=seq).order_by("seq")
                .values_list("seq", "kind", "payload"))


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count()
            for model in (Alliance, Partner, Membership, Invitation, JournalEntry, Person)}


def fresh(person: Person) -> Person:
    """The person as a new request would load them (no cached roles)."""
    return Person.objects.get(pk=person.pk)


def invite(world, email: str, role: str = Role.PROFESSIONAL, *, partner: Partner | None = None,
           ends_on: dt.date | None = None, level: str = Level.OPERATIONAL
           ) -> tuple[Invitation, str]:
    """The founder (key alliance manager) invites for partner A; partner B's people are
    invited by B's coordinator (docs/access.md, "Who grants which role")."""
    partner = partner or world.partner_a
    actor = world.coordinator_b if partner == world.partner_b else world.founder
    return services.invitation_create(actor=actor, partner=partner,
                                      email=email, role=role, level=level, ends_on=ends_on)


# alliance_create -------------------------------------------------------------------------------

def test_alliance_create_journals_founding_partner_and_role():
    # given a person with an organisation
    founder = PersonFactory(full_name="Ada")

    # when they found an alliance
    alliance = services.alliance_create(actor=founder, name="  Zorgnetwerk  ",
                                        purpose=" Samen zorgen ", started_on=dt.date(2025, 1, 2))

    # then it exists with their organisation as owner and them as key alliance manager
    partner = Partner.objects.get(alliance=alliance)
    assert (alliance.name, alliance.purpose) == ("Zorgnetwerk", "Samen zorgen")
    assert (partner.organisation_id, partner.partner_type, partner.status) == (
        founder.organisation_id, PartnerType.OWNER, PartnerStatus.ACTIVE)
    membership = Membership.objects.get(alliance=alliance)
    assert (membership.person_id, membership.role, membership.level) == (
        founder.pk, Role.KEY_ALLIANCE_MANAGER, Level.TACTICAL)

    # and each step is in the journal, numbered from 1, by the founder
    org = founder.organisation.name
    assert entries_after(alliance, 0) == [
        (1, "AllianceCreated", {"name": "Zorgnetwerk", "purpose": "Samen zorgen",
                                "started_on": "2025-01-02"}),
        (2, "PartnerJoined", {"organisation": org, "partner_type": "owner"}),
        (3, "RoleGranted", {"person": founder.email, "partner": org,
                            "role": "key_alliance_manager", "level": "tactical",
                            "ends_on": None}),
    ]
    assert set(JournalEntry.objects.filter(alliance=alliance).values_list("actor", flat=True)) == {
        founder.pk}
    assert journal_verify(alliance_id=alliance.pk).intact is True


def test_alliance_create_without_organisation_is_refused_and_saves_nothing():
    person = PersonFactory(organisation=None)
    before = counts()
    with pytest.raises(DomainError, match="Register your organisation"):
        services.alliance_create(actor=person, name="X", purpose="Y",
                                 started_on=dt.date(2025, 1, 1))
    assert counts() == before


def test_alliance_create_failing_half_way_leaves_no_alliance_and_no_journal(monkeypatch):
    # given the journal fails on the second entry of the founding transaction
    founder = PersonFactory()
    real_append = services.journal_append

    def failing_append(**kwargs):
        if kwargs["kind"] == "PartnerJoined":
            raise RuntimeError("disk full")
        return real_append(**kwargs)

    monkeypatch.setattr(services, "journal_append", failing_append)
    before = counts()

    # when the alliance is founded
    with pytest.raises(RuntimeError, match="disk full"):
        services.alliance_create(actor=founder, name="Half", purpose="Way",
                                 started_on=dt.date(2025, 1, 1))

    # then neither the alliance nor its first journal entry survived
    assert counts() == before
    assert not Alliance.objects.filter(name="Half").exists()


# partner_invite / partner_respond ---------------------------------------------------------------

def test_partner_invite_journals_the_invitation(world):
    # given an organisation not yet in the alliance
    seq = last_seq(world.alliance)
    organisation = world.stranger.organisation

    # when the key alliance manager invites it
    partner = services.partner_invite(actor=world.founder, alliance=world.alliance,
                                      organisation=organisation,
                                      partner_type=PartnerType.ECOSYSTEM)

    # then it is an invited partner and the journal says so, as the next entry
    assert (partner.status, partner.partner_type) == (PartnerStatus.INVITED, "ecosystem")
    assert entries_after(world.alliance, seq) == [
        (seq + 1, "PartnerInvited", {"organisation": organisation.name,
                                     "partner_type": "ecosystem"})]
    entry = JournalEntry.objects.get(alliance=world.alliance, seq=seq + 1)
    assert (entry.actor_id, entry.subject_type, entry.subject_id) == (
        world.founder.pk, "alliances.Partner", str(partner.pk))


def test_inviting_an_organisation_twice_is_a_conflict_and_changes_nothing(world):
    # given an organisation that is already invited
    services.partner_invite(actor=world.founder, alliance=world.alliance,
                            organisation=world.stranger.organisation, partner_type=PartnerType.CORE)
    before = counts()

    # when it is invited again, and an active partner is invited too
    with pytest.raises(Conflict) as invited_again:
        services.partner_invite(actor=world.founder, alliance=world.alliance,
                                organisation=world.stranger.organisation,
                                partner_type=PartnerType.CORE)
    with pytest.raises(Conflict):
        services.partner_invite(actor=world.founder, alliance=world.alliance,
                                organisation=world.coordinator_b.organisation,
                                partner_type=PartnerType.CORE)

    # then both are refused on the organisation field and nothing changed
    assert invited_again.value.field == "organisation"
    assert invited_again.value.status == 409
    assert counts() == before


def test_partner_invite_needs_a_steering_role(world):
    before = counts()
    for actor in (world.professional_a, world.observer_b, world.outsider):
        with pytest.raises(PermissionDenied):
            services.partner_invite(actor=fresh(actor), alliance=world.alliance,
                                    organisation=world.stranger.organisation,
                                    partner_type=PartnerType.CORE)
    assert counts() == before


def test_a_partner_that_left_can_be_invited_again_keeping_its_row(world):
    # given the partner of `removed`, which left
    old = Partner.objects.get(alliance=world.alliance, organisation=world.removed.organisation)
    seq = last_seq(world.alliance)

    # when it is invited again
    partner = services.partner_invite(actor=world.founder, alliance=world.alliance,
                                      organisation=world.removed.organisation,
                                      partner_type=PartnerType.SUPPLIER)

    # then the same row is invited again and journaled
    assert partner.pk == old.pk
    old.refresh_from_db()
    assert (old.status, old.partner_type, old.left_at, old.joined_at) == (
        PartnerStatus.INVITED, "supplier", None, None)
    assert [kind for _, kind, _ in entries_after(world.alliance, seq)] == ["PartnerInvited"]


def test_accepting_a_partner_invitation_makes_the_admin_coordinator(world):
    # given an invited organisation
    partner = services.partner_invite(actor=world.founder, alliance=world.alliance,
                                      organisation=world.stranger.organisation,
                                      partner_type=PartnerType.CORE)
    seq = last_seq(world.alliance)

    # when its administrator accepts
    services.partner_respond(actor=world.stranger, partner=partner, accept=True)

    # then the partner is active, the admin coordinates it, and both facts are journaled
    partner.refresh_from_db()
    assert partner.status == PartnerStatus.ACTIVE
    assert partner.joined_at is not None
    assert Membership.objects.filter(partner=partner, person=world.stranger,
                                     role=Role.ALLIANCE_COORDINATOR).count() == 1
    name = world.stranger.organisation.name
    assert entries_after(world.alliance, seq) == [
        (seq + 1, "PartnerJoined", {"organisation": name, "partner_type": "core"}),
        (seq + 2, "RoleGranted", {"person": world.stranger.email, "partner": name,
                                  "role": "alliance_coordinator", "level": "tactical",
                                  "ends_on": None}),
    ]
    assert world.alliance in policy.alliances_visible_to(fresh(world.stranger))


def test_declining_journals_and_a_second_answer_is_a_conflict(world):
    partner = services.partner_invite(actor=world.founder, alliance=world.alliance,
                                      organisation=world.stranger.organisation,
                                      partner_type=PartnerType.CORE)
    seq = last_seq(world.alliance)

    services.partner_respond(actor=world.stranger, partner=partner, accept=False)
    partner.refresh_from_db()
    assert partner.status == PartnerStatus.DECLINED
    assert entries_after(world.alliance, seq) == [
        (seq + 1, "PartnerDeclined", {"organisation": world.stranger.organisation.name})]

    before = counts()
    with pytest.raises(Conflict, match="already been answered"):
        services.partner_respond(actor=world.stranger, partner=partner, accept=True)
    assert counts() == before
    partner.refresh_from_db()
    assert partner.status == PartnerStatus.DECLINED


def test_only_an_admin_of_the_invited_organisation_answers(world):
    partner = services.partner_invite(actor=world.founder, alliance=world.alliance,
                                      organisation=world.stranger.organisation,
                                      partner_type=PartnerType.CORE)
    colleague = PersonFactory(organisation=world.stranger.organisation)  # not an admin
    before = counts()
    for actor in (colleague, world.founder, world.outsider):
        with pytest.raises(PermissionDenied):
            services.partner_respond(actor=actor, partner=partner, accept=True)
    assert counts() == before
    partner.refresh_from_db()
    assert partner.status == PartnerStatus.INVITED


def test_accept_failing_after_the_status_change_rolls_everything_back(world, monkeypatch):
    # given the role grant fails after the partner was marked active
    partner = services.partner_invite(actor=world.founder, alliance=world.alliance,
                                      organisation=world.stranger.organisation,
                                      partner_type=PartnerType.CORE)
    real_append = services.journal_append

    def failing_append(**kwargs):
        if kwargs["kind"] == "RoleGranted":
            raise RuntimeError("boom")
        return real_append(**kwargs)

    monkeypatch.setattr(services, "journal_append", failing_append)
    before = counts()

    with pytest.raises(RuntimeError):
        services.partner_respond(actor=world.stranger, partner=partner, accept=True)

    # then the partner is still only invited and no PartnerJoined entry was kept
    assert counts() == before
    partner.refresh_from_db()
    assert partner.status == PartnerStatus.INVITED


# partner_leave ---------------------------------------------------------------------------------

def test_partner_leave_revokes_every_role_of_its_people_at_once(world):
    # given partner B with four people, and an open invitation for it
    invitation, _raw = invite(world, "new.b@example.org", partner=world.partner_b)
    people_b = [world.coordinator_b, world.observer_b, world.reviewer]
    for person in people_b:
        assert world.alliance in policy.alliances_visible_to(fresh(person))
    seq = last_seq(world.alliance)

    # when B's coordinator leaves for B
    services.partner_leave(actor=world.coordinator_b, partner=world.partner_b)

    # then B has left, none of its memberships is live, the invitation is withdrawn,
    assert Partner.objects.get(pk=world.partner_b.pk).status == PartnerStatus.LEFT
    assert not Membership.objects.filter(partner=world.partner_b, revoked_at__isnull=True).exists()
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is not None
    # and its people lose access on their very next look
    for person in people_b:
        assert world.alliance not in policy.alliances_visible_to(fresh(person))
        assert policy.roles_in(fresh(person), world.alliance.pk) == set()
    # while the others keep theirs
    assert world.alliance in policy.alliances_visible_to(fresh(world.professional_a))
    assert entries_after(world.alliance, seq) == [
        (seq + 1, "PartnerLeft", {"organisation": world.coordinator_b.organisation.name})]


def test_partner_leave_by_a_partner_that_left_loses_api_access(world, client):
    # given B's observer logged in and able to read the alliance
    client.force_login(world.observer_b)
    url = f"/api/v1/alliances/{world.alliance.pk}"
    assert client.get(url).status_code == 200

    # when B leaves
    services.partner_leave(actor=world.coordinator_b, partner=world.partner_b)

    # then the observer's next request finds nothing
    assert client.get(url).status_code == 404


def test_only_someone_speaking_for_the_partner_may_leave(world):
    before = counts()
    for actor in (world.founder, world.observer_b, world.professional_a, world.reviewer):
        with pytest.raises(PermissionDenied):
            services.partner_leave(actor=fresh(actor), partner=world.partner_b)
    assert counts() == before
    assert Partner.objects.get(pk=world.partner_b.pk).status == PartnerStatus.ACTIVE


def test_the_last_partner_cannot_leave(world):
    # given alliance Z, whose only partner is the outsider's organisation
    partner = Partner.objects.get(alliance=world.other_alliance)
    give_role(partner, world.outsider, Role.BOARD_MEMBER, Level.STRATEGIC)
    before = counts()

    with pytest.raises(DomainError, match="last partner"):
        services.partner_leave(actor=fresh(world.outsider), partner=partner)

    assert counts() == before
    partner.refresh_from_db()
    assert partner.status == PartnerStatus.ACTIVE
    assert Membership.objects.filter(partner=partner, revoked_at__isnull=True).count() == 2


# invitations -----------------------------------------------------------------------------------

def test_invitation_create_stores_only_the_hash_and_mails_the_link_on_commit(
        world, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, raw = invite(world, "  New.Person@Example.org ")

    assert invitation.email == "new.person@example.org"
    assert raw.startswith("inv_")
    assert raw not in invitation.token_hash
    assert Invitation.objects.filter(token_hash__contains=raw).count() == 0
    assert selectors.invitation_by_token(raw) == invitation
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["new.person@example.org"]
    assert f"/invitations/{raw}" in mailoutbox[0].body


def test_external_reviewer_without_end_date_is_refused(world):
    before = counts()
    with pytest.raises(DomainError) as refused:
        invite(world, "reviewer2@example.org", Role.EXTERNAL_REVIEWER, level=Level.STRATEGIC)
    assert (refused.value.field, refused.value.status) == ("ends_on", 422)
    assert counts() == before


def test_end_date_in_the_past_is_refused(world):
    before = counts()
    with pytest.raises(DomainError, match="past") as refused:
        invite(world, "late@example.org", ends_on=timezone.localdate() - dt.timedelta(days=1))
    assert refused.value.field == "ends_on"
    assert counts() == before


def test_a_second_open_invitation_for_the_same_role_is_a_conflict(world):
    invite(world, "twice@example.org")
    before = counts()
    with pytest.raises(Conflict) as conflict:
        invite(world, "TWICE@example.org")
    assert conflict.value.field == "email"
    assert counts() == before


def test_an_address_of_another_organisation_gets_the_same_answer_and_cannot_accept(world):
    # when the founder invites an address registered with another organisation and one that
    # is registered nowhere
    elsewhere, raw = invite(world, world.outsider.email)
    nowhere, _raw = invite(world, "nobody.yet@example.org")

    # then both invitations are made alike: the inviter learns nothing about the address
    assert (elsewhere.partner_id, elsewhere.role, elsewhere.accepted_at) == (
        nowhere.partner_id, nowhere.role, nowhere.accepted_at)
    # and the person of the other organisation cannot take it up
    before = counts()
    with pytest.raises(DomainError, match="another organisation"):
        services.invitation_accept(actor=world.outsider, raw_token=raw)
    assert counts() == before


def test_coordinator_invites_only_for_own_partner(world):
    before = counts()
    with pytest.raises(PermissionDenied):
        services.invitation_create(actor=world.coordinator_b, partner=world.partner_a,
                                   email="x@example.org", role=Role.PROFESSIONAL,
                                   level=Level.OPERATIONAL)
    assert counts() == before
    invitation, _ = services.invitation_create(
        actor=world.coordinator_b, partner=world.partner_b, email="x@example.org",
        role=Role.PROFESSIONAL, level=Level.OPERATIONAL)
    assert invitation.partner_id == world.partner_b.pk


def test_accepting_grants_the_role_and_journals_it(world):
    # given an invitation for a person without organisation
    ends_on = timezone.localdate() + dt.timedelta(days=10)
    invitation, raw = invite(world, "newcomer@example.org", Role.EXTERNAL_REVIEWER,
                             ends_on=ends_on, level=Level.STRATEGIC)
    newcomer = PersonFactory(email="newcomer@example.org", organisation=None)
    seq = last_seq(world.alliance)

    # when they accept
    membership = services.invitation_accept(actor=newcomer, raw_token=raw)

    # then they hold the role for the partner, join its organisation, and it is journaled
    assert (membership.person_id, membership.partner_id, membership.role, membership.ends_on) == (
        newcomer.pk, world.partner_a.pk, Role.EXTERNAL_REVIEWER, ends_on)
    assert fresh(newcomer).organisation_id == world.partner_a.organisation_id
    invitation.refresh_from_db()
    assert invitation.accepted_by_id == newcomer.pk
    assert invitation.accepted_at is not None
    assert entries_after(world.alliance, seq) == [
        (seq + 1, "RoleGranted", {"person": "newcomer@example.org",
                                  "partner": world.partner_a.organisation.name,
                                  "role": "external_reviewer", "level": "strategic",
                                  "ends_on": ends_on.isoformat()})]
    # the grant is recorded as the inviter's commitment
    assert JournalEntry.objects.get(alliance=world.alliance, seq=seq + 1).actor_id == (
        world.founder.pk)
    assert world.alliance in policy.alliances_visible_to(fresh(newcomer))


def test_an_invitation_is_single_use(world):
    _invitation, raw = invite(world, "once@example.org")
    person = PersonFactory(email="once@example.org", organisation=world.partner_a.organisation)
    services.invitation_accept(actor=person, raw_token=raw)
    before = counts()

    with pytest.raises(Conflict, match="already been used"):
        services.invitation_accept(actor=fresh(person), raw_token=raw)

    assert counts() == before
    assert Membership.objects.filter(person=person).count() == 1


def test_an_expired_invitation_cannot_be_accepted(world):
    invitation, raw = invite(world, "late@example.org")
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1))
    person = PersonFactory(email="late@example.org", organisation=None)
    before = counts()

    with pytest.raises(DomainError, match="expired") as refused:
        services.invitation_accept(actor=person, raw_token=raw)

    assert refused.value.code == "expired"
    assert counts() == before
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert fresh(person).organisation_id is None


def test_an_invitation_for_another_address_cannot_be_accepted(world):
    invitation, raw = invite(world, "meant@example.org")
    before = counts()

    with pytest.raises(DomainError) as refused:
        services.invitation_accept(actor=world.professional_a, raw_token=raw)

    assert refused.value.code == "wrong_person"
    assert counts() == before
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_a_person_of_another_organisation_cannot_accept(world):
    # given an invitation to an address that later registers with another organisation
    invitation, raw = invite(world, "switcher@example.org")
    other_org = OrganisationFactory()
    person = PersonFactory(email="switcher@example.org", organisation=other_org)
    before = counts()

    with pytest.raises(DomainError, match="another organisation"):
        services.invitation_accept(actor=person, raw_token=raw)

    assert counts() == before
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert fresh(person).organisation_id == other_org.pk


def test_an_unknown_token_is_refused(world):
    person = PersonFactory()
    with pytest.raises(DomainError) as refused:
        services.invitation_accept(actor=person, raw_token="inv_not-a-real-token")
    assert refused.value.code == "not_found"


def test_a_withdrawn_invitation_cannot_be_accepted(world):
    _invitation, raw = invite(world, "b.person@example.org", partner=world.partner_b)
    services.partner_leave(actor=world.coordinator_b, partner=world.partner_b)
    person = PersonFactory(email="b.person@example.org", organisation=None)
    before = counts()
    with pytest.raises(Conflict):
        services.invitation_accept(actor=person, raw_token=raw)
    assert counts() == before


def test_a_partner_has_one_coordinator(world):
    # given partner B, coordinated by coordinator_b, and B's board member
    board_b = PersonFactory(organisation=world.coordinator_b.organisation)
    give_role(world.partner_b, board_b, Role.BOARD_MEMBER, Level.STRATEGIC)
    before = counts()

    # when anyone (B's board member, B's coordinator, the key alliance manager) invites a
    # second coordinator for B
    for actor in (board_b, world.coordinator_b, world.founder):
        with pytest.raises(PermissionDenied):
            services.invitation_create(actor=actor, partner=world.partner_b,
                                       email="second.coord@example.org",
                                       role=Role.ALLIANCE_COORDINATOR, level=Level.TACTICAL)

    # then nothing changed: the role is held, so it is handed over, not granted
    assert counts() == before
    assert Membership.objects.filter(partner=world.partner_b, role=Role.ALLIANCE_COORDINATOR,
                                     revoked_at__isnull=True).count() == 1


def test_the_same_role_twice_is_a_conflict(world):
    # Refused when inviting (no duplicate goes out) …
    before = counts()
    with pytest.raises(Conflict, match="already holds this role") as refused:
        invite(world, world.professional_a.email, Role.PROFESSIONAL)
    assert refused.value.field == "email"
    assert counts() == before
    # … and at acceptance, when the role was granted meanwhile.
    person = PersonFactory(email="twice@example.org", organisation=world.partner_a.organisation)
    _invitation, raw = invite(world, person.email, Role.PROFESSIONAL)
    give_role(world.partner_a, person, Role.PROFESSIONAL)
    before = counts()
    with pytest.raises(Conflict, match="already holds this role"):
        services.invitation_accept(actor=person, raw_token=raw)
    assert counts() == before


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_acceptances_yield_one_membership(world):
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent writers (PostgreSQL); the sequential case runs everywhere")
    # given one invitation and the same person clicking its link twice at the same moment
    _invitation, raw = invite(world, "double@example.org")
    person = PersonFactory(email="double@example.org", organisation=None)
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def click() -> None:
        try:
            barrier.wait(timeout=10)
            outcomes.append(services.invitation_accept(actor=fresh(person), raw_token=raw))
        except Exception as exc:  # the outcome is what the test inspects
            outcomes.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    # then exactly one click succeeded and the other was told the link was used
    memberships = [o for o in outcomes if isinstance(o, Membership)]
    conflicts = [o for o in outcomes if isinstance(o, Conflict)]
    assert (len(memberships), len(conflicts)) == (1, 1), outcomes
    assert Membership.objects.filter(person=person).count() == 1
    assert JournalEntry.objects.filter(alliance=world.alliance, kind="RoleGranted",
                                       payload__person="double@example.org").count() == 1
    assert journal_verify(alliance_id=world.alliance.pk).intact is True


# membership_revoke -----------------------------------------------------------------------------

def test_revoke_journals_and_takes_access_away(world):
    membership = Membership.objects.get(person=world.observer_b)
    seq = last_seq(world.alliance)

    services.membership_revoke(actor=world.coordinator_b, membership=membership)

    membership.refresh_from_db()
    assert membership.revoked_at is not None
    assert entries_after(world.alliance, seq) == [
        (seq + 1, "RoleRevoked", {"person": world.observer_b.email,
                                  "partner": world.partner_b.organisation.name,
                                  "role": "observer"})]
    assert world.alliance not in policy.alliances_visible_to(fresh(world.observer_b))


def test_revoking_twice_is_a_conflict(world):
    membership = Membership.objects.get(person=world.observer_b)
    services.membership_revoke(actor=world.coordinator_b, membership=membership)
    before = counts()
    with pytest.raises(Conflict, match="already been revoked"):
        services.membership_revoke(actor=fresh(world.coordinator_b), membership=membership)
    assert counts() == before


def test_coordinator_cannot_revoke_for_another_partner(world):
    membership = Membership.objects.get(person=world.professional_a)
    before = counts()
    for actor in (world.coordinator_b, world.observer_b, world.professional_a):
        with pytest.raises(PermissionDenied):
            services.membership_revoke(actor=fresh(actor), membership=membership)
    assert counts() == before
    assert Membership.objects.get(pk=membership.pk).revoked_at is None


def login_through_allauth(client, person: Person) -> None:
    response = client.post("/accounts/login/", {"login": person.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    assert UserSession.objects.filter(user=person).count() == 1


def test_revoking_the_last_role_ends_the_persons_sessions(
        world, client, django_capture_on_commit_callbacks):
    # given professional A, logged in through allauth, with one role
    login_through_allauth(client, world.professional_a)
    assert client.get("/api/v1/alliances").status_code == 200

    # when that role is revoked
    membership = Membership.objects.get(person=world.professional_a)
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_revoke(actor=world.founder, membership=membership)

    # then their sessions are gone and the next request is anonymous
    assert UserSession.objects.filter(user=world.professional_a).count() == 0
    assert client.get("/api/v1/alliances").status_code == 401


def test_revoking_one_of_two_roles_keeps_the_session(
        world, client, django_capture_on_commit_callbacks):
    extra = give_role(world.partner_a, world.professional_a, Role.BOARD_MEMBER, Level.STRATEGIC)
    login_through_allauth(client, world.professional_a)

    with django_capture_on_commit_callbacks(execute=True):
        services.membership_revoke(actor=world.founder, membership=extra)

    assert UserSession.objects.filter(user=world.professional_a).count() == 1
    response = client.get(f"/api/v1/alliances/{world.alliance.pk}")
    assert response.status_code == 200


def test_a_partner_leaving_ends_the_sessions_of_its_people(
        world, client, django_capture_on_commit_callbacks):
    # given observer B, logged in, whose only role is with partner B
    login_through_allauth(client, world.observer_b)
    assert client.get("/api/v1/alliances").status_code == 200

    # when partner B leaves the alliance
    with django_capture_on_commit_callbacks(execute=True):
        services.partner_leave(actor=world.coordinator_b, partner=world.partner_b)

    # then observer B's sessions are gone and the next request is anonymous
    assert UserSession.objects.filter(user=world.observer_b).count() == 0
    assert client.get("/api/v1/alliances").status_code == 401


# make_alliance from the factories goes through the service as well ----------------------------

def test_every_alliance_of_the_world_has_an_intact_journal(world):
    extra = make_alliance(PersonFactory(), "Third")
    for alliance in (world.alliance, world.other_alliance, extra):
        report = journal_verify(alliance_id=alliance.pk)
        assert report.intact is True
        assert report.entries == last_seq(alliance)
