"""The journal kinds the settlement app appends (listed in docs/journal.md). All are
commitments: the model the alliance settles a category under, the usage figures of a quarter
under a usage model, a cost a partner books against the others, and a partner's confirmation
of what it owes or is owed."""

from django.utils.translation import gettext_lazy as _

from concordia.journal.registry import Payload, register

APP = "settlement"


def describe_model(payload: Payload) -> str:
    """The category, the model and its start date."""
    return (f"{payload.get('category', '')}: {payload.get('kind', '')} "
            f"({payload.get('starts_on', '')})")


def describe_usage(payload: Payload) -> str:
    """The category and the period whose usage figures were recorded."""
    return f"{payload.get('category', '')}: {payload.get('period', '')}"


def describe_booking(payload: Payload) -> str:
    """The partner, the category, the amount and the period."""
    text = (f"{payload.get('partner', '')}, {payload.get('category', '')}: "
            f"{payload.get('amount', '')} ({payload.get('period', '')})")
    if payload.get("corrects"):
        text += f" ↺ {payload['corrects']}"
    return text


def describe_confirmation(payload: Payload) -> str:
    """The period and the partner that confirmed it."""
    return f"{payload.get('period', '')}: {payload.get('partner', '')}"


register("SettlementModelChosen", label=_("Settlement model chosen"), commitment=True, app=APP,
         describe=describe_model)
register("UsageRecorded", label=_("Usage recorded"), commitment=True, app=APP,
         describe=describe_usage)
register("CostBooked", label=_("Cost booked"), commitment=True, app=APP,
         describe=describe_booking)
register("SettlementConfirmed", label=_("Settlement confirmed"), commitment=True, app=APP,
         describe=describe_confirmation)
