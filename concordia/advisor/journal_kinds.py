"""The journal kinds the form advisor appends (advice kept with an alliance)."""

from django.utils.translation import gettext_lazy as _

from concordia.journal.registry import Payload, register

APP = "advisor"


def describe_advice(payload: Payload) -> str:
    return str(payload.get("title") or payload.get("form", ""))


register("AdviceSaved", label=_("Form advice kept"), commitment=False, app=APP,
         describe=describe_advice)
