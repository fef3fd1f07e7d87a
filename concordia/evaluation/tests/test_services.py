"""The evaluation's writes: opening a round invites and mails, answering is once and
anonymous, reminders replace links, closing by hand and when due; each journaled as written
down, answering not at all."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from concordia.accounts.models import Person
from concordia.alliances.choices import Level, Role
from concordia.core.errors import Conflict, DomainError
from concordia.evaluation import services
from concordia.evaluation.choices import RoleGroup, RoundState
from concordia.evaluation.instrument import STANDARD_BY_KEY
from concordia.evaluation.models import AllianceStatement, Response, Round, RoundInvitation
from concordia.journal.models import JournalEntry
from concordia.testing.evaluation import known_links, open_round
from concordia.testing.factories import PersonFactory, give_role

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def fresh(person: Person) -> Person:
    return Person.objects.get(pk=person.pk)


def kinds(world) -> list[str]:
    return list(JournalEntry.objects.filter(alliance=world.alliance).order_by("seq")
                .values_list("kind", flat=True))


def links_in_mail() -> dict[str, str]:
    """address -> the token of the link in the last mail to it."""
    found = {}
    for message in mail.outbox:
        match = re.search(r"/evaluation/answer/(\S+)", message.body)
        assert match is not None, message.body
        found[message.to[0]] = match.group(1)
    return found


def test_opening_a_round_invites_everyone_with_a_role_once_and_mails_each_a_link(
        world, django_capture_on_commit_callbacks):
    # given alliance A: the founder (key alliance manager), coordinator B, professional A,
    # observer B and a reviewer
    before = len(kinds(world))
    # when the key alliance manager opens this year's round
    with django_capture_on_commit_callbacks(execute=True):
        evaluation_round = services.round_open(
            actor=world.founder, alliance=world.alliance, year=2027, opens_on=TODAY(),
            closes_on=TODAY() + dt.timedelta(days=14), site_url="https://c.example/")
    # then the three who take part are invited, each under their group (observers and
    # reviewers are not)
    invited = {i.person_id: (i.partner_id, i.level, i.role_group, i.answered)
               for i in RoundInvitation.objects.filter(round=evaluation_round)}
    assert invited == {
        world.founder.pk: (world.partner_a.pk, Level.TACTICAL, RoleGroup.DIRECTION, False),
        world.coordinator_b.pk: (world.partner_b.pk, Level.TACTICAL, RoleGroup.MANAGEMENT,
                                 False),
        world.professional_a.pk: (world.partner_a.pk, Level.OPERATIONAL, RoleGroup.STAFF,
                                  False),
    }
    assert evaluation_round.statement_keys == list(STANDARD_BY_KEY)
    # each got one mail with their own link; the database keeps only the hashes
    links = links_in_mail()
    assert set(links) == {world.founder.email, world.coordinator_b.email,
                          world.professional_a.email}
    assert len(set(links.values())) == 3
    assert all(m.body.count("https://c.example/evaluation/answer/") == 1 for m in mail.outbox)
    assert not RoundInvitation.objects.filter(token_hash__in=list(links.values())).exists()
    # and the journal says how many were invited
    entry = JournalEntry.objects.filter(alliance=world.alliance).order_by("seq").last()
    assert kinds(world)[before:] == ["EvaluationRoundOpened"]
    assert entry.payload["invited"] == 3


def test_only_the_key_alliance_manager_opens_a_round_and_nothing_changes_otherwise(world):
    for person in (world.coordinator_b, world.professional_a, world.observer_b):
        with pytest.raises(PermissionDenied):
            services.round_open(actor=fresh(person), alliance=world.alliance, year=2027,
                                opens_on=TODAY(), closes_on=TODAY())
    with pytest.raises(PermissionDenied):
        services.round_open(actor=world.outsider, alliance=world.alliance, year=2027,
                            opens_on=TODAY(), closes_on=TODAY())
    assert Round.objects.count() == 0


def test_a_round_can_be_narrowed_to_roles_levels_and_partners(world):
    evaluation_round = services.round_open(
        actor=world.founder, alliance=world.alliance, year=2027, opens_on=TODAY(),
        closes_on=TODAY(), levels=[Level.OPERATIONAL, Level.STRATEGIC],
        partners=[world.partner_a])
    assert list(evaluation_round.invitations.values_list("person_id", flat=True)) == [
        world.professional_a.pk]
    with pytest.raises(DomainError) as refused:
        services.round_open(actor=world.founder, alliance=world.alliance, year=2028,
                            opens_on=TODAY(), closes_on=TODAY(), roles=[Role.LINE_MANAGER])
    assert refused.value.field == "roles"


def test_one_round_per_year_and_sensible_dates(world):
    open_round(world, year=2027)
    with pytest.raises(Conflict):
        services.round_open(actor=world.founder, alliance=world.alliance, year=2027,
                            opens_on=TODAY(), closes_on=TODAY())
    with pytest.raises(DomainError) as refused:
        services.round_open(actor=world.founder, alliance=world.alliance, year=2028,
                            opens_on=TODAY(), closes_on=TODAY() - dt.timedelta(days=1))
    assert refused.value.field == "closes_on"
    with pytest.raises(DomainError) as refused:
        services.round_open(actor=world.founder, alliance=world.alliance, year=2028,
                            opens_on=TODAY(), closes_on=TODAY(), statement_keys=[])
    assert refused.value.field == "statements"
    assert Round.objects.count() == 1


def test_the_alliance_adds_its_own_statements_and_leaves_out_standard_ones_for_a_year(world):
    own = services.statement_add(actor=world.founder, alliance=world.alliance,
                                 dimension="content", text="  The chain's  data is reliable. ")
    assert (own.key, own.text, own.pillars) == ("own.1", "The chain's data is reliable.",
                                                ["knowledge", "objective"])
    second = services.statement_add(actor=world.founder, alliance=world.alliance,
                                    dimension="relational", text="We celebrate together.",
                                    pillars=["trust"])
    services.statement_retire(actor=world.founder, statement=second)
    with pytest.raises(Conflict):
        services.statement_retire(actor=world.founder, statement=second)
    evaluation_round = services.round_open(
        actor=world.founder, alliance=world.alliance, year=2027, opens_on=TODAY(),
        closes_on=TODAY(), statement_keys=["content.1", "own.1", "cultural.2"])
    # in the instrument's order, the retired statement not offered
    assert evaluation_round.statement_keys == ["cultural.2", "content.1", "own.1"]
    with pytest.raises(DomainError):
        services.round_open(actor=world.founder, alliance=world.alliance, year=2028,
                            opens_on=TODAY(), closes_on=TODAY(), statement_keys=["own.2"])
    assert kinds(world)[-4:] == ["EvaluationStatementAdded", "EvaluationStatementAdded",
                                 "EvaluationStatementRetired", "EvaluationRoundOpened"]
    with pytest.raises(PermissionDenied):
        services.statement_add(actor=fresh(world.coordinator_b), alliance=world.alliance,
                               dimension="content", text="Mine")
    assert AllianceStatement.objects.count() == 2


def test_an_answer_keeps_only_the_group_and_is_not_journaled(world):
    ew = open_round(world)
    before = kinds(world)
    services.response_submit(token=ew.token(world.coordinator_b),
                             scores={"cultural.1": 4, "content.2": 2},
                             open_answers={"relational": "  Meet more often. ", "content": " "})
    response = Response.objects.get()
    assert (response.round_id, response.partner_id, response.level, response.role_group,
            response.scores, response.open_answers) == (
        ew.round.pk, world.partner_b.pk, Level.TACTICAL, RoleGroup.MANAGEMENT,
        {"cultural.1": 4, "content.2": 2}, {"relational": "Meet more often."})
    assert RoundInvitation.objects.get(person=world.coordinator_b).answered is True
    assert kinds(world) == before


def test_a_link_answers_once(world):
    ew = open_round(world)
    token = ew.token(world.professional_a)
    services.response_submit(token=token, scores={"cultural.1": 3})
    with pytest.raises(services.LinkUnusable) as refused:
        services.response_submit(token=token, scores={"cultural.1": 5})
    assert refused.value.state == "answered"
    assert Response.objects.count() == 1


def test_a_bad_answer_is_refused_and_the_link_still_works(world):
    ew = open_round(world)
    token = ew.token(world.professional_a)
    for scores, field in (({"cultural.1": 6}, "cultural.1"), ({"nope.1": 3}, "nope.1"),
                          ({}, None)):
        with pytest.raises(DomainError) as refused:
            services.response_submit(token=token, scores=scores)
        assert refused.value.field == field
    assert Response.objects.count() == 0
    services.response_submit(token=token, scores={"cultural.1": 1})
    assert Response.objects.count() == 1


def test_unknown_closed_and_not_yet_open_links(world):
    with pytest.raises(services.LinkUnusable) as refused:
        services.response_submit(token="eval_nothing", scores={"cultural.1": 3})
    assert refused.value.state == "unknown"
    later = services.round_open(actor=world.founder, alliance=world.alliance, year=2030,
                                opens_on=TODAY() + dt.timedelta(days=3),
                                closes_on=TODAY() + dt.timedelta(days=9))
    tokens = known_links(later)
    with pytest.raises(services.LinkUnusable) as refused:
        services.response_submit(token=tokens[world.founder.pk], scores={"cultural.1": 3})
    assert refused.value.state == "not_yet"
    services.round_close(actor=world.founder, evaluation_round=later)
    with pytest.raises(services.LinkUnusable) as refused:
        services.response_submit(token=tokens[world.founder.pk], scores={"cultural.1": 3})
    assert refused.value.state == "closed"
    assert Response.objects.count() == 0


def test_reminders_go_to_those_who_have_not_answered_with_a_new_link(
        world, django_capture_on_commit_callbacks):
    ew = open_round(world)
    services.response_submit(token=ew.token(world.founder), scores={"cultural.1": 4})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reminded = services.round_remind(actor=world.founder, evaluation_round=ew.round)
    assert reminded == 2
    links = links_in_mail()
    assert set(links) == {world.coordinator_b.email, world.professional_a.email}
    assert all(m.subject.startswith("Reminder") or m.subject.startswith("Herinnering")
               for m in mail.outbox)
    # the earlier link no longer works; the new one does
    with pytest.raises(services.LinkUnusable):
        services.response_submit(token=ew.token(world.professional_a), scores={"content.1": 2})
    services.response_submit(token=links[world.professional_a.email], scores={"content.1": 2})
    assert Response.objects.count() == 2
    assert kinds(world)[-1] == "EvaluationRemindersSent"
    with pytest.raises(PermissionDenied):
        services.round_remind(actor=fresh(world.coordinator_b), evaluation_round=ew.round)


def test_closing_by_hand_journals_the_counts_and_stops_answers(world):
    ew = open_round(world)
    services.response_submit(token=ew.token(world.founder), scores={"cultural.1": 4})
    with pytest.raises(PermissionDenied):
        services.round_close(actor=fresh(world.professional_a), evaluation_round=ew.round)
    closed = services.round_close(actor=world.founder, evaluation_round=ew.round)
    assert closed.state == RoundState.CLOSED
    entry = JournalEntry.objects.filter(alliance=world.alliance).order_by("seq").last()
    assert (entry.kind, entry.payload["invited"], entry.payload["responses"]) == (
        "EvaluationRoundClosed", 3, 1)
    with pytest.raises(Conflict):
        services.round_close(actor=world.founder, evaluation_round=ew.round)
    with pytest.raises(Conflict):
        services.round_remind(actor=world.founder, evaluation_round=ew.round)


def test_the_closing_date_moves_within_the_limits_of_a_new_round(world):
    ew = open_round(world, days=7)
    later = TODAY() + dt.timedelta(days=40)
    moved = services.round_change_closing(actor=world.founder, evaluation_round=ew.round,
                                          closes_on=later)
    assert Round.objects.get(pk=ew.round.pk).closes_on == later == moved.closes_on
    entry = JournalEntry.objects.filter(alliance=world.alliance).order_by("seq").last()
    assert (entry.kind, entry.payload["closes_on"], entry.payload["previous_closes_on"]) == (
        "EvaluationClosingChanged", later.isoformat(),
        (TODAY() + dt.timedelta(days=7)).isoformat())
    # the same date again: nothing to journal
    services.round_change_closing(actor=world.founder, evaluation_round=ew.round,
                                  closes_on=later)
    assert kinds(world).count("EvaluationClosingChanged") == 1
    for bad, field in ((TODAY() - dt.timedelta(days=1), "closes_on"),
                       (TODAY() + dt.timedelta(days=121), "closes_on")):
        with pytest.raises(DomainError) as refused:
            services.round_change_closing(actor=world.founder, evaluation_round=ew.round,
                                          closes_on=bad)
        assert refused.value.field == field
    with pytest.raises(PermissionDenied):
        services.round_change_closing(actor=fresh(world.coordinator_b),
                                      evaluation_round=ew.round, closes_on=TODAY())
    assert Round.objects.get(pk=ew.round.pk).closes_on == later
    services.round_close(actor=world.founder, evaluation_round=ew.round)
    with pytest.raises(Conflict):
        services.round_change_closing(actor=world.founder, evaluation_round=ew.round,
                                      closes_on=TODAY())


def test_newcomers_who_fit_the_round_get_their_link_once(
        world, django_capture_on_commit_callbacks):
    ew = open_round(world)
    assert services.round_invite_newcomers(actor=world.founder, evaluation_round=ew.round) == 0
    newcomer = PersonFactory(organisation=world.partner_b.organisation)
    give_role(world.partner_b, newcomer, Role.LINE_MANAGER, Level.TACTICAL)
    observer = PersonFactory(organisation=world.partner_b.organisation)
    give_role(world.partner_b, observer, Role.OBSERVER)
    mail.outbox.clear()
    with pytest.raises(PermissionDenied):
        services.round_invite_newcomers(actor=fresh(world.coordinator_b),
                                        evaluation_round=ew.round)
    with django_capture_on_commit_callbacks(execute=True):
        invited = services.round_invite_newcomers(actor=world.founder,
                                                  evaluation_round=ew.round)
    assert invited == 1
    assert set(links_in_mail()) == {newcomer.email}
    invitation = RoundInvitation.objects.get(round=ew.round, person=newcomer)
    assert (invitation.partner_id, invitation.level) == (world.partner_b.pk, Level.TACTICAL)
    assert kinds(world)[-1] == "EvaluationNewcomersInvited"
    assert services.round_invite_newcomers(actor=world.founder, evaluation_round=ew.round) == 0
    services.response_submit(token=links_in_mail()[newcomer.email], scores={"content.1": 3})
    assert Response.objects.filter(round=ew.round).count() == 1


def test_a_narrowed_round_invites_only_newcomers_of_its_choice(world):
    today = TODAY()
    narrowed = services.round_open(actor=world.founder, alliance=world.alliance,
                                   year=today.year, opens_on=today,
                                   closes_on=today + dt.timedelta(days=5),
                                   partners=[world.partner_a])
    give_role(world.partner_b, PersonFactory(organisation=world.partner_b.organisation),
              Role.PROFESSIONAL)
    assert services.round_invite_newcomers(actor=world.founder,
                                           evaluation_round=narrowed) == 0
    give_role(world.partner_a, PersonFactory(organisation=world.partner_a.organisation),
              Role.PROFESSIONAL)
    assert services.round_invite_newcomers(actor=world.founder,
                                           evaluation_round=narrowed) == 1


def test_rounds_past_their_closing_date_close_once(world):
    ew = open_round(world, days=2)
    assert services.rounds_close_due(TODAY() + dt.timedelta(days=2)) == 0
    assert services.rounds_close_due(TODAY() + dt.timedelta(days=3)) == 1
    assert services.rounds_close_due(TODAY() + dt.timedelta(days=3)) == 0
    ew.round.refresh_from_db()
    assert ew.round.state == RoundState.CLOSED
    entry = JournalEntry.objects.filter(alliance=world.alliance).order_by("seq").last()
    assert (entry.kind, entry.actor_id) == ("EvaluationRoundClosed", None)


def test_the_mail_is_in_the_invitees_language(world, django_capture_on_commit_callbacks):
    Person.objects.filter(pk=world.coordinator_b.pk).update(language="nl")
    Person.objects.filter(pk__in=[world.founder.pk, world.professional_a.pk]).update(
        language="en")
    with django_capture_on_commit_callbacks(execute=True):
        services.round_open(actor=fresh(world.founder), alliance=world.alliance, year=2027,
                            opens_on=TODAY(), closes_on=TODAY())
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects[world.coordinator_b.email] == "De evaluatie 2027 van Alliance A"
    assert subjects[world.founder.email] == "The evaluation 2027 of Alliance A"
