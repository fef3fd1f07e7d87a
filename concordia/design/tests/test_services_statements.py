"""Design services, drafting the objective and values statements: numbered versions, journaled in
the same transaction, stale or empty drafts refused without a change."""

import pytest

from concordia.core.errors import Conflict, DomainError
from concordia.design import services
from concordia.design.models import (
    Endorsement,
    StatementVersion,
)
from concordia.design.tests.state import design_state
from concordia.design.tests.support import (
    OBJECTIVE,
    VALUES,
    draft,
    entries_after,
    fresh,
    last_seq,
    names,
    progress,
    sorted_partner_names,
)
from concordia.journal.models import JournalEntry
from concordia.journal.services import journal_verify

# Messages are matched in English (the default language is Dutch).
pytestmark = pytest.mark.usefixtures("english")


# --- statement_draft -----------------------------------------------------------------------


def test_drafts_are_numbered_one_two_three_and_journaled(world):
    seq = last_seq(world.alliance)

    first = services.statement_draft(actor=world.founder, alliance=world.alliance,
                                     kind=OBJECTIVE, text="  One  ", vision="Vision",
                                     mission="Mission", based_on=0)
    second = draft(world, "Two", based_on=1)
    third = draft(world, "Three", based_on=2)

    assert [v.number for v in (first, second, third)] == [1, 2, 3]
    assert (first.text, first.vision, first.mission) == ("One", "Vision", "Mission")
    assert entries_after(world.alliance, seq) == [
        (seq + 1, "ObjectiveDrafted", {"number": 1, "vision": "Vision", "mission": "Mission",
                                       "text": "One"}),
        (seq + 2, "ObjectiveDrafted", {"number": 2, "vision": "", "mission": "", "text": "Two"}),
        # a new proposal replaces the open one
        (seq + 3, "ObjectiveProposalWithdrawn", {"number": 1, "replaced_by": 2}),
        (seq + 4, "ObjectiveDrafted", {"number": 3, "vision": "", "mission": "",
                                       "text": "Three"}),
        (seq + 5, "ObjectiveProposalWithdrawn", {"number": 2, "replaced_by": 3}),
    ]
    subjects = list(JournalEntry.objects.filter(alliance=world.alliance, seq__gt=seq)
                    .order_by("seq").values_list("subject_type", "subject_id"))
    assert subjects == [("design.StatementVersion", str(v.pk))
                        for v in (first, second, first, third, second)]
    assert journal_verify(alliance_id=world.alliance.pk).intact is True


def test_values_are_numbered_apart_from_the_objective_and_journaled_as_values(world):
    draft(world, "Objective one", based_on=0)
    draft(world, "Objective two", based_on=1)
    seq = last_seq(world.alliance)

    values = draft(world, "We keep our promises.", kind=VALUES, based_on=0)

    assert (values.kind, values.number) == ("values", 1)
    assert entries_after(world.alliance, seq) == [
        (seq + 1, "ValuesDrafted", {"number": 1, "vision": "", "mission": "",
                                    "text": "We keep our promises."})]


def test_draft_and_its_journal_entry_share_one_transaction(world, monkeypatch):
    # given the journal fails while the version is being recorded
    def broken_journal(**kwargs):
        raise RuntimeError("journal down")

    monkeypatch.setattr(services, "journal_append", broken_journal)
    before = design_state()

    # when a version is drafted
    with pytest.raises(RuntimeError, match="journal down"):
        draft(world, based_on=0)

    # then the version is not there either
    assert design_state() == before
    assert StatementVersion.objects.count() == 0


def test_new_version_starts_without_endorsements_and_everyone_waits_again(world, boards):
    # given version 1 endorsed by both required partners
    first = draft(world, based_on=0)
    services.statement_endorse(actor=fresh(boards.a), version=first)
    services.statement_endorse(actor=fresh(boards.b), version=first)
    current, before = progress(world)
    assert (current.number, before.complete) == (1, True)
    assert names(before.waiting) == []

    # when a second version is drafted
    second = draft(world, "Serve citizens once, together.", based_on=1)

    # then it has no endorsements and the alliance waits for every required partner
    current, after = progress(world)
    assert current.pk == second.pk
    assert current.live_endorsements == []
    assert second.endorsements.count() == 0
    assert after.endorsed == ()
    assert names(after.waiting) == sorted_partner_names(world)
    assert names(after.required) == sorted_partner_names(world)
    assert after.complete is False
    # the endorsements of version 1 stay on version 1
    assert list(Endorsement.objects.filter(version=first).values_list(
        "partner_id", flat=True).order_by("partner_id")) == sorted(
        [world.partner_a.pk, world.partner_b.pk])


def test_stale_based_on_is_a_conflict_and_saves_nothing(world):
    # given two people both edited version 1, and the first saved version 2
    draft(world, "One", based_on=0)
    draft(world, "Two", based_on=1)
    before = design_state()

    # when the second saves on top of version 1
    with pytest.raises(Conflict) as refused:
        draft(world, "Also two", based_on=1)

    # then they are told to reload and nothing is saved
    assert refused.value.code == "stale"
    assert refused.value.message == ("A newer version was saved in the meantime. Reload and "
                                     "try again.")
    assert design_state() == before


def test_based_on_zero_when_a_version_exists_is_stale(world):
    draft(world, based_on=0)
    before = design_state()

    with pytest.raises(Conflict):
        draft(world, "Blind overwrite", based_on=0)

    assert design_state() == before


def test_empty_text_is_refused_on_the_text_field(world):
    before = design_state()

    with pytest.raises(DomainError) as refused:
        draft(world, "   \n ", based_on=0)

    assert (refused.value.field, refused.value.message) == ("text", "Write the text.")
    assert design_state() == before
