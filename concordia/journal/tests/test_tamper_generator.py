"""The tamper generator: random tamperings of a realistic journal, as a database administrator
could make them (triggers lifted, no JOURNAL_KEY), and verification must notice every one.

Most cases run on the rules layer over rows loaded from the database once (cheap: the same
verification the service runs, over plain values); a smaller set goes through the database
itself, each case inside a savepoint that is rolled back, on whichever backend the suite runs
(SQLite and PostgreSQL in CI). Every tamper kind is generated and counted.
"""

import datetime as dt
import hashlib
import random
from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.db import connection, transaction

from concordia.journal import rules
from concordia.journal.models import JournalEntry, JournalHead
from concordia.journal.services import journal_append, journal_checkpoint, journal_verify

from .tampering import triggers_lifted

SEED = 20261129
RULES_CASES = 1_200
DATABASE_CASES_PER_KIND = 3
ATTACKER_KEY = "a-key-guessed-by-someone-without-the-journal-key"

Row = dict[str, Any]
State = tuple[dict[int, Row], dict[int, Row]]  # entries by id, heads by alliance id

ENTRY_FIELDS = ("id", "alliance_id", "seq", "kind", "actor_id", "actor_label", "subject_type",
                "subject_id", "payload", "recorded_at", "previous_hash", "hash", "seal")
HEAD_FIELDS = ("alliance_id", "seq", "hash", "seal", "moved_at")


# a realistic journal --------------------------------------------------------------------------

def build_journal(world: Any) -> None:
    """The world's two alliances plus commitments of several apps' kinds, in both."""
    rng = random.Random(SEED)
    texts = ["Client", "één loket", "Zürich ✓", "multi\nline", '"quoted"', ""]
    with transaction.atomic():
        for n in range(24):
            alliance, actor = ((world.alliance, world.founder) if n % 3 else
                               (world.other_alliance, world.outsider))
            kind, payload = rng.choice([
                ("ObjectiveEndorsed", {"number": n, "partner": rng.choice(texts)}),
                ("TermAgreed", {"term": rng.choice(texts), "definition": rng.choice(texts)}),
                ("StageAssessed", {"assessed_on": "2026-01-01", "overall": "procedural"}),
                ("NoteRecorded", {"name": rng.choice(texts), "n": n, "ok": True, "x": None}),
            ])
            journal_append(alliance=alliance, actor=actor if n % 5 else None, kind=kind,
                           subject=alliance, payload=payload)


def load_state() -> State:
    entries = {row["id"]: row for row in JournalEntry.objects.values(*ENTRY_FIELDS)}
    heads = {row["alliance_id"]: row for row in JournalHead.objects.values(*HEAD_FIELDS)}
    return entries, heads


def verify_state(state: State, alliance_ids: list[int]) -> dict[int, rules.ChainReport]:
    """What journal_verify reports for each alliance, computed over plain rows."""
    entries, heads = state
    reports = {}
    for alliance_id in alliance_ids:
        rows = sorted((r for r in entries.values() if r["alliance_id"] == alliance_id),
                      key=lambda r: r["seq"])
        chained = [rules.ChainedEntry(r["seq"], content(r), r["previous_hash"], r["hash"],
                                      r["seal"]) for r in rows]
        head = heads.get(alliance_id)
        reports[alliance_id] = rules.verify_journal(
            key=settings.JOURNAL_KEY, alliance_id=alliance_id, entries=chained,
            head=rules.Head(head["alliance_id"], head["seq"], head["hash"], head["seal"])
            if head else None)
    return reports


def content(row: Row) -> dict[str, Any]:
    """What the hash covers, from a plain row: JournalEntry.content() without building an
    instance (the test asserts both agree on every row)."""
    return {"alliance": row["alliance_id"], "seq": row["seq"], "kind": row["kind"],
            "actor": row["actor_id"], "actor_label": row["actor_label"],
            "subject_type": row["subject_type"], "subject_id": row["subject_id"],
            "payload": row["payload"], "recorded_at": row["recorded_at"].isoformat()}


def copied(state: State) -> State:
    # Tamperings replace values (payloads, times) rather than mutate them: row copies suffice.
    return ({i: dict(r) for i, r in state[0].items()}, {a: dict(h) for a, h in state[1].items()})


# what an attacker without the key can do -------------------------------------------------------

def forged_seal(rng: random.Random, value: str) -> str:
    """A seal made without JOURNAL_KEY: left as it was, emptied, or an HMAC/SHA of a guess."""
    return rng.choice([
        "",
        rules.entry_seal(ATTACKER_KEY, value),
        hashlib.sha256(value.encode()).hexdigest(),
        "0" * 64,
    ])


