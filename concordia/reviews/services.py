"""Every write of an external review: open a review, invite its outside reviewers (re-send,
withdraw; a link answers once and gives an external reviewer's role for no partner until the
review's end), record and change findings and recommendations per pillar, submit the review,
and the board's answer to each recommendation (an accepted one becomes an improvement action,
docs/decisions/0019). Each takes the alliance lock first, checks the policy and journals in the
same transaction."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from concordia.access import policy
from concordia.access import rules as access_rules
from concordia.accounts import services as account_services
from concordia.accounts.models import Person, hash_token, new_raw_token
from concordia.actions import services as action_services
from concordia.actions.models import ActionItem
from concordia.alliances import services as alliance_services
from concordia.alliances.locks import alliance_lock
from concordia.alliances.models import Alliance, Membership, Partner
from concordia.core.errors import Conflict, DomainError
from concordia.handbook.catalogue import Pillar
from concordia.journal.services import journal_append
from concordia.notifications.choices import NotificationKind
from concordia.notifications.services import notify

from . import rules
from .choices import Answer, FindingKind, ReviewState
from .mail import enqueue_invitation_mail
from .models import REASON_MAX, SCOPE_MAX, TEXT_MAX, TITLE_MAX, Finding, Review, ReviewInvitation


def _require(actor: Person, action: str, alliance: Alliance) -> None:
    if not policy.can(actor, "alliance.view", alliance):
        raise PermissionDenied
    if not policy.can(actor, action, alliance):
        raise PermissionDenied


def _text(value: str, *, field: str, limit: int, empty: str, long: str) -> str:
    value = value.strip()
    if not value:
        raise DomainError(empty, field=field)
    if len(value) > limit:
        raise DomainError(long, field=field)
    return value


def _locked_review(actor: Person, review: Review) -> Review:
    alliance_lock(review.alliance_id, actor=actor)
    return (Review.objects.select_for_update(of=("self",), no_key=True)
            .select_related("alliance").get(pk=review.pk))


@transaction.atomic
def review_open(*, actor: Person, alliance: Alliance, title: str, scope: str,
                starts_on: dt.date, ends_on: dt.date) -> Review:
    """Open an external review: its title, the question or scope, and its dates (the end date
    is when the reviewers' access ends). Journaled as ReviewOpened."""
    alliance_lock(alliance.pk, actor=actor)
    _require(actor, "alliance.run_review", alliance)
    title = " ".join(title.split())
    _text(title, field="title", limit=TITLE_MAX, empty=_("Give the review a title."),
          long=_("Keep the title under 200 characters."))
    scope = _text(scope, field="scope", limit=SCOPE_MAX,
                  empty=_("Say what the reviewers are asked to look at."),
                  long=_("Keep the question under 4000 characters."))
    problem = rules.dates_problem(starts_on, ends_on, timezone.localdate())
    if problem == "end_before_start":
        raise DomainError(_("The end date lies before the start date."), field="ends_on")
    if problem == "end_in_past":
        raise DomainError(_("The end date lies in the past."), field="ends_on")
    if problem == "too_long":
        raise DomainError(_("A review runs at most two years."), field="ends_on")
    review = Review.objects.create(alliance=alliance, title=title, scope=scope,
                                   starts_on=starts_on, ends_on=ends_on, created_by=actor)
    journal_append(alliance=alliance, actor=actor, kind="ReviewOpened", subject=review,
                   payload={"title": title, "starts_on": starts_on.isoformat(),
                            "ends_on": ends_on.isoformat()})
    return review


def _expires(review: Review) -> dt.datetime:
    """A link works for the invitations' usual days, and never past the review's end."""
    review_end = timezone.make_aware(dt.datetime.combine(
        review.ends_on + dt.timedelta(days=1), dt.time.min))
    return min(timezone.now() + dt.timedelta(days=settings.INVITATION_VALID_DAYS), review_end)


def _still_open(review: Review) -> None:
    if review.state != ReviewState.OPEN:
        raise Conflict(_("This review is submitted: it has its reviewers."), code="submitted")
    if review.ends_on < timezone.localdate():
        raise DomainError(_("This review has ended."), code="ended")


@transaction.atomic
def reviewer_invite(*, actor: Person, review: Review, email: str, site_url: str = ""
                    ) -> tuple[ReviewInvitation, str]:
    """Invite someone from outside the partners to the review team by e-mail: a personal link,
    mailed once the invitation is committed (it exists only in the mail). Returns the
    invitation and the raw token. Journaled as ReviewerInvited."""
    review = _locked_review(actor, review)
    _require(actor, "alliance.run_review", review.alliance)
    _still_open(review)
    email = email.strip().lower()
    if not email or "@" not in email:
        raise DomainError(_("Give an e-mail address."), field="email")
    if review.invitations.filter(email=email, withdrawn_at__isnull=True).exists():
        raise Conflict(_("This person is invited to this review already."), field="email",
                       code="duplicate")
    raw = new_raw_token("rev")
    invitation = ReviewInvitation.objects.create(
        review=review, email=email, token_hash=hash_token(raw), invited_by=actor,
        sent_at=timezone.now(), expires_at=_expires(review))
    journal_append(alliance=review.alliance, actor=actor, kind="ReviewerInvited",
                   subject=invitation, payload={"review": review.title, "person": email})
    enqueue_invitation_mail(invitation, raw, site_url)
    return invitation, raw


def _locked_invitation(actor: Person, invitation: ReviewInvitation) -> ReviewInvitation:
    _locked_review(actor, invitation.review)
    invitation = (ReviewInvitation.objects.select_for_update(of=("self",), no_key=True)
                  .select_related("review__alliance").get(pk=invitation.pk))
    _require(actor, "alliance.run_review", invitation.review.alliance)
    if not invitation.is_open:
        raise Conflict(_("This invitation was answered or withdrawn already."), code="closed")
    return invitation


@transaction.atomic
def review_invitation_resend(*, actor: Person, invitation: ReviewInvitation,
                             site_url: str = "") -> tuple[ReviewInvitation, str]:
    """Send an open invitation again with a new link (the earlier link stops working).
    Journaled as ReviewInvitationResent."""
    invitation = _locked_invitation(actor, invitation)
    _still_open(invitation.review)
    raw = new_raw_token("rev")
    invitation.token_hash = hash_token(raw)
    invitation.sent_at = timezone.now()
    invitation.expires_at = _expires(invitation.review)
    invitation.times_sent += 1
    invitation.save(update_fields=["token_hash", "sent_at", "expires_at", "times_sent"])
    journal_append(alliance=invitation.review.alliance, actor=actor,
                   kind="ReviewInvitationResent", subject=invitation,
                   payload={"review": invitation.review.title, "person": invitation.email,
                            "times_sent": invitation.times_sent})
    enqueue_invitation_mail(invitation, raw, site_url)
    return invitation, raw


@transaction.atomic
def review_invitation_withdraw(*, actor: Person, invitation: ReviewInvitation
                               ) -> ReviewInvitation:
    """Withdraw an open invitation: its link no longer works. Journaled as
    ReviewInvitationWithdrawn."""
    invitation = _locked_invitation(actor, invitation)
    invitation.withdrawn_at = timezone.now()
    invitation.save(update_fields=["withdrawn_at"])
    journal_append(alliance=invitation.review.alliance, actor=actor,
                   kind="ReviewInvitationWithdrawn", subject=invitation,
                   payload={"review": invitation.review.title, "person": invitation.email})
    return invitation


def invitation_by_token(raw: str) -> ReviewInvitation | None:
    """The invitation a link's token names (the token is the capability)."""
    return (ReviewInvitation.objects.select_related("review__alliance")
            .filter(token_hash=hash_token(raw)).first())


@transaction.atomic
def review_invitation_accept(*, actor: Person, raw_token: str, full_name: str = ""
                             ) -> Membership:
    """Take up a review's invitation: once, before it expires, by the person it was sent to,
    while the review is open; they become an external reviewer of the alliance for no partner
    until the review's end date (docs/decisions/0015). Journaled as RoleGranted and
    ReviewerJoined."""
    found = invitation_by_token(raw_token)
    if found is None:
        raise DomainError(_("This invitation link is not valid."), code="not_found")
    alliance_lock(found.review.alliance_id)
    invitation = (ReviewInvitation.objects.select_for_update(of=("self",), no_key=True)
                  .select_related("review__alliance", "invited_by").get(pk=found.pk))
    review = invitation.review
    if not invitation.is_open:
        raise Conflict(_("This invitation has already been used or withdrawn."))
    if invitation.expires_at <= timezone.now():
        raise DomainError(_("This invitation has expired. Ask for a new one."), code="expired")
    _still_open(review)
    if actor.email.lower() != invitation.email.lower():
        raise DomainError(_("This invitation was sent to another e-mail address."),
                          code="wrong_person")
    if not (invitation.invited_by.is_active
            and policy.can(invitation.invited_by, "alliance.run_review", review.alliance)):
        raise DomainError(_("The person who sent this invitation may no longer invite "
                            "reviewers. Ask for a new invitation."),
                          code="inviter_not_authorised")
    if Membership.objects.filter(policy.live_membership_q(), alliance=review.alliance,
                                 person=actor, partner__isnull=False).exists():
        raise DomainError(_("You hold a role for a partner of this alliance: an external "
                            "review is done by people from outside the partners."),
                          code="partner_member")
    person = Person.objects.select_for_update(of=("self",), no_key=True).get(pk=actor.pk)
    account_services.person_name_set(person=person, full_name=full_name)
    actor.full_name = person.full_name
    used = ReviewInvitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True,
                                           withdrawn_at__isnull=True).update(
        accepted_at=timezone.now(), accepted_by=person)
    if used != 1:
        raise Conflict(_("This invitation has already been used or withdrawn."))
    membership = alliance_services.outside_reviewer_grant(
        actor=invitation.invited_by, alliance=review.alliance, person=person,
        ends_on=review.ends_on)
    journal_append(alliance=review.alliance, actor=person, kind="ReviewerJoined",
                   subject=invitation,
                   payload={"review": review.title, "person": person.email,
                            "until": review.ends_on.isoformat()})
    return membership


