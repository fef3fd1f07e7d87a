"""The demo alliance's design: profile, interests, resistance, an endorsed objective and values.

Idempotent: does nothing for parts that exist already.
"""

from django.db import transaction

from concordia.accounts.models import Person
from concordia.alliances.models import Alliance, Partner
from concordia.design import services
from concordia.design.choices import StatementKind
from concordia.design.models import AllianceProfile, StatementVersion

from .services import demo_email

OBJECTIVE_V1 = ("Employers report wages once; the three partners each use the data for their own "
                "tasks.")
OBJECTIVE = {
    "vision": "One chain of wage and employment data that employers, citizens and government "
              "can rely on.",
    "mission": "Together we collect wage data once, check it once and make it available to "
               "every lawful user, so that employers are asked nothing twice.",
    "text": "Every month, correct wage data of all employees is available to the tax authority, "
            "the social security agency and the statistics office within the agreed time, with "
            "fewer questions to employers each year.",
}
VALUES = "\n".join([
    "We put the chain before our own organisation.",
    "We share bad news early.",
    "We solve problems horizontally before we escalate.",
    "We keep our agreements, or say in time that we cannot.",
    "We use one definition for one term.",
    "We decide nothing about a partner without that partner.",
    "We share costs and benefits openly.",
    "We know the links before and after our own.",
    "We learn from mistakes without blaming.",
    "We celebrate results together.",
])
INTERESTS = {
    "Tax Authority": ("Complete and timely wage tax and contributions.",
                      "Runs the intake of the wage returns for the whole chain."),
    "Social Security Agency": ("Correct benefits based on actual wages.",
                               "Maintains the employment relationships in the chain."),
    "Statistics Office": ("Reliable labour statistics without an extra survey.",
                          "Checks the quality of the data and reports on it."),
}


def _person(local: str) -> Person:
    return Person.objects.get(email=demo_email(local))


@transaction.atomic
def demo_design(alliance: Alliance) -> None:
    kim = _person("kim")
    if not AllianceProfile.objects.filter(alliance=alliance).exists():
        services.profile_update(
            actor=kim, alliance=alliance, expected_version=0,
            rationales=["burden_reduction", "error_reduction", "efficiency"],
            origin="imposed", joint_activities=6, centralisation="high",
            joint_work_weight="high")
        partners = {p.organisation.name: p for p in
                    Partner.objects.filter(alliance=alliance).select_related("organisation")}
        for name, (own, shared) in INTERESTS.items():
            services.partner_interest_set(actor=kim, alliance=alliance, partner=partners[name],
                                          own_interest=own, shared_interest=shared)
        services.resistance_set(
            actor=kim, alliance=alliance, partner=partners["Social Security Agency"],
            source="autonomy_loss", note="Fear of depending on the tax authority's intake.",
            mitigation="Joint ownership of the data model; the agency chairs the tactical table "
                       "in turn.")
        services.resistance_set(
            actor=kim, alliance=alliance, partner=partners["Statistics Office"],
            source="uneven_costs_benefits", note="Carries costs for quality checks.",
            mitigation="Pragmatic deals on common items; costs visible in the annual plan.")
    if not StatementVersion.objects.filter(alliance=alliance,
                                           kind=StatementKind.OBJECTIVE).exists():
        services.statement_draft(actor=kim, alliance=alliance, kind=StatementKind.OBJECTIVE,
                                 text=OBJECTIVE_V1)
        services.statement_endorse(actor=_person("anna"), version=services.current_version(
            alliance, StatementKind.OBJECTIVE))
        version = services.statement_draft(actor=kim, alliance=alliance,
                                           kind=StatementKind.OBJECTIVE, **OBJECTIVE)
        for board_member in ("anna", "henk", "pieter"):
            services.statement_endorse(actor=_person(board_member), version=version)
    if not StatementVersion.objects.filter(alliance=alliance, kind=StatementKind.VALUES).exists():
        values = services.statement_draft(actor=kim, alliance=alliance,
                                          kind=StatementKind.VALUES, text=VALUES)
        for board_member in ("anna", "henk"):
            services.statement_endorse(actor=_person(board_member), version=values)
