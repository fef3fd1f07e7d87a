"""Every write on alliances, partners, memberships and invitations. Atomic and journaled."""

import datetime as dt
from functools import partial
from itertools import groupby

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from concordia.access import policy
from concordia.access import rules as access_rules
from concordia.accounts import services as account_services
from concordia.accounts.models import Person, hash_token, new_raw_token
from concordia.accounts.selectors import people_with_verified_email
from concordia.accounts.services import person_sessions_end
from concordia.core.db import conflict_on_duplicate
from concordia.core.errors import Conflict, DomainError
from concordia.core.name_rules import name_skeleton
from concordia.journal.services import journal_append
from concordia.notifications import services as notifications
from concordia.notifications.choices import NotificationKind
from concordia.organisations import services as organisation_services
from concordia.organisations.models import Organisation

from . import selectors
from .choices import Level, PartnerStatus, PartnerType, Role
from .locks import alliance_lock
from .mail import (
    enqueue_invitation_mail,
    enqueue_organisation_invitation_mail,
    enqueue_partner_invitation_mail,
)
from .models import Alliance, Document, Invitation, Membership, OrganisationInvitation, Partner

INVITABLE_PARTNER_TYPES = tuple(t for t in PartnerType.values if t != PartnerType.OWNER)


def _grant(*, actor: Person | None, partner: Partner, person: Person, role: str, level: str,
           ends_on: dt.date | None = None) -> Membership:
    if role in access_rules.SINGLE_HOLDER_ROLES:
        _end_lapsed_holder(actor=actor, partner=partner, role=role)
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                alliance_id=partner.alliance_id, partner=partner, person=person, role=role,
                level=level, ends_on=ends_on,
            )
    except IntegrityError as exc:
        if role == Role.ALLIANCE_COORDINATOR and Membership.objects.filter(
            partner=partner, role=role, revoked_at__isnull=True
        ).exists():
            raise Conflict(_("This partner already has an alliance coordinator.")) from exc
        if role == Role.KEY_ALLIANCE_MANAGER and Membership.objects.filter(
            alliance_id=partner.alliance_id, role=role, revoked_at__isnull=True
        ).exists():
            raise Conflict(_("This alliance already has a key alliance manager.")) from exc
        raise Conflict(_("This person already holds this role in the alliance.")) from exc
    journal_append(
        alliance=partner.alliance, actor=actor, kind="RoleGranted", subject=membership,
        payload={"person": person.email, "partner": partner.organisation.name, "role": role,
                 "level": level, "ends_on": ends_on.isoformat() if ends_on else None},
    )
    policy.forget_cached_access(person)
    return membership


def _partner_name(membership: Membership) -> str | None:
    """The organisation a role is held for, in a journal entry; None for an outside
    reviewer's role (held for no partner)."""
    return membership.partner.organisation.name if membership.partner is not None else None


def _end_lapsed_holder(*, actor: Person | None, partner: Partner, role: str) -> None:
    """A single-holder role whose holder was deactivated is vacant but still held on paper; the
    database allows one unrevoked holder, so that row ends (journaled) before the next starts."""
    holders = Membership.objects.filter(role=role, revoked_at__isnull=True)
    holders = (holders.filter(alliance_id=partner.alliance_id)
               if role == Role.KEY_ALLIANCE_MANAGER else holders.filter(partner=partner))
    for lapsed in (holders.exclude(policy.live_membership_q())
                   .select_related("person", "partner__organisation")):
        Membership.objects.filter(pk=lapsed.pk).update(revoked_at=timezone.now())
        journal_append(alliance=partner.alliance, actor=actor, kind="RoleRevoked",
                       subject=lapsed,
                       payload={"person": lapsed.person.email,
                                "partner": _partner_name(lapsed),
                                "role": lapsed.role, "reason": "vacated"})


@transaction.atomic
def alliance_create(*, actor: Person, name: str, purpose: str, started_on: dt.date) -> Alliance:
    """Found an alliance: the actor's organisation becomes its first partner (owner) and the
    actor its key alliance manager."""
    organisation = actor.organisation
    if organisation is None:
        raise DomainError(_("Register your organisation before you create an alliance."))
    alliance = Alliance.objects.create(name=name.strip(), purpose=purpose.strip(),
                                       started_on=started_on)
    journal_append(alliance=alliance, actor=actor, kind="AllianceCreated", subject=alliance,
                   payload={"name": alliance.name, "purpose": alliance.purpose,
                            "started_on": started_on.isoformat()})
    partner = Partner.objects.create(
        alliance=alliance, organisation=organisation, partner_type=PartnerType.OWNER,
        status=PartnerStatus.ACTIVE, joined_at=timezone.now(),
    )
    journal_append(alliance=alliance, actor=actor, kind="PartnerJoined", subject=partner,
                   payload={"organisation": partner.organisation.name,
                            "partner_type": partner.partner_type})
    _grant(actor=actor, partner=partner, person=actor, role=Role.KEY_ALLIANCE_MANAGER,
           level=Level.TACTICAL)
    return alliance