def _check_finding(kind: str, pillar: str, text: str) -> str:
    if kind not in FindingKind.values:
        raise DomainError(_("Choose a finding or a recommendation."), field="kind")
    if pillar not in {p.value for p in Pillar}:
        raise DomainError(_("Choose one of the eight pillars."), field="pillar")
    return _text(text, field="text", limit=TEXT_MAX, empty=_("Write what you found."),
                 long=_("Keep it under 4000 characters."))


def _open_for_findings(review: Review) -> None:
    if not access_rules.review_open_for_findings(
            submitted=review.state == ReviewState.SUBMITTED, starts_on=review.starts_on,
            ends_on=review.ends_on, today=timezone.localdate()):
        if review.state == ReviewState.SUBMITTED:
            raise Conflict(_("This review is submitted: its findings no longer change."),
                           code="submitted")
        raise DomainError(_("Findings are recorded between the review's start and end "
                            "dates."), code="outside_dates")


@transaction.atomic
def finding_record(*, actor: Person, review: Review, kind: str, pillar: str,
                   text: str) -> Finding:
    """Record a finding or a recommendation about one pillar (an external reviewer invited to
    this review, or one held for a partner; within the review's dates, until it is submitted).
    Journaled as FindingRecorded."""
    review = _locked_review(actor, review)
    if not policy.can(actor, "alliance.view", review.alliance):
        raise PermissionDenied
    if not policy.can_record_finding(actor, review):
        raise PermissionDenied
    _open_for_findings(review)
    text = _check_finding(kind, pillar, text)
    finding = Finding.objects.create(review=review, alliance=review.alliance, kind=kind,
                                     pillar=pillar, text=text, author=actor)
    journal_append(alliance=review.alliance, actor=actor, kind="FindingRecorded",
                   subject=finding, payload={"review": review.title, "kind": kind,
                                             "pillar": pillar, "text": text})
    return finding


