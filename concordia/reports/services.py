"""Every write of the periodic report: open it for a period (with each active partner's section
prefilled), write, submit and withdraw a partner's section, write the overall part, remind the
partners that have not submitted, approve it for the board. Each takes the alliance lock first,
checks the policy and journals in the same transaction (docs/decisions/0021)."""

from collections.abc import Iterable
from decimal import Decimal
from functools import partial

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from concordia.access import policy
from concordia.accounts.models import Person
from concordia.actions.choices import ActionStatus
from concordia.actions.models import ActionItem
from concordia.alliances.choices import PartnerStatus
from concordia.alliances.locks import alliance_lock
from concordia.alliances.models import Alliance, Membership, Partner
from concordia.core.errors import Conflict, DomainError
from concordia.escalations.models import Bottleneck
from concordia.journal.services import journal_append
from concordia.notifications.choices import NotificationKind
from concordia.notifications.services import notify
from concordia.scorecard import rules as scorecard_rules
from concordia.scorecard.models import Indicator, Measurement, Target
from concordia.scorecard.presentation import status_label

from . import rules
from .models import Reminder, Report, Section

PREFILL_LIMIT = 50  # actions or bottlenecks per partner in the prefilled text


def _require(actor: Person, action: str, obj: Alliance | Partner, alliance_id: int) -> None:
    if not policy.live_memberships(actor, alliance_id):
        raise PermissionDenied
    if not policy.can(actor, action, obj):
        raise PermissionDenied


def active_partners(alliance_id: int) -> list[Partner]:
    return list(Partner.objects.filter(alliance_id=alliance_id, status=PartnerStatus.ACTIVE)
                .select_related("organisation").order_by("organisation__name", "pk"))


def _words() -> rules.Headings:
    return rules.Headings(values=_("Indicator values of the period:"),
                          actions=_("Open actions:"), due=_("due"), no_due=_("no due date"),
                          bottleneck=_("bottleneck"))


def prefills(report: Report, partners: Iterable[Partner]) -> dict[int, dict[str, str]]:
    """Each partner's prefilled section: its open actions, its open bottlenecks and the values
    of its indicators in the report's period, read in a fixed number of queries."""
    ids = [p.pk for p in partners]
    if not ids:
        return {}
    alliance_id = report.alliance_id
    person_partner = dict(Membership.objects.filter(
        policy.live_membership_q(), alliance_id=alliance_id, partner_id__in=ids)
        .values_list("person_id", "partner_id"))
    actions: dict[int, list[rules.PrefillAction]] = {p: [] for p in ids}
    for action in (ActionItem.objects.filter(
            Q(owner_partner_id__in=ids) | Q(owner_person_id__in=person_partner),
            alliance_id=alliance_id, status=ActionStatus.OPEN)
            .order_by("due_on", "pk")):
        owner = action.owner_partner_id or person_partner.get(action.owner_person_id or 0)
        if owner in actions and len(actions[owner]) < PREFILL_LIMIT:
            actions[owner].append(rules.PrefillAction(action.title, action.due_on))
    bottlenecks: dict[int, list[rules.PrefillBottleneck]] = {p: [] for p in ids}
    through = Bottleneck.partners.through
    for partner_id, number, title, rung, wide in (
            through.objects.filter(partner_id__in=ids, bottleneck__status="open",
                                   bottleneck__alliance_id=alliance_id)
            .order_by("bottleneck__raised_at", "bottleneck_id")
            .values_list("partner_id", "bottleneck_id", "bottleneck__title", "bottleneck__rung",
                         "bottleneck__alliance_wide")):
        if len(bottlenecks[partner_id]) < PREFILL_LIMIT:
            bottlenecks[partner_id].append(rules.PrefillBottleneck(number, title, rung, wide))
    values: dict[int, list[rules.PrefillValue]] = {p: [] for p in ids}
    for indicator in indicator_queryset(alliance_id).filter(owner_partner_id__in=ids):
        row = indicator_row(report, indicator)
        if row is not None and row.value is not None:
            values[indicator.owner_partner_id].append(rules.PrefillValue(
                indicator.name, row.period, scorecard_rules.value_text(row.value),
                indicator.unit, row.status_label))
    words = _words()
    return {p: rules.prefill(actions=actions[p], bottlenecks=bottlenecks[p], values=values[p],
                             words=words) for p in ids}


def indicator_queryset(alliance_id: int) -> QuerySet[Indicator]:
    """The alliance's live indicators with their targets and current values prefetched."""
    return (Indicator.objects.filter(alliance_id=alliance_id, retired_at__isnull=True)
            .select_related("owner_partner__organisation")
            .prefetch_related(
                Prefetch("targets", queryset=Target.objects.order_by("from_period"),
                         to_attr="target_list"),
                Prefetch("measurements", queryset=Measurement.objects.filter(current=True)
                         .order_by("period"), to_attr="current_values"))
            .order_by("pk"))


