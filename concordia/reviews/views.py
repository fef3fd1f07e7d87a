"""Pages of external review: the alliance's reviews, opening one, a review with its findings
and recommendations per pillar (the reviewers record, the key alliance manager invites and
submits), a finding's edit page, the board's answer to a recommendation, and the reviewer's
personal link (log in or register, then accept)."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from concordia.access import policy
from concordia.access import rules as access_rules
from concordia.accounts.http import AuthenticatedHttpRequest
from concordia.actions import selectors as action_selectors
from concordia.alliances import selectors as alliance_selectors
from concordia.alliances.forms import FullNameForm
from concordia.alliances.models import Alliance
from concordia.core.errors import DomainError
from concordia.core.views import render_form_page, run_service
from concordia.handbook.catalogue import Pillar
from concordia.handbook.texts import PILLARS

from . import rules, selectors, services
from .choices import Answer, FindingKind, ReviewState
from .forms import (
    AcceptForm,
    DeclineForm,
    FindingEditForm,
    FindingForm,
    ReviewerInviteForm,
    ReviewForm,
)
from .models import Finding, Review


def _alliance(request: AuthenticatedHttpRequest, pk: int) -> Alliance:
    return alliance_selectors.alliance_get(user=request.user, pk=pk)


def _review(request: AuthenticatedHttpRequest, pk: int, review_pk: int) -> Review:
    return selectors.review_get(user=request.user, alliance=_alliance(request, pk),
                                pk=review_pk)


def _open_for_findings(review: Review) -> bool:
    return access_rules.review_open_for_findings(
        submitted=review.state == ReviewState.SUBMITTED, starts_on=review.starts_on,
        ends_on=review.ends_on, today=timezone.localdate())


@login_required
def review_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The alliance's external reviews, newest first."""
    alliance = _alliance(request, pk)
    return render(request, "reviews/list.html", {
        "alliance": alliance,
        "reviews": selectors.review_list(user=request.user, alliance=alliance),
        "may_run": policy.can(request.user, "alliance.run_review", alliance),
    })


@login_required
def review_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    alliance = _alliance(request, pk)
    if not policy.can(request.user, "alliance.run_review", alliance):
        raise PermissionDenied
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        review = run_service(form, lambda: services.review_open(
            actor=request.user, alliance=alliance, **form.cleaned_data))
        if review is not None:
            messages.success(request, _("The review is open: invite its reviewers."))
            return redirect("review_detail", pk=alliance.pk, review_pk=review.pk)
    return render_form_page(request, "reviews/create.html", {"alliance": alliance}, form)


def _by_pillar(findings: list[Finding]) -> list[dict[str, Any]]:
    groups = []
    for pillar in Pillar:
        items = [f for f in findings if f.pillar == pillar.value]
        groups.append({"pillar": pillar.value, "title": PILLARS[pillar].title,
                       "findings": [f for f in items if f.kind == FindingKind.FINDING],
                       "recommendations": [f for f in items
                                           if f.kind == FindingKind.RECOMMENDATION]})
    return groups


@login_required
def review_detail(request: AuthenticatedHttpRequest, pk: int, review_pk: int) -> HttpResponse:
    """A review: its question and dates, its findings and recommendations per pillar (with the
    board's answers), the form to record one (its reviewers), its invitations and submitting
    it (the key alliance manager)."""
    review = _review(request, pk, review_pk)
    alliance = review.alliance
    may_record = policy.can_record_finding(request.user, review) and _open_for_findings(review)
    form = FindingForm(prefix="finding") if may_record else None
    status = 200
    if request.method == "POST":
        if not policy.can_record_finding(request.user, review):
            raise PermissionDenied
        form = FindingForm(request.POST, prefix="finding")
        if form.is_valid() and run_service(form, lambda: services.finding_record(
                actor=request.user, review=review, **form.cleaned_data)) is not None:
            messages.success(request, _("It is recorded."))
            return redirect("review_detail", pk=alliance.pk, review_pk=review.pk)
        status = 422
    findings = list(selectors.finding_list(user=request.user, review=review))
    may_run = policy.can(request.user, "alliance.run_review", alliance)
    return render(request, "reviews/detail.html", {
        "alliance": alliance, "review": review, "pillars": _by_pillar(findings),
        "count": len(findings), "form": form, "may_run": may_run,
        "is_open": review.state == ReviewState.OPEN,
        "invitations": selectors.invitation_list(user=request.user, review=review),
        "invite": ReviewerInviteForm() if may_run and review.state == ReviewState.OPEN else None,
        "may_answer": policy.can(request.user, "alliance.answer_recommendation", alliance),
        "editable": {f.pk for f in findings if may_record and f.answer == Answer.PENDING
                     and policy.can_edit_finding(request.user, f)},
    }, status=status)


