"""The demo alliance's cost settlement (building block 10): the wage-tax alliance chose "each
bears its own costs", with pragmatic deals for a few common items, split by size.

- **Models**, recorded by the key alliance manager on the board's adoption of the annual plan:
  "Own costs of each partner" — each bears its own; "Joint helpdesk for employers" and "Chain
  conference" — by size (employees working on the chain: Tax Authority 300, Social Security
  Agency 180, Statistics Office 20).
- **The quarter before last**, settled: the Tax Authority paid the helpdesk, the Social
  Security Agency the conference venue, the Statistics Office gave analyst days in kind; each
  booked travel of its own. All three coordinators confirmed.
- **Last quarter**, open: helpdesk and conference costs booked, with a correction of an
  invoice booked twice; nobody has confirmed yet.
- **Data exchange**, by usage (messages exchanged, in thousands): the Social Security Agency
  pays the message gateway every quarter; the core team recorded last quarter's and this
  quarter's usage, so each quarter's fee is split by that quarter's figures (last quarter
  70:25:5, this quarter 55:35:10; docs/decisions/0022).

Through the services (so the journal holds them); texts in the language active while the demo
loads. Idempotent: an alliance that has settlement models is left as it is, and one that has a
model by usage gets no second.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _

from concordia.access import policy
from concordia.accounts.models import Person
from concordia.alliances.models import Alliance, Partner
from concordia.decisions.choices import DecisionStatus, Outcome
from concordia.decisions.models import Decision
from concordia.settlement import rules, selectors, services
from concordia.settlement.choices import BookingKind, SettlementKind
from concordia.settlement.models import Booking, SettlementModel

from .services import demo_partners

OWN = _("Own costs of each partner")
HELPDESK = _("Joint helpdesk for employers")
CONFERENCE = _("Chain conference")
SIZES = {"Tax Authority": 300, "Social Security Agency": 180, "Statistics Office": 20}
DATA_EXCHANGE = _("Data exchange through the message gateway")
# Usage per quarter (messages in thousands), by quarters back: the choice's own figures, then
# last quarter's and this quarter's as the core team recorded them.
CHOSEN_USAGE = {"Tax Authority": 60, "Social Security Agency": 30, "Statistics Office": 10}
USAGE = {1: {"Tax Authority": 70, "Social Security Agency": 25, "Statistics Office": 5},
         0: {"Tax Authority": 55, "Social Security Agency": 35, "Statistics Office": 10}}
GATEWAY_FEE = 9_000_00

# (quarters back, who, category, kind, day in the quarter, cents, description, corrects #)
BOOKINGS = [
    (2, "lisa", HELPDESK, BookingKind.COST, 5, 24_000_00,
     _("Helpdesk staff and telephony, first half")),
    (2, "mila", CONFERENCE, BookingKind.COST, 20, 6_500_00,
     _("Venue and catering of the chain conference")),
    (2, "noor", CONFERENCE, BookingKind.IN_KIND, 25, 3_200_00,
     _("Two analysts preparing the conference figures (four days)")),
    (2, "lisa", OWN, BookingKind.COST, 30, 850_00, _("Travel to the tactical table")),
    (2, "mila", OWN, BookingKind.COST, 31, 420_00, _("Travel to the tactical table")),
    (1, "lisa", HELPDESK, BookingKind.COST, 3, 24_000_00,
     _("Helpdesk staff and telephony, second half")),
    (1, "lisa", HELPDESK, BookingKind.COST, 4, 1_250_00, _("Helpdesk licences")),
    (1, "lisa", HELPDESK, BookingKind.COST, 6, -1_250_00,
     _("Correction: the licences invoice was booked twice")),
    (1, "noor", OWN, BookingKind.COST, 12, 300_00, _("Travel to the tactical table")),
]


def _quarter_back(today: dt.date, back: int) -> tuple[int, int]:
    year, quarter = rules.quarter_of(today)
    index = year * 4 + quarter - 1 - back
    return index // 4, index % 4 + 1


def _partner(person: Person, alliance: Alliance) -> Partner:
    partner = policy.own_partner(person, alliance.pk)
    if partner is None:  # every demo person has a role in the alliance
        raise LookupError(person.email)
    return partner


def _decision(alliance: Alliance) -> Decision | None:
    return (Decision.objects.filter(alliance=alliance, status=DecisionStatus.CLOSED,
                                    outcome=Outcome.CARRIED,
                                    title=gettext("Adopt the annual alliance plan")).first()
            or Decision.objects.filter(alliance=alliance, status=DecisionStatus.CLOSED,
                                       outcome=Outcome.CARRIED).order_by("number").first())


@transaction.atomic
def demo_settlement(alliance: Alliance) -> None:
    demo_size_and_own(alliance)
    demo_usage(alliance)


def _people(alliance: Alliance) -> dict[str, Person]:
    """The demo's people with a role in the alliance, by the name before their address's @."""
    return {p.email.split("@")[0]: p for p in Person.objects.filter(
        memberships__alliance=alliance).distinct()}


def demo_size_and_own(alliance: Alliance) -> None:
    if SettlementModel.objects.filter(alliance=alliance).exists():
        return
    decision = _decision(alliance)
    if decision is None:
        return
    people = _people(alliance)
    partners = demo_partners(alliance)
    today = timezone.localdate()
    settled_year, settled_quarter = _quarter_back(today, 2)
    start = rules.quarter_bounds(settled_year, settled_quarter)[0]
    kim = people["kim"]
    models = {
        OWN: services.settlement_model_choose(
            actor=kim, alliance=alliance, category=gettext(OWN), kind=SettlementKind.OWN,
            starts_on=start, decision=decision)}
    weights = {partners[name].pk: size for name, size in SIZES.items()}
    for category in (HELPDESK, CONFERENCE):
        models[category] = services.settlement_model_choose(
            actor=kim, alliance=alliance, category=gettext(category), kind=SettlementKind.SIZE,
            starts_on=start, decision=decision, measure=gettext("employees on the chain"),
            weights=weights)
    booked: list[Booking] = []
    for back, who, category, kind, day, cents, description in BOOKINGS:
        year, quarter = _quarter_back(today, back)
        person = people[who]
        partner = _partner(person, alliance)
        corrects = None
        if cents < 0:  # corrects the booking just before it, of the same partner
            corrects = booked[-1]
        booked.append(services.booking_record(
            actor=person, partner=partner, category=models[category].category, kind=kind,
            incurred_on=rules.quarter_bounds(year, quarter)[0] + dt.timedelta(days=day),
            amount_cents=cents, description=gettext(description), corrects=corrects))
    period = selectors.settlement_get(user=kim, alliance=alliance, year=settled_year,
                                      quarter=settled_quarter)
    for who in ("lisa", "mila", "noor"):
        person = people[who]
        partner = _partner(person, alliance)
        services.settlement_confirm(actor=person, partner=partner, year=settled_year,
                                    quarter=settled_quarter, fingerprint=period.fingerprint)


def demo_usage(alliance: Alliance) -> None:
    """The data exchange split by usage: figures recorded for last quarter and this one, and
    the gateway's fee booked in both (last quarter is open, so nothing confirmed changes)."""
    if SettlementModel.objects.filter(alliance=alliance, kind=SettlementKind.USAGE).exists():
        return
    decision = _decision(alliance)
    if decision is None:
        return
    people = _people(alliance)
    partners = demo_partners(alliance)
    today = timezone.localdate()
    kim, mila = people["kim"], people["mila"]
    start = rules.quarter_bounds(*_quarter_back(today, 2))[0]
    model = services.settlement_model_choose(
        actor=kim, alliance=alliance, category=gettext(DATA_EXCHANGE), kind=SettlementKind.USAGE,
        starts_on=start, decision=decision,
        measure=gettext("messages exchanged (thousands)"),
        weights={partners[name].pk: usage for name, usage in CHOSEN_USAGE.items()})
    for back, figures in sorted(USAGE.items(), reverse=True):
        year, quarter = _quarter_back(today, back)
        services.usage_record(actor=kim, model=model, year=year, quarter=quarter,
                              figures={partners[name].pk: u for name, u in figures.items()})
        services.booking_record(
            actor=mila, partner=_partner(mila, alliance), category=model.category,
            kind=BookingKind.COST, incurred_on=rules.quarter_bounds(year, quarter)[0],
            amount_cents=GATEWAY_FEE, description=gettext("Message gateway, quarterly fee"))
