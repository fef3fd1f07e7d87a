"""The journal kinds the decisions app appends (listed in docs/journal.md)."""

from django.utils.translation import gettext_lazy as _

from concordia.journal.registry import Payload, register

from .choices import Choice, Outcome

APP = "decisions"


def _label(choices: type[Choice] | type[Outcome], value: object) -> str:
    """A stored value in the reader's language (a value no longer known: as stored)."""
    return str(choices(value).label) if value in choices.values else str(value or "")


def describe_decision(payload: Payload) -> str:
    """The decision's number and title (a confidential item's proposal: its number only) and
    the body."""
    text = f"#{payload.get('number', '')}"
    if payload.get("title"):
        text += f" {payload['title']}"
    if payload.get("body"):
        text += f" — {payload['body']}"
    return text


def describe_vote(payload: Payload) -> str:
    """Who the vote is for and, unless the ballot is secret, how it went."""
    text = f"{describe_decision(payload)}: {payload.get('unit_name', '')}"
    if payload.get("choice"):
        text += f" ({_label(Choice, payload['choice'])})"
    elif payload.get("shares"):
        text += " (" + ", ".join(f"{k} {v}" for k, v in dict(payload["shares"]).items()) + ")"
    return text


def describe_outcome(payload: Payload) -> str:
    return f"{describe_decision(payload)}: {_label(Outcome, payload.get('outcome', ''))}"


def describe_delegate(payload: Payload) -> str:
    return f"{payload.get('person', '')} — {payload.get('partner', '')}, {payload.get('body', '')}"


def describe_follow_up(payload: Payload) -> str:
    return f"{describe_decision(payload)}: {payload.get('action', '')}"


register("DecisionProposed", label=_("Proposal put"), commitment=False, app=APP,
         describe=describe_decision)
register("VoteCast", label=_("Vote cast"), commitment=False, app=APP, describe=describe_vote)
register("DecisionTaken", label=_("Decision taken"), commitment=True, app=APP,
         describe=describe_outcome)
register("DecisionWithdrawn", label=_("Proposal withdrawn"), commitment=False, app=APP,
         describe=describe_decision)
register("DelegateNamed", label=_("Delegate named"), commitment=False, app=APP,
         describe=describe_delegate)
register("DelegateRemoved", label=_("Delegate removed"), commitment=False, app=APP,
         describe=describe_delegate)
register("FollowUpAdded", label=_("Follow-up action linked"), commitment=False, app=APP,
         describe=describe_follow_up)