@transaction.atomic
def partner_invite(*, actor: Person, alliance: Alliance, organisation: Organisation,
                   partner_type: str, site_url: str = "") -> Partner:
    """Invite an organisation; its own administrator accepts or declines."""
    alliance_lock(alliance.pk, actor=actor)
    policy.require(actor, "alliance.invite_partner", alliance)
    if partner_type not in INVITABLE_PARTNER_TYPES:
        # The owner is the partner that founded the alliance; nobody is invited into that place.
        raise DomainError(_("Choose a partner type other than owner: the owner is the partner "
                            "that founded the alliance."), field="partner_type")
    partner = Partner.objects.select_for_update(of=("self",), no_key=True).filter(
        alliance=alliance, organisation=organisation).first()
    if partner is not None and partner.status in (PartnerStatus.ACTIVE, PartnerStatus.INVITED):
        raise Conflict(_("This organisation is already a partner or invited."),
                       field="organisation")
    if partner is None:
        with conflict_on_duplicate(_("This organisation is already a partner or invited."),
                                   field="organisation"):
            partner = Partner.objects.create(alliance=alliance, organisation=organisation,
                                             partner_type=partner_type)
    else:  # a partner that declined or left earlier is invited again; its history stays
        partner.status, partner.partner_type = PartnerStatus.INVITED, partner_type
        partner.joined_at = partner.left_at = None
        partner.save(update_fields=["status", "partner_type", "joined_at", "left_at"])
    journal_append(alliance=alliance, actor=actor, kind="PartnerInvited", subject=partner,
                   payload={"organisation": organisation.name, "partner_type": partner_type})
    enqueue_partner_invitation_mail(partner, actor, site_url or settings.SITE_URL)
    return partner


def partner_invite_by_name(*, actor: Person, alliance: Alliance, organisation_name: str,
                           email: str, partner_type: str, site_url: str = ""
                           ) -> Partner | OrganisationInvitation:
    """Invite an organisation by its name: a registered one is invited as a partner (its
    administrators answer); for any other name its contact receives a link to register it
    first. The directory of registered organisations is open to everyone logged in, so telling
    which of the two happened reveals nothing; whether the contact's address has an account is
    never told."""
    _name, organisation = organisation_services.registered_organisation_named(
        organisation_name, field="organisation_name")
    if organisation is not None:
        return partner_invite(actor=actor, alliance=alliance, organisation=organisation,
                              partner_type=partner_type, site_url=site_url)
    invitation, _raw = organisation_invite(
        actor=actor, alliance=alliance, organisation_name=organisation_name, email=email,
        partner_type=partner_type, site_url=site_url)
    return invitation


def _new_link(invitation: OrganisationInvitation) -> str:
    """A fresh token for the invitation's link; only its hash is kept, the earlier one is
    replaced (so an earlier link stops working)."""
    raw = new_raw_token("org")
    now = timezone.now()
    invitation.token_hash = hash_token(raw)
    invitation.sent_at = now
    invitation.expires_at = now + dt.timedelta(days=settings.INVITATION_VALID_DAYS)
    return raw


@transaction.atomic
def organisation_invite(*, actor: Person, alliance: Alliance, organisation_name: str,
                        email: str, partner_type: str, site_url: str = "",
                        notify: bool = True) -> tuple[OrganisationInvitation, str]:
    """Invite an organisation that is not registered: its contact gets a link (by mail only)
    to register it, with the name filled in, and then answers the partner invitation. Returns
    the invitation and the link's raw token, which exists only in the mail."""
    alliance_lock(alliance.pk, actor=actor)
    policy.require(actor, "alliance.invite_partner", alliance)
    if partner_type not in INVITABLE_PARTNER_TYPES:
        raise DomainError(_("Choose a partner type other than owner: the owner is the partner "
                            "that founded the alliance."), field="partner_type")
    name, organisation = organisation_services.registered_organisation_named(
        organisation_name, field="organisation_name")
    if organisation is not None:
        raise DomainError(_("This organisation is registered already: invite it as a partner "
                            "(its administrators answer)."), field="organisation_name",
                          code="organisation_registered")
    email = email.strip().lower()
    if not email:
        raise DomainError(_("Give the e-mail address of a contact at the organisation."),
                          field="email")
    open_ones = OrganisationInvitation.objects.filter(
        alliance=alliance, withdrawn_at__isnull=True, partner__isnull=True).only(
        "organisation_name")
    skeleton = name_skeleton(name)
    if any(name_skeleton(o.organisation_name) == skeleton
           or o.organisation_name.casefold() == name.casefold() for o in open_ones):
        raise Conflict(_("This organisation is invited already; resend or withdraw that "
                         "invitation on the partners page."), field="organisation_name")
    invitation = OrganisationInvitation(alliance=alliance, organisation_name=name, email=email,
                                        partner_type=partner_type, invited_by=actor)
    raw = _new_link(invitation)
    invitation.save()
    journal_append(alliance=alliance, actor=actor, kind="OrganisationInvited",
                   subject=invitation,
                   payload={"organisation": name, "partner_type": partner_type,
                            "person": email})
    if notify:  # the demo's invitation goes by no mail
        enqueue_organisation_invitation_mail(invitation, raw, site_url or settings.SITE_URL)
    return invitation, raw


