"""The journal's head, seals and checkpoints: the database refuses shortening and replacing;
verification notices what an administrator does with the triggers lifted; a partner's
checkpoint proves that today's journal still extends what it saw."""

import importlib
import json
from io import StringIO
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import IntegrityError, ProgrammingError, connection, transaction
from django.utils import translation

from concordia.alliances.models import Alliance
from concordia.core.errors import Conflict, DomainError
from concordia.journal import rules
from concordia.journal.models import JournalEntry, JournalHead
from concordia.journal.services import (
    checkpoint_parse,
    checkpoint_verify,
    journal_append,
    journal_checkpoint,
    journal_verify,
)

from .tampering import TRIGGERS, triggers_lifted

COLUMNS = ("(id, alliance_id, seq, kind, actor_id, actor_label, subject_type, subject_id, "
           "payload, recorded_at, previous_hash, hash, seal) "
           "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)")
INSERT = "INSERT INTO journal_journalentry " + COLUMNS
INSERT_OR_REPLACE = "INSERT OR REPLACE INTO journal_journalentry " + COLUMNS
REPLACE = "REPLACE INTO journal_journalentry " + COLUMNS
INSERT_ON_CONFLICT_UPDATE = INSERT + " ON CONFLICT (id) DO UPDATE SET payload = EXCLUDED.payload"


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English, whatever language an earlier test left active."""
    with translation.override("en"):
        yield


def refused_error() -> type[Exception]:
    return {"sqlite": IntegrityError, "postgresql": ProgrammingError}[connection.vendor]


def last_entry(alliance: Alliance) -> JournalEntry:
    return JournalEntry.objects.filter(alliance=alliance).order_by("-seq").first()


# the head ----------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_every_append_seals_its_entry_and_moves_the_sealed_head(world):
    before = JournalHead.objects.get(alliance=world.alliance)
    with transaction.atomic():
        entry = journal_append(alliance=world.alliance, actor=world.founder, kind="NoteRecorded",
                               subject=world.alliance, payload={"name": "x"})
    head = JournalHead.objects.get(alliance=world.alliance)
    assert (head.seq, head.hash) == (before.seq + 1, entry.hash)
    assert entry.seal == rules.entry_seal(settings.JOURNAL_KEY, entry.hash)
    assert head.seal == rules.head_seal(settings.JOURNAL_KEY, world.alliance.pk, head.seq,
                                        head.hash)
    assert JournalHead.objects.count() == 2  # one per alliance


@pytest.mark.django_db
def test_database_refuses_deleting_moving_back_or_replacing_a_head(world):
    head = JournalHead.objects.get(alliance=world.alliance)
    with pytest.raises(refused_error(), match="only move forward"), transaction.atomic():
        JournalHead.objects.filter(pk=head.pk).delete()
    with pytest.raises(refused_error(), match="only move forward"), transaction.atomic():
        JournalHead.objects.filter(pk=head.pk).update(seq=head.seq - 1)
    with pytest.raises(refused_error(), match="only move forward"), transaction.atomic():
        JournalHead.objects.filter(pk=head.pk).update(hash="0" * 64)  # same number: not forward
    with pytest.raises(refused_error(), match="only move forward"), transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute("INSERT INTO journal_journalhead (alliance_id, seq, hash, seal, moved_at) "
                       "VALUES (%s, %s, %s, %s, %s)",
                       [world.alliance.pk, head.seq + 5, head.hash, head.seal, head.moved_at])
    fields = ("seq", "hash", "seal", "moved_at")
    assert JournalHead.objects.filter(alliance=world.alliance).values(*fields).get() == {
        name: getattr(head, name) for name in fields}


@pytest.mark.django_db
def test_database_refuses_replacing_an_entry(world):
    """SQLite's INSERT OR REPLACE deletes the old row without a delete trigger; PostgreSQL's
    ON CONFLICT DO UPDATE is the same move. The insert trigger refuses both."""
    victim = JournalEntry.objects.get(alliance=world.alliance, seq=2)
    values = [victim.pk, world.alliance.pk, 2, "PartnerJoined", None, "forger", "x", "1",
              json.dumps({"organisation": "Forged"}), victim.recorded_at, victim.previous_hash,
              victim.hash, victim.seal]
    statements = {"sqlite": [INSERT_OR_REPLACE, REPLACE],
                  "postgresql": [INSERT_ON_CONFLICT_UPDATE]}[connection.vendor]
    for statement in statements:
        with pytest.raises(refused_error(), match="append-only"), transaction.atomic(), \
                connection.cursor() as cursor:
            cursor.execute(statement, values)
    # a new id with an existing (alliance, number) is refused too, before the unique index
    with pytest.raises(refused_error(), match="append-only"), transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute(INSERT, [victim.pk + 10_000, *values[1:]])
    victim_after = JournalEntry.objects.get(pk=victim.pk)
    assert victim_after.payload == victim.payload
    assert victim_after.actor_label == victim.actor_label
    assert journal_verify(alliance_id=world.alliance.pk).intact is True


@pytest.mark.django_db
def test_an_alliance_without_entries_or_head_verifies_as_broken(world):
    # an alliance row without its journal (as if emptied by an administrator)
    bare = Alliance.objects.create(name="Bare", purpose="", started_on="2020-01-01")
    assert journal_verify(alliance_id=bare.pk) == rules.ChainReport(
        False, 0, 1, "the journal has no entries")
    with triggers_lifted():
        JournalHead.objects.filter(alliance=world.other_alliance).delete()
    assert journal_verify(alliance_id=world.other_alliance.pk) == rules.ChainReport(
        False, 3, None, "the journal's head is missing")


@pytest.mark.django_db
def test_appending_to_a_journal_that_does_not_end_at_its_head_is_refused(world):
    with triggers_lifted():
        last_entry(world.alliance).delete()
    count = JournalEntry.objects.filter(alliance=world.alliance).count()
    with pytest.raises(Conflict, match="does not verify"), transaction.atomic():
        journal_append(alliance=world.alliance, actor=world.founder, kind="NoteRecorded",
                       subject=world.alliance, payload={})
    assert JournalEntry.objects.filter(alliance=world.alliance).count() == count


@pytest.mark.django_db
def test_command_names_the_broken_head(world):
    with triggers_lifted():
        last_entry(world.other_alliance).delete()
    out = StringIO()
    with pytest.raises(CommandError, match=r"^1 journal\(s\) broken\.$"):
        call_command("journal_verify", stdout=out)
    assert out.getvalue().splitlines()[1] == (
        f"alliance {world.other_alliance.pk} (Alliance Z): BROKEN at entry #3: "
        "entries after the last one are missing (the head is further)")


# checkpoints -------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_a_checkpoint_is_signed_and_extended_by_later_entries(world):
    checkpoint = journal_checkpoint(alliance_id=world.alliance.pk)
    head = JournalHead.objects.get(alliance=world.alliance)
    assert (checkpoint.alliance, checkpoint.seq, checkpoint.hash) == (
        world.alliance.pk, head.seq, head.hash)
    assert checkpoint.signature == rules.checkpoint_signature(
        settings.JOURNAL_KEY, world.alliance.pk, head.seq, head.hash, checkpoint.issued_at)
    with transaction.atomic():
        journal_append(alliance=world.alliance, actor=world.founder, kind="NoteRecorded",
                       subject=world.alliance, payload={"name": "later"})
    assert checkpoint_verify(checkpoint=checkpoint) == rules.CheckpointReport(True, "")


@pytest.mark.django_db
def test_a_checkpoint_catches_a_rollback_to_an_earlier_sealed_state(world):
    """The attack the database alone cannot show: an administrator who kept an old head row
    removes the entries after it and puts the old head back. Every seal is genuine; only the
    partner's checkpoint knows the journal was longer."""
    old_head = JournalHead.objects.get(alliance=world.alliance)
    with transaction.atomic():
        for n in range(3):
            journal_append(alliance=world.alliance, actor=world.founder, kind="NoteRecorded",
                           subject=world.alliance, payload={"name": f"n{n}"})
    checkpoint = journal_checkpoint(alliance_id=world.alliance.pk)
    with triggers_lifted():
        JournalEntry.objects.filter(alliance=world.alliance, seq__gt=old_head.seq).delete()
        JournalHead.objects.filter(alliance=world.alliance).update(
            seq=old_head.seq, hash=old_head.hash, seal=old_head.seal)
    assert journal_verify(alliance_id=world.alliance.pk).intact is True  # undetectable in-db
    assert checkpoint_verify(checkpoint=checkpoint) == rules.CheckpointReport(
        False, f"entry #{checkpoint.seq} of the checkpoint is missing: the journal was shortened")


