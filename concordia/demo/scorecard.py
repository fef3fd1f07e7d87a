"""The demo alliance's scorecard: six indicators with five years of quarterly values, 2006 to
2010 — the first year middling, the crisis year 2007 dipping on every indicator (deepest in the
third quarter, before the integral problem analysis of September), and the turn after it, from
2008 on, beyond the first year's level and the targets.

Defined by the key alliance manager, each owned by the partner whose system produces the
figure; the values come in as each partner's upload (through the services, so the journal holds
them), and one value of the crisis year is corrected later (the history keeps both). Texts are
written in the language active while the demo loads. Idempotent: an alliance that has
indicators is left as it is.
"""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _

from concordia.accounts.models import Person
from concordia.alliances.models import Alliance
from concordia.scorecard import services
from concordia.scorecard.models import Indicator

from .services import demo_partners

TAX, SSA, STAT = "Tax Authority", "Social Security Agency", "Statistics Office"
YEARS = range(2006, 2011)

# (name, definition, unit, direction, owning partner, owner, source, pillar, targets from a
#  period, values per quarter 2006-Q1 … 2010-Q4)
INDICATORS = [
    (_("Wage returns received on time"),
     _("Share of the employers' wage returns received by the legal deadline of the month."),
     "%", "higher", TAX, "lisa", _("Intake register of the Tax Authority"), "transparency",
     [("2006-Q1", "95"), ("2009-Q1", "97")],
     ["88", "90", "91", "92", "85", "80", "76", "82", "90", "93", "95", "96",
      "96", "97", "97", "98", "98", "98", "99", "98"]),
    (_("Wage returns rejected for errors"),
     _("Share of the wage returns sent back to the employer because they fail the chain's "
       "checks."),
     "%", "lower", TAX, "sara", _("Intake register of the Tax Authority"), "knowledge",
     [("2006-Q1", "3")],
     ["4.5", "4.2", "4.0", "3.8", "5.5", "6.8", "7.4", "6.0", "4.0", "3.2", "2.8", "2.5",
      "2.3", "2.1", "2.0", "1.9", "1.8", "1.7", "1.6", "1.5"]),
    (_("Tax and premium income through the chain"),
     _("Wage tax and social security premiums received in the quarter through the chain."),
     _("EUR billion"), "higher", TAX, "kim", _("Revenue accounts of the Tax Authority"),
     "objective", [("2006-Q1", "36"), ("2009-Q1", "38")],
     ["34", "35", "35", "36", "33", "32", "31", "33", "36", "37", "38", "38",
      "37", "38", "39", "39.5", "38.5", "39", "39.5", "40"]),
    (_("Benefits paid on time"),
     _("Share of the benefits paid on the promised day, computed from the wage data."),
     "%", "higher", SSA, "mila", _("Payment system of the Social Security Agency"), "trust",
     [("2006-Q1", "98")],
     ["97.5", "97.8", "98.1", "98.0", "96.0", "93.5", "91.0", "94.0", "97.0", "98.2", "98.6",
      "98.9", "99.0", "99.1", "99.2", "99.2", "99.3", "99.4", "99.4", "99.5"]),
    (_("Days from wage return to benefits data"),
     _("Mean number of days from a wage return's receipt to its data being usable for "
       "benefits."),
     _("days"), "lower", SSA, "mila", _("Chain monitor"), "structure",
     [("2006-Q1", "5")],
     ["6", "6", "5.5", "5.5", "7", "9", "11", "8", "6", "5", "4.5", "4",
      "4", "3.5", "3.5", "3", "3", "3", "2.5", "2.5"]),
    (_("Employment statistics on schedule"),
     _("Share of the monthly employment statistics published on the announced day."),
     "%", "higher", STAT, "noor", _("Publication calendar of the Statistics Office"),
     "transparency", [("2006-Q1", "100")],
     ["100", "100", "100", "100", "100", "67", "33", "67", "100", "100", "100", "100",
      "100", "100", "100", "100", "100", "100", "100", "100"]),
]
# A tight tolerance where the target lies near 100 % (10 % of 98 would let 91 % pass as at risk).
TOLERANCES = {"Benefits paid on time": Decimal(2)}
QUARTERS = [f"{year}-Q{q}" for year in YEARS for q in range(1, 5)]
# Who uploads each partner's values (a person of that partner who writes).
UPLOADERS = {TAX: "sara", SSA: "mila", STAT: "noor"}
# The value corrected later: indicator, quarter, new value, note.
CORRECTION = (_("Wage returns received on time"), "2007-Q3", "75.5",
              _("Returns of one payroll administrator were counted twice."))


@transaction.atomic
def demo_scorecard(alliance: Alliance) -> None:
    """The six indicators, their targets and five years of quarterly values, unless the
    alliance has indicators."""
    if Indicator.objects.filter(alliance=alliance).exists():
        return
    people = {p.email.split("@")[0]: p for p in Person.objects.filter(
        email__endswith="@demo.concordia.test")}
    partners = demo_partners(alliance)
    tables: dict[str, list[list[str]]] = {}
    for (name, definition, unit, direction, partner, owner, source, pillar, targets,
         values) in INDICATORS:
        (first_from, first_target), *later = targets
        indicator = services.indicator_define(
            actor=people["kim"], alliance=alliance, name=gettext(name),
            definition=gettext(definition), unit=gettext(unit), direction=direction,
            period_kind="quarter", owner_partner=partners[partner],
            owner_person=people[owner], source=gettext(source), pillar=pillar,
            tolerance=TOLERANCES.get(name, Decimal(10)), target=Decimal(first_target),
            target_from=first_from)
        for start, target in later:
            services.target_set(actor=people["kim"], indicator=indicator, from_period=start,
                                value=target)
        table = tables.setdefault(partner, [["indicator", "period", "value", "unit"]])
        table.extend([indicator.name, quarter, value, indicator.unit]
                     for quarter, value in zip(QUARTERS, values, strict=True))
    for partner, table in tables.items():
        services.measurements_import(actor=people[UPLOADERS[partner]], alliance=alliance,
                                     table=table)
    name, quarter, value, note = CORRECTION
    services.measurement_record(
        actor=people["lisa"], indicator=Indicator.objects.get(alliance=alliance,
                                                              name=gettext(name)),
        period=quarter, value=value, note=gettext(note))
