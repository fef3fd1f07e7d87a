"""RFC 9457 problem details: the one shape of every API error."""

import json
from http import HTTPStatus
from typing import Any

from django.http import HttpResponse

PROBLEM_CONTENT_TYPE = "application/problem+json"


def problem_body(status: int, detail: str = "", *, title: str | None = None,
                 invalid_params: list[dict[str, str]] | None = None,
                 code: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": "about:blank" if code is None else f"urn:concordia:problem:{code}",
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail or HTTPStatus(status).description,
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
