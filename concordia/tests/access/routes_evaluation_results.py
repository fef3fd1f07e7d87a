"""Access matrix entries: the results of a closed evaluation round (page, PDF, CSV, XLSX, API).
Everyone with a live role in the alliance reads them; nobody writes here."""

import datetime as dt
from typing import Any

from concordia.evaluation.choices import RoleGroup, RoundState
from concordia.evaluation.instrument import STANDARD_STATEMENTS
from concordia.evaluation.models import Response, Round
from concordia.tests.access.support import MEMBERS, Check, Ctx, Route

YEAR = 2025


def closed_round(ctx: Ctx) -> Round:
    """Set-up: alliance A's closed round of 2025, six answers from each of its two partners."""
    round_, created = Round.objects.get_or_create(
        alliance=ctx.world.alliance, year=YEAR,
        defaults={"opens_on": dt.date(YEAR, 3, 1), "closes_on": dt.date(YEAR, 3, 31),
                  "statement_keys": [s.key for s in STANDARD_STATEMENTS],
                  "state": RoundState.CLOSED, "opened_by": ctx.world.founder})
    if created:
        Response.objects.bulk_create([
            Response(round=round_, partner=partner, level="operational",
                     role_group=RoleGroup.STAFF,
                     scores={s.key: 1 + (i + n) % 5 for n, s in enumerate(STANDARD_STATEMENTS)})
            for partner in (ctx.world.partner_a, ctx.world.partner_b) for i in range(6)])
    return round_


def results_a(ctx: Ctx) -> dict[str, Any]:
    return {"pk": ctx.world.alliance.pk, "year": YEAR}


def api_results_a(ctx: Ctx) -> dict[str, Any]:
    return {"alliance_id": ctx.world.alliance.pk, "year": YEAR}


EVALUATION_RESULTS_PAGE_ROUTES: dict[str, Route] = {
    name: Route(results_a, (Check("get", ok=MEMBERS),), setup=closed_round)
    for name in ("evaluation_results", "evaluation_results_pdf", "evaluation_results_csv",
                 "evaluation_results_xlsx")
}
EVALUATION_RESULTS_API_ROUTES: dict[str, Route] = {
    "api:get_evaluation_results": Route(api_results_a, (Check("get", ok=MEMBERS),),
                                        setup=closed_round),
}
