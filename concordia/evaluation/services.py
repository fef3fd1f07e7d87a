"""Every write of the annual evaluation: the alliance's own statements, opening a round (with
each invitee's personal link by mail), reminding, answering through a link and closing.

Answering is the one write that appends nothing to the journal, on purpose: the journal is
numbered and timed, and an entry per answer would give each response a moment that joins it to
the person who answered then (docs/decisions/0012)."""

import datetime as dt
from collections.abc import Collection, Mapping

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from concordia.access import policy
from concordia.accounts.models import Person, hash_token, new_raw_token
from concordia.alliances.choices import Level, PartnerStatus, Role
from concordia.alliances.locks import alliance_lock
from concordia.alliances.models import Alliance, Partner
from concordia.core.errors import Conflict, DomainError
from concordia.handbook.catalogue import DIMENSION_PILLARS, Dimension, Pillar
from concordia.journal.services import journal_append

from . import mail, rules, selectors
from .choices import RoundState
from .instrument import OWN_PREFIX, STANDARD_BY_KEY
from .models import AllianceStatement, Response, Round, RoundInvitation

TOKEN_PREFIX = "eval"  # noqa: S105 — a token name, not a secret
STATEMENT_MAX_LENGTH = 300
_PILLARS = frozenset(p.value for p in Pillar)


def _require_runner(actor: Person, alliance: Alliance) -> None:
    if not policy.can(actor, "alliance.view", alliance):
        raise PermissionDenied
    policy.require(actor, "alliance.run_evaluation", alliance)


# --- The alliance's own statements --------------------------------------------------------------

@transaction.atomic
def statement_add(*, actor: Person, alliance: Alliance, dimension: str, text: str,
                  pillars: Collection[str] = ()) -> AllianceStatement:
    """Add a statement of the alliance's own to its instrument (key ``own.<n>``, never reused).
    Without pillars it speaks to its dimension's two. Journaled as EvaluationStatementAdded."""
    alliance_lock(alliance.pk, actor=actor)
    _require_runner(actor, alliance)
    text = " ".join(text.split())
    if dimension not in rules.DIMENSIONS:
        raise DomainError(_("Choose one of the four dimensions."), field="dimension")
    if not text:
        raise DomainError(_("Write the statement."), field="text")
    if len(text) > STATEMENT_MAX_LENGTH:
        raise DomainError(_("Keep the statement under 300 characters."), field="text")
    unknown = [p for p in pillars if p not in _PILLARS]
    if unknown:
        raise DomainError(_("Unknown pillar."), field="pillars")
    chosen = list(dict.fromkeys(pillars)) or [p.value for p in DIMENSION_PILLARS[
        Dimension(dimension)]]
    number = AllianceStatement.objects.filter(alliance=alliance).count() + 1
    statement = AllianceStatement.objects.create(
        alliance=alliance, key=f"{OWN_PREFIX}{number}", dimension=dimension, text=text,
        pillars=chosen, created_by=actor)
    journal_append(alliance=alliance, actor=actor, kind="EvaluationStatementAdded",
                   subject=statement, payload={"key": statement.key, "text": text,
                                               "dimension": dimension})
    return statement


@transaction.atomic
def statement_retire(*, actor: Person, statement: AllianceStatement) -> AllianceStatement:
    """Stop asking one of the alliance's own statements in new rounds (rounds that asked it
    keep it). Journaled as EvaluationStatementRetired."""
    alliance_lock(statement.alliance_id, actor=actor)
    _require_runner(actor, statement.alliance)
    statement = AllianceStatement.objects.select_for_update().get(pk=statement.pk)
    if statement.retired_at is not None:
        raise Conflict(_("The statement was retired already."))
    statement.retired_at = timezone.now()
    statement.save(update_fields=["retired_at"])
    journal_append(alliance=statement.alliance, actor=actor, kind="EvaluationStatementRetired",
                   subject=statement, payload={"key": statement.key, "text": statement.text})
    return statement


def available_statement_keys(alliance: Alliance) -> list[str]:
    """What a new round may ask: the standard statements and the alliance's own that are not
    retired, in the instrument's order."""
    own = AllianceStatement.objects.filter(alliance=alliance, retired_at__isnull=True)
    return list(STANDARD_BY_KEY) + [s.key for s in own.order_by("pk")]


# --- Rounds -------------------------------------------------------------------------------------