@pytest.mark.django_db
def test_a_forged_or_altered_checkpoint_proves_nothing(world):
    checkpoint = journal_checkpoint(alliance_id=world.alliance.pk).as_dict()
    altered = checkpoint_parse({**checkpoint, "seq": checkpoint["seq"] - 1})
    report = checkpoint_verify(checkpoint=altered)
    assert report.extends is False
    assert report.reason.startswith("the checkpoint's signature does not match")


@pytest.mark.django_db
def test_no_checkpoint_of_a_broken_journal(world):
    with triggers_lifted():
        last_entry(world.alliance).delete()
    with pytest.raises(Conflict, match="no checkpoint is issued"):
        journal_checkpoint(alliance_id=world.alliance.pk)


@pytest.mark.parametrize("data", [
    "AAA", [], {}, {"alliance": 1, "seq": 1, "hash": "a" * 64, "issued_at": "x"},
    {"alliance": "1", "seq": 1, "hash": "a" * 64, "issued_at": "x", "signature": "b" * 64},
    {"alliance": 1, "seq": 0, "hash": "a" * 64, "issued_at": "x", "signature": "b" * 64},
    {"alliance": 1, "seq": True, "hash": "a" * 64, "issued_at": "x", "signature": "b" * 64},
    {"alliance": 1, "seq": 1, "hash": "A" * 64, "issued_at": "x", "signature": "b" * 64},
    {"alliance": 1, "seq": 1, "hash": "a" * 64, "issued_at": "x", "signature": "b" * 63},
])
def test_what_is_not_a_checkpoint_is_refused(data):
    with pytest.raises(DomainError, match="not a journal checkpoint"):
        checkpoint_parse(data)


