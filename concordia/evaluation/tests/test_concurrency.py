"""One link answering twice at the same moment, each on its own connection (PostgreSQL only:
SQLite serialises every writer): one response, the other refused as used; and an answer
against a reminder or a closing at the same moment never leaves a response the link did not
give."""

import pytest
from django.db import connection

from concordia.accounts.models import Person
from concordia.evaluation import services
from concordia.evaluation.models import Response, RoundInvitation
from concordia.testing.concurrency import run_pair
from concordia.testing.evaluation import open_round

ROUNDS = 5

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql",
                       reason="needs concurrent writers with row locks (PostgreSQL)"),
]


def test_one_token_answering_twice_at_once_gives_one_response(world):
    ew = open_round(world)
    for person in (world.founder, world.coordinator_b, world.professional_a):
        token = ew.token(person)
        outcomes = run_pair(
            lambda t=token: services.response_submit(token=t, scores={"cultural.1": 4}),
            lambda t=token: services.response_submit(token=t, scores={"cultural.1": 2}))
        refused = [o for o in outcomes if isinstance(o, services.LinkUnusable)]
        assert outcomes.count(None) == 1, outcomes
        assert [r.state for r in refused] == ["answered"]
    assert Response.objects.filter(round=ew.round).count() == 3
    assert RoundInvitation.objects.filter(round=ew.round, answered=True).count() == 3


def test_an_answer_and_the_closing_at_once(world):
    for n in range(ROUNDS):
        ew = open_round(world, year=2040 + n)
        founder = Person.objects.get(pk=world.founder.pk)
        token = ew.token(world.professional_a)
        outcomes = run_pair(
            lambda t=token: services.response_submit(
                token=t, scores={"content.1": 3}),
            lambda r=ew.round, f=founder: services.round_close(actor=f, evaluation_round=r))
        answered = outcomes[0] is None
        assert isinstance(outcomes[0], services.LinkUnusable) or answered, outcomes
        assert Response.objects.filter(round=ew.round).count() == int(answered)
        assert RoundInvitation.objects.filter(round=ew.round, answered=True).count() == int(
            answered)


def test_an_answer_and_a_reminder_at_once(world):
    for n in range(ROUNDS):
        ew = open_round(world, year=2050 + n)
        founder = Person.objects.get(pk=world.founder.pk)
        token = ew.token(world.professional_a)
        outcomes = run_pair(
            lambda t=token: services.response_submit(
                token=t, scores={"content.1": 3}),
            lambda r=ew.round, f=founder: services.round_remind(actor=f, evaluation_round=r))
        answered = outcomes[0] is None
        # answered first: two are reminded; the reminder first: the old link is gone
        assert outcomes[1] == (2 if answered else 3), outcomes
        assert Response.objects.filter(round=ew.round).count() == int(answered)
