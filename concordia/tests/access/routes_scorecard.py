"""Access matrix entries: the scorecard, pages and API.

In the scorecard world (concordia/testing/scorecard.py) indicator A is partner A's (the
founder's and professional_a's partner), indicator B partner B's (coordinator_b's). The core
team (founder, coordinator_b) defines, changes and retires indicators and sets targets (403 for
the other members); partner A's writers enter indicator A's values — coordinator_b (partner B)
gets 403, and an upload naming indicator A is refused on its line (422, nothing imported);
observers and reviewers only read."""

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from concordia.scorecard.models import Indicator
from concordia.testing.scorecard import scorecard_of
from concordia.tests.access.support import (
    MEMBERS,
    READ_ONLY,
    STEERING,
    WRITERS,
    Check,
    Ctx,
    Outcome,
    Person,
    Route,
)

PARTNER_A_WRITERS = frozenset({"founder", "professional_a"})


def alliance_kwargs(ctx: Ctx) -> dict[str, Any]:
    scorecard_of(ctx)
    return {"pk": ctx.world.alliance.pk}


def template_kwargs(ctx: Ctx) -> dict[str, Any]:
    return {**alliance_kwargs(ctx), "fmt": "csv"}


def indicator_kwargs(ctx: Ctx) -> dict[str, Any]:
    return {"pk": ctx.world.alliance.pk, "indicator_pk": scorecard_of(ctx).indicator_a.pk}


def indicator_form(ctx: Ctx) -> dict[str, Any]:
    return {"name": "Errors per million", "definition": "Errors per million data items.",
            "unit": "ppm", "direction": "lower", "period_kind": "year",
            "owner_partner": str(ctx.world.partner_b.pk), "owner_person": "", "source": "",
            "pillar": "", "objective": "", "tolerance": "10", "target": "5",
            "target_from": "2025"}


def indicator_edit_form(ctx: Ctx) -> dict[str, Any]:
    return {"name": "Reports in time", "definition": "Share received by the deadline.",
            "unit": "%", "direction": "higher", "owner_partner": str(ctx.world.partner_a.pk),
            "owner_person": "", "source": "", "pillar": "", "objective": "", "version": "1"}


def upload_body(ctx: Ctx) -> dict[str, Any]:
    data = b"indicator,period,value,unit\nReports on time,2024-Q3,94,%\n"
    return {"file": SimpleUploadedFile("values.csv", data, content_type="text/csv")}


def newest_indicator(ctx: Ctx, person: Person | None) -> str:
    return reverse("indicator_detail", kwargs={"pk": ctx.world.alliance.pk,
                                               "indicator_pk": Indicator.objects.latest("pk").pk})


def the_indicator(ctx: Ctx, person: Person | None) -> str:
    return reverse("indicator_detail", kwargs=indicator_kwargs(ctx))


def the_scorecard(ctx: Ctx, person: Person | None) -> str:
    return reverse("scorecard", kwargs={"pk": ctx.world.alliance.pk})


