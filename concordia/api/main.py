"""The REST API v1: one NinjaAPI, routers from the apps, problem+json for every error."""

from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from concordia.actions.api import router as actions_router
from concordia.advisor.api import router as advisor_router
from concordia.agreements.api import router as agreements_router
from concordia.alliances.api import answers_router
from concordia.alliances.api import router as alliances_router
from concordia.blocks.api import router as blocks_router
from concordia.bodies.api import router as bodies_router
from concordia.core.errors import DomainError
from concordia.core.middleware import API_VERSION
from concordia.core.problems import PROBLEM_CONTENT_TYPE, problem_response
from concordia.decisions.api import router as decisions_router
from concordia.design.api import router as design_router
from concordia.escalations.api import router as escalations_router
from concordia.evaluation.api import answers_router as evaluation_answers_router
from concordia.evaluation.api import router as evaluation_router
from concordia.evaluation.feed_api import router as evaluation_feed_router
from concordia.evaluation.results_api import router as evaluation_results_router
from concordia.handbook.api import router as handbook_router
from concordia.journal.api import router as journal_router
from concordia.learning.api import router as learning_router
from concordia.meetings.api import router as meetings_router
from concordia.meetings.calendar_api import router as calendar_router
from concordia.meetings.minutes_api import router as minutes_router
from concordia.notifications.api import router as notifications_router
from concordia.organisations.api import router as organisations_router
from concordia.plans.api import router as plans_router
from concordia.reports.api import router as reports_router
from concordia.reviews.api import answers_router as review_answers_router
from concordia.reviews.api import router as reviews_router
from concordia.scorecard.api import router as scorecard_router
from concordia.settlement.api import router as settlement_router
from concordia.todo.api import router as todo_router

from . import reasons
from .auth import AUTH
from .parser import ApiParser, BodyRefused

API_ROOT = "/api/v1"

PROBLEM_SCHEMA = {
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "format": "uri-reference"},
        "title": {"type": "string"},
        "status": {"type": "integer", "format": "int32"},
        "detail": {"type": "string"},
        "invalidParams": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "code": {"type": "string"},
                    "reason": {"type": "string"},
                },
            },
        },
    },
}
VERSION_HEADER = {
    "description": "The full version of the API that answered.",
    "schema": {"type": "string", "example": API_VERSION},
}
ERROR_DESCRIPTIONS = {
    "400": "Invalid input; see invalidParams.",
    "401": "Not authenticated.",
    "403": "Authenticated, but this action is not allowed.",
    "404": "Not found, or outside your reach.",
    "409": "Conflicts with the current state (e.g. repeated submission).",
    "422": "Refused by a rule of the alliance model.",
    "500": "Unexpected error.",
}


class ConcordiaAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix: str | None = None,  # noqa: ARG002 — always ""
                           path_params: dict[str, Any] | None = None) -> Any:
        """Paths relative to the versioned server URL; the error and header conventions of the
        API Design Rules added to every operation in one place."""
        schema = super().get_openapi_schema(path_prefix="", path_params=path_params)
        schema["servers"] = [{"url": API_ROOT, "description": "This installation"}]
        schema["info"]["contact"] = {
            "name": "Concordia maintainers",
            "email": "maintainers@concordia.invalid",
            "url": "https://concordia.invalid/",
        }
        components = schema.setdefault("components", {})
        components.setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
        problem_ref = {"$ref": "#/components/schemas/Problem"}
        for path_item in schema["paths"].values():
            for operation in path_item.values():
                responses = operation.setdefault("responses", {})
                for status, response in list(responses.items()):
                    if str(status).startswith(("2", "3")):
                        response.setdefault("headers", {})["API-Version"] = VERSION_HEADER
                for status, description in ERROR_DESCRIPTIONS.items():
                    responses[status] = {
                        "description": description,
                        "content": {PROBLEM_CONTENT_TYPE: {"schema": problem_ref}},
                    }
        return schema


