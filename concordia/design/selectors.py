"""Every read of the alliance design, scoped through the access policy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import BooleanField, ExpressionWrapper, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from concordia.access import policy
from concordia.access.rules import STAGE_RATER_ROLES
from concordia.alliances.choices import PartnerStatus
from concordia.alliances.models import Alliance, Partner

from . import rules, stage_rules
from .choices import RemarkKind, StatementKind
from .models import (
    AllianceProfile,
    Endorsement,
    ExpectedResistance,
    GlossaryTerm,
    PartnerDefinition,
    StageAssessment,
    StageRaters,
    StatementVersion,
    VersionRemark,
)

if TYPE_CHECKING:  # django-stubs' annotated-model type exists for the type checker only
    from django_stubs_ext import WithAnnotations

    class LiveEndorsements(TypedDict):
        live_endorsements: list[Endorsement]

    # A statement version with its endorsements that are not withdrawn (the Prefetch of
    # statement_version_list), so `version.live_endorsements` is known to the type checker.
    type EndorsedVersion = WithAnnotations[StatementVersion, LiveEndorsements]


def profile_get(*, user: Any, alliance: Alliance) -> AllianceProfile:
    """The stored profile, or an unsaved default one (version 0) to show and edit."""
    policy.alliance_or_404(user, alliance.pk)
    return AllianceProfile.objects.filter(alliance=alliance).first() or AllianceProfile(
        alliance=alliance, version=0)


def statement_version_list(*, user: Any, alliance: Alliance, kind: str,
                           term: GlossaryTerm | None = None) -> QuerySet[EndorsedVersion]:
    """Versions of the objective or values statement (or of one term's agreed definition),
    newest first, with their live endorsements and the partners' remarks."""
    policy.alliance_or_404(user, alliance.pk)
    return _versions(StatementVersion.objects.filter(alliance=alliance, kind=kind, term=term))


def _versions(versions: QuerySet[StatementVersion]) -> QuerySet[EndorsedVersion]:
    """Versions with their live endorsements and remarks, newest first (three queries)."""
    live = Endorsement.objects.filter(withdrawn_at__isnull=True).select_related(
        "partner__organisation", "endorsed_by")
    remarks = VersionRemark.objects.select_related("partner__organisation", "written_by")
    return (versions.select_related("created_by", "withdrawn_by")
            .prefetch_related(Prefetch("endorsements", queryset=live, to_attr="live_endorsements"),
                              Prefetch("remarks", queryset=remarks))
            .order_by("-number"))


def statement_version_get(*, user: Any, alliance: Alliance, kind: str, number: int,
                          term: GlossaryTerm | None = None) -> EndorsedVersion:
    return statement_version_list(user=user, alliance=alliance, kind=kind, term=term).get(
        number=number)


def _partner_refs(alliance: Alliance) -> list[rules.PartnerRef]:
    rows = (Partner.objects.filter(alliance=alliance, status=PartnerStatus.ACTIVE)
            .values_list("pk", "organisation__name", "partner_type"))
    return [rules.PartnerRef(*row) for row in rows]


def version_states(versions: list[StatementVersion]) -> list[rules.VersionState]:
    return [rules.VersionState(v.number, v.in_force_since is not None,
                               v.withdrawn_at is not None) for v in versions]


@dataclass(frozen=True)
class StatementState:
    """A statement's versions (newest first), the one in force, the proposal, and who endorsed
    the proposal / who the alliance waits for."""
    versions: list[EndorsedVersion]
    in_force: EndorsedVersion | None
    proposal: EndorsedVersion | None
    progress: rules.EndorsementProgress

    @property
    def objections(self) -> int:
        """How many objections the partners raised against the proposal."""
        if self.proposal is None:
            return 0
        return sum(1 for r in self.proposal.remarks.all() if r.kind == RemarkKind.OBJECTION)

    def status(self, version: StatementVersion) -> str:
        return rules.version_status(version_states(list(self.versions)), version.number)

    def predecessor(self, version: StatementVersion) -> EndorsedVersion | None:
        """What a version is compared with: the proposal with the version in force, any other
        version with the one before it."""
        if self.proposal is not None and version.pk == self.proposal.pk:
            return self.in_force
        return next((v for v in self.versions if v.number < version.number), None)


def statement_state(*, user: Any, alliance: Alliance, kind: str,
                    term: GlossaryTerm | None = None) -> StatementState:
    versions = list(statement_version_list(user=user, alliance=alliance, kind=kind, term=term))
    return _state(versions, _partner_refs(alliance))


def glossary_term_states(*, user: Any, alliance: Alliance) -> dict[int, StatementState]:
    """Every term's agreed definition in force and its proposal, by term id (terms without a
    version are left out), for the glossary list: four queries whatever the number of terms."""
    policy.alliance_or_404(user, alliance.pk)
    by_term: dict[int, list[EndorsedVersion]] = {}
    for version in _versions(StatementVersion.objects.filter(
            alliance=alliance, kind=StatementKind.DEFINITION, term__isnull=False)):
        by_term.setdefault(version.term_id or 0, []).append(version)
    partners = _partner_refs(alliance)
    return {term_id: _state(versions, partners) for term_id, versions in by_term.items()}


def _state(versions: list[EndorsedVersion], partners: list[rules.PartnerRef]) -> StatementState:
    """The state of one statement from its versions (newest first) and the active partners."""
    states = version_states(list(versions))
    by_number = {v.number: v for v in versions}
    in_force_number, proposal_number = rules.version_in_force(states), rules.open_proposal(states)
    in_force = by_number.get(in_force_number) if in_force_number is not None else None
    proposal = by_number.get(proposal_number) if proposal_number is not None else None
    endorsing = [e.partner_id for e in proposal.live_endorsements] if proposal else []
    return StatementState(versions, in_force, proposal,
                          rules.endorsement_progress(partners, endorsing))


def partner_design_list(*, user: Any, alliance: Alliance) -> QuerySet[Partner]:
    """Active partners with their interest and the expected resistance the person may read
    (``resistance_visible`` says whether they may; otherwise the list is empty), for the
    profile page, the sheet and the API. Drafts show who drafted them."""
    policy.alliance_or_404(user, alliance.pk)
    readable = policy.resistance_readable_q(user, alliance.pk)
    resistance = (ExpectedResistance.objects
                  .filter(partner__in=Partner.objects.filter(readable).values("pk"))
                  .select_related("drafted_by").order_by("source"))
    return (Partner.objects.filter(alliance=alliance, status=PartnerStatus.ACTIVE)
            .annotate(resistance_visible=ExpressionWrapper(readable,
                                                           output_field=BooleanField()))
            .select_related("organisation", "interest", "interest__drafted_by")
            .prefetch_related(Prefetch("expected_resistance", queryset=resistance))
            .order_by("organisation__name"))


def stage_assessment_list(*, user: Any, alliance: Alliance) -> QuerySet[StageAssessment]:
    """The alliance's stage history, oldest first."""
    policy.alliance_or_404(user, alliance.pk)
    return (StageAssessment.objects.filter(alliance=alliance)
            .select_related("assessed_by", "partner__organisation")
            .order_by("assessed_on", "created_at"))


@dataclass(frozen=True)
class StageOverview:
    """The stage as every partner rates it: the aggregate (None before any rating), each
    partner's name, the partners that have not rated yet, whether the newest rating is over a
    year old, which roles and levels rate, and whether this person may rate (for which partner)."""

    stage: stage_rules.AllianceStage | None
    partner_names: dict[object, str]
    unrated: list[str]
    stale: bool
    rater_roles: list[str]
    rater_levels: list[str]
    rate_for: Partner | None


def stage_overview(*, user: Any, alliance: Alliance) -> StageOverview:
    """Two queries for the ratings and the partners, whatever their number."""
    policy.alliance_or_404(user, alliance.pk)
    rows = (StageAssessment.objects.filter(alliance=alliance)
            .order_by("assessed_on", "created_at")
            .values_list("assessed_by_id", "partner_id", "assessed_on", "answers"))
    stage = stage_rules.aggregate(stage_rules.Rating(rater, partner, on, answers)
                                  for rater, partner, on, answers in rows)
    partners = list(Partner.objects.filter(alliance=alliance, status=PartnerStatus.ACTIVE)
                    .select_related("organisation").order_by("organisation__name"))
    names: dict[object, str] = {p.pk: p.organisation.name for p in partners}
    names[None] = str(_("the whole alliance (before rating per partner)"))
    rated = {p.partner for p in stage.partners} if stage else set()
    chosen = StageRaters.objects.filter(alliance=alliance).values_list("roles", "levels").first()
    roles, levels = (list(chosen[0]), list(chosen[1])) if chosen else (list(STAGE_RATER_ROLES), [])
    mine = policy.own_partner(user, alliance.pk)
    return StageOverview(
        stage=stage, partner_names=names,
        unrated=[p.organisation.name for p in partners if p.pk not in rated],
        stale=bool(stage and stage_rules.is_stale(stage.newest, timezone.localdate())),
        rater_roles=roles, rater_levels=levels,
        rate_for=mine if mine is not None and policy.may_rate_stage(user, mine, roles, levels)
        else None)


def glossary_term_list(*, user: Any, alliance: Alliance) -> QuerySet[GlossaryTerm]:
    """Terms with every partner's own definition."""
    policy.alliance_or_404(user, alliance.pk)
    definitions = PartnerDefinition.objects.select_related("partner__organisation").order_by(
        "partner__organisation__name")
    return (GlossaryTerm.objects.filter(alliance=alliance)
            .prefetch_related(Prefetch("definitions", queryset=definitions))
            .order_by("term"))


def glossary_term_get(*, user: Any, alliance: Alliance, pk: int) -> GlossaryTerm:
    return glossary_term_list(user=user, alliance=alliance).get(pk=pk)
