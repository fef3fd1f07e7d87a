"""Every read of the annual evaluation, scoped by the access policy. Response counts come
from the invitations' flags; nothing here reads a response's scores (the results do, after
closing, through the aggregation rules)."""

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.functional import Promise

from concordia.access import policy
from concordia.accounts.models import Person, hash_token
from concordia.alliances.choices import Level
from concordia.alliances.models import Alliance, Membership, Partner
from concordia.handbook.catalogue import Dimension, Pillar
from concordia.handbook.texts import DIMENSIONS, PILLARS

from . import rules
from .instrument import OPEN_QUESTIONS, STANDARD_STATEMENTS
from .models import AllianceStatement, Response, Round, RoundInvitation

_PILLAR_KEYS = frozenset(p.value for p in Pillar)


@dataclass(frozen=True)
class StatementView:
    key: str
    dimension: str
    pillars: tuple[str, ...]
    text: str | Promise
    own: bool
    retired: bool = False
    pk: int | None = None

    @property
    def pillar_titles(self) -> str:
        return ", ".join(str(PILLARS[Pillar(p)].title) for p in self.pillars
                         if p in _PILLAR_KEYS)


@dataclass(frozen=True)
class DimensionView:
    dimension: str
    statements: list[StatementView]
    open_question: str | Promise
    title: str | Promise = ""


def _own(alliance_id: int) -> dict[str, AllianceStatement]:
    return {s.key: s for s in AllianceStatement.objects.filter(alliance_id=alliance_id)
            .order_by("pk")}


def _view(statement: AllianceStatement) -> StatementView:
    return StatementView(statement.key, statement.dimension, tuple(statement.pillars),
                         statement.text, own=True, retired=statement.retired_at is not None,
                         pk=statement.pk)


def instrument(*, user: Any, alliance: Alliance) -> list[StatementView]:
    """The alliance's instrument: the standard statements, then its own (retired ones too,
    marked)."""
    policy.alliance_or_404(user, alliance.pk)
    standard = [StatementView(s.key, s.dimension.value, tuple(p.value for p in s.pillars),
                              s.text, own=False) for s in STANDARD_STATEMENTS]
    return standard + [_view(s) for s in _own(alliance.pk).values()]


def own_statement_get(*, user: Any, alliance: Alliance, pk: int) -> AllianceStatement:
    policy.alliance_or_404(user, alliance.pk)
    return AllianceStatement.objects.select_related("alliance").get(alliance=alliance, pk=pk)


def round_statements(evaluation_round: Round) -> list[StatementView]:
    """The statements a round asks, in its order (own statements as they were worded)."""
    own = _own(evaluation_round.alliance_id)
    standard = {s.key: s for s in STANDARD_STATEMENTS}
    views = []
    for key in evaluation_round.statement_keys:
        if key in standard:
            s = standard[key]
            views.append(StatementView(key, s.dimension.value,
                                       tuple(p.value for p in s.pillars), s.text, own=False))
        elif key in own:
            views.append(_view(own[key]))
    return views


def by_dimension(statements: Iterable[StatementView]) -> list[DimensionView]:
    """Statements grouped by dimension, in the model's order, each with its open question."""
    statements = list(statements)
    return [DimensionView(d.value, [s for s in statements if s.dimension == d.value],
                          OPEN_QUESTIONS[d], DIMENSIONS[d].title) for d in Dimension
            if any(s.dimension == d.value for s in statements)]


def round_list(*, user: Any, alliance: Alliance) -> QuerySet[Round]:
    """The alliance's rounds, newest year first, with how many were invited and answered."""
    policy.alliance_or_404(user, alliance.pk)
    return (Round.objects.filter(alliance=alliance)
            .annotate(invited=_count(RoundInvitation.objects.all()),
                      answered=_count(Response.objects.all()))
            .order_by("-year"))


def _count(rows: QuerySet[Any]) -> Any:
    """How many of the rows belong to the outer round (a subquery, so counts do not multiply).
    Answered counts the responses: the same number as the invitations used, and also right
    for rounds written down before the alliance used Concordia (no invitations)."""
    return Coalesce(Subquery(rows.filter(round=OuterRef("pk")).order_by().values("round")
                             .annotate(n=Count("pk")).values("n")), 0)


