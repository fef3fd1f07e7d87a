"""The demo alliance's escalation ladder: its own top rung above the board and a handful of
bottlenecks at different rungs, with a year of history behind the escalation health.

- **The crisis year (2007)**: the chain delivered too little and too late in its second year;
  it went from the horizontal attempt all the way up to the responsible ministers via the
  administrative core team, and was resolved by the integral problem analysis of September 2007
  and the turnaround plan. That year lies before the alliance used Concordia: its trail is
  written down as it happened (with the dates of 2007), not replayed through the services, and
  so it has no journal entries — the journal starts when the alliance started using it.
- **Rejected wage returns** (now on the board's rung): the horizontal attempt failed, the
  coordinators and the key alliance manager could not settle it; it is a decision item of the
  board's next meeting.
- **The benefits run blocked** (an alarm): it skipped the horizontal attempt, with the reason;
  resolved by the key alliance manager within days.
- **Hours worked defined twice**: resolved by the horizontal attempt between the Tax
  Authority's and the Statistics Office's professionals.
- **The new wage return field reaches the payroll software late**: still on the horizontal
  rung, past its deadline.
- **Pension data a month behind**: on the coordinators' rung, answered.

Everything since the crisis year goes through the services; the dates are then moved back
(days ago, relative to the day the demo is loaded) so that the rungs took as long as they would
have. Idempotent: an alliance that has bottlenecks is left as it is.
"""

import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _

from concordia.accounts.models import Person
from concordia.alliances.models import Alliance, Partner
from concordia.escalations import rules, services
from concordia.escalations.choices import (
    BottleneckStatus,
    EventKind,
    Rung,
    StepOutcome,
    Urgency,
)
from concordia.escalations.models import Bottleneck, BottleneckEvent, LadderSettings, RungStep

from .services import demo_partners

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
TOP_RUNG = _(gettext("Responsible ministers via the administrative core team"))
TAX, SSA, STAT = "Tax Authority", "Social Security Agency", "Statistics Office"
SOFT, PENSION = "Payroll Software Vendors' Association", "Pension Provider"


def _day(year: int, month: int, day: int) -> dt.datetime:
    return dt.datetime(year, month, day, 10, tzinfo=AMSTERDAM)


@transaction.atomic
def demo_escalations(alliance: Alliance) -> None:
    """The ladder's top rung and the bottlenecks, unless the alliance has bottlenecks."""
    if Bottleneck.objects.filter(alliance=alliance).exists():
        return
    people = {p.email.split("@")[0]: p for p in Person.objects.filter(
        email__endswith="@demo.concordia.test")}
    partners = demo_partners(alliance)
    if not LadderSettings.objects.filter(alliance=alliance, top_rung_enabled=True).exists():
        services.ladder_set_up(actor=people["kim"], alliance=alliance, top_rung_enabled=True,
                               top_rung_name=gettext(TOP_RUNG),
                               expected_version=LadderSettings.objects.filter(
                                   alliance=alliance).count())
    _crisis_year(alliance, people, partners)
    _at_the_board(alliance, people, partners)
    _alarm(alliance, people, partners)
    _resolved_horizontally(alliance, people, partners)
    _overdue_horizontal(alliance, people, partners)
    _at_the_coordinators(alliance, people, partners)


