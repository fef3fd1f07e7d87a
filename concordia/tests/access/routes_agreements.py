"""Access matrix entries: agreements, pages and API.

In the agreements world (concordia/testing/agreements.py) partner D joins alliance A. The SLA
"Delivery of wage data" (parties A, B, D; the whole alliance reads it) waits for every
signature: the founder signs for A (key alliance manager, for their own partner),
coordinator_b for B; the professional, the observer and the external reviewer may not sign.
"Quality checks" waits for D, A and B having signed: each of those two withdraws their own
partner's signature. Drafting is for the steering roles."""

from typing import Any

from django.urls import reverse

from concordia.agreements.models import Agreement
from concordia.testing.agreements import agreements_of
from concordia.tests.access.support import (
    MEMBERS,
    STEERING,
    Check,
    Ctx,
    Person,
    Route,
)

SIGNERS = frozenset({"founder", "coordinator_b"})  # for A and for B, both parties


def alliance_kwargs(ctx: Ctx) -> dict[str, Any]:
    agreements_of(ctx)
    return {"pk": ctx.world.alliance.pk}


def sla_kwargs(ctx: Ctx) -> dict[str, Any]:
    return {"pk": ctx.world.alliance.pk, "agreement_pk": agreements_of(ctx).sla.pk}


def version_kwargs(ctx: Ctx) -> dict[str, Any]:
    return {**sla_kwargs(ctx), "number": 1}


def half_signed_kwargs(ctx: Ctx) -> dict[str, Any]:
    return {"pk": ctx.world.alliance.pk, "agreement_pk": agreements_of(ctx).half_signed.pk,
            "number": 1}


def api_alliance_kwargs(ctx: Ctx) -> dict[str, Any]:
    agreements_of(ctx)
    return {"alliance_id": ctx.world.alliance.pk}


def api_sla_kwargs(ctx: Ctx) -> dict[str, Any]:
    return {"alliance_id": ctx.world.alliance.pk, "agreement_id": agreements_of(ctx).sla.pk}


def api_matrix_kwargs(ctx: Ctx) -> dict[str, Any]:
    return {"alliance_id": ctx.world.alliance.pk, "agreement_id": agreements_of(ctx).matrix.pk}


def api_withdraw_kwargs(ctx: Ctx) -> dict[str, Any]:
    return {"alliance_id": ctx.world.alliance.pk,
            "agreement_id": agreements_of(ctx).half_signed.pk, "number": 1,
            "partner_id": ctx.world.partner_a.pk}


def newest_agreement(ctx: Ctx, person: Person | None) -> str:
    return reverse("agreement_detail", kwargs={"pk": ctx.world.alliance.pk,
                                               "agreement_pk": Agreement.objects.latest("pk").pk})


def the_sla(ctx: Ctx, person: Person | None) -> str:
    return reverse("agreement_detail", kwargs=sla_kwargs(ctx))


def the_half_signed(ctx: Ctx, person: Person | None) -> str:
    kwargs = half_signed_kwargs(ctx)
    del kwargs["number"]
    return reverse("agreement_detail", kwargs=kwargs)


def register_form(ctx: Ctx) -> dict[str, Any]:
    return {"kind": "service_level", "title": "Helpdesk hours", "text": "Open 8 to 18.",
            "parties": [str(ctx.world.partner_a.pk), str(ctx.world.partner_b.pk)],
            "summary": "", "starts_on": "", "ends_on": "", "review_on": "",
            "visibility": "alliance", "body": "", "decision": ""}


def change_form(ctx: Ctx) -> dict[str, Any]:
    sla = agreements_of(ctx).sla
    return {"title": "Delivery of wage data, monthly", "summary": "", "starts_on": "2025-01-01",
            "ends_on": "", "review_on": "2030-01-01", "visibility": "alliance", "body": "",
            "decision": "", "version": sla.version}


def propose_form(ctx: Ctx) -> dict[str, Any]:
    world = agreements_of(ctx)
    return {"text": "Partner A delivers the data by the 3rd.", "note": "Earlier delivery",
            "parties": [str(ctx.world.partner_a.pk), str(ctx.world.partner_b.pk),
                        str(world.partner_d.pk)], "version": world.sla.version}


AGREEMENTS_PAGE_ROUTES: dict[str, Route] = {
    "agreement_list": Route(alliance_kwargs, (Check("get", ok=MEMBERS),)),
    "agreement_create": Route(alliance_kwargs, (
        Check("get", ok=STEERING, forbidden=MEMBERS - STEERING),
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=302, writes=True,
              body=register_form, ok_location=newest_agreement),
    )),
    "agreement_detail": Route(sla_kwargs, (Check("get", ok=MEMBERS),)),
    "agreement_edit": Route(sla_kwargs, (
        Check("get", ok=STEERING, forbidden=MEMBERS - STEERING),
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=302, writes=True,
              body=change_form, ok_location=the_sla),
    )),
    "agreement_version_propose": Route(sla_kwargs, (
        Check("get", ok=STEERING, forbidden=MEMBERS - STEERING),
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=302, writes=True,
              body=propose_form, ok_location=the_sla),
    )),
    "agreement_version": Route(version_kwargs, (Check("get", ok=MEMBERS),)),
    # Each signs for their own partner, a party; read-only roles and the professional may not.
    "agreement_sign": Route(version_kwargs, (
        Check("post", ok=SIGNERS, forbidden=MEMBERS - SIGNERS, ok_status=302, writes=True,
              body=lambda ctx: {"action": "sign"}, ok_location=the_sla),
    )),
}
AGREEMENTS_API_ROUTES: dict[str, Route] = {
    "api:list_agreements": Route(api_alliance_kwargs, (Check("get", ok=MEMBERS),)),
    "api:create_agreement": Route(api_alliance_kwargs, (
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=201, writes=True,
              body=lambda ctx: {"kind": "service_level", "title": "Helpdesk hours",
                                "text": "Open 8 to 18.",
                                "party_ids": [ctx.world.partner_a.pk, ctx.world.partner_b.pk]}),
    )),
    "api:get_agreement": Route(api_sla_kwargs, (Check("get", ok=MEMBERS),)),
    "api:change_agreement": Route(api_sla_kwargs, (
        Check("put", ok=STEERING, forbidden=MEMBERS - STEERING, writes=True,
              body=lambda ctx: {"title": "Delivery of wage data, monthly",
                                "version": agreements_of(ctx).sla.version}),
    )),
    "api:propose_agreement_version": Route(api_sla_kwargs, (
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=201, writes=True,
              body=lambda ctx: {"text": "Partner A delivers the data by the 3rd.",
                                "version": agreements_of(ctx).sla.version}),
    )),
    "api:get_agreement_version": Route(lambda ctx: {**api_sla_kwargs(ctx), "number": 1}, (
        Check("get", ok=MEMBERS),)),
    "api:sign_agreement_version": Route(lambda ctx: {**api_sla_kwargs(ctx), "number": 1}, (
        Check("post", ok=SIGNERS, forbidden=MEMBERS - SIGNERS, ok_status=201, writes=True),
    )),
    # Partner A's signature: only A's signer withdraws it.
    "api:withdraw_agreement_signature": Route(api_withdraw_kwargs, (
        Check("delete", ok=frozenset({"founder"}), forbidden=MEMBERS - {"founder"},
              writes=True),
    )),
    "api:get_responsibility_matrix": Route(api_matrix_kwargs, (Check("get", ok=MEMBERS),)),
}
