"""Every read on alliances, scoped by the person through the access policy."""

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from concordia.access import policy
from concordia.accounts.models import Person, hash_token
from concordia.organisations.models import Organisation

from .choices import PartnerStatus, Role
from .models import Alliance, Document, Invitation, Membership, OrganisationInvitation, Partner


def alliance_list(*, user: Any) -> QuerySet[Alliance]:
    return policy.alliances_visible_to(user).annotate(
        partner_count=Count("partners", filter=Q(partners__status=PartnerStatus.ACTIVE),
                            distinct=True)
    ).order_by("name")


def alliance_get(*, user: Any, pk: int) -> Alliance:
    return policy.alliance_or_404(user, pk)


def partner_list(*, user: Any, alliance: Alliance) -> QuerySet[Partner]:
    """All partners (also invited, declined, left: the history) with their live coordinator."""
    policy.alliance_or_404(user, alliance.pk)
    # Only what a partner row shows of its coordinator: the name.
    coordinators = (Membership.objects.filter(policy.live_membership_q(),
                                              role=Role.ALLIANCE_COORDINATOR)
                    .select_related("person").only("partner_id", "person__full_name",
                                                   "person__email"))
    return (
        Partner.objects.filter(alliance=alliance)
        .select_related("organisation")
        .prefetch_related(Prefetch("memberships", queryset=coordinators, to_attr="coordinators"))
        .order_by("status", "organisation__name")
    )


def partner_get(*, user: Any, alliance: Alliance, pk: int) -> Partner:
    return partner_list(user=user, alliance=alliance).get(pk=pk)


def membership_list(*, user: Any, alliance: Alliance) -> QuerySet[Membership]:
    policy.alliance_or_404(user, alliance.pk)
    return (
        Membership.objects.filter(policy.live_membership_q(), alliance=alliance)
        .select_related("person", "partner__organisation")
        .order_by("level", "person__full_name", "role")
    )


def membership_get(*, user: Any, alliance: Alliance, pk: int) -> Membership:
    return membership_list(user=user, alliance=alliance).get(pk=pk)


def people_by_level(*, user: Any, alliance: Alliance) -> dict[str, int]:
    rows = (membership_list(user=user, alliance=alliance).order_by()
            .values("level").annotate(n=Count("person", distinct=True)))
    return {row["level"]: row["n"] for row in rows}


def invitation_list(*, user: Any, alliance: Alliance) -> QuerySet[Invitation]:
    """Open invitations the person may manage: all for the key alliance manager, own partner's
    for a coordinator, none otherwise."""
    policy.alliance_or_404(user, alliance.pk)
    base = Invitation.objects.filter(alliance=alliance, accepted_at__isnull=True,
                                     withdrawn_at__isnull=True).select_related(
        "partner__organisation")
    if policy.may_for_every_partner(user, "partner.invite_person", alliance):
        return base
    own = policy.own_partner(user, alliance.pk)
    if own is not None and policy.can(user, "partner.invite_person", own):
        return base.filter(partner=own)
    return base.none()


def pending_partner_invitations(*, user: Any) -> QuerySet[Partner]:
    """Invitations to alliances that the person's organisation may answer (administrators)."""
    organisation_id = policy.own_organisation_for(user, "organisation.answer_invitation")
    if organisation_id is None:
        return Partner.objects.none()
    return Partner.objects.filter(
        organisation_id=organisation_id, status=PartnerStatus.INVITED
    ).select_related("alliance", "organisation")


def pending_partner_invitation_get(*, user: Any, pk: int) -> Partner:
    return pending_partner_invitations(user=user).get(pk=pk)


def organisation_alliance_list(*, user: Any) -> QuerySet[Partner]:
    """The alliances the person's organisation takes part in (its portfolio), shown by name only
    unless the person has a live role there."""
    organisation_id = policy.own_organisation_for(user, "organisation.view_alliances")
    if organisation_id is None:
        return Partner.objects.none()
    return Partner.objects.filter(
        organisation_id=organisation_id, status=PartnerStatus.ACTIVE
    ).select_related("alliance").order_by("alliance__name")


def published_alliance_get(*, pk: int) -> tuple[Alliance, QuerySet[Document]]:
    """An alliance's public face: only when it has published something (404 otherwise, so
    nothing is learnt about alliances that publish nothing)."""
    documents = policy.published_documents(pk).select_related("owner_partner__organisation")
    if not documents.exists():
        raise Http404
    return Alliance.objects.get(pk=pk), documents


