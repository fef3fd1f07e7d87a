"""The request of someone who is logged in: its user is a `Person`, never `AnonymousUser`."""

from concordia.core.http import HtmxHttpRequest

from .models import Person


class AuthenticatedHttpRequest(HtmxHttpRequest):
    """The request type of every page behind `login_required` and every API operation behind
    the API's authentication (a session or a personal token both leave the `Person` in
    `request.user`, see `concordia.api.auth`). Annotating `request` with it lets views pass
    `request.user` to services as `actor: Person`. A type only: nothing checks it at run time,
    so it belongs on views that cannot be reached without logging in; a public view keeps
    `HttpRequest` and checks `request.user.is_authenticated` itself."""

    user: Person
