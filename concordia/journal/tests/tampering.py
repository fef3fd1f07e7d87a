"""What a database administrator can do to the journal behind the application's back: lift the
triggers, change rows, put the triggers back. Tests use it to show that verification notices."""

import importlib
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

TRIGGERS = importlib.import_module("concordia.journal.migrations.0005_head_and_replace_triggers")
TABLES = ("journal_journalentry", "journal_journalhead")


@contextmanager
def triggers_lifted() -> Iterator[None]:
    """Every journal trigger off (both tables) for the block; back on afterwards."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # ALTER TABLE waits for no deferred foreign-key check: run the pending ones now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table in TABLES:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        else:
            for statement in TRIGGERS.SQLITE_DOWN:
                cursor.execute(statement)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                for table in TABLES:
                    cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            else:
                for statement in TRIGGERS.SQLITE_UP:
                    cursor.execute(statement)
