"""Fixtures shared by the design tests."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import translation

from concordia.alliances.choices import Level, Role
from concordia.design import services
from concordia.design.choices import StatementKind
from concordia.design.models import GlossaryTerm
from concordia.design.tests.support import answers
from concordia.testing.factories import PersonFactory, give_role


@pytest.fixture
def english():
    """Messages are matched in English (the default language is Dutch)."""
    with translation.override("en"):
        yield


@pytest.fixture
def boards(world):
    """A board member for partner A and one for partner B (the world has none)."""
    board_a = PersonFactory(organisation=world.founder.organisation, full_name="Board A")
    give_role(world.partner_a, board_a, Role.BOARD_MEMBER, Level.STRATEGIC)
    board_b = PersonFactory(organisation=world.coordinator_b.organisation, full_name="Board B")
    give_role(world.partner_b, board_b, Role.BOARD_MEMBER, Level.STRATEGIC)
    return SimpleNamespace(a=board_a, b=board_b)


@pytest.fixture
def design(world):
    """An objective, a values statement, a term and an assessment in alliance A."""
    objective = services.statement_draft(actor=world.founder, alliance=world.alliance,
                                         kind=StatementKind.OBJECTIVE, text="Serve once.",
                                         based_on=0)
    values = services.statement_draft(actor=world.founder, alliance=world.alliance,
                                      kind=StatementKind.VALUES, text="Be open.", based_on=0)
    term = services.glossary_term_add(actor=world.founder, alliance=world.alliance,
                                      term="Income")
    services.stage_assess(actor=world.founder, alliance=world.alliance,
                          assessed_on=dt.date(2024, 5, 1), answers=answers(2))
    return SimpleNamespace(objective=objective, values=values, term=term)


@pytest.fixture
def term(world) -> GlossaryTerm:
    return services.glossary_term_add(actor=world.founder, alliance=world.alliance,
                                      term="Income")