api = ConcordiaAPI(
    title="Concordia API",
    version=API_VERSION,
    description="Run an alliance together: organisations, alliances, partners, people and the "
    "journal of commitments.",
    auth=AUTH,
    urls_namespace="api",
    docs_url=None,  # our own server-rendered page: Swagger UI needs inline script and a CDN
    openapi_url="/openapi.json",
    parser=ApiParser(),
)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    if any(error.get("loc", ("",))[0] == "path" for error in exc.errors):
        # A path whose id is no id (out of range, not a number) names nothing: 404, as pages.
        return on_not_found(request, exc)
    params = []
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", []) if part not in ("body", "payload")]
        params.append({"name": ".".join(location) or "body", "code": error.get("type", "invalid"),
                       "reason": reasons.reason(error)})
    return problem_response(400, _("The input is not valid."), invalid_params=params)


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    if exc.field and exc.status == 422:
        return problem_response(400, exc.message, code=exc.code, invalid_params=[
            {"name": exc.field, "code": exc.code, "reason": exc.message}])
    return problem_response(exc.status, exc.message, code=exc.code)


@api.exception_handler(AuthenticationError)
def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = problem_response(
        401, _("Log in, or send a personal API token as a Bearer token."))
    response["WWW-Authenticate"] = 'Bearer realm="concordia"'
    return response


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem_response(404, _("Not found, or outside your reach."))


@api.exception_handler(ObjectDoesNotExist)
def on_does_not_exist(request: HttpRequest, exc: Exception) -> HttpResponse:
    return on_not_found(request, exc)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem_response(403, _("Your role does not allow this action."))


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    refused = exc.__cause__
    if isinstance(refused, BodyRefused):  # a body the parser refused
        return problem_response(400, _("The input is not valid."), invalid_params=[
            {"name": refused.location, "code": refused.code, "reason": refused.reason}])
    return problem_response(exc.status_code, str(exc))


def _register_routers() -> None:
    api.add_router("/organisations", organisations_router, tags=["organisations"])
    api.add_router("/alliances", alliances_router, tags=["alliances"])
    api.add_router("/alliances", journal_router, tags=["journal"])
    api.add_router("/alliances", design_router, tags=["design"])
    api.add_router("/alliances", blocks_router, tags=["building blocks"])
    api.add_router("", answers_router, tags=["invitations"])
    api.add_router("/model", handbook_router, tags=["model"])
    api.add_router("", advisor_router, tags=["advisor"])
    api.add_router("/alliances", bodies_router, tags=["bodies"])
    api.add_router("/alliances", meetings_router, tags=["meetings"])
    api.add_router("/alliances", minutes_router, tags=["minutes"])
    api.add_router("", calendar_router, tags=["calendars"])
    api.add_router("/alliances", actions_router, tags=["actions"])
    api.add_router("/alliances", decisions_router, tags=["decisions"])
    api.add_router("/alliances", agreements_router, tags=["agreements"])
    api.add_router("/alliances", escalations_router, tags=["escalations"])
    api.add_router("/alliances", evaluation_results_router, tags=["evaluation"])
    api.add_router("/alliances", evaluation_feed_router, tags=["evaluation"])
    api.add_router("/alliances", learning_router, tags=["learning"])
    api.add_router("/alliances", scorecard_router, tags=["scorecard"])
    api.add_router("/alliances", settlement_router, tags=["settlement"])
    api.add_router("/alliances", reviews_router, tags=["reviews"])
    api.add_router("", review_answers_router, tags=["reviews"])
    api.add_router("/alliances", plans_router, tags=["plans"])
    api.add_router("/alliances", reports_router, tags=["reports"])
    api.add_router("/alliances", evaluation_router, tags=["evaluation"])
    api.add_router("", evaluation_answers_router, tags=["evaluation"])
    api.add_router("", notifications_router, tags=["notifications"])
    api.add_router("", todo_router, tags=["to-do"])


_register_routers()


def _serialise_by_alias() -> None:
    """Every operation writes field aliases (``_links``, ``pageSize``) in its responses, so no
    router can forget it; nested lookups use ``validation_alias`` and are unaffected."""
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                operation.by_alias = True


_serialise_by_alias()
