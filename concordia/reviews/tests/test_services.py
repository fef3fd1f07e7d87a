"""The review's services: every write journaled in its transaction, the invitation's link
answers once and gives an outside reviewer's role until the review's end, reviewers record and
change their own until submission, the board's answer makes an improvement action."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from concordia.access import policy
from concordia.actions.models import ActionItem
from concordia.alliances.choices import Role
from concordia.alliances.models import Membership
from concordia.core.errors import Conflict, DomainError
from concordia.journal.models import JournalEntry
from concordia.notifications.models import Notification
from concordia.reviews import services
from concordia.reviews.choices import Answer, ReviewState
from concordia.reviews.models import Finding
from concordia.testing.factories import OrganisationFactory, PersonFactory, give_role
from concordia.testing.reviews import build_reviews, fresh, open_review

pytestmark = pytest.mark.django_db


def _kinds(alliance) -> list[str]:
    return list(JournalEntry.objects.filter(alliance=alliance).order_by("pk")
                .values_list("kind", flat=True))


def _last(alliance) -> JournalEntry:
    return JournalEntry.objects.filter(alliance=alliance).latest("pk")


def test_the_key_alliance_manager_opens_a_review_journaled(world):
    review = open_review(world.founder, world.alliance)
    entry = _last(world.alliance)
    assert (entry.kind, entry.payload["title"]) == ("ReviewOpened", "Peer review 2026")
    assert review.state == ReviewState.OPEN


def test_only_the_key_alliance_manager_opens_a_review(world):
    with pytest.raises(PermissionDenied):
        open_review(world.coordinator_b, world.alliance)


def test_a_review_ending_before_it_starts_is_refused(world):
    today = timezone.localdate()
    with pytest.raises(DomainError) as refused:
        services.review_open(actor=fresh(world.founder), alliance=world.alliance, title="R",
                             scope="Q", starts_on=today, ends_on=today - dt.timedelta(days=1))
    assert refused.value.field == "ends_on"


def test_an_outsider_registers_by_the_link_and_becomes_a_reviewer_of_no_partner(
        world, django_capture_on_commit_callbacks):
    review = open_review(world.founder, world.alliance)
    with django_capture_on_commit_callbacks(execute=True):
        _invitation, token = services.reviewer_invite(
            actor=fresh(world.founder), review=review, email="Peer@Bureau.example")
    assert _last(world.alliance).kind == "ReviewerInvited"
    assert token in mail.outbox[-1].body
    assert mail.outbox[-1].to == ["peer@bureau.example"]
    person = PersonFactory(email="peer@bureau.example", organisation=None, full_name="")
    membership = services.review_invitation_accept(actor=person, raw_token=token,
                                                   full_name="Pia Peer")
    assert (membership.role, membership.partner, membership.ends_on) == (
        Role.EXTERNAL_REVIEWER, None, review.ends_on)
    assert _kinds(world.alliance)[-2:] == ["RoleGranted", "ReviewerJoined"]
    assert policy.read_only_status(fresh(person), world.alliance.pk)[1] == review.ends_on
    # the link answers once
    with pytest.raises(Conflict):
        services.review_invitation_accept(actor=fresh(person), raw_token=token)


def test_the_link_is_for_the_address_it_was_sent_to(world):
    review = open_review(world.founder, world.alliance)
    _invitation, token = services.reviewer_invite(actor=fresh(world.founder), review=review,
                                                  email="peer@bureau.example")
    with pytest.raises(DomainError) as refused:
        services.review_invitation_accept(actor=fresh(world.stranger), raw_token=token)
    assert refused.value.code == "wrong_person"


def test_someone_of_a_partner_is_no_outside_reviewer(world):
    review = open_review(world.founder, world.alliance)
    _invitation, token = services.reviewer_invite(actor=fresh(world.founder), review=review,
                                                  email=world.professional_a.email)
    with pytest.raises(DomainError) as refused:
        services.review_invitation_accept(actor=fresh(world.professional_a), raw_token=token)
    assert refused.value.code == "partner_member"


def test_resending_replaces_the_link_and_withdrawing_ends_it(world):
    review = open_review(world.founder, world.alliance)
    invitation, old = services.reviewer_invite(actor=fresh(world.founder), review=review,
                                               email="peer@bureau.example")
    invitation, new = services.review_invitation_resend(actor=fresh(world.founder),
                                                        invitation=invitation)
    assert (_last(world.alliance).kind, invitation.times_sent) == ("ReviewInvitationResent", 2)
    assert services.invitation_by_token(old) is None
    services.review_invitation_withdraw(actor=fresh(world.founder), invitation=invitation)
    assert _last(world.alliance).kind == "ReviewInvitationWithdrawn"
    person = PersonFactory(email="peer@bureau.example")
    with pytest.raises(Conflict):
        services.review_invitation_accept(actor=person, raw_token=new)


def test_reviewers_record_and_change_their_own_until_the_review_is_submitted(world):
    rw = build_reviews(world)
    assert JournalEntry.objects.filter(kind="FindingRecorded").count() == 3
    changed = services.finding_update(actor=fresh(world.reviewer), finding=rw.finding,
                                      expected_version=1, kind="finding", pillar="dialogue",
                                      text=rw.finding.text)
    entry = _last(world.alliance)
    assert (entry.kind, entry.payload["changed"], changed.version) == (
        "FindingChanged", ["pillar"], 2)
    with pytest.raises(Conflict):  # stale
        services.finding_update(actor=fresh(world.reviewer), finding=rw.finding,
                                expected_version=1, kind="finding", pillar="trust", text="x")
    other = PersonFactory(organisation=OrganisationFactory())
    give_role(world.partner_a, other, Role.EXTERNAL_REVIEWER,
              ends_on=timezone.localdate() + dt.timedelta(days=3))
    with pytest.raises(PermissionDenied):  # not theirs
        services.finding_update(actor=other, finding=rw.finding, expected_version=2,
                                kind="finding", pillar="trust", text="x")
    with pytest.raises(PermissionDenied):  # the key alliance manager records nothing
        services.finding_record(actor=fresh(world.founder), review=rw.review, kind="finding",
                                pillar="trust", text="x")
    with pytest.raises(Conflict):  # submitted
        services.finding_record(actor=fresh(world.reviewer), review=rw.submitted,
                                kind="finding", pillar="trust", text="Late.")


def test_a_review_is_submitted_once_journaled_with_its_counts(world):
    rw = build_reviews(world)
    entry = JournalEntry.objects.get(kind="ReviewSubmitted")
    assert (entry.payload["findings"], entry.payload["recommendations"]) == (0, 1)
    with pytest.raises(Conflict):
        services.review_submit(actor=fresh(world.founder), review=rw.submitted)


def test_a_board_member_accepts_a_recommendation_into_an_improvement_action(world):
    rw = build_reviews(world)
    board = PersonFactory(organisation=world.coordinator_b.organisation, full_name="Board B")
    give_role(world.partner_b, board, Role.BOARD_MEMBER)
    # a board member may not give an alliance-wide action in general
    assert not policy.can_create_action(board, world.alliance, None)
    action = services.recommendation_accept(actor=board, finding=rw.pending,
                                            reason="Cheap and useful.",
                                            owner_partner=world.partner_b)
    assert (action.pillar, action.title, action.owner_partner) == (
        "dialogue", "Hold a yearly conference of all partners.", world.partner_b)
    assert _kinds(world.alliance)[-2:] == ["ActionAssigned", "RecommendationAccepted"]
    assert JournalEntry.objects.filter(kind="ActionAssigned").latest("pk").payload[
        "recommendation"] == rw.pending.pk
    finding = Finding.objects.get(pk=rw.pending.pk)
    assert (finding.answer, finding.action_id, finding.answered_by) == (
        Answer.ACCEPTED, action.pk, board)
    with pytest.raises(Conflict):  # answered once
        services.recommendation_decline(actor=fresh(world.founder), finding=finding,
                                        reason="No.")


def test_the_board_declines_with_a_reason_and_nobody_else_answers(world):
    rw = build_reviews(world)
    with pytest.raises(PermissionDenied):
        services.recommendation_decline(actor=fresh(world.coordinator_b), finding=rw.pending,
                                        reason="No.")
    with pytest.raises(DomainError) as refused:
        services.recommendation_decline(actor=fresh(world.founder), finding=rw.pending,
                                        reason=" ")
    assert refused.value.field == "reason"
    services.recommendation_decline(actor=fresh(world.founder), finding=rw.pending,
                                    reason="We do this already.")
    entry = _last(world.alliance)
    assert (entry.kind, entry.payload["reason"]) == ("RecommendationDeclined",
                                                     "We do this already.")
    assert not ActionItem.objects.filter(alliance=world.alliance).exists()


def test_an_answered_recommendation_no_longer_changes(world):
    rw = build_reviews(world)
    services.recommendation_accept(actor=fresh(world.founder), finding=rw.recommendation,
                                   owner_partner=world.partner_a)
    with pytest.raises(Conflict) as refused:
        services.finding_update(actor=fresh(world.reviewer), finding=rw.recommendation,
                                expected_version=1, kind="recommendation", pillar="trust",
                                text="Something else.")
    assert refused.value.code == "answered"


def test_the_improvement_action_needs_the_authority_to_answer(world):
    from concordia.actions import services as action_services  # noqa: PLC0415
    with pytest.raises(PermissionDenied):
        action_services.improvement_action_from_recommendation(
            actor=fresh(world.professional_a), alliance=world.alliance, title="T",
            pillar="trust", recommendation=1, owner_partner=world.partner_a)


def test_an_expired_outside_reviewer_reads_nothing(world):
    rw = build_reviews(world)
    person = PersonFactory(organisation=OrganisationFactory(name="Bureau"))
    Membership.objects.create(alliance=world.alliance, partner=None, person=person,
                              role=Role.EXTERNAL_REVIEWER, level="strategic",
                              ends_on=timezone.localdate() - dt.timedelta(days=1))
    from django.http import Http404  # noqa: PLC0415

    from concordia.reviews import selectors  # noqa: PLC0415
    with pytest.raises(Http404):
        selectors.review_list(user=person, alliance=world.alliance)
    with pytest.raises(PermissionDenied):
        services.finding_record(actor=person, review=rw.review, kind="finding",
                                pillar="trust", text="x")


def _invited_outside_reviewer(world, review, email="peer@bureau.example"):
    _invitation, token = services.reviewer_invite(actor=fresh(world.founder), review=review,
                                                  email=email)
    person = PersonFactory(email=email, organisation=None, full_name="Pia Peer")
    services.review_invitation_accept(actor=person, raw_token=token)
    return fresh(person)


def test_an_outside_reviewer_records_only_in_the_review_they_were_invited_to(world):
    invited_to = open_review(world.founder, world.alliance, "Gateway review")
    other = open_review(world.founder, world.alliance, "Audit of the agency")
    peer = _invited_outside_reviewer(world, invited_to)
    finding = services.finding_record(actor=peer, review=invited_to, kind="finding",
                                      pillar="trust", text="Figures are shared late.")
    assert (finding.review, _last(world.alliance).kind) == (invited_to, "FindingRecorded")
    before = (Finding.objects.count(), JournalEntry.objects.count())
    with pytest.raises(PermissionDenied):
        services.finding_record(actor=fresh(peer), review=other, kind="finding",
                                pillar="trust", text="Not my review.")
    assert (Finding.objects.count(), JournalEntry.objects.count()) == before
    assert policy.can_record_finding(fresh(peer), invited_to)
    assert not policy.can_record_finding(fresh(peer), other)


def test_a_reviewer_held_for_a_partner_records_in_every_review_of_their_alliance(world):
    # Granted as a role of partner B before outside reviewers existed; no invitation can
    # reach them (decision 0015, amendment).
    first = open_review(world.founder, world.alliance, "Gateway review")
    second = open_review(world.founder, world.alliance, "Audit of the agency")
    for review in (first, second):
        finding = services.finding_record(actor=fresh(world.reviewer), review=review,
                                          kind="finding", pillar="dialogue", text="Open.")
        assert finding.review == review
    foreign = open_review(world.outsider, world.other_alliance, "Z's review")
    assert not policy.can_record_finding(fresh(world.reviewer), foreign)


def test_submitting_tells_the_board_its_recommendations_wait(world):
    board_b = PersonFactory(organisation=world.partner_b.organisation, full_name="Board B")
    give_role(world.partner_b, board_b, Role.BOARD_MEMBER)
    review = open_review(world.founder, world.alliance, "Gateway review")
    services.finding_record(actor=fresh(world.reviewer), review=review, kind="recommendation",
                            pillar="trust", text="Share the figures.")
    services.finding_record(actor=fresh(world.reviewer), review=review, kind="finding",
                            pillar="trust", text="Figures are late.")
    services.review_submit(actor=fresh(world.founder), review=review)
    made = Notification.objects.filter(kind="recommendations_waiting")
    # The key alliance manager submitted it and is not told; the board member is, once.
    assert [(n.person, n.params) for n in made] == [
        (board_b, {"review": "Gateway review", "count": 1})]
    assert made.get().url == f"/alliances/{world.alliance.pk}/reviews/{review.pk}/"