def _locked_open_invitation(invitation: OrganisationInvitation) -> OrganisationInvitation:
    invitation = (OrganisationInvitation.objects.select_for_update(of=("self",), no_key=True)
                  .select_related("alliance").get(pk=invitation.pk))
    if not invitation.is_open:
        raise Conflict(_("This invitation has been withdrawn or the organisation has "
                         "registered meanwhile."))
    return invitation


@transaction.atomic
def organisation_invitation_resend(*, actor: Person, invitation: OrganisationInvitation,
                                   site_url: str = "") -> OrganisationInvitation:
    """Send the link again, valid for the full period from now; the earlier link stops
    working (its token is replaced)."""
    alliance_lock(invitation.alliance_id, actor=actor)
    invitation = _locked_open_invitation(invitation)
    policy.require(actor, "alliance.invite_partner", invitation.alliance)
    raw = _new_link(invitation)
    invitation.times_sent += 1
    invitation.save(update_fields=["token_hash", "sent_at", "expires_at", "times_sent"])
    journal_append(alliance=invitation.alliance, actor=actor, kind="OrganisationInvitationResent",
                   subject=invitation,
                   payload={"organisation": invitation.organisation_name,
                            "partner_type": invitation.partner_type, "person": invitation.email})
    enqueue_organisation_invitation_mail(invitation, raw, site_url or settings.SITE_URL)
    return invitation


@transaction.atomic
def organisation_invitation_withdraw(*, actor: Person, invitation: OrganisationInvitation
                                     ) -> OrganisationInvitation:
    alliance_lock(invitation.alliance_id, actor=actor)
    invitation = _locked_open_invitation(invitation)
    policy.require(actor, "alliance.invite_partner", invitation.alliance)
    invitation.withdrawn_at = timezone.now()
    invitation.save(update_fields=["withdrawn_at"])
    journal_append(alliance=invitation.alliance, actor=actor,
                   kind="OrganisationInvitationWithdrawn", subject=invitation,
                   payload={"organisation": invitation.organisation_name,
                            "partner_type": invitation.partner_type, "person": invitation.email})
    return invitation


@transaction.atomic
def organisation_invitation_register(*, actor: Person, raw_token: str, name: str, kind: str,
                                     kvk_number: str = "", oin: str = "", website: str = "",
                                     full_name: str = "") -> Partner:
    """The contact registers the invited organisation through the link: they become its
    administrator, and the organisation is invited as a partner, which they then answer (as
    any administrator answers a partner invitation). The name may be corrected; the rules
    for organisation names (no look-alikes) apply as at any registration."""
    invitation = selectors.organisation_invitation_by_token(raw_token)
    if invitation is None:
        raise DomainError(_("This invitation link is not valid."), code="not_found")
    alliance_lock(invitation.alliance_id)
    invitation = (OrganisationInvitation.objects.select_for_update(of=("self",), no_key=True)
                  .select_related("alliance").get(pk=invitation.pk))
    if not invitation.is_open:
        raise Conflict(_("This invitation has already been used or withdrawn."))
    if invitation.expires_at <= timezone.now():
        raise DomainError(_("This invitation has expired. Ask for a new one."), code="expired")
    if actor.email.lower() != invitation.email.lower():
        raise DomainError(_("This invitation was sent to another e-mail address."),
                          code="wrong_person")
    if actor.organisation_id is not None:
        raise DomainError(_("You belong to a registered organisation already. Ask the key "
                            "alliance manager to invite that organisation instead."),
                          code="has_organisation")
    inviter = Person.objects.get(pk=invitation.invited_by_id)
    policy.forget_cached_access(inviter)
    if not (inviter.is_active and policy.can(inviter, "alliance.invite_partner",
                                             invitation.alliance)):
        raise DomainError(_("The person who sent this invitation may no longer invite "
                            "partners. Ask for a new invitation."),
                          code="inviter_not_authorised")
    account_services.person_name_set(person=actor, full_name=full_name)
    organisation = organisation_services.organisation_register(
        actor=actor, name=name, kind=kind, kvk_number=kvk_number, oin=oin, website=website)
    partner = Partner.objects.create(alliance=invitation.alliance, organisation=organisation,
                                     partner_type=invitation.partner_type)
    invitation.partner, invitation.registered_at = partner, timezone.now()
    invitation.save(update_fields=["partner", "registered_at"])
    journal_append(alliance=invitation.alliance, actor=actor, kind="InvitedOrganisationRegistered",
                   subject=partner,
                   payload={"organisation": organisation.name,
                            "partner_type": partner.partner_type,
                            "invited_as": invitation.organisation_name})
    policy.forget_cached_access(actor)
    return partner


