"""API authentication: the browser session (with CSRF) or a personal bearer token."""

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from concordia.accounts.services import api_token_authenticate


class PersonalToken(HttpBearer):
    openapi_scheme = "bearer"

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        person = api_token_authenticate(token)
        if person is not None:
            request.user = person  # one identity for selectors, whichever way they came in
        return person


class ActiveSession(SessionAuth):
    def authenticate(self, request: HttpRequest, key: str | None) -> Any:  # noqa: ARG002 — ninja's signature; the session cookie is checked by Django
        user = request.user
        return user if user.is_authenticated and user.is_active else None


AUTH = [PersonalToken(), ActiveSession()]
