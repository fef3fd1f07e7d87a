"""The journal kinds the bodies app appends."""

from django.utils.translation import gettext_lazy as _

from concordia.journal.registry import Payload, register

APP = "bodies"


def describe_body(payload: Payload) -> str:
    return str(payload.get("name", ""))


def describe_rule_adopted(payload: Payload) -> str:
    """The body and the decision that chose its rule."""
    return _("%(body)s, by decision #%(number)s") % {"body": payload.get("name", ""),
                                                     "number": payload.get("decision", "")}


def describe_seat(payload: Payload) -> str:
    """The body, the partner and, when filled, who holds the seat."""
    text = f"{payload.get('body', '')}: {payload.get('partner', '')}"
    if payload.get("holder"):
        text += f" — {payload['holder']}"
    return text


register("BodySetUp", label=_("Body set up"), commitment=True, app=APP, describe=describe_body)
register("BodyChanged", label=_("Body changed"), commitment=True, app=APP,
         describe=describe_body)
# The rule a carried decision of the body chose (the decision is the commitment).
register("BodyDecisionRuleAdopted", label=_("Decision rule adopted by decision"),
         commitment=False, app=APP, describe=describe_rule_adopted)
register("BodyArchived", label=_("Body archived"), commitment=True, app=APP,
         describe=describe_body)
register("SeatAdded", label=_("Seat added"), commitment=False, app=APP, describe=describe_seat)
register("SeatFilled", label=_("Seat filled"), commitment=False, app=APP,
         describe=describe_seat)
register("SeatRemoved", label=_("Seat removed"), commitment=False, app=APP,
         describe=describe_seat)