def _locked_invited_partner(actor: Person, partner: Partner) -> Partner:
    alliance_lock(partner.alliance_id, actor=actor)
    partner = (Partner.objects.select_for_update(of=("self",), no_key=True)
               .select_related("alliance", "organisation").get(pk=partner.pk))
    policy.require(actor, "alliance.invite_partner", partner.alliance)
    if partner.status != PartnerStatus.INVITED:
        raise Conflict(_("This invitation has already been answered or withdrawn."))
    return partner


@transaction.atomic
def partner_invitation_resend(*, actor: Person, partner: Partner, site_url: str = "") -> Partner:
    """Mail the invited organisation's administrators again (the invitation itself stays)."""
    partner = _locked_invited_partner(actor, partner)
    journal_append(alliance=partner.alliance, actor=actor, kind="PartnerInvitationResent",
                   subject=partner, payload={"organisation": partner.organisation.name,
                                             "partner_type": partner.partner_type})
    enqueue_partner_invitation_mail(partner, actor, site_url or settings.SITE_URL)
    return partner


@transaction.atomic
def partner_invitation_withdraw(*, actor: Person, partner: Partner) -> Partner:
    """Withdraw an unanswered partner invitation: its administrators can no longer accept it;
    the row stays (history) and the organisation can be invited again."""
    partner = _locked_invited_partner(actor, partner)
    partner.status = PartnerStatus.WITHDRAWN
    partner.save(update_fields=["status"])
    journal_append(alliance=partner.alliance, actor=actor, kind="PartnerInvitationWithdrawn",
                   subject=partner, payload={"organisation": partner.organisation.name,
                                             "partner_type": partner.partner_type})
    return partner


@transaction.atomic
def partner_respond(*, actor: Person, partner: Partner, accept: bool) -> Partner:
    """The invited organisation's administrator accepts (becoming its coordinator) or declines."""
    alliance_lock(partner.alliance_id)
    partner = (Partner.objects.select_for_update(of=("self",), no_key=True)
               .select_related("alliance", "organisation").get(pk=partner.pk))
    if not policy.can(actor, "organisation.answer_invitation", partner):
        raise PermissionDenied
    if partner.status != PartnerStatus.INVITED:
        raise Conflict(_("This invitation has already been answered."))
    if accept:
        partner.status, partner.joined_at = PartnerStatus.ACTIVE, timezone.now()
        partner.save(update_fields=["status", "joined_at"])
        journal_append(alliance=partner.alliance, actor=actor, kind="PartnerJoined",
                       subject=partner, payload={"organisation": partner.organisation.name,
                                                 "partner_type": partner.partner_type})
        has_coordinator = Membership.objects.filter(
            partner=partner, role=Role.ALLIANCE_COORDINATOR, revoked_at__isnull=True).exists()
        if not has_coordinator:
            _grant(actor=actor, partner=partner, person=actor, role=Role.ALLIANCE_COORDINATOR,
                   level=Level.TACTICAL)
    else:
        partner.status = PartnerStatus.DECLINED
        partner.save(update_fields=["status"])
        journal_append(alliance=partner.alliance, actor=actor, kind="PartnerDeclined",
                       subject=partner, payload={"organisation": partner.organisation.name})
    return partner


@transaction.atomic
def partner_leave(*, actor: Person, partner: Partner) -> Partner:
    """The partner leaves: every role of its people ends at once; its history stays."""
    alliance_lock(partner.alliance_id, actor=actor)
    partner = (Partner.objects.select_for_update(of=("self",), no_key=True)
               .select_related("alliance", "organisation").get(pk=partner.pk))
    policy.require(actor, "partner.speak_for", partner)
    if partner.status != PartnerStatus.ACTIVE:
        raise Conflict(_("This partner is not active."))
    active_left = Partner.objects.filter(alliance_id=partner.alliance_id,
                                         status=PartnerStatus.ACTIVE).exclude(pk=partner.pk)
    if not active_left.exists():
        raise DomainError(_("The last partner cannot leave the alliance."))
    now = timezone.now()
    partner.status, partner.left_at = PartnerStatus.LEFT, now
    partner.save(update_fields=["status", "left_at"])
    affected = list(Person.objects.filter(memberships__partner=partner,
                                          memberships__revoked_at__isnull=True).distinct())
    Membership.objects.filter(partner=partner, revoked_at__isnull=True).update(revoked_at=now)
    _end_sessions_without_roles(affected)
    open_invitations = Invitation.objects.filter(partner=partner, accepted_at__isnull=True,
                                                 withdrawn_at__isnull=True)
    withdrawn = list(open_invitations.values_list("pk", flat=True))
    open_invitations.update(withdrawn_at=now)
    _invitations_settled(withdrawn)
    journal_append(alliance=partner.alliance, actor=actor, kind="PartnerLeft", subject=partner,
                   payload={"organisation": partner.organisation.name})
    policy.forget_cached_access(actor)
    return partner


