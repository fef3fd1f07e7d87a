"""The journal kinds the plans app appends (listed in docs/journal.md). A partner's
confirmation of its deployment, its endorsement of a plan and the plan's adoption are
commitments; drafting, proposing, adjusting and recording actuals are not (the board's decision
on a proposal is journaled by the decisions app, as a commitment)."""

from django.utils.translation import gettext_lazy as _

from concordia.journal.registry import Payload, register

APP = "plans"


def describe_version(payload: Payload) -> str:
    """The year and the version."""
    return f"{payload.get('year', '')} v{payload.get('version', '')}"


def describe_item(payload: Payload) -> str:
    """The year, the version and the objective or activity."""
    item = payload.get("activity") or payload.get("objective") or ""
    return f"{describe_version(payload)}: {item}"


def describe_partner(payload: Payload) -> str:
    """The year, the version and the partner."""
    return f"{describe_version(payload)}: {payload.get('partner', '')}"


def describe_actual(payload: Payload) -> str:
    """The year, the partner and the progress."""
    return (f"{payload.get('year', '')}: {payload.get('partner', '')} "
            f"({payload.get('progress', '')}%)")


register("PlanStarted", label=_("Annual plan started"), commitment=False, app=APP,
         describe=describe_version)
register("PlanObjectiveAdded", label=_("Plan objective added"), commitment=False, app=APP,
         describe=describe_item)
register("PlanActivityAdded", label=_("Plan activity added"), commitment=False, app=APP,
         describe=describe_item)
register("PlanObjectiveChanged", label=_("Plan objective changed"), commitment=False,
         app=APP, describe=describe_item)
register("PlanActivityChanged", label=_("Plan activity changed"), commitment=False, app=APP,
         describe=describe_item)
register("DeploymentSet", label=_("Deployment written"), commitment=False, app=APP,
         describe=describe_partner)
register("DeploymentConfirmed", label=_("Deployment confirmed"), commitment=True, app=APP,
         describe=describe_partner)
register("PlanProposed", label=_("Annual plan proposed for adoption"), commitment=False,
         app=APP, describe=describe_version)
register("PlanEndorsed", label=_("Annual plan endorsed"), commitment=True, app=APP,
         describe=describe_partner)
register("PlanAdopted", label=_("Annual plan adopted"), commitment=True, app=APP,
         describe=describe_version)
register("PlanAdjusted", label=_("Annual plan adjusted"), commitment=False, app=APP,
         describe=describe_version)
register("ActualRecorded", label=_("Actual deployment recorded"), commitment=False, app=APP,
         describe=describe_actual)
