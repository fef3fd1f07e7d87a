"""The journal kinds the reports app appends (listed in docs/journal.md). A partner's submitted
section, its withdrawal and the board's approval of the report are commitments; opening a
report, drafting a section, writing the overall part and reminding are recorded but are not. A
draft's text never enters the journal (the whole alliance reads it): only the partner and the
version."""

from django.utils.translation import gettext_lazy as _

from concordia.journal.registry import Payload, register

APP = "reports"


def describe_report(payload: Payload) -> str:
    """The report's period."""
    return str(payload.get("report", ""))


def describe_section(payload: Payload) -> str:
    """The report's period and the partner."""
    return f"{payload.get('report', '')}: {payload.get('partner', '')}"


def describe_reminders(payload: Payload) -> str:
    """The report's period and the partners reminded."""
    return f"{payload.get('report', '')}: {', '.join(payload.get('partners', []))}"


register("ReportOpened", label=_("Report opened"), commitment=False, app=APP,
         describe=describe_report)
register("ReportSectionDrafted", label=_("Report section drafted"), commitment=False, app=APP,
         describe=describe_section)
register("ReportSectionSubmitted", label=_("Report section submitted"), commitment=True,
         app=APP, describe=describe_section)
register("ReportSectionWithdrawn", label=_("Report section withdrawn"), commitment=True,
         app=APP, describe=describe_section)
register("ReportOverallWritten", label=_("Report's overall part written"), commitment=False,
         app=APP, describe=describe_report)
register("ReportRemindersSent", label=_("Report reminders sent"), commitment=False, app=APP,
         describe=describe_reminders)
register("ReportApproved", label=_("Report approved"), commitment=True, app=APP,
         describe=describe_report)
