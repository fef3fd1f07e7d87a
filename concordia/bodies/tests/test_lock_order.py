"""One lock order for bodies: different body and seat services at the same moment, in threads
with their own connections, many rounds. None may deadlock or lose the other's write; a stale
edit is refused cleanly (409); the rotation stays a permutation of the seated partners and the
journal chain stays intact.

PostgreSQL only: SQLite serialises every writer on the whole database."""

import pytest
from django.db import connection

from concordia.bodies import rules, services
from concordia.bodies.models import Body, Seat
from concordia.core.errors import Conflict
from concordia.design.tests.test_lock_order import fresh, new_partner, run_pair
from concordia.journal.services import journal_verify

ROUNDS = 15

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="needs concurrent writers with row locks (PostgreSQL)"),
]


def seated(body: Body) -> list[int]:
    return list(body.seats.filter(removed_at__isnull=True).order_by("pk")
                .values_list("partner_id", flat=True))


def test_seat_added_against_body_changed(world) -> None:
    # given a body, and in each round a new partner getting its first seat while the key
    # alliance manager changes the body's mandate from the version they saw
    body = services.body_set_up(actor=world.founder, alliance=world.alliance, name="Table",
                                kind="tactical_table", level="tactical")
    for round_number in range(ROUNDS):
        partner, _admin = new_partner(world)
        body.refresh_from_db()
        seat, change = run_pair(
            lambda p=partner: services.seat_add(actor=fresh(world.founder), body=body,
                                                partner=p),
            lambda v=body.version, r=round_number, b=body: services.body_change(
                actor=fresh(world.coordinator_b), body=b, expected_version=v, name=b.name,
                kind=b.kind, level=b.level, mandate=f"round {r}",
                substitutes_may_attend=b.substitutes_may_attend, chair_rule=b.chair_rule,
                chair_person=None, decision_rule=b.decision_rule, secretary=None))
        # then the seat is always added; the change either went first or is refused as stale
        assert isinstance(seat, Seat), seat
        assert isinstance(change, Body | Conflict), change
        body.refresh_from_db()
        if isinstance(change, Body):
            assert body.mandate == f"round {round_number}"
        assert body.rotation == rules.reconcile_rotation(body.rotation, seated(body))
        assert sorted(body.rotation) == sorted(set(seated(body)))
    assert journal_verify(alliance_id=world.alliance.pk).intact


def test_seat_filled_against_seat_removed(world) -> None:
    # given a seat of partner A, filled by its key alliance manager while they remove it at
    # the same moment (a held seat is given up by its own partner only)
    body = services.body_set_up(actor=world.founder, alliance=world.alliance, name="Table",
                                kind="tactical_table", level="tactical")
    for _round in range(ROUNDS):
        seat = services.seat_add(actor=world.founder, body=body, partner=world.partner_a)
        filled, removed = run_pair(
            lambda s=seat: services.seat_fill(actor=fresh(world.founder), seat=s,
                                              holder=world.professional_a, substitute=None),
            lambda s=seat: services.seat_remove(actor=fresh(world.founder), seat=s))
        # then the removal always happens; the filling went first or meets a removed seat
        assert isinstance(removed, Seat), removed
        assert isinstance(filled, Seat | Conflict), filled
        seat.refresh_from_db()
        assert seat.removed_at is not None
    body.refresh_from_db()
    assert body.rotation == []
    assert journal_verify(alliance_id=world.alliance.pk).intact
