import datetime as dt
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from ninja import Field, Query, Router, Schema, Status

from concordia.access import policy
from concordia.accounts.http import AuthenticatedHttpRequest
from concordia.core.api_schemas import Id, InSchema, Name, Page, PageQuery, paged
from concordia.core.errors import DomainError
from concordia.core.idempotency import idempotent
from concordia.organisations.models import OrganisationKind

from . import selectors, services
from .choices import (
    Level,
    MailStatus,
    OrganisationInvitationState,
    PartnerStatus,
    PartnerType,
    Role,
    Visibility,
)
from .models import Alliance, Document, Invitation, Membership, OrganisationInvitation, Partner

router = Router()
answers_router = Router()


class AllianceOut(Schema):
    id: int
    name: str
    purpose: str
    started_on: dt.date


class AllianceIn(InSchema):
    model_config = {"str_strip_whitespace": True}  # "   " is no name

    name: Name = Field(..., min_length=2, max_length=200)
    purpose: str = Field(..., min_length=2, max_length=500)
    started_on: dt.date


class AlliancePage(Page):
    results: list[AllianceOut]


class PersonRef(Schema):
    id: int
    full_name: str
    email: str


class PartnerOut(Schema):
    id: int
    organisation_id: int
    organisation_name: str = Field(..., validation_alias="organisation.name")
    partner_type: PartnerType
    status: PartnerStatus
    joined_at: dt.datetime | None
    left_at: dt.datetime | None
    invitation_mail_status: MailStatus = Field(..., description=(
        "The mail to the invited organisation's administrators: queued, sent, failed (not "
        "delivered after the last attempt) or none."))


# The owner is the partner that founded the alliance: no invitation gives that place.
# The Literal is built from the choices at import time (one source for the schema's enum);
# mypy only accepts literal values written out.
InvitablePartnerType = Literal[services.INVITABLE_PARTNER_TYPES]  # type: ignore[valid-type]  # built at run time


class PartnerInviteIn(InSchema):
    organisation_id: Id
    partner_type: InvitablePartnerType


class PartnerPage(Page):
    results: list[PartnerOut]


class PartnerInvitationOut(Schema):
    id: int
    alliance_id: int
    alliance_name: str = Field(..., validation_alias="alliance.name")
    partner_type: PartnerType


class PartnerInvitationPage(Page):
    results: list[PartnerInvitationOut]


class AnswerIn(InSchema):
    accept: bool


class MembershipOut(Schema):
    id: int
    person: PersonRef
    partner_id: int | None = Field(..., description=(
        "The partner the role is held for; null for an outside reviewer (of no partner)."))
    role: Role
    level: Level
    ends_on: dt.date | None


class MembershipPage(Page):
    results: list[MembershipOut]


