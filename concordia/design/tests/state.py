"""A snapshot of every design table and the journal, to prove a refused request changed nothing."""

from typing import Any

from concordia.design.models import (
    AllianceProfile,
    Endorsement,
    ExpectedResistance,
    GlossaryTerm,
    PartnerDefinition,
    PartnerInterest,
    StageAssessment,
    StatementVersion,
    VersionRemark,
)
from concordia.journal.models import JournalEntry


def design_state() -> dict[str, Any]:
    return {
        "profiles": list(AllianceProfile.objects.order_by("pk").values_list(
            "pk", "version", "rationales", "origin", "joint_activities", "centralisation",
            "joint_work_weight")),
        "interests": list(PartnerInterest.objects.order_by("pk").values_list(
            "pk", "own_interest", "shared_interest")),
        "resistances": list(ExpectedResistance.objects.order_by("pk").values_list(
            "pk", "partner_id", "source", "note", "mitigation")),
        "statements": list(StatementVersion.objects.order_by("pk").values_list(
            "pk", "kind", "term_id", "number", "text", "in_force_since", "withdrawn_at")),
        "remarks": list(VersionRemark.objects.order_by("pk").values_list(
            "pk", "version_id", "partner_id", "kind", "text")),
        "endorsements": list(Endorsement.objects.order_by("pk").values_list(
            "pk", "version_id", "partner_id", "withdrawn_at")),
        "stages": list(StageAssessment.objects.order_by("pk").values_list("pk", "overall")),
        "terms": list(GlossaryTerm.objects.order_by("pk").values_list(
            "pk", "term", "agreed_definition", "version")),
        "definitions": list(PartnerDefinition.objects.order_by("pk").values_list(
            "pk", "partner_id", "definition")),
        "journal": list(JournalEntry.objects.order_by("pk").values_list("pk", "kind")),
    }
