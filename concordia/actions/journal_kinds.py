"""The journal kinds the actions app appends."""

from django.utils.translation import gettext_lazy as _

from concordia.journal.registry import Payload, register

APP = "actions"


def describe_action(payload: Payload) -> str:
    """The action and its owner, with the due date when it has one."""
    text = str(payload.get("title", ""))
    if payload.get("owner"):
        text += f" — {payload['owner']}"
    if payload.get("due_on"):
        text += f" ({payload['due_on']})"
    return text


register("ActionAssigned", label=_("Action assigned"), commitment=False, app=APP,
         describe=describe_action)
register("ActionChanged", label=_("Action changed"), commitment=False, app=APP,
         describe=describe_action)
register("ActionClosed", label=_("Action closed"), commitment=False, app=APP,
         describe=describe_action)
