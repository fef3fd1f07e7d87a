"""Every read on alliances, scoped by the person through the access policy."""

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from concordia.access import policy

from .choices import PartnerStatus, Role
from .models import Alliance, Document, Invitation, Membership, Partner


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
    roles = policy.roles_in(user, alliance.pk)
    base = Invitation.objects.filter(alliance=alliance, accepted_at__isnull=True,
                                     withdrawn_at__isnull=True).select_related(
        "partner__organisation")
    if Role.KEY_ALLIANCE_MANAGER in roles:
        return base
    if Role.ALLIANCE_COORDINATOR in roles:
        return base.filter(partner=policy.own_partner(user, alliance.pk))
    return base.none()


def pending_partner_invitations(*, user: Any) -> QuerySet[Partner]:
    """Invitations to alliances that the person's organisation may answer (administrators)."""
    if not (user.is_authenticated and user.is_organisation_admin and user.organisation_id):
        return Partner.objects.none()
    return Partner.objects.filter(
        organisation_id=user.organisation_id, status=PartnerStatus.INVITED
    ).select_related("alliance", "organisation")


def pending_partner_invitation_get(*, user: Any, pk: int) -> Partner:
    return pending_partner_invitations(user=user).get(pk=pk)


def organisation_alliance_list(*, user: Any) -> QuerySet[Partner]:
    """The alliances the person's organisation takes part in (its portfolio), shown by name only
    unless the person has a live role there."""
    if not (user.is_authenticated and user.organisation_id):
        return Partner.objects.none()
    return Partner.objects.filter(
        organisation_id=user.organisation_id, status=PartnerStatus.ACTIVE
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


def bench_floor_alliance() -> Alliance | None:
    """The benchmark floor's one indexed query. No access check: the floor exists only when
    BENCH_FLOOR is set, to measure the stack under the dashboard."""
    return Alliance.objects.filter(pk=1).only("name").first()
