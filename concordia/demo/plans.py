"""The demo alliance's annual plan for this year (building block 16), in force.

- Two objectives derived from the objective in force: payroll data right the first time, and
  alliance players who know each other's work; four activities (the joint helpdesk, feedback
  to software vendors, a learning circle on data quality, the chain conference), each with its
  owner, period and building block.
- Every partner's coordinator wrote its deployment per level and confirmed it; the key
  alliance manager proposed the plan to the board, whose members voted for it in a written
  procedure, and the secretary closed it: version 1 is in force.
- Actuals so far from the Tax Authority, the Social Security Agency and the Statistics Office.

Through the services (so the journal holds them); texts in the language active while the demo
loads. Idempotent: an alliance that has a plan for this year is left as it is. Needs the
objective of ``demo_design`` and the board of ``demo_meetings``.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _

from concordia.access import policy
from concordia.accounts.models import Person
from concordia.alliances.models import Alliance
from concordia.decisions import services as decision_services
from concordia.decisions.choices import Choice, DecisionStatus
from concordia.decisions.models import Decision
from concordia.plans import services
from concordia.plans.models import AnnualPlan
from concordia.plans.services import EffortInput

from .services import demo_partners

TAX, SSA, STAT = "Tax Authority", "Social Security Agency", "Statistics Office"
SOFT = "Payroll Software Vendors' Association"
ADMIN = "Payroll Administrators' Association"
PENSION = "Pension Provider"

# (objective, [(activity, owner partner, owner person, from (month, day), to, block)])
type Activity = tuple[str, str, str | None, tuple[int, int], tuple[int, int], str]
PLAN: list[tuple[str, list[Activity]]] = [
    (_("Payroll data right the first time"), [
        (_("Joint helpdesk for payroll administrators"), TAX, "lisa", (1, 1), (12, 31),
         "information_infrastructure"),
        (_("Quarterly feedback on data quality to software vendors"), STAT, None, (2, 1),
         (11, 30), "reporting"),
    ]),
    (_("Alliance players who know each other's work"), [
        (_("Learning circle on data quality"), SSA, "mila", (3, 1), (10, 31),
         "learning_circle"),
        (_("Chain conference"), TAX, "kim", (10, 1), (10, 3), "conference"),
    ]),
]

# activity index → partner → level → (people, hours, FTE hundredths, cents, description)
DEPLOYMENT: dict[int, dict[str, dict[str, tuple[int, int, int, int, str]]]] = {
    0: {TAX: {"tactical": (1, 400, 0, 0, _("Lead of the helpdesk")),
              "operational": (4, 0, 300, 60_000_00, _("Helpdesk staff and telephony"))},
        SSA: {"operational": (2, 0, 150, 0, _("Benefits specialists on the helpdesk"))},
        ADMIN: {"operational": (1, 200, 0, 0, _("Questions gathered from the members"))}},
    1: {STAT: {"operational": (2, 0, 80, 10_000_00, _("Analysts preparing the feedback"))},
        SOFT: {"operational": (1, 120, 0, 0, _("Passing the feedback to the vendors"))}},
    2: {SSA: {"tactical": (1, 80, 0, 0, _("Organising the sessions"))},
        PENSION: {"operational": (1, 40, 0, 0, _("A pension data expert in the circle"))},
        STAT: {"operational": (1, 40, 0, 0, _("A methodologist in the circle"))}},
    3: {TAX: {"strategic": (2, 16, 0, 15_000_00, _("Directors opening the conference"))},
        SSA: {"strategic": (1, 8, 0, 5_000_00, _("A director on the panel"))}},
}

# (activity index, partner, people, hours, FTE hundredths, cents, progress)
ACTUALS = [
    (0, TAX, 4, 350, 290, 27_500_00, 50),
    (0, SSA, 2, 0, 140, 0, 45),
    (1, STAT, 2, 0, 70, 3_800_00, 40),
    (2, SSA, 1, 30, 0, 0, 30),
]


def _person(alliance: Alliance, local: str) -> Person:
    return Person.objects.get(email__startswith=f"{local}@", memberships__alliance=alliance,
                              memberships__revoked_at__isnull=True)


def _adopt_by_the_board(alliance: Alliance, decision: Decision) -> None:
    """The board's members vote for the plan; its secretary closes the written procedure once
    every partner has voted."""
    for voter in ("anna", "henk", "pieter"):
        decision_services.vote_cast(actor=_person(alliance, voter), decision=decision,
                                    choice=Choice.FOR)
    decision.refresh_from_db()
    if decision.status == DecisionStatus.OPEN and decision_services.all_voted(decision):
        decision_services.decision_close(actor=_person(alliance, "tom"), decision=decision,
                                         expected_version=decision.version)


@transaction.atomic
def demo_plans(alliance: Alliance) -> None:
    year = timezone.localdate().year
    if AnnualPlan.objects.filter(alliance=alliance, year=year).exists():
        return
    if services.objective_in_force(alliance.pk) is None:
        return
    partners = demo_partners(alliance)
    kim = _person(alliance, "kim")
    version = services.plan_start(actor=kim, alliance=alliance, year=year)
    activities = []
    for objective_title, items in PLAN:
        objective = services.objective_add(actor=kim, version=version,
                                           title=gettext(objective_title))
        for title, owner, owner_person, start, end, block in items:
            activities.append(services.activity_add(
                actor=kim, objective=objective, title=gettext(title),
                starts_on=dt.date(year, *start), ends_on=dt.date(year, *end), block=block,
                owner_partner=partners[owner],
                owner_person=_person(alliance, owner_person) if owner_person else None))
    steering: dict[str, Person] = {}
    for name, partner in partners.items():
        person = next((p for p in Person.objects.filter(
            memberships__partner=partner, memberships__revoked_at__isnull=True).distinct()
            if policy.can(p, "partner.confirm_deployment", partner)), None)
        if person is not None:
            steering[name] = person
    for index, per_partner in DEPLOYMENT.items():
        for name, levels in per_partner.items():
            services.deployment_set(
                actor=steering[name], activity=activities[index], partner=partners[name],
                levels={level: EffortInput(people, hours, fte, cents, gettext(text))
                        for level, (people, hours, fte, cents, text) in levels.items()})
    for name, steerer in steering.items():
        services.deployment_confirm(actor=steerer, version=version, partner=partners[name])
    version = services.plan_propose(actor=kim, version=version,
                                    deadline=timezone.now() + dt.timedelta(days=14))
    if version.decision is not None:
        _adopt_by_the_board(alliance, version.decision)
    for index, name, people, hours, fte, cents, progress in ACTUALS:
        services.actual_record(actor=steering[name], plan=version.plan,
                               activity_key=activities[index].key, partner=partners[name],
                               effort=EffortInput(people, hours, fte, cents), progress=progress)