@login_required
def reviewer_invite(request: AuthenticatedHttpRequest, pk: int, review_pk: int) -> HttpResponse:
    review = _review(request, pk, review_pk)
    if not policy.can(request.user, "alliance.run_review", review.alliance):
        raise PermissionDenied
    form = ReviewerInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = run_service(form, lambda: services.reviewer_invite(
            actor=request.user, review=review, email=form.cleaned_data["email"],
            site_url=request.build_absolute_uri("/")))
        if result is not None:
            messages.success(request, _("Invitation sent to %(email)s.")
                             % {"email": result[0].email})
            return redirect("review_detail", pk=review.alliance_id, review_pk=review.pk)
    return render_form_page(request, "reviews/invite.html",
                            {"alliance": review.alliance, "review": review}, form)


def _on_invitation(request: AuthenticatedHttpRequest, pk: int, review_pk: int,
                   invitation_pk: int, act: Callable[[Any], Any], done: str) -> HttpResponse:
    review = _review(request, pk, review_pk)
    if not policy.can(request.user, "alliance.run_review", review.alliance):
        raise PermissionDenied
    invitation = selectors.invitation_get(user=request.user, review=review, pk=invitation_pk)
    try:
        act(invitation)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done % {"email": invitation.email})
    return redirect("review_detail", pk=review.alliance_id, review_pk=review.pk)


@login_required
@require_POST
def review_invitation_resend(request: AuthenticatedHttpRequest, pk: int, review_pk: int,
                             invitation_pk: int) -> HttpResponse:
    return _on_invitation(request, pk, review_pk, invitation_pk, lambda invitation: (
        services.review_invitation_resend(actor=request.user, invitation=invitation,
                                          site_url=request.build_absolute_uri("/"))),
        _("The invitation is sent again to %(email)s; the earlier link no longer works."))


@login_required
@require_POST
def review_invitation_withdraw(request: AuthenticatedHttpRequest, pk: int, review_pk: int,
                               invitation_pk: int) -> HttpResponse:
    return _on_invitation(request, pk, review_pk, invitation_pk, lambda invitation: (
        services.review_invitation_withdraw(actor=request.user, invitation=invitation)),
        _("The invitation of %(email)s is withdrawn; its link no longer works."))


@login_required
@require_POST
def review_submit(request: AuthenticatedHttpRequest, pk: int, review_pk: int) -> HttpResponse:
    review = _review(request, pk, review_pk)
    if not policy.can(request.user, "alliance.run_review", review.alliance):
        raise PermissionDenied
    try:
        services.review_submit(actor=request.user, review=review)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The review is submitted: the board answers its "
                                    "recommendations."))
    return redirect("review_detail", pk=review.alliance_id, review_pk=review.pk)