def rows_of(entries: dict[int, Row], alliance_id: int) -> list[Row]:
    return sorted((r for r in entries.values() if r["alliance_id"] == alliance_id),
                  key=lambda r: r["seq"])


def rechain(rows: list[Row], rng: random.Random, start: int = 0) -> None:
    """Recompute every hash from `start` on, as anyone can (SHA-256 is public)."""
    previous = rows[start - 1]["hash"] if start else rules.GENESIS_HASH
    for row in rows[start:]:
        row["previous_hash"] = previous
        row["hash"] = rules.entry_hash(previous, content(row))
        row["seal"] = forged_seal(rng, row["hash"])
        previous = row["hash"]


def point_head(heads: dict[int, Row], alliance_id: int, rows: list[Row],
               rng: random.Random) -> None:
    """Move the head to where the rows now end, with a seal made without the key."""
    if alliance_id in heads and rows:
        last = rows[-1]
        heads[alliance_id].update(seq=last["seq"], hash=last["hash"],
                                  seal=forged_seal(rng, last["hash"]))


def tamper(kind: str, state: State, rng: random.Random, alliance_ids: list[int],
           next_id: Callable[[], int]) -> dict[str, Any]:
    """Change `state` in place as the kind says; return what the database layer needs to know
    beyond the rows (e.g. that a row is replaced in one statement)."""
    entries, heads = state
    alliance_id = rng.choice(alliance_ids)
    rows = rows_of(entries, alliance_id)
    victim = rng.choice(rows)
    cover_up = rng.random() < 0.5  # also re-point the head, as a careful attacker would
    if kind == "edit_payload":
        victim["payload"] = {**victim["payload"], rng.choice(["name", "partner", "extra"]):
                             f"forged {rng.randrange(10**6)}"}
    elif kind == "edit_actor":
        if rng.random() < 0.5:
            victim["actor_label"] = f"Someone Else <x{rng.randrange(999)}@example.org>"
        else:
            victim["actor_id"] = None if victim["actor_id"] else rng.randrange(1, 10)
    elif kind == "edit_time":
        victim["recorded_at"] += dt.timedelta(seconds=rng.choice([-1, 1]) * rng.randrange(1, 10**6))
    elif kind == "edit_hash":
        field = rng.choice(["hash", "previous_hash"])
        victim[field] = hashlib.sha256(f"{rng.random()}".encode()).hexdigest()
    elif kind == "delete_middle":
        del entries[rng.choice(rows[1:-1])["id"]]
        if cover_up:
            remaining = rows_of(entries, alliance_id)
            for seq, row in enumerate(remaining, start=1):
                row["seq"] = seq
            rechain(remaining, rng)
            point_head(heads, alliance_id, remaining, rng)
    elif kind in ("delete_last", "delete_last_n"):
        n = 1 if kind == "delete_last" else rng.randrange(2, len(rows))
        for row in rows[-n:]:
            del entries[row["id"]]
        if cover_up:
            point_head(heads, alliance_id, rows[:-n], rng)
    elif kind == "delete_all":
        for row in rows:
            del entries[row["id"]]
        if rng.random() < 0.5:
            heads.pop(alliance_id, None)
    elif kind == "swap":
        first, second = rng.sample(rows, 2)
        first["seq"], second["seq"] = second["seq"], first["seq"]
        if cover_up:
            reordered = rows_of(entries, alliance_id)
            rechain(reordered, rng)
            point_head(heads, alliance_id, reordered, rng)
    elif kind == "move_to_other_alliance":
        target = rng.choice([a for a in alliance_ids if a != alliance_id])
        target_rows = rows_of(entries, target)
        del entries[victim["id"]]
        moved = {**victim, "alliance_id": target, "seq": target_rows[-1]["seq"] + 1}
        entries[moved["id"]] = moved
        if cover_up:
            rechain([*target_rows, moved], rng, start=len(target_rows))
            point_head(heads, target, [*target_rows, moved], rng)
    elif kind == "insert":
        position = rng.randrange(0, len(rows) + 1)
        forged = {**rows[-1], "id": next_id(), "kind": "PartnerJoined",
                  "payload": {"organisation": "Forged partner"}}
        for row in rows[position:]:
            row["seq"] += 1
        forged["seq"] = position + 1
        entries[forged["id"]] = forged
        updated = rows_of(entries, alliance_id)
        rechain(updated, rng, start=position)
        if cover_up:
            point_head(heads, alliance_id, updated, rng)
    elif kind == "recompute_after_edit":
        victim["payload"] = {**victim["payload"], "name": "rewritten"}
        rechain(rows, rng, start=victim["seq"] - 1)
        point_head(heads, alliance_id, rows, rng)
    elif kind == "insert_or_replace":
        replacement = {**victim, "payload": {"organisation": "Replaced"},
                       "actor_label": "replaced"}
        replacement["hash"] = rules.entry_hash(replacement["previous_hash"], content(replacement))
        replacement["seal"] = forged_seal(rng, replacement["hash"])
        entries[victim["id"]] = replacement
        return {"replace": replacement}
    elif kind == "delete_head":
        heads.pop(alliance_id, None)
    elif kind == "roll_head_back":
        earlier = rng.choice(rows[:-1])
        heads[alliance_id].update(seq=earlier["seq"], hash=earlier["hash"],
                                  seal=rng.choice([heads[alliance_id]["seal"],
                                                   forged_seal(rng, earlier["hash"])]))
    elif kind == "truncate_and_roll_head_back":
        n = rng.randrange(1, len(rows))
        for row in rows[-n:]:
            del entries[row["id"]]
        point_head(heads, alliance_id, rows[:-n], rng)
    else:  # pragma: no cover - the list of kinds and this function go together
        raise AssertionError(kind)
    return {}


