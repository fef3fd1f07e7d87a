"""Access matrix entries: the annual evaluation, pages and API. Every member sees the rounds,
the statements and the counts; the key alliance manager (the founder) runs it; a personal link
answers for whoever holds it, logged in or not."""

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from concordia.accounts.models import Person
from concordia.alliances.choices import Role
from concordia.evaluation import services as evaluation_services
from concordia.evaluation.instrument import STANDARD_BY_KEY
from concordia.evaluation.models import AllianceStatement, Round
from concordia.testing.evaluation import open_round
from concordia.testing.factories import PersonFactory, give_role
from concordia.tests.access.support import (
    ACTORS,
    MEMBERS,
    Check,
    Ctx,
    Route,
    alliance_a,
    api_alliance_a,
    no_kwargs,
    to,
)

KAM = frozenset({"founder"})
EVERYONE = frozenset(ACTORS)
A = lambda ctx: ctx.world.alliance.pk  # noqa: E731


def a_round(ctx: Ctx) -> Any:
    """Set-up: alliance A's round of this year is open, with links the test knows."""
    return open_round(ctx.world)


def a_round_with_newcomer(ctx: Ctx) -> Any:
    """Set-up: the open round, and a professional of partner A who took their role after it
    opened (no link yet)."""
    opened = open_round(ctx.world)
    give_role(ctx.world.partner_a, PersonFactory(organisation=ctx.world.partner_a.organisation),
              Role.PROFESSIONAL)
    return opened


def a_statement(ctx: Ctx) -> Any:
    return evaluation_services.statement_add(actor=ctx.world.founder, alliance=ctx.world.alliance,
                                             dimension="content", text="Our data is reliable.")


def the_round(ctx: Ctx) -> Round:
    return Round.objects.filter(alliance=ctx.world.alliance).latest("pk")


def round_kwargs(ctx: Ctx) -> dict[str, Any]:
    return {"pk": ctx.world.alliance.pk, "round_pk": the_round(ctx).pk}


def api_round_kwargs(ctx: Ctx) -> dict[str, Any]:
    return {"alliance_id": ctx.world.alliance.pk, "round_id": the_round(ctx).pk}


def founders_token(ctx: Ctx) -> str:
    return f"eval_test-{the_round(ctx).pk}-{ctx.world.founder.pk}"


def newest_round(ctx: Ctx, person: Person | None) -> str:
    return reverse("evaluation_round", kwargs=round_kwargs(ctx))


def open_form(ctx: Ctx) -> dict[str, Any]:
    today = timezone.localdate()
    return {"year": 2031, "opens_on": today.isoformat(),
            "closes_on": (today + dt.timedelta(days=10)).isoformat(),
            "statements": list(STANDARD_BY_KEY)}


