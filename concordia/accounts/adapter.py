from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):  # type: ignore[misc]  # subclassing an untyped base
    def is_open_for_signup(self, request: HttpRequest) -> bool:  # noqa: ARG002 — allauth's signature; sign-up is open or closed for everyone
        return settings.SIGNUP_OPEN