def _check_role(role: str, ends_on: dt.date | None) -> None:
    problem = access_rules.invitable_roles_check(role, ends_on, timezone.localdate())
    if problem == "external_reviewer_needs_end_date":
        raise DomainError(_("An external reviewer needs an end date."), field="ends_on")
    if problem == "end_date_in_past":
        raise DomainError(_("The end date lies in the past."), field="ends_on")
    if problem == "single_holder_has_no_end_date":
        raise DomainError(_("A key alliance manager or coordinator has no end date: the role "
                            "is handed over."), field="ends_on")


@transaction.atomic
def invitation_create(*, actor: Person, partner: Partner, email: str, role: str, level: str,
                      ends_on: dt.date | None = None, notify: bool = True, site_url: str = ""
                      ) -> tuple[Invitation, str]:
    """Invite a person by e-mail to a role for a partner. Returns the invitation and the raw
    token, which exists only in the mail. The mail is queued on commit; its link starts with
    site_url (the address the request came in on), or SITE_URL."""
    alliance_lock(partner.alliance_id, actor=actor)
    policy.require(actor, "alliance.manage_people", partner.alliance)
    if not policy.may_grant_role(actor, partner, role):
        raise PermissionDenied
    partner.refresh_from_db(fields=["status"])
    if partner.status != PartnerStatus.ACTIVE:
        raise DomainError(_("People can only be invited for an active partner."), field="partner")
    _check_role(role, ends_on)
    email = email.strip().lower()
    # Whether the address belongs to someone of another organisation is not told here (that
    # would let anyone who may invite probe the directory): the acceptance refuses it instead.
    if Invitation.objects.filter(partner=partner, email=email, role=role, accepted_at__isnull=True,
                                 withdrawn_at__isnull=True,
                                 expires_at__gt=timezone.now()).exists():
        raise Conflict(_("An open invitation for this person and role exists already."),
                       field="email")
    # Someone who holds the role already would only get a duplicate. Who holds which role in
    # the alliance is on its people page for everyone in it, so this tells nothing new about
    # the address (whether it has an account elsewhere stays unsaid).
    if Membership.objects.filter(alliance_id=partner.alliance_id, role=role,
                                 revoked_at__isnull=True,
                                 person__email__iexact=email).exists():
        raise Conflict(_("This person already holds this role in the alliance."),
                       field="email", code="role_held")
    raw = new_raw_token("inv")
    invitation = Invitation.objects.create(
        alliance_id=partner.alliance_id, partner=partner, email=email, role=role, level=level,
        ends_on=ends_on, token_hash=hash_token(raw), invited_by=actor,
        expires_at=timezone.now() + dt.timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    journal_append(alliance=partner.alliance, actor=actor, kind="PersonInvited",
                   subject=invitation,
                   payload={"person": email, "partner": partner.organisation.name, "role": role,
                            "level": level, "ends_on": ends_on.isoformat() if ends_on else None})
    if notify:
        enqueue_invitation_mail(invitation, raw, site_url or settings.SITE_URL)
    _tell_the_invited_person(invitation, alliance=partner.alliance)
    return invitation, raw


def _invitation_key(invitation_id: int) -> str:
    return f"invitation:{invitation_id}"


def _tell_the_invited_person(invitation: Invitation, *, alliance: Alliance) -> None:
    """Someone who already has an account on the invited address, and has confirmed it, also
    finds the invitation among their notifications (and by mail as they chose). It points to
    their to-do list, which shows the invitation: only the mail holds the link that accepts
    it (its token is stored as a hash). Nobody is told for an unknown address."""
    notifications.notify(
        people=people_with_verified_email(invitation.email), alliance=alliance,
        kind=NotificationKind.INVITATION_TO_ANSWER, key=_invitation_key(invitation.pk),
        params={}, url=reverse("home") + "#todo-invitations")


def _invitations_settled(invitation_ids: list[int]) -> None:
    """Accepted or withdrawn: the invitation no longer waits, nor does its notification."""
    notifications.notifications_settle(keys=[_invitation_key(pk) for pk in invitation_ids])


@transaction.atomic
def invitation_accept(*, actor: Person, raw_token: str, full_name: str = "") -> Membership:
    """Take up an invitation: single use, before it expires, by the person it was sent to. A
    person whose account has no name yet gives it here (the alliance's people see it)."""
    invitation = selectors.invitation_by_token(raw_token)
    if invitation is None:
        raise DomainError(_("This invitation link is not valid."), code="not_found")
    alliance_lock(invitation.alliance_id)
    invitation = Invitation.objects.select_for_update(of=("self",), no_key=True).select_related(
        "partner__organisation", "partner__alliance").get(pk=invitation.pk)
    if invitation.accepted_at or invitation.withdrawn_at:
        raise Conflict(_("This invitation has already been used or withdrawn."))
    if invitation.expires_at <= timezone.now():
        raise DomainError(_("This invitation has expired. Ask for a new one."), code="expired")
    if actor.email.lower() != invitation.email.lower():
        raise DomainError(_("This invitation was sent to another e-mail address."),
                          code="wrong_person")
    if invitation.partner.status != PartnerStatus.ACTIVE:
        raise DomainError(_("The partner of this invitation is no longer active."))
    _check_inviter_authority(invitation)
    person = Person.objects.select_for_update(of=("self",), no_key=True).get(pk=actor.pk)
    account_services.person_name_set(person=person, full_name=full_name)
    actor.full_name = person.full_name
    if person.organisation_id is None:
        person.organisation_id = invitation.partner.organisation_id
        person.save(update_fields=["organisation"])
    elif person.organisation_id != invitation.partner.organisation_id:
        raise DomainError(_("You belong to another organisation than this invitation."))
    # A conditional update makes the link single-use even under concurrent clicks.
    used = Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
        accepted_at=timezone.now(), accepted_by=person)
    if used != 1:
        raise Conflict(_("This invitation has already been used or withdrawn."))
    _invitations_settled([invitation.pk])
    return _grant(actor=invitation.invited_by, partner=invitation.partner, person=person,
                  role=invitation.role, level=invitation.level, ends_on=invitation.ends_on)