@transaction.atomic
def round_open(*, actor: Person, alliance: Alliance, year: int, opens_on: dt.date,
               closes_on: dt.date, statement_keys: Collection[str] | None = None,
               roles: Collection[str] = (), levels: Collection[str] = (),
               partners: Collection[Partner] = (), site_url: str = "") -> Round:
    """Open the year's round: fix its statements, invite everyone it is for and mail each their
    personal single-use link. Journaled as EvaluationRoundOpened with how many were invited."""
    alliance_lock(alliance.pk, actor=actor)
    _require_runner(actor, alliance)
    available = available_statement_keys(alliance)
    keys = available if statement_keys is None else [k for k in available
                                                       if k in set(statement_keys)]
    unknown = set(statement_keys or ()) - set(available)
    if unknown:
        raise DomainError(_("Choose statements of this alliance's instrument."),
                          field="statements")
    problems = rules.round_problems(year=year, opens_on=opens_on, closes_on=closes_on,
                                    today=timezone.localdate(), statement_count=len(keys))
    if problems:
        message, field = _round_problem(problems[0])
        raise DomainError(message, field=field)
    if any(r not in Role.values for r in roles):
        raise DomainError(_("Unknown role."), field="roles")
    if any(level not in Level.values for level in levels):
        raise DomainError(_("Unknown level."), field="levels")
    partner_list = list(partners)
    if any(p.alliance_id != alliance.pk or p.status != PartnerStatus.ACTIVE
           for p in partner_list):
        raise DomainError(_("Choose active partners of this alliance."), field="partners")
    if Round.objects.filter(alliance=alliance, year=year).exists():
        raise Conflict(_("This alliance already has a round for %(year)s.") % {"year": year},
                       field="year")
    invitees = selectors.invitees(alliance, roles=set(roles), levels=set(levels),
                         partner_ids={p.pk for p in partner_list})
    if not invitees:
        raise DomainError(_("Nobody in the alliance fits this choice: invite more widely."),
                          field="roles")
    evaluation_round = Round.objects.create(
        alliance=alliance, year=year, opens_on=opens_on, closes_on=closes_on,
        invited_roles=sorted(set(roles)), invited_levels=sorted(set(levels)),
        statement_keys=keys, state=RoundState.OPEN, opened_by=actor)
    evaluation_round.invited_partners.set(partner_list)
    links: list[tuple[RoundInvitation, str]] = []
    invitations = []
    for person, group in invitees.values():
        raw = new_raw_token(TOKEN_PREFIX)
        invitation = RoundInvitation(
            round=evaluation_round, person=person, partner_id=group.partner_id,
            level=group.level, role_group=group.role_group, token_hash=hash_token(raw))
        invitations.append(invitation)
        links.append((invitation, raw))
    RoundInvitation.objects.bulk_create(invitations)
    mail.enqueue_links(links, site_url=site_url, reminder=False)
    journal_append(alliance=alliance, actor=actor, kind="EvaluationRoundOpened",
                   subject=evaluation_round,
                   payload={"year": year, "opens_on": opens_on.isoformat(),
                            "closes_on": closes_on.isoformat(), "invited": len(invitations),
                            "statements": keys})
    return evaluation_round


@transaction.atomic
def round_change_closing(*, actor: Person, evaluation_round: Round,
                         closes_on: dt.date) -> Round:
    """Move an open round's closing date (later to give people more time, or earlier), within
    the limits a new round has. Journaled as EvaluationClosingChanged with both dates."""
    alliance_lock(evaluation_round.alliance_id, actor=actor)
    _require_runner(actor, evaluation_round.alliance)
    evaluation_round = _locked_round(evaluation_round)
    if evaluation_round.state != RoundState.OPEN:
        raise Conflict(_("The round is closed: its dates stay as they were."))
    problems = rules.round_problems(
        year=evaluation_round.year, opens_on=evaluation_round.opens_on, closes_on=closes_on,
        today=timezone.localdate(), statement_count=len(evaluation_round.statement_keys))
    if problems:
        message, field = _round_problem(problems[0])
        raise DomainError(message, field=field)
    previous = evaluation_round.closes_on
    if closes_on == previous:
        return evaluation_round
    evaluation_round.closes_on = closes_on
    evaluation_round.save(update_fields=["closes_on"])
    journal_append(alliance=evaluation_round.alliance, actor=actor,
                   kind="EvaluationClosingChanged", subject=evaluation_round,
                   payload={"year": evaluation_round.year,
                            "opens_on": evaluation_round.opens_on.isoformat(),
                            "closes_on": closes_on.isoformat(),
                            "previous_closes_on": previous.isoformat()})
    return evaluation_round