KINDS = ("edit_payload", "edit_actor", "edit_time", "edit_hash", "delete_middle", "delete_last",
         "delete_last_n", "delete_all", "swap", "move_to_other_alliance", "insert",
         "recompute_after_edit", "insert_or_replace", "delete_head", "roll_head_back",
         "truncate_and_roll_head_back")


def generated_cases(n: int, seed: int) -> list[tuple[str, random.Random]]:
    """n cases, every kind in turn (in a shuffled order), each with its own random source."""
    rng = random.Random(seed)
    order = list(KINDS)
    cases = []
    for i in range(n):
        if i % len(order) == 0:
            rng.shuffle(order)
        cases.append((order[i % len(order)], random.Random(rng.random())))
    return cases


def id_counter(state: State) -> Callable[[], int]:
    counter = iter(range(max(state[0]) + 1000, 10**9))
    return lambda: next(counter)


# the rules layer: 1,200 cases -------------------------------------------------------------------

@pytest.mark.django_db
def test_every_generated_tampering_is_detected_on_the_rules_layer(world):
    build_journal(world)
    original = load_state()
    alliance_ids = sorted(original[1])
    assert all(r.intact for r in verify_state(original, alliance_ids).values())
    # the plain-row verification is the service's, to the letter
    assert all(content(row) == JournalEntry(**row).content() for row in original[0].values())
    assert verify_state(original, alliance_ids) == {
        a: journal_verify(alliance_id=a) for a in alliance_ids}

    generated: Counter[str] = Counter()
    detected: Counter[str] = Counter()
    for kind, rng in generated_cases(RULES_CASES, SEED):
        state = copied(original)
        tamper(kind, state, rng, alliance_ids, id_counter(state))
        assert state != original, f"{kind} changed nothing"
        generated[kind] += 1
        reports = verify_state(state, alliance_ids)
        if not all(r.intact for r in reports.values()):
            detected[kind] += 1

    print("tamper cases per kind (rules layer):", dict(sorted(generated.items())))
    assert set(generated) == set(KINDS)
    assert sum(generated.values()) == RULES_CASES
    assert detected == generated  # 100% per kind


@pytest.mark.django_db
def test_a_rollback_to_an_earlier_sealed_state_is_caught_by_the_partners_checkpoint(world):
    """The one tampering the database cannot show by itself: an administrator who kept an old
    (genuinely sealed) head removes everything after it and puts that head back. The partners'
    checkpoints are the defence; every generated case is caught by the latest one."""
    build_journal(world)
    checkpoints = {a: journal_checkpoint(alliance_id=a) for a in
                   JournalHead.objects.values_list("alliance_id", flat=True)}
    original = load_state()
    alliance_ids = sorted(original[1])
    caught_by_database = caught_by_checkpoint = cases = 0
    rng = random.Random(SEED)
    for _ in range(200):
        state = copied(original)
        entries, heads = state
        alliance_id = rng.choice(alliance_ids)
        rows = rows_of(entries, alliance_id)
        keep = rng.randrange(1, len(rows))
        for row in rows[keep:]:
            del entries[row["id"]]
        old = rows[keep - 1]  # its head, as the database once held it
        heads[alliance_id].update(seq=old["seq"], hash=old["hash"], seal=rules.head_seal(
            settings.JOURNAL_KEY, alliance_id, old["seq"], old["hash"]))
        cases += 1
        report = verify_state(state, alliance_ids)[alliance_id]
        caught_by_database += not report.intact
        checkpoint = checkpoints[alliance_id]
        at_seq = next((r["hash"] for r in entries.values()
                       if r["alliance_id"] == alliance_id and r["seq"] == checkpoint.seq), None)
        extends = rules.verify_checkpoint(key=settings.JOURNAL_KEY, checkpoint=checkpoint,
                                          entry_hash_at_seq=at_seq, journal=report).extends
        caught_by_checkpoint += not extends
    print(f"rollback to an earlier sealed state: {cases} cases, database alone "
          f"{caught_by_database}, with the partner's checkpoint {caught_by_checkpoint}")
    assert caught_by_database == 0  # the limit written down in docs/journal.md
    assert caught_by_checkpoint == cases


