"""Data set D's decisions: proposals put in the bodies' meetings (out of their decision items)
and in written procedures, the votes cast on them, and, for the closed ones, the tally and
outcome as ``concordia.decisions.rules.tally`` computes them under the rule copied onto the
decision. Written in bulk (``concordia.demo.bulk.insert``), never through the services.

Each step is journaled as the decisions app's services journal it (DelegateNamed,
DecisionProposed, VoteCast, DecisionTaken or DecisionWithdrawn, FollowUpAdded), chained after
the alliance's meetings. Decisions tell only what is still news: the proposals still open wait
for their voters (VOTE_WAITING), and those taken in the last two weeks are told to the body's
members (DECISION_TAKEN); the older notices, long read, are left out (they would more than
double D's size).

Each body decides by its own rule (``RULES``): the board by a two-thirds majority of the
weight, its core partners weighing two (who may split their vote), with a quorum of the
partners present; the tactical table by consensus; a working group by consent, one vote per
seat; the other working groups by a simple majority of partners; the agency by a simple
majority, one vote per person. Votes per partner are cast by any member the partner authorised
for the body (seat holder, substitute or a named delegate); a unit voting again replaces its
earlier vote, which is kept (not current). Most decisions are closed; those of the meetings
ahead and the written procedures still running are open.
"""

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.utils import timezone

from concordia.accounts.models import Person
from concordia.alliances.choices import PartnerType
from concordia.bodies.choices import BodyKind, DecisionRule, MajorityBasis, QuorumBasis
from concordia.bodies.choices import VotingUnit as Unit
from concordia.bodies.models import Body, Seat
from concordia.decisions import rules
from concordia.decisions.choices import Choice, DecisionStatus, Procedure
from concordia.decisions.models import Decision, Delegate, Vote
from concordia.decisions.services import decision_url
from concordia.handbook.catalogue import Block
from concordia.meetings.choices import AttendanceStatus, ItemKind
from concordia.meetings.models import AgendaItem, Attendance, Meeting
from concordia.notifications.choices import NotificationKind

from .bulk import JournalWriter, NotificationWriter, insert, insert_rows

# Shares of the decisions: taken in meetings (the rest by written procedure).
IN_MEETINGS = 0.6
OPEN_WRITTEN = 0.015  # written procedures still running
WITHDRAWN = 0.02
REFERS_TO = 0.03  # a rejected proposal put again
SECRET = 0.05
TURNOUT_WRITTEN = 0.85
TURNOUT_MEETING = 0.95
# How much more often a body decides than a working group or the agency.
WEIGHT = {BodyKind.BOARD: 12, BodyKind.TACTICAL_TABLE: 6}

VERBS = ["Adopt", "Approve", "Agree on", "Fund", "Extend", "Start", "Stop", "Change"]
REASONS = {
    Choice.OBJECTION: "Our organisation cannot carry this without a change to the plan.",
    Choice.AGAINST: "Not in this form: the costs fall on one partner.",
}


@dataclass(frozen=True)
class BodyRule:
    carries: str
    voting_unit: str = Unit.PARTNER
    majority_basis: str = MajorityBasis.VOTES
    quorum_percent: int = 0
    quorum_basis: str = QuorumBasis.VOTING
    weighted: bool = False  # core partners (and the owner) weigh 2


RULES = {
    "board": BodyRule(DecisionRule.QUALIFIED_MAJORITY, majority_basis=MajorityBasis.WEIGHT,
                      quorum_percent=50, quorum_basis=QuorumBasis.PRESENT, weighted=True),
    "tactical_table": BodyRule(DecisionRule.CONSENSUS, quorum_percent=50,
                               quorum_basis=QuorumBasis.PRESENT),
    "first_working_group": BodyRule(DecisionRule.CONSENT, voting_unit=Unit.SEAT),
    "working_group": BodyRule(DecisionRule.MAJORITY),
    "agency": BodyRule(DecisionRule.MAJORITY, voting_unit=Unit.PERSON),
}