@pytest.mark.django_db
def test_checkpoint_file_from_the_page_and_the_command(world, client, tmp_path):
    # given a partner downloads a checkpoint from the journal page
    client.force_login(world.coordinator_b)
    response = client.get(f"/alliances/{world.alliance.pk}/journal/checkpoint.json")
    assert response.status_code == 200
    head = JournalHead.objects.get(alliance=world.alliance)
    assert response["Content-Disposition"] == (
        f'attachment; filename="journal-checkpoint-alliance-{world.alliance.pk}'
        f'-entry-{head.seq}.json"')
    data = json.loads(response.content)
    assert set(data) == {"alliance", "seq", "hash", "issued_at", "signature"}
    path = tmp_path / "checkpoint.json"
    path.write_bytes(response.content)

    # when the command checks it against the untouched journal: it extends it
    out = StringIO()
    call_command("journal_verify", "--checkpoint", str(path), stdout=out)
    assert out.getvalue() == (f"alliance {world.alliance.pk}: extends the checkpoint at entry "
                              f"#{head.seq} ({head.hash[:16]}…), intact\n")

    # and after the last entry was rewritten and the chain recomputed with the key: it does not
    victim = last_entry(world.alliance)
    victim.payload = {**victim.payload, "role": "owner"}
    new_hash = rules.entry_hash(victim.previous_hash, victim.content())
    with triggers_lifted():
        JournalEntry.objects.filter(pk=victim.pk).update(
            payload=victim.payload, hash=new_hash,
            seal=rules.entry_seal(settings.JOURNAL_KEY, new_hash))
        JournalHead.objects.filter(alliance=world.alliance).update(
            hash=new_hash, seal=rules.head_seal(settings.JOURNAL_KEY, world.alliance.pk,
                                                victim.seq, new_hash))
    assert journal_verify(alliance_id=world.alliance.pk).intact is True  # the key holder's lie
    out = StringIO()
    with pytest.raises(CommandError, match="does not extend the checkpoint"):
        call_command("journal_verify", "--checkpoint", str(path), stdout=out)
    assert out.getvalue() == (
        f"alliance {world.alliance.pk}: does NOT extend the checkpoint at entry #{head.seq}: "
        f"entry #{head.seq} differs from the checkpoint: history before the checkpoint was "
        "rewritten\n")


