"""Access matrix entries: the collaboration-form advisor, pages and API."""

from typing import Any

from django.urls import reverse

from concordia.accounts.models import Person
from concordia.advisor import rules as advisor_rules
from concordia.advisor.forms import answers_as_form_data
from concordia.advisor.models import SavedAdvice
from concordia.tests.access.support import (
    ACTORS,
    MEMBERS,
    PEOPLE,
    READ_ONLY,
    WRITERS,
    Check,
    Ctx,
    Route,
    alliance_a,
    api_alliance_a,
    no_kwargs,
)

# The collaboration-form advisor: advice for anyone, logged in or not; saved advice with an
# alliance (live roles read, writers save) or with an organisation (its own people only).
ORG_A_PEOPLE = frozenset({"founder", "professional_a"})  # deactivated is anonymous-like


def advisor_form(ctx: Ctx) -> dict[str, Any]:
    return answers_as_form_data(advisor_rules.WAGE_TAX_CASE)


def newest_advice(ctx: Ctx, person: Person | None) -> str:
    return reverse("alliance_advice_detail",
                   kwargs={"pk": ctx.world.alliance.pk,
                           "advice_pk": SavedAdvice.objects.latest("pk").pk})


def api_organisation_a(ctx: Ctx) -> dict[str, Any]:
    return {"organisation_id": ctx.world.founder.organisation_id}


ADVISOR_PAGE_ROUTES: dict[str, Route] = {
    "advisor": Route(no_kwargs, (
        Check("get", ok=frozenset(ACTORS)),
        Check("post", ok=frozenset(ACTORS), body=advisor_form),  # shows advice, saves nothing
    )),
    "advice_save": Route(no_kwargs, (
        Check("post", ok=WRITERS, forbidden=READ_ONLY, ok_status=302, writes=True,
              body=lambda ctx: {**advisor_form(ctx), "title": "Matrix",
                                "destination": f"alliance-{ctx.world.alliance.pk}"},
              ok_location=newest_advice),
    )),
    "alliance_advice_list": Route(alliance_a, (Check("get", ok=MEMBERS),)),
    "alliance_advice_detail": Route(
        lambda ctx: {"pk": ctx.world.alliance.pk, "advice_pk": ctx.alliance_advice.pk},
        (Check("get", ok=MEMBERS),)),
    "organisation_advice_list": Route(lambda ctx: {"pk": ctx.world.founder.organisation_id},
                                      (Check("get", ok=ORG_A_PEOPLE),)),
    "organisation_advice_detail": Route(
        lambda ctx: {"pk": ctx.world.founder.organisation_id,
                     "advice_pk": ctx.organisation_advice.pk},
        (Check("get", ok=ORG_A_PEOPLE),)),
}
ADVISOR_API_ROUTES: dict[str, Route] = {
    "api:advise_collaboration_form": Route(no_kwargs, (
        Check("post", ok=PEOPLE, body=lambda ctx: advisor_rules.WAGE_TAX_CASE.as_dict()),
    )),
    "api:list_alliance_form_advice": Route(api_alliance_a, (Check("get", ok=MEMBERS),)),
    "api:save_alliance_form_advice": Route(api_alliance_a, (
        Check("post", ok=WRITERS, forbidden=READ_ONLY, ok_status=201, writes=True,
              body=lambda ctx: {"answers": advisor_rules.WAGE_TAX_CASE.as_dict()}),
    )),
    "api:get_alliance_form_advice": Route(
        lambda ctx: {"alliance_id": ctx.world.alliance.pk, "advice_id": ctx.alliance_advice.pk},
        (Check("get", ok=MEMBERS),)),
    "api:list_organisation_form_advice": Route(api_organisation_a,
                                               (Check("get", ok=ORG_A_PEOPLE),)),
    "api:save_organisation_form_advice": Route(api_organisation_a, (
        Check("post", ok=ORG_A_PEOPLE, ok_status=201, writes=True,
              body=lambda ctx: {"answers": advisor_rules.WAGE_TAX_CASE.as_dict()}),
    )),
    "api:get_organisation_form_advice": Route(
        lambda ctx: {"organisation_id": ctx.world.founder.organisation_id,
                     "advice_id": ctx.organisation_advice.pk},
        (Check("get", ok=ORG_A_PEOPLE),)),
}
