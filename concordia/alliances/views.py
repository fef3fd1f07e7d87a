from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from concordia.access import policy
from concordia.accounts import selectors as account_selectors
from concordia.accounts.http import AuthenticatedHttpRequest
from concordia.accounts.models import Person
from concordia.core.errors import DomainError
from concordia.core.views import render_form_page, run_service
from concordia.journal import selectors as journal_selectors

from . import selectors, services
from .choices import Level, PartnerStatus
from .forms import (
    AllianceForm,
    DocumentForm,
    FullNameForm,
    HandOverForm,
    InvitationForm,
    OrganisationRegistrationForm,
    PartnerInviteForm,
)
from .models import Alliance, Membership, OrganisationInvitation, Partner

DASHBOARD_PARTNERS = 15


@login_required
def alliance_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = AllianceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        alliance = run_service(form, lambda: services.alliance_create(
            actor=request.user, **form.cleaned_data))
        if alliance is not None:
            messages.success(request, _("Alliance created. Invite your partners next."))
            return redirect("alliance_dashboard", pk=alliance.pk)
    return render_form_page(request, "alliances/alliance_form.html", {}, form)


@login_required
def alliance_dashboard(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The alliance at a glance. Everything on it but the person's own links is the same for
    every member, so the template caches that part under the journal's head: every write in an
    alliance appends to its journal, so the head moves exactly when the page can change. The
    values are callables or lazy querysets, so a cached page reads none of them."""
    alliance = selectors.alliance_get(user=request.user, pk=pk)
    partners = selectors.partner_list(user=request.user, alliance=alliance)
    # A dashboard stays a glance: a large alliance shows its first partners and a link; only
    # those rows are read with their coordinators.
    active = partners.filter(status=PartnerStatus.ACTIVE)
    own = policy.own_partner(request.user, alliance.pk)

    def levels() -> list[tuple[str, int]]:
        by_level = selectors.people_by_level(user=request.user, alliance=alliance)
        return [(str(label), by_level.get(value, 0)) for value, label in Level.choices]

    return render(request, "alliances/dashboard.html", {
        "alliance": alliance,
        "journal_head": journal_selectors.journal_head(user=request.user,
                                                       alliance_id=alliance.pk),
        # End dates lapse at midnight without a journal entry: the day is part of the key.
        "today": timezone.localdate().isoformat(),
        "partners": active[:DASHBOARD_PARTNERS],
        "more_partners": lambda: max(active.count() - DASHBOARD_PARTNERS, 0),
        "invited": partners.filter(status=PartnerStatus.INVITED).prefetch_related(None),
        "invited_to_register": lambda: selectors.open_organisation_invitation_names(
            user=request.user, alliance=alliance),
        "levels": levels,
        "recent": lambda: journal_selectors.recent_commitments(user=request.user,
                                                              alliance_id=alliance.pk),
        "may_invite_partner": policy.can(request.user, "alliance.invite_partner", alliance),
        # Who sets the alliance up sees its first steps (a panel of the to-do list).
        "may_edit_design": policy.can(request.user, "alliance.edit_design", alliance),
        # Only those who speak for their partner see the way out (others would get a 403).
        "leaving_partner": own if own is not None and policy.can(
            request.user, "partner.speak_for", own) else None,
    })


@login_required
def partner_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Every partner with its type, status and dates: those who left or declined stay listed."""
    alliance = selectors.alliance_get(user=request.user, pk=pk)
    return render(request, "alliances/partner_list.html", {
        "alliance": alliance,
        "partners": selectors.partner_list(user=request.user, alliance=alliance),
        "may_invite_partner": policy.can(request.user, "alliance.invite_partner", alliance),
        "organisation_invitations": selectors.organisation_invitation_list(
            user=request.user, alliance=alliance),
        "invited_to_register": selectors.open_organisation_invitation_names(
            user=request.user, alliance=alliance),
    })


@login_required
def partner_invite(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Invite any organisation by its name: registered ones are suggested, any other name
    goes to its contact with a link to register it."""
    alliance = selectors.alliance_get(user=request.user, pk=pk)
    if not policy.can(request.user, "alliance.invite_partner", alliance):
        raise PermissionDenied
    form = PartnerInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result = run_service(form, lambda: services.partner_invite_by_name(
            actor=request.user, alliance=alliance, site_url=request.build_absolute_uri("/"),
            organisation_name=data["organisation_name"], email=data["email"] or "",
            partner_type=data["partner_type"]))
        if isinstance(result, Partner):
            messages.success(request, _("%(name)s is invited.") % {"name": result})
            return redirect("alliance_dashboard", pk=pk)
        if result is not None:
            messages.success(request, _("%(name)s is not registered yet: %(email)s received a "
                                        "link to register it and then answer.")
                             % {"name": result.organisation_name, "email": result.email})
            return redirect("partner_list", pk=pk)
    return render_form_page(request, "alliances/partner_invite.html", {
        "alliance": alliance,
        "registered": selectors.invitable_organisations(user=request.user, alliance=alliance)
        .values_list("name", flat=True),
    }, form)


@login_required
@require_POST
def partner_invitation_resend(request: AuthenticatedHttpRequest, pk: int,
                              partner_pk: int) -> HttpResponse:
    return _on_partner_invitation(request, pk, partner_pk, lambda partner: (
        services.partner_invitation_resend(actor=request.user, partner=partner,
                                           site_url=request.build_absolute_uri("/"))),
        _("The invitation of %(name)s is sent again to its administrators."))


@login_required
@require_POST
def partner_invitation_withdraw(request: AuthenticatedHttpRequest, pk: int,
                                partner_pk: int) -> HttpResponse:
    return _on_partner_invitation(request, pk, partner_pk, lambda partner: (
        services.partner_invitation_withdraw(actor=request.user, partner=partner)),
        _("The invitation of %(name)s is withdrawn."))


def _on_partner_invitation(request: AuthenticatedHttpRequest, pk: int, partner_pk: int,
                           act: Callable[[Partner], Partner], done: str) -> HttpResponse:
    alliance = selectors.alliance_get(user=request.user, pk=pk)
    if not policy.can(request.user, "alliance.invite_partner", alliance):
        raise PermissionDenied
    partner = get_object_or_404(selectors.partner_list(user=request.user, alliance=alliance),
                                pk=partner_pk)
    try:
        act(partner)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("partner_list", pk=pk)
    messages.success(request, done % {"name": partner.organisation.name})
    return redirect("partner_list", pk=pk)


@login_required
@require_POST
def organisation_invitation_resend(request: AuthenticatedHttpRequest, pk: int,
                                   invitation_pk: int) -> HttpResponse:
    return _on_organisation_invitation(request, pk, invitation_pk, lambda invitation: (
        services.organisation_invitation_resend(actor=request.user, invitation=invitation,
                                                site_url=request.build_absolute_uri("/"))),
        _("The invitation of %(name)s is sent again to %(email)s; the earlier link no longer "
          "works."))


@login_required
@require_POST
def organisation_invitation_withdraw(request: AuthenticatedHttpRequest, pk: int,
                                     invitation_pk: int) -> HttpResponse:
    return _on_organisation_invitation(request, pk, invitation_pk, lambda invitation: (
        services.organisation_invitation_withdraw(actor=request.user, invitation=invitation)),
        _("The invitation of %(name)s is withdrawn; its link no longer works."))


def _on_organisation_invitation(request: AuthenticatedHttpRequest, pk: int, invitation_pk: int,
                                act: Callable[[OrganisationInvitation], OrganisationInvitation],
                                done: str) -> HttpResponse:
    alliance = selectors.alliance_get(user=request.user, pk=pk)
    if not policy.can(request.user, "alliance.invite_partner", alliance):
        raise PermissionDenied
    invitation = get_object_or_404(selectors.organisation_invitation_list(
        user=request.user, alliance=alliance), pk=invitation_pk)
    try:
        act(invitation)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("partner_list", pk=pk)
    messages.success(request, done % {"name": invitation.organisation_name,
                                      "email": invitation.email})
    return redirect("partner_list", pk=pk)


def organisation_invitation_open(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the mail: log in or sign up with the invited address, register the
    organisation (its name filled in), then answer the partner invitation right here."""
    invitation = selectors.organisation_invitation_by_token(token)
    template = "alliances/organisation_invitation.html"
    if invitation is None:
        return render(request, template, {"invalid": True}, status=404)
    context: dict[str, object] = {"invitation": invitation, "next": request.path}
    if not request.user.is_authenticated:
        return render(request, template, context)
    user = request.user  # a Person: is_authenticated narrowed away the anonymous user
    if invitation.partner_id is not None:
        # Registered: its administrators (the contact first among them) answer here.
        pending = selectors.pending_partner_invitations(user=user).filter(
            pk=invitation.partner_id).first()
        return render(request, template, {**context, "pending": pending})
    form = OrganisationRegistrationForm(
        request.POST or None, needs_name=not user.full_name,
        initial={"name": invitation.organisation_name})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        partner = run_service(form, lambda: services.organisation_invitation_register(
            actor=user, raw_token=token, name=data["name"], kind=data["kind"],
            kvk_number=data["kvk_number"], oin=data["oin"], website=data["website"],
            full_name=data.get("full_name", "")))
        if partner is not None:
            messages.success(request, _("%(name)s is registered and you are its administrator. "
                                        "Answer the invitation now.")
                             % {"name": partner.organisation.name})
            return redirect("organisation_invitation_open", token=token)
    return render_form_page(request, template, context, form)


@login_required
@require_POST
def partner_answer(request: AuthenticatedHttpRequest, partner_pk: int) -> HttpResponse:
    partner = get_object_or_404(selectors.pending_partner_invitations(user=request.user),
                                pk=partner_pk)
    accept = request.POST.get("answer") == "accept"
    try:
        services.partner_respond(actor=request.user, partner=partner, accept=accept)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("home")
    if accept:
        messages.success(request, _("Your organisation has joined %(name)s.")
                         % {"name": partner.alliance})
        return redirect("alliance_dashboard", pk=partner.alliance_id)
    messages.success(request, _("You declined the invitation."))
    return redirect("home")


@login_required
def partner_leave(request: AuthenticatedHttpRequest, pk: int, partner_pk: int) -> HttpResponse:
    alliance = selectors.alliance_get(user=request.user, pk=pk)
    partner = get_object_or_404(selectors.partner_list(user=request.user, alliance=alliance),
                                pk=partner_pk)
    if not policy.can(request.user, "partner.speak_for", partner):
        raise PermissionDenied
    if request.method == "POST":
        try:
            services.partner_leave(actor=request.user, partner=partner)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("alliance_dashboard", pk=pk)
        messages.success(request, _("%(name)s has left the alliance.") % {"name": partner})
        return redirect("home")
    return render(request, "alliances/partner_leave.html",
                  {"alliance": alliance, "partner": partner})


@login_required
def membership_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    alliance = selectors.alliance_get(user=request.user, pk=pk)
    memberships = selectors.membership_list(user=request.user, alliance=alliance)
    may_manage = policy.can(request.user, "alliance.manage_people", alliance)
    revocable = ({m.pk for m in memberships if policy.may_revoke_role(request.user, m)}
                 if may_manage else set())
    return render(request, "alliances/membership_list.html", {
        "alliance": alliance, "memberships": memberships, "revocable": revocable,
        "may_invite": may_manage and any(
            policy.grantable_roles(request.user, p)
            for p in selectors.partner_list(user=request.user, alliance=alliance).filter(
                status=PartnerStatus.ACTIVE)),
        "may_transfer": policy.can(request.user, "alliance.transfer_key_alliance_manager",
                                   alliance),
        "may_hand_over": policy.can(request.user, "alliance.hand_over_coordinator", alliance),
        "invitations": selectors.invitation_list(user=request.user, alliance=alliance),
    })


@login_required
def key_alliance_manager_transfer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The key alliance manager hands the role over: theirs ends as the successor's starts."""
    alliance = selectors.alliance_get(user=request.user, pk=pk)
    if not policy.can(request.user, "alliance.transfer_key_alliance_manager", alliance):
        raise PermissionDenied
    people = selectors.key_alliance_manager_candidates(user=request.user, alliance=alliance)
    return _hand_over_page(request, alliance, people, lambda person: (
        services.key_alliance_manager_transfer(actor=request.user, alliance=alliance,
                                               to_person=person)), {
        "title": _("Hand over the key alliance manager role"),
        "intro": _("The key alliance manager is one person, mandated by the board. Your role "
                   "ends the moment your successor's starts; the journal records the "
                   "transfer. Your successor already has a role in this alliance."),
    })


@login_required
def coordinator_hand_over(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A coordinator hands their partner's coordinator role to another of its people."""
    alliance = selectors.alliance_get(user=request.user, pk=pk)
    if not policy.can(request.user, "alliance.hand_over_coordinator", alliance):
        raise PermissionDenied
    people = selectors.coordinator_candidates(user=request.user, alliance=alliance)
    return _hand_over_page(request, alliance, people, lambda person: (
        services.coordinator_hand_over(actor=request.user, alliance=alliance,
                                       to_person=person)), {
        "title": _("Hand over your coordinator role"),
        "intro": _("Your partner has one alliance coordinator. Your role ends the moment your "
                   "successor's starts; the journal records the hand-over."),
    })


def _hand_over_page(request: AuthenticatedHttpRequest, alliance: Alliance,
                    people: QuerySet[Person], hand_over: Callable[[Person], Membership],
                    texts: dict[str, str]) -> HttpResponse:
    form = HandOverForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["person"]
        if run_service(form, lambda: hand_over(person)) is not None:
            messages.success(request, _("The role is now held by %(name)s.") % {"name": person})
            return redirect("membership_list", pk=alliance.pk)
    return render_form_page(request, "alliances/hand_over.html",
                            {"alliance": alliance, **texts}, form)


@login_required
@require_POST
def membership_revoke(request: AuthenticatedHttpRequest, pk: int,
                      membership_pk: int) -> HttpResponse:
    alliance = selectors.alliance_get(user=request.user, pk=pk)
    membership = get_object_or_404(selectors.membership_list(user=request.user,
                                                             alliance=alliance),
                                   pk=membership_pk)
    try:
        services.membership_revoke(actor=request.user, membership=membership)
        messages.success(request, _("Role revoked: %(m)s.") % {"m": membership})
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("membership_list", pk=pk)


@login_required
def invitation_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    alliance = selectors.alliance_get(user=request.user, pk=pk)
    if not policy.can(request.user, "alliance.manage_people", alliance):
        raise PermissionDenied
    active = selectors.partner_list(user=request.user, alliance=alliance).filter(
        status=PartnerStatus.ACTIVE)
    grantable = {p.pk: roles for p in active
                 if (roles := policy.grantable_roles(request.user, p))}
    if not grantable:
        raise PermissionDenied
    form = InvitationForm(request.POST or None, grantable=grantable,
                          partners=active.filter(pk__in=grantable))
    if request.method == "POST" and form.is_valid():
        result = run_service(form, lambda: services.invitation_create(
            actor=request.user, site_url=request.build_absolute_uri("/"), **form.cleaned_data))
        if result is not None:
            messages.success(request, _("Invitation sent to %(email)s.")
                             % {"email": result[0].email})
            return redirect("membership_list", pk=pk)
    return render_form_page(request, "alliances/invitation_form.html", {"alliance": alliance},
                            form)


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The link from the mail. Anonymous visitors log in or sign up first, then come back; an
    account without a name gives one on accepting."""
    invitation = selectors.invitation_by_token(token)
    if invitation is None:
        return render(request, "alliances/invitation_accept.html", {"invalid": True}, status=404)
    if not request.user.is_authenticated:
        return render(request, "alliances/invitation_accept.html",
                      {"invitation": invitation, "next": request.path})
    user = request.user  # a Person: is_authenticated narrowed away the anonymous user
    form = FullNameForm(request.POST or None) if not user.full_name else None
    context = {"invitation": invitation, "form": form}
    if request.method == "POST" and (form is None or form.is_valid()):
        full_name = form.cleaned_data["full_name"] if form is not None else ""
        try:
            services.invitation_accept(actor=user, raw_token=token, full_name=full_name)
        except DomainError as exc:
            return render(request, "alliances/invitation_accept.html",
                          {**context, "error": exc.message}, status=exc.status)
        messages.success(request, _("Welcome to %(name)s.") % {"name": invitation.alliance})
        return redirect("alliance_dashboard", pk=invitation.alliance_id)
    status = 422 if form is not None and form.is_bound and form.errors else 200
    return render(request, "alliances/invitation_accept.html", context, status=status)


def published_documents(request: HttpRequest, pk: int) -> HttpResponse:
    """What the alliance published, for anyone: no log-in needed."""
    alliance, documents = selectors.published_alliance_get(pk=pk)
    return render(request, "alliances/published.html",
                  {"alliance": alliance, "documents": documents})


@login_required
def document_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    alliance = selectors.alliance_get(user=request.user, pk=pk)
    may_write = policy.can(request.user, "alliance.write", alliance)
    people = services.document_audience_candidates(alliance=alliance)
    form = DocumentForm(request.POST or None, people=people)
    if request.method == "POST":
        if not may_write:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            document = run_service(form, lambda: services.document_add(
                actor=request.user, alliance=alliance, title=data["title"], url=data["url"],
                summary=data["summary"], visibility=data["visibility"],
                audience=list(data["audience"])))
            if document is not None:
                messages.success(request, _("Document added."))
                return redirect("document_list", pk=pk)
    return render_form_page(request, "alliances/document_list.html", {
        "alliance": alliance, "may_write": may_write,
        "has_published": policy.published_documents(alliance.pk).exists(),
        "documents": selectors.document_list(user=request.user, alliance=alliance),
    }, form)


def floor(request: HttpRequest) -> HttpResponse:
    """The benchmark's floor: same middleware, one indexed query, a tiny template."""
    alliance = selectors.bench_floor_alliance()
    return render(request, "alliances/floor.html", {"alliance": alliance})


# Deactivating a person is the organisation administrator's action, but it ends the person's
# roles in every alliance (journaled there), so the page that does it lives with the roles.
@login_required
@require_POST
def person_deactivate(request: AuthenticatedHttpRequest, pk: int, person_pk: int) -> HttpResponse:
    # A colleague is within reach (404 otherwise); deactivating is the administrators' (403).
    person = get_object_or_404(account_selectors.colleague_list(user=request.user),
                               pk=person_pk, organisation_id=pk)
    try:
        services.person_deactivate(actor=request.user, person=person)
        messages.success(request, _("%(name)s can no longer log in.") % {"name": person})
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("organisation_detail", pk=pk)
