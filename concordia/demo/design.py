"""The demo alliance's design: profile, interests, resistance, an endorsed objective and values.

Idempotent: does nothing for parts that exist already.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _

from concordia.accounts.models import Person
from concordia.alliances.models import Alliance, Document
from concordia.alliances.services import document_add
from concordia.design import services
from concordia.design.choices import RemarkKind, StatementKind
from concordia.design.models import AllianceProfile, GlossaryTerm, StageAssessment, StatementVersion

from .services import demo_email, demo_partners

OBJECTIVE_V1 = _("Employers report wages once; the three partners each use the data for their "
                  "own tasks.")
OBJECTIVE = {
    "vision": _("One chain of wage and employment data that employers, citizens and "
                "government can rely on."),
    "mission": _("Together we collect wage data once, check it once and make it available to "
                 "every lawful user, so that employers are asked nothing twice."),
    "text": _("Every month, correct wage data of all employees is available to the tax "
              "authority, the social security agency and the statistics office within the "
              "agreed time, with fewer questions to employers each year."),
}
# Version 3 is proposed while version 2 stays in force: the Tax Authority endorsed it, the
# Statistics Office objects and the Social Security Agency comments.
OBJECTIVE_V3 = _("Every month, correct wage data of all employees is available to the tax "
                 "authority, the social security agency and the statistics office within five "
                 "working days, with ten percent fewer questions to employers each year.")
OBJECTION_V3 = _("Five working days is too tight for our quarterly checks; we propose ten "
                 "until the new intake is in place.")
COMMENT_V3 = _("We support the target; please state how the ten percent is measured.")
VALUES = [
    _("We put the chain before our own organisation."),
    _("We share bad news early."),
    _("We solve problems horizontally before we escalate."),
    _("We keep our agreements, or say in time that we cannot."),
    _("We use one definition for one term."),
    _("We decide nothing about a partner without that partner."),
    _("We share costs and benefits openly."),
    _("We know the links before and after our own."),
    _("We learn from mistakes without blaming."),
    _("We celebrate results together."),
]
INTERESTS = {
    "Tax Authority": (_("Complete and timely wage tax and contributions."),
                      _("Runs the intake of the wage returns for the whole chain.")),
    "Social Security Agency": (_("Correct benefits based on actual wages."),
                               _("Maintains the employment relationships in the chain.")),
    "Statistics Office": (_("Reliable labour statistics without an extra survey."),
                          _("Checks the quality of the data and reports on it.")),
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
        partners = demo_partners(alliance)
        for name, (own, shared) in INTERESTS.items():
            services.partner_interest_set(actor=kim, alliance=alliance, partner=partners[name],
                                          own_interest=gettext(own),
                                          shared_interest=gettext(shared))
        services.resistance_set(
            actor=kim, alliance=alliance, partner=partners["Social Security Agency"],
            source="autonomy_loss",
            note=gettext("Fear of depending on the tax authority's intake."),
            mitigation=gettext("Joint ownership of the data model; the agency chairs the "
                               "tactical table in turn."))
        services.resistance_set(
            actor=kim, alliance=alliance, partner=partners["Statistics Office"],
            source="uneven_costs_benefits",
            note=gettext("Carries costs for quality checks."),
            mitigation=gettext("Pragmatic deals on common items; costs visible in the annual "
                               "plan."))
    if not StatementVersion.objects.filter(alliance=alliance,
                                           kind=StatementKind.OBJECTIVE).exists():
        first = services.statement_draft(actor=kim, alliance=alliance,
                                         kind=StatementKind.OBJECTIVE,
                                         text=gettext(OBJECTIVE_V1))
        services.statement_endorse(actor=_person("anna"), version=first)
        version = services.statement_draft(
            actor=kim, alliance=alliance, kind=StatementKind.OBJECTIVE,
            text=gettext(OBJECTIVE["text"]),
            vision=gettext(OBJECTIVE["vision"]), mission=gettext(OBJECTIVE["mission"]))
        for board_member in ("anna", "henk", "pieter"):
            services.statement_endorse(actor=_person(board_member), version=version)
        proposal = services.statement_draft(
            actor=kim, alliance=alliance, kind=StatementKind.OBJECTIVE,
            text=gettext(OBJECTIVE_V3), vision=gettext(OBJECTIVE["vision"]),
            mission=gettext(OBJECTIVE["mission"]))
        services.statement_endorse(actor=_person("anna"), version=proposal)
        services.statement_remark(actor=_person("pieter"), version=proposal,
                                  kind=RemarkKind.OBJECTION, text=gettext(OBJECTION_V3))
        services.statement_remark(actor=_person("henk"), version=proposal,
                                  kind=RemarkKind.COMMENT, text=gettext(COMMENT_V3))
    if not StatementVersion.objects.filter(alliance=alliance, kind=StatementKind.VALUES).exists():
        values = services.statement_draft(actor=kim, alliance=alliance,
                                          kind=StatementKind.VALUES,
                                          text="\n".join(gettext(v) for v in VALUES))
        for board_member in ("anna", "henk", "pieter"):
            services.statement_endorse(actor=_person(board_member), version=values)


# (date, answers per question: 1 opportunistic, 2 procedural, 3 cultural, note)
STAGE_HISTORY = [
    ("2006-03-01", dict.fromkeys(["leadership", "room", "trust", "dialogue", "structure",
                                   "results", "knowledge", "objective"], 1),
     _("Go-live year: much depends on a few people.")),
    ("2008-03-01", {"leadership": 2, "room": 1, "trust": 2, "dialogue": 2, "structure": 2,
                    "results": 2, "knowledge": 1, "objective": 2},
     _("After the 2007 problem analysis: board, tactical table and reporting in place.")),
    ("2012-03-01", {"leadership": 2, "room": 2, "trust": 2, "dialogue": 2, "structure": 3,
                    "results": 2, "knowledge": 2, "objective": 2}, _("A stable chain.")),
    ("2017-03-01", {"leadership": 3, "room": 2, "trust": 3, "dialogue": 3, "structure": 3,
                    "results": 3, "knowledge": 2, "objective": 3},
     _("Year of the international alliance award.")),
]
# A recent round: people of every partner rate the stage for their own partner. They mostly
# agree (procedural to cultural) but not everywhere: the social security agency sees the
# relational dimension a stage lower, the software companies the content dimension.
CULTURAL_ANSWERS = {"leadership": 3, "room": 2, "trust": 3, "dialogue": 3, "structure": 3,
                    "results": 3, "knowledge": 2, "objective": 3}
STAGE_ROUND: list[tuple[str, int, dict[str, int], str]] = [
    ("kim", 40, CULTURAL_ANSWERS, _("Before the spring conference.")),
    ("anna", 38, {**CULTURAL_ANSWERS, "room": 3}, ""),
    ("sara", 35, {**CULTURAL_ANSWERS, "knowledge": 3}, ""),
    ("mila", 39, {**CULTURAL_ANSWERS, "trust": 2, "dialogue": 2},
     _("Bad news still reaches us late from the tax side.")),
    ("henk", 37, {**CULTURAL_ANSWERS, "trust": 2, "dialogue": 2}, ""),
    ("daan", 33, {**CULTURAL_ANSWERS, "dialogue": 1}, ""),
    ("noor", 36, CULTURAL_ANSWERS, ""),
    ("pieter", 34, {**CULTURAL_ANSWERS, "leadership": 2}, ""),
    ("bram", 30, {**CULTURAL_ANSWERS, "knowledge": 1, "objective": 2},
     _("We learn about changes to the wage return late.")),
    ("joost", 29, {**CULTURAL_ANSWERS, "knowledge": 2, "objective": 2}, ""),
    ("fleur", 28, CULTURAL_ANSWERS, ""),
]
GLOSSARY = {
    _("wage"): {
        "Tax Authority": _("Everything an employee receives for work that is taxed, including "
                           "benefits in kind."),
        "Social Security Agency": _("The pay that counts for insured benefits, up to the "
                                    "maximum daily wage."),
        "Statistics Office": _("Gross pay for the period, before any deduction, per job."),
        "_agreed": _("The gross pay per job per period as reported on the wage return; each "
                     "partner derives its own concepts from it."),
    },
    _("employee"): {
        "Tax Authority": _("Anyone the employer withholds wage tax for."),
        "Social Security Agency": _("Anyone insured under the employee insurance acts."),
    },
}


@transaction.atomic
def demo_stage_and_glossary(alliance: Alliance) -> None:
    kim = _person("kim")
    if not StageAssessment.objects.filter(alliance=alliance).exists():
        for day, answers, note in STAGE_HISTORY:
            services.stage_assess(actor=kim, alliance=alliance,
                                  assessed_on=dt.date.fromisoformat(day), answers=answers,
                                  note=gettext(note))
    recent = timezone.localdate() - dt.timedelta(days=365)
    if not StageAssessment.objects.filter(alliance=alliance, assessed_on__gte=recent).exists():
        for local, days_ago, answers, note in STAGE_ROUND:
            services.stage_assess(
                actor=_person(local), alliance=alliance, answers=answers,
                note=gettext(note) if note else "",
                assessed_on=timezone.localdate() - dt.timedelta(days=days_ago))
    if not GlossaryTerm.objects.filter(alliance=alliance).exists():
        speakers = {"Tax Authority": "kim", "Social Security Agency": "mila",
                    "Statistics Office": "noor"}
        for word, definitions in GLOSSARY.items():
            term = services.glossary_term_add(actor=kim, alliance=alliance,
                                              term=gettext(word))
            for partner_name, text in definitions.items():
                if partner_name != "_agreed":
                    services.partner_definition_set(actor=_person(speakers[partner_name]),
                                                    term=term, definition=gettext(text))
            if "_agreed" in definitions:
                # Proposed by the key alliance manager, agreed once every partner endorsed it.
                proposal = services.glossary_definition_propose(
                    actor=kim, term=term, definition=gettext(definitions["_agreed"]))
                for board_member in ("anna", "henk", "pieter"):
                    services.statement_endorse(actor=_person(board_member), version=proposal)


DOCUMENTS = [
    (_("Annual report of the chain"), "public", _("Results of the year for everyone: data "
     "quality, timeliness, questions to employers.")),
    (_("Covenant between the partners"), "alliance", _("What the directors committed to.")),
    (_("Internal cost overview"), "partner", _("The tax authority's own view of its costs.")),
]


@transaction.atomic
def demo_documents(alliance: Alliance) -> None:
    """A few documents of every visibility, one of them on the alliance's public page."""
    if Document.objects.filter(alliance=alliance).exists():
        return
    kim = _person("kim")
    for title, visibility, summary in DOCUMENTS:
        document_add(actor=kim, alliance=alliance, title=gettext(title), summary=gettext(summary),
                     visibility=visibility)
