"""One lock order for every write in an alliance.

Every service that writes in an alliance calls :func:`alliance_lock` **first**, before it locks
or writes any other row; rows locked after it use ``select_for_update(of=("self",),
no_key=True)``. Two services in one alliance therefore always meet at the same row first, and
the one that comes second waits there instead of holding a lock the first one needs: no cycle,
no deadlock (docs/access.md, "One lock order").

The mode is PostgreSQL's ``FOR NO KEY UPDATE``:

- it conflicts with itself (and with ``FOR UPDATE`` and ``FOR SHARE``), so writers in one
  alliance take turns;
- it does **not** conflict with ``FOR KEY SHARE``, the lock PostgreSQL takes on the alliance row
  whenever a row that references it is inserted or its foreign key updated (a journal entry, a
  membership, saved advice). A plain ``FOR UPDATE`` would make such inserts elsewhere wait on the
  alliance lock, and a service holding a key-share lock on a partner row while asking for the
  alliance is exactly the cycle that deadlocked ``partner_leave`` against ``statement_endorse``.

SQLite has no row locks; it serialises writers on the whole database, and the unique
constraints remain the last line of defence there.
"""

from typing import Any

from concordia.access import policy

from .models import Alliance


def alliance_lock(alliance_id: int, *, actor: Any = None) -> None:
    """Take the alliance's writer lock for the rest of the transaction (a no-op on SQLite).

    Pass the ``actor`` when the permission check comes next: their roles cached earlier in the
    request are dropped, so the check reads them as they are under the lock (a role revoked or
    a partner that left while this request waited is seen)."""
    Alliance.objects.select_for_update(no_key=True).filter(pk=alliance_id).exists()
    if actor is not None:
        policy.forget_cached_access(actor)

