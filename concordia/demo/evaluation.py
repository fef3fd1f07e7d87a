"""The demo alliance's annual evaluation: three closed rounds that tell the alliance's story —
2006, the first year (middling, with hope); 2007, the crisis year (a dip on every dimension,
deepest on the procedural and relational ones, the Social Security Agency most critical); and
2008, the year after the turnaround (recovery beyond the first year). About fifty respondents a
year across the partners and levels. Out of 2007's results come three improvement actions,
done in 2008, whose pillars recover in the 2008 round beside them; one out of 2008's results is
still open (on the dashboard and its owner's to-do list).

Like the escalations' crisis year, these rounds lie before the alliance used Concordia: they
are written down as they were answered (the consultant's survey of those years), not replayed
through the services — so they have no invitations and no journal entries. The responses are
generated from a fixed seed, so every load tells the same story. This year's round is run in
Concordia: opened through the services three weeks ago, still open, answered by about half of
the people invited (so its response rates per partner and level show, and the key alliance
manager can remind the rest). Idempotent: an alliance that has rounds is left as it is.
"""

import datetime as dt
import random
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _

from concordia.accounts.models import Person, hash_token, new_raw_token
from concordia.actions import services as action_services
from concordia.actions.choices import ActionStatus
from concordia.actions.models import ActionItem
from concordia.alliances.choices import Level
from concordia.alliances.models import Alliance, Partner
from concordia.evaluation import services
from concordia.evaluation.choices import RoleGroup, RoundState
from concordia.evaluation.instrument import STANDARD_STATEMENTS
from concordia.evaluation.models import AllianceStatement, Response, Round, RoundInvitation

from .services import demo_partners

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
TAX, SSA, STAT = "Tax Authority", "Social Security Agency", "Statistics Office"
SOFT, ADMIN, PENSION = ("Payroll Software Vendors' Association",
                        "Payroll Administrators' Association", "Pension Provider")

# How many answered per partner and level, each year (about fifty).
RESPONDENTS = {
    TAX: {Level.STRATEGIC: 3, Level.TACTICAL: 6, Level.OPERATIONAL: 8},
    SSA: {Level.STRATEGIC: 2, Level.TACTICAL: 5, Level.OPERATIONAL: 7},
    STAT: {Level.STRATEGIC: 2, Level.TACTICAL: 4, Level.OPERATIONAL: 6},
    SOFT: {Level.TACTICAL: 2, Level.OPERATIONAL: 2},
    ADMIN: {Level.TACTICAL: 1, Level.OPERATIONAL: 1},
    PENSION: {Level.TACTICAL: 1},
}
GROUP_OF_LEVEL = {Level.STRATEGIC: RoleGroup.DIRECTION, Level.TACTICAL: RoleGroup.MANAGEMENT,
                  Level.OPERATIONAL: RoleGroup.STAFF}
# The mean score per dimension, each year: a dip in the crisis year, recovery after.
MEANS = {
    2006: {"cultural": 3.2, "relational": 3.3, "procedural": 3.0, "content": 3.4},
    2007: {"cultural": 2.6, "relational": 2.3, "procedural": 2.0, "content": 2.8},
    2008: {"cultural": 3.5, "relational": 3.7, "procedural": 3.6, "content": 3.8},
}
# Where a partner or a level stood apart: the Social Security Agency most critical in the
# crisis year, the operational level always a little below the strategic one.
PARTNER_SHIFT = {2007: {SSA: -0.5, STAT: 0.3}, 2006: {SOFT: -0.3}, 2008: {SSA: 0.2}}
LEVEL_SHIFT = {Level.STRATEGIC: 0.3, Level.TACTICAL: 0.0, Level.OPERATIONAL: -0.2}

OWN_STATEMENT = _("Employers notice that they report their wage data only once.")

OPEN_ANSWERS = {
    2006: {"relational": [_("We hardly know the people at the other partners yet.")],
           "content": [_("The objective is clear at the top, less so on the work floor.")]},
    2007: {"procedural": [_("Nobody knows who decides when the chain stalls."),
                          _("Each partner repairs its own link; the chain as a whole has no "
                            "owner.")],
           "relational": [_("Bad news reaches the other partners far too late.")],
           "cultural": [_("Our own targets come first, the alliance second.")]},
    2008: {"procedural": [_("The tactical table now really steers the chain.")],
           "relational": [_("The joint team during the crisis made us know each other.")],
           "content": [_("Shared definitions have ended many discussions.")]},
}


def _score(rng: random.Random, mean: float) -> int:
    return max(1, min(5, round(rng.gauss(mean, 0.75))))