def _crisis_year(alliance: Alliance, people: dict[str, Person],
                 partners: dict[str, Partner]) -> None:
    """Written down as it happened in 2007 (see the module's note)."""
    kim, anna = people["kim"], people["anna"]
    rungs = [  # rung, owner, entered, left, response
        (Rung.HORIZONTAL, people["ruud"], _day(2007, 2, 5), _day(2007, 3, 2),
         gettext("The line managers of the three owners met four times. Each partner fixed its own "
         "link; nobody could fix the chain.")),
        (Rung.COORDINATOR, people["lisa"], _day(2007, 3, 2), _day(2007, 4, 13),
         gettext("The coordinators put a joint team on the backlog of unprocessed returns. It "
                 "shrank, but the cause lies in the design of the chain.")),
        (Rung.KEY_ALLIANCE_MANAGER, kim, _day(2007, 4, 13), _day(2007, 5, 24),
         gettext("The partners' priorities differ: each one's own targets come first. This needs "
                 "the directors.")),
        (Rung.BOARD, anna, _day(2007, 5, 24), _day(2007, 7, 6),
         gettext("The board is split over who pays for the repairs; the ministers have to "
                 "decide.")),
        (Rung.TOP, kim, _day(2007, 7, 6), _day(2007, 10, 1),
         gettext("The ministers asked for an integral problem analysis of the whole chain, "
                 "delivered in September 2007.")),
    ]
    first, last = rungs[0], rungs[-1]
    bottleneck = Bottleneck.objects.create(
        alliance=alliance, title=gettext("Crisis year: the chain delivers too little, too late"),
        description=gettext("In its second year the chain falls short: wage returns are processed "
                    "late or not at all, benefits and statistics wait for the data, and each "
                    "partner repairs its own link while the chain as a whole does not work."),
        urgency=Urgency.ALARM, alliance_wide=True, raised_by=people["ruud"],
        raised_at=first[2], status=BottleneckStatus.RESOLVED, rung=Rung.TOP, owner=kim,
        rung_entered_at=last[2], due_on=rules.deadline(Rung.TOP, Urgency.ALARM,
                                                       last[2].date()),
        awaiting_response=False,
        resolution=gettext("The integral problem analysis (September 2007) led to the turnaround: "
                           "one plan for the whole chain, a key alliance manager with a mandate, "
                           "and the partners' own targets aligned with the chain's."),
        closed_at=last[3], closed_by=kim)
    bottleneck.partners.set([partners[TAX], partners[SSA], partners[STAT]])
    for n, (rung, owner, entered, left, response) in enumerate(rungs):
        step = RungStep.objects.create(
            bottleneck=bottleneck, rung=rung, owner=owner, entered_at=entered,
            entered_by=kim if n else people["ruud"],
            due_on=rules.deadline(rung, Urgency.ALARM, entered.date()),
            responded_at=entered + dt.timedelta(days=9), left_at=left,
            outcome=StepOutcome.RESOLVED if rung == Rung.TOP else StepOutcome.ESCALATED,
            rung_name=gettext(TOP_RUNG) if rung == Rung.TOP else "")
        if n == 0:
            BottleneckEvent.objects.create(bottleneck=bottleneck, step=step,
                                           kind=EventKind.RAISED, actor=owner, at=entered)
            BottleneckEvent.objects.create(bottleneck=bottleneck, step=step,
                                           kind=EventKind.ATTEMPT, text=response,
                                           resolved=False, actor=owner,
                                           at=entered + dt.timedelta(days=9))
            continue
        BottleneckEvent.objects.create(bottleneck=bottleneck, step=step,
                                       kind=EventKind.ESCALATED, actor=kim, at=entered,
                                       text=rungs[n - 1][4])
        BottleneckEvent.objects.create(bottleneck=bottleneck, step=step,
                                       kind=EventKind.RESPONSE, text=response, actor=owner,
                                       at=entered + dt.timedelta(days=9))
    BottleneckEvent.objects.create(
        bottleneck=bottleneck, step=RungStep.objects.get(bottleneck=bottleneck, rung=Rung.TOP),
        kind=EventKind.RESOLVED, text=bottleneck.resolution, actor=kim, at=last[3])


def _raise(alliance: Alliance, actor: Person, title: str, description: str,
           partners: Sequence[Partner], urgency: str = Urgency.NORMAL,
           alliance_wide: bool = False, owner: Person | None = None) -> Bottleneck:
    return services.bottleneck_raise(actor=actor, alliance=alliance, title=title,
                                     description=description, partners=partners,
                                     urgency=urgency, alliance_wide=alliance_wide, owner=owner)


def _version(bottleneck: Bottleneck) -> int:
    return Bottleneck.objects.values_list("version", flat=True).get(pk=bottleneck.pk)


def _timeline(bottleneck: Bottleneck, days_ago: Sequence[float],
              closed_days_ago: float | None = None) -> None:
    """Move the trail back in time: the n-th rung was entered ``days_ago[n]`` days ago (the
    bottleneck raised with the first), left when the next was entered (or ``closed_days_ago``);
    what was recorded on a rung moves with it, deadlines are recomputed."""
    now = timezone.now()
    steps = list(RungStep.objects.filter(bottleneck=bottleneck).order_by("entered_at", "pk"))
    for n, step in enumerate(steps):
        entered = now - dt.timedelta(days=days_ago[n])
        if n + 1 < len(steps):
            left: dt.datetime | None = now - dt.timedelta(days=days_ago[n + 1])
        elif closed_days_ago is not None:
            left = now - dt.timedelta(days=closed_days_ago)
        else:
            left = None
        shift = entered - step.entered_at
        events = BottleneckEvent.objects.filter(step=step)
        events.update(at=F("at") + shift)
        if left is not None:  # what was recorded on a rung happened before it was left
            events.filter(at__gt=left).update(at=left)
        due = step.due_on if step.agenda_item_id else rules.deadline(
            step.rung, bottleneck.urgency, timezone.localdate(entered))
        responded = step.responded_at + shift if step.responded_at else None
        if responded is not None and left is not None:
            responded = min(responded, left)
        RungStep.objects.filter(pk=step.pk).update(entered_at=entered, left_at=left,
                                                   due_on=due, responded_at=responded)
    current = steps[-1]
    current.refresh_from_db()
    Bottleneck.objects.filter(pk=bottleneck.pk).update(
        raised_at=now - dt.timedelta(days=days_ago[0]), rung_entered_at=current.entered_at,
        due_on=current.due_on,
        closed_at=current.left_at if closed_days_ago is not None else None)


