"""Access matrix entries: the periodic report, pages and API.

In the reports world (concordia/testing/reports.py) alliance A has last quarter's report, with
partner A's section a draft (the founder's: the key alliance manager is partner A's steering
person) and partner B's submitted, and the quarter before's report, ready for approval (every
section in, the overall part written). Everyone in the alliance reads a report and its
submitted sections; partner A's draft is read only by partner A's people who write (the founder,
professional_a); the key alliance manager opens a report, writes its overall part and reminds;
only the founder writes, submits and withdraws partner A's section (coordinator_b, B's steering
person, may not: 403); the board approves: the key alliance manager and any board member
(coordinator_b is partner B's board member in the context)."""

from typing import Any

from django.urls import reverse

from concordia.reports.models import Report, Section
from concordia.testing.reports import reports_of
from concordia.tests.access.support import MEMBERS, Check, Ctx, Person, Route

KAM = frozenset({"founder"})
WRITERS_OF_A = frozenset({"founder"})
DRAFT_READERS_OF_A = frozenset({"founder", "professional_a"})
APPROVERS = frozenset({"founder", "coordinator_b"})


def alliance_kwargs(ctx: Ctx) -> dict[str, Any]:
    reports_of(ctx)
    return {"pk": ctx.world.alliance.pk}


def report_kwargs(ctx: Ctx) -> dict[str, Any]:
    return {"pk": ctx.world.alliance.pk, "report_pk": reports_of(ctx).report.pk}


def ready_kwargs(ctx: Ctx) -> dict[str, Any]:
    return {"pk": ctx.world.alliance.pk, "report_pk": reports_of(ctx).ready.pk}


def section_kwargs(ctx: Ctx) -> dict[str, Any]:
    return {**report_kwargs(ctx), "partner_pk": ctx.world.partner_a.pk}


def submitted_kwargs(ctx: Ctx) -> dict[str, Any]:
    """Partner A's submitted section, in the report ready for approval."""
    return {**ready_kwargs(ctx), "partner_pk": ctx.world.partner_a.pk}


def the_report(ctx: Ctx, person: Person | None) -> str:
    return reverse("report_detail", kwargs=report_kwargs(ctx))


def the_ready_report(ctx: Ctx, person: Person | None) -> str:
    return reverse("report_detail", kwargs=ready_kwargs(ctx))


def the_newest_report(ctx: Ctx, person: Person | None) -> str:
    return reverse("report_detail", kwargs={"pk": ctx.world.alliance.pk,
                                            "report_pk": Report.objects.latest("pk").pk})


def open_form(ctx: Ctx) -> dict[str, Any]:
    return {"kind": "year", "year": reports_of(ctx).report.year - 1, "number": 1}


def _version_of_a(ctx: Ctx) -> int:
    return Section.objects.get(report=reports_of(ctx).report, partner=ctx.world.partner_a).version


def section_form(ctx: Ctx) -> dict[str, Any]:
    return {"progress": "On plan", "bottlenecks": "", "coordination": "", "news": "",
            "version": _version_of_a(ctx)}


def submit_form(ctx: Ctx) -> dict[str, Any]:
    return {"version": _version_of_a(ctx)}


def withdraw_form(ctx: Ctx) -> dict[str, Any]:
    return {"version": Section.objects.get(report=reports_of(ctx).ready,
                                           partner=ctx.world.partner_a).version}


def overall_form(ctx: Ctx) -> dict[str, Any]:
    return {"overall": "A quarter of progress.", "version": reports_of(ctx).report.version}


