"""Every read of agreements, scoped by the access policy: an agreement follows document
visibility (access.policy.agreements_visible_to), and one out of reach is a 404.

The register reads every agreement with its versions, their parties and live signatures in a
fixed number of queries, whatever the number of agreements, versions or parties."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, When
from django.http import Http404
from django.utils import timezone

from concordia.access import policy
from concordia.accounts.models import Person
from concordia.alliances.choices import PartnerStatus
from concordia.alliances.models import Alliance, Document, Membership, Partner
from concordia.bodies.models import Body
from concordia.decisions.models import Decision

from . import rules
from .choices import AgreementKind, AgreementStatus, VersionState
from .models import Agreement, AgreementVersion, MatrixCell, MatrixRow, Signature

KIND_ORDER = Case(*(When(kind=kind, then=index) for index, kind in
                    enumerate(AgreementKind.values)), output_field=IntegerField())


def _has_version_in_force() -> Exists:
    return Exists(AgreementVersion.objects.filter(agreement=OuterRef("pk"),
                                                  in_force_at__isnull=False))


def _versions(matrix: bool = False) -> Prefetch[Any]:
    """Each agreement's versions, newest first, with their parties and live signatures (and, for
    one agreement's page, the rows of the matrix)."""
    partners = Partner.objects.select_related("organisation").order_by("organisation__name", "pk")
    live = (Signature.objects.filter(withdrawn_at__isnull=True)
            .select_related("partner__organisation", "signed_by").order_by("signed_at", "pk"))
    lookups: list[Any] = [Prefetch("parties", queryset=partners),
                          Prefetch("signatures", queryset=live, to_attr="live_signatures")]
    if matrix:
        lookups.append(Prefetch("matrix_rows", queryset=MatrixRow.objects.order_by("position")
                                .prefetch_related(Prefetch(
                                    "cells", queryset=MatrixCell.objects.order_by("partner_id")))))
    versions = (AgreementVersion.objects.select_related("proposed_by").order_by("-number")
                .prefetch_related(*lookups))
    return Prefetch("versions", queryset=versions)


def _visible(user: Any, alliance: Alliance) -> QuerySet[Agreement]:
    policy.alliance_or_404(user, alliance.pk)
    partners = Partner.objects.select_related("organisation").order_by("organisation__name", "pk")
    return (policy.agreements_visible_to(user, alliance)
            .select_related("body", "decision")
            .prefetch_related(Prefetch("parties", queryset=partners), "audience", _versions()))


def agreement_list(*, user: Any, alliance: Alliance, kind: str = "", status: str = "",
                   body_id: int | None = None, decision_id: int | None = None,
                   today: dt.date | None = None) -> QuerySet[Agreement]:
    """The register: the agreements the person may read, by kind and title; filtered by kind,
    status (in force, awaiting signatures, expired), body and decision."""
    today = today or timezone.localdate()
    agreements = _visible(user, alliance)
    if kind in AgreementKind.values:
        agreements = agreements.filter(kind=kind)
    expired = Q(ends_on__lt=today)
    if status == AgreementStatus.EXPIRED:
        agreements = agreements.filter(expired)
    elif status == AgreementStatus.IN_FORCE:
        agreements = agreements.exclude(expired).filter(_has_version_in_force())
    elif status == AgreementStatus.AWAITING:
        agreements = agreements.exclude(expired).filter(~_has_version_in_force())
    if body_id is not None:
        agreements = agreements.filter(body_id=body_id)
    if decision_id is not None:
        agreements = agreements.filter(decision_id=decision_id)
    return agreements.order_by(KIND_ORDER.asc(), "title", "pk")


def agreement_get(*, user: Any, alliance: Alliance, pk: int) -> Agreement:
    """One agreement the person may read, with every version, its signatures and matrix."""
    policy.alliance_or_404(user, alliance.pk)
    agreement = (policy.agreements_visible_to(user, alliance)
                 .select_related("body", "decision", "created_by")
                 .prefetch_related(Prefetch("parties", queryset=Partner.objects.select_related(
                     "organisation").order_by("organisation__name", "pk")),
                     "audience", _versions(matrix=True))
                 .filter(pk=pk).first())
    if agreement is None:
        raise Http404
    return agreement


# --- how an agreement stands -----------------------------------------------------------------


@dataclass(frozen=True)
class VersionView:
    version: AgreementVersion
    state: VersionState
    progress: rules.SignatureProgress

    @property
    def signatures(self) -> list[Signature]:
        return list(getattr(self.version, "live_signatures", []))


@dataclass(frozen=True)
class Standing:
    """Where an agreement stands today: its status, the version in force, the newest version
    while it awaits signatures (with who signed and who is awaited), review and end flags."""

    agreement: Agreement
    status: AgreementStatus
    versions: tuple[VersionView, ...]
    in_force: VersionView | None
    pending: VersionView | None
    review_due: bool
    today: dt.date

    @property
    def parties(self) -> tuple[rules.PartyRef, ...]:
        """The parties of the newest version (those it binds, or will bind once signed)."""
        return self.versions[0].progress.parties if self.versions else ()

    @property
    def expired(self) -> bool:
        return self.status == AgreementStatus.EXPIRED

    @property
    def latest(self) -> VersionView | None:
        return self.versions[0] if self.versions else None


