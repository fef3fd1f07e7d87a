"""Errors that services raise; views show them on the form, the API as problem+json."""

from django.db.utils import OperationalError


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


# PostgreSQL's answers when two transactions could not both go ahead: deadlock_detected and
# serialization_failure. Retrying the request is safe: the failed transaction was rolled back.
RETRYABLE_SQLSTATES = frozenset({"40P01", "40001"})


def is_retryable_conflict(exc: BaseException) -> bool:
    """Whether a database error means "someone else was writing at the same moment".

    Django wraps the driver's error (``__cause__``); psycopg 3 names the code ``sqlstate``,
    psycopg 2 ``pgcode``."""
    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__ or exc
    code = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    return code in RETRYABLE_SQLSTATES