@transaction.atomic
def demo_evaluation(alliance: Alliance) -> None:
    """Three closed rounds with their responses, unless the alliance has rounds."""
    if Round.objects.filter(alliance=alliance).exists():
        return
    kim = Person.objects.get(email="kim@demo.concordia.test")
    partners = demo_partners(alliance)
    own, _created = AllianceStatement.objects.get_or_create(
        alliance=alliance, key="own.1",
        defaults={"dimension": "content", "text": gettext(OWN_STATEMENT),
                  "pillars": ["knowledge", "objective"], "created_by": kim})
    rng = random.Random(18)  # noqa: S311 — a fixed story, not a secret (building block 18)
    for year, means in MEANS.items():
        keys = [s.key for s in STANDARD_STATEMENTS] + ([own.key] if year == 2008 else [])
        evaluation_round = Round.objects.create(
            alliance=alliance, year=year, opens_on=dt.date(year, 11, 1),
            closes_on=dt.date(year, 11, 21), statement_keys=keys, state=RoundState.CLOSED,
            opened_by=kim)
        Round.objects.filter(pk=evaluation_round.pk).update(
            opened_at=dt.datetime(year, 11, 1, 9, tzinfo=AMSTERDAM),
            closed_at=dt.datetime(year, 11, 22, 9, tzinfo=AMSTERDAM))
        dimension_of = {s.key: s.dimension.value for s in STANDARD_STATEMENTS}
        dimension_of[own.key] = own.dimension
        answers = {d: list(texts) for d, texts in OPEN_ANSWERS[year].items()}
        responses = []
        for name, levels in RESPONDENTS.items():
            shift = PARTNER_SHIFT.get(year, {}).get(name, 0.0)
            for level, count in levels.items():
                for _n in range(count):
                    scores = {key: _score(rng, means[dimension_of[key]] + shift
                                          + LEVEL_SHIFT[level])
                              for key in keys if rng.random() > 0.04}
                    open_answers = {}
                    for dimension, texts in answers.items():
                        if texts and rng.random() < 0.3:
                            open_answers[dimension] = gettext(texts.pop())
                    responses.append(Response(
                        round=evaluation_round, partner=partners[name], level=level,
                        role_group=GROUP_OF_LEVEL[level], scores=scores,
                        open_answers=open_answers))
        rng.shuffle(responses)  # no order to read anything from, as in the real thing
        Response.objects.bulk_create(responses)
    _improvement_actions(alliance, kim, partners)
    _this_years_round(alliance, kim, rng)


# Improvement actions out of the crisis year's results (discussed at the conference of December
# 2007), done in 2008 — the 2008 round shows their pillars' recovery beside them — and one out
# of 2008's results, still open: (title, description, pillar, owner, made, done).
IMPROVEMENT_ACTIONS = [
    (_("Name one owner for the chain as a whole"),
     _("Out of the evaluation 2007: nobody knew who decides when the chain stalls. The key "
       "alliance manager owns the chain; the tactical table steers it every fortnight."),
     "structure", "kim", dt.date(2007, 12, 6), dt.date(2008, 3, 14)),
    (_("Share bad news with the other partners within a day"),
     _("Out of the evaluation 2007: bad news reached the other partners far too late. Every "
       "incident in the chain goes to all coordinators the same day."),
     "dialogue", "ssa", dt.date(2007, 12, 6), dt.date(2008, 5, 30)),
    (_("A joint team of the three partners for the chain's incidents"),
     _("Out of the evaluation 2007: the partners hardly knew each other. One team, people from "
       "each partner, one room."),
     "trust", "noor", dt.date(2007, 12, 10), dt.date(2008, 9, 1)),
]
OPEN_ACTION = (_("Keep the joint team now that the crisis is over"),
               _("Out of the evaluation 2008: the joint team made the partners know each "
                 "other. Keep it, and rotate people through it."),
               "trust", "lisa")


def _improvement_actions(alliance: Alliance, kim: Person, partners: dict[str, Partner]) -> None:
    """Given through the actions' service (so journaled and told to their owners), then dated
    back to the crisis year like the rounds themselves."""
    people = {p.email.split("@")[0]: p for p in Person.objects.filter(
        email__endswith="@demo.concordia.test")}
    for title, description, pillar, owner, made, done in IMPROVEMENT_ACTIONS:
        person = people.get(owner)
        action = action_services.action_create(
            actor=kim, alliance=alliance, title=gettext(title),
            description=gettext(description), pillar=pillar,
            owner_person=person, owner_partner=None if person else partners[SSA],
            due_on=done)
        action_services.action_close(actor=kim, action=action, status=ActionStatus.DONE,
                                     expected_version=action.version)
        ActionItem.objects.filter(pk=action.pk).update(
            created_at=dt.datetime.combine(made, dt.time(10), tzinfo=AMSTERDAM),
            closed_at=dt.datetime.combine(done, dt.time(16), tzinfo=AMSTERDAM))
    title, description, pillar, owner = OPEN_ACTION
    action_services.action_create(
        actor=kim, alliance=alliance, title=gettext(title), description=gettext(description),
        pillar=pillar, owner_person=people[owner],
        due_on=timezone.localdate() + dt.timedelta(days=60))


def _this_years_round(alliance: Alliance, kim: Person, rng: random.Random) -> None:
    """This year's round, opened three weeks ago by the key alliance manager through the
    services (journaled, links mailed), answered by about half of those invited: each answer
    goes through its personal link, like a real one."""
    today = timezone.localdate()
    evaluation_round = services.round_open(
        actor=kim, alliance=alliance, year=today.year, opens_on=today - dt.timedelta(days=21),
        closes_on=today + dt.timedelta(days=14))
    invitations = list(RoundInvitation.objects.filter(round=evaluation_round).order_by("pk"))
    for invitation in invitations:
        if rng.random() >= 0.55:
            continue
        # The mailed link's token is not kept anywhere: answer through a fresh one.
        raw = new_raw_token(services.TOKEN_PREFIX)
        RoundInvitation.objects.filter(pk=invitation.pk).update(token_hash=hash_token(raw))
        services.response_submit(token=raw, scores={
            s.key: _score(rng, MEANS[2008][s.dimension.value] + 0.2 + LEVEL_SHIFT.get(
                Level(invitation.level), 0.0)) for s in STANDARD_STATEMENTS})