def _at_the_board(alliance: Alliance, people: dict[str, Person],
                  partners: dict[str, Partner]) -> None:
    lotte, mila, kim = people["lotte"], people["mila"], people["kim"]
    b = _raise(alliance, lotte, gettext("Wage returns rejected by the new validation"),
               gettext("Since the new validation rules went live, one in twelve wage returns is "
               "rejected at the Social Security Agency although the Tax Authority accepted it. "
               "Employers get two different answers about one return."),
               [partners[TAX], partners[SSA]], urgency=Urgency.HIGH, alliance_wide=True)
    b = services.bottleneck_attempt(
        actor=lotte, bottleneck=b, expected_version=_version(b), resolved=False,
        text=gettext("Ruud and Lotte compared both rule sets line by line: the rules differ on "
             "purpose, for each partner's own law. Neither can simply drop its rule."))
    b = services.bottleneck_escalate(actor=lotte, bottleneck=b, expected_version=_version(b),
                                     reason=gettext("The two rule sets rest on two laws."),
                                     owner=mila)
    b = services.bottleneck_respond(
        actor=mila, bottleneck=b, expected_version=_version(b),
        text=gettext("Lisa and I put the two legal departments together with the chain office."))
    b = services.bottleneck_escalate(
        actor=mila, bottleneck=b, expected_version=_version(b),
        reason=gettext("The legal departments agree on the problem, not on who changes."))
    b = services.bottleneck_respond(
        actor=kim, bottleneck=b, expected_version=_version(b),
        text=gettext("Two options on the table: one shared rule set (both partners change), or a "
             "reconciliation step in the chain. The board has to choose."))
    b = services.bottleneck_escalate(actor=kim, bottleneck=b, expected_version=_version(b),
                                     reason=gettext("A choice between the partners' own rules."))
    _timeline(b, [61, 47, 30, 12])


def _alarm(alliance: Alliance, people: dict[str, Person],
           partners: dict[str, Partner]) -> None:
    daan, kim = people["daan"], people["kim"]
    b = _raise(alliance, daan, gettext("Benefits run blocked: March wage data missing"),
               gettext("The monthly benefits run cannot start: the March wage data of 40,000 "
                       "employers did not reach the Social Security Agency."),
               [partners[TAX], partners[SSA]], urgency=Urgency.ALARM, alliance_wide=True)
    b = services.bottleneck_escalate(
        actor=daan, bottleneck=b, expected_version=_version(b),
        reason=gettext("1.3 million benefit payments are due on Friday."),
        skip_reason=gettext("The benefits run is on Friday: there is no time to try among the "
                    "professionals first."))
    b = services.bottleneck_respond(actor=people["mila"], bottleneck=b,
                                    expected_version=_version(b),
                                    text=gettext("The transfer job failed at the Tax Authority."))
    b = services.bottleneck_escalate(actor=people["mila"], bottleneck=b,
                                     expected_version=_version(b),
                                     reason=gettext("Needs priority at the Tax Authority's IT."))
    services.bottleneck_resolve(
        actor=kim, bottleneck=b, expected_version=_version(b),
        resolution=gettext("The Tax Authority's IT reran the transfer with priority on Thursday; "
                           "the benefits run started on time."))
    _timeline(b, [140, 139.8, 138.5], closed_days_ago=137)


def _resolved_horizontally(alliance: Alliance, people: dict[str, Person],
                           partners: dict[str, Partner]) -> None:
    sara, eva = people["sara"], people["eva"]
    b = _raise(alliance, eva, gettext("Hours worked defined twice"),
               gettext("The Statistics Office counts paid hours, the Tax Authority contractual "
                       "hours: the same return gives two different figures."),
               [partners[TAX], partners[STAT]], owner=sara)
    services.bottleneck_attempt(
        actor=sara, bottleneck=b, expected_version=_version(b), resolved=True,
        text=gettext("In the working group data quality we agreed on paid hours as the one "
             "definition; the glossary is updated."))
    _timeline(b, [200], closed_days_ago=194)


def _overdue_horizontal(alliance: Alliance, people: dict[str, Person],
                        partners: dict[str, Partner]) -> None:
    b = _raise(alliance, people["bram"], gettext("The new wage return field reaches the software "
                                                 "late"),
               gettext("Payroll software vendors receive the specification of next year's new "
                       "field two months before it is due; they need six."),
               [partners[TAX], partners[SOFT]], owner=people["sara"])
    _timeline(b, [16])


def _at_the_coordinators(alliance: Alliance, people: dict[str, Person],
                         partners: dict[str, Partner]) -> None:
    fleur, mila = people["fleur"], people["mila"]
    b = _raise(alliance, fleur, gettext("Pension data a month behind"),
               gettext("The pension provider receives the wage data a month after the benefits "
               "agencies do."), [partners[SSA], partners[PENSION]])
    b = services.bottleneck_attempt(
        actor=fleur, bottleneck=b, expected_version=_version(b), resolved=False,
        text=gettext("The SSA delivers in the order of its contracts; we are last in line."))
    b = services.bottleneck_escalate(actor=fleur, bottleneck=b, expected_version=_version(b),
                                     reason=gettext("A question of priorities between partners."),
                                     owner=mila)
    services.bottleneck_respond(actor=mila, bottleneck=b,
                                expected_version=_version(b),
                                text=gettext("I asked the SSA's planning to move the pension "
                                             "delivery forward; answer expected next week."))
    _timeline(b, [30, 21])