# How the members vote under each rule: (choice, chance).
CHOICES: dict[str, list[tuple[Choice, float]]] = {
    DecisionRule.CONSENSUS: [(Choice.FOR, 0.80), (Choice.ABSTAIN, 0.12),
                             (Choice.AGAINST, 0.05), (Choice.OBJECTION, 0.03)],
    DecisionRule.CONSENT: [(Choice.FOR, 0.78), (Choice.ABSTAIN, 0.10), (Choice.AGAINST, 0.08),
                           (Choice.OBJECTION, 0.04)],
    DecisionRule.UNANIMITY: [(Choice.FOR, 0.88), (Choice.ABSTAIN, 0.07),
                             (Choice.AGAINST, 0.05)],
    DecisionRule.MAJORITY: [(Choice.FOR, 0.60), (Choice.AGAINST, 0.30),
                            (Choice.ABSTAIN, 0.10)],
    DecisionRule.QUALIFIED_MAJORITY: [(Choice.FOR, 0.70), (Choice.AGAINST, 0.20),
                                      (Choice.ABSTAIN, 0.10)],
}


def rule_for(kind: str, index: int) -> BodyRule:
    """The rule of the body set up ``index``-th in its alliance (0 the board, 1 the tactical
    table, then the working groups, the agency last)."""
    if kind == BodyKind.BOARD:
        return RULES["board"]
    if kind == BodyKind.TACTICAL_TABLE:
        return RULES["tactical_table"]
    if kind == BodyKind.AGENCY:
        return RULES["agency"]
    return RULES["first_working_group"] if index == 2 else RULES["working_group"]


def rule_arguments(kind: str, index: int, partners: Sequence[Any]) -> dict[str, Any]:
    """The decision rule of the body set up ``index``-th, as body_set_up takes it."""
    rule = rule_for(kind, index)
    weights = ({str(c.partner.pk): 2 for n, c in enumerate(partners)
                if n == 0 or c.partner.partner_type == PartnerType.CORE}
               if rule.weighted else {})
    return {"decision_rule": rule.carries, "voting_unit": rule.voting_unit,
            "majority_basis": rule.majority_basis, "quorum_percent": rule.quorum_percent,
            "quorum_basis": rule.quorum_basis, "weights": weights}


@dataclass
class Made:
    decisions: int = 0
    open: int = 0
    votes: int = 0
    journal: int = 0


@dataclass
class _Units:
    """Who votes in a body: each unit's weight, who may cast its vote, and its partner."""

    rule: rules.Rule
    rule_dict: dict[str, Any]
    weights: dict[str, int] = field(default_factory=dict)
    voters: dict[str, list[Person]] = field(default_factory=dict)
    partner_of: dict[str, int] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)  # selectors.eligible_units' labels
    partner_names: dict[int, str] = field(default_factory=dict)


@dataclass
class _Proposal:
    body: Body
    organiser: Person
    at: dt.datetime  # proposed
    procedure: str
    meeting: Meeting | None = None
    item: AgendaItem | None = None
    attendance: list[Attendance] = field(default_factory=list)
    actions: list[Any] = field(default_factory=list)
    deadline: dt.datetime | None = None
    ahead: bool = False  # in a meeting still to come
    decision: Decision | None = None
    ballots: list[Vote] = field(default_factory=list)


def _units(body: Body, seats: list[Seat], delegates: dict[int, list[Person]]) -> _Units:
    rule = rules.rule_of(body)
    weights_map = {str(k): int(v) for k, v in dict(body.weights or {}).items()}
    units = _Units(rule=rule, rule_dict={**rule.as_dict(), "weights": weights_map})
    for seat in seats:
        if seat.holder is None:
            continue
        name = seat.partner.organisation.name
        units.partner_names[seat.partner_id] = name
        if rule.voting_unit == Unit.PARTNER:
            unit = rules.partner_unit(seat.partner_id)
            units.labels[unit] = name
            units.weights[unit] = rules.unit_weight(rule, weights_map, seat.partner_id)
            voters = units.voters.setdefault(unit, [])
            voters += [p for p in (seat.holder, seat.substitute) if p is not None]
            voters += [d for d in delegates.get(seat.partner_id, []) if d not in voters]
        elif rule.voting_unit == Unit.SEAT:
            unit = rules.seat_unit(seat.pk)
            units.labels[unit] = f"{name} {seat.position}"
            units.weights[unit] = 1
            units.voters[unit] = [p for p in (seat.holder, seat.substitute) if p is not None]
        else:
            unit = rules.person_unit(seat.holder.pk)
            units.labels.setdefault(unit, f"{seat.holder} ({name})")
            units.weights[unit] = 1
            units.voters[unit] = [seat.holder]
        units.partner_of[unit] = seat.partner_id
    return units