class InvitationIn(InSchema):
    partner_id: Id
    email: str = Field(..., max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    role: Role
    level: Level
    ends_on: dt.date | None = None


class InvitationOut(Schema):
    id: int
    partner_id: int
    email: str
    role: Role
    level: Level
    ends_on: dt.date | None
    expires_at: dt.datetime
    mail_status: MailStatus = Field(..., description=(
        "The mail with the link: queued (the worker sends it, retrying), sent (handed to the "
        "mail server), failed (not delivered after the last attempt), none (no mail)."))


class InvitationPage(Page):
    results: list[InvitationOut]


class HandOverIn(InSchema):
    person_id: Id


class AcceptanceIn(InSchema):
    token: str = Field(..., min_length=8, max_length=100)
    full_name: str = Field("", max_length=200, description=(
        "Your full name; required when your account has none yet."))


class OrganisationInvitationIn(InSchema):
    model_config = {"str_strip_whitespace": True}

    organisation_name: Name = Field(..., min_length=2, max_length=200)
    email: str = Field(..., max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
                       description="The contact who receives the link to register it.")
    partner_type: InvitablePartnerType


class OrganisationInvitationOut(Schema):
    id: int
    organisation_name: str
    email: str
    partner_type: PartnerType
    state: OrganisationInvitationState = Field(..., description=(
        "waiting (for the registration), registered (then answered as a partner invitation, "
        "see partner_id), expired (resend or withdraw it), withdrawn."))
    partner_id: int | None
    sent_at: dt.datetime
    times_sent: int
    expires_at: dt.datetime
    mail_status: MailStatus


class OrganisationInvitationPage(Page):
    results: list[OrganisationInvitationOut]


class OrganisationRegistrationIn(InSchema):
    model_config = {"str_strip_whitespace": True}

    token: str = Field(..., min_length=8, max_length=100)
    name: Name = Field(..., min_length=2, max_length=200)
    kind: OrganisationKind
    kvk_number: str = Field("", max_length=8)
    oin: str = Field("", max_length=20)
    website: str = Field("", max_length=200, pattern=r"^(https?://\S+)?$")
    full_name: str = Field("", max_length=200, description=(
        "Your full name; required when your account has none yet."))


class DocumentOut(Schema):
    id: int
    title: str
    url: str
    summary: str
    visibility: Visibility
    owner_partner_id: int
    created_at: dt.datetime


class DocumentIn(InSchema):
    title: Name = Field(..., min_length=1, max_length=200)
    url: str = Field("", max_length=200, pattern=r"^(https?://\S+)?$")
    summary: str = Field("", max_length=4000)
    visibility: Visibility = Visibility.ALLIANCE
    audience: list[Id] = Field(default_factory=list, max_length=100)


class DocumentPage(Page):
    results: list[DocumentOut]


@router.get("", response=AlliancePage, summary="Alliances you take part in")
def list_alliances(request: AuthenticatedHttpRequest, query: Query[PageQuery]) -> dict[str, Any]:
    return paged(request, selectors.alliance_list(user=request.user), query)


@router.post("", response={201: AllianceOut}, summary="Found an alliance")
def create_alliance(request: AuthenticatedHttpRequest, payload: AllianceIn) -> Status[Alliance]:
    return Status(201, services.alliance_create(actor=request.user, **payload.dict()))


@router.get("/{alliance_id}", response=AllianceOut, summary="One alliance")
def get_alliance(request: AuthenticatedHttpRequest, alliance_id: Id) -> Alliance:
    return selectors.alliance_get(user=request.user, pk=alliance_id)


@router.get("/{alliance_id}/partners", response=PartnerPage, summary="Partners, incl. history")
def list_partners(request: AuthenticatedHttpRequest, alliance_id: Id,
                  query: Query[PageQuery]) -> dict[str, Any]:
    alliance = selectors.alliance_get(user=request.user, pk=alliance_id)
    return paged(request, selectors.partner_list(user=request.user, alliance=alliance), query)


@router.post("/{alliance_id}/partners", response={201: PartnerOut},
             summary="Invite an organisation as partner")
def invite_partner(request: AuthenticatedHttpRequest, alliance_id: Id,
                   payload: PartnerInviteIn) -> Status[Partner]:
    alliance = selectors.alliance_get(user=request.user, pk=alliance_id)
    _allowed(request, "alliance.invite_partner", alliance)  # before the id is looked up
    organisation = selectors.invitable_organisations(
        user=request.user, alliance=alliance, include_partners=True).filter(
        pk=payload.organisation_id).first()
    if organisation is None:
        raise DomainError("Unknown organisation.", field="organisation_id")
    partner = services.partner_invite(actor=request.user, alliance=alliance,
                                      organisation=organisation,
                                      partner_type=payload.partner_type,
                                      site_url=request.build_absolute_uri("/"))
    return Status(201, partner)


@router.get("/{alliance_id}/organisation-invitations", response=OrganisationInvitationPage,
            summary="Invitations of organisations that are not registered (for who invites)")
def list_organisation_invitations(request: AuthenticatedHttpRequest, alliance_id: Id,
                                  query: Query[PageQuery]) -> dict[str, Any]:
    alliance = selectors.alliance_get(user=request.user, pk=alliance_id)
    _allowed(request, "alliance.invite_partner", alliance)
    return paged(request, selectors.organisation_invitation_list(user=request.user,
                                                                 alliance=alliance), query)


@router.post("/{alliance_id}/organisation-invitations",
             response={201: OrganisationInvitationOut},
             summary="Invite an organisation that is not registered (its contact registers it)")
@idempotent
def invite_organisation(request: AuthenticatedHttpRequest, alliance_id: Id,
                        payload: OrganisationInvitationIn) -> Status[OrganisationInvitation]:
    alliance = selectors.alliance_get(user=request.user, pk=alliance_id)
    invitation, _raw = services.organisation_invite(
        actor=request.user, alliance=alliance, organisation_name=payload.organisation_name,
        email=payload.email, partner_type=payload.partner_type,
        site_url=request.build_absolute_uri("/"))
    return Status(201, invitation)


def _organisation_invitation(request: AuthenticatedHttpRequest, alliance_id: int,
                             invitation_id: int) -> OrganisationInvitation:
    alliance = selectors.alliance_get(user=request.user, pk=alliance_id)
    _allowed(request, "alliance.invite_partner", alliance)  # before the id is looked up
    return selectors.organisation_invitation_get(user=request.user, alliance=alliance,
                                                 pk=invitation_id)


@router.post("/{alliance_id}/organisation-invitations/{invitation_id}/resend",
             response=OrganisationInvitationOut,
             summary="Send the registration link again (the earlier link stops working)")
@idempotent
def resend_organisation_invitation(request: AuthenticatedHttpRequest, alliance_id: Id,
                                   invitation_id: Id) -> OrganisationInvitation:
    return services.organisation_invitation_resend(
        actor=request.user, invitation=_organisation_invitation(request, alliance_id,
                                                                invitation_id),
        site_url=request.build_absolute_uri("/"))


@router.post("/{alliance_id}/organisation-invitations/{invitation_id}/withdrawal",
             response=OrganisationInvitationOut,
             summary="Withdraw an invitation of an organisation that is not registered")
@idempotent
def withdraw_organisation_invitation(request: AuthenticatedHttpRequest, alliance_id: Id,
                                     invitation_id: Id) -> OrganisationInvitation:
    return services.organisation_invitation_withdraw(
        actor=request.user, invitation=_organisation_invitation(request, alliance_id,
                                                                invitation_id))


def _invited_partner(request: AuthenticatedHttpRequest, alliance_id: int,
                     partner_id: int) -> Partner:
    alliance = selectors.alliance_get(user=request.user, pk=alliance_id)
    _allowed(request, "alliance.invite_partner", alliance)  # before the id is looked up
    return selectors.partner_get(user=request.user, alliance=alliance, pk=partner_id)


@router.post("/{alliance_id}/partners/{partner_id}/invitation-resend", response=PartnerOut,
             summary="Mail an unanswered partner invitation to its administrators again")
@idempotent
def resend_partner_invitation(request: AuthenticatedHttpRequest, alliance_id: Id,
                              partner_id: Id) -> Partner:
    return services.partner_invitation_resend(
        actor=request.user, partner=_invited_partner(request, alliance_id, partner_id),
        site_url=request.build_absolute_uri("/"))


@router.post("/{alliance_id}/partners/{partner_id}/invitation-withdrawal", response=PartnerOut,
             summary="Withdraw an unanswered partner invitation")
@idempotent
def withdraw_partner_invitation(request: AuthenticatedHttpRequest, alliance_id: Id,
                                partner_id: Id) -> Partner:
    return services.partner_invitation_withdraw(
        actor=request.user, partner=_invited_partner(request, alliance_id, partner_id))


@router.post("/{alliance_id}/partners/{partner_id}/departure", response=PartnerOut,
             summary="Your partner leaves the alliance")
def leave_alliance(request: AuthenticatedHttpRequest, alliance_id: Id, partner_id: Id) -> Partner:
    alliance = selectors.alliance_get(user=request.user, pk=alliance_id)
    partner = selectors.partner_get(user=request.user, alliance=alliance, pk=partner_id)
    return services.partner_leave(actor=request.user, partner=partner)


@router.get("/{alliance_id}/memberships", response=MembershipPage, summary="People and roles")
def list_memberships(request: AuthenticatedHttpRequest, alliance_id: Id,
                     query: Query[PageQuery]) -> dict[str, Any]:
    alliance = selectors.alliance_get(user=request.user, pk=alliance_id)
    return paged(request, selectors.membership_list(user=request.user, alliance=alliance), query)


@router.delete("/{alliance_id}/memberships/{membership_id}", response={204: None},
               summary="Revoke a role")
def revoke_membership(request: AuthenticatedHttpRequest, alliance_id: Id,
                      membership_id: Id) -> Status[None]:
    alliance = selectors.alliance_get(user=request.user, pk=alliance_id)
    _allowed(request, "alliance.manage_people", alliance)  # before the id is looked up
    membership = selectors.membership_get(user=request.user, alliance=alliance, pk=membership_id)
    services.membership_revoke(actor=request.user, membership=membership)
    return Status(204, None)


@router.post("/{alliance_id}/key-alliance-manager-transfers", response={201: MembershipOut},
             summary="Hand the key alliance manager role to a person of the alliance")
def transfer_key_alliance_manager(request: AuthenticatedHttpRequest, alliance_id: Id,
                                  payload: HandOverIn) -> Status[Membership]:
    alliance = selectors.alliance_get(user=request.user, pk=alliance_id)
    _allowed(request, "alliance.transfer_key_alliance_manager", alliance)
    person = selectors.key_alliance_manager_candidates(
        user=request.user, alliance=alliance).filter(pk=payload.person_id).first()
    if person is None:
        raise DomainError("Choose a person with a live role in this alliance.",
                          field="person_id")
    return Status(201, services.key_alliance_manager_transfer(
        actor=request.user, alliance=alliance, to_person=person))


@router.post("/{alliance_id}/coordinator-hand-overs", response={201: MembershipOut},
             summary="Hand your partner's coordinator role to another of its people")
def hand_over_coordinator(request: AuthenticatedHttpRequest, alliance_id: Id,
                          payload: HandOverIn) -> Status[Membership]:
    alliance = selectors.alliance_get(user=request.user, pk=alliance_id)
    _allowed(request, "alliance.hand_over_coordinator", alliance)
    person = selectors.coordinator_candidates(user=request.user, alliance=alliance).filter(
        pk=payload.person_id).first()
    if person is None:
        raise DomainError("Choose an active person of your own organisation.",
                          field="person_id")
    return Status(201, services.coordinator_hand_over(actor=request.user, alliance=alliance,
                                                      to_person=person))


def _allowed(request: AuthenticatedHttpRequest, action: str, alliance: Alliance) -> None:
    """The permission check that comes before any id in the request is looked up, so that
    someone who may not act learns nothing from "unknown" versus "forbidden"."""
    if not policy.can(request.user, action, alliance):
        raise PermissionDenied


@router.get("/{alliance_id}/invitations", response=InvitationPage,
            summary="Open invitations you manage")
def list_invitations(request: AuthenticatedHttpRequest, alliance_id: Id,
                     query: Query[PageQuery]) -> dict[str, Any]:
    alliance = selectors.alliance_get(user=request.user, pk=alliance_id)
    return paged(request, selectors.invitation_list(user=request.user, alliance=alliance), query)


@router.post("/{alliance_id}/invitations", response={201: InvitationOut},
             summary="Invite a person by e-mail (the link goes by mail only)")
def create_invitation(request: AuthenticatedHttpRequest, alliance_id: Id,
                      payload: InvitationIn) -> Status[Invitation]:
    alliance = selectors.alliance_get(user=request.user, pk=alliance_id)
    _allowed(request, "alliance.manage_people", alliance)  # before the id is looked up
    partner = selectors.partner_list(user=request.user, alliance=alliance).filter(
        pk=payload.partner_id).first()
    if partner is None:
        raise DomainError("Unknown partner.", field="partner_id")
    invitation, _raw = services.invitation_create(
        actor=request.user, partner=partner, email=payload.email, role=payload.role,
        level=payload.level, ends_on=payload.ends_on, site_url=request.build_absolute_uri("/"))
    return Status(201, invitation)


@router.get("/{alliance_id}/documents", response=DocumentPage,
            summary="Documents you may see, by their visibility")
def list_documents(request: AuthenticatedHttpRequest, alliance_id: Id,
                   query: Query[PageQuery]) -> dict[str, Any]:
    alliance = selectors.alliance_get(user=request.user, pk=alliance_id)
    return paged(request, selectors.document_list(user=request.user, alliance=alliance), query)


@router.post("/{alliance_id}/documents", response={201: DocumentOut}, summary="Add a document")
def add_document(request: AuthenticatedHttpRequest, alliance_id: Id,
                 payload: DocumentIn) -> Status[Document]:
    alliance = selectors.alliance_get(user=request.user, pk=alliance_id)
    _allowed(request, "alliance.write", alliance)  # before the named people are looked up
    # Only the alliance's own people can be named; any other id, existing elsewhere or not,
    # gets the same answer.
    audience = list(services.document_audience_candidates(alliance=alliance).filter(
        pk__in=payload.audience))
    if len(audience) != len(set(payload.audience)):
        raise DomainError("Only people of this alliance can be named.", field="audience")
    document = services.document_add(
        actor=request.user, alliance=alliance, title=payload.title, url=payload.url,
        summary=payload.summary, visibility=payload.visibility, audience=audience)
    return Status(201, document)


@answers_router.get("/partner-invitations", response=PartnerInvitationPage,
                    summary="Invitations to alliances that your organisation may answer")
def list_partner_invitations(request: AuthenticatedHttpRequest,
                             query: Query[PageQuery]) -> dict[str, Any]:
    return paged(request, selectors.pending_partner_invitations(user=request.user), query)


@answers_router.post("/partner-invitations/{partner_id}/answer", response=PartnerInvitationOut,
                     summary="Accept or decline for your organisation")
def answer_partner_invitation(request: AuthenticatedHttpRequest, partner_id: Id,
                              payload: AnswerIn) -> Partner:
    partner = selectors.pending_partner_invitation_get(user=request.user, pk=partner_id)
    return services.partner_respond(actor=request.user, partner=partner, accept=payload.accept)


@answers_router.post("/invitation-acceptances", response={201: MembershipOut},
                     summary="Accept a personal invitation with the token from its link")
def accept_invitation(request: AuthenticatedHttpRequest,
                      payload: AcceptanceIn) -> Status[Membership]:
    return Status(201, services.invitation_accept(actor=request.user, raw_token=payload.token,
                                                  full_name=payload.full_name))


@answers_router.post("/organisation-registrations", response={201: PartnerInvitationOut},
                     summary="Register the organisation you were invited for (token from the "
                             "link); then answer its partner invitation")
@idempotent
def register_invited_organisation(request: AuthenticatedHttpRequest,
                                  payload: OrganisationRegistrationIn) -> Status[Partner]:
    return Status(201, services.organisation_invitation_register(
        actor=request.user, raw_token=payload.token, name=payload.name, kind=payload.kind,
        kvk_number=payload.kvk_number, oin=payload.oin, website=payload.website,
        full_name=payload.full_name))
