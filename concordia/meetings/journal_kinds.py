"""The journal kinds the meetings app appends."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from concordia.journal.registry import Payload, register

from .choices import CorrectionStatus

APP = "meetings"


def describe_meeting(payload: Payload) -> str:
    """The body and the date, with the meeting's own title when it has one."""
    text = f"{payload.get('body', '')} {payload.get('starts_at', '')[:10]}".strip()
    return f"{text} — {payload['title']}" if payload.get("title") else text


def describe_item(payload: Payload) -> str:
    """The meeting and the item; a confidential item only by its place (rules.journal_item_name;
    entries from before carried no name at all)."""
    item = str(payload.get("item", ""))
    if payload.get("confidential"):
        item = gettext("confidential item %(place)s") % {"place": item} if item else gettext(
            "confidential item")
    return f"{describe_meeting(payload)}: {item}"


def describe_minutes(payload: Payload) -> str:
    """The meeting and which version of its minutes."""
    if not payload.get("version"):
        return describe_meeting(payload)
    version = gettext("minutes version %(n)s") % {"n": payload["version"]}
    return f"{describe_meeting(payload)} — {version}"


def describe_correction(payload: Payload) -> str:
    """The minutes and the item the correction is about, and how it was settled."""
    text = describe_minutes(payload)
    if payload.get("item"):
        text += ": " + gettext("correction on “%(item)s”") % {"item": payload["item"]}
    if payload.get("accepted") is not None:
        status = CorrectionStatus.ACCEPTED if payload["accepted"] else CorrectionStatus.DECLINED
        text += f" ({status.label})"
    return text


for name, label, commitment, describe in [
    ("MeetingPlanned", _("Meeting planned"), False, describe_meeting),
    ("MeetingSeriesPlanned", _("Series of meetings planned"), False, describe_meeting),
    ("MeetingChanged", _("Meeting changed"), False, describe_meeting),
    ("MeetingCancelled", _("Meeting cancelled"), False, describe_meeting),
    ("AgendaItemProposed", _("Agenda item proposed"), False, describe_item),
    ("AgendaItemChanged", _("Agenda item changed"), False, describe_item),
    ("AgendaOrdered", _("Agenda ordered"), False, describe_meeting),
    ("AgendaPublished", _("Agenda published"), False, describe_meeting),
    ("AttendanceRecorded", _("Attendance recorded"), False, describe_meeting),
    ("MinutesDrafted", _("Minutes drafted"), False, describe_minutes),
    ("MinutesCirculated", _("Minutes circulated"), False, describe_minutes),
    ("CorrectionProposed", _("Correction to the minutes proposed"), False, describe_correction),
    ("CorrectionResolved", _("Correction to the minutes settled"), False, describe_correction),
    ("MinutesApproved", _("Minutes approved"), True, describe_minutes),
]:
    register(name, label=label, commitment=commitment, app=APP, describe=describe)