def round_get(*, user: Any, alliance: Alliance, pk: int) -> Round:
    policy.alliance_or_404(user, alliance.pk)
    try:
        return (round_list(user=user, alliance=alliance).select_related("alliance")
                .prefetch_related("invited_partners__organisation").get(pk=pk))
    except Round.DoesNotExist:
        raise Http404 from None


@dataclass(frozen=True)
class RateRow:
    key: str
    label: str
    invited: int
    answered: int

    @property
    def rate(self) -> int | None:
        return rules.rate(self.answered, self.invited)


@dataclass(frozen=True)
class Rates:
    total: RateRow
    partners: list[RateRow]
    levels: list[RateRow]


def response_rates(evaluation_round: Round) -> Rates:
    """How many were invited and how many answered, in all, per partner and per level — from
    the invitations' flags, in one query (counts only: who answered is never shown)."""
    rows: list[dict[str, Any]] = [dict(row) for row in (
        RoundInvitation.objects.filter(round=evaluation_round).values("partner_id", "level")
        .annotate(invited=Count("pk"), answered=Count("pk", filter=Q(answered=True)))
        .order_by())]
    partner_names = dict(Partner.objects.filter(pk__in={r["partner_id"] for r in rows})
                         .values_list("pk", "organisation__name"))

    def total(key: str, label: str, selected: list[dict[str, Any]]) -> RateRow:
        return RateRow(key, label, sum(r["invited"] for r in selected),
                       sum(r["answered"] for r in selected))

    partners = sorted((total(str(pid), partner_names.get(pid, ""),
                             [r for r in rows if r["partner_id"] == pid])
                       for pid in {r["partner_id"] for r in rows}), key=lambda r: r.label)
    levels = [total(level.value, str(level.label), [r for r in rows if r["level"] == level])
              for level in Level if any(r["level"] == level for r in rows)]
    return Rates(total("", "", rows), partners, levels)


def invitation_for_token(token: str) -> RoundInvitation | None:
    """The invitation a personal link stands for (no log-in: the token is the proof)."""
    if not token or len(token) > 100:
        return None
    return (RoundInvitation.objects.select_related("round__alliance")
            .filter(token_hash=hash_token(token)).first())


# --- Who a round invites ------------------------------------------------------------------

def invitees(alliance: Alliance, *, roles: Collection[str], levels: Collection[str],
              partner_ids: Collection[int]) -> dict[int, tuple[Person, rules.Group]]:
    """Everyone with a live role the round invites, each once, with the group they count
    under."""
    held: dict[int, list[rules.Held]] = {}
    people: dict[int, Person] = {}
    for membership in (Membership.objects.filter(policy.live_membership_q(), alliance=alliance)
                       .select_related("person").order_by("person_id", "pk")):
        if membership.partner_id is None:  # an outside reviewer answers for no partner
            continue
        people[membership.person_id] = membership.person
        held.setdefault(membership.person_id, []).append(
            rules.Held(membership.partner_id, membership.role, membership.level))
    chosen = {}
    for person_id, roles_held in held.items():
        group = rules.invitee_group(roles_held, roles=roles, levels=levels,
                                    partner_ids=partner_ids)
        if group is not None:
            chosen[person_id] = (people[person_id], group)
    return chosen


def round_newcomers(evaluation_round: Round) -> list[tuple[Person, rules.Group]]:
    """Who fits the open round's choice today but has no link: people who took a role after
    the round opened. Each with the group they would count under."""
    invited = set(RoundInvitation.objects.filter(round=evaluation_round)
                  .values_list("person_id", flat=True))
    fitting = invitees(evaluation_round.alliance, roles=set(evaluation_round.invited_roles),
                       levels=set(evaluation_round.invited_levels),
                       partner_ids=set(evaluation_round.invited_partners
                                       .values_list("pk", flat=True)))
    return [fit for person_id, fit in fitting.items() if person_id not in invited]
