"""The database refuses what would shorten or rewrite the journal unnoticed, on both backends:

- entries: no UPDATE, no DELETE (0002), and no INSERT of an id or (alliance, number) that
  exists — SQLite's INSERT OR REPLACE deletes the old row without firing a delete trigger;
- heads: no DELETE, no INSERT over an existing head, and UPDATE only forward (a higher number,
  the same alliance);
- PostgreSQL also refuses TRUNCATE of either table.

SQLite rebuilt the entries table when the seal column was added (0003), which dropped the
triggers of 0002: they are installed again here.
"""

from django.db import migrations

ENTRIES = "journal_journalentry"
HEADS = "journal_journalhead"

POSTGRES_UP = f"""
CREATE OR REPLACE FUNCTION journal_refuse_existing_entry() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM {ENTRIES} WHERE id = NEW.id
               OR (alliance_id = NEW.alliance_id AND seq = NEW.seq)) THEN
        RAISE EXCEPTION 'journal entries are append-only';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE OR REPLACE FUNCTION journal_refuse_existing_head() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM {HEADS} WHERE alliance_id = NEW.alliance_id) THEN
        RAISE EXCEPTION 'journal heads only move forward';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE OR REPLACE FUNCTION journal_head_forward_only() RETURNS trigger AS $$
BEGIN
    IF NEW.alliance_id <> OLD.alliance_id OR NEW.seq <= OLD.seq THEN
        RAISE EXCEPTION 'journal heads only move forward';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE OR REPLACE FUNCTION journal_head_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'journal heads only move forward';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER journal_no_replace BEFORE INSERT ON {ENTRIES}
    FOR EACH ROW EXECUTE FUNCTION journal_refuse_existing_entry();
CREATE TRIGGER journal_head_no_replace BEFORE INSERT ON {HEADS}
    FOR EACH ROW EXECUTE FUNCTION journal_refuse_existing_head();
CREATE TRIGGER journal_head_forward BEFORE UPDATE ON {HEADS}
    FOR EACH ROW EXECUTE FUNCTION journal_head_forward_only();
CREATE TRIGGER journal_head_no_delete BEFORE DELETE ON {HEADS}
    FOR EACH ROW EXECUTE FUNCTION journal_head_refuse_change();
CREATE TRIGGER journal_head_no_truncate BEFORE TRUNCATE ON {HEADS}
    FOR EACH STATEMENT EXECUTE FUNCTION journal_head_refuse_change();
"""
POSTGRES_DOWN = f"""
DROP TRIGGER IF EXISTS journal_no_replace ON {ENTRIES};
DROP TRIGGER IF EXISTS journal_head_no_replace ON {HEADS};
DROP TRIGGER IF EXISTS journal_head_forward ON {HEADS};
DROP TRIGGER IF EXISTS journal_head_no_delete ON {HEADS};
DROP TRIGGER IF EXISTS journal_head_no_truncate ON {HEADS};
DROP FUNCTION IF EXISTS journal_refuse_existing_entry();
DROP FUNCTION IF EXISTS journal_refuse_existing_head();
DROP FUNCTION IF EXISTS journal_head_forward_only();
DROP FUNCTION IF EXISTS journal_head_refuse_change();
"""

# Every SQLite trigger on the journal's tables (0002's included), by name.
SQLITE_TRIGGERS = {
    "journal_no_update": f"""CREATE TRIGGER journal_no_update BEFORE UPDATE ON {ENTRIES}
        BEGIN SELECT RAISE(ABORT, 'journal entries are append-only'); END;""",
    "journal_no_delete": f"""CREATE TRIGGER journal_no_delete BEFORE DELETE ON {ENTRIES}
        BEGIN SELECT RAISE(ABORT, 'journal entries are append-only'); END;""",
    "journal_no_replace": f"""CREATE TRIGGER journal_no_replace BEFORE INSERT ON {ENTRIES}
        WHEN EXISTS (SELECT 1 FROM {ENTRIES} WHERE id = NEW.id
                     OR (alliance_id = NEW.alliance_id AND seq = NEW.seq))
        BEGIN SELECT RAISE(ABORT, 'journal entries are append-only'); END;""",
    "journal_head_no_replace": f"""CREATE TRIGGER journal_head_no_replace BEFORE INSERT ON {HEADS}
        WHEN EXISTS (SELECT 1 FROM {HEADS} WHERE alliance_id = NEW.alliance_id)
        BEGIN SELECT RAISE(ABORT, 'journal heads only move forward'); END;""",
    "journal_head_forward": f"""CREATE TRIGGER journal_head_forward BEFORE UPDATE ON {HEADS}
        WHEN NEW.alliance_id <> OLD.alliance_id OR NEW.seq <= OLD.seq
        BEGIN SELECT RAISE(ABORT, 'journal heads only move forward'); END;""",
    "journal_head_no_delete": f"""CREATE TRIGGER journal_head_no_delete BEFORE DELETE ON {HEADS}
        BEGIN SELECT RAISE(ABORT, 'journal heads only move forward'); END;""",
}
SQLITE_UP = list(SQLITE_TRIGGERS.values())
SQLITE_DOWN = [f"DROP TRIGGER IF EXISTS {name};" for name in SQLITE_TRIGGERS]
# What 0002 installed and stays after this migration is reversed.
SQLITE_KEPT = ("journal_no_update", "journal_no_delete")


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_UP)
    elif vendor == "sqlite":
        for statement in SQLITE_DOWN + SQLITE_UP:
            schema_editor.execute(statement)
    else:
        raise RuntimeError(f"No append-only triggers for database vendor {vendor}")


def uninstall(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_DOWN)
    elif vendor == "sqlite":
        for name in SQLITE_TRIGGERS:
            if name not in SQLITE_KEPT:
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {name};")


class Migration(migrations.Migration):
    dependencies = [("journal", "0004_seal_existing_entries")]
    operations = [migrations.RunPython(install, uninstall)]
