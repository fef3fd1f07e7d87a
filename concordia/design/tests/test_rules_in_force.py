"""Pure rules of versions in force and proposals, and the word-level difference.

The property: the version in force never changes until every required partner has endorsed the
proposal — whatever partners endorse, withdraw, object or comment, and whatever the key alliance
manager proposes or withdraws, in any order. The simulation below applies each event the way the
services do (statement_draft, statement_endorse, statement_withdraw, statement_remark,
proposal_withdraw), using only the pure rules."""

import itertools
from dataclasses import dataclass, field, replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from concordia.design.rules import (
    DELETED,
    EQUAL,
    IN_FORCE,
    INSERTED,
    NOT_ADOPTED,
    PROPOSAL,
    SUPERSEDED,
    WITHDRAWN,
    DiffPart,
    PartnerRef,
    VersionState,
    endorsement_progress,
    enters_into_force,
    open_proposal,
    version_in_force,
    version_status,
    word_diff,
)

PARTNERS = (PartnerRef(1, "Tax Office", "owner"), PartnerRef(2, "Benefits Agency", "core"),
            PartnerRef(3, "Statistics", "core"), PartnerRef(4, "Association", "ecosystem"))
REQUIRED = {p.id for p in PARTNERS if p.partner_type in {"owner", "core"}}


@dataclass
class Alliance:
    versions: list[VersionState] = field(default_factory=list)
    endorsements: dict[int, set[int]] = field(default_factory=dict)

    def _set(self, number: int, **changes: bool) -> None:
        self.versions = [replace(v, **changes) if v.number == number else v
                         for v in self.versions]

    def propose(self) -> None:
        replaced = open_proposal(self.versions)
        number = max((v.number for v in self.versions), default=0) + 1
        self.versions.append(VersionState(number, entered_into_force=False, withdrawn=False))
        self.endorsements[number] = set()
        if replaced is not None:
            self._set(replaced, withdrawn=True)

    def endorse(self, partner: int) -> None:
        proposal = open_proposal(self.versions)
        if proposal is None or partner in self.endorsements[proposal]:
            return  # refused: nothing to endorse, or endorsed already
        self.endorsements[proposal].add(partner)
        if enters_into_force(endorsement_progress(PARTNERS, self.endorsements[proposal])):
            self._set(proposal, entered_into_force=True)

    def withdraw_endorsement(self, partner: int) -> None:
        proposal = open_proposal(self.versions)
        if proposal is not None:
            self.endorsements[proposal].discard(partner)

    def withdraw_proposal(self) -> None:
        proposal = open_proposal(self.versions)
        if proposal is not None:
            self._set(proposal, withdrawn=True)


partner_ids = st.sampled_from([p.id for p in PARTNERS])
events = st.lists(st.one_of(
    st.tuples(st.just("propose"), st.none()),
    st.tuples(st.just("endorse"), partner_ids),
    st.tuples(st.just("withdraw_endorsement"), partner_ids),
    st.tuples(st.just("object"), partner_ids),  # an objection changes no endorsement
    st.tuples(st.just("comment"), partner_ids),
    st.tuples(st.just("withdraw_proposal"), st.none()),
), max_size=60)


@given(events)
def test_the_version_in_force_changes_only_when_every_required_partner_endorsed(steps):
    alliance = Alliance()
    for action, partner in steps:
        before_in_force = version_in_force(alliance.versions)
        proposal = open_proposal(alliance.versions)
        endorsed_before = set(alliance.endorsements.get(proposal, set())) if proposal else set()
        if action in {"object", "comment"}:
            pass
        elif partner is None:
            getattr(alliance, action)()
        else:
            getattr(alliance, action)(partner)
        after_in_force = version_in_force(alliance.versions)
        if after_in_force != before_in_force:
            # only the proposal's last required endorsement puts it in force
            assert action == "endorse"
            assert after_in_force == proposal
            assert not endorsed_before >= REQUIRED
            assert alliance.endorsements[proposal] >= REQUIRED
        # at most one proposal: every other version after the one in force is withdrawn
        open_ones = [v.number for v in alliance.versions
                     if v.number > (after_in_force or 0) and not v.withdrawn
                     and not v.entered_into_force]
        assert len(open_ones) <= 1
        assert open_ones == ([] if open_proposal(alliance.versions) is None
                             else [open_proposal(alliance.versions)])


@given(events)
def test_a_version_once_in_force_is_only_ever_replaced_by_a_later_one(steps):
    alliance = Alliance()
    seen: list[int] = []
    for action, partner in steps:
        if action in {"object", "comment"}:
            continue
        getattr(alliance, action)(*(() if partner is None else (partner,)))
        in_force = version_in_force(alliance.versions)
        if in_force is not None and (not seen or seen[-1] != in_force):
            seen.append(in_force)
    assert seen == sorted(set(seen))


def test_statuses_of_a_history():
    versions = [VersionState(1, True, False), VersionState(2, False, True),
                VersionState(3, True, False), VersionState(4, False, False)]

    assert [version_status(versions, n) for n in (1, 2, 3, 4)] == [
        SUPERSEDED, WITHDRAWN, IN_FORCE, PROPOSAL]
    assert (version_in_force(versions), open_proposal(versions)) == (3, 4)


def test_a_version_before_the_one_in_force_that_never_entered_is_not_adopted():
    versions = [VersionState(1, False, False), VersionState(2, True, False)]

    assert version_status(versions, 1) == NOT_ADOPTED
    assert open_proposal(versions) is None


def test_no_proposal_after_a_withdrawal():
    versions = [VersionState(1, True, False), VersionState(2, False, True)]

    assert open_proposal(versions) is None
    assert open_proposal([]) is None
    assert version_in_force([]) is None


def test_an_ecosystem_partner_is_not_waited_for():
    progress = endorsement_progress(PARTNERS, REQUIRED)

    assert enters_into_force(progress) is True
    assert enters_into_force(endorsement_progress(PARTNERS, {1, 2, 4})) is False


# --- word-level difference -----------------------------------------------------------------


def test_word_diff_marks_whole_words():
    assert word_diff("Serve citizens once.", "Serve citizens once, together.") == (
        DiffPart(EQUAL, "Serve citizens "), DiffPart(DELETED, "once."),
        DiffPart(INSERTED, "once, together."))


@pytest.mark.parametrize(("old", "new"), [("", "New text"), ("Old text", "")])
def test_word_diff_of_an_empty_side(old, new):
    parts = word_diff(old, new)

    assert [p.op for p in parts] == [INSERTED if new else DELETED]


words = st.lists(st.sampled_from(["wage", "data", "once", "twice", "the", "chain", "\n", " "]),
                 max_size=30).map(" ".join)


@given(words, words)
def test_word_diff_rebuilds_both_texts(old, new):
    parts = word_diff(old, new)

    assert "".join(p.text for p in parts if p.op != DELETED) == new
    assert "".join(p.text for p in parts if p.op != INSERTED) == old
    assert all(a.op != b.op for a, b in itertools.pairwise(parts))