class IndicatorRow:
    """An indicator in a report's period: the latest value within it, its target and status."""

    def __init__(self, indicator: Indicator, period: str, value: Decimal | None,
                 target: Decimal | None, status: str) -> None:
        self.indicator = indicator
        self.period = period
        self.value = value
        self.target = target
        self.status = status

    @property
    def status_label(self) -> str:
        return status_label(self.status)


def indicator_row(report: Report, indicator: Indicator) -> IndicatorRow | None:
    """The indicator's standing in the report's period, from its prefetched values (no
    query); None when it is measured per a kind the period does not cover."""
    periods = rules.scorecard_periods(report.kind, report.year, report.number,
                                      indicator.period_kind)
    values = {m.period: m.value for m in getattr(indicator, "current_values", [])}
    targets = [(t.from_period, t.value) for t in getattr(indicator, "target_list", [])]
    period = rules.latest_in(periods, values) or periods[-1]
    value = values.get(period)
    target = scorecard_rules.target_for(period, targets)
    return IndicatorRow(indicator, period, value, target,
                        scorecard_rules.status(value, target, indicator.direction,
                                               indicator.tolerance))


def _period(kind: str, year: int, number: int) -> None:
    try:
        rules.check_period(kind, year, number)
    except rules.PeriodProblem as exc:
        messages = {"kind": _("Choose a quarter, a half-year or a year."),
                    "year": _("Give a year between 2000 and 2100."),
                    "number": _("A quarter is 1 to 4, a half-year 1 or 2, a year 1.")}
        field = {"kind": "kind", "year": "year"}.get(str(exc), "number")
        raise DomainError(messages[str(exc)], field=field) from exc


@transaction.atomic
def report_open(*, actor: Person, alliance: Alliance, kind: str, year: int,
                number: int) -> tuple[Report, bool]:
    """Open the alliance's report for a period that has begun, with a section for every active
    partner prefilled with its open actions, bottlenecks and indicator values of the period.
    Opening a period that has a report already returns that report (and False). Journaled as
    ReportOpened."""
    alliance_lock(alliance.pk, actor=actor)
    _require(actor, "alliance.run_report", alliance, alliance.pk)
    _period(kind, year, number)
    existing = Report.objects.filter(alliance=alliance, kind=kind, year=year,
                                     number=number).first()
    if existing is not None:
        return existing, False
    if not rules.has_started(kind, year, number, timezone.localdate()):
        raise DomainError(_("A report is opened once its period has begun."), field="number")
    try:
        with transaction.atomic():
            report = Report.objects.create(alliance=alliance, kind=kind, year=year,
                                           number=number, opened_by=actor)
    except IntegrityError:  # the unique constraint, on SQLite without row locks
        return Report.objects.get(alliance=alliance, kind=kind, year=year, number=number), False
    partners = active_partners(alliance.pk)
    texts = prefills(report, partners)
    now = timezone.now()
    Section.objects.bulk_create([Section(report=report, partner=p, prefilled_at=now,
                                         version=1, **texts[p.pk]) for p in partners])
    journal_append(alliance=alliance, actor=actor, kind="ReportOpened", subject=report,
                   payload={"report": report.label, "kind": kind, "year": year,
                            "number": number, "partners": len(partners)})
    return report, True


def _locked_report(actor: Person, report: Report) -> Report:
    alliance_lock(report.alliance_id, actor=actor)
    return (Report.objects.select_for_update(of=("self",), no_key=True)
            .select_related("alliance").get(pk=report.pk))


def _open(report: Report) -> None:
    if report.approved:
        raise Conflict(_("The report is approved: it no longer changes."), code="approved")


def _text(value: str, field: str) -> str:
    text = value.replace("\r\n", "\n").strip()
    if len(text) > rules.TEXT_MAX:
        raise DomainError(_("Keep each part under 20,000 characters."), field=field)
    return text


def _section(report: Report, partner: Partner) -> Section:
    """The partner's section, made (prefilled) now for a partner that joined after the report
    was opened."""
    section = (Section.objects.select_for_update(of=("self",), no_key=True)
               .filter(report=report, partner=partner).first())
    if section is None:
        if partner.alliance_id != report.alliance_id or partner.status != PartnerStatus.ACTIVE:
            raise DomainError(_("Only an active partner of the alliance writes a section."),
                              field="partner")
        section = Section.objects.create(report=report, partner=partner,
                                         prefilled_at=timezone.now(),
                                         **prefills(report, [partner])[partner.pk])
    return section