def test_command_refuses_a_file_that_is_not_a_checkpoint(tmp_path):
    path = tmp_path / "x.json"
    path.write_text('{"alliance": 1}', encoding="utf-8")
    with pytest.raises(CommandError, match="not a journal checkpoint"):
        call_command("journal_verify", "--checkpoint", str(path), stdout=StringIO())


@pytest.mark.django_db
def test_checkpoint_through_the_api(world, client):
    client.force_login(world.observer_b)
    base = f"/api/v1/alliances/{world.alliance.pk}"
    checkpoint = client.get(f"{base}/journal-checkpoint").json()
    head = JournalHead.objects.get(alliance=world.alliance)
    assert (checkpoint["seq"], checkpoint["hash"]) == (head.seq, head.hash)

    response = client.post(f"{base}/journal-checkpoint-verification", checkpoint,
                           content_type="application/json")
    assert response.status_code == 200
    assert response.json() == {"extends": True, "reason": ""}

    # a checkpoint of another alliance is refused (nothing learnt about it)
    other = journal_checkpoint(alliance_id=world.other_alliance.pk).as_dict()
    response = client.post(f"{base}/journal-checkpoint-verification", other,
                           content_type="application/json")
    assert response.status_code == 400
    assert response.json()["invalidParams"] == [
        {"name": "alliance", "code": "other_alliance",
         "reason": "The checkpoint is of another alliance."}]

    # and an altered one does not verify
    response = client.post(f"{base}/journal-checkpoint-verification",
                           {**checkpoint, "issued_at": "2020-01-01T00:00:00+00:00"},
                           content_type="application/json")
    assert response.status_code == 200
    assert response.json()["extends"] is False


@pytest.mark.django_db
def test_migration_seals_entries_written_before_seals_and_gives_each_alliance_its_head(world):
    # given journals as they were before seals and heads (no seal, no head)
    migration = importlib.import_module("concordia.journal.migrations.0004_seal_existing_entries")
    with triggers_lifted():
        JournalEntry.objects.update(seal="")
        JournalHead.objects.all().delete()
    assert journal_verify(alliance_id=world.alliance.pk).intact is False

    # when the migration's step runs (the update trigger lifted by the step itself)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        # the step needs of its schema editor only the connection and execute(); SQLite's own
        # editor cannot open inside the test's transaction
        migration.seal(apps, SimpleNamespace(connection=connection, execute=cursor.execute))
    if connection.vendor == "sqlite":  # migration 0005 puts SQLite's triggers back
        with connection.cursor() as cursor:
            for statement in TRIGGERS.SQLITE_DOWN + TRIGGERS.SQLITE_UP:
                cursor.execute(statement)

    # then every journal verifies again, with its head where its entries end
    for alliance in (world.alliance, world.other_alliance):
        assert journal_verify(alliance_id=alliance.pk).intact is True
        assert JournalHead.objects.get(alliance=alliance).seq == last_entry(alliance).seq
    # and the update trigger is back
    with pytest.raises(refused_error(), match="append-only"), transaction.atomic():
        JournalEntry.objects.filter(alliance=world.alliance).update(seal="")
