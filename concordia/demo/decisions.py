"""The demo alliance's decisions, through the services, under different rules.

- The alliance board adopts the annual plan by consensus, in its latest meeting (from the
  decision item on its agenda); the chain report to the ministries follows up on it.
- The tactical table decides by a simple majority of the weight (the Tax Authority weighs 3,
  the Social Security Agency 2, the Statistics Office 1): a written procedure on the data
  quality targets, carried with a split vote; and one open written procedure, secret, on the
  release calendar, where only the Tax Authority has voted yet. The Social Security Agency has
  named Daan its delegate there.
- The working group on data quality decides by consent: the definition of hours worked is
  stopped by the Social Security Agency's reasoned objection, and a revised proposal that
  refers to it (the question reopened) is adopted, with its follow-up action.

Idempotent: an alliance that has decisions is left as it is. Needs the bodies and meetings of
``demo_meetings``.
"""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from concordia.accounts.models import Person
from concordia.actions.models import ActionItem
from concordia.alliances.models import Alliance, Partner
from concordia.bodies import services as body_services
from concordia.bodies.choices import DecisionRule, MajorityBasis, VotingUnit
from concordia.bodies.models import Body
from concordia.decisions import services
from concordia.decisions.choices import Choice, Procedure
from concordia.decisions.models import Decision
from concordia.meetings.choices import ItemKind, ItemStatus
from concordia.meetings.models import AgendaItem

from .services import demo_partners

TAX, SSA, STAT = "Tax Authority", "Social Security Agency", "Statistics Office"


@transaction.atomic
def demo_decisions(alliance: Alliance) -> None:
    """Take the demo's decisions, unless the alliance has some already."""
    if Decision.objects.filter(alliance=alliance).exists():
        return
    people = {p.email.split("@")[0]: p for p in Person.objects.filter(
        email__endswith="@demo.concordia.test")}
    partners = demo_partners(alliance)
    bodies = {b.name: b for b in Body.objects.filter(alliance=alliance)}
    _board(bodies[gettext("Alliance board")], people)
    _tactical_table(bodies[gettext("Tactical table")], people, partners)
    _working_group(bodies[gettext("Working group data quality")], people)


def _set_rule(actor: Person, body: Body, *, decision_rule: str, **rule: Any) -> Body:
    """Change only how the body decides (the rest of its settings as they are)."""
    body.refresh_from_db()
    changed: Body = body_services.body_change(
        actor=actor, body=body, expected_version=body.version, name=body.name, kind=body.kind,
        level=body.level, mandate=body.mandate,
        substitutes_may_attend=body.substitutes_may_attend, chair_rule=body.chair_rule,
        chair_person=body.chair_person, decision_rule=decision_rule, secretary=body.secretary,
        **rule)
    return changed


def _board(board: Body, people: dict[str, Person]) -> None:
    """Consensus (the board's default), in its latest meeting, from the decision item."""
    tom = people["tom"]
    item = (AgendaItem.objects.filter(meeting__body=board, kind=ItemKind.DECISION,
                                      status=ItemStatus.ON_AGENDA,
                                      meeting__starts_at__lte=timezone.now())
            .select_related("meeting").order_by("-meeting__starts_at", "position").first())
    if item is None:
        return
    decision = services.decision_propose(
        actor=tom, body=board, title=gettext("Adopt the annual alliance plan"),
        proposal=gettext("The board adopts the annual alliance plan as the tactical table "
                         "prepared it: the chain's three targets for the year (timeliness of "
                         "the wage returns, fewer rejected returns, one definition of hours "
                         "worked) and what each partner puts in at each level."),
        procedure=Procedure.MEETING, agenda_item=item, block="annual_plan")
    for voter, reason in (("anna", gettext("The targets are the ones we report on.")),
                          ("henk", ""), ("pieter", gettext("Agreed, with the definition first."))):
        services.vote_cast(actor=people[voter], decision=decision, choice=Choice.FOR,
                           reason=reason)
    services.decision_close(actor=tom, decision=decision, expected_version=decision.version)
    action = ActionItem.objects.filter(
        body=board, title=gettext("Send the chain report to the ministries")
    ).order_by("-pk").first()
    if action is not None:
        services.follow_up_add(actor=tom, decision=decision, action=action)