@transaction.atomic
def section_update(*, actor: Person, report: Report, partner: Partner, expected_version: int,
                   progress: str, bottlenecks: str, coordination: str, news: str) -> Section:
    """Write the actor's own partner's section, as read at ``expected_version`` (a change made
    in between is refused, 409, never overwritten). A submitted section no longer changes.
    Journaled as ReportSectionDrafted (the text stays out of the journal)."""
    report = _locked_report(actor, report)
    _require(actor, "partner.write_section", partner, report.alliance_id)
    _open(report)
    section = _section(report, partner)
    if section.submitted:
        raise Conflict(_("This section is submitted: it no longer changes."), code="submitted")
    if section.version != expected_version:
        raise Conflict(_("The section changed since you read it. Read it again and make your "
                         "change there."), code="stale")
    texts = {"progress": _text(progress, "progress"),
             "bottlenecks": _text(bottlenecks, "bottlenecks"),
             "coordination": _text(coordination, "coordination"), "news": _text(news, "news")}
    for name, value in texts.items():
        setattr(section, name, value)
    section.version += 1
    section.updated_by = actor
    section.updated_at = timezone.now()
    section.save(update_fields=[*texts, "version", "updated_by", "updated_at"])
    journal_append(alliance=report.alliance, actor=actor, kind="ReportSectionDrafted",
                   subject=section, payload={"report": report.label,
                                             "partner": str(partner.organisation),
                                             "version": section.version})
    return section


@transaction.atomic
def section_submit(*, actor: Person, report: Report, partner: Partner,
                   expected_version: int | None = None) -> Section:
    """Submit the actor's own partner's section as read (``expected_version``, when given): from
    now on every partner reads it and it no longer changes. Submitting again returns it
    unchanged. Journaled as ReportSectionSubmitted (a commitment)."""
    report = _locked_report(actor, report)
    _require(actor, "partner.write_section", partner, report.alliance_id)
    section = _section(report, partner)
    if section.submitted:
        return section
    _open(report)
    if expected_version is not None and section.version != expected_version:
        raise Conflict(_("The section changed since you read it. Read it again before you "
                         "submit it."), code="stale")
    if not any(getattr(section, name).strip() for name in rules.SECTION_FIELDS):
        raise DomainError(_("Write the section before you submit it."), field="progress")
    section.submitted_by = actor
    section.submitted_at = timezone.now()
    section.save(update_fields=["submitted_by", "submitted_at"])
    submitted = Section.objects.filter(report=report, submitted_at__isnull=False).count()
    journal_append(alliance=report.alliance, actor=actor, kind="ReportSectionSubmitted",
                   subject=section, payload={"report": report.label,
                                             "partner": str(partner.organisation),
                                             "version": section.version,
                                             "submitted": submitted})
    return section


@transaction.atomic
def section_withdraw(*, actor: Person, report: Report, partner: Partner,
                     expected_version: int) -> Section:
    """Take back the actor's own partner's submitted section, as read at ``expected_version``,
    while the report is not approved: it is a draft again (read by the partner's own people
    only) and the partner is missing until it submits again. A draft is returned unchanged, so
    a repeated withdrawal changes nothing. Journaled as ReportSectionWithdrawn (a commitment
    taken back)."""
    report = _locked_report(actor, report)
    _require(actor, "partner.write_section", partner, report.alliance_id)
    _open(report)
    section = (Section.objects.select_for_update(of=("self",), no_key=True)
               .filter(report=report, partner=partner).first())
    if section is None:
        raise Conflict(_("This section is not submitted: there is nothing to withdraw."),
                       code="not_submitted")
    if not section.submitted:
        return section
    if section.version != expected_version:
        raise Conflict(_("The section changed since you read it. Read it again before you "
                         "withdraw it."), code="stale")
    section.submitted_by = None
    section.submitted_at = None
    # A new version: a withdrawal read before a later submit-and-withdraw is refused as stale.
    section.version += 1
    section.updated_by = actor
    section.updated_at = timezone.now()
    section.save(update_fields=["submitted_by", "submitted_at", "version", "updated_by",
                                "updated_at"])
    submitted = Section.objects.filter(report=report, submitted_at__isnull=False).count()
    journal_append(alliance=report.alliance, actor=actor, kind="ReportSectionWithdrawn",
                   subject=section, payload={"report": report.label,
                                             "partner": str(partner.organisation),
                                             "version": section.version,
                                             "submitted": submitted})
    return section


