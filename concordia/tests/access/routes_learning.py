"""Access matrix entries: the alliance's learning (pillar health checks, improvement actions
out of them, lessons learned), pages and API.

In the learning world (concordia/testing/learning.py) the check was held by the founder (key
alliance manager) and scored by coordinator_b: the core team, who hold and score checks (403
for the other members). Improvement actions are given by the steering roles. The lesson is
professional_a's: its author and the key alliance manager change it; the other members who
may write record lessons of their own; observers and reviewers only read."""

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from concordia.learning.models import HealthCheck, Lesson
from concordia.learning.rules import PILLARS
from concordia.testing.learning import learning_of
from concordia.tests.access.support import (
    MEMBERS,
    READ_ONLY,
    STEERING,
    WRITERS,
    Check,
    Ctx,
    Person,
    Route,
)

EDITORS = frozenset({"founder", "professional_a"})  # the lesson's author, the key manager


def alliance_kwargs(ctx: Ctx) -> dict[str, Any]:
    learning_of(ctx)
    return {"pk": ctx.world.alliance.pk}


def api_alliance_kwargs(ctx: Ctx) -> dict[str, Any]:
    learning_of(ctx)
    return {"alliance_id": ctx.world.alliance.pk}


def check_kwargs(ctx: Ctx) -> dict[str, Any]:
    return {"pk": ctx.world.alliance.pk, "check_pk": learning_of(ctx).check.pk}


def pillar_kwargs(ctx: Ctx) -> dict[str, Any]:
    return {**check_kwargs(ctx), "pillar": "trust"}


def api_check_kwargs(ctx: Ctx) -> dict[str, Any]:
    return {"alliance_id": ctx.world.alliance.pk, "check_id": learning_of(ctx).check.pk}


def lesson_kwargs(ctx: Ctx) -> dict[str, Any]:
    return {"pk": ctx.world.alliance.pk, "lesson_pk": learning_of(ctx).lesson.pk}


def api_lesson_kwargs(ctx: Ctx) -> dict[str, Any]:
    return {"alliance_id": ctx.world.alliance.pk, "lesson_id": learning_of(ctx).lesson.pk}


def today() -> str:
    return timezone.localdate().isoformat()


def scores_form(ctx: Ctx) -> dict[str, Any]:
    data: dict[str, Any] = {f"score_{p}": "4" for p in PILLARS}
    data.update({f"remark_{p}": "" for p in PILLARS})
    return data


def new_check_form(ctx: Ctx) -> dict[str, Any]:
    return {"held_on": today(), **scores_form(ctx)}


def api_scores(ctx: Ctx) -> dict[str, Any]:
    return {"scores": [{"pillar": p, "score": 4, "remark": ""} for p in PILLARS]}


def lesson_form(ctx: Ctx) -> dict[str, Any]:
    return {"title": "Rotate the chair", "problem": "One partner always led.",
            "cause": "Habit.", "solution": "A rotating chair.",
            "learned_on": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
            "tags": "meetings", "bottleneck": "", "decision": ""}


def lesson_edit_form(ctx: Ctx) -> dict[str, Any]:
    return {**lesson_form(ctx), "version": 1}


def api_lesson(ctx: Ctx) -> dict[str, Any]:
    form = lesson_form(ctx)
    return {"title": form["title"], "problem": form["problem"], "cause": form["cause"],
            "solution": form["solution"], "learned_on": form["learned_on"],
            "tags": ["meetings"]}


def newest_check(ctx: Ctx, person: Person | None) -> str:
    return reverse("health_check_detail", kwargs={"pk": ctx.world.alliance.pk,
                                                  "check_pk": HealthCheck.objects.latest("pk").pk})


def the_check(ctx: Ctx, person: Person | None) -> str:
    return reverse("health_check_detail", kwargs=check_kwargs(ctx))


def the_pillar(ctx: Ctx, person: Person | None) -> str:
    return the_check(ctx, person) + "#pillar-trust"


def newest_lesson(ctx: Ctx, person: Person | None) -> str:
    return reverse("lesson_detail", kwargs={"pk": ctx.world.alliance.pk,
                                            "lesson_pk": Lesson.objects.latest("pk").pk})


def the_lesson(ctx: Ctx, person: Person | None) -> str:
    return reverse("lesson_detail", kwargs=lesson_kwargs(ctx))


LEARNING_PAGE_ROUTES: dict[str, Route] = {
    "health_check_list": Route(alliance_kwargs, (Check("get", ok=MEMBERS),)),
    "health_check_create": Route(alliance_kwargs, (
        Check("get", ok=STEERING, forbidden=MEMBERS - STEERING),
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=302, writes=True,
              body=new_check_form, ok_location=newest_check),
    )),
    "health_check_detail": Route(check_kwargs, (
        Check("get", ok=MEMBERS),
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=302, writes=True,
              body=scores_form, ok_location=the_check),
    )),
    "improvement_action_create": Route(pillar_kwargs, (
        Check("get", ok=STEERING, forbidden=MEMBERS - STEERING),
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=302, writes=True,
              body=lambda ctx: {"title": "Meet partner B's team", "description": "",
                                "owner": f"person:{ctx.world.professional_a.pk}",
                                "due_on": "2030-01-31"},
              ok_location=the_pillar),
    )),
    "lesson_list": Route(alliance_kwargs, (Check("get", ok=MEMBERS),)),
    "lesson_create": Route(alliance_kwargs, (
        Check("get", ok=WRITERS, forbidden=READ_ONLY),
        Check("post", ok=WRITERS, forbidden=READ_ONLY, ok_status=302, writes=True,
              body=lesson_form, ok_location=newest_lesson),
    )),
    "lesson_detail": Route(lesson_kwargs, (Check("get", ok=MEMBERS),)),
    "lesson_edit": Route(lesson_kwargs, (
        Check("get", ok=EDITORS, forbidden=MEMBERS - EDITORS),
        Check("post", ok=EDITORS, forbidden=MEMBERS - EDITORS, ok_status=302, writes=True,
              body=lesson_edit_form, ok_location=the_lesson),
    )),
}
LEARNING_API_ROUTES: dict[str, Route] = {
    "api:list_health_checks": Route(api_alliance_kwargs, (Check("get", ok=MEMBERS),)),
    "api:create_health_check": Route(api_alliance_kwargs, (
        Check("post", ok=STEERING, forbidden=MEMBERS - STEERING, ok_status=201, writes=True,
              body=lambda ctx: {"held_on": today(), **api_scores(ctx)}),
    )),
    "api:get_health_check": Route(api_check_kwargs, (Check("get", ok=MEMBERS),)),
    "api:put_health_check_scores": Route(api_check_kwargs, (
        Check("put", ok=STEERING, forbidden=MEMBERS - STEERING, writes=True, body=api_scores),
    )),
    "api:list_lessons": Route(api_alliance_kwargs, (Check("get", ok=MEMBERS),)),
    "api:create_lesson": Route(api_alliance_kwargs, (
        Check("post", ok=WRITERS, forbidden=READ_ONLY, ok_status=201, writes=True,
              body=api_lesson),
    )),
    "api:get_lesson": Route(api_lesson_kwargs, (Check("get", ok=MEMBERS),)),
    "api:put_lesson": Route(api_lesson_kwargs, (
        Check("put", ok=EDITORS, forbidden=MEMBERS - EDITORS, writes=True,
              body=lambda ctx: {**api_lesson(ctx), "version": 1}),
    )),
}