@transaction.atomic
def round_invite_newcomers(*, actor: Person, evaluation_round: Round,
                           site_url: str = "") -> int:
    """Invite everyone who fits the open round's choice and has no link yet (they took a role
    after it opened) and mail them their link. Returns how many; running it again invites
    nobody twice. Journaled as EvaluationNewcomersInvited with that number."""
    evaluation_round = _answerable_round(actor, evaluation_round)
    links = []
    for person, group in selectors.round_newcomers(evaluation_round):
        raw = new_raw_token(TOKEN_PREFIX)
        links.append((RoundInvitation(
            round=evaluation_round, person=person, partner_id=group.partner_id,
            level=group.level, role_group=group.role_group, token_hash=hash_token(raw)), raw))
    if not links:
        return 0
    RoundInvitation.objects.bulk_create([invitation for invitation, _raw in links])
    mail.enqueue_links(links, site_url=site_url, reminder=False)
    journal_append(alliance=evaluation_round.alliance, actor=actor,
                   kind="EvaluationNewcomersInvited", subject=evaluation_round,
                   payload={"year": evaluation_round.year, "invited": len(links)})
    return len(links)


def _round_problem(problem: rules.RoundProblem) -> tuple[str, str]:
    return {
        rules.RoundProblem.YEAR: (_("Give a year between 2000 and 2100."), "year"),
        rules.RoundProblem.DATES: (_("The round closes on or after the day it opens."),
                                   "closes_on"),
        rules.RoundProblem.TOO_LONG: (_("A round stays open at most 120 days."), "closes_on"),
        rules.RoundProblem.ENDED: (_("The closing date has passed."), "closes_on"),
        rules.RoundProblem.NO_STATEMENTS: (_("Choose at least one statement."), "statements"),
    }[problem]


def _locked_round(evaluation_round: Round) -> Round:
    return Round.objects.select_for_update().select_related("alliance").get(
        pk=evaluation_round.pk)


def _answerable_round(actor: Person, evaluation_round: Round) -> Round:
    """The round locked for a write that sends links: the alliance lock first, the key alliance
    manager only, and only while people can still answer."""
    alliance_lock(evaluation_round.alliance_id, actor=actor)
    _require_runner(actor, evaluation_round.alliance)
    evaluation_round = _locked_round(evaluation_round)
    if evaluation_round.state != RoundState.OPEN:
        raise Conflict(_("The round is closed: nobody can answer any more."))
    if evaluation_round.closes_on < timezone.localdate():
        raise Conflict(_("The closing date has passed: close the round."))
    return evaluation_round


@transaction.atomic
def round_remind(*, actor: Person, evaluation_round: Round, site_url: str = "") -> int:
    """Mail everyone who has not answered a new link (the earlier one stops working). Returns
    how many were reminded. Journaled as EvaluationRemindersSent with that number."""
    evaluation_round = _answerable_round(actor, evaluation_round)
    waiting = list(RoundInvitation.objects.select_for_update().filter(
        round=evaluation_round, answered=False).order_by("pk"))
    links = []
    for invitation in waiting:
        raw = new_raw_token(TOKEN_PREFIX)
        invitation.token_hash = hash_token(raw)
        invitation.reminders_sent += 1
        links.append((invitation, raw))
    RoundInvitation.objects.bulk_update(waiting, ["token_hash", "reminders_sent"])
    mail.enqueue_links(links, site_url=site_url, reminder=True)
    journal_append(alliance=evaluation_round.alliance, actor=actor,
                   kind="EvaluationRemindersSent", subject=evaluation_round,
                   payload={"year": evaluation_round.year, "invited": len(waiting)})
    return len(waiting)


def _close(evaluation_round: Round, *, actor: Person | None) -> Round:
    evaluation_round.state = RoundState.CLOSED
    evaluation_round.closed_at = timezone.now()
    evaluation_round.save(update_fields=["state", "closed_at"])
    invited = RoundInvitation.objects.filter(round=evaluation_round).count()
    responses = Response.objects.filter(round=evaluation_round).count()
    journal_append(alliance=evaluation_round.alliance, actor=actor,
                   kind="EvaluationRoundClosed", subject=evaluation_round,
                   payload={"year": evaluation_round.year, "invited": invited,
                            "responses": responses})
    return evaluation_round