def _present(units: _Units, attendance: list[Attendance]) -> dict[str, Person]:
    """The units present at a meeting, each with who sat for it."""
    present: dict[str, Person] = {}
    for entry in attendance:
        if entry.status == AttendanceStatus.PRESENT:
            person = entry.seat.holder
        elif entry.status == AttendanceStatus.REPLACED:
            person = entry.replaced_by
        else:
            continue
        voting_unit = units.rule.voting_unit
        if voting_unit == Unit.PARTNER:
            unit = rules.partner_unit(entry.seat.partner_id)
        elif voting_unit == Unit.SEAT:
            unit = rules.seat_unit(entry.seat.pk)
        elif entry.status == AttendanceStatus.PRESENT and entry.seat.holder_id is not None:
            unit = rules.person_unit(entry.seat.holder_id)
        else:
            continue  # one vote per person: a replacement does not vote for the holder
        if unit in units.weights and person is not None:
            present.setdefault(unit, person)
    return present


def _shares(rng: random.Random, carries: str, weight: int) -> tuple[str, dict[str, int]]:
    """(choice, shares) of one ballot: a plain vote, or a split one for a unit weighing more
    than 1 now and then."""
    options = CHOICES[carries]
    if weight > 1 and rng.random() < 0.1:
        return "", {Choice.FOR.value: weight - 1, Choice.AGAINST.value: 1}
    choice = rng.choices([c for c, _w in options], [w for _c, w in options])[0]
    return choice.value, {}


def _ballot(rng: random.Random, proposal: _Proposal, units: _Units, unit: str, person: Person,
            at: dt.datetime) -> Vote:
    choice, shares = _shares(rng, units.rule.carries, units.weights[unit])
    reason = REASONS.get(Choice(choice), "") if choice and (
        choice == Choice.OBJECTION or rng.random() < 0.3) else ""
    return Vote(decision=proposal.decision, unit=unit, partner_id=units.partner_of[unit],
                cast_by=person, choice=choice, shares=shares, reason=reason,
                cast_at=at.replace(microsecond=0), current=True)


def _title(rng: random.Random, proposal: _Proposal, used: set[tuple[int, str]]) -> str:
    topic = proposal.item.title if proposal.item is not None else rng.choice(
        ["Delivery figures", "Data quality", "Annual plan", "Interfaces", "Budget", "Risks",
         "Roadmap", "Service levels", "Covenant", "Staffing", "Audit findings"])
    when = timezone.localtime(proposal.at)
    base = f"{rng.choice(VERBS)} {topic.lower()} ({when:%Y-%m})"
    title, n = base, 1
    while (proposal.body.pk, title) in used:
        n += 1
        title = f"{base} — {n}"
    used.add((proposal.body.pk, title))
    return title


def generate(rng: random.Random, *, cast: Any, held: Sequence[Any],
             upcoming: Sequence[tuple[Meeting, Any, list[AgendaItem]]], decisions: int,
             votes: int, now: dt.datetime, notices: NotificationWriter) -> Made:
    """``decisions`` decisions with about ``votes`` votes in the alliance of ``cast`` (its
    bodies as ``dataset_d`` held their meetings: ``held`` and ``upcoming``), journaled; the
    notices still news go to ``notices``. Returns what was made (and the journal entries)."""
    made = Made()
    if decisions <= 0:
        return made
    states = {h.state.body.pk: h.state for h in held}
    states.update({state.body.pk: state for _m, state, _i in upcoming})
    if not states:
        return made
    delegates = _delegates(rng, cast, states)
    units = {pk: _units(state.body, state.seats,
                        {p: [d.person for d in ds] for p, ds in delegates.get(pk, {}).items()})
             for pk, state in states.items()}
    proposals = _proposals(rng, held, upcoming, states, decisions, now)
    _decide(rng, cast, proposals, units, now)
    _vote(rng, proposals, units, votes, now)
    closed = _close(proposals, units)
    _write(proposals, delegates, closed)
    made.journal = _journal(cast.alliance.pk, proposals, delegates, closed, units)
    _notify(notices, cast.alliance.pk, proposals, units, states)
    made.decisions = len(proposals)
    made.open = sum(1 for p in proposals if p.decision and p.decision.status == "open")
    made.votes = sum(len(p.ballots) for p in proposals)
    return made


