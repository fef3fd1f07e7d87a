"""The demo alliance's agreements register, through the services.

- The **covenant** the directors committed to: all six partners, signed by each (the owners'
  board members, the ecosystem partners' coordinators), with the covenant document attached;
  due for review within the month.
- Two **service-level agreements**: the delivery of payroll returns to the chain, whose
  version 2 (delivery within three working days) waits for the Statistics Office's signature
  while version 1 stays in force; and the feedback on data quality to the payroll software
  vendors, in force.
- The **responsibility matrix** of the chain links of wage and employment data (collect payroll
  returns, validate, maintain employment relationships, distribute to benefits, publish
  statistics, report on data quality), in force, related to the tactical table.

Idempotent: an agreement that exists (by title) is left as it is. Dates are relative to the day
the demo is loaded.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _

from concordia.accounts.models import Person
from concordia.agreements import services
from concordia.agreements.choices import AgreementKind
from concordia.agreements.models import Agreement
from concordia.agreements.rules import MatrixRowIn
from concordia.alliances.models import Alliance, Document
from concordia.bodies.models import Body

from .services import demo_organisation_key, demo_partners

TAX, SSA, STAT = "Tax Authority", "Social Security Agency", "Statistics Office"
SOFT = "Payroll Software Vendors' Association"
ADMIN, PENSION = "Payroll Administrators' Association", "Pension Provider"

# Who signs for each partner in the demo (e-mail local parts).
SIGNERS = {TAX: "anna", SSA: "henk", STAT: "pieter", SOFT: "bram", ADMIN: "joost",
           PENSION: "fleur"}
# Tactical agreements are signed by the coordinators (the key alliance manager for the owner).
TACTICAL_SIGNERS = {TAX: "kim", SSA: "mila", STAT: "noor", SOFT: "bram"}

COVENANT = _("Covenant for data and tax on wages")
COVENANT_TEXT = _("""\
1. The partners collect wage and employment data once, at the source, and each uses it for its
   own lawful task.
2. No partner changes its part of the chain without consulting the others in the tactical table.
3. Each partner bears its own costs; common items are shared by agreement of the board.
4. Bottlenecks are first solved between the people concerned, then by the coordinators, the key
   alliance manager and the board, in that order.