@transaction.atomic
def round_close(*, actor: Person, evaluation_round: Round) -> Round:
    """Close a round by hand: no link answers any more; the results may be shown. Journaled
    as EvaluationRoundClosed with how many were invited and how many answered."""
    alliance_lock(evaluation_round.alliance_id, actor=actor)
    _require_runner(actor, evaluation_round.alliance)
    evaluation_round = _locked_round(evaluation_round)
    if evaluation_round.state != RoundState.OPEN:
        raise Conflict(_("The round is closed already."))
    return _close(evaluation_round, actor=actor)


def rounds_close_due(today: dt.date | None = None) -> int:
    """Close every open round whose closing date has passed (the ``evaluation_close_due``
    command; running it twice closes nothing twice). Journaled as the system. Returns how
    many were closed."""
    today = today or timezone.localdate()
    closed = 0
    due = list(Round.objects.filter(state=RoundState.OPEN, closes_on__lt=today)
               .order_by("alliance_id", "pk").values_list("alliance_id", "pk"))
    for alliance_id, pk in due:
        with transaction.atomic():
            alliance_lock(alliance_id)
            evaluation_round = _locked_round(Round(pk=pk))
            if not rules.is_due_to_close(round_open=evaluation_round.state == RoundState.OPEN,
                                         closes_on=evaluation_round.closes_on, today=today):
                continue
            _close(evaluation_round, actor=None)
            closed += 1
    return closed


# --- Answering ----------------------------------------------------------------------------------

class LinkUnusable(Exception):
    """The link cannot answer: unknown, used, replaced, or its round is not open."""

    def __init__(self, state: str) -> None:
        super().__init__(state)
        self.state = state


UNKNOWN = "unknown"


@transaction.atomic
def response_submit(*, token: str, scores: Mapping[str, int],
                    open_answers: Mapping[str, str] | None = None) -> None:
    """Answer a round through a personal link, once. The response keeps the partner, level and
    role group of the invitation and nothing else of it; nothing is journaled (decision 0012).
    Two answers with one link at the same moment: one response (the invitation row is locked
    and flipped only if still unanswered)."""
    found = RoundInvitation.objects.filter(token_hash=hash_token(token)).values_list(
        "round__alliance_id", flat=True).first()
    if found is None:
        raise LinkUnusable(UNKNOWN)
    alliance_lock(found)
    invitation = (RoundInvitation.objects.select_for_update(of=("self",))
                  .select_related("round").filter(token_hash=hash_token(token)).first())
    if invitation is None:  # replaced by a reminder meanwhile
        raise LinkUnusable(UNKNOWN)
    evaluation_round = invitation.round
    state = rules.link_state(round_open=evaluation_round.state == RoundState.OPEN,
                             opens_on=evaluation_round.opens_on,
                             closes_on=evaluation_round.closes_on,
                             today=timezone.localdate(), answered=invitation.answered)
    if state != rules.LinkState.ANSWERABLE:
        raise LinkUnusable(state)
    answers = rules.clean_open_answers(open_answers or {})
    problems = rules.answer_problems(scores, answers,
                                     statement_keys=evaluation_round.statement_keys)
    if problems:
        field, problem = next(iter(problems.items()))
        raise DomainError({
            rules.AnswerProblem.UNKNOWN_STATEMENT: _("This statement is not asked in this "
                                                     "round."),
            rules.AnswerProblem.OUT_OF_SCALE: _("Choose a score from 1 to 5."),
            rules.AnswerProblem.EMPTY: _("Score at least one statement."),
            rules.AnswerProblem.UNKNOWN_DIMENSION: _("Unknown dimension."),
            rules.AnswerProblem.TOO_LONG: _("Keep the answer under 2000 characters."),
        }[problem], field=field or None)
    # The conditional update is the last line of defence where rows are not locked (SQLite).
    if not RoundInvitation.objects.filter(pk=invitation.pk, answered=False).update(
            answered=True):
        raise LinkUnusable(rules.LinkState.ANSWERED)
    Response.objects.create(round=evaluation_round, partner_id=invitation.partner_id,
                            level=invitation.level, role_group=invitation.role_group,
                            scores=dict(scores), open_answers=answers)
