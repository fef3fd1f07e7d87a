"""The periodic report (building block 8): the key alliance manager opens it for a period (a
quarter, a half-year or a year; one per alliance and period), every partner writes and submits
its section, the key alliance manager writes the overall part, and the board approves it
(docs/decisions/0021-periodic-report.md). The scorecard, plan vs actual, decisions and
escalations of the period are compiled when the report is read, never copied in."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import rules
from .choices import ReportPeriod


class Report(models.Model):
    """An alliance's report for one period, with the key alliance manager's overall part."""

    alliance = models.ForeignKey("alliances.Alliance", on_delete=models.PROTECT,
                                 related_name="reports")
    kind = models.CharField(_("period"), max_length=8, choices=ReportPeriod.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(_("number"))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)
    overall = models.TextField(_("overall part"), blank=True, max_length=rules.TEXT_MAX)
    overall_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", null=True, blank=True)
    overall_at = models.DateTimeField(null=True, blank=True)
    # Bumped by every change of the overall part: a change made on an older reading is refused.
    version = models.PositiveIntegerField(default=1)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-year", "kind", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "kind", "year", "number"],
                                    name="report_once_per_period"),
            models.CheckConstraint(condition=Q(number__gte=1) & Q(number__lte=4),
                                   name="report_number_1_to_4"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return rules.period_label(self.kind, self.year, self.number)

    @property
    def approved(self) -> bool:
        return self.approved_at is not None


class Section(models.Model):
    """A partner's section of a report: progress on its activities, bottlenecks, coordination
    with the others and news the others need to hear. Written by the partner's steering person
    and read by the others once submitted; a submitted section no longer changes."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="sections")
    partner = models.ForeignKey("alliances.Partner", on_delete=models.PROTECT,
                                related_name="report_sections")
    progress = models.TextField(_("progress on our activities"), blank=True,
                                max_length=rules.TEXT_MAX)
    bottlenecks = models.TextField(_("bottlenecks"), blank=True, max_length=rules.TEXT_MAX)
    coordination = models.TextField(_("coordination with the others"), blank=True,
                                    max_length=rules.TEXT_MAX)
    news = models.TextField(_("news the others need to hear"), blank=True,
                            max_length=rules.TEXT_MAX)
    prefilled_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", null=True, blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+", null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["report", "partner__organisation__name", "partner_id"]
        constraints = [models.UniqueConstraint(fields=["report", "partner"],
                                               name="section_once_per_partner")]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.partner_id}"

    @property
    def submitted(self) -> bool:
        return self.submitted_at is not None


class Reminder(models.Model):
    """A reminder sent to a partner that had not submitted its section: at most one per
    partner, report and day."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="reminders")
    partner = models.ForeignKey("alliances.Partner", on_delete=models.PROTECT,
                                related_name="+")
    sent_on = models.DateField()
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["report", "partner", "sent_on"],
                                               name="reminder_once_a_day")]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.partner_id} {self.sent_on.isoformat()}"