def outside_reviewer_grant(*, actor: Person | None, alliance: Alliance, person: Person,
                           ends_on: dt.date) -> Membership:
    """An external reviewer's role for no partner until ``ends_on`` (docs/decisions/0015): what
    accepting an external review's invitation gives. The caller holds the alliance's lock and
    has checked the invitation and its inviter (the key alliance manager, who alone appoints
    external reviewers). A role of no partner they hold already is kept, ending on the later
    of the two dates. Journaled as RoleGranted (partner null)."""
    if ends_on < timezone.localdate():
        raise DomainError(_("The end date lies in the past."), field="ends_on")
    held = (Membership.objects.select_for_update(of=("self",), no_key=True)
            .filter(alliance=alliance, person=person, role=Role.EXTERNAL_REVIEWER,
                    revoked_at__isnull=True).first())
    if held is not None and held.partner_id is not None:
        raise Conflict(_("This person already holds this role in the alliance."),
                       code="role_held")
    if held is not None and held.ends_on is not None and held.ends_on >= ends_on:
        return held
    if held is not None:
        held.ends_on = ends_on
        held.save(update_fields=["ends_on"])
        membership = held
    else:
        membership = Membership.objects.create(
            alliance=alliance, partner=None, person=person, role=Role.EXTERNAL_REVIEWER,
            level=Level.STRATEGIC, ends_on=ends_on)
    journal_append(alliance=alliance, actor=actor, kind="RoleGranted", subject=membership,
                   payload={"person": person.email, "partner": None,
                            "role": Role.EXTERNAL_REVIEWER, "level": membership.level,
                            "ends_on": ends_on.isoformat()})
    policy.forget_cached_access(person)
    return membership


@transaction.atomic
def membership_revoke(*, actor: Person, membership: Membership) -> Membership:
    """End a role now; the person loses access on their next request and their sessions end
    when no live role remains."""
    alliance_lock(membership.alliance_id, actor=actor)
    membership = Membership.objects.select_for_update(of=("self",), no_key=True).select_related(
        "partner__organisation", "person", "alliance").get(pk=membership.pk)
    policy.require(actor, "alliance.manage_people", membership.alliance)
    if not policy.may_revoke_role(actor, membership):
        raise PermissionDenied
    if membership.revoked_at is not None:
        raise Conflict(_("This role has already been revoked."))
    membership.revoked_at = timezone.now()
    membership.save(update_fields=["revoked_at"])
    journal_append(alliance=membership.alliance, actor=actor, kind="RoleRevoked",
                   subject=membership,
                   payload={"person": membership.person.email,
                            "partner": _partner_name(membership),
                            "role": membership.role})
    policy.forget_cached_access(membership.person)
    _withdraw_unauthorised_invitations(actor=actor, inviter=membership.person,
                                       alliance_id=membership.alliance_id,
                                       reason="inviter_role_revoked")
    _end_sessions_without_roles([membership.person])
    policy.forget_cached_access(actor)
    return membership