def _delegates(rng: random.Random, cast: Any, states: dict[int, Any]
               ) -> dict[int, dict[int, list[Delegate]]]:
    """Half the partners name one more person (a professional not in the seat) who may cast
    their vote in the board and the tactical table, named by their coordinator."""
    made: dict[int, dict[int, list[Delegate]]] = {}
    by_partner = {c.partner.pk: c for c in cast.partners}
    for pk, state in states.items():
        if state.body.kind not in (BodyKind.BOARD, BodyKind.TACTICAL_TABLE):
            continue
        for seat in state.seats:
            partner_cast = by_partner[seat.partner_id]
            sitting = {seat.holder_id, seat.substitute_id}
            candidates = [p for p in partner_cast.professionals if p.pk not in sitting]
            if not candidates or rng.random() >= 0.5:
                continue
            named_by = partner_cast.coordinator or cast.manager
            made.setdefault(pk, {}).setdefault(seat.partner_id, []).append(
                Delegate(body=state.body, partner=seat.partner, person=rng.choice(candidates),
                         named_by=named_by))
    return made


def _proposals(rng: random.Random, held: Sequence[Any],
               upcoming: Sequence[tuple[Meeting, Any, list[AgendaItem]]],
               states: dict[int, Any], total: int, now: dt.datetime) -> list[_Proposal]:
    """What is put to the bodies and when: out of the decision items of the meetings held (one
    or more proposals each), one for each decision item of a meeting ahead (open), and the rest
    by written procedure at any time over the years (the last ones still running)."""
    slots = [(h, index) for h in held for index, item in enumerate(h.items)
             if item.kind == ItemKind.DECISION]
    ahead = [(meeting, state, item) for meeting, state, items in upcoming for item in items
             if item.kind == ItemKind.DECISION][: max(1, total // 50)]
    proposals = [_Proposal(body=state.body, organiser=state.organiser,
                           at=min(now, meeting.starts_at - dt.timedelta(days=3)),
                           procedure=Procedure.MEETING, meeting=meeting, item=item, ahead=True)
                 for meeting, state, item in ahead]
    in_meetings = min(round(total * IN_MEETINGS), total - len(proposals)) if slots else 0
    per_slot = [0] * len(slots)
    if in_meetings:
        if in_meetings >= len(slots):
            # Every decision item puts at least one proposal; the board and the tactical table
            # put most (they decide for the alliance; the agency and working groups prepare).
            per_slot = [1] * len(slots)
            weights = [WEIGHT.get(h.state.body.kind, 1) for h, _index in slots]
            for n in rng.choices(range(len(slots)), weights, k=in_meetings - len(slots)):
                per_slot[n] += 1
        else:
            for n in rng.sample(range(len(slots)), in_meetings):
                per_slot[n] = 1
    for (h, index), count in zip(slots, per_slot, strict=True):
        for n in range(count):
            proposals.append(_Proposal(
                body=h.state.body, organiser=h.state.organiser,
                at=h.meeting.starts_at - dt.timedelta(days=4, minutes=n),
                procedure=Procedure.MEETING, meeting=h.meeting, item=h.items[index],
                attendance=h.attendance, actions=h.actions.get(index, []) if n == 0 else []))
    written = total - len(proposals)
    starts = min((h.meeting.starts_at for h in held), default=now - dt.timedelta(days=365))
    span = max((now - starts).total_seconds(), 3600.0)
    bodies = sorted(states.values(), key=lambda s: s.body.pk)
    running = max(1, round(written * OPEN_WRITTEN)) if written > 0 else 0
    for n in range(max(written, 0)):
        state = rng.choices(bodies, [WEIGHT.get(s.body.kind, 1) for s in bodies])[0]
        if n < running:  # still running: put in the last ten days
            at = now - dt.timedelta(seconds=rng.uniform(3600, 10 * 86400))
        else:
            at = starts + dt.timedelta(seconds=rng.uniform(0, span))
        deadline = timezone.localtime(at + dt.timedelta(days=rng.choice([7, 10, 14]))).replace(
            hour=17, minute=0, second=0, microsecond=0)
        if n >= running and deadline > now:  # not meant to run still: over by now
            deadline = timezone.localtime(now - dt.timedelta(hours=1)).replace(microsecond=0)
            at = min(at, deadline - dt.timedelta(days=1))
        proposals.append(_Proposal(body=state.body, organiser=state.organiser, at=at,
                                   procedure=Procedure.WRITTEN, deadline=deadline))
    proposals.sort(key=lambda p: (p.at, p.body.pk))
    return proposals


def _decide(rng: random.Random, cast: Any, proposals: list[_Proposal],
            units: dict[int, _Units], now: dt.datetime) -> None:
    """The decision rows, numbered in the order they were put; a few withdrawn, a few put
    again after a rejection (refers_to is set once the rows are written)."""
    used: set[tuple[int, str]] = set()
    for number, proposal in enumerate(proposals, start=1):
        body = proposal.body
        closes = (proposal.deadline if proposal.procedure == Procedure.WRITTEN
                  else proposal.meeting.starts_at + dt.timedelta(
                      minutes=proposal.meeting.duration_minutes) if proposal.meeting else None)
        is_open = proposal.ahead or (closes is not None and closes > now)
        withdrawn = not is_open and rng.random() < WITHDRAWN
        status = (DecisionStatus.OPEN if is_open else
                  DecisionStatus.WITHDRAWN if withdrawn else DecisionStatus.CLOSED)
        closer = proposal.organiser if proposal.procedure == Procedure.MEETING else None
        proposal.decision = Decision(
            alliance=cast.alliance, body=body, number=number,
            title=_title(rng, proposal, used),
            proposal=f"The {body.name.lower()} is asked to decide. See the attached note.",
            procedure=proposal.procedure, meeting=proposal.meeting, agenda_item=proposal.item,
            deadline=proposal.deadline,
            secret=body.secret_ballot or rng.random() < SECRET,
            block=rng.choice(list(Block)).value if rng.random() < 0.2 else "",
            status=status, rule=units[body.pk].rule_dict, rule_version=body.version,
            proposed_by=proposal.organiser,
            # Closed at the meeting by its organiser; a written procedure closes itself at its
            # deadline (decisions_close_due, journaled as the system); a withdrawn proposal
            # was withdrawn by who put it, before it closed.
            closed_at=(closes if status == DecisionStatus.CLOSED
                       else proposal.at + (closes - proposal.at) / 2 if withdrawn and closes
                       else None),
            closed_by=(closer if status == DecisionStatus.CLOSED
                       else proposal.organiser if withdrawn else None),
            version=1 if status == DecisionStatus.OPEN else 2)


def _vote(rng: random.Random, proposals: list[_Proposal], units: dict[int, _Units],
          target: int, now: dt.datetime) -> None:
    """Each unit's vote (those present in a meeting, most units in a written procedure; so far
    for a procedure still running), then the earlier votes that were replaced, spread until
    the alliance has ``target`` votes in all."""
    pairs: list[tuple[_Proposal, int]] = []
    for proposal in proposals:
        decision = proposal.decision
        if decision is None or decision.status == DecisionStatus.WITHDRAWN or proposal.ahead:
            continue
        body_units = units[proposal.body.pk]
        if proposal.procedure == Procedure.MEETING and proposal.meeting is not None:
            start = proposal.meeting.starts_at + dt.timedelta(
                minutes=10 * (proposal.item.position if proposal.item else 1))
            for unit, person in _present(body_units, proposal.attendance).items():
                if rng.random() < TURNOUT_MEETING:
                    proposal.ballots.append(_ballot(
                        rng, proposal, body_units, unit, person,
                        min(start + dt.timedelta(seconds=rng.randint(60, 600)), now)))
        else:
            until = min(proposal.deadline or now, now)
            turnout = TURNOUT_WRITTEN if decision.status == DecisionStatus.CLOSED else 0.5
            for unit, voters in body_units.voters.items():
                if voters and rng.random() < turnout:
                    at = proposal.at + (until - proposal.at) * rng.uniform(0.2, 1.0)
                    proposal.ballots.append(_ballot(rng, proposal, body_units, unit,
                                                    rng.choice(voters), at))
        pairs += [(proposal, n) for n in range(len(proposal.ballots))]
    extra = target - len(pairs)
    if extra > 0 and pairs:
        for proposal, n in rng.choices(pairs, k=extra):
            final = proposal.ballots[n]
            body_units = units[proposal.body.pk]
            earlier = final.cast_at - dt.timedelta(minutes=rng.randint(1, 600))
            earlier = max(earlier, proposal.at.replace(microsecond=0))
            if earlier >= final.cast_at:
                earlier = final.cast_at - dt.timedelta(seconds=1)
            replaced = _ballot(rng, proposal, body_units, final.unit,
                               rng.choice(body_units.voters[final.unit]), earlier)
            replaced.current = False
            proposal.ballots.append(replaced)
    for proposal in proposals:
        proposal.ballots.sort(key=lambda v: (v.cast_at, v.current))


def _close(proposals: list[_Proposal], units: dict[int, _Units]
           ) -> list[tuple[Decision, list[Any]]]:
    """Count each closed decision's votes under its rule; returns the carried meeting decisions
    with the actions given on their agenda item (their follow-up)."""
    follow_ups = []
    for proposal in proposals:
        decision = proposal.decision
        if decision is None or decision.status != DecisionStatus.CLOSED:
            continue
        body_units = units[proposal.body.pk]
        ballots = [rules.Ballot(unit=v.unit, shares=v.shares or {v.choice: body_units.weights[
            v.unit]}, cast_at=v.cast_at, seq=n, reason=v.reason)
            for n, v in enumerate(proposal.ballots)]
        present = (list(_present(body_units, proposal.attendance))
                   if proposal.procedure == Procedure.MEETING else None)
        result = rules.tally(body_units.rule, body_units.weights, ballots,
                             deadline=decision.deadline, present=present)
        decision.outcome = result.outcome
        decision.tally = {**result.as_dict(), "labels": dict(body_units.labels)}
        if result.outcome == "carried" and proposal.actions:
            follow_ups.append((decision, proposal.actions))
    _put_again(proposals)
    return follow_ups


def _put_again(proposals: list[_Proposal]) -> None:
    """Now and then a rejected proposal is put again later, referring to it."""
    rejected: dict[int, list[Decision]] = {}
    for n, proposal in enumerate(proposals):
        decision = proposal.decision
        if decision is None:
            continue
        earlier = [d for d in rejected.get(proposal.body.pk, [])
                   if d.closed_at is not None and d.closed_at < proposal.at]
        if earlier and n % round(1 / REFERS_TO) == 0:
            decision.refers_to = earlier[-1]
            rejected[proposal.body.pk].remove(earlier[-1])
        if decision.status == DecisionStatus.CLOSED and decision.outcome == "rejected":
            rejected.setdefault(proposal.body.pk, []).append(decision)


def _write(proposals: list[_Proposal], delegates: dict[int, dict[int, list[Delegate]]],
           follow_ups: list[tuple[Decision, list[Any]]]) -> None:
    insert(Delegate, [d for by_partner in delegates.values() for ds in by_partner.values()
                      for d in ds])
    waiting = [p.decision for p in proposals if p.decision is not None]
    # A proposal put again refers to an earlier row: each goes in once that one has its id.
    while waiting:
        ready = [d for d in waiting if d.refers_to is None or d.refers_to.pk is not None]
        insert(Decision, ready)
        waiting = [d for d in waiting if d.pk is None]
    insert_rows(Vote, [v for p in proposals for v in p.ballots])
    through = Decision.follow_up_actions.through
    insert_rows(through, [through(decision_id=d.pk, actionitem_id=a.pk)
                     for d, actions in follow_ups for a in actions])


def _payload(decision: Decision, **extra: Any) -> dict[str, Any]:
    """As the decisions app's services write a decision into the journal."""
    confidential = decision.agenda_item is not None and decision.agenda_item.confidential
    return {"number": decision.number, "title": "" if confidential else decision.title,
            "body": decision.body.name, "body_id": decision.body_id, **extra}


def _vote_rows(decision: Decision, ballots: list[Vote], units: _Units) -> list[dict[str, Any]]:
    return [{"unit": v.unit, "name": units.labels.get(v.unit, v.unit),
             "partner": units.partner_names.get(v.partner_id or 0, ""), "choice": v.choice,
             "shares": v.shares, "reason": v.reason, "cast_by": str(v.cast_by),
             "cast_at": v.cast_at.isoformat(),
             "counted": decision.deadline is None or v.cast_at <= decision.deadline}
            for v in sorted((v for v in ballots if v.current), key=lambda v: v.unit)]


def _journal(alliance_id: int, proposals: list[_Proposal],
             delegates: dict[int, dict[int, list[Delegate]]],
             follow_ups: list[tuple[Decision, list[Any]]], units: dict[int, _Units]) -> int:
    """The entries the services would have appended, in order: the delegates named, then each
    proposal as it was put, voted on and closed (or withdrawn), with its follow-up."""
    journal = JournalWriter(alliance_id)
    for by_partner in delegates.values():
        for delegate in (d for ds in by_partner.values() for d in ds):
            journal.add("DelegateNamed", actor=delegate.named_by, subject=delegate, payload={
                "body": delegate.body.name, "body_id": delegate.body_id,
                "partner": delegate.partner.organisation.name,
                "partner_id": delegate.partner_id, "person": str(delegate.person),
                "person_id": delegate.person_id})
    linked = {id(d): actions for d, actions in follow_ups}
    for proposal in proposals:
        decision = proposal.decision
        if decision is None:
            continue
        body_units = units[proposal.body.pk]
        journal.add("DecisionProposed", actor=decision.proposed_by, subject=decision,
                    payload=_payload(
                        decision, procedure=decision.procedure,
                        deadline=decision.deadline.isoformat() if decision.deadline else None,
                        meeting_id=decision.meeting.pk if decision.meeting else None,
                        secret=decision.secret, rule=decision.rule,
                        rule_version=decision.rule_version,
                        refers_to=decision.refers_to.number if decision.refers_to else None,
                        rule_change=None))
        voted: set[str] = set()
        for vote in proposal.ballots:
            payload = _payload(decision, unit=vote.unit,
                               unit_name=body_units.labels.get(vote.unit, vote.unit),
                               replaced=vote.unit in voted)
            if not decision.secret:
                payload.update(choice=vote.choice, shares=vote.shares, reason=vote.reason)
            voted.add(vote.unit)
            journal.add("VoteCast", actor=vote.cast_by, subject=decision, payload=payload)
        if decision.status == DecisionStatus.CLOSED:
            journal.add("DecisionTaken", actor=decision.closed_by, subject=decision,
                        payload=_payload(decision, outcome=decision.outcome,
                                         because=(decision.tally or {}).get("because"),
                                         rule=decision.rule,
                                         rule_version=decision.rule_version,
                                         secret=decision.secret, tally=decision.tally,
                                         votes=_vote_rows(decision, proposal.ballots,
                                                          body_units)))
        elif decision.status == DecisionStatus.WITHDRAWN:
            journal.add("DecisionWithdrawn", actor=decision.closed_by, subject=decision,
                        payload=_payload(decision))
        for action in linked.get(id(decision), []):
            journal.add("FollowUpAdded", actor=proposal.organiser, subject=decision,
                        payload=_payload(decision, action=action.title, action_id=action.pk))
    return journal.flush()


def _when(value: dt.datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value is not None else ""


def _notify(notices: NotificationWriter, alliance_id: int, proposals: list[_Proposal],
            units: dict[int, _Units], states: dict[int, Any]) -> None:
    """What is still news: a vote waits on each open proposal; a decision taken in the last
    two weeks is told to the body's members."""
    for proposal in proposals:
        decision = proposal.decision
        if decision is None:
            continue
        label = f"#{decision.number} {decision.title}"
        if decision.status == DecisionStatus.OPEN:
            voters = {p.pk for ps in units[proposal.body.pk].voters.values() for p in ps}
            until = decision.deadline or (proposal.meeting.starts_at if proposal.meeting
                                          else None)
            notices.add(voters, alliance_id=alliance_id, kind=NotificationKind.VOTE_WAITING,
                        key=f"decision:{decision.pk}:vote",
                        params={"decision": label, "deadline": _when(until)},
                        url=partial(decision_url, decision), when=proposal.at)
        elif (decision.status == DecisionStatus.CLOSED and decision.closed_at is not None
              and decision.closed_at >= notices.fresh_from):
            notices.add(states[proposal.body.pk].members, alliance_id=alliance_id,
                        kind=NotificationKind.DECISION_TAKEN,
                        key=f"decision:{decision.pk}:taken",
                        params={"decision": label, "outcome": decision.outcome},
                        url=partial(decision_url, decision), when=decision.closed_at)
