"""The journal kinds the escalations app appends (listed in docs/journal.md).

None is a commitment: a bottleneck's resolution records how it was settled, and a decision of
the board that settled it is journaled by the decisions. A bottleneck that is not alliance-wide
is named by its number only (the journal is read by the whole alliance)."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from concordia.journal.registry import Payload, register

from .choices import Rung

APP = "escalations"


def _rung(value: object) -> str:
    return str(Rung(value).label) if value in Rung.values else str(value)


def describe_bottleneck(payload: Payload) -> str:
    """The bottleneck (its title when alliance-wide, else its number) and where it stands, in
    the reader's language."""
    text = str(payload.get("title") or f"#{payload.get('bottleneck_id', '')}")
    if payload.get("from") and payload.get("to"):
        text += f" — {_rung(payload['from'])} → {_rung(payload['to'])}"
    elif payload.get("rung"):
        text += f" — {_rung(payload['rung'])}"
    if payload.get("partners"):  # where it is: the partners it stands between
        text += f" ({', '.join(str(p) for p in payload['partners'])})"
    if payload.get("skipped"):
        skipped = gettext("skipped horizontal attempt")
        reason = payload.get("skip_reason")
        text += f" ({skipped}: {reason})" if reason else f" ({skipped})"
    # gettext outside f-strings: makemessages does not see calls inside them.
    if payload.get("resolved") is True:
        text += " (" + gettext("resolved") + ")"
    elif payload.get("resolved") is False:
        text += " (" + gettext("not resolved") + ")"
    return text


def describe_ladder(payload: Payload) -> str:
    if payload.get("top_rung_enabled"):
        return f"{gettext('top rung')}: {payload.get('top_rung_name', '')}"
    return gettext("no top rung")


register("BottleneckRaised", label=_("Bottleneck raised"), commitment=False, app=APP,
         describe=describe_bottleneck)
register("HorizontalAttemptRecorded", label=_("Horizontal attempt recorded"), commitment=False,
         app=APP, describe=describe_bottleneck)
register("BottleneckEscalated", label=_("Bottleneck escalated"), commitment=False, app=APP,
         describe=describe_bottleneck)
register("RungResponded", label=_("Response on a rung"), commitment=False, app=APP,
         describe=describe_bottleneck)
register("BottleneckResolved", label=_("Bottleneck resolved"), commitment=False, app=APP,
         describe=describe_bottleneck)
register("BottleneckWithdrawn", label=_("Bottleneck withdrawn"), commitment=False, app=APP,
         describe=describe_bottleneck)
register("EscalationLadderChanged", label=_("Escalation ladder changed"), commitment=False,
         app=APP, describe=describe_ladder)
