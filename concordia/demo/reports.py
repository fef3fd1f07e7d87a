"""The demo alliance's periodic reports (building block 8): the last four quarterly reports.

- The three earlier quarters are approved: every partner submitted its section (prefilled with
  its open actions, bottlenecks and indicator values, and its own words added), the key
  alliance manager wrote the overall part, and a board member approved it.
- Last quarter's report is open: every partner has submitted except one ecosystem partner
  (the pension provider), which was reminded; the overall part is not written yet.

Through the services (so the journal holds them); texts in the language active while the demo
loads. Idempotent: an alliance that has reports is left as it is.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _

from concordia.access import policy
from concordia.accounts.models import Person
from concordia.alliances.choices import Role
from concordia.alliances.models import Alliance, Membership, Partner
from concordia.reports import services
from concordia.reports.models import Report, Section

from .services import demo_partners

MISSING = "Pension Provider"  # the partner still missing in the open report
PROGRESS = _("Our part of the chain ran as planned this quarter.")
COORDINATION = [
    _("We aligned the release calendar with the tactical table."),
    _("We agreed the data definitions with the working group on data quality."),
    _("We shared our test environment with the software vendors."),
]
NEWS = [
    _("Good news: the rejected returns fell for the third quarter in a row."),
    _("Bad news: the new payroll taxonomy arrives two months late."),
    _("We hired two analysts for the chain report."),
    _("Nothing the others need to hear this quarter."),
]
OVERALL = _("A quarter of steady progress: the chain delivered on time, the bottlenecks on the "
            "board's agenda are being handled, and every partner reported.")


def _quarters_back(count: int) -> list[tuple[int, int]]:
    today = timezone.localdate()
    index = today.year * 4 + (today.month - 1) // 3
    return [((index - back) // 4, (index - back) % 4 + 1) for back in range(count, 0, -1)]


def _submit(report: Report, partner: Partner, writer: Person, n: int) -> None:
    section = Section.objects.get(report=report, partner=partner)
    services.section_update(
        actor=writer, report=report, partner=partner, expected_version=section.version,
        progress="\n\n".join(p for p in (section.progress, gettext(PROGRESS)) if p),
        bottlenecks=section.bottlenecks,
        coordination=gettext(COORDINATION[n % len(COORDINATION)]),
        news=gettext(NEWS[n % len(NEWS)]))
    services.section_submit(actor=writer, report=report, partner=partner)


@transaction.atomic
def demo_reports(alliance: Alliance) -> None:
    if Report.objects.filter(alliance=alliance).exists():
        return
    kim = Person.objects.filter(memberships__alliance=alliance,
                                memberships__role=Role.KEY_ALLIANCE_MANAGER).first()
    board = (Membership.objects.filter(policy.live_membership_q(), alliance=alliance,
                                       role=Role.BOARD_MEMBER)
             .select_related("person").order_by("pk").first())
    if kim is None:
        return
    missing = demo_partners(alliance).get(MISSING)
    quarters = _quarters_back(4)
    for number, (year, quarter) in enumerate(quarters):
        latest = number == len(quarters) - 1
        report, _created = services.report_open(actor=kim, alliance=alliance, kind="quarter",
                                                 year=year, number=quarter)
        sections = list(Section.objects.filter(report=report).select_related("partner")
                        .order_by("partner__organisation__name", "pk"))
        writers = policy.section_writers(alliance.pk, [s.partner_id for s in sections])
        for n, section in enumerate(sections):
            if latest and missing is not None and section.partner_id == missing.pk:
                continue
            people = writers.get(section.partner_id)
            if people:
                _submit(report, section.partner, people[0], n + number)
        if latest:
            services.report_remind(actor=kim, report=report)
            continue
        report = services.report_overall_write(actor=kim, report=report,
                                               expected_version=report.version,
                                               text=gettext(OVERALL))
        services.report_approve(actor=board.person if board else kim, report=report)
