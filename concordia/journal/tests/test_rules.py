"""The journal's hash chain as pure functions: no database, no Django."""

import hashlib
import json

from hypothesis import assume, given
from hypothesis import strategies as st

from concordia.journal.rules import (
    GENESIS_HASH,
    ChainedEntry,
    ChainReport,
    canonical_json,
    entry_hash,
    verify_chain,
)

# JSON-like payloads as the journal stores them (no NUL: PostgreSQL's jsonb refuses it).
text = st.text(alphabet=st.characters(blacklist_characters="\x00", blacklist_categories=["Cs"]),
               max_size=30)
scalars = st.none() | st.booleans() | st.integers(-(10**12), 10**12) | text
payloads = st.dictionaries(
    text,
    st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                 | st.dictionaries(text, inner, max_size=4), max_leaves=12),
    max_size=6,
)


def build_chain(contents: list[dict]) -> list[ChainedEntry]:
    """A correct chain over the given contents, sequence numbers from 1."""
    entries, previous = [], GENESIS_HASH
    for seq, content in enumerate(contents, start=1):
        digest = entry_hash(previous, content)
        entries.append(ChainedEntry(seq, content, previous, digest))
        previous = digest
    return entries


def contents_of(count: int) -> list[dict]:
    return [{"seq": n, "kind": "Thing", "payload": {"n": n}} for n in range(1, count + 1)]


# canonical_json -------------------------------------------------------------------------------

def test_canonical_json_sorts_keys_and_drops_spaces():
    # given a mapping with keys out of order, nested
    content = {"b": 1, "a": {"d": [1, 2], "c": None}}

    # when it is written canonically
    result = canonical_json(content)

    # then keys are sorted at every depth and no whitespace is added
    assert result == '{"a":{"c":null,"d":[1,2]},"b":1}'


def test_canonical_json_keeps_unicode_unescaped():
    # given text outside ASCII
    content = {"naam": "Gemeente Súdwest-Fryslân ✓"}

    # when written canonically
    result = canonical_json(content)

    # then the characters are kept as they are, not \u-escaped
    assert result == '{"naam":"Gemeente Súdwest-Fryslân ✓"}'


@given(payloads)
def test_canonical_json_is_independent_of_insertion_order(payload):
    # given the same content built in reverse key order
    reversed_payload = dict(reversed(list(payload.items())))

    # when both are written canonically
    # then the texts are identical and read back to the same content
    assert canonical_json(payload) == canonical_json(reversed_payload)
    assert json.loads(canonical_json(payload)) == payload


@given(payloads)
def test_canonical_json_is_stable_through_a_json_round_trip(payload):
    # given content that was stored as JSON and read back (as the database does)
    stored = json.loads(json.dumps(payload))

    # when both are written canonically
    # then nothing changed
    assert canonical_json(stored) == canonical_json(payload)


# entry_hash ------------------------------------------------------------------------------------

def test_entry_hash_is_sha256_over_previous_hash_and_canonical_content():
    # given a previous hash and content
    content = {"kind": "AllianceCreated", "seq": 1}

    # when hashed
    result = entry_hash(GENESIS_HASH, content)

    # then it is the hex SHA-256 of the previous hash followed by the canonical JSON
    expected = hashlib.sha256(
        (GENESIS_HASH + '{"kind":"AllianceCreated","seq":1}').encode("utf-8")).hexdigest()
    assert result == expected
    assert len(result) == 64


def test_genesis_hash_is_sixty_four_zeros():
    assert GENESIS_HASH == "0" * 64


@given(payloads, payloads)
def test_entry_hash_differs_when_content_differs(first, second):
    # given two contents that are not the same JSON
    assume(canonical_json(first) != canonical_json(second))
    # then their hashes differ (over the same previous hash)
    assert entry_hash(GENESIS_HASH, first) != entry_hash(GENESIS_HASH, second)


