"""Design services, the glossary: terms unique in any case, each partner's own definition, the
agreed definition versioned."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from concordia.core.errors import Conflict, DomainError
from concordia.design import services
from concordia.design.models import (
    GlossaryTerm,
    PartnerDefinition,
)
from concordia.design.tests.state import design_state
from concordia.design.tests.support import (
    entries_after,
    fresh,
    last_seq,
)
from concordia.journal.models import JournalEntry

# Messages are matched in English (the default language is Dutch).
pytestmark = pytest.mark.usefixtures("english")


# --- glossary ------------------------------------------------------------------------------


def test_term_is_added_with_whitespace_collapsed(world):
    term = services.glossary_term_add(actor=world.founder, alliance=world.alliance,
                                      term="  income   register ")

    assert (term.term, term.version, term.agreed_definition) == ("income register", 1, "")


@pytest.mark.parametrize("spelling", ["Income Register", "INCOME REGISTER", " income  register"])
def test_duplicate_term_in_any_case_is_a_conflict(world, spelling):
    services.glossary_term_add(actor=world.founder, alliance=world.alliance,
                               term="income register")
    before = design_state()

    with pytest.raises(Conflict) as refused:
        services.glossary_term_add(actor=fresh(world.coordinator_b), alliance=world.alliance,
                                   term=spelling)

    assert (refused.value.field, refused.value.message) == (
        "term", "This term is in the glossary already.")
    assert design_state() == before


def test_the_same_term_may_exist_in_another_alliance(world):
    services.glossary_term_add(actor=world.founder, alliance=world.alliance, term="Wage")

    other = services.glossary_term_add(actor=world.outsider, alliance=world.other_alliance,
                                       term="wage")

    assert other.alliance_id == world.other_alliance.pk
    assert GlossaryTerm.objects.count() == 2


def test_blank_term_is_refused(world):
    with pytest.raises(DomainError) as refused:
        services.glossary_term_add(actor=world.founder, alliance=world.alliance, term="   ")

    assert refused.value.field == "term"
    assert GlossaryTerm.objects.count() == 0


@pytest.fixture
def term(world) -> GlossaryTerm:
    return services.glossary_term_add(actor=world.founder, alliance=world.alliance,
                                      term="Income")


@pytest.mark.parametrize(("actor", "partner"), [
    ("founder", "partner_a"), ("professional_a", "partner_a"), ("coordinator_b", "partner_b")])
def test_definition_is_written_for_the_actors_own_partner(world, term, actor, partner):
    person = fresh(getattr(world, actor))

    definition = services.partner_definition_set(actor=person, term=term,
                                                 definition=" Gross wage ")

    assert (definition.partner_id, definition.definition, definition.updated_by_id) == (
        getattr(world, partner).pk, "Gross wage", person.pk)


def test_partner_definition_is_updated_in_place(world, term):
    services.partner_definition_set(actor=world.founder, term=term, definition="First")
    services.partner_definition_set(actor=fresh(world.professional_a), term=term,
                                    definition="Second")
    services.partner_definition_set(actor=fresh(world.coordinator_b), term=term,
                                    definition="B's")

    assert sorted(PartnerDefinition.objects.values_list("partner_id", "definition")) == sorted([
        (world.partner_a.pk, "Second"), (world.partner_b.pk, "B's")])


@pytest.mark.parametrize("actor", ["observer_b", "reviewer", "outsider", "expired_reviewer"])
def test_read_only_and_outside_people_cannot_define(world, term, actor):
    before = design_state()

    with pytest.raises(PermissionDenied):
        services.partner_definition_set(actor=fresh(getattr(world, actor)), term=term,
                                        definition="Ours")

    assert design_state() == before


def test_blank_definition_is_refused(world, term):
    with pytest.raises(DomainError) as refused:
        services.partner_definition_set(actor=world.founder, term=term, definition="  ")

    assert refused.value.field == "definition"
    assert PartnerDefinition.objects.count() == 0


def test_a_proposed_definition_is_agreed_once_every_partner_endorsed_it(world, term, boards):
    seq = last_seq(world.alliance)
    proposal = services.glossary_definition_propose(actor=world.founder, term=term,
                                                    definition=" Wage before tax ")
    services.statement_endorse(actor=fresh(boards.a), version=proposal)
    assert GlossaryTerm.objects.get(pk=term.pk).agreed_definition == ""

    services.statement_endorse(actor=fresh(boards.b), version=proposal)

    agreed = GlossaryTerm.objects.get(pk=term.pk)
    assert (agreed.agreed_definition, agreed.version) == ("Wage before tax", 2)
    assert agreed.agreed_at is not None
    assert [(kind, payload) for _seq, kind, payload in entries_after(world.alliance, seq)] == [
        ("DefinitionProposed", {"number": 1, "term": "Income", "vision": "", "mission": "",
                                "text": "Wage before tax"}),
        ("DefinitionEndorsed", {"number": 1, "term": "Income",
                                "partner": world.partner_a.organisation.name}),
        ("DefinitionEndorsed", {"number": 1, "term": "Income",
                                "partner": world.partner_b.organisation.name}),
        ("TermAgreed", {"number": 1, "term": "Income", "definition": "Wage before tax"})]
    assert JournalEntry.objects.filter(alliance=world.alliance, kind="TermAgreed").get(
        ).subject_id == str(term.pk)


def test_the_agreed_definition_stays_until_the_new_one_is_endorsed_by_all(world, term,
                                                                          boards):
    first = services.glossary_definition_propose(actor=world.founder, term=term,
                                                 definition="First")
    for board in (boards.a, boards.b):
        services.statement_endorse(actor=fresh(board), version=first)
    second = services.glossary_definition_propose(actor=fresh(world.coordinator_b), term=term,
                                                  definition="Second", based_on=1)

    services.statement_endorse(actor=fresh(boards.b), version=second)

    assert GlossaryTerm.objects.get(pk=term.pk).agreed_definition == "First"


def test_stale_proposal_is_a_conflict_and_changes_nothing(world, term):
    services.glossary_definition_propose(actor=world.founder, term=term, definition="First")
    before = design_state()

    with pytest.raises(Conflict) as refused:
        services.glossary_definition_propose(actor=fresh(world.coordinator_b), term=term,
                                             definition="Second", based_on=0)

    assert refused.value.code == "stale"
    assert design_state() == before


def test_blank_proposed_definition_is_refused(world, term):
    before = design_state()

    with pytest.raises(DomainError) as refused:
        services.glossary_definition_propose(actor=world.founder, term=term, definition=" ")

    assert refused.value.field == "agreed_definition"
    assert design_state() == before


def test_the_database_refuses_a_term_that_differs_only_in_case(world):
    # the service checks case-insensitively; the constraint holds under concurrent adds too


    GlossaryTerm.objects.create(alliance=world.alliance, term="income")
    with pytest.raises(IntegrityError), transaction.atomic():
        GlossaryTerm.objects.create(alliance=world.alliance, term="Income")
    assert GlossaryTerm.objects.filter(alliance=world.alliance).count() == 1
