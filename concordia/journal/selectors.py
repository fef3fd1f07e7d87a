"""Every read on the journal, scoped by the person through the access policy."""

from typing import Any

from django.db.models import QuerySet

from concordia.access import policy

from . import registry
from .models import JournalEntry


def journal_alliance(*, user: Any, alliance_id: int) -> Any:
    """The alliance whose journal the person reads (404 without a live role in it)."""
    return policy.alliance_or_404(user, alliance_id)


def journal_list(*, user: Any, alliance_id: int) -> QuerySet[JournalEntry]:
    """The alliance's journal, newest first (404 without a live role in the alliance)."""
    policy.alliance_or_404(user, alliance_id)
    return JournalEntry.objects.filter(alliance_id=alliance_id).order_by("-seq")


def recent_commitments(*, user: Any, alliance_id: int, limit: int = 8) -> list[JournalEntry]:
    """The latest entries of the kinds registered as commitments (the dashboard's list)."""
    return list(journal_list(user=user, alliance_id=alliance_id)
                .filter(kind__in=registry.commitment_kinds())[:limit])


def journal_head(*, user: Any, alliance_id: int) -> int:
    """The number of the alliance's latest entry: it changes exactly when the alliance does, so
    pages cache what every member sees under it."""
    seq = journal_list(user=user, alliance_id=alliance_id).values_list("seq", flat=True).first()
    return seq or 0
