"""Every read of the building blocks, the contribution matrix, coverage and advice, scoped
through the access policy. A fixed number of queries, whatever the number of settings."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.http import Http404

from concordia.access import policy
from concordia.accounts.models import Person
from concordia.alliances.choices import PartnerStatus, Role
from concordia.alliances.models import Alliance, Membership, Partner
from concordia.design import stage_rules
from concordia.design.models import AllianceProfile, StageAssessment
from concordia.handbook.catalogue import Block, Pillar, Strength, default_matrix

from . import rules
from .models import BlockSetting, ContributionAdjustment

BLOCK_KEYS = frozenset(b.value for b in Block)


def block_setting_list(*, user: Any, alliance: Alliance) -> list[BlockSetting]:
    """All eighteen building blocks in the model's order: the stored settings, and an unsaved
    undecided one (version 0) for every block the alliance has not decided on yet."""
    policy.alliance_or_404(user, alliance.pk)
    stored = {s.block: s for s in BlockSetting.objects.filter(alliance=alliance)
              .select_related("owner_partner__organisation", "owner_person")}
    return [stored.get(block.value) or BlockSetting(alliance=alliance, block=block.value,
                                                    version=0)
            for block in Block]


def block_setting_get(*, user: Any, alliance: Alliance, block: str) -> BlockSetting:
    if block not in BLOCK_KEYS:
        raise Http404
    policy.alliance_or_404(user, alliance.pk)
    setting = (BlockSetting.objects.filter(alliance=alliance, block=block)
               .select_related("owner_partner__organisation", "owner_person").first())
    return setting or BlockSetting(alliance=alliance, block=block, version=0)


def block_statuses(settings: Sequence[BlockSetting]) -> dict[Block, str]:
    return {Block(s.block): s.status for s in settings}


def adjustment_map(*, user: Any, alliance: Alliance
                   ) -> dict[tuple[Block, Pillar], ContributionAdjustment]:
    policy.alliance_or_404(user, alliance.pk)
    return {(Block(a.block), Pillar(a.pillar)): a for a in
            ContributionAdjustment.objects.filter(alliance=alliance).select_related("changed_by")}


def effective_matrix(adjustments: dict[tuple[Block, Pillar], ContributionAdjustment]
                     ) -> dict[tuple[Block, Pillar], Strength]:
    return rules.effective_matrix(default_matrix(), [
        (b, p, a.strength) for (b, p), a in adjustments.items()])


@dataclass(frozen=True)
class Cell:
    """One cell of the effective matrix, with its default and the alliance's adjustment."""

    block: Block
    pillar: Pillar
    strength: str  # dominant, secondary or none
    default_strength: str
    adjustment: ContributionAdjustment | None

    @property
    def adjusted(self) -> bool:
        return self.adjustment is not None

    @property
    def reason(self) -> str:
        return self.adjustment.reason if self.adjustment else ""


def matrix_rows(*, user: Any, alliance: Alliance) -> list[tuple[Block, list[Cell]]]:
    """The effective matrix as rows: per block its cells P1..P8."""
    adjustments = adjustment_map(user=user, alliance=alliance)
    matrix, default = effective_matrix(adjustments), default_matrix()
    return [(block, [Cell(block, pillar, rules.strength_of(matrix, block, pillar),
                          rules.strength_of(default, block, pillar),
                          adjustments.get((block, pillar)))
                     for pillar in Pillar]) for block in Block]


def contribution_cells(*, user: Any, alliance: Alliance) -> list[Cell]:
    """The cells that carry something now or by default (so a cell set to none still shows)."""
    return [cell for _block, cells in matrix_rows(user=user, alliance=alliance) for cell in cells
            if cell.strength != rules.NONE or cell.default_strength != rules.NONE]


def contribution_cell(*, user: Any, alliance: Alliance, block: str, pillar: str) -> Cell:
    for b, cells in matrix_rows(user=user, alliance=alliance):
        if b == block:
            for cell in cells:
                if cell.pillar == pillar:
                    return cell
    raise Http404


def coverage_get(*, user: Any, alliance: Alliance,
                 settings: Sequence[BlockSetting] | None = None) -> rules.Coverage:
    settings = settings if settings is not None else block_setting_list(user=user,
                                                                        alliance=alliance)
    matrix = effective_matrix(adjustment_map(user=user, alliance=alliance))
    return rules.coverage(matrix, block_statuses(settings))


def situation_get(*, user: Any, alliance: Alliance) -> rules.Situation:
    """The alliance's profile (or the default one), its number of active partners, whether a
    key alliance manager holds a live role, and the overall stage of the latest assessment."""
    policy.alliance_or_404(user, alliance.pk)
    stored = AllianceProfile.objects.filter(alliance=alliance).first()
    profile = stored or AllianceProfile(alliance=alliance)
    partners = Partner.objects.filter(alliance=alliance, status=PartnerStatus.ACTIVE).count()
    has_kam = Membership.objects.filter(policy.live_membership_q(), alliance=alliance,
                                        role=Role.KEY_ALLIANCE_MANAGER).exists()
    # The alliance's stage as all partners rate it (design.stage_rules.aggregate).
    rows = (StageAssessment.objects.filter(alliance=alliance)
            .order_by("assessed_on", "created_at")
            .values_list("assessed_by_id", "partner_id", "assessed_on", "answers"))
    stage = stage_rules.aggregate(stage_rules.Rating(*row) for row in rows)
    return rules.Situation(
        active_partners=partners, joint_activities=profile.joint_activities,
        centralisation=profile.centralisation, joint_work_weight=profile.joint_work_weight,
        origin=profile.origin, rationales=tuple(profile.rationales or ()),
        has_key_alliance_manager=has_kam,
        stage=str(stage.overall_stage) if stage else None, profile_filled=stored is not None,
        weakest_stage_dimension=str(stage.weakest) if stage else None)


def advice_plan_get(*, user: Any, alliance: Alliance,
                    settings: Sequence[BlockSetting] | None = None) -> rules.AdvicePlan:
    """The one source of advice for every page, the design sheet and the API."""
    situation = situation_get(user=user, alliance=alliance)
    settings = settings if settings is not None else block_setting_list(user=user,
                                                                        alliance=alliance)
    matrix = effective_matrix(adjustment_map(user=user, alliance=alliance))
    return rules.advice_plan(situation, matrix, block_statuses(settings))


def owner_options(*, user: Any, alliance: Alliance) -> tuple[list[Partner], list[Person]]:
    """Who can own a block: the active partners, and the people with a live role."""
    policy.alliance_or_404(user, alliance.pk)
    partners = list(Partner.objects.filter(alliance=alliance, status=PartnerStatus.ACTIVE)
                    .select_related("organisation").order_by("organisation__name"))
    live = Membership.objects.filter(policy.live_membership_q(), alliance=alliance)
    people = list(Person.objects.filter(pk__in=live.values("person_id"))
                  .order_by("full_name", "pk"))
    return partners, people
