"""Access matrix entries: external review, pages (the API's are added beside them).

In the reviews world (concordia/testing/reviews.py) alliance A has an open review with a
finding and a recommendation on trust by the reviewer (an external reviewer of partner B) and
an open invitation, and a submitted review with a pending recommendation. Every member reads
them; the founder (the key alliance manager) runs the reviews and answers recommendations
(with coordinator_b, partner B's board member);
the external reviewers record findings: the reviewer (held for partner B) in any review, the
outside reviewer of no partner in the open review once they accepted its invitation (the set-up
of the routes that record); only the reviewer changes their own. The newcomer (no organisation)
is invited by a personal link, which only they accept."""

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from concordia.actions.models import ActionItem
from concordia.reviews import services
from concordia.reviews.models import Review
from concordia.testing.reviews import fresh, reviews_of
from concordia.tests.access.support import (
    ACTORS,
    ANONYMOUS_LIKE,
    MEMBERS,
    PEOPLE,
    Check,
    Ctx,
    Person,
    Route,
    no_kwargs,
    refused_for,
)

KAM = frozenset({"founder"})
RECORDERS = frozenset({"reviewer", "outside_reviewer"})
AUTHOR = frozenset({"reviewer"})
# The key alliance manager and coordinator_b, who is also partner B's board member.
ANSWERERS = frozenset({"founder", "coordinator_b"})


def alliance_kwargs(ctx: Ctx) -> dict[str, Any]:
    reviews_of(ctx)
    return {"pk": ctx.world.alliance.pk}


def review_kwargs(ctx: Ctx) -> dict[str, Any]:
    return {"pk": ctx.world.alliance.pk, "review_pk": reviews_of(ctx).review.pk}


def invitation_kwargs(ctx: Ctx) -> dict[str, Any]:
    return {**review_kwargs(ctx), "invitation_pk": reviews_of(ctx).invitation.pk}


def finding_kwargs(ctx: Ctx) -> dict[str, Any]:
    return {**review_kwargs(ctx), "finding_pk": reviews_of(ctx).finding.pk}


def pending_kwargs(ctx: Ctx) -> dict[str, Any]:
    rw = reviews_of(ctx)
    return {"pk": ctx.world.alliance.pk, "review_pk": rw.submitted.pk,
            "finding_pk": rw.pending.pk}


def the_review(ctx: Ctx, person: Person | None) -> str:
    return reverse("review_detail", kwargs=review_kwargs(ctx))


def the_submitted_review(ctx: Ctx, person: Person | None) -> str:
    rw = reviews_of(ctx)
    return reverse("review_detail", kwargs={"pk": ctx.world.alliance.pk,
                                            "review_pk": rw.submitted.pk})


def newest_review(ctx: Ctx, person: Person | None) -> str:
    return reverse("review_detail", kwargs={"pk": ctx.world.alliance.pk,
                                            "review_pk": Review.objects.latest("pk").pk})


def newest_action(ctx: Ctx, person: Person | None) -> str:
    return reverse("action_detail", kwargs={"pk": ctx.world.alliance.pk,
                                            "action_pk": ActionItem.objects.latest("pk").pk})


def newcomers_token(ctx: Ctx) -> dict[str, Any]:
    token: str | None = ctx.__dict__.get("_review_newcomer_token")
    if token is None:
        _invitation, token = services.reviewer_invite(
            actor=fresh(ctx.world.founder), review=reviews_of(ctx).review,
            email=ctx.newcomer.email)
        ctx.__dict__["_review_newcomer_token"] = token
    return {"token": token}


def outside_reviewer_invited(ctx: Ctx) -> None:
    """The outside reviewer takes up an invitation to the open review: only that makes them one
    of its recorders (an outside reviewer's role alone records in no review)."""
    if ctx.__dict__.get("_outside_reviewer_invited"):
        return
    reviewer = fresh(ctx.outside_reviewer)
    _invitation, token = services.reviewer_invite(
        actor=fresh(ctx.world.founder), review=reviews_of(ctx).review, email=reviewer.email)
    services.review_invitation_accept(actor=reviewer, raw_token=token)
    ctx.__dict__["_outside_reviewer_invited"] = True


