"""The plan services with their journal entries: starting a plan, objectives derived from the
objective in force, activities in the year, a partner's own deployment and its confirmation
(dropped by a later change), adoption by the board's decision or by every partner's
endorsement, the version in force kept while the next is worked on, and actuals."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

from concordia.bodies.choices import BodyKind
from concordia.bodies.models import Body
from concordia.core.errors import Conflict, DomainError
from concordia.decisions.choices import DecisionStatus, Outcome
from concordia.journal.models import JournalEntry
from concordia.plans import services
from concordia.plans.choices import VersionStatus
from concordia.plans.models import Actual, Deployment, DeploymentConfirmation, PlanVersion
from concordia.plans.services import EffortInput
from concordia.testing.plans import board_member_of, fresh, plans_of


class W:
    def __init__(self, world):
        self.world = world


@pytest.fixture
def pw(world):
    return plans_of(W(world))


def entries(world, since):
    return list(JournalEntry.objects.filter(alliance=world.alliance, seq__gt=since)
                .order_by("seq").values_list("kind", "payload"))


def head(world):
    return JournalEntry.objects.filter(alliance=world.alliance).count()


def confirm_both(world, pw):
    services.deployment_confirm(actor=fresh(world.founder), version=pw.version,
                                partner=world.partner_a)
    services.deployment_confirm(actor=fresh(world.coordinator_b), version=pw.version,
                                partner=world.partner_b)


def test_the_world_journals_every_step_and_links_the_objective_to_the_statement(world, pw):
    kinds = list(JournalEntry.objects.filter(alliance=world.alliance, kind__in=[
        "PlanStarted", "PlanObjectiveAdded", "PlanActivityAdded", "DeploymentSet"])
        .order_by("seq").values_list("kind", flat=True))
    assert kinds == ["PlanStarted", "PlanObjectiveAdded", "PlanActivityAdded", "DeploymentSet",
                     "DeploymentSet"]
    assert pw.objective.statement == pw.statement


def test_only_the_key_alliance_manager_drafts(world, pw):
    since = head(world)
    for person in (world.coordinator_b, world.professional_a, world.observer_b):
        with pytest.raises(PermissionDenied):
            services.objective_add(actor=fresh(person), version=pw.version, title="More")
    with pytest.raises(PermissionDenied):
        services.plan_start(actor=fresh(world.coordinator_b), alliance=world.alliance,
                            year=pw.year + 1)
    assert entries(world, since) == []


def test_a_second_plan_for_the_year_is_a_conflict(world, pw):
    with pytest.raises(Conflict):
        services.plan_start(actor=fresh(world.founder), alliance=world.alliance, year=pw.year)


def test_an_activity_lies_within_the_year_and_has_an_owner(world, pw):
    with pytest.raises(DomainError) as caught:
        services.activity_add(actor=fresh(world.founder), objective=pw.objective, title="X",
                              starts_on=dt.date(pw.year, 12, 1),
                              ends_on=dt.date(pw.year + 1, 1, 31), block="conference",
                              owner_partner=world.partner_a)
    assert caught.value.field == "starts_on"
    with pytest.raises(DomainError) as caught:
        services.activity_add(actor=fresh(world.founder), objective=pw.objective, title="X",
                              starts_on=dt.date(pw.year, 2, 1), ends_on=dt.date(pw.year, 2, 2),
                              block="conference")
    assert caught.value.field == "owner_partner"


def test_a_partner_writes_only_its_own_deployment(world, pw):
    since = head(world)
    for person in (world.coordinator_b, world.professional_a, world.observer_b):
        with pytest.raises(PermissionDenied):
            services.deployment_set(actor=fresh(person), activity=pw.activity,
                                    partner=world.partner_a,
                                    levels={"strategic": EffortInput(1)})
    assert entries(world, since) == []
    assert Deployment.objects.filter(activity=pw.activity, partner=world.partner_a).count() == 1


def test_a_change_after_confirmation_drops_the_confirmation(world, pw):
    since = head(world)
    services.deployment_confirm(actor=fresh(world.coordinator_b), version=pw.version,
                                partner=world.partner_b)
    services.deployment_set(actor=fresh(world.coordinator_b), activity=pw.activity,
                            partner=world.partner_b,
                            levels={"operational": EffortInput(1, 60)})
    assert not DeploymentConfirmation.objects.filter(
        version=pw.version, partner=world.partner_b, dropped_at__isnull=True).exists()
    journal = entries(world, since)
    assert [k for k, _p in journal] == ["DeploymentConfirmed", "DeploymentSet"]
    assert journal[0][1]["confirmed"] == 1
    assert journal[0][1]["partners"] == 2
    assert journal[1][1]["confirmation_dropped"] is True
    assert journal[1][1]["levels"] == {"operational": {"people": 1, "hours": 60, "fte": "0.00",
                                                       "money": "0.00"}}


def test_the_same_figures_again_change_nothing(world, pw):
    since = head(world)
    services.deployment_set(actor=fresh(world.coordinator_b), activity=pw.activity,
                            partner=world.partner_b, levels={"operational": EffortInput(1, 40)})
    assert entries(world, since) == []


def test_proposing_waits_for_every_confirmation(world, pw):
    services.deployment_confirm(actor=fresh(world.founder), version=pw.version,
                                partner=world.partner_a)
    with pytest.raises(Conflict) as caught:
        services.plan_propose(actor=fresh(world.founder), version=pw.version)
    assert caught.value.code == "unconfirmed"


def test_without_a_board_every_partner_endorses_and_the_last_adopts(world, pw):
    board_a, board_b = board_member_of(world.partner_a), board_member_of(world.partner_b)
    confirm_both(world, pw)
    since = head(world)
    services.plan_propose(actor=fresh(world.founder), version=pw.version)
    with pytest.raises(PermissionDenied):
        services.plan_endorse(actor=fresh(world.coordinator_b), version=pw.version,
                              partner=world.partner_b)
    services.plan_endorse(actor=fresh(board_a), version=pw.version, partner=world.partner_a)
    assert services.statuses(pw.plan)[1] == VersionStatus.PROPOSED
    services.plan_endorse(actor=fresh(board_b), version=pw.version, partner=world.partner_b)
    assert services.statuses(pw.plan)[1] == VersionStatus.IN_FORCE
    assert [k for k, _p in entries(world, since)] == [
        "PlanProposed", "PlanEndorsed", "PlanEndorsed", "PlanAdopted"]
    with pytest.raises(Conflict):
        services.deployment_set(actor=fresh(world.coordinator_b), activity=pw.activity,
                                partner=world.partner_b, levels={})


def test_with_a_board_the_plan_is_a_decision_and_in_force_when_it_carries(world, pw):
    Body.objects.create(alliance=world.alliance, name="Board", kind=BodyKind.BOARD,
                        level="strategic")
    confirm_both(world, pw)
    with pytest.raises(DomainError):
        services.plan_propose(actor=fresh(world.founder), version=pw.version)
    deadline = timezone.now() + dt.timedelta(days=14)
    with translation.override("en"):  # the decision is worded in the proposer's language
        version = services.plan_propose(actor=fresh(world.founder), version=pw.version,
                                        deadline=deadline)
    decision = version.decision
    assert decision.block == "annual_plan"
    assert decision.title == f"Adopt the annual plan {pw.year} (version 1)"
    assert services.statuses(pw.plan)[1] == VersionStatus.PROPOSED
    decision.status, decision.outcome = DecisionStatus.CLOSED, Outcome.CARRIED
    decision.closed_at = timezone.now()
    decision.save()
    assert services.statuses(pw.plan)[1] == VersionStatus.IN_FORCE


def adopt(world, pw, version):
    version.route, version.proposed_at = "endorsement", timezone.now()
    version.endorsed_at = timezone.now()
    version.save()


def test_an_adjustment_copies_the_version_in_force_which_stays_in_force(world, pw):
    adopt(world, pw, pw.version)
    since = head(world)
    with pytest.raises(DomainError):
        services.plan_adjust(actor=fresh(world.founder), plan=pw.plan, reason="  ")
    new = services.plan_adjust(actor=fresh(world.founder), plan=pw.plan,
                               reason="The helpdesk starts a month later")
    assert new.number == 2
    assert services.statuses(pw.plan) == {1: VersionStatus.IN_FORCE, 2: VersionStatus.DRAFT}
    copy = new.objectives.get().activities.get()
    assert copy.key == pw.activity.key
    assert copy.deployments.count() == 2
    assert entries(world, since) == [("PlanAdjusted", {
        "year": pw.year, "version": 2, "reason": "The helpdesk starts a month later",
        "copies": 1})]
    with pytest.raises(Conflict):
        services.plan_adjust(actor=fresh(world.founder), plan=pw.plan, reason="Again")
    assert PlanVersion.objects.filter(plan=pw.plan).count() == 2


def test_a_partner_records_its_own_actuals(world, pw):
    since = head(world)
    services.actual_record(actor=fresh(world.professional_a), plan=pw.plan,
                           activity_key=pw.activity.key, partner=world.partner_a,
                           effort=EffortInput(2, 80, 0, 3_000_00), progress=50)
    with pytest.raises(PermissionDenied):
        services.actual_record(actor=fresh(world.professional_a), plan=pw.plan,
                               activity_key=pw.activity.key, partner=world.partner_b,
                               effort=EffortInput(1), progress=10)
    with pytest.raises(DomainError):
        services.actual_record(actor=fresh(world.founder), plan=pw.plan,
                               activity_key=pw.activity.key, partner=world.partner_a,
                               effort=EffortInput(1), progress=101)
    actual = Actual.objects.get()
    assert (actual.hours, actual.money_cents, actual.progress) == (80, 3_000_00, 50)
    assert [k for k, _p in entries(world, since)] == ["ActualRecorded"]
