from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from .errors import is_retryable_conflict
from .problems import PROBLEM_CONTENT_TYPE, problem_response

API_PREFIX = "/api/"
API_VERSION = "1.0.0"

GetResponse = Callable[[HttpRequest], HttpResponseBase]


class ApiMiddleware:
    """Under /api/: every response carries API-Version, and every error is problem+json.

    Errors raised before the API's own handlers run (unknown path: 404, wrong method: 405,
    an unexpected crash: 500) are rewritten here so clients only ever see one error shape.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX):
            return response
        content_type = response.get("Content-Type", "")
        if response.status_code >= 400 and not content_type.startswith(PROBLEM_CONTENT_TYPE):
            allow = response.get("Allow")
            response = problem_response(response.status_code)
            if allow:
                response["Allow"] = allow
        response["API-Version"] = API_VERSION
        return response


class PersonLanguageMiddleware:
    """A logged-in person's saved language wins over the browser's, so it follows them.

    Sits after LocaleMiddleware and AuthenticationMiddleware.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith(API_PREFIX):
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


class RetryableConflictMiddleware:
    """A deadlock or serialization failure that slipped past the lock order is not a server
    error: the transaction was rolled back and the same request will very likely succeed.
    The API answers 409 problem+json ("try again"), pages a 409 page saying so.

    Last in MIDDLEWARE, so it sees the exception first (with the person and language set)."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest,
                          exception: Exception) -> HttpResponse | None:
        if not is_retryable_conflict(exception):
            return None
        if request.path.startswith(API_PREFIX):
            return problem_response(
                409, _("Someone else was saving in this alliance at the same moment. "
                       "Nothing was changed; try again."), code="try_again")
        return render(request, "try_again.html", status=409)
