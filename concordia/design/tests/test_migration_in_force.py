"""The data step of migration design.0007 on data as it stood before: the newest version every
required partner endorses is in force, the newest later one is the proposal, those in between
are withdrawn; an agreed definition becomes version 1 of its term, by its journaled author."""

import importlib

from django.apps import apps
from django.utils import timezone

from concordia.design import selectors
from concordia.design.models import Endorsement, GlossaryTerm, StatementVersion
from concordia.design.tests.support import fresh
from concordia.journal.services import journal_append

migration = importlib.import_module("concordia.design.migrations.0007_in_force_and_proposals")


def test_existing_versions_and_agreed_definitions_are_sorted_into_in_force_and_proposal(
        world, boards):
    def version(number, *endorsers):
        created = StatementVersion.objects.create(
            alliance=world.alliance, kind="objective", number=number, text=f"Text {number}",
            created_by=world.founder)
        for person, partner in endorsers:
            Endorsement.objects.create(version=created, partner=partner, endorsed_by=person)
        return created

    a, b = (boards.a, world.partner_a), (boards.b, world.partner_b)
    version(1, a)
    version(2, a, b)
    version(3, b)
    version(4)
    term = GlossaryTerm.objects.create(alliance=world.alliance, term="Income",
                                       agreed_definition="Wage before tax",
                                       agreed_at=timezone.now())
    journal_append(alliance=world.alliance, actor=world.coordinator_b, kind="TermAgreed",
                   subject=term, payload={"term": "Income", "definition": "Wage before tax"})

    migration.forwards(apps, None)

    state = selectors.statement_state(user=fresh(world.founder), alliance=world.alliance,
                                      kind="objective")
    assert (state.in_force.number, state.proposal.number) == (2, 4)
    assert [state.status(v) for v in state.versions] == [
        "proposal", "withdrawn", "in_force", "not_adopted"]
    definition = StatementVersion.objects.get(term=term)
    assert (definition.number, definition.text, definition.created_by_id,
            definition.in_force_since) == (1, "Wage before tax", world.coordinator_b.pk,
                                           term.agreed_at)