@login_required
def finding_edit(request: AuthenticatedHttpRequest, pk: int, review_pk: int,
                 finding_pk: int) -> HttpResponse:
    """Change one's own finding or recommendation until the review is submitted."""
    review = _review(request, pk, review_pk)
    finding = selectors.finding_get(user=request.user, review=review, pk=finding_pk)
    if not policy.can_edit_finding(request.user, finding):
        raise PermissionDenied
    initial = {"kind": finding.kind, "pillar": finding.pillar, "text": finding.text,
               "version": finding.version}
    form = FindingEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if run_service(form, lambda: services.finding_update(
                actor=request.user, finding=finding, expected_version=data["version"],
                kind=data["kind"], pillar=data["pillar"], text=data["text"])) is not None:
            messages.success(request, _("It is saved."))
            return redirect("review_detail", pk=review.alliance_id, review_pk=review.pk)
    return render_form_page(request, "reviews/finding_edit.html", {
        "alliance": review.alliance, "review": review, "finding": finding,
        "is_open": _open_for_findings(review)}, form)


@login_required
def recommendation_answer(request: AuthenticatedHttpRequest, pk: int, review_pk: int,
                          finding_pk: int) -> HttpResponse:
    """The board accepts a recommendation (it becomes an improvement action for its pillar)
    or declines it, with a reason."""
    review = _review(request, pk, review_pk)
    alliance = review.alliance
    finding = selectors.finding_get(user=request.user, review=review, pk=finding_pk)
    if not policy.can(request.user, "alliance.answer_recommendation", alliance):
        raise PermissionDenied
    partners, people = action_selectors.owner_options(user=request.user, alliance=alliance)
    accept = AcceptForm(partners=partners, people=people, prefix="accept", initial={
        "title": rules.action_title(finding.text), "description": finding.text})
    decline = DeclineForm(prefix="decline")
    status = 200
    if request.method == "POST":
        if request.POST.get("op") == "decline":
            decline = DeclineForm(request.POST, prefix="decline")
            if decline.is_valid() and run_service(decline, lambda: services.recommendation_decline(
                    actor=request.user, finding=finding,
                    reason=decline.cleaned_data["reason"])) is not None:
                messages.success(request, _("The recommendation is declined."))
                return redirect("review_detail", pk=alliance.pk, review_pk=review.pk)
        else:
            accept = AcceptForm(request.POST, partners=partners, people=people, prefix="accept")
            if accept.is_valid():
                person, partner = accept.owner_objects()
                data = accept.cleaned_data
                action = run_service(accept, lambda: services.recommendation_accept(
                    actor=request.user, finding=finding, reason=data["reason"],
                    title=data["title"], description=data["description"],
                    owner_person=person, owner_partner=partner, due_on=data["due_on"]))
                if action is not None:
                    messages.success(request, _("The recommendation is accepted: it is an "
                                                "improvement action now."))
                    return redirect("action_detail", pk=alliance.pk, action_pk=action.pk)
        status = 422
    return render(request, "reviews/answer.html", {
        "alliance": alliance, "review": review, "finding": finding,
        "pillar": PILLARS[Pillar(finding.pillar)].title,
        "pending": finding.answer == Answer.PENDING,
        "accept": accept, "decline": decline}, status=status)


def review_invitation_open(request: HttpRequest, token: str) -> HttpResponse:
    """The reviewer's personal link. Someone not logged in logs in or registers first (the
    sign-up brings them back here), then accepts; an account without a name gives one."""
    invitation = services.invitation_by_token(token)
    template = "reviews/invitation.html"
    if invitation is None:
        return render(request, template, {"invalid": True}, status=404)
    if not request.user.is_authenticated:
        return render(request, template, {"invitation": invitation, "next": request.path})
    user = request.user
    form = FullNameForm(request.POST or None) if not user.full_name else None
    context = {"invitation": invitation, "form": form}
    if request.method == "POST" and (form is None or form.is_valid()):
        full_name = form.cleaned_data["full_name"] if form is not None else ""
        try:
            services.review_invitation_accept(actor=user, raw_token=token, full_name=full_name)
        except DomainError as exc:
            return render(request, template, {**context, "error": exc.message},
                          status=exc.status)
        messages.success(request, _("Welcome to the review team of %(name)s.")
                         % {"name": invitation.review.alliance})
        return redirect("review_detail", pk=invitation.review.alliance_id,
                        review_pk=invitation.review_id)
    status = 422 if form is not None and form.is_bound and form.errors else 200
    return render(request, template, context, status=status)
