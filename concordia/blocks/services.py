"""Every write on the building blocks and the contribution matrix. Atomic; each design decision
(a block's status or owner, a change to the matrix) is journaled in the same transaction."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from concordia.access import policy
from concordia.accounts.models import Person
from concordia.alliances.choices import PartnerStatus
from concordia.alliances.locks import alliance_lock
from concordia.alliances.models import Alliance, Membership, Partner
from concordia.core.errors import Conflict, DomainError
from concordia.handbook.catalogue import Block, Pillar, default_matrix
from concordia.journal.services import journal_append

from . import rules
from .choices import BlockStatus, StrengthChoice
from .models import BlockSetting, ContributionAdjustment

DESCRIPTION_MAX = 4000
REASON_MAX = 2000


def _require_editor(actor: Person, alliance: Alliance) -> None:
    """Take the alliance lock (first, for one lock order), then check the actor's role."""
    alliance_lock(alliance.pk, actor=actor)
    if not policy.can(actor, "alliance.edit_design", alliance):
        raise PermissionDenied


def _block(value: str) -> Block:
    try:
        return Block(value)
    except ValueError:
        raise DomainError(_("Unknown building block."), field="block") from None


def _pillar(value: str) -> Pillar:
    try:
        return Pillar(value)
    except ValueError:
        raise DomainError(_("Unknown pillar."), field="pillar") from None


def _check_owner(alliance: Alliance, partner: Partner | None, person: Person | None) -> None:
    """The owner belongs to this alliance: an active partner, or a person with a live role."""
    if rules.owner_problem(has_partner=partner is not None, has_person=person is not None):
        raise DomainError(_("Choose a partner or a person as owner, not both."), field="owner")
    if partner is not None and (partner.alliance_id != alliance.pk
                                or partner.status != PartnerStatus.ACTIVE):
        raise DomainError(_("The owner must be an active partner of this alliance."),
                          field="owner")
    if person is not None and not Membership.objects.filter(
            policy.live_membership_q(), alliance=alliance, person=person).exists():
        raise DomainError(_("The owner must be a person with a role in this alliance."),
                          field="owner")


def _check_evidence(url: str) -> str:
    url = url.strip()
    if url:
        try:
            URLValidator(schemes=["https", "http"])(url)
        except ValidationError:
            raise DomainError(_("Give a web address (https://…)."),
                              field="evidence_url") from None
        if len(url) > 200:
            raise DomainError(_("The link is too long (at most 200 characters)."),
                              field="evidence_url")
    return url


def _owner_payload(setting: BlockSetting) -> dict[str, Any] | None:
    if setting.owner_partner is not None:
        return {"type": "partner", "id": setting.owner_partner_id,
                "name": setting.owner_partner.organisation.name}
    if setting.owner_person_id is not None:
        return {"type": "person", "id": setting.owner_person_id,
                "name": str(setting.owner_person)}
    return None


@transaction.atomic
def block_setting_set(*, actor: Person, alliance: Alliance, block: str, status: str,
                      expected_version: int, owner_partner: Partner | None = None,
                      owner_person: Person | None = None, description: str = "",
                      evidence_url: str = "") -> BlockSetting:
    """Decide how the alliance uses one building block: status, owner (a partner or a person
    of the alliance), how it is done here and evidence. ``expected_version`` is the version
    the editor saw (0 for a block never saved): a stale edit is refused, never overwritten.

    A change of status or owner is a design decision, journaled as BuildingBlockSet (a
    commitment); a change of wording or evidence alone is journaled as BuildingBlockDescribed."""
    _require_editor(actor, alliance)
    key = _block(block)
    if status not in BlockStatus.values:
        raise DomainError(_("Unknown status."), field="status")
    _check_owner(alliance, owner_partner, owner_person)
    description = description.strip()
    if len(description) > DESCRIPTION_MAX:
        raise DomainError(_("Keep the description under 4000 characters."), field="description")
    evidence_url = _check_evidence(evidence_url)
    stale = Conflict(_("Someone else changed this building block in the meantime. Reload and "
                       "try again."), code="stale")

    setting = (BlockSetting.objects.select_for_update(of=("self",), no_key=True)
               .filter(alliance=alliance, block=key).first())
    if setting is None:
        if expected_version != 0:
            raise stale
        before: tuple[str, int | None, int | None] | None = None
        setting = BlockSetting(alliance=alliance, block=key, version=0)
    else:
        if setting.version != expected_version:
            raise stale
        before = (setting.status, setting.owner_partner_id, setting.owner_person_id)
    setting.status = status
    setting.owner_partner = owner_partner
    setting.owner_person = owner_person
    setting.description = description
    setting.evidence_url = evidence_url
    setting.version += 1
    try:
        with transaction.atomic():
            setting.save()
    except IntegrityError as exc:  # another first save of the same block won the race
        raise stale from exc
    if before != (setting.status, setting.owner_partner_id, setting.owner_person_id):
        journal_append(alliance=alliance, actor=actor, kind="BuildingBlockSet", subject=setting,
                       payload={"block": str(key), "status": status,
                                "owner": _owner_payload(setting)})
    else:
        journal_append(alliance=alliance, actor=actor, kind="BuildingBlockDescribed",
                       subject=setting,
                       payload={"block": str(key), "version": setting.version,
                                "description": setting.description,
                                "evidence_url": setting.evidence_url})
    return setting


