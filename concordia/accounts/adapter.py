from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest
from django.utils import translation

from concordia.accounts.models import Person


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]  # subclassing an untyped base
    def is_open_for_signup(self, request: HttpRequest) -> bool:  # noqa: ARG002 — allauth's signature; sign-up is open or closed for everyone
        return settings.SIGNUP_OPEN

    def login(self, request: HttpRequest, user: Person) -> None:
        """The log-in request itself still speaks the browser's language (the person was not
        known yet); from here on it speaks the person's, as every later page does, so the
        "logged in as" message matches the page it appears on."""
        super().login(request, user)
        language = getattr(user, "language", "")
        if language in dict(settings.LANGUAGES):
            translation.activate(language)
            request.LANGUAGE_CODE = language