@transaction.atomic
def finding_update(*, actor: Person, finding: Finding, expected_version: int, kind: str,
                   pillar: str, text: str) -> Finding:
    """Change one's own finding or recommendation until the review is submitted; a stale
    version is refused (409). Journaled as FindingChanged."""
    review = _locked_review(actor, finding.review)
    finding = Finding.objects.select_for_update(of=("self",), no_key=True).get(pk=finding.pk)
    if not policy.can(actor, "alliance.view", review.alliance):
        raise PermissionDenied
    if not policy.can_edit_finding(actor, finding):
        raise PermissionDenied
    _open_for_findings(review)
    if finding.answer != Answer.PENDING:
        raise Conflict(_("The board answered this recommendation: it no longer changes."),
                       code="answered")
    if finding.version != expected_version:
        raise Conflict(_("This was changed in the meantime. Reload and try again."),
                       code="stale")
    text = _check_finding(kind, pillar, text)
    changed = sorted(name for name, value in (("kind", kind), ("pillar", pillar),
                                              ("text", text))
                     if getattr(finding, name) != value)
    if not changed:
        raise DomainError(_("Nothing was changed."), field="text")
    finding.kind, finding.pillar, finding.text = kind, pillar, text
    finding.version += 1
    finding.save()
    journal_append(alliance=review.alliance, actor=actor, kind="FindingChanged",
                   subject=finding, payload={"review": review.title, "kind": kind,
                                             "pillar": pillar, "changed": changed})
    return finding