@given(payloads)
def test_entry_hash_depends_on_the_previous_hash(payload):
    # given the same content after two different predecessors
    # then the hashes differ
    assert entry_hash(GENESIS_HASH, payload) != entry_hash("1" * 64, payload)


# verify_chain ----------------------------------------------------------------------------------

def test_empty_chain_is_intact_with_zero_entries():
    assert verify_chain([]) == ChainReport(True, 0)


@given(st.lists(payloads, max_size=8))
def test_intact_chain_is_reported_intact(contents):
    # given a correctly built chain
    chain = build_chain(contents)

    # when verified
    report = verify_chain(chain)

    # then it is intact and counts every entry
    assert report == ChainReport(True, len(contents), None, "")


@given(st.lists(payloads, min_size=1, max_size=6), st.data())
def test_changed_content_is_reported_at_the_changed_entry(contents, data):
    # given a correct chain in which one entry's content is changed afterwards
    chain = build_chain(contents)
    index = data.draw(st.integers(0, len(chain) - 1))
    victim = chain[index]
    tampered = {**victim.content, "tampered": True}
    chain[index] = ChainedEntry(victim.seq, tampered, victim.previous_hash, victim.hash)

    # when verified
    report = verify_chain(chain)

    # then the first bad entry is the changed one, with the entries before it counted as good
    assert report == ChainReport(False, index, index + 1, "content does not match its hash")


def test_rehashed_changed_entry_breaks_the_link_of_the_next_one():
    # given a chain where entry 2 was changed and its own hash recomputed to hide it
    chain = build_chain(contents_of(3))
    second = chain[1]
    new_content = {**second.content, "payload": {"n": 99}}
    chain[1] = ChainedEntry(2, new_content, second.previous_hash,
                            entry_hash(second.previous_hash, new_content))

    # when verified
    report = verify_chain(chain)

    # then entry 3 no longer links to its predecessor
    assert report == ChainReport(False, 2, 3, "broken link to previous entry")


def test_broken_link_is_reported():
    # given a chain where entry 2 claims a different predecessor (and is hashed consistently)
    chain = build_chain(contents_of(3))
    second = chain[1]
    wrong_previous = "f" * 64
    chain[1] = ChainedEntry(2, second.content, wrong_previous,
                            entry_hash(wrong_previous, second.content))

    # when verified
    report = verify_chain(chain)

    # then the broken link is found at entry 2
    assert report == ChainReport(False, 1, 2, "broken link to previous entry")


def test_first_entry_must_link_to_genesis():
    # given a one-entry chain whose previous hash is not the genesis hash
    content = {"seq": 1}
    chain = [ChainedEntry(1, content, "a" * 64, entry_hash("a" * 64, content))]

    # then it is broken at entry 1
    assert verify_chain(chain) == ChainReport(False, 0, 1, "broken link to previous entry")


def test_sequence_gap_is_reported():
    # given a chain from which entry 2 was removed
    chain = build_chain(contents_of(3))
    del chain[1]

    # when verified
    report = verify_chain(chain)

    # then the gap is found where entry 3 stands in place of 2
    assert report == ChainReport(False, 1, 3, "sequence gap")


def test_chain_not_starting_at_one_is_a_gap():
    # given a chain whose first entry was removed
    chain = build_chain(contents_of(2))[1:]

    # then the gap is reported at once
    assert verify_chain(chain) == ChainReport(False, 0, 2, "sequence gap")


def test_swapped_entries_are_reported():
    # given a chain with two entries in swapped order
    chain = build_chain(contents_of(3))
    chain[0], chain[1] = chain[1], chain[0]

    # then the first position already fails
    assert verify_chain(chain) == ChainReport(False, 0, 2, "sequence gap")


def test_verify_chain_accepts_any_iterable():
    # given the chain as a generator (as the service passes it)
    chain = build_chain(contents_of(4))

    # then it is verified like a list
    assert verify_chain(entry for entry in chain) == ChainReport(True, 4)