SCORECARD_PAGE_ROUTES: dict[str, Route] = {
    "scorecard": Route(alliance_kwargs, (Check("get", ok=MEMBERS),)),
    "indicator_create": Route(alliance_kwargs, (
        Check("get", ok=STEERING, forbidden=MEMBERS - STEERING),
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=302, writes=True,
              body=indicator_form, ok_location=newest_indicator),
    )),
    "indicator_detail": Route(indicator_kwargs, (Check("get", ok=MEMBERS),)),
    "indicator_edit": Route(indicator_kwargs, (
        Check("get", ok=STEERING, forbidden=MEMBERS - STEERING),
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=302, writes=True,
              body=indicator_edit_form, ok_location=the_indicator),
    )),
    "indicator_retire": Route(indicator_kwargs, (
        Check("get", ok=STEERING, forbidden=MEMBERS - STEERING),
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=302, writes=True,
              body=lambda ctx: {"version": "1"}, ok_location=the_scorecard),
    )),
    "target_set": Route(indicator_kwargs, (
        Check("get", ok=STEERING, forbidden=MEMBERS - STEERING),
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=302, writes=True,
              body=lambda ctx: {"from_period": "2025-Q1", "value": "95"},
              ok_location=the_indicator),
    )),
    "measurement_create": Route(indicator_kwargs, (
        Check("get", ok=PARTNER_A_WRITERS, forbidden=MEMBERS - PARTNER_A_WRITERS),
        Check("post", ok=PARTNER_A_WRITERS, forbidden=MEMBERS - PARTNER_A_WRITERS,
              ok_status=302, writes=True,
              body=lambda ctx: {"period": "2024-Q3", "value": "94", "note": ""},
              ok_location=the_indicator),
    )),
    "measurement_upload": Route(alliance_kwargs, (
        Check("get", ok=WRITERS, forbidden=READ_ONLY),
        # coordinator_b may upload, but only partner B's values: the line naming partner A's
        # indicator is refused and nothing is imported.
        Check("post", ok=WRITERS, forbidden=READ_ONLY, ok_status=302, writes=True,
              body=upload_body, ok_location=the_scorecard,
              special={"coordinator_b": Outcome(422)}),
    )),
    "measurement_template": Route(template_kwargs, (
        Check("get", ok=WRITERS, forbidden=READ_ONLY),
    )),
}


def api_alliance_kwargs(ctx: Ctx) -> dict[str, Any]:
    scorecard_of(ctx)
    return {"alliance_id": ctx.world.alliance.pk}


def api_indicator_kwargs(ctx: Ctx) -> dict[str, Any]:
    return {"alliance_id": ctx.world.alliance.pk,
            "indicator_id": scorecard_of(ctx).indicator_a.pk}


def api_indicator(ctx: Ctx) -> dict[str, Any]:
    return {"name": "Errors per million", "definition": "Errors per million data items.",
            "unit": "ppm", "direction": "lower", "period_kind": "year",
            "owner_partner_id": ctx.world.partner_b.pk}


def api_bulk(ctx: Ctx) -> dict[str, Any]:
    return {"measurements": [{"indicator_id": scorecard_of(ctx).indicator_a.pk,
                              "period": "2024-Q3", "value": "94"}]}


SCORECARD_API_ROUTES: dict[str, Route] = {
    "api:list_indicators": Route(api_alliance_kwargs, (Check("get", ok=MEMBERS),)),
    "api:create_indicator": Route(api_alliance_kwargs, (
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=201, writes=True,
              body=api_indicator),
    )),
    "api:get_indicator": Route(api_indicator_kwargs, (Check("get", ok=MEMBERS),)),
    "api:patch_indicator": Route(api_indicator_kwargs, (
        Check("patch", ok=STEERING, forbidden=MEMBERS - STEERING, writes=True,
              body=lambda ctx: {"version": 1, "unit": "percent"}),
    )),
    "api:retire_indicator": Route(api_indicator_kwargs, (
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, writes=True,
              body=lambda ctx: {"version": 1}),
    )),
    "api:create_target": Route(api_indicator_kwargs, (
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=201, writes=True,
              body=lambda ctx: {"from_period": "2025-Q1", "value": "95"}),
    )),
    "api:list_measurements": Route(api_indicator_kwargs, (Check("get", ok=MEMBERS),)),
    "api:create_measurement": Route(api_indicator_kwargs, (
        Check("post", ok=PARTNER_A_WRITERS, forbidden=MEMBERS - PARTNER_A_WRITERS,
              ok_status=201, writes=True,
              body=lambda ctx: {"period": "2024-Q3", "value": "94"}),
    )),
    # coordinator_b writes for partner B only: naming partner A's indicator is refused on its
    # line (400, nothing recorded).
    "api:create_measurements_bulk": Route(api_alliance_kwargs, (
        Check("post", ok=WRITERS, forbidden=READ_ONLY, ok_status=201, writes=True,
              body=api_bulk, special={"coordinator_b": Outcome(400)}),
    )),
}
