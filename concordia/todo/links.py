"""Where each to-do item is dealt with: the page of the version, the decision, the agreement,
the report section, the bottleneck, the recommendation, the minutes, the action or the
meeting."""

from django.urls import reverse

from concordia.actions.models import ActionItem
from concordia.agreements.models import Agreement
from concordia.decisions.models import Decision
from concordia.design.models import StatementVersion
from concordia.escalations.models import Bottleneck
from concordia.meetings.models import Meeting, Minutes
from concordia.reports.models import Report
from concordia.reviews.models import Finding


def statement_url(version: StatementVersion) -> str:
    if version.term_id is not None:
        return reverse("glossary_term", kwargs={"pk": version.alliance_id,
                                                "term_pk": version.term_id})
    return reverse("statement_page", kwargs={"pk": version.alliance_id, "slug": version.kind})


def meeting_url(meeting: Meeting) -> str:
    return reverse("meeting_detail", kwargs={"pk": meeting.body.alliance_id,
                                             "meeting_pk": meeting.pk})


def minutes_url(minutes: Minutes) -> str:
    return reverse("minutes_detail", kwargs={"pk": minutes.meeting.body.alliance_id,
                                             "meeting_pk": minutes.meeting_id})


def action_url(action: ActionItem) -> str:
    return reverse("action_detail", kwargs={"pk": action.alliance_id, "action_pk": action.pk})


def bottleneck_url(bottleneck: Bottleneck) -> str:
    return reverse("bottleneck_detail", kwargs={"pk": bottleneck.alliance_id,
                                                "bottleneck_pk": bottleneck.pk})


def decision_url(decision: Decision) -> str:
    return reverse("decision_detail", kwargs={"pk": decision.alliance_id,
                                              "decision_pk": decision.pk})


def agreement_url(agreement: Agreement) -> str:
    return reverse("agreement_detail", kwargs={"pk": agreement.alliance_id,
                                               "agreement_pk": agreement.pk})


def section_url(report: Report) -> str:
    """The section form of the partner the person writes for (sections_to_write annotates
    it)."""
    return reverse("report_section_edit", kwargs={
        "pk": report.alliance_id, "report_pk": report.pk,
        "partner_pk": report.section_partner_id})  # type: ignore[attr-defined]  # sections_to_write annotates it
def recommendation_url(finding: Finding) -> str:
    return reverse("recommendation_answer", kwargs={"pk": finding.alliance_id,
                                                    "review_pk": finding.review_id,
                                                    "finding_pk": finding.pk})
