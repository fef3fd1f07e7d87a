"""Access matrix entries: the minutes of a meeting, pages and API.

In the meetings world (``concordia.testing.meetings``) the past meeting's minutes are
circulated; founder (secretary) and coordinator_b (chair) organise the body; professional_a and
coordinator_b were present. Drafts never circulated are seen by the organisers only (404 for
the others)."""

import datetime as dt
from typing import Any

from django.utils import timezone

from concordia.meetings import minutes_services
from concordia.meetings.choices import MinutesStatus
from concordia.meetings.models import Correction, Meeting, Minutes
from concordia.testing.meetings import meetings_of
from concordia.tests.access.support import MEMBERS, Check, Ctx, Route, to

ORGANISERS = frozenset({"founder", "coordinator_b"})
PRESENT = frozenset({"professional_a", "coordinator_b"})

A = lambda ctx: ctx.world.alliance.pk  # noqa: E731
PAST = lambda ctx: meetings_of(ctx).past.pk  # noqa: E731


def minutes_kwargs(ctx: Ctx) -> dict[str, Any]:
    return {"pk": ctx.world.alliance.pk, "meeting_pk": meetings_of(ctx).past.pk}


def api_minutes_kwargs(ctx: Ctx) -> dict[str, Any]:
    return {"alliance_id": ctx.world.alliance.pk, "meeting_id": meetings_of(ctx).past.pk}


def revision(ctx: Ctx) -> int:
    return Minutes.objects.get(pk=meetings_of(ctx).minutes.pk).revision


def as_draft(ctx: Ctx) -> None:
    """Set-up: the minutes not circulated yet."""
    Minutes.objects.filter(pk=meetings_of(ctx).minutes.pk).update(
        status=MinutesStatus.DRAFT, corrections_until=None, circulated_at=None)


def with_correction(ctx: Ctx) -> Correction:
    """Set-up: professional_a proposed a correction (remembered on the context)."""
    mw = meetings_of(ctx)
    correction = minutes_services.correction_propose(
        actor=ctx.world.professional_a, minutes=mw.minutes, text="Late, not on time",
        agenda_item=mw.open_item)
    ctx.__dict__["_correction"] = correction
    return correction


def correction_kwargs(ctx: Ctx) -> dict[str, Any]:
    return {**minutes_kwargs(ctx), "correction_pk": ctx.__dict__["_correction"].pk}


def api_correction_kwargs(ctx: Ctx) -> dict[str, Any]:
    return {**api_minutes_kwargs(ctx), "correction_id": ctx.__dict__["_correction"].pk}


def next_meeting_held(ctx: Ctx) -> Meeting:
    """Set-up: the body met again an hour ago, so the minutes may be approved."""
    mw = meetings_of(ctx)
    return Meeting.objects.create(body=mw.body,
                                  starts_at=timezone.now() - dt.timedelta(hours=1),
                                  chair_person=ctx.world.coordinator_b)


def resolve_body(ctx: Ctx) -> dict[str, Any]:
    prefix = f"resolve-{ctx.__dict__['_correction'].pk}"
    return {f"{prefix}-decision": "accept", f"{prefix}-text": "Figures are late.",
            f"{prefix}-revision": revision(ctx)}


DETAIL = to("minutes_detail", pk=A, meeting_pk=PAST)

MINUTES_PAGE_ROUTES: dict[str, Route] = {
    "minutes_detail": Route(minutes_kwargs, (Check("get", ok=MEMBERS),), setup=meetings_of),
    "minutes_version": Route(lambda ctx: {**minutes_kwargs(ctx), "number": 1},
                             (Check("get", ok=MEMBERS),), setup=meetings_of),
    "minutes_draft": Route(minutes_kwargs, (
        Check("post", ok=ORGANISERS, forbidden=MEMBERS - ORGANISERS, ok_status=302,
              writes=True, ok_location=DETAIL,
              body=lambda ctx: {"draft-summary": "A better summary.",
                                "draft-revision": revision(ctx)}),
    ), setup=meetings_of),
    "minutes_circulate": Route(minutes_kwargs, (
        # Drafts are the organisers' own: the others do not see them (404).
        Check("post", ok=ORGANISERS, ok_status=302, writes=True, ok_location=DETAIL,
              body=lambda ctx: {"circulate-days": 7, "circulate-revision": revision(ctx)}),
    ), setup=as_draft),
    "minutes_correction_propose": Route(minutes_kwargs, (
        Check("post", ok=PRESENT, forbidden=MEMBERS - PRESENT, ok_status=302, writes=True,
              ok_location=DETAIL,
              body=lambda ctx: {"correct-agenda_item": "", "correct-text": "Late."}),
    ), setup=meetings_of),
    "minutes_correction_resolve": Route(correction_kwargs, (
        Check("post", ok=ORGANISERS, forbidden=MEMBERS - ORGANISERS, ok_status=302,
              writes=True, ok_location=DETAIL, body=resolve_body),
    ), setup=with_correction),
    "minutes_approve": Route(minutes_kwargs, (
        Check("post", ok=ORGANISERS, forbidden=MEMBERS - ORGANISERS, ok_status=302,
              writes=True, ok_location=DETAIL,
              body=lambda ctx: {"approve-revision": revision(ctx)}),
    ), setup=next_meeting_held),
}
MINUTES_API_ROUTES: dict[str, Route] = {
    "api:get_minutes": Route(api_minutes_kwargs, (Check("get", ok=MEMBERS),),
                             setup=meetings_of),
    "api:put_minutes_draft": Route(api_minutes_kwargs, (
        Check("put", ok=ORGANISERS, forbidden=MEMBERS - ORGANISERS, writes=True,
              body=lambda ctx: {"summary": "A better summary.", "revision": revision(ctx)}),
    ), setup=meetings_of),
    "api:circulate_minutes": Route(api_minutes_kwargs, (
        Check("post", ok=ORGANISERS, writes=True,
              body=lambda ctx: {"days": 7, "revision": revision(ctx)}),
    ), setup=as_draft),
    "api:list_minutes_corrections": Route(api_minutes_kwargs, (Check("get", ok=MEMBERS),),
                                          setup=with_correction),
    "api:propose_minutes_correction": Route(api_minutes_kwargs, (
        Check("post", ok=PRESENT, forbidden=MEMBERS - PRESENT, ok_status=201, writes=True,
              body=lambda ctx: {"agenda_item_id": meetings_of(ctx).open_item.pk,
                                "text": "Late."}),
    ), setup=meetings_of),
    "api:resolve_minutes_correction": Route(api_correction_kwargs, (
        Check("post", ok=ORGANISERS, forbidden=MEMBERS - ORGANISERS, writes=True,
              body=lambda ctx: {"accept": True, "revision": revision(ctx)}),
    ), setup=with_correction),
    "api:approve_minutes": Route(api_minutes_kwargs, (
        Check("post", ok=ORGANISERS, forbidden=MEMBERS - ORGANISERS, writes=True,
              body=lambda ctx: {"revision": revision(ctx)}),
    ), setup=next_meeting_held),
}