def _current_strength(block: Block, pillar: Pillar,
                      adjustment: ContributionAdjustment | None) -> str:
    if adjustment is not None:
        return adjustment.strength
    return rules.strength_of(default_matrix(), block, pillar)


@transaction.atomic
def contribution_adjust(*, actor: Person, alliance: Alliance, block: str, pillar: str,
                        strength: str, reason: str,
                        expected_strength: str | None = None) -> ContributionAdjustment | None:
    """Set how strongly a block carries a pillar in this alliance (dominant, secondary or none),
    with the reason. ``expected_strength`` is the strength the editor saw; when the cell changed
    in the meantime the change is refused. Setting a cell back to its default removes the
    adjustment (and returns None). Journaled as ContributionAdjusted with old → new."""
    _require_editor(actor, alliance)
    b, p = _block(block), _pillar(pillar)
    if strength not in StrengthChoice.values:
        raise DomainError(_("Unknown strength."), field="strength")
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Give the reason for the change."), field="reason")
    if len(reason) > REASON_MAX:
        raise DomainError(_("Keep the reason under 2000 characters."), field="reason")
    adjustment = (ContributionAdjustment.objects.select_for_update(of=("self",), no_key=True)
                  .filter(alliance=alliance, block=b, pillar=p).first())
    old = _current_strength(b, p, adjustment)
    if expected_strength is not None and expected_strength != old:
        raise Conflict(_("Someone else changed this cell in the meantime. Reload and try "
                         "again."), code="stale")
    if strength == old:
        raise DomainError(_("The cell already has this strength."), field="strength")
    default = rules.strength_of(default_matrix(), b, p)
    result: ContributionAdjustment | None
    if strength == default:
        if adjustment is not None:
            adjustment.delete()
        result = None
    else:
        if adjustment is None:
            adjustment = ContributionAdjustment(alliance=alliance, block=b, pillar=p)
        adjustment.strength, adjustment.reason, adjustment.changed_by = strength, reason, actor
        adjustment.save()
        result = adjustment
    journal_append(alliance=alliance, actor=actor, kind="ContributionAdjusted",
                   subject=result or alliance,
                   payload={"block": str(b), "pillar": str(p), "old": old, "new": strength,
                            "reason": reason})
    return result


@transaction.atomic
def contribution_reset(*, actor: Person, alliance: Alliance, block: str, pillar: str,
                       reason: str = "") -> bool:
    """Put a cell back to the default matrix. Journaled as ContributionReset (old → default);
    returns False, and records nothing, when the cell was not adjusted."""
    _require_editor(actor, alliance)
    b, p = _block(block), _pillar(pillar)
    reason = reason.strip()
    if len(reason) > REASON_MAX:
        raise DomainError(_("Keep the reason under 2000 characters."), field="reason")
    adjustment = (ContributionAdjustment.objects.select_for_update(of=("self",), no_key=True)
                  .filter(alliance=alliance, block=b, pillar=p).first())
    if adjustment is None:
        return False
    old = adjustment.strength
    adjustment.delete()
    journal_append(alliance=alliance, actor=actor, kind="ContributionReset", subject=alliance,
                   payload={"block": str(b), "pillar": str(p), "old": old,
                            "new": rules.strength_of(default_matrix(), b, p), "reason": reason})
    return True
