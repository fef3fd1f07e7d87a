"""The journal kinds the scorecard appends (listed in docs/journal.md). Defining, changing and
retiring an indicator and setting its target are what the alliance commits to measure itself by
(commitments); a measurement and its corrections are reported facts, kept with who entered them."""

from django.utils.translation import gettext_lazy as _

from concordia.journal.registry import Payload, register

APP = "scorecard"


def describe_indicator(payload: Payload) -> str:
    """The indicator's name, with its unit."""
    text = str(payload.get("name", ""))
    if payload.get("unit"):
        text += f" ({payload['unit']})"
    return text


def describe_target(payload: Payload) -> str:
    """Indicator: the target (the period it holds from)."""
    return (f"{payload.get('name', '')}: {payload.get('value', '')} "
            f"({payload.get('from_period', '')})")


def describe_measurement(payload: Payload) -> str:
    """Indicator, period: value (and the value it replaced)."""
    text = f"{payload.get('name', '')}, {payload.get('period', '')}: {payload.get('value', '')}"
    if payload.get("previous") is not None:
        text += f" (← {payload['previous']})"
    return text


register("IndicatorDefined", label=_("Indicator defined"), commitment=True, app=APP,
         describe=describe_indicator)
register("IndicatorChanged", label=_("Indicator changed"), commitment=True, app=APP,
         describe=describe_indicator)
register("IndicatorRetired", label=_("Indicator retired"), commitment=True, app=APP,
         describe=describe_indicator)
register("TargetSet", label=_("Target set"), commitment=True, app=APP,
         describe=describe_target)
register("MeasurementRecorded", label=_("Measurement recorded"), commitment=False, app=APP,
         describe=describe_measurement)
register("MeasurementCorrected", label=_("Measurement corrected"), commitment=False, app=APP,
         describe=describe_measurement)