def review_form(ctx: Ctx) -> dict[str, Any]:
    today = timezone.localdate()
    return {"title": "Gateway review", "scope": "Is the alliance ready for its next stage?",
            "starts_on": today.isoformat(),
            "ends_on": (today + dt.timedelta(days=20)).isoformat()}


def finding_form(ctx: Ctx) -> dict[str, Any]:
    return {"finding-kind": "recommendation", "finding-pillar": "structure",
            "finding-text": "Name one owner per building block."}


def edit_form(ctx: Ctx) -> dict[str, Any]:
    return {"kind": "finding", "pillar": "trust", "text": "Partners trust most figures.",
            "version": 1}


REVIEW_PAGE_ROUTES: dict[str, Route] = {
    "review_list": Route(alliance_kwargs, (Check("get", ok=MEMBERS),)),
    "review_create": Route(alliance_kwargs, (
        Check("get", ok=KAM, forbidden=MEMBERS - KAM),
        Check("post", ok=KAM, forbidden=MEMBERS - KAM, ok_status=302, writes=True,
              body=review_form, ok_location=newest_review),
    )),
    "review_detail": Route(review_kwargs, (
        Check("get", ok=MEMBERS),
        Check("post", ok=RECORDERS, forbidden=MEMBERS - RECORDERS, ok_status=302, writes=True,
              body=finding_form, ok_location=the_review),
    ), setup=outside_reviewer_invited),
    "reviewer_invite": Route(review_kwargs, (
        Check("get", ok=KAM, forbidden=MEMBERS - KAM),
        Check("post", ok=KAM, forbidden=MEMBERS - KAM, ok_status=302, writes=True,
              body=lambda ctx: {"email": "peer@bureau.example"}, ok_location=the_review),
    )),
    "review_invitation_resend": Route(invitation_kwargs, (
        Check("post", ok=KAM, forbidden=MEMBERS - KAM, ok_status=302, writes=True,
              ok_location=the_review),
    )),
    "review_invitation_withdraw": Route(invitation_kwargs, (
        Check("post", ok=KAM, forbidden=MEMBERS - KAM, ok_status=302, writes=True,
              ok_location=the_review),
    )),
    "review_submit": Route(review_kwargs, (
        Check("post", ok=KAM, forbidden=MEMBERS - KAM, ok_status=302, writes=True,
              ok_location=the_review),
    )),
    "finding_edit": Route(finding_kwargs, (
        Check("get", ok=AUTHOR, forbidden=MEMBERS - AUTHOR),
        Check("post", ok=AUTHOR, forbidden=MEMBERS - AUTHOR, ok_status=302, writes=True,
              body=edit_form, ok_location=the_review),
    )),
    "recommendation_answer": Route(pending_kwargs, (
        Check("get", ok=ANSWERERS, forbidden=MEMBERS - ANSWERERS),
        Check("post", label="accept", ok=ANSWERERS, forbidden=MEMBERS - ANSWERERS, ok_status=302,
              writes=True, ok_location=newest_action,
              body=lambda ctx: {"op": "accept", "accept-title": "Hold a conference",
                                "accept-description": "", "accept-due_on": "",
                                "accept-owner": f"partner:{ctx.world.partner_a.pk}",
                                "accept-reason": "Worth it."}),
        Check("post", label="decline", ok=ANSWERERS, forbidden=MEMBERS - ANSWERERS, ok_status=302,
              writes=True, ok_location=the_submitted_review,
              body=lambda ctx: {"op": "decline", "decline-reason": "We do this already."}),
    )),
    # The personal link: whoever holds it sees what it is for and is asked to log in; only the
    # invited address (the newcomer's) accepts.
    "review_invitation_open": Route(newcomers_token, (
        Check("get", ok=frozenset(ACTORS)),
        Check("post", ok=frozenset({"newcomer"}), ok_status=302, writes=True,
              ok_location=the_review,
              special={**refused_for(PEOPLE - {"newcomer"}, 422),
                       **refused_for(ANONYMOUS_LIKE, 200)}),
    )),
}


