"""The journal in the database: append inside the change's transaction, numbered per alliance,
append-only by trigger, and tampering found by `journal_verify` and the API."""

import importlib
from contextlib import contextmanager
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, ProgrammingError, connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from concordia.alliances.models import Alliance
from concordia.journal import rules
from concordia.journal.models import JournalEntry
from concordia.journal.services import journal_append, journal_verify

TRIGGERS = importlib.import_module("concordia.journal.migrations.0002_append_only_triggers")


def refused_error() -> type[Exception]:
    """What each backend raises when a trigger refuses the statement."""
    return {"sqlite": IntegrityError, "postgresql": ProgrammingError}[connection.vendor]


@contextmanager
def update_trigger_lifted():
    """Let one UPDATE through, as an attacker with database access could; restore after."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE journal_journalentry DISABLE TRIGGER journal_no_update")
        else:
            cursor.execute("DROP TRIGGER journal_no_update")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ALTER TABLE journal_journalentry ENABLE TRIGGER journal_no_update")
            else:
                cursor.execute(TRIGGERS.SQLITE_UP[0])


def seqs(alliance: Alliance) -> list[int]:
    return list(JournalEntry.objects.filter(alliance=alliance).order_by("seq")
                .values_list("seq", flat=True))


# journal_append --------------------------------------------------------------------------------

@pytest.mark.django_db(transaction=True)
def test_journal_append_refuses_outside_a_transaction(world):
    # given no transaction is open (autocommit, as in a transactional test)
    assert not connection.in_atomic_block
    before = JournalEntry.objects.count()

    # when the journal is appended to directly
    with pytest.raises(RuntimeError, match="inside the transaction of its change"):
        journal_append(alliance=world.alliance, actor=world.founder, kind="NoteRecorded",
                       subject=world.alliance, payload={})

    # then nothing was written
    assert JournalEntry.objects.count() == before


@pytest.mark.django_db
def test_seq_counts_per_alliance_from_one_without_gaps(world):
    # given the world's two alliances, each with its own journal
    a_seqs, z_seqs = seqs(world.alliance), seqs(world.other_alliance)

    # then each alliance numbers its own entries 1, 2, 3, ...
    assert a_seqs == list(range(1, len(a_seqs) + 1))
    assert z_seqs == [1, 2, 3]  # AllianceCreated, PartnerJoined, RoleGranted
    assert list(JournalEntry.objects.filter(alliance=world.other_alliance).order_by("seq")
                .values_list("kind", flat=True)) == ["AllianceCreated", "PartnerJoined",
                                                     "RoleGranted"]


@pytest.mark.django_db
def test_append_links_to_the_last_entry_of_the_same_alliance_only(world):
    # given the last entry of alliance A and the count of alliance Z
    last_a = JournalEntry.objects.filter(alliance=world.alliance).order_by("-seq").first()
    z_count = JournalEntry.objects.filter(alliance=world.other_alliance).count()

    # when two entries are appended to alliance A in one transaction
    with transaction.atomic():
        first = journal_append(alliance=world.alliance, actor=world.founder, kind="NoteRecorded",
                               subject=world.alliance, payload={"text": "één"})
        second = journal_append(alliance=world.alliance, actor=None, kind="NoteRecorded",
                                subject=world.alliance, payload={"text": "two"})

    # then they continue A's numbering and chain, and Z is untouched
    assert (first.seq, second.seq) == (last_a.seq + 1, last_a.seq + 2)
    assert first.previous_hash == last_a.hash
    assert second.previous_hash == first.hash
    assert first.hash == rules.entry_hash(last_a.hash, first.content())
    assert first.actor_label == f"{world.founder} <{world.founder.email}>"
    assert second.actor_label == "system"
    assert JournalEntry.objects.filter(alliance=world.other_alliance).count() == z_count
    assert journal_verify(alliance_id=world.alliance.pk).intact is True


@pytest.mark.django_db
def test_first_entry_of_an_alliance_links_to_genesis(world):
    first = JournalEntry.objects.get(alliance=world.other_alliance, seq=1)
    assert first.previous_hash == rules.GENESIS_HASH
    assert first.kind == "AllianceCreated"
    assert first.payload == {"name": "Alliance Z", "purpose": "Shared goal",
                             "started_on": "2020-01-01"}


@pytest.mark.django_db
@settings(max_examples=25,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payload=st.dictionaries(
    st.text(alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=["Cs"]),
            max_size=12),
    st.none() | st.booleans() | st.integers(-(2**53), 2**53)
    | st.text(alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=["Cs"]),
              max_size=40),
    max_size=5))
def test_stored_payloads_still_verify_after_reading_back(world, payload):
    # given an entry with an arbitrary payload appended and read back from the database
    with transaction.atomic():
        entry = journal_append(alliance=world.other_alliance, actor=world.outsider,
                               kind="NoteRecorded", subject=world.other_alliance,
                               payload=payload)
    stored = JournalEntry.objects.get(pk=entry.pk)

    # then the database returned the same content and the chain still verifies
    assert stored.payload == payload
    assert rules.entry_hash(stored.previous_hash, stored.content()) == stored.hash
    assert journal_verify(alliance_id=world.other_alliance.pk).intact is True


# append-only in the database -------------------------------------------------------------------

@pytest.mark.django_db
def test_database_refuses_update_of_a_journal_entry(world):
    # given a stored entry
    entry = JournalEntry.objects.filter(alliance=world.alliance).order_by("seq").first()

    # when it is updated through the ORM, by save() and by raw SQL
    with pytest.raises(refused_error(), match="append-only"), transaction.atomic():
        JournalEntry.objects.filter(pk=entry.pk).update(kind="Forged")
    entry.payload = {"name": "Forged"}
    with pytest.raises(refused_error(), match="append-only"), transaction.atomic():
        entry.save()
    with pytest.raises(refused_error(), match="append-only"), transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute("UPDATE journal_journalentry SET kind = %s WHERE id = %s",
                       ["Forged", entry.pk])

    # then the row is as it was
    entry.refresh_from_db()
    assert entry.kind == "AllianceCreated"
    assert entry.payload["name"] == "Alliance A"


@pytest.mark.django_db
def test_database_refuses_delete_of_journal_entries(world):
    # given the alliance's journal
    count = JournalEntry.objects.filter(alliance=world.alliance).count()
    entry = JournalEntry.objects.filter(alliance=world.alliance).order_by("-seq").first()

    # when entries are deleted one by one, in bulk and by raw SQL
    with pytest.raises(refused_error(), match="append-only"), transaction.atomic():
        entry.delete()
    with pytest.raises(refused_error(), match="append-only"), transaction.atomic():
        JournalEntry.objects.filter(alliance=world.alliance).delete()
    with pytest.raises(refused_error(), match="append-only"), transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute("DELETE FROM journal_journalentry")

    # then every entry is still there
    assert JournalEntry.objects.filter(alliance=world.alliance).count() == count


@pytest.mark.django_db(transaction=True)  # no pending deferred FK checks to trip TRUNCATE first
def test_postgresql_refuses_truncate_of_the_journal(world):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no TRUNCATE")
    count = JournalEntry.objects.count()
    with pytest.raises(ProgrammingError, match="append-only"), transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute("TRUNCATE journal_journalentry CASCADE")
    assert JournalEntry.objects.count() == count


# verification: command and API -----------------------------------------------------------------

@pytest.mark.django_db
def test_intact_journals_are_reported_intact(world, client):
    # given untouched journals
    out = StringIO()
    entries_a = JournalEntry.objects.filter(alliance=world.alliance).count()

    # when the command runs
    call_command("journal_verify", stdout=out)

    # then each alliance is reported intact with its number of entries
    assert out.getvalue().splitlines() == [
        f"alliance {world.alliance.pk} (Alliance A): intact, {entries_a} entries",
        f"alliance {world.other_alliance.pk} (Alliance Z): intact, 3 entries",
    ]

    # and the API agrees
    client.force_login(world.founder)
    response = client.get(f"/api/v1/alliances/{world.alliance.pk}/journal-verification")
    assert response.status_code == 200
    assert response.json() == {"intact": True, "entries": entries_a, "first_bad_seq": None,
                               "reason": ""}


@pytest.mark.django_db
def test_journal_verify_for_an_unknown_alliance_is_an_error():
    with pytest.raises(CommandError, match="No alliance with ID 999999"):
        call_command("journal_verify", "--alliance", "999999", stdout=StringIO())


@pytest.mark.django_db(transaction=True)
def test_tampered_payload_is_found_by_command_and_api(world, client):
    # given an entry whose payload is changed behind the application's back
    victim = JournalEntry.objects.get(alliance=world.alliance, seq=2)
    with update_trigger_lifted():
        JournalEntry.objects.filter(pk=victim.pk).update(
            payload={**victim.payload, "organisation": "Someone else"})
    # (the trigger is back: a further UPDATE is refused again)
    with pytest.raises(refused_error(), match="append-only"), transaction.atomic():
        JournalEntry.objects.filter(pk=victim.pk).update(kind="Again")

    # when the command verifies every alliance
    out = StringIO()
    with pytest.raises(CommandError, match=r"^1 journal\(s\) broken\.$"):
        call_command("journal_verify", stdout=out)

    # then it names the first bad entry of the tampered alliance and leaves the other intact
    lines = out.getvalue().splitlines()
    assert lines[0] == (f"alliance {world.alliance.pk} (Alliance A): BROKEN at entry #2: "
                        "content does not match its hash")
    assert lines[1] == f"alliance {world.other_alliance.pk} (Alliance Z): intact, 3 entries"

    # and the command limited to the tampered alliance fails the same way
    with pytest.raises(CommandError):
        call_command("journal_verify", "--alliance", str(world.alliance.pk), stdout=StringIO())

    # and the API reports the same first bad entry
    client.force_login(world.founder)
    response = client.get(f"/api/v1/alliances/{world.alliance.pk}/journal-verification")
    assert response.status_code == 200
    assert response.json() == {"intact": False, "entries": 1, "first_bad_seq": 2,
                               "reason": "content does not match its hash"}