def _party_refs(version: AgreementVersion) -> list[rules.PartyRef]:
    return [rules.PartyRef(p.pk, p.organisation.name) for p in version.parties.all()]


def standing(agreement: Agreement, today: dt.date | None = None) -> Standing:
    """The agreement's standing from what its selector prefetched (no query)."""
    today = today or timezone.localdate()
    versions = list(agreement.versions.all())
    latest = versions[0].number if versions else 0
    in_force_number = max((v.number for v in versions if v.in_force_at is not None),
                          default=None)
    views = tuple(
        VersionView(v, rules.version_state(number=v.number, in_force_number=in_force_number,
                                           latest_number=latest),
                    rules.signature_progress(_party_refs(v), [
                        s.partner_id for s in getattr(v, "live_signatures", [])]))
        for v in versions)
    in_force = next((v for v in views if v.state == VersionState.IN_FORCE), None)
    pending = next((v for v in views if v.state == VersionState.AWAITING), None)
    status = rules.agreement_status(has_version_in_force=in_force is not None,
                                    ends_on=agreement.ends_on, today=today)
    return Standing(agreement, status, views, in_force, pending,
                    review_due=(status != AgreementStatus.EXPIRED
                                and rules.review_due(agreement.review_on, today)),
                    today=today)


def standings(agreements: QuerySet[Agreement] | list[Agreement],
              today: dt.date | None = None) -> list[Standing]:
    today = today or timezone.localdate()
    return [standing(a, today) for a in agreements]


def agreements_for_body(*, user: Any, body: Body) -> list[Standing]:
    """The agreements related to a body that the person may read (for the body's page)."""
    if not policy.live_memberships(user, body.alliance_id):
        return []
    alliance = policy.alliance_or_404(user, body.alliance_id)
    return standings(agreement_list(user=user, alliance=alliance, body_id=body.pk))


def agreements_for_decision(*, user: Any, decision: Decision) -> list[Standing]:
    """The agreements related to a decision that the person may read (for the decision's
    page)."""
    if not policy.live_memberships(user, decision.alliance_id):
        return []
    alliance = policy.alliance_or_404(user, decision.alliance_id)
    return standings(agreement_list(user=user, alliance=alliance, decision_id=decision.pk))


def version_view(item: Standing, number: int) -> VersionView:
    """One version of the agreement (404 when it has no such version)."""
    found = next((v for v in item.versions if v.version.number == number), None)
    if found is None:
        raise Http404
    return found


@dataclass(frozen=True)
class MatrixTable:
    """A responsibility matrix as a table: the parties as columns, a row per task with each
    party's code ("" for no part)."""

    columns: tuple[rules.PartyRef, ...]
    rows: tuple[tuple[MatrixRow, tuple[str, ...]], ...]


def matrix_table(version: AgreementVersion) -> MatrixTable:
    """The version's matrix from what its selector prefetched (no query): columns are the
    parties, plus any partner with a part that is no longer among them."""
    columns = {p.id: p for p in _party_refs(version)}
    rows = list(version.matrix_rows.all())
    ordered = tuple(sorted(columns.values(), key=lambda p: (p.name, p.id)))
    table = tuple((row, tuple(next((c.code for c in row.cells.all() if c.partner_id == p.id), "")
                              for p in ordered)) for row in rows)
    return MatrixTable(ordered, table)


# --- who signs -------------------------------------------------------------------------------


def signing_party(*, user: Any, view: VersionView) -> Partner | None:
    """The party the person may sign the version for (their own partner), or None."""
    party_ids = {p.id for p in view.progress.parties}
    return policy.signing_partner(user, view.version.agreement.alliance_id, party_ids)


# --- options for forms -------------------------------------------------------------------------


def party_options(*, user: Any, alliance: Alliance) -> list[Partner]:
    policy.alliance_or_404(user, alliance.pk)
    return list(Partner.objects.filter(alliance=alliance, status=PartnerStatus.ACTIVE)
                .select_related("organisation").order_by("organisation__name", "pk"))


def document_options(*, user: Any, alliance: Alliance) -> list[Document]:
    policy.alliance_or_404(user, alliance.pk)
    return list(policy.documents_visible_to(user, alliance).order_by("title", "pk"))


def people_options(*, user: Any, alliance: Alliance) -> list[Person]:
    policy.alliance_or_404(user, alliance.pk)
    ids = Membership.objects.filter(policy.live_membership_q(), alliance=alliance).values(
        "person_id")
    return list(Person.objects.filter(pk__in=ids).order_by("full_name", "pk"))


def body_options(*, user: Any, alliance: Alliance) -> list[Body]:
    policy.alliance_or_404(user, alliance.pk)
    return list(Body.objects.filter(alliance=alliance).order_by("name", "pk"))


def decision_options(*, user: Any, alliance: Alliance) -> list[Decision]:
    policy.alliance_or_404(user, alliance.pk)
    return list(Decision.objects.filter(alliance=alliance).order_by("-number", "pk")[:200])


def documents_shown(*, user: Any, agreement: Agreement) -> list[Document]:
    """The agreement's documents the person may read (each keeps its own visibility)."""
    return list(policy.documents_visible_to(user, agreement.alliance)
                .filter(pk__in=agreement.documents.values("pk")).order_by("title", "pk"))
