"""Write helpers every service shares."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import IntegrityError, transaction

from .errors import Conflict


@contextmanager
def conflict_on_duplicate(message: str, *, field: str | None = None,
                          code: str = "invalid") -> Iterator[None]:
    """Run a write that a unique constraint guards. The service checks first and says so in
    words; a concurrent twin that slipped past the check meets the constraint, and that is the
    same Conflict (409), never a 500. The savepoint keeps the outer transaction usable."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as exc:
        raise Conflict(message, field=field, code=code) from exc
