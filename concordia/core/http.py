"""The request every page sees: Django's, plus what our middleware adds to it."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """A request that went through `HtmxMiddleware` (installed for every route), so views can
    ask `request.htmx` whether to answer with a fragment. A type only: Django builds the
    request, the middleware sets the attribute."""

    htmx: HtmxDetails