def _check_inviter_authority(invitation: Invitation) -> None:
    """The invitation carries its inviter's authority only while the inviter still has it: a
    revoked or deactivated inviter, or one who may no longer grant this role for this partner
    (e.g. the key alliance manager's place was filled meanwhile), invites nobody."""
    inviter = Person.objects.get(pk=invitation.invited_by_id)
    if not (inviter.is_active and policy.may_grant_role(inviter, invitation.partner,
                                                        invitation.role)):
        raise DomainError(
            _("The person who sent this invitation may no longer grant this role. Ask for a "
              "new invitation."), code="inviter_not_authorised")


def _withdraw(invitations: list[Invitation], *, actor: Person | None, reason: str) -> None:
    now = timezone.now()
    for invitation in invitations:
        Invitation.objects.filter(pk=invitation.pk).update(withdrawn_at=now)
        journal_append(alliance=invitation.alliance, actor=actor, kind="InvitationWithdrawn",
                       subject=invitation,
                       payload={"person": invitation.email,
                                "partner": invitation.partner.organisation.name,
                                "role": invitation.role, "reason": reason})
    _invitations_settled([invitation.pk for invitation in invitations])


def _open_invitations_sent_by(inviter: Person) -> QuerySet[Invitation]:
    return (Invitation.objects.select_for_update(of=("self",), no_key=True)
            .select_related("alliance", "partner__organisation")
            .filter(invited_by=inviter, accepted_at__isnull=True, withdrawn_at__isnull=True,
                    expires_at__gt=timezone.now()).order_by("pk"))


def _withdraw_unauthorised_invitations(*, actor: Person, inviter: Person, alliance_id: int,
                                       reason: str) -> None:
    """After a role of the inviter ended: withdraw the open invitations they sent in the
    alliance that their remaining roles no longer allow them to grant."""
    policy.forget_cached_access(inviter)
    stale = [inv for inv in _open_invitations_sent_by(inviter).filter(alliance_id=alliance_id)
             if not policy.may_grant_role(inviter, inv.partner, inv.role)]
    _withdraw(stale, actor=actor, reason=reason)
    policy.forget_cached_access(inviter)


def person_invitations_withdraw(*, actor: Person, person: Person) -> int:
    """A deactivated person invites nobody any more: withdraw every open invitation they sent,
    in every alliance, journaled there. Runs inside the deactivation's transaction."""
    # The alliances' locks first, in one order, as every write in an alliance takes them.
    for alliance_id in sorted(set(_open_invitations_sent_by(person).values_list(
            "alliance_id", flat=True))):
        alliance_lock(alliance_id)
    invitations = list(_open_invitations_sent_by(person))
    _withdraw(invitations, actor=actor, reason="inviter_deactivated")
    return len(invitations)


@transaction.atomic
def key_alliance_manager_transfer(*, actor: Person, alliance: Alliance,
                                  to_person: Person) -> Membership:
    """The live key alliance manager hands the role to a person who already has a live role in
    the alliance: the old role ends and the new one starts in one transaction, one entry."""
    alliance_lock(alliance.pk, actor=actor)
    policy.require(actor, "alliance.transfer_key_alliance_manager", alliance)
    return _hand_over(actor=actor, alliance=alliance, to_person=to_person,
                      role=Role.KEY_ALLIANCE_MANAGER, kind="KeyAllianceManagerTransferred")


@transaction.atomic
def coordinator_hand_over(*, actor: Person, alliance: Alliance, to_person: Person) -> Membership:
    """The live coordinator hands their own partner's coordinator role to another person of
    that partner (who need not be in the alliance yet). No partner argument: nobody hands over
    another partner's coordinator."""
    alliance_lock(alliance.pk, actor=actor)
    policy.require(actor, "alliance.hand_over_coordinator", alliance)
    return _hand_over(actor=actor, alliance=alliance, to_person=to_person,
                      role=Role.ALLIANCE_COORDINATOR, kind="CoordinatorHandedOver")


