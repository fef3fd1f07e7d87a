"""Who grants and revokes which role: the rule against the tables in docs/access.md.

The tables are read from the document itself, so the document and the code cannot drift apart.
Every combination is checked: every set of the actor's roles × every role × own partner or
another × owner partner or not × role vacant or held (no database).
"""

import itertools
from collections.abc import Callable
from pathlib import Path

import pytest
from django.utils import translation

from concordia.access import rules
from concordia.alliances.choices import Role

ACCESS_DOC = Path(__file__).resolve().parents[3] / "docs" / "access.md"

# What a cell of the tables means: (own_partner, partner_is_owner, role_vacant) -> allowed.
Cell = Callable[[bool, bool, bool], bool]
CELLS: dict[str, Cell] = {
    "—": lambda own, owner, vacant: False,
    "any partner": lambda own, owner, vacant: True,
    "own partner": lambda own, owner, vacant: own,
    "own partner, when vacant": lambda own, owner, vacant: own and vacant,
    "own owner partner, when vacant": lambda own, owner, vacant: own and owner and vacant,
}
Table = dict[str, dict[str, Cell]]


def role_by_label() -> dict[str, str]:
    with translation.override("en"):
        return {str(label): value for value, label in Role.choices}


def read_table(marker: str) -> Table:
    """The table between ``<!-- marker:start -->`` and ``<!-- marker:end -->``, as
    actor role -> role -> cell. Unknown role names or cell words fail loudly."""
    text = ACCESS_DOC.read_text(encoding="utf-8")
    start, end = f"<!-- {marker}:start -->", f"<!-- {marker}:end -->"
    body = text[text.index(start) + len(start):text.index(end)].strip().splitlines()
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in body]
    labels = role_by_label()
    header, _rule, *lines = rows
    columns = [labels[name] for name in header[1:]]
    table: Table = {}
    for line in lines:
        actor, *cells = line
        assert len(cells) == len(columns), line
        table[labels[actor]] = {role: CELLS[cell] for role, cell in zip(columns, cells,
                                                                        strict=True)}
    return table


GRANTS = read_table("role-grants")
REVOKES = read_table("role-revokes")
ACTOR_ROLE_SETS = [frozenset(c) for n in range(len(Role.values) + 1)
                   for c in itertools.combinations(Role.values, n)]
SITUATIONS = list(itertools.product([False, True], repeat=3))  # own, owner, vacant


def table_allows(table: Table, actor_roles: frozenset[str], role: str, own: bool, owner: bool,
                 vacant: bool) -> bool:
    """Any one of the actor's roles that the table allows is enough."""
    return any(table[actor][role](own, owner, vacant) for actor in actor_roles)


def test_the_tables_cover_every_role_both_ways():
    for table in (GRANTS, REVOKES):
        assert set(table) == set(Role.values)
        assert all(set(row) == set(Role.values) for row in table.values())


@pytest.mark.parametrize("role", Role.values)
def test_granting_follows_the_table_for_every_combination(role):
    # 256 sets of actor roles × own/other × owner or not × vacant or held, for this role
    for actor_roles in ACTOR_ROLE_SETS:
        for own, owner, vacant in SITUATIONS:
            expected = table_allows(GRANTS, actor_roles, role, own, owner, vacant)
            assert rules.may_grant_role(actor_roles, role, own_partner=own,
                                        partner_is_owner=owner, role_vacant=vacant) is expected, (
                sorted(actor_roles), role, own, owner, vacant)


@pytest.mark.parametrize("role", Role.values)
def test_revoking_follows_the_table_for_every_combination(role):
    for actor_roles in ACTOR_ROLE_SETS:
        for own, owner, _vacant in SITUATIONS:
            expected = table_allows(REVOKES, actor_roles, role, own, owner, False)
            assert rules.may_revoke_role(actor_roles, role, own_partner=own,
                                         partner_is_owner=owner) is expected, (
                sorted(actor_roles), role, own, owner)


def test_nobody_revokes_the_key_alliance_manager_and_nobody_invites_one_while_held():
    every_role = frozenset(Role.values)
    for own, owner, _vacant in SITUATIONS:
        assert not rules.may_revoke_role(every_role, Role.KEY_ALLIANCE_MANAGER,
                                         own_partner=own, partner_is_owner=owner)
        assert not rules.may_grant_role(every_role, Role.KEY_ALLIANCE_MANAGER, own_partner=own,
                                        partner_is_owner=owner, role_vacant=False)


def test_a_coordinator_grants_no_role_for_another_partner():
    # the escalation that was reported: a coordinator naming herself key alliance manager
    coordinator = {Role.ALLIANCE_COORDINATOR}
    for role in Role.values:
        for owner, vacant in itertools.product([False, True], repeat=2):
            assert not rules.may_grant_role(coordinator, role, own_partner=False,
                                            partner_is_owner=owner, role_vacant=vacant)
    assert not rules.may_grant_role(coordinator, Role.KEY_ALLIANCE_MANAGER, own_partner=True,
                                    partner_is_owner=False, role_vacant=True)


def test_only_the_live_holder_hands_over_a_single_holder_role():
    for actor_roles in ACTOR_ROLE_SETS:
        assert rules.may_transfer_key_alliance_manager(actor_roles) is (
            Role.KEY_ALLIANCE_MANAGER in actor_roles)
        assert rules.may_hand_over_coordinator(actor_roles) is (
            Role.ALLIANCE_COORDINATOR in actor_roles)


def test_whoever_may_grant_or_revoke_anything_may_manage_people():
    # the permission checked before any id is looked up lets through everyone the table lets
    # through somewhere, and nobody else
    for actor_roles in ACTOR_ROLE_SETS:
        somewhere = any(
            table_allows(table, actor_roles, role, own, owner, vacant)
            for table in (GRANTS, REVOKES) for role in Role.values
            for own, owner, vacant in SITUATIONS)
        assert rules.may_manage_people(actor_roles) is somewhere, sorted(actor_roles)
