"""The journal kinds the alliance design appends, with their labels and one-line descriptions."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from concordia.journal.registry import Payload, register

from .choices import StageChoice

APP = "design"


def _choice_label(choices: Any, value: Any) -> str:
    return str(choices(value).label) if value in choices.values else str(value or "")


def describe_version(payload: Payload) -> str:
    """A statement version (of a term's definition: with the term), with the partner that
    endorsed, withdrew, objected or commented, and what it said."""
    text = str(_("version %(n)s") % {"n": payload.get("number", "")})
    if payload.get("term"):
        text = f"{payload['term']}, {text}"
    if "partner" in payload:
        text = f"{text} — {payload['partner']}"
    if payload.get("text") and "partner" in payload:
        text = f"{text}: {payload['text']}"
    if payload.get("replaced_by"):
        text = f"{text} — " + str(_("replaced by version %(n)s") % {"n": payload["replaced_by"]})
    return text


def describe_stage(payload: Payload) -> str:
    """The stage one person rated, for their partner, on which date."""
    stage = _choice_label(StageChoice, payload.get("overall", ""))
    context = [str(payload[k]) for k in ("partner", "assessed_on") if payload.get(k)]
    return f"{stage} ({', '.join(context)})" if context else stage


def describe_raters(payload: Payload) -> str:
    """The chosen roles, then the chosen levels (entries before levels existed have none)."""
    from concordia.alliances.choices import Level, Role  # noqa: PLC0415 — labels only

    return ", ".join([_choice_label(Role, r) for r in payload.get("roles", [])] + [
        str(_("%(level)s level") % {"level": _choice_label(Level, lv)})
        for lv in payload.get("levels", [])])


def describe_term(payload: Payload) -> str:
    return f"{payload.get('term', '')}: {payload.get('definition', '')}"


for name, label, commitment in (
    ("ObjectiveDrafted", _("Objective proposed"), False),
    ("ObjectiveEndorsed", _("Objective endorsed"), True),
    ("ObjectiveEndorsementWithdrawn", _("Objective endorsement withdrawn"), True),
    ("ValuesDrafted", _("Values statement proposed"), False),
    ("ValuesEndorsed", _("Values statement endorsed"), True),
    ("ValuesEndorsementWithdrawn", _("Values statement endorsement withdrawn"), True),
    ("ObjectiveInForce", _("Objective version in force"), True),
    ("ObjectiveObjection", _("Objection to the proposed objective"), True),
    ("ObjectiveComment", _("Comment on the proposed objective"), False),
    ("ObjectiveProposalWithdrawn", _("Proposed objective withdrawn"), True),
    ("ValuesInForce", _("Values statement version in force"), True),
    ("ValuesObjection", _("Objection to the proposed values statement"), True),
    ("ValuesComment", _("Comment on the proposed values statement"), False),
    ("ValuesProposalWithdrawn", _("Proposed values statement withdrawn"), True),
    ("DefinitionProposed", _("Definition proposed"), False),
    ("DefinitionEndorsed", _("Proposed definition endorsed"), True),
    ("DefinitionEndorsementWithdrawn", _("Definition endorsement withdrawn"), True),
    ("DefinitionObjection", _("Objection to the proposed definition"), True),
    ("DefinitionComment", _("Comment on the proposed definition"), False),
    ("DefinitionProposalWithdrawn", _("Proposed definition withdrawn"), True),
):
    register(name, label=label, commitment=commitment, app=APP, describe=describe_version)
register("StageAssessed", label=_("Development stage rated"), commitment=False, app=APP,
         describe=describe_stage)
register("StageRatersChosen", label=_("Who rates the development stage chosen"),
         commitment=False, app=APP, describe=describe_raters)
register("TermAgreed", label=_("Definition agreed"), commitment=True, app=APP,
         describe=describe_term)


# A partner's own words and the profile: journaled, not commitments.
def _drafted(payload: Payload) -> str:
    if payload.get("drafted_by_key_alliance_manager"):
        return " — " + str(_("drafted by the key alliance manager"))
    return ""


def describe_partner_words(payload: Payload) -> str:
    return f"{payload.get('partner', '')}{_drafted(payload)}"


def describe_definition(payload: Payload) -> str:
    return (f"{payload.get('term', '')} ({payload.get('partner', '')}): "
            f"{payload.get('definition', '')}{_drafted(payload)}")


def describe_profile(payload: Payload) -> str:
    return str(_("version %(n)s") % {"n": payload.get("version", "")})


register("ProfileUpdated", label=_("Profile updated"), commitment=False, app=APP,
         describe=describe_profile)
register("PartnerInterestSet", label=_("Partner's interest written"), commitment=False, app=APP,
         describe=describe_partner_words)
register("ResistanceSet", label=_("Expected resistance written"), commitment=False, app=APP,
         describe=describe_partner_words)
register("ResistanceRemoved", label=_("Expected resistance removed"), commitment=False,
         app=APP, describe=describe_partner_words)
register("GlossaryTermAdded", label=_("Term added to the glossary"), commitment=False, app=APP,
         describe=lambda payload: str(payload.get("term", "")))
register("PartnerDefinitionSet", label=_("Partner's definition written"), commitment=False,
         app=APP, describe=describe_definition)
