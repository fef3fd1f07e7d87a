"""Seal every existing entry and give every alliance its head, with the JOURNAL_KEY in force.

Decision (docs/journal.md): no unsealed legacy entries. Entries written before seals existed
are sealed here, once, by lifting the update trigger for this migration alone — run it with the
production JOURNAL_KEY. A chain that was already broken stays broken: a seal covers the stored
hash, it does not make a wrong hash right.
"""

import hashlib
import hmac

from django.conf import settings
from django.db import migrations
from django.utils import timezone

TABLE = "journal_journalentry"


def _hmac(purpose: str, message: str) -> str:
    # The same as concordia.journal.rules (a migration keeps its own copy: rules may change).
    return hmac.new(settings.JOURNAL_KEY.encode("utf-8"), f"{purpose}\n{message}".encode(),
                    hashlib.sha256).hexdigest()


def seal(apps, schema_editor):
    JournalEntry = apps.get_model("journal", "JournalEntry")
    JournalHead = apps.get_model("journal", "JournalHead")
    if not JournalEntry.objects.exists():
        return
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER journal_no_update")
    else:  # SQLite rebuilt the table when the seal column was added: no trigger is left on it
        schema_editor.execute("DROP TRIGGER IF EXISTS journal_no_update")
    for entry in JournalEntry.objects.order_by("alliance_id", "seq").iterator():
        JournalEntry.objects.filter(pk=entry.pk).update(
            seal=_hmac("journal-entry", entry.hash))
    last_by_alliance = {}
    for entry in JournalEntry.objects.order_by("alliance_id", "seq").only(
            "alliance_id", "seq", "hash").iterator():
        last_by_alliance[entry.alliance_id] = entry
    now = timezone.now()
    JournalHead.objects.bulk_create([
        JournalHead(alliance_id=alliance_id, seq=last.seq, hash=last.hash, moved_at=now,
                    seal=_hmac("journal-head", f"{alliance_id}:{last.seq}:{last.hash}"))
        for alliance_id, last in last_by_alliance.items()
    ])
    if vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER journal_no_update")
    # SQLite: migration 0005 installs every trigger afresh.


class Migration(migrations.Migration):
    dependencies = [("journal", "0003_head_and_seals")]
    operations = [migrations.RunPython(seal, migrations.RunPython.noop)]