EVALUATION_PAGE_ROUTES: dict[str, Route] = {
    "evaluation_rounds": Route(alliance_a, (Check("get", ok=MEMBERS),), setup=a_round),
    "evaluation_round_open": Route(alliance_a, (
        Check("get", ok=KAM, forbidden=MEMBERS - KAM),
        Check("post", ok=KAM, forbidden=MEMBERS - KAM, ok_status=302, writes=True,
              body=open_form, ok_location=newest_round),
    )),
    "evaluation_statements": Route(alliance_a, (
        Check("get", ok=MEMBERS),
        Check("post", label="add", ok=KAM, forbidden=MEMBERS - KAM, ok_status=302,
              writes=True, ok_location=to("evaluation_statements", pk=A),
              body=lambda ctx: {"dimension": "content", "text": "Our data is reliable."}),
        Check("post", label="retire", ok=KAM, forbidden=MEMBERS - KAM, ok_status=302,
              writes=True, ok_location=to("evaluation_statements", pk=A),
              body=lambda ctx: {"op": "retire", "statement": str(
                  AllianceStatement.objects.latest("pk").pk)}),
    ), setup=a_statement),
    "evaluation_round": Route(round_kwargs, (
        Check("get", ok=MEMBERS),
        Check("post", label="close", ok=KAM, forbidden=MEMBERS - KAM, ok_status=302,
              writes=True, ok_location=newest_round, body=lambda ctx: {"op": "close"}),
        Check("post", label="remind", ok=KAM, forbidden=MEMBERS - KAM, ok_status=302,
              writes=True, ok_location=newest_round, body=lambda ctx: {"op": "remind"}),
        Check("post", label="newcomers", ok=KAM, forbidden=MEMBERS - KAM, ok_status=302,
              writes=True, ok_location=newest_round, body=lambda ctx: {"op": "newcomers"}),
    ), setup=a_round_with_newcomer),
    "evaluation_round_closing": Route(round_kwargs, (
        Check("get", ok=KAM, forbidden=MEMBERS - KAM),
        Check("post", ok=KAM, forbidden=MEMBERS - KAM, ok_status=302, writes=True,
              ok_location=newest_round, body=lambda ctx: {"closes_on": (
                  timezone.localdate() + dt.timedelta(days=30)).isoformat()}),
    ), setup=a_round),
    # The personal link is the proof, whoever holds it: no log-in, no role.
    "evaluation_answer": Route(lambda ctx: {"token": founders_token(ctx)}, (
        Check("get", ok=EVERYONE),
        Check("post", ok=EVERYONE, ok_status=302, writes=True,
              ok_location=to("evaluation_thanks"),
              body=lambda ctx: {"s-cultural-1": "4", "open-content": "More data."}),
    ), setup=a_round),
    "evaluation_thanks": Route(no_kwargs, (Check("get", ok=EVERYONE),)),
}

EVALUATION_API_ROUTES: dict[str, Route] = {
    "api:list_statements": Route(api_alliance_a, (Check("get", ok=MEMBERS),)),
    "api:add_statement": Route(api_alliance_a, (
        Check("post", ok=KAM, forbidden=MEMBERS - KAM, ok_status=201, writes=True,
              body=lambda ctx: {"dimension": "content", "text": "Our data is reliable."}),
    )),
    "api:retire_statement": Route(
        lambda ctx: {"alliance_id": ctx.world.alliance.pk,
                     "statement_id": AllianceStatement.objects.latest("pk").pk},
        (Check("post", ok=KAM, forbidden=MEMBERS - KAM, writes=True),), setup=a_statement),
    "api:list_rounds": Route(api_alliance_a, (Check("get", ok=MEMBERS),), setup=a_round),
    "api:open_round": Route(api_alliance_a, (
        Check("post", ok=KAM, forbidden=MEMBERS - KAM, ok_status=201, writes=True,
              body=lambda ctx: {k: v for k, v in open_form(ctx).items() if k != "statements"}),
    )),
    "api:get_round": Route(api_round_kwargs, (Check("get", ok=MEMBERS),), setup=a_round),
    "api:close_round": Route(api_round_kwargs, (
        Check("post", ok=KAM, forbidden=MEMBERS - KAM, writes=True),), setup=a_round),
    "api:remind_round": Route(api_round_kwargs, (
        Check("post", ok=KAM, forbidden=MEMBERS - KAM, writes=True),), setup=a_round),
    "api:change_closing": Route(api_round_kwargs, (
        Check("put", ok=KAM, forbidden=MEMBERS - KAM, writes=True, body=lambda ctx: {
            "closes_on": (timezone.localdate() + dt.timedelta(days=30)).isoformat()}),
    ), setup=a_round),
    "api:invite_newcomers": Route(api_round_kwargs, (
        Check("post", ok=KAM, forbidden=MEMBERS - KAM, writes=True),),
        setup=a_round_with_newcomer),
    "api:get_response_rates": Route(api_round_kwargs, (Check("get", ok=MEMBERS),),
                                    setup=a_round),
    # No authentication: the token in the body is the proof (docs/access.md, "Evaluation").
    "api:submit_answer": Route(no_kwargs, (
        Check("post", ok=EVERYONE, ok_status=204, writes=True,
              body=lambda ctx: {"token": founders_token(ctx), "scores": {"cultural.1": 4}}),
    ), setup=a_round),
}