REPORTS_PAGE_ROUTES: dict[str, Route] = {
    "report_list": Route(alliance_kwargs, (Check("get", ok=MEMBERS),)),
    "report_open": Route(alliance_kwargs, (
        Check("get", ok=KAM, forbidden=MEMBERS - KAM),
        Check("post", ok=KAM, forbidden=MEMBERS - KAM, ok_status=302, writes=True,
              body=open_form, ok_location=the_newest_report),
    )),
    "report_detail": Route(report_kwargs, (Check("get", ok=MEMBERS),)),
    "report_pdf": Route(ready_kwargs, (Check("get", ok=MEMBERS,
                                             content_type="application/pdf"),)),
    "report_xlsx": Route(report_kwargs, (Check(
        "get", ok=MEMBERS,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),)),
    "report_overall_edit": Route(report_kwargs, (
        Check("get", ok=KAM, forbidden=MEMBERS - KAM),
        Check("post", ok=KAM, forbidden=MEMBERS - KAM, ok_status=302, writes=True,
              body=overall_form, ok_location=the_report),
    )),
    "report_remind": Route(report_kwargs, (
        Check("post", ok=KAM, forbidden=MEMBERS - KAM, ok_status=302, writes=True,
              ok_location=the_report),
    )),
    "report_approve": Route(ready_kwargs, (
        Check("post", ok=APPROVERS, forbidden=MEMBERS - APPROVERS, ok_status=302,
              writes=True, ok_location=the_ready_report),
    )),
    "report_section_edit": Route(section_kwargs, (
        Check("get", ok=WRITERS_OF_A, forbidden=MEMBERS - WRITERS_OF_A),
        Check("post", ok=WRITERS_OF_A, forbidden=MEMBERS - WRITERS_OF_A, ok_status=302,
              writes=True, body=section_form, ok_location=the_report),
    )),
    "report_section_submit": Route(section_kwargs, (
        Check("post", ok=WRITERS_OF_A, forbidden=MEMBERS - WRITERS_OF_A, ok_status=302,
              writes=True, body=submit_form, ok_location=the_report),
    )),
    "report_section_withdraw": Route(submitted_kwargs, (
        Check("post", ok=WRITERS_OF_A, forbidden=MEMBERS - WRITERS_OF_A, ok_status=302,
              writes=True, body=withdraw_form, ok_location=the_ready_report),
    )),
}


def api_alliance_kwargs(ctx: Ctx) -> dict[str, Any]:
    reports_of(ctx)
    return {"alliance_id": ctx.world.alliance.pk}


def api_report_kwargs(ctx: Ctx) -> dict[str, Any]:
    return {"alliance_id": ctx.world.alliance.pk, "report_id": reports_of(ctx).report.pk}


def api_ready_kwargs(ctx: Ctx) -> dict[str, Any]:
    return {"alliance_id": ctx.world.alliance.pk, "report_id": reports_of(ctx).ready.pk}


def api_section_kwargs(ctx: Ctx) -> dict[str, Any]:
    return {**api_report_kwargs(ctx), "partner_id": ctx.world.partner_a.pk}


def api_submitted_kwargs(ctx: Ctx) -> dict[str, Any]:
    return {**api_ready_kwargs(ctx), "partner_id": ctx.world.partner_a.pk}


REPORTS_API_ROUTES: dict[str, Route] = {
    "api:list_reports": Route(api_alliance_kwargs, (Check("get", ok=MEMBERS),)),
    "api:create_report": Route(api_alliance_kwargs, (
        Check("post", ok=KAM, forbidden=MEMBERS - KAM, ok_status=201, writes=True,
              body=open_form),
    )),
    "api:get_report": Route(api_report_kwargs, (Check("get", ok=MEMBERS),)),
    "api:get_report_section": Route(api_section_kwargs, (
        Check("get", ok=DRAFT_READERS_OF_A),)),
    "api:put_report_section": Route(api_section_kwargs, (
        Check("put", ok=WRITERS_OF_A, forbidden=MEMBERS - WRITERS_OF_A, writes=True,
              body=section_form),
    )),
    "api:create_report_section_submission": Route(api_section_kwargs, (
        Check("post", ok=WRITERS_OF_A, forbidden=MEMBERS - WRITERS_OF_A, writes=True,
              body=submit_form),
    )),
    "api:create_report_section_withdrawal": Route(api_submitted_kwargs, (
        Check("post", ok=WRITERS_OF_A, forbidden=MEMBERS - WRITERS_OF_A, writes=True,
              body=withdraw_form),
    )),
    "api:put_report_overall": Route(api_report_kwargs, (
        Check("put", ok=KAM, forbidden=MEMBERS - KAM, writes=True, body=overall_form),
    )),
    "api:create_report_reminders": Route(api_report_kwargs, (
        Check("post", ok=KAM, forbidden=MEMBERS - KAM, writes=True),
    )),
    "api:create_report_approval": Route(api_ready_kwargs, (
        Check("post", ok=APPROVERS, forbidden=MEMBERS - APPROVERS, writes=True),
    )),
}