def document_list(*, user: Any, alliance: Alliance) -> QuerySet[Document]:
    policy.alliance_or_404(user, alliance.pk)
    return policy.documents_visible_to(user, alliance).select_related(
        "owner_partner__organisation", "created_by")


def invitable_organisations(*, user: Any, alliance: Alliance,
                            include_partners: bool = False) -> QuerySet[Organisation]:
    """Organisations the alliance may invite: not partners now (active or invited) — or, with
    ``include_partners``, every registered one (the service then refuses a partner)."""
    policy.alliance_or_404(user, alliance.pk)
    organisations = Organisation.objects.order_by("name")
    if include_partners:
        return organisations
    return organisations.exclude(
        partnerships__alliance=alliance,
        partnerships__status__in=[PartnerStatus.ACTIVE, PartnerStatus.INVITED])


def people_named(*, user: Any, pks: list[int]) -> QuerySet[Person]:
    """The people a request names by id (a document's audience, for example); whether they may
    be named there is the service's to decide."""
    if not (user.is_authenticated and user.is_active):
        return Person.objects.none()
    return Person.objects.filter(pk__in=pks)


def invitation_by_token(raw: str) -> Invitation | None:
    """The invitation a link's token names. The token is the capability: whoever holds the
    link sees what it is for (accepting it is the invited person's only)."""
    return Invitation.objects.select_related("alliance", "partner__organisation").filter(
        token_hash=hash_token(raw)).first()


def bench_floor_alliance() -> Alliance | None:
    """The benchmark floor's one indexed query. No access check: the floor exists only when
    BENCH_FLOOR is set, to measure the stack under the dashboard."""
    return Alliance.objects.filter(pk=1).only("name").first()


def key_alliance_manager_candidates(*, user: Any, alliance: Alliance) -> QuerySet[Person]:
    """Who the key alliance manager may hand the role to: the alliance's other people with a
    live role (of any partner; not an outside reviewer, who acts for none)."""
    policy.alliance_or_404(user, alliance.pk)
    live = Membership.objects.filter(policy.live_membership_q(), alliance=alliance,
                                     partner__isnull=False)
    return (Person.objects.filter(pk__in=live.values("person_id")).exclude(pk=user.pk)
            .order_by("full_name", "pk"))


def coordinator_candidates(*, user: Any, alliance: Alliance) -> QuerySet[Person]:
    """Who a coordinator may hand their role to: the other active people of their own
    organisation (the partner's people, in the alliance already or not)."""
    partner = policy.own_partner(user, policy.alliance_or_404(user, alliance.pk).pk)
    if partner is None:
        return Person.objects.none()
    return (Person.objects.filter(organisation_id=partner.organisation_id, is_active=True)
            .exclude(pk=user.pk).order_by("full_name", "pk"))


def organisation_invitation_list(*, user: Any, alliance: Alliance
                                 ) -> QuerySet[OrganisationInvitation]:
    """The alliance's invitations of organisations that were not registered, open or not
    (withdrawn and registered ones stay listed, like partners that declined): for those who
    may invite partners (they resend and withdraw them); nobody else sees contacts' addresses.
    """
    policy.alliance_or_404(user, alliance.pk)
    if not policy.can(user, "alliance.invite_partner", alliance):
        return OrganisationInvitation.objects.none()
    return (OrganisationInvitation.objects.filter(alliance=alliance)
            .select_related("partner__organisation")
            .order_by("withdrawn_at", "registered_at", "organisation_name", "pk"))


def organisation_invitation_get(*, user: Any, alliance: Alliance,
                                pk: int) -> OrganisationInvitation:
    return organisation_invitation_list(user=user, alliance=alliance).get(pk=pk)


def open_organisation_invitation_names(*, user: Any, alliance: Alliance) -> list[str]:
    """The names of organisations invited to register and not registered yet: every member
    sees them beside the invited partners (the journal names them too)."""
    policy.alliance_or_404(user, alliance.pk)
    return list(OrganisationInvitation.objects.filter(
        alliance=alliance, withdrawn_at__isnull=True, partner__isnull=True)
        .order_by("organisation_name").values_list("organisation_name", flat=True))


def organisation_invitation_by_token(raw: str) -> OrganisationInvitation | None:
    """The invitation a registration link's token names (the token is the capability)."""
    return OrganisationInvitation.objects.select_related(
        "alliance", "partner__organisation").filter(token_hash=hash_token(raw)).first()