5. The partners evaluate this covenant every year at the alliance conference.""")

DELIVERY = _("Delivery of payroll returns to the chain")
DELIVERY_V1 = _("""\
The Tax Authority makes every payroll return available to the Social Security Agency and the
Statistics Office within five working days of receipt.
Corrections follow within five working days of their receipt.
Availability of the delivery service: 99% per month.""")
DELIVERY_V2 = _("""\
The Tax Authority makes every payroll return available to the Social Security Agency and the
Statistics Office within three working days of receipt.
Corrections follow within five working days of their receipt.
Availability of the delivery service: 99.5% per month.""")

FEEDBACK = _("Feedback on data quality to payroll software vendors")
FEEDBACK_TEXT = _("""\
Every quarter the Tax Authority reports the ten most frequent errors in payroll returns per
software package to the Payroll Software Vendors' Association.
The association passes them to its members within two weeks and reports back on the fixes.""")

MATRIX = _("Who does what in the wage data chain")
MATRIX_TEXT = _("The links of the chain of wage and employment data and each partner's part "
                "in them.")
MATRIX_ROWS = [
    (_("Collect payroll returns"), {TAX: "AR", SSA: "I", STAT: "I"}),
    (_("Validate and correct payroll returns"), {TAX: "AR", SSA: "C", STAT: "C"}),
    (_("Maintain employment relationships"), {SSA: "AR", TAX: "C", STAT: "I"}),
    (_("Distribute wage data to benefits"), {SSA: "AR", TAX: "C"}),
    (_("Publish labour statistics"), {STAT: "AR", TAX: "I", SSA: "I"}),
    (_("Report on data quality to the chain"), {STAT: "A", TAX: "R", SSA: "R"}),
]


def _people() -> dict[str, Person]:
    return {p.email.split("@")[0]: p for p in Person.objects.filter(
        email__endswith="@demo.concordia.test")}


def _sign(agreement: Agreement, number: int, people: dict[str, Person],
          signers: dict[str, str], only: set[str] | None = None) -> None:
    version = agreement.versions.get(number=number)
    for partner in version.parties.select_related("organisation"):
        name = demo_organisation_key(partner.organisation.name)
        if only is None or name in only:
            services.version_sign(actor=people[signers[name]], version=version)


@transaction.atomic
def demo_agreements(alliance: Alliance) -> None:
    """Register the demo's agreements that are missing, and sign them as described above."""
    people = _people()
    kim = people["kim"]
    partners = demo_partners(alliance)
    bodies = {b.name: b for b in Body.objects.filter(alliance=alliance)}
    board, table = bodies.get(gettext("Alliance board")), bodies.get(gettext("Tactical table"))
    today = timezone.localdate()
    existing = set(Agreement.objects.filter(alliance=alliance).values_list("title", flat=True))

    if gettext(COVENANT) not in existing:
        documents = list(Document.objects.filter(
            alliance=alliance, title=gettext("Covenant between the partners")))
        covenant = services.agreement_register(
            actor=kim, alliance=alliance, kind=AgreementKind.COVENANT, title=gettext(COVENANT),
            text=gettext(COVENANT_TEXT), summary=gettext(
                "The frame for every tactical and operational agreement: what the directors "
                "committed to."),
            starts_on=dt.date(2021, 1, 1), review_on=today + dt.timedelta(days=25),
            documents=documents, body=board)
        _sign(covenant, 1, people, SIGNERS)

    if gettext(DELIVERY) not in existing:
        delivery = services.agreement_register(
            actor=kim, alliance=alliance, kind=AgreementKind.SERVICE_LEVEL,
            title=gettext(DELIVERY), text=gettext(DELIVERY_V1),
            parties=[partners[TAX], partners[SSA], partners[STAT]],
            starts_on=today - dt.timedelta(days=400), ends_on=today + dt.timedelta(days=700),
            review_on=today + dt.timedelta(days=160), body=table)
        _sign(delivery, 1, people, TACTICAL_SIGNERS)
        delivery.refresh_from_db()
        services.version_propose(actor=people["lisa"], agreement=delivery,
                                 expected_version=delivery.version, text=gettext(DELIVERY_V2),
                                 # xgettext: no-python-format
                                 note=gettext("Delivery within three working days; 99.5% "
                                              "available"))
        # The Statistics Office has not signed yet: version 1 stays in force.
        _sign(delivery, 2, people, TACTICAL_SIGNERS, only={TAX, SSA})

    if gettext(FEEDBACK) not in existing:
        feedback = services.agreement_register(
            actor=people["lisa"], alliance=alliance, kind=AgreementKind.SERVICE_LEVEL,
            title=gettext(FEEDBACK), text=gettext(FEEDBACK_TEXT),
            parties=[partners[TAX], partners[SOFT]],
            starts_on=today - dt.timedelta(days=200), review_on=today + dt.timedelta(days=165))
        _sign(feedback, 1, people, TACTICAL_SIGNERS)

    if gettext(MATRIX) not in existing:
        rows = [MatrixRowIn(gettext(task),
                            {partners[name].pk: code for name, code in cells.items()})
                for task, cells in MATRIX_ROWS]
        matrix = services.agreement_register(
            actor=people["noor"], alliance=alliance, kind=AgreementKind.RESPONSIBILITY_MATRIX,
            title=gettext(MATRIX), text=gettext(MATRIX_TEXT),
            parties=[partners[TAX], partners[SSA], partners[STAT]], matrix=rows,
            starts_on=today - dt.timedelta(days=300), review_on=today + dt.timedelta(days=60),
            body=table)
        _sign(matrix, 1, people, TACTICAL_SIGNERS)