# through the database: fewer cases, each in a savepoint ----------------------------------------

ENTRY_COLUMNS = ", ".join(ENTRY_FIELDS)


def apply_to_database(original: State, tampered: State, extra: dict[str, Any]) -> None:
    """Write the tampered state with the triggers lifted, as the administrator would."""
    old_entries, old_heads = original
    new_entries, new_heads = tampered
    with triggers_lifted():
        gone = set(old_entries) - set(new_entries)
        JournalEntry.objects.filter(id__in=gone).delete()
        if "replace" in extra:
            replace_in_one_statement(extra["replace"])
        changed = [r for i, r in new_entries.items()
                   if i in old_entries and r != old_entries[i] and r is not extra.get("replace")]
        # numbers move first out of the way of the unique (alliance, number) constraint
        for row in changed:
            JournalEntry.objects.filter(id=row["id"]).update(seq=row["seq"] + 1_000_000)
        for row in changed:
            JournalEntry.objects.filter(id=row["id"]).update(
                **{k: v for k, v in row.items() if k != "id"})
        JournalEntry.objects.bulk_create(
            [JournalEntry(**r) for i, r in new_entries.items() if i not in old_entries])
        JournalHead.objects.filter(alliance_id__in=set(old_heads) - set(new_heads)).delete()
        for alliance_id, head in new_heads.items():
            if head != old_heads.get(alliance_id):
                JournalHead.objects.filter(alliance_id=alliance_id).update(
                    **{k: v for k, v in head.items() if k != "alliance_id"})


def replace_in_one_statement(row: Row) -> None:
    """SQLite's INSERT OR REPLACE (PostgreSQL: INSERT ... ON CONFLICT DO UPDATE)."""
    values = [JournalEntry._meta.get_field(name).get_db_prep_save(row[name], connection)
              for name in ENTRY_FIELDS]
    placeholders = ", ".join(["%s"] * len(ENTRY_FIELDS))
    if connection.vendor == "sqlite":
        sql = "INSERT OR REPLACE INTO journal_journalentry"
        tail = ""
    else:
        sql = "INSERT INTO journal_journalentry"
        tail = (" ON CONFLICT (id) DO UPDATE SET payload = EXCLUDED.payload, "
                "actor_label = EXCLUDED.actor_label, hash = EXCLUDED.hash, seal = EXCLUDED.seal")
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} ({ENTRY_COLUMNS}) VALUES ({placeholders}){tail}",
                       values)


@pytest.mark.django_db
def test_every_generated_tampering_is_detected_through_the_database(world):
    build_journal(world)
    original = load_state()
    alliance_ids = sorted(original[1])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # no deferred check may wait when triggers move
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    generated: Counter[str] = Counter()
    detected: Counter[str] = Counter()
    for kind, rng in generated_cases(DATABASE_CASES_PER_KIND * len(KINDS), SEED + 1):
        state = copied(original)
        extra = tamper(kind, state, rng, alliance_ids, id_counter(state))
        savepoint = transaction.savepoint()
        try:
            apply_to_database(original, state, extra)
            assert load_state() == state, f"{kind}: the database holds what was meant"
            reports = {a: journal_verify(alliance_id=a) for a in alliance_ids}
        finally:
            transaction.savepoint_rollback(savepoint)
        generated[kind] += 1
        detected[kind] += not all(r.intact for r in reports.values())

    print(f"tamper cases per kind ({connection.vendor}):", dict(sorted(generated.items())))
    assert set(generated) == set(KINDS)
    assert detected == generated
    # and every case was undone: the journal is as it was
    assert load_state() == original
    assert all(journal_verify(alliance_id=a).intact for a in alliance_ids)
