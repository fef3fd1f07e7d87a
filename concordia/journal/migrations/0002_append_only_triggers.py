"""The database itself refuses UPDATE and DELETE on journal entries (PostgreSQL and SQLite)."""

from django.db import migrations

TABLE = "journal_journalentry"

POSTGRES_UP = f"""
CREATE OR REPLACE FUNCTION journal_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'journal entries are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER journal_no_update BEFORE UPDATE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION journal_refuse_change();
CREATE TRIGGER journal_no_delete BEFORE DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION journal_refuse_change();
CREATE TRIGGER journal_no_truncate BEFORE TRUNCATE ON {TABLE}
    FOR EACH STATEMENT EXECUTE FUNCTION journal_refuse_change();
"""
POSTGRES_DOWN = f"""
DROP TRIGGER IF EXISTS journal_no_update ON {TABLE};
DROP TRIGGER IF EXISTS journal_no_delete ON {TABLE};
DROP TRIGGER IF EXISTS journal_no_truncate ON {TABLE};
DROP FUNCTION IF EXISTS journal_refuse_change();
"""
SQLITE_UP = [
    f"""CREATE TRIGGER journal_no_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'journal entries are append-only'); END;""",
    f"""CREATE TRIGGER journal_no_delete BEFORE DELETE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, 'journal entries are append-only'); END;""",
]
SQLITE_DOWN = ["DROP TRIGGER IF EXISTS journal_no_update;", "DROP TRIGGER IF EXISTS journal_no_delete;"]


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_UP)
    elif vendor == "sqlite":
        for statement in SQLITE_UP:
            schema_editor.execute(statement)
    else:
        raise RuntimeError(f"No append-only triggers for database vendor {vendor}")


def uninstall(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_DOWN)
    elif vendor == "sqlite":
        for statement in SQLITE_DOWN:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("journal", "0001_initial")]
    operations = [migrations.RunPython(install, uninstall)]
