"""Errors that services raise; views show them on the form, the API as problem+json."""


class DomainError(Exception):
    """A rule of the domain refused the request (HTTP 422 in the API)."""

    status = 422

    def __init__(self, message: str, *, field: str | None = None, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


class Conflict(DomainError):
    """The request clashes with the current state, e.g. a repeated or stale submission (409)."""

    status = 409
