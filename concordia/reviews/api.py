"""API of external review: the alliance's reviews (list, open, read, submit), their invitations
(list, invite, re-send, withdraw: the key alliance manager), findings and recommendations per
pillar (list, record, change one's own), the board's answer to a recommendation (accept it
into an improvement action, or decline it), and taking up a reviewer's invitation with the
token from its personal link (for someone with an account; a sign-up goes through the link's
page). Same services and selectors as the pages."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema, Status

from concordia.access import policy
from concordia.accounts.http import AuthenticatedHttpRequest
from concordia.actions import selectors as action_selectors
from concordia.alliances import selectors as alliance_selectors
from concordia.alliances.models import Alliance
from concordia.core.api_schemas import Id, InSchema, Page, PageQuery, VersionNumber, paged
from concordia.core.errors import DomainError
from concordia.core.idempotency import idempotent
from concordia.handbook.catalogue import Pillar

from . import selectors, services
from .choices import Answer, FindingKind, ReviewState
from .models import REASON_MAX, SCOPE_MAX, TEXT_MAX, TITLE_MAX, Finding, Review, ReviewInvitation

router = Router()
# Routes outside one alliance: the invited reviewer holds no role yet, only the link's token.
answers_router = Router()

PillarName = Field(..., description="One of the eight pillars: "
                                    + ", ".join(p.value for p in Pillar) + ".")


class ReviewOut(Schema):
    id: int
    title: str
    scope: str
    starts_on: dt.date
    ends_on: dt.date = Field(..., description="The reviewers' access ends after this day.")
    state: ReviewState
    submitted_at: dt.datetime | None


class ReviewPage(Page):
    results: list[ReviewOut]


class ReviewIn(InSchema):
    title: str = Field(..., min_length=1, max_length=TITLE_MAX)
    scope: str = Field(..., min_length=1, max_length=SCOPE_MAX,
                       description="The question the reviewers are asked to look at.")
    starts_on: dt.date
    ends_on: dt.date = Field(..., description="The reviewers read the alliance until this "
                                              "day.")


class ReviewInvitationOut(Schema):
    id: int
    email: str
    sent_at: dt.datetime
    times_sent: int
    expires_at: dt.datetime
    accepted_at: dt.datetime | None
    accepted_by_id: int | None
    withdrawn_at: dt.datetime | None


class ReviewInvitationPage(Page):
    results: list[ReviewInvitationOut]


class ReviewInvitationIn(InSchema):
    email: str = Field(..., min_length=3, max_length=254,
                       description="Someone from outside the partners: the personal link is "
                                   "mailed to them.")


class FindingOut(Schema):
    id: int
    kind: FindingKind
    pillar: str
    text: str
    author_id: int
    author_name: str
    created_at: dt.datetime
    version: int
    answer: Answer = Field(..., description="The board's answer (recommendations only).")
    reason: str
    answered_by_id: int | None
    answered_at: dt.datetime | None
    action_id: int | None = Field(..., description="The improvement action an accepted "
                                                   "recommendation became.")

    @staticmethod
    def resolve_author_name(obj: Finding) -> str:
        return str(obj.author)


class FindingPage(Page):
    results: list[FindingOut]


class FindingQuery(PageQuery):
    pillar: Pillar | None = Field(None, description="Only the findings on this pillar.")


class FindingIn(InSchema):
    kind: FindingKind
    pillar: Pillar = PillarName
    text: str = Field(..., min_length=1, max_length=TEXT_MAX)


class FindingUpdateIn(FindingIn):
    version: VersionNumber = Field(..., description="The version you read (409 when stale).")


class RecommendationAcceptanceIn(InSchema):
    reason: str = Field("", max_length=REASON_MAX)
    title: str = Field("", max_length=200, description="The action's title (default: the "
                                                       "recommendation's first line).")
    description: str = Field("", max_length=4000)
    owner_person_id: Id | None = Field(None, description="A person with a role in the "
                                                         "alliance, or")
    owner_partner_id: Id | None = Field(None, description="a partner as a whole.")
    due_on: dt.date | None = None


class RecommendationDeclinationIn(InSchema):
    reason: str = Field(..., min_length=1, max_length=REASON_MAX)


class ReviewInvitationAcceptanceIn(InSchema):
    token: str = Field(..., min_length=8, max_length=100,
                       description="The token from the personal link (after "
                                   "/review-invitations/).")
    full_name: str = Field("", max_length=200, description=(
        "Your full name; required when your account has none yet."))


class ReviewerJoinedOut(Schema):
    membership_id: int = Field(..., description="The external reviewer's role, held for no "
                                                "partner.")
    alliance_id: int
    review_id: int
    ends_on: dt.date = Field(..., description="The review's end date: your access ends after "
                                              "this day.")


def _alliance(request: HttpRequest, alliance_id: int) -> Alliance:
    return alliance_selectors.alliance_get(user=request.user, pk=alliance_id)


def _review(request: HttpRequest, alliance_id: int, review_id: int) -> Review:
    return selectors.review_get(user=request.user, alliance=_alliance(request, alliance_id),
                                pk=review_id)


def _run(request: HttpRequest, review: Review) -> None:
    if not policy.can(request.user, "alliance.run_review", review.alliance):
        raise PermissionDenied


def _findings(request: HttpRequest, review: Review, query: FindingQuery,
              kind: str | None = None) -> QuerySet[Finding]:
    findings = selectors.finding_list(user=request.user, review=review)
    if kind is not None:
        findings = findings.filter(kind=kind)
    if query.pillar is not None:
        findings = findings.filter(pillar=query.pillar)
    return findings


@router.get("/{alliance_id}/reviews", response=ReviewPage,
            summary="The alliance's external reviews, newest first")
def list_reviews(request: AuthenticatedHttpRequest, alliance_id: Id,
                 query: Query[PageQuery]) -> dict[str, Any]:
    alliance = _alliance(request, alliance_id)
    return paged(request, selectors.review_list(user=request.user, alliance=alliance), query)


@router.post("/{alliance_id}/reviews", response={201: ReviewOut},
             summary="Open an external review (the key alliance manager)")
@idempotent
def open_review(request: AuthenticatedHttpRequest, alliance_id: Id,
                payload: ReviewIn) -> Status[Review]:
    alliance = _alliance(request, alliance_id)
    return Status(201, services.review_open(
        actor=request.user, alliance=alliance, title=payload.title, scope=payload.scope,
        starts_on=payload.starts_on, ends_on=payload.ends_on))


@router.get("/{alliance_id}/reviews/{review_id}", response=ReviewOut, summary="One review")
def get_review(request: AuthenticatedHttpRequest, alliance_id: Id, review_id: Id) -> Review:
    return _review(request, alliance_id, review_id)


@router.post("/{alliance_id}/reviews/{review_id}/submit", response=ReviewOut,
             summary="Submit the review: its findings stand and the board answers its "
                     "recommendations (the key alliance manager)")
@idempotent
def submit_review(request: AuthenticatedHttpRequest, alliance_id: Id,
                  review_id: Id) -> Review:
    review = _review(request, alliance_id, review_id)
    return services.review_submit(actor=request.user, review=review)


@router.get("/{alliance_id}/reviews/{review_id}/invitations", response=ReviewInvitationPage,
            summary="The review's invitations (the key alliance manager)")
def list_review_invitations(request: AuthenticatedHttpRequest, alliance_id: Id, review_id: Id,
                            query: Query[PageQuery]) -> dict[str, Any]:
    review = _review(request, alliance_id, review_id)
    _run(request, review)
    return paged(request, selectors.invitation_list(user=request.user, review=review), query)


@router.post("/{alliance_id}/reviews/{review_id}/invitations",
             response={201: ReviewInvitationOut},
             summary="Invite a reviewer from outside the partners: their personal link is "
                     "mailed (the key alliance manager)")
@idempotent
def invite_reviewer(request: AuthenticatedHttpRequest, alliance_id: Id, review_id: Id,
                    payload: ReviewInvitationIn) -> Status[ReviewInvitation]:
    review = _review(request, alliance_id, review_id)
    invitation, _token = services.reviewer_invite(
        actor=request.user, review=review, email=payload.email,
        site_url=request.build_absolute_uri("/"))
    return Status(201, invitation)


def _invitation(request: HttpRequest, alliance_id: int, review_id: int,
                invitation_id: int) -> ReviewInvitation:
    review = _review(request, alliance_id, review_id)
    _run(request, review)
    return selectors.invitation_get(user=request.user, review=review, pk=invitation_id)


@router.post("/{alliance_id}/reviews/{review_id}/invitations/{invitation_id}/resend",
             response=ReviewInvitationOut,
             summary="Send an open invitation again with a new link (the earlier one stops "
                     "working)")
@idempotent
def resend_review_invitation(request: AuthenticatedHttpRequest, alliance_id: Id,
                             review_id: Id, invitation_id: Id) -> ReviewInvitation:
    invitation = _invitation(request, alliance_id, review_id, invitation_id)
    return services.review_invitation_resend(actor=request.user, invitation=invitation,
                                             site_url=request.build_absolute_uri("/"))[0]


@router.post("/{alliance_id}/reviews/{review_id}/invitations/{invitation_id}/withdraw",
             response=ReviewInvitationOut,
             summary="Withdraw an open invitation: its link no longer works")
@idempotent
def withdraw_review_invitation(request: AuthenticatedHttpRequest, alliance_id: Id,
                               review_id: Id, invitation_id: Id) -> ReviewInvitation:
    invitation = _invitation(request, alliance_id, review_id, invitation_id)
    return services.review_invitation_withdraw(actor=request.user, invitation=invitation)


@router.get("/{alliance_id}/reviews/{review_id}/findings", response=FindingPage,
            summary="The review's findings and recommendations, by pillar")
def list_findings(request: AuthenticatedHttpRequest, alliance_id: Id, review_id: Id,
                  query: Query[FindingQuery]) -> dict[str, Any]:
    review = _review(request, alliance_id, review_id)
    return paged(request, _findings(request, review, query), query)


@router.post("/{alliance_id}/reviews/{review_id}/findings", response={201: FindingOut},
             summary="Record a finding or a recommendation on a pillar (an external reviewer, "
                     "within the review's dates, until it is submitted)")
@idempotent
def record_finding(request: AuthenticatedHttpRequest, alliance_id: Id, review_id: Id,
                   payload: FindingIn) -> Status[Finding]:
    review = _review(request, alliance_id, review_id)
    finding = services.finding_record(actor=request.user, review=review, kind=payload.kind,
                                      pillar=payload.pillar, text=payload.text)
    return Status(201, selectors.finding_get(user=request.user, review=review, pk=finding.pk))


@router.put("/{alliance_id}/reviews/{review_id}/findings/{finding_id}", response=FindingOut,
            summary="Change your own finding or recommendation until the review is submitted")
@idempotent
def update_finding(request: AuthenticatedHttpRequest, alliance_id: Id, review_id: Id,
                   finding_id: Id, payload: FindingUpdateIn) -> Finding:
    review = _review(request, alliance_id, review_id)
    finding = selectors.finding_get(user=request.user, review=review, pk=finding_id)
    services.finding_update(actor=request.user, finding=finding,
                            expected_version=payload.version, kind=payload.kind,
                            pillar=payload.pillar, text=payload.text)
    return selectors.finding_get(user=request.user, review=review, pk=finding_id)


@router.get("/{alliance_id}/reviews/{review_id}/recommendations", response=FindingPage,
            summary="The review's recommendations with the board's answers")
def list_recommendations(request: AuthenticatedHttpRequest, alliance_id: Id, review_id: Id,
                         query: Query[FindingQuery]) -> dict[str, Any]:
    review = _review(request, alliance_id, review_id)
    return paged(request, _findings(request, review, query, FindingKind.RECOMMENDATION),
                 query)


def _recommendation(request: HttpRequest, alliance_id: int, review_id: int,
                    finding_id: int) -> tuple[Review, Finding]:
    review = _review(request, alliance_id, review_id)
    finding = selectors.finding_get(user=request.user, review=review, pk=finding_id)
    if finding.kind != FindingKind.RECOMMENDATION:
        raise DomainError("Only a recommendation is answered.", code="not_recommendation")
    return review, finding


@router.post("/{alliance_id}/reviews/{review_id}/recommendations/{finding_id}/acceptance",
             response={201: FindingOut},
             summary="Accept a recommendation: it becomes an improvement action for its pillar "
                     "(the board members, the key alliance manager)")
@idempotent
def accept_recommendation(request: AuthenticatedHttpRequest, alliance_id: Id, review_id: Id,
                          finding_id: Id, payload: RecommendationAcceptanceIn) -> Status[Finding]:
    review, finding = _recommendation(request, alliance_id, review_id, finding_id)
    if not policy.can(request.user, "alliance.answer_recommendation", review.alliance):
        raise PermissionDenied
    partners, people = action_selectors.owner_options(user=request.user,
                                                      alliance=review.alliance)
    person = next((p for p in people if p.pk == payload.owner_person_id), None)
    partner = next((p for p in partners if p.pk == payload.owner_partner_id), None)
    if (payload.owner_person_id is not None and person is None) or (
            payload.owner_partner_id is not None and partner is None):
        raise DomainError("Choose a person with a role in this alliance or one of its active "
                          "partners as owner.", field="owner")
    services.recommendation_accept(
        actor=request.user, finding=finding, reason=payload.reason, title=payload.title,
        description=payload.description, owner_person=person, owner_partner=partner,
        due_on=payload.due_on)
    return Status(201, selectors.finding_get(user=request.user, review=review, pk=finding.pk))


@router.post("/{alliance_id}/reviews/{review_id}/recommendations/{finding_id}/declination",
             response=FindingOut,
             summary="Decline a recommendation, with the reason")
@idempotent
def decline_recommendation(request: AuthenticatedHttpRequest, alliance_id: Id, review_id: Id,
                           finding_id: Id, payload: RecommendationDeclinationIn) -> Finding:
    review, finding = _recommendation(request, alliance_id, review_id, finding_id)
    services.recommendation_decline(actor=request.user, finding=finding,
                                    reason=payload.reason)
    return selectors.finding_get(user=request.user, review=review, pk=finding.pk)


@answers_router.post("/review-invitation-acceptances", response={201: ReviewerJoinedOut},
                     summary="Accept a review's invitation with the token from its personal "
                             "link: you become an external reviewer of the alliance, for no "
                             "partner, until the review's end date")
def accept_review_invitation(request: AuthenticatedHttpRequest,
                             payload: ReviewInvitationAcceptanceIn) -> Status[dict[str, Any]]:
    """The same service as the link's page. 404: an unknown or replaced token; 422: sent to
    another address, expired, the review has ended, or a partner's person; 409: used or
    withdrawn already, or the review is submitted."""
    invitation = services.invitation_by_token(payload.token)
    if invitation is None:
        raise Http404
    membership = services.review_invitation_accept(
        actor=request.user, raw_token=payload.token, full_name=payload.full_name)
    # An external reviewer's role always ends (a database constraint); the review's end date
    # only stands in for mypy.
    return Status(201, {"membership_id": membership.pk,
                        "alliance_id": invitation.review.alliance_id,
                        "review_id": invitation.review_id,
                        "ends_on": membership.ends_on or invitation.review.ends_on})