def api_alliance_kwargs(ctx: Ctx) -> dict[str, Any]:
    reviews_of(ctx)
    return {"alliance_id": ctx.world.alliance.pk}


def api_review_kwargs(ctx: Ctx) -> dict[str, Any]:
    return {"alliance_id": ctx.world.alliance.pk, "review_id": reviews_of(ctx).review.pk}


def api_invitation_kwargs(ctx: Ctx) -> dict[str, Any]:
    return {**api_review_kwargs(ctx), "invitation_id": reviews_of(ctx).invitation.pk}


def api_finding_kwargs(ctx: Ctx) -> dict[str, Any]:
    return {**api_review_kwargs(ctx), "finding_id": reviews_of(ctx).finding.pk}


def api_pending_kwargs(ctx: Ctx) -> dict[str, Any]:
    rw = reviews_of(ctx)
    return {"alliance_id": ctx.world.alliance.pk, "review_id": rw.submitted.pk,
            "finding_id": rw.pending.pk}


REVIEW_API_ROUTES: dict[str, Route] = {
    "api:list_reviews": Route(api_alliance_kwargs, (Check("get", ok=MEMBERS),)),
    "api:open_review": Route(api_alliance_kwargs, (
        Check("post", ok=KAM, forbidden=MEMBERS - KAM, ok_status=201, writes=True,
              body=review_form),
    )),
    "api:get_review": Route(api_review_kwargs, (Check("get", ok=MEMBERS),)),
    "api:submit_review": Route(api_review_kwargs, (
        Check("post", ok=KAM, forbidden=MEMBERS - KAM, writes=True),
    )),
    "api:list_review_invitations": Route(api_review_kwargs, (
        Check("get", ok=KAM, forbidden=MEMBERS - KAM),
    )),
    "api:invite_reviewer": Route(api_review_kwargs, (
        Check("post", ok=KAM, forbidden=MEMBERS - KAM, ok_status=201, writes=True,
              body=lambda ctx: {"email": "peer@bureau.example"}),
    )),
    "api:resend_review_invitation": Route(api_invitation_kwargs, (
        Check("post", ok=KAM, forbidden=MEMBERS - KAM, writes=True),
    )),
    "api:withdraw_review_invitation": Route(api_invitation_kwargs, (
        Check("post", ok=KAM, forbidden=MEMBERS - KAM, writes=True),
    )),
    "api:list_findings": Route(api_review_kwargs, (Check("get", ok=MEMBERS),)),
    "api:record_finding": Route(api_review_kwargs, (
        Check("post", ok=RECORDERS, forbidden=MEMBERS - RECORDERS, ok_status=201, writes=True,
              body=lambda ctx: {"kind": "recommendation", "pillar": "structure",
                                "text": "Name one owner per building block."}),
    ), setup=outside_reviewer_invited),
    "api:update_finding": Route(api_finding_kwargs, (
        Check("put", ok=AUTHOR, forbidden=MEMBERS - AUTHOR, writes=True, body=edit_form),
    )),
    "api:list_recommendations": Route(api_review_kwargs, (Check("get", ok=MEMBERS),)),
    "api:accept_recommendation": Route(api_pending_kwargs, (
        Check("post", ok=ANSWERERS, forbidden=MEMBERS - ANSWERERS, ok_status=201, writes=True,
              body=lambda ctx: {"reason": "Worth it.",
                                "owner_partner_id": ctx.world.partner_a.pk}),
    )),
    # The personal link's token, sent by the API: only the invited address (the newcomer's)
    # accepts; anyone else logged in is another address.
    "api:accept_review_invitation": Route(no_kwargs, (
        Check("post", ok=frozenset({"newcomer"}), ok_status=201, writes=True,
              body=newcomers_token, special=refused_for(PEOPLE - {"newcomer"}, 422)),
    )),
    "api:decline_recommendation": Route(api_pending_kwargs, (
        Check("post", ok=ANSWERERS, forbidden=MEMBERS - ANSWERERS, writes=True,
              body=lambda ctx: {"reason": "We do this already."}),
    )),
}
