"""The evaluation in the test world: a round of alliance A opened by its key alliance manager,
and known links for its invitees (the real ones exist only in the mail)."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from concordia.accounts.models import Person, hash_token
from concordia.evaluation import services
from concordia.evaluation.models import Round, RoundInvitation
from concordia.testing.factories import World


@dataclass
class EvaluationWorld:
    round: Round
    tokens: dict[int, str]  # person id -> the raw token of their link

    def token(self, person: Person) -> str:
        return self.tokens[person.pk]


def known_links(evaluation_round: Round) -> dict[int, str]:
    """Give every invitation of the round a link whose token the test knows."""
    tokens = {}
    for invitation in RoundInvitation.objects.filter(round=evaluation_round):
        raw = f"eval_test-{evaluation_round.pk}-{invitation.person_id}"
        RoundInvitation.objects.filter(pk=invitation.pk).update(token_hash=hash_token(raw))
        tokens[invitation.person_id] = raw
    return tokens


def open_round(world: World, *, year: int | None = None, days: int = 14) -> EvaluationWorld:
    today = timezone.localdate()
    evaluation_round = services.round_open(
        actor=Person.objects.get(pk=world.founder.pk), alliance=world.alliance,
        year=year or today.year, opens_on=today, closes_on=today + dt.timedelta(days=days))
    return EvaluationWorld(evaluation_round, known_links(evaluation_round))