@transaction.atomic
def report_overall_write(*, actor: Person, report: Report, expected_version: int,
                         text: str) -> Report:
    """Write the overall part of the report, as read at ``expected_version`` (409 when it
    changed in between). Journaled as ReportOverallWritten."""
    report = _locked_report(actor, report)
    _require(actor, "alliance.run_report", report.alliance, report.alliance_id)
    _open(report)
    if report.version != expected_version:
        raise Conflict(_("The overall part changed since you read it. Read it again and make "
                         "your change there."), code="stale")
    report.overall = _text(text, "overall")
    report.version += 1
    report.overall_by = actor
    report.overall_at = timezone.now()
    report.save(update_fields=["overall", "version", "overall_by", "overall_at"])
    journal_append(alliance=report.alliance, actor=actor, kind="ReportOverallWritten",
                   subject=report, payload={"report": report.label, "version": report.version})
    return report


def missing_partners(report: Report) -> list[Partner]:
    """The active partners whose section is not submitted."""
    partners = active_partners(report.alliance_id)
    submitted = set(Section.objects.filter(report=report, submitted_at__isnull=False)
                    .values_list("partner_id", flat=True))
    ids = rules.missing([p.pk for p in partners], submitted)
    return [p for p in partners if p.pk in ids]


@transaction.atomic
def report_remind(*, actor: Person, report: Report) -> list[Partner]:
    """Remind every active partner that has not submitted its section, through its steering
    people's notifications: at most once per partner and day (pressing twice reminds no one
    again). Returns the partners reminded now. Journaled as ReportRemindersSent when any
    was."""
    report = _locked_report(actor, report)
    _require(actor, "alliance.run_report", report.alliance, report.alliance_id)
    _open(report)
    today = timezone.localdate()
    reminded_today = set(Reminder.objects.filter(report=report, sent_on=today)
                         .values_list("partner_id", flat=True))
    due = [p for p in missing_partners(report) if rules.may_remind(reminded_today, p.pk)]
    if not due:
        return []
    Reminder.objects.bulk_create([Reminder(report=report, partner=p, sent_on=today,
                                           sent_by=actor) for p in due])
    people = policy.section_writers(report.alliance_id, [p.pk for p in due])
    url = reverse("report_detail", kwargs={"pk": report.alliance_id, "report_pk": report.pk})
    for partner in due:
        notify(people=people.get(partner.pk, []), alliance=report.alliance,
               kind=NotificationKind.REPORT_SECTION_DUE,
               key=f"report-section-due:{report.pk}:{partner.pk}:{today.isoformat()}",
               params={"report": report.label, "partner": str(partner.organisation)},
               url=reverse("report_section_edit", kwargs={
                   "pk": report.alliance_id, "report_pk": report.pk,
                   "partner_pk": partner.pk}) if people.get(partner.pk) else url)
    journal_append(alliance=report.alliance, actor=actor, kind="ReportRemindersSent",
                   subject=report, payload={"report": report.label,
                                            "partners": [str(p.organisation) for p in due]})
    return due


@transaction.atomic
def report_approve(*, actor: Person, report: Report) -> Report:
    """The board approves the report (a board member of any partner, or the key alliance
    manager) once every active partner submitted its section and the overall part is written;
    from then on nothing in it changes. Approving an approved report returns it unchanged.
    Journaled as ReportApproved (a commitment)."""
    report = _locked_report(actor, report)
    _require(actor, "alliance.approve_report", report.alliance, report.alliance_id)
    if report.approved:
        return report
    missing = missing_partners(report)
    problem = rules.approval_problem(approved=False, missing_partners=[p.pk for p in missing],
                                     overall_written=bool(report.overall.strip()))
    if problem == "missing":
        raise Conflict(_("Not every partner has submitted its section yet: %(partners)s.")
                       % {"partners": ", ".join(str(p.organisation) for p in missing)},
                       code="missing")
    if problem == "overall":
        raise Conflict(_("The overall part is not written yet."), code="overall")
    report.approved_by = actor
    report.approved_at = timezone.now()
    report.save(update_fields=["approved_by", "approved_at"])
    sections = Section.objects.filter(report=report, submitted_at__isnull=False).count()
    journal_append(alliance=report.alliance, actor=actor, kind="ReportApproved",
                   subject=report, payload={"report": report.label, "sections": sections,
                                            "overall_version": report.version})
    # From now on its words no longer change: its PDF is laid out ahead of time (reports.pdf).
    transaction.on_commit(partial(_prepare_pdf, report.pk))
    return report


def _prepare_pdf(report_id: int) -> None:
    from .pdf import ask_preparation  # noqa: PLC0415 — reports.pdf reads through the selectors, which use this module

    ask_preparation(report_id)
