"""Access matrix entries: decisions, pages and API.

Both act on the decisions world, which sits on the meetings world's tactical table (one vote per
partner, consensus): founder is its secretary and coordinator_b its fixed chair (the
organisers); professional_a holds partner A's seat and coordinator_b partner B's (and is named
partner B's delegate). So professional_a and coordinator_b vote; founder, key alliance manager,
proposes and closes but holds no seat; observer_b and the reviewer read. ``written`` is open
(#1), ``closed`` carried (#2), ``due`` past its deadline (#3)."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils import timezone

from concordia.alliances.choices import Level, Role
from concordia.decisions.choices import Procedure
from concordia.decisions.models import Decision, Delegate
from concordia.meetings.choices import ItemKind, ItemStatus
from concordia.meetings.models import AgendaItem
from concordia.testing.decisions import decisions_of, make_decision
from concordia.testing.factories import PersonFactory, give_role
from concordia.tests.access.support import (
    MEMBERS,
    STEERING,
    Check,
    Ctx,
    Outcome,
    Person,
    Route,
)

# --- pages ------------------------------------------------------------------------------------
# The pages act on a decision the tactical table takes in its past meeting (so it takes votes
# and may be closed now): founder (secretary) and coordinator_b (chair) organise it and proposed
# it; professional_a holds partner A's seat and votes for partner A — coordinator_b votes for
# partner B only; founder holds no seat. Partner B has two more people who may sit: bea, named
# its delegate, and ben, whom its coordinator names.

PAGE_ORGANISERS = STEERING  # founder (secretary) and coordinator_b (chair)


@dataclass
class PageWorld:
    decision: Decision
    delegate: Delegate
    ben: Person


def page_world(ctx: Ctx) -> PageWorld:
    cached: PageWorld | None = ctx.__dict__.get("_decision_pages")
    if cached is None:
        dw = decisions_of(ctx)
        world = ctx.world
        item = AgendaItem.objects.create(
            meeting=dw.mw.past, position=3, title="Open the chain office on Fridays",
            kind=ItemKind.DECISION, status=ItemStatus.ON_AGENDA, proposed_by=world.founder)
        decision = make_decision(dw.mw.body, 20, "Open the chain office on Fridays",
                                 proposed_by=world.founder, procedure=Procedure.MEETING,
                                 meeting=dw.mw.past, agenda_item=item)
        organisation = world.coordinator_b.organisation
        bea = PersonFactory(organisation=organisation, full_name="Bea B")
        ben = PersonFactory(organisation=organisation, full_name="Ben B")
        for person in (bea, ben):
            give_role(world.partner_b, person, Role.LINE_MANAGER, Level.TACTICAL)
        delegate = Delegate.objects.create(body=dw.mw.body, partner=world.partner_b,
                                           person=bea, named_by=world.coordinator_b)
        cached = PageWorld(decision, delegate, ben)
        ctx.__dict__["_decision_pages"] = cached
    return cached


def page_alliance(ctx: Ctx) -> dict[str, Any]:
    page_world(ctx)
    return {"pk": ctx.world.alliance.pk}


def page_decision(ctx: Ctx) -> dict[str, Any]:
    return {"pk": ctx.world.alliance.pk, "decision_pk": page_world(ctx).decision.pk}


def page_body(ctx: Ctx) -> dict[str, Any]:
    page_world(ctx)
    return {"pk": ctx.world.alliance.pk, "body_pk": decisions_of(ctx).mw.body.pk}


def the_decision(anchor: str = "") -> Any:
    def location(ctx: Ctx, person: Person | None) -> str:
        return reverse("decision_detail", kwargs=page_decision(ctx)) + anchor
    return location


def vote_anchor(ctx: Ctx, person: Person | None) -> str:
    return the_decision(f"#vote-partner-{ctx.world.partner_a.pk}")(ctx, person)


def newest_decision(ctx: Ctx, person: Person | None) -> str:
    return reverse("decision_detail", kwargs={"pk": ctx.world.alliance.pk,
                                              "decision_pk": Decision.objects.latest("pk").pk})


def the_delegates(ctx: Ctx, person: Person | None) -> str:
    return reverse("delegate_list", kwargs=page_body(ctx))


def proposal_form(ctx: Ctx) -> dict[str, Any]:
    deadline = timezone.localtime() + dt.timedelta(days=14)
    return {"body": decisions_of(ctx).mw.body.pk, "title": "Adopt the chain map",
            "proposal": "We adopt the chain map as drawn.", "procedure": Procedure.WRITTEN,
            "deadline": deadline.strftime("%Y-%m-%dT%H:%M"), "secret": "", "refers_to": "",
            "block": "alliance_map", "agenda_item": ""}


def rule_change_form(ctx: Ctx) -> dict[str, Any]:
    deadline = timezone.localtime() + dt.timedelta(days=14)
    return {"title": "A simple majority", "proposal": "Consensus stalls the table.",
            "deadline": deadline.strftime("%Y-%m-%dT%H:%M"), "decision_rule": "majority",
            "voting_unit": "partner", "majority_basis": "votes", "qualified_numerator": 2,
            "qualified_denominator": 3, "quorum_percent": 0, "quorum_basis": "voting"}


def vote_form(ctx: Ctx) -> dict[str, Any]:
    prefix = f"vote-partner-{ctx.world.partner_a.pk}"
    return {"op": "vote", "unit": f"partner:{ctx.world.partner_a.pk}",
            f"{prefix}-choice": "for", f"{prefix}-reason": ""}


def version_form(op: str) -> Any:
    return lambda ctx: {"op": op, f"{op}-version": 1}


def follow_up_form(ctx: Ctx) -> dict[str, Any]:
    return {"op": "follow_up",
            "follow-action": decisions_of(ctx).mw.action.pk}


DECISIONS_PAGE_ROUTES: dict[str, Route] = {
    "decision_register": Route(page_alliance, (Check("get", ok=MEMBERS),)),
    "decision_propose": Route(page_alliance, (
        Check("get", ok=STEERING, forbidden=MEMBERS - STEERING),
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=302, writes=True,
              body=proposal_form, ok_location=newest_decision),
    )),
    # The tactical table has decided before: its rule changes only by its own decision.
    "decision_rule_propose": Route(page_body, (
        Check("get", ok=STEERING, forbidden=MEMBERS - STEERING),
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=302, writes=True,
              body=rule_change_form, ok_location=newest_decision),
    )),
    "decision_detail": Route(page_decision, (
        Check("get", ok=MEMBERS),
        # Only partner A's authorised member votes for partner A (coordinator_b votes for B).
        Check("post", label="vote", ok=frozenset({"professional_a"}),
              forbidden=MEMBERS - {"professional_a"}, ok_status=302, writes=True,
              body=vote_form, ok_location=vote_anchor),
        Check("post", label="close", ok=PAGE_ORGANISERS, forbidden=MEMBERS - PAGE_ORGANISERS,
              ok_status=302, writes=True, body=version_form("close"),
              ok_location=the_decision()),
        Check("post", label="withdraw", ok=PAGE_ORGANISERS,
              forbidden=MEMBERS - PAGE_ORGANISERS, ok_status=302, writes=True,
              body=version_form("withdraw"), ok_location=the_decision()),
        Check("post", label="follow_up", ok=PAGE_ORGANISERS,
              forbidden=MEMBERS - PAGE_ORGANISERS, ok_status=302, writes=True,
              body=follow_up_form, ok_location=the_decision("#follow-up")),
    ), setup=page_world),
    "delegate_list": Route(page_body, (
        Check("get", ok=MEMBERS),
        # Partner B's coordinator names partner B's people; the founder names for partner A
        # only, so partner B's person is no choice for them (a form error).
        Check("post", label="name", ok=frozenset({"coordinator_b"}),
              forbidden=MEMBERS - {"coordinator_b", "founder"}, ok_status=302, writes=True,
              body=lambda ctx: {"op": "name",
                                "person": f"{ctx.world.partner_b.pk}:{page_world(ctx).ben.pk}"},
              ok_location=the_delegates, special={"founder": Outcome(422)}),
        Check("post", label="remove", ok=frozenset({"coordinator_b"}),
              forbidden=MEMBERS - {"coordinator_b"}, ok_status=302, writes=True,
              body=lambda ctx: {"op": "remove", "delegate": page_world(ctx).delegate.pk},
              ok_location=the_delegates),
    ), setup=page_world),
}


# --- API --------------------------------------------------------------------------------------

ORGANISERS = STEERING  # founder (secretary) and coordinator_b (chair)
VOTERS = frozenset({"professional_a", "coordinator_b"})


def api_alliance(ctx: Ctx) -> dict[str, Any]:
    decisions_of(ctx)
    return {"alliance_id": ctx.world.alliance.pk}


def api_decision(name: str) -> Any:
    def kwargs(ctx: Ctx) -> dict[str, Any]:
        return {"alliance_id": ctx.world.alliance.pk,
                "decision_id": getattr(decisions_of(ctx), name).pk}
    return kwargs


def api_body(ctx: Ctx) -> dict[str, Any]:
    return {"alliance_id": ctx.world.alliance.pk, "body_id": decisions_of(ctx).mw.body.pk}


def api_delegate(ctx: Ctx) -> dict[str, Any]:
    return {**api_body(ctx), "delegate_id": decisions_of(ctx).delegate.pk}


def new_proposal(ctx: Ctx) -> dict[str, Any]:
    deadline = timezone.now().replace(microsecond=0) + dt.timedelta(days=14)
    return {"body_id": decisions_of(ctx).mw.body.pk, "title": "Adopt the data standard",
            "proposal": "We adopt the standard from next quarter.", "procedure": "written",
            "deadline": deadline.isoformat()}


DECISIONS_API_ROUTES: dict[str, Route] = {
    "api:list_decisions": Route(api_alliance, (Check("get", ok=MEMBERS),)),
    "api:create_decision": Route(api_alliance, (
        Check("post", ok=ORGANISERS, forbidden=MEMBERS - ORGANISERS, ok_status=201,
              writes=True, body=new_proposal),
    )),
    "api:get_decision": Route(api_decision("written"), (Check("get", ok=MEMBERS),)),
    "api:cast_vote": Route(api_decision("written"), (
        Check("post", ok=VOTERS, forbidden=MEMBERS - VOTERS, ok_status=201, writes=True,
              body=lambda ctx: {"choice": "for", "reason": "Good for the chain."}),
    )),
    "api:close_decision": Route(api_decision("due"), (
        Check("post", ok=ORGANISERS, forbidden=MEMBERS - ORGANISERS, writes=True,
              body=lambda ctx: {"version": 1}),
    )),
    "api:withdraw_decision": Route(api_decision("written"), (
        Check("post", ok=ORGANISERS, forbidden=MEMBERS - ORGANISERS, writes=True,
              body=lambda ctx: {"version": 1}),
    )),
    "api:add_follow_up": Route(api_decision("closed"), (
        Check("post", ok=ORGANISERS, forbidden=MEMBERS - ORGANISERS, ok_status=201,
              writes=True, body=lambda ctx: {"action_id": decisions_of(ctx).mw.action.pk}),
    )),
    "api:list_delegates": Route(api_body, (Check("get", ok=MEMBERS),)),
    "api:name_delegate": Route(api_body, (
        # Partner A's delegate: only its own steering person, the key alliance manager.
        Check("post", ok=frozenset({"founder"}), forbidden=MEMBERS - {"founder"},
              ok_status=201, writes=True,
              body=lambda ctx: {"partner_id": ctx.world.partner_a.pk,
                                "person_id": ctx.world.professional_a.pk}),
    )),
    "api:remove_delegate": Route(api_delegate, (
        # Partner B's delegate: only partner B's coordinator.
        Check("delete", ok=frozenset({"coordinator_b"}), forbidden=MEMBERS - {"coordinator_b"},
              ok_status=204, writes=True),
    )),
}