def _hand_over(*, actor: Person, alliance: Alliance, to_person: Person, role: str,
               kind: str) -> Membership:
    current = (Membership.objects.select_for_update(of=("self",), no_key=True)
               .select_related("partner__organisation")
               .filter(policy.live_membership_q(), alliance=alliance, person=actor, role=role)
               .first())
    if current is None:  # the role ended between the permission check and the lock
        raise PermissionDenied
    to_person = Person.objects.get(pk=to_person.pk)
    if to_person.pk == actor.pk:
        raise DomainError(_("Choose someone else to hand the role to."), field="person")
    if role == Role.KEY_ALLIANCE_MANAGER:
        # The next key alliance manager is someone the alliance already knows, of any partner.
        # (never an outside reviewer's role: the manager acts for a partner)
        theirs = (Membership.objects.filter(policy.live_membership_q(), alliance=alliance,
                                            person=to_person, partner__isnull=False)
                  .select_related("partner__organisation").first())
        if theirs is None or theirs.partner is None:
            raise DomainError(_("Choose a person with a live role in this alliance."),
                              field="person")
        partner = theirs.partner
    else:
        if current.partner is None:  # a coordinator's role always has its partner
            raise PermissionDenied
        partner = current.partner
        if not (to_person.is_active and to_person.organisation_id == partner.organisation_id):
            raise DomainError(_("Choose an active person of your own organisation."),
                              field="person")
    if Membership.objects.filter(alliance=alliance, person=to_person, role=role,
                                 revoked_at__isnull=True).exists():
        raise Conflict(_("This person already holds this role in the alliance."), field="person")
    now = timezone.now()
    # End the old role first: at no moment are there two holders (the database refuses it).
    current.revoked_at = now
    current.save(update_fields=["revoked_at"])
    successor = Membership.objects.create(alliance=alliance, partner=partner, person=to_person,
                                          role=role, level=current.level)
    journal_append(alliance=alliance, actor=actor, kind=kind, subject=successor,
                   payload={"person": to_person.email, "previous": actor.email,
                            "partner": partner.organisation.name, "role": role})
    policy.forget_cached_access(to_person)
    policy.forget_cached_access(actor)
    _withdraw_unauthorised_invitations(actor=actor, inviter=actor, alliance_id=alliance.pk,
                                       reason="inviter_role_handed_over")
    _end_sessions_without_roles([actor])
    return successor


@transaction.atomic
def person_deactivate(*, actor: Person, person: Person) -> Person:
    """An organisation administrator switches off one of its people (accounts' service: their
    sessions and tokens end) and every role they hold ends with it: one PersonDeactivated entry
    per alliance affected, listing the roles that ended there; the invitations they sent and
    that are still open are withdrawn, journaled. The alliance locks come first, by id (one
    lock order), then the person's row."""
    held = Membership.objects.filter(person=person, revoked_at__isnull=True)
    affected = set(held.values_list("alliance_id", flat=True)) | set(
        _open_invitations_sent_by(person).values_list("alliance_id", flat=True))
    for alliance_id in sorted(affected):
        alliance_lock(alliance_id)
    person = account_services.person_deactivate(actor=actor, person=person)
    ended = list(held.select_related("alliance", "partner__organisation")
                 .order_by("alliance_id", "partner_id", "role"))
    Membership.objects.filter(pk__in=[m.pk for m in ended]).update(revoked_at=timezone.now())
    for _key, group in groupby(ended, key=lambda m: (m.alliance_id, m.partner_id)):
        memberships = list(group)
        first = memberships[0]
        journal_append(alliance=first.alliance, actor=actor, kind="PersonDeactivated",
                       subject=person,
                       payload={"person": person.email,
                                "partner": _partner_name(first),
                                "roles": [m.role for m in memberships]})
    person_invitations_withdraw(actor=actor, person=person)
    policy.forget_cached_access(person)
    return person


def _end_sessions_without_roles(people: list[Person]) -> None:
    """After the commit, end the sessions of those who no longer hold any role anywhere."""
    still_active = set(Membership.objects.filter(person__in=people, revoked_at__isnull=True)
                       .values_list("person_id", flat=True))
    for person in people:
        if person.pk not in still_active:
            transaction.on_commit(partial(person_sessions_end, person=person))


@transaction.atomic
def document_add(*, actor: Person, alliance: Alliance, title: str, url: str = "",
                 summary: str = "", visibility: str, audience: list[Person] | None = None
                 ) -> Document:
    alliance_lock(alliance.pk, actor=actor)
    policy.require(actor, "alliance.write", alliance)
    partner = policy.own_partner(actor, alliance.pk)
    if partner is None:  # a person who may write always speaks for a partner of the alliance
        raise PermissionDenied
    audience = list(audience or [])
    if visibility == "confidential" and not audience:
        raise DomainError(_("Name at least one person for a confidential document."),
                          field="audience")
    members = set(Membership.objects.filter(policy.live_membership_q(), alliance=alliance)
                  .values_list("person_id", flat=True))
    if any(p.pk not in members for p in audience):
        raise DomainError(_("Only people of this alliance can be named."), field="audience")
    document = Document.objects.create(alliance=alliance, title=title.strip(), url=url,
                                       summary=summary, visibility=visibility,
                                       owner_partner=partner, created_by=actor)
    if visibility == "confidential":
        document.audience.set([*audience, actor])
    # Everyone in the alliance reads the journal: the title of a partner or confidential
    # document stays out of it (who added which kind of document is recorded all the same).
    shown_to_all = visibility in ("alliance", "public")
    journal_append(alliance=alliance, actor=actor, kind="DocumentAdded", subject=document,
                   payload={"visibility": visibility, "partner": partner.organisation.name,
                            **({"title": document.title} if shown_to_all else {})})
    return document


def document_audience_candidates(*, alliance: Alliance) -> QuerySet[Person]:
    return Person.objects.filter(
        pk__in=Membership.objects.filter(policy.live_membership_q(), alliance=alliance)
        .values("person_id")).order_by("full_name")
