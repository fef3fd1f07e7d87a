"""RFC 9457 problem details: the one shape of every API error."""

import json
from http import HTTPStatus
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

# The title of each status the API answers with, in the reader's language (RFC 9457 lets the
# title change with the language only). Any other status keeps HTTP's own phrase.
TITLES = {
    400: _("Bad Request"),
    401: _("Unauthorized"),
    403: _("Forbidden"),
    404: _("Not Found"),
    405: _("Method Not Allowed"),
    406: _("Not Acceptable"),
    409: _("Conflict"),
    413: _("Content Too Large"),
    415: _("Unsupported Media Type"),
    422: _("Unprocessable Content"),
    428: _("Precondition Required"),
    429: _("Too Many Requests"),
    500: _("Internal Server Error"),
}
# The detail where the answer has none of its own (a status made by Django or ninja).
DETAILS = {
    404: _("Not found, or outside your reach."),
    405: _("This address does not take this method; the Allow header names those it does."),
    406: _("This address answers only in the media types its documentation names."),
    415: _("Send the body as application/json."),
    500: _("Something went wrong on our side. Nothing was changed; try again later."),
}

PROBLEM_CONTENT_TYPE = "application/problem+json"


def problem_body(status: int, detail: str = "", *, title: str | None = None,
                 invalid_params: list[dict[str, str]] | None = None,
                 code: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": "about:blank" if code is None else f"urn:concordia:problem:{code}",
        "title": title or str(TITLES.get(status, HTTPStatus(status).phrase)),
        "status": status,
        "detail": detail or str(DETAILS.get(status, HTTPStatus(status).description)),
    }
    if invalid_params:
        body["invalidParams"] = invalid_params
    return body


def problem_response(status: int, detail: str = "", **kwargs: Any) -> HttpResponse:
    return HttpResponse(
        json.dumps(problem_body(status, detail, **kwargs)),
        status=status,
        content_type=PROBLEM_CONTENT_TYPE,
    )