@transaction.atomic
def review_submit(*, actor: Person, review: Review) -> Review:
    """Close the review: its findings stand as recorded and its recommendations go to the
    board, whose members (and the key alliance manager) are notified. Journaled as
    ReviewSubmitted."""
    review = _locked_review(actor, review)
    _require(actor, "alliance.run_review", review.alliance)
    if review.state != ReviewState.OPEN:
        raise Conflict(_("This review is submitted already."), code="submitted")
    counts = {kind: review.findings.filter(kind=kind).count() for kind in FindingKind.values}
    if not any(counts.values()):
        raise DomainError(_("Nothing was recorded in this review yet."), code="empty")
    review.state = ReviewState.SUBMITTED
    review.submitted_at = timezone.now()
    review.save(update_fields=["state", "submitted_at"])
    journal_append(alliance=review.alliance, actor=actor, kind="ReviewSubmitted",
                   subject=review, payload={"title": review.title,
                                            "findings": counts[FindingKind.FINDING],
                                            "recommendations": counts[FindingKind.RECOMMENDATION]})
    _board_hears_of_recommendations(actor, review, counts[FindingKind.RECOMMENDATION])
    return review


def _board_hears_of_recommendations(actor: Person, review: Review, waiting: int) -> None:
    """Whoever answers recommendations (the board members, the key alliance manager) hears that
    the submitted review's recommendations wait for them, except the one who submitted it; the
    to-do list shows each recommendation until it is answered."""
    if not waiting:
        return
    people = [m.person for m in policy.answering_memberships(alliance_id=review.alliance_id)
              .select_related("person").order_by("person_id")
              if m.person_id != actor.pk]
    notify(people=people, alliance=review.alliance,
           kind=NotificationKind.RECOMMENDATIONS_WAITING,
           key=f"review-recommendations:{review.pk}",
           params={"review": review.title, "count": waiting},
           url=reverse("review_detail", kwargs={"pk": review.alliance_id,
                                                "review_pk": review.pk}))


def _locked_recommendation(actor: Person, finding: Finding) -> Finding:
    review = _locked_review(actor, finding.review)
    finding = (Finding.objects.select_for_update(of=("self",), no_key=True)
               .select_related("review__alliance").get(pk=finding.pk))
    _require(actor, "alliance.answer_recommendation", review.alliance)
    if finding.kind != FindingKind.RECOMMENDATION:
        raise DomainError(_("Only a recommendation is answered."), code="not_recommendation")
    if finding.answer != Answer.PENDING:
        raise Conflict(_("This recommendation was answered already."), code="answered")
    return finding


def _reason(reason: str, *, required: bool) -> str:
    reason = reason.strip()
    if required and not reason:
        raise DomainError(_("Give the reason."), field="reason")
    if len(reason) > REASON_MAX:
        raise DomainError(_("Keep the reason under 2000 characters."), field="reason")
    return reason


@transaction.atomic
def recommendation_accept(*, actor: Person, finding: Finding, reason: str = "",
                          title: str = "", description: str = "",
                          owner_person: Person | None = None,
                          owner_partner: Partner | None = None,
                          due_on: dt.date | None = None) -> ActionItem:
    """The board accepts a recommendation (a board member of any partner, or the key alliance
    manager; from then on its author no longer changes it): it becomes an improvement action
    for its pillar, made on that authority (docs/decisions/0019); its owner hears of it.
    Journaled as RecommendationAccepted (a commitment) and ActionAssigned."""
    finding = _locked_recommendation(actor, finding)
    reason = _reason(reason, required=False)
    action = action_services.improvement_action_from_recommendation(
        actor=actor, alliance=finding.review.alliance,
        title=title.strip() or rules.action_title(finding.text),
        description=description.strip() or finding.text, pillar=finding.pillar,
        recommendation=finding.pk, owner_person=owner_person, owner_partner=owner_partner,
        due_on=due_on)
    finding.answer = Answer.ACCEPTED
    finding.reason = reason
    finding.answered_by = actor
    finding.answered_at = timezone.now()
    finding.action = action
    finding.save(update_fields=["answer", "reason", "answered_by", "answered_at", "action"])
    journal_append(alliance=finding.review.alliance, actor=actor,
                   kind="RecommendationAccepted", subject=finding,
                   payload={"review": finding.review.title, "pillar": finding.pillar,
                            "recommendation": finding.text, "reason": reason,
                            "action": action.pk})
    return action


@transaction.atomic
def recommendation_decline(*, actor: Person, finding: Finding, reason: str) -> Finding:
    """The board declines a recommendation, with its reason (its author no longer changes
    it). Journaled as RecommendationDeclined (a commitment)."""
    finding = _locked_recommendation(actor, finding)
    finding.reason = _reason(reason, required=True)
    finding.answer = Answer.DECLINED
    finding.answered_by = actor
    finding.answered_at = timezone.now()
    finding.save(update_fields=["answer", "reason", "answered_by", "answered_at"])
    journal_append(alliance=finding.review.alliance, actor=actor,
                   kind="RecommendationDeclined", subject=finding,
                   payload={"review": finding.review.title, "pillar": finding.pillar,
                            "recommendation": finding.text, "reason": finding.reason})
    return finding
