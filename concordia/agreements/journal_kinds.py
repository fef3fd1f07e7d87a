"""The journal kinds the agreements app appends (listed in docs/journal.md). An agreement that
only its parties or named people read is journaled without its title or parties."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from concordia.journal.registry import Payload, register

APP = "agreements"


def _name(payload: Payload) -> str:
    title = payload.get("title")
    if title:
        return f"“{title}”"
    return _("agreement #%(id)s (not shown to everyone)") % {"id": payload.get("agreement", "")}


def describe_agreement(payload: Payload) -> str:
    """The agreement, its parties when shown, and the version."""
    text = _name(payload)
    if payload.get("parties"):
        text += " — " + ", ".join(str(p) for p in payload["parties"])
    if payload.get("number"):
        text += " " + _("(version %(n)s)") % {"n": payload["number"]}
    return text


def describe_signature(payload: Payload) -> str:
    """Which partner signed (or withdrew its signature of) which version of the agreement."""
    return _("%(partner)s, version %(n)s of %(agreement)s") % {
        "partner": payload.get("partner", ""), "n": payload.get("number", ""),
        "agreement": _name(payload)}


def describe_change(payload: Payload) -> str:
    text = _name(payload)
    if payload.get("changed"):
        text += ": " + ", ".join(str(c) for c in payload["changed"])
    return text


register("AgreementRegistered", label=gettext_lazy("Agreement registered"), commitment=False,
         app=APP, describe=describe_agreement)
register("AgreementChanged", label=gettext_lazy("Agreement changed"), commitment=False,
         app=APP, describe=describe_change)
register("AgreementVersionProposed", label=gettext_lazy("New version of an agreement proposed"),
         commitment=False, app=APP, describe=describe_agreement)
register("AgreementSigned", label=gettext_lazy("Agreement signed for a partner"),
         commitment=True, app=APP, describe=describe_signature)
register("SignatureWithdrawn", label=gettext_lazy("Signature of an agreement withdrawn"),
         commitment=False, app=APP, describe=describe_signature)
register("AgreementInForce", label=gettext_lazy("Agreement version in force"), commitment=True,
         app=APP, describe=describe_agreement)