def _tactical_table(table: Body, people: dict[str, Person],
                    partners: dict[str, Partner]) -> None:
    """A simple majority of the weight; one written procedure carried, one still open."""
    kim = people["kim"]
    table = _set_rule(kim, table, decision_rule=DecisionRule.MAJORITY,
                      voting_unit=VotingUnit.PARTNER, majority_basis=MajorityBasis.WEIGHT,
                      weights={str(partners[TAX].pk): 3, str(partners[SSA].pk): 2})
    # The Social Security Agency lets Daan vote for it at the table too.
    services.delegate_name(actor=people["mila"], body=table, partner=partners[SSA],
                           person=people["daan"])
    now = timezone.now()
    targets = services.decision_propose(
        actor=kim, body=table, title=gettext("Data quality targets for the chain"),
        # xgettext: no-python-format
        proposal=gettext("At most 2% of the wage returns rejected at the intake by the end of "
                         "the year, and every rejection answered within five working days."),
        procedure=Procedure.WRITTEN, deadline=now + dt.timedelta(days=10), block="reporting")
    services.vote_cast(actor=people["ruud"], decision=targets, shares={"for": 2, "against": 1},
                       reason=gettext("For the target; against the five days, which our front "
                                      "office cannot promise yet."))
    services.vote_cast(actor=people["lotte"], decision=targets, choice=Choice.FOR)
    services.vote_cast(actor=people["noor"], decision=targets, choice=Choice.AGAINST,
                       # xgettext: no-python-format
                       reason=gettext("2% is too low for the first year."))
    services.decision_close(actor=kim, decision=targets, expected_version=targets.version)

    calendar = services.decision_propose(
        actor=kim, body=table, title=gettext("Release calendar for next year"),
        proposal=gettext("Two releases a year, in April and October, announced to the software "
                         "vendors six months ahead."),
        procedure=Procedure.WRITTEN, deadline=now + dt.timedelta(days=5), secret=True)
    services.vote_cast(actor=people["lisa"], decision=calendar, choice=Choice.FOR)


def _working_group(group: Body, people: dict[str, Person]) -> None:
    """Consent: a reasoned objection stops the first proposal; the revised one refers to it."""
    eva = people["eva"]  # the working group's chair
    group = _set_rule(people["kim"], group, decision_rule=DecisionRule.CONSENT)
    deadline = timezone.now() + dt.timedelta(days=14)
    first = services.decision_propose(
        actor=eva, body=group, title=gettext("Definition of hours worked"),
        proposal=gettext("Hours worked are the hours paid, overtime included, leave excluded."),
        procedure=Procedure.WRITTEN, deadline=deadline, block="alliance_map")
    services.vote_cast(actor=people["sara"], decision=first, choice=Choice.FOR)
    services.vote_cast(actor=people["daan"], decision=first, choice=Choice.OBJECTION,
                       reason=gettext("Benefits are computed on hours worked including paid "
                                      "leave; this definition would cut them."))
    services.vote_cast(actor=eva, decision=first, choice=Choice.FOR)
    first = services.decision_close(actor=eva, decision=first, expected_version=first.version)

    revised = services.decision_propose(
        actor=eva, body=group, title=gettext("Definition of hours worked (revised)"),
        proposal=gettext("Hours worked are the hours paid, overtime and paid leave included; "
                         "unpaid leave excluded."),
        procedure=Procedure.WRITTEN, deadline=deadline, refers_to=first, block="alliance_map")
    for voter in ("sara", "daan", "eva"):
        services.vote_cast(actor=people[voter], decision=revised, choice=Choice.FOR)
    services.decision_close(actor=eva, decision=revised, expected_version=revised.version)
    action = ActionItem.objects.filter(
        body=group, title=gettext("Write down the definition of hours worked")
    ).order_by("-pk").first()
    if action is not None:
        services.follow_up_add(actor=eva, decision=revised, action=action)
