from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:  # type: ignore[no-untyped-def]  # noqa: ARG002 — allauth's signature; sign-up is open or closed for everyone
        return settings.SIGNUP_OPEN
