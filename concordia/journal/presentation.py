"""How journal entries read for people: a translated label and a one-line summary per kind.

The stored entry stays as recorded (English keys, stable for hashing); only its display varies.
"""

from typing import Any

from django.utils.translation import gettext_lazy as _

KIND_LABELS = {
    "AllianceCreated": _("Alliance created"),
    "PartnerInvited": _("Partner invited"),
    "PartnerJoined": _("Partner joined"),
    "PartnerDeclined": _("Partner declined"),
    "PartnerLeft": _("Partner left"),
    "RoleGranted": _("Role granted"),
    "RoleRevoked": _("Role revoked"),
    "ObjectiveDrafted": _("Objective drafted"),
    "ObjectiveEndorsed": _("Objective endorsed"),
    "ObjectiveEndorsementWithdrawn": _("Objective endorsement withdrawn"),
    "ValuesDrafted": _("Values statement drafted"),
    "ValuesEndorsed": _("Values statement endorsed"),
    "ValuesEndorsementWithdrawn": _("Values statement endorsement withdrawn"),
    "StageAssessed": _("Development stage assessed"),
    "TermAgreed": _("Definition agreed"),
    "BuildingBlockSet": _("Building block set"),
    "ContributionAdjusted": _("Contribution adjusted"),
    "ContributionReset": _("Contribution reset to the default"),
}


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


def summary(kind: str, payload: dict[str, Any]) -> str:
    """The entry's gist from its payload, e.g. the organisation or the person and role."""
    from concordia.alliances.choices import PartnerType, Role

    if "block" in payload:
        return _block_summary(payload)
    if "person" in payload:
        role = payload.get("role", "")
        role_label = Role(role).label if role in Role.values else role
        return f"{payload['person']} — {role_label} ({payload.get('partner', '')})"
    if "organisation" in payload:
        kind_value = payload.get("partner_type", "")
        type_label = PartnerType(kind_value).label if kind_value in PartnerType.values else ""
        return f"{payload['organisation']}" + (f" — {type_label}" if type_label else "")
    if "term" in payload:
        return f"{payload['term']}: {payload.get('definition', '')}"
    if "overall" in payload:
        from concordia.design.choices import StageChoice

        overall = payload["overall"]
        return str(StageChoice(overall).label if overall in StageChoice.values else overall)
    if "number" in payload:
        version = _("version %(n)s") % {"n": payload["number"]}
        return f"{version} — {payload['partner']}" if "partner" in payload else str(version)
    return str(payload.get("name", ""))


def _block_summary(payload: dict[str, Any]) -> str:
    """A building block's status and owner, or a matrix cell's old → new strength."""
    from concordia.design.choices import BlockStatus, StrengthChoice
    from concordia.handbook.catalogue import Block, Pillar
    from concordia.handbook.texts import BUILDING_BLOCKS, PILLARS

    def label(choices: Any, value: str) -> str:
        return str(choices(value).label) if value in choices.values else value

    block = payload["block"]
    title = str(BUILDING_BLOCKS[Block(block)].title) if block in Block else block
    if "pillar" in payload:
        pillar = payload["pillar"]
        pillar_title = str(PILLARS[Pillar(pillar)].title) if pillar in Pillar else pillar
        change = (f"{label(StrengthChoice, payload.get('old', ''))} → "
                  f"{label(StrengthChoice, payload.get('new', ''))}")
        reason = f" — {payload['reason']}" if payload.get("reason") else ""
        return f"{title} → {pillar_title}: {change}{reason}"
    owner = (payload.get("owner") or {}).get("name", "")
    status = label(BlockStatus, payload.get("status", ""))
    return f"{title}: {status}" + (f" ({owner})" if owner else "")
