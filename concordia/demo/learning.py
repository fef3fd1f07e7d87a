"""The demo alliance's learning: three pillar health checks over the past year and six lessons
learned.

- **Health checks** (about eleven, six and one month ago), scored by the core team: the key
  alliance manager and the coordinators of the three owners. Trust and dialogue grow over the
  year as the tactical table meets in person again; transparency about results stays the
  weakest pillar until the chain report is agreed, and the core team disagrees about it. An
  improvement action for transparency comes out of the second check.
- **Lessons learned**: the crisis year's turnaround (2007), one definition before the data
  flows, an alarm escalated at once, a rotating chair, telling the payroll software vendors
  early, and handing over a key role with an overlap. Some link to the bottleneck they came
  from or the decision they led to.

Through the services (so the journal holds them); texts are written in the language active
while the demo loads. Idempotent: an alliance that has health checks is left as it is.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _

from concordia.accounts.models import Person
from concordia.actions import services as action_services
from concordia.alliances.models import Alliance
from concordia.decisions.models import Decision
from concordia.escalations.models import Bottleneck
from concordia.learning import services
from concordia.learning.models import HealthCheck
from concordia.learning.rules import PILLARS

# Per check: days ago, then per scorer the eight scores (P1..P8) and remarks by pillar.
CHECKS: list[tuple[int, dict[str, tuple[list[int], dict[str, str]]]]] = [
    (330, {
        "kim": ([3, 3, 2, 2, 4, 2, 3, 4], {
            "trust": _("Partners still check each other's work twice."),
            "transparency": _("Each partner reports its own figures; nobody sees the chain's.")}),
        "lisa": ([3, 2, 2, 3, 4, 3, 3, 4], {}),
        "mila": ([2, 3, 3, 2, 3, 1, 2, 3], {
            "dialogue": _("Bad news reaches the tactical table weeks late.")}),
        "noor": ([3, 3, 2, 2, 4, 2, 3, 4], {}),
    }),
    (180, {
        "kim": ([4, 3, 3, 3, 4, 2, 3, 4], {
            "transparency": _("The chain report is still a draft.")}),
        "lisa": ([4, 3, 3, 4, 4, 3, 4, 4], {}),
        "mila": ([3, 3, 4, 3, 4, 1, 3, 4], {
            "trust": _("Meeting in person again makes a difference.")}),
        "noor": ([4, 3, 3, 3, 4, 4, 3, 4], {
            "transparency": _("Our own statistics are open; the others' are not yet.")}),
    }),
    (30, {
        "kim": ([4, 4, 4, 4, 4, 3, 4, 5], {
            "objective": _("Everyone names the same objective at the conference.")}),
        "lisa": ([4, 3, 4, 4, 5, 3, 4, 5], {}),
        "mila": ([4, 4, 4, 4, 4, 3, 3, 4], {
            "knowledge": _("New colleagues do not know the chain map yet.")}),
        "noor": ([4, 4, 4, 5, 4, 4, 4, 5], {}),
    }),
]

# (author, title, problem, cause, solution, learned on, tags, bottleneck title, decision title)
LESSONS = [
    ("kim", _("One plan for the whole chain"),
     _("In its second year the chain delivered too little, too late, and each partner repaired "
       "its own link."),
     _("Every partner steered on its own targets; nobody owned the chain as a whole."),
     _("After the integral problem analysis: one plan for the chain, a key alliance manager "
       "with a mandate, and the partners' own targets aligned with the chain's."),
     dt.date(2007, 10, 1), [_("crisis"), _("objective"), _("escalation")],
     "Crisis year: the chain delivers too little, too late", None),
    ("sara", _("Agree one definition before the data flows"),
     _("The same wage return gave two figures for hours worked."),
     _("The Statistics Office counted paid hours, the Tax Authority contractual hours; no "
       "definition was agreed."),
     _("The working group data quality agreed on paid hours and put it in the glossary; new "
       "data items get a definition first."),
     None, [_("data quality"), _("glossary")], "Hours worked defined twice", None),
    ("mila", _("Escalate an alarm at once, with the reason"),
     _("The benefits run could not start: wage data was missing two days before payment."),
     _("Trying among the professionals first would have cost the days that were left."),
     _("Skip the horizontal attempt only for an alarm, and write down why; the key alliance "
       "manager settles it within days."),
     None, [_("escalation"), _("benefits")], "Benefits run blocked: March wage data missing",
     None),
    ("lisa", _("Rotate the chair of the tactical table"),
     _("The other partners saw the tactical table as the Tax Authority's meeting."),
     _("The owner always chaired and set the agenda."),
     _("The chair rotates between the partners every meeting; the agenda is set together."),
     None, [_("meetings"), _("trust")], None, None),
    ("noor", _("Agree the quality targets in the open"),
     _("Rejected wage returns were counted differently by each partner, so no target held."),
     _("Each partner reported on its own measure."),
     _("The tactical table set the chain's data quality targets by a decision all partners "
       "voted on, with one way of counting."),
     None, [_("data quality"), _("transparency")], None, "Data quality targets for the chain"),
    ("kim", _("Hand over a key role with an overlap"),
     _("When a coordinator left, the partner's open actions and agreements were lost for "
       "months."),
     _("The successor started the day after the predecessor left, without a handover."),
     _("A coordinator's successor now works alongside for a month, and the lessons learned are "
       "part of the handover."),
     None, [_("staff rotation"), _("continuity")], None, None),
]
DAYS_AGO = [None, 190, 160, 120, 70, 40]  # when the lessons without a fixed date were learned


def _scores(values: list[int], remarks: dict[str, str]) -> dict[str, tuple[int | None, str]]:
    return {p: (v, gettext(remarks[p]) if p in remarks else "")
            for p, v in zip(PILLARS, values, strict=True)}


@transaction.atomic
def demo_learning(alliance: Alliance) -> None:
    """The health checks, an improvement action and the lessons, unless the alliance has
    health checks."""
    if HealthCheck.objects.filter(alliance=alliance).exists():
        return
    people = {p.email.split("@")[0]: p for p in Person.objects.filter(
        email__endswith="@demo.concordia.test")}
    today = timezone.localdate()
    for n, (days_ago, scorers) in enumerate(CHECKS):
        held_on = today - dt.timedelta(days=days_ago)
        (first, (values, remarks)), *others = scorers.items()
        check = services.health_check_hold(actor=people[first], alliance=alliance,
                                           held_on=held_on, scores=_scores(values, remarks))
        for scorer, (values, remarks) in others:
            services.health_check_score(actor=people[scorer], health_check=check,
                                        scores=_scores(values, remarks))
        if n == 1:
            action_services.action_create(
                actor=people["kim"], alliance=alliance,
                title=gettext("Publish one chain report every quarter"),
                description=gettext("Out of the health check: transparency about results is the "
                                    "weakest pillar. One report with the chain's figures, the "
                                    "same for every partner."),
                owner_person=people["noor"], due_on=today + dt.timedelta(days=45),
                pillar="transparency")
    for (author, title, problem, cause, solution, learned_on, tags, bottleneck_title,
         decision_title), lesson_days_ago in zip(LESSONS, DAYS_AGO, strict=True):
        bottleneck = (Bottleneck.objects.filter(alliance=alliance,
                                                title=gettext(bottleneck_title)).first()
                      if bottleneck_title else None)
        decision = (Decision.objects.filter(alliance=alliance,
                                            title=gettext(decision_title)).first()
                    if decision_title else None)
        day = learned_on or today - dt.timedelta(days=lesson_days_ago or 0)
        services.lesson_record(
            actor=people[author], alliance=alliance, title=gettext(title),
            problem=gettext(problem), cause=gettext(cause), solution=gettext(solution),
            learned_on=day, tags=[gettext(t) for t in tags], bottleneck=bottleneck,
            decision=decision)
