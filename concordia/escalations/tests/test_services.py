"""Escalation services: raising, the horizontal attempt first, climbing rung by rung (the board
as a decision item of its next meeting, the alliance's own top rung), responses, resolution and
withdrawal; who may; journal entries and notifications; refusals that change nothing; the
overdue reminder."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone, translation
from freezegun import freeze_time

from concordia.actions.models import ActionItem
from concordia.bodies.models import Body
from concordia.core.errors import Conflict, DomainError
from concordia.escalations import selectors, services
from concordia.escalations.choices import BottleneckStatus, Rung, StepOutcome, Urgency
from concordia.escalations.models import Bottleneck, BottleneckEvent, LadderSettings, RungStep
from concordia.journal.models import JournalEntry
from concordia.meetings.choices import ItemKind, ItemStatus
from concordia.meetings.models import AgendaItem, Meeting
from concordia.notifications.models import Notification
from concordia.testing.agreements import build_agreements
from concordia.testing.escalations import EscalationsWorld, build_escalations, fresh

pytestmark = pytest.mark.django_db


@pytest.fixture
def ew(world) -> EscalationsWorld:
    return build_escalations(world)


def head(world) -> int:
    return JournalEntry.objects.filter(alliance=world.alliance).count()


def entries(world, since: int) -> list[tuple[str, dict]]:
    return list(JournalEntry.objects.filter(alliance=world.alliance, seq__gt=since)
                .order_by("seq").values_list("kind", "payload"))


def state():
    return (list(Bottleneck.objects.order_by("pk").values_list(
                "pk", "status", "rung", "version", "owner_id", "due_on", "skipped_horizontal")),
            list(RungStep.objects.order_by("pk").values_list("pk", "left_at", "responded_at")),
            BottleneckEvent.objects.count(), JournalEntry.objects.count(),
            Notification.objects.count(), AgendaItem.objects.count(),
            list(LadderSettings.objects.values_list("pk", "version")))


def reload(bottleneck: Bottleneck) -> Bottleneck:
    return Bottleneck.objects.get(pk=bottleneck.pk)


def raise_(world, who="professional_a", **kwargs) -> Bottleneck:
    facts = {"title": "Rejected returns", "description": "A third of the returns bounce.",
             "partners": [world.partner_a, world.partner_b]}
    return services.bottleneck_raise(actor=fresh(getattr(world, who)), alliance=world.alliance,
                                     **{**facts, **kwargs})


def test_raising_starts_on_the_horizontal_rung(world, ew) -> None:
    seq = head(world)
    with freeze_time("2026-03-02 10:00:00+01:00"):
        b = raise_(world, title=" Rejected returns ", urgency=Urgency.HIGH,
                   owner=world.coordinator_b, block="board", meeting=ew.board_meeting)
    assert (b.title, b.status, b.rung, b.owner_id, b.urgency) == (
        "Rejected returns", BottleneckStatus.OPEN, Rung.HORIZONTAL, world.coordinator_b.pk,
        Urgency.HIGH)
    assert b.due_on == dt.date(2026, 3, 7)  # high: 5 days
    assert {p.pk for p in b.partners.all()} == {world.partner_a.pk, world.partner_b.pk}
    step = RungStep.objects.get(bottleneck=b)
    assert (step.rung, step.owner_id, step.due_on, step.left_at) == (
        Rung.HORIZONTAL, world.coordinator_b.pk, b.due_on, None)
    # Not alliance-wide: the journal (read by everyone) names it by number only.
    assert entries(world, seq) == [("BottleneckRaised", {
        "bottleneck_id": b.pk, "alliance_wide": False, "urgency": "high", "rung": "horizontal",
        "owner": "Coordinator B", "due_on": "2026-03-07",
        "partners": sorted([world.partner_a.organisation.name,
                            world.partner_b.organisation.name])})]
    told = Notification.objects.get(kind="bottleneck_waiting")
    assert (told.person_id, told.params) == (world.coordinator_b.pk, {
        "bottleneck": "Rejected returns", "deadline": "2026-03-07"})


def test_an_alliance_wide_bottleneck_is_named_in_the_journal_and_the_raiser_is_not_told(
        world, ew) -> None:
    seq = head(world)
    b = raise_(world, alliance_wide=True)
    kind, payload = entries(world, seq)[0]
    assert (kind, payload["title"], payload["owner"]) == ("BottleneckRaised",
                                                          "Rejected returns", "Professional A")
    assert b.owner_id == world.professional_a.pk
    assert not Notification.objects.filter(kind="bottleneck_waiting",
                                           key__contains=f":{b.pk}:").exists()
    assert Notification.objects.filter(kind="bottleneck_waiting").count() == 0


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"partners": []}, "partners"),
    ({"title": "  "}, "title"),
    ({"description": ""}, "description"),
    ({"urgency": "panic"}, "urgency"),
    ({"block": "no_such_block"}, "block"),
    ({"owner_key": "observer_b"}, "owner"),
    ({"owner_key": "outsider"}, "owner"),
    ({"foreign_partner": True}, "partners"),
])
def test_raising_refuses_what_is_wrong_and_changes_nothing(world, ew, kwargs, field) -> None:
    if "owner_key" in kwargs:
        kwargs = {"owner": getattr(world, kwargs["owner_key"])}
    if kwargs.get("foreign_partner"):
        kwargs = {"partners": list(ew.foreign.partners.all())}
    before = state()
    with pytest.raises(DomainError) as refused:
        raise_(world, **kwargs)
    assert refused.value.field == field
    assert state() == before


def test_raising_twice_is_refused(world, ew) -> None:
    raise_(world)
    before = state()
    with pytest.raises(Conflict):
        raise_(world)
    assert state() == before


@pytest.mark.parametrize("who", ["observer_b", "reviewer", "outsider", "stranger"])
def test_read_only_roles_and_outsiders_raise_nothing(world, ew, who) -> None:
    before = state()
    with pytest.raises(PermissionDenied):
        raise_(world, who=who)
    assert state() == before


def test_a_horizontal_attempt_that_worked_resolves_it(world, ew) -> None:
    seq = head(world)
    b = services.bottleneck_attempt(actor=fresh(world.founder), bottleneck=ew.restricted,
                                    expected_version=1, resolved=True,
                                    text="Partner A moved the run a day.")
    assert (b.status, b.resolution, b.closed_by_id) == (
        BottleneckStatus.RESOLVED, "Partner A moved the run a day.", world.founder.pk)
    step = RungStep.objects.get(bottleneck=b)
    assert (step.outcome, step.left_at is not None) == (StepOutcome.RESOLVED, True)
    assert entries(world, seq) == [("HorizontalAttemptRecorded", {
        "bottleneck_id": b.pk, "alliance_wide": False, "urgency": "normal",
        "rung": "horizontal", "resolved": True})]
    before = state()
    with pytest.raises(Conflict):  # closed: read-only
        services.bottleneck_attempt(actor=fresh(world.founder), bottleneck=b,
                                    expected_version=2, resolved=False, text="again")
    assert state() == before


@pytest.mark.parametrize(("who", "refusal"), [
    ("coordinator_b", PermissionDenied),  # steering, but not of a partner concerned
    ("observer_b", PermissionDenied),
    ("outsider", PermissionDenied),
])
def test_only_the_people_concerned_record_the_attempt(world, ew, who, refusal) -> None:
    before = state()
    with pytest.raises(refusal):
        services.bottleneck_attempt(actor=fresh(getattr(world, who)), bottleneck=ew.restricted,
                                    expected_version=1, resolved=False, text="x")
    assert state() == before


def escalate(world, b, who="founder", **kwargs):
    b = reload(b)
    facts = {"reason": "Nobody moves."}
    return services.bottleneck_escalate(actor=fresh(getattr(world, who)), bottleneck=b,
                                        expected_version=b.version, **{**facts, **kwargs})


def test_no_escalation_before_a_horizontal_attempt_unless_a_real_alarm(world, ew) -> None:
    before = state()
    with pytest.raises(DomainError) as refused:
        escalate(world, ew.restricted)
    assert refused.value.field == "skip_reason"
    with pytest.raises(DomainError) as refused:
        escalate(world, ew.restricted, skip_reason="It is urgent")  # normal urgency
    assert refused.value.field == "skip_reason"
    with pytest.raises(DomainError) as refused:  # a reason is always needed
        escalate(world, ew.wide, reason=" ")
    assert refused.value.field == "reason"
    with pytest.raises(DomainError):  # nothing skipped: no reason to skip
        escalate(world, ew.wide, skip_reason="Urgent")
    assert state() == before


def test_an_alarm_skips_the_horizontal_attempt_with_its_reason_recorded(world, ew) -> None:
    alarm = raise_(world, urgency=Urgency.ALARM, title="The chain stops tonight")
    seq = head(world)
    b = escalate(world, alarm, who="professional_a", reason="Payments stop tomorrow.",
                 skip_reason="No time: the benefits run is tonight.")
    assert (b.rung, b.skipped_horizontal, b.skip_reason, b.owner_id) == (
        Rung.COORDINATOR, True, "No time: the benefits run is tonight.",
        world.coordinator_b.pk)
    step = RungStep.objects.get(bottleneck=b, rung=Rung.COORDINATOR)
    assert step.skipped_horizontal
    assert step.due_on == timezone.localdate() + dt.timedelta(days=2)
    kind, payload = entries(world, seq)[0]
    assert kind == "BottleneckEscalated"
    assert (payload["from"], payload["to"], payload["skipped"]) == (
        "horizontal", "coordinator", True)
    assert "skip_reason" not in payload  # not alliance-wide: no text in the journal


def test_the_whole_ladder_up_to_the_board_and_the_top_rung(world, ew) -> None:
    # The horizontal attempt failed: coordinators (coordinator_b, the only coordinator).
    b = escalate(world, ew.wide, who="professional_a")
    assert (b.rung, b.owner_id, b.awaiting_response) == (Rung.COORDINATOR,
                                                         world.coordinator_b.pk, True)
    assert Notification.objects.filter(kind="bottleneck_waiting",
                                       person=world.coordinator_b).exists()
    # A professional may not own the coordinators' rung; a coordinator may.
    with pytest.raises(DomainError) as refused:
        escalate(world, b, who="coordinator_b", owner=world.professional_a)
    assert refused.value.field == "owner"
    b = escalate(world, b, who="coordinator_b", reason="The team found no way.")
    assert (b.rung, b.owner_id) == (Rung.KEY_ALLIANCE_MANAGER, world.founder.pk)
    # The board: a decision item proposed for its next meeting; the deadline is that day.
    seq = head(world)
    b = escalate(world, b, who="founder", reason="Needs the directors.")
    assert (b.rung, b.owner_id) == (Rung.BOARD, ew.board_member_a.pk)  # the board's chair
    step = RungStep.objects.get(bottleneck=b, rung=Rung.BOARD)
    item = step.agenda_item
    assert item is not None
    assert (item.meeting_id, item.kind, item.status, item.confidential) == (
        ew.board_meeting.pk, ItemKind.DECISION, ItemStatus.ON_AGENDA, False)  # founder is
    assert item.title == f"#{b.pk} Definitions of hours worked differ"  # the secretary
    assert b.due_on == timezone.localdate(ew.board_meeting.starts_at)
    kinds = [kind for kind, _payload in entries(world, seq)]
    assert kinds == ["AgendaItemProposed", "BottleneckEscalated"]
    # The board is the top of the ladder unless the alliance defines its own top rung.
    before = state()
    with pytest.raises(Conflict):
        escalate(world, b, who="founder")
    assert state() == before
    services.ladder_set_up(actor=fresh(world.coordinator_b), alliance=world.alliance,
                           top_rung_enabled=True, expected_version=0,
                           top_rung_name="Ministers via the administrative core team")
    b = escalate(world, b, who="founder", reason="The board is split.")
    assert (b.rung, b.owner_id) == (Rung.TOP, world.founder.pk)
    assert RungStep.objects.get(bottleneck=b, rung=Rung.TOP).rung_name == (
        "Ministers via the administrative core team")
    with pytest.raises(Conflict):
        escalate(world, b, who="founder")
    # The rung cannot go while a bottleneck stands on it.
    with pytest.raises(Conflict):
        services.ladder_set_up(actor=fresh(world.founder), alliance=world.alliance,
                               top_rung_enabled=False, top_rung_name="", expected_version=1)
    action = ActionItem.objects.create(alliance=world.alliance, title="Align the definitions",
                                       owner_person=world.professional_a,
                                       created_by=world.founder)
    seq = head(world)
    b = services.bottleneck_resolve(actor=fresh(world.founder), bottleneck=b,
                                    expected_version=b.version,
                                    resolution="The ministers chose one definition.",
                                    action=action)
    assert (b.status, b.resolution_action_id) == (BottleneckStatus.RESOLVED, action.pk)
    assert entries(world, seq) == [("BottleneckResolved", {
        "bottleneck_id": b.pk, "alliance_wide": True, "urgency": "normal", "rung": "top",
        "title": "Definitions of hours worked differ", "decision_id": None,
        "action_id": action.pk})]
    trail = list(RungStep.objects.filter(bottleneck=b).order_by("entered_at", "pk")
                 .values_list("rung", "outcome"))
    assert trail == [("horizontal", "escalated"), ("coordinator", "escalated"),
                     ("key_alliance_manager", "escalated"), ("board", "escalated"),
                     ("top", "resolved")]


def test_a_board_item_of_a_bottleneck_that_is_not_alliance_wide_is_confidential(world,
                                                                              ew) -> None:
    b = services.bottleneck_attempt(actor=fresh(world.professional_a),
                                    bottleneck=ew.restricted, expected_version=1,
                                    resolved=False, text="No luck.")
    for _rung in (Rung.COORDINATOR, Rung.KEY_ALLIANCE_MANAGER, Rung.BOARD):
        b = escalate(world, b, who="founder")
    item = RungStep.objects.get(bottleneck=b, rung=Rung.BOARD).agenda_item
    # The founder keeps the board's secretariat: on the agenda at once, for members only.
    assert (item.confidential, item.status) == (True, ItemStatus.ON_AGENDA)
    payload = JournalEntry.objects.filter(kind="AgendaItemProposed").latest("seq").payload
    assert "Late wage returns" not in str(payload)


def test_a_board_without_a_planned_meeting_is_refused(world, ew) -> None:
    b = escalate(world, ew.wide, who="founder")
    b = escalate(world, b, who="founder")
    Meeting.objects.filter(pk=ew.board_meeting.pk).update(status="cancelled")
    before = state()
    with pytest.raises(DomainError) as refused:
        escalate(world, b, who="founder")
    assert refused.value.field == "route"
    assert state() == before


@pytest.mark.parametrize("wide", [True, False])
def test_the_board_in_a_written_procedure(world, ew, wide) -> None:
    b = ew.wide if wide else services.bottleneck_attempt(
        actor=fresh(world.professional_a), bottleneck=ew.restricted, expected_version=1,
        resolved=False, text="No luck.")
    b = escalate(world, b, who="founder")
    b = escalate(world, b, who="founder")
    with translation.override("en"):  # the proposal is written in the proposer's language
        b = escalate(world, b, who="founder", route="written", reason="The board must choose.")
    step = RungStep.objects.get(bottleneck=b, rung=Rung.BOARD)
    decision = step.decision
    assert step.agenda_item is None
    assert (decision.procedure, decision.body_id, decision.status) == (
        "written", ew.board.pk, "open")
    assert timezone.localdate(decision.deadline) == b.due_on == (
        timezone.localdate() + dt.timedelta(days=20))  # normal urgency on the board
    if wide:
        assert decision.title == f"#{b.pk} Definitions of hours worked differ"
        assert "The board must choose." in decision.proposal
    else:  # the register is read by the whole alliance
        assert decision.title == f"Bottleneck #{b.pk}"
        assert "Late wage returns" not in decision.proposal
    payload = JournalEntry.objects.filter(kind="BottleneckEscalated").latest("seq").payload
    assert (payload["decision_id"], payload["to"]) == (decision.pk, "board")
    b = services.bottleneck_resolve(actor=fresh(world.founder), bottleneck=b,
                                    expected_version=b.version, resolution="Decided.",
                                    decision=decision)
    assert b.resolution_decision_id == decision.pk


def test_a_proposal_from_outside_the_board_waits_for_its_organisers(world, ew) -> None:
    b = escalate(world, ew.wide, who="founder")
    b = escalate(world, b, who="coordinator_b")
    # coordinator_b sits in the board but does not organise it: the item is proposed.
    Body.objects.filter(pk=ew.board.pk).update(secretary=None)
    b = escalate(world, b, who="coordinator_b")
    item = RungStep.objects.get(bottleneck=b, rung=Rung.BOARD).agenda_item
    assert (item.status, item.proposed_by_id) == (ItemStatus.PROPOSED, world.coordinator_b.pk)


@pytest.mark.parametrize("who", ["observer_b", "reviewer", "outsider"])
def test_who_may_not_move_a_bottleneck(world, ew, who) -> None:
    b = reload(ew.wide)
    before = state()
    for call in (
        lambda: services.bottleneck_escalate(actor=fresh(getattr(world, who)), bottleneck=b,
                                             expected_version=b.version, reason="x"),
        lambda: services.bottleneck_respond(actor=fresh(getattr(world, who)), bottleneck=b,
                                            expected_version=b.version, text="x"),
        lambda: services.bottleneck_resolve(actor=fresh(getattr(world, who)), bottleneck=b,
                                            expected_version=b.version, resolution="x"),
        lambda: services.bottleneck_withdraw(actor=fresh(getattr(world, who)), bottleneck=b,
                                             expected_version=b.version),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert state() == before


def test_a_response_answers_the_rung_and_a_stale_one_is_refused(world, ew) -> None:
    b = escalate(world, ew.wide, who="founder")
    seq = head(world)
    with freeze_time(timezone.now() + dt.timedelta(days=30)):
        b = services.bottleneck_respond(actor=fresh(world.coordinator_b), bottleneck=b,
                                        expected_version=b.version,
                                        text="A team of both partners is on it.")
    assert not b.awaiting_response
    assert not selectors.is_overdue(b, timezone.localdate() + dt.timedelta(days=60))
    assert entries(world, seq) == [("RungResponded", {
        "bottleneck_id": b.pk, "alliance_wide": True, "urgency": "normal",
        "rung": "coordinator", "title": "Definitions of hours worked differ", "late": True})]
    before = state()
    with pytest.raises(Conflict):
        services.bottleneck_respond(actor=fresh(world.coordinator_b), bottleneck=b,
                                    expected_version=b.version - 1, text="again")
    assert state() == before


def test_only_the_raiser_withdraws(world, ew) -> None:
    before = state()
    for who in ("founder", "coordinator_b"):
        with pytest.raises(PermissionDenied):
            services.bottleneck_withdraw(actor=fresh(getattr(world, who)),
                                         bottleneck=ew.restricted, expected_version=1)
    assert state() == before
    b = services.bottleneck_withdraw(actor=fresh(world.professional_a),
                                     bottleneck=ew.restricted, expected_version=1,
                                     reason="Solved itself.")
    assert (b.status, b.closed_by_id) == (BottleneckStatus.WITHDRAWN, world.professional_a.pk)
    assert RungStep.objects.get(bottleneck=b).outcome == StepOutcome.WITHDRAWN


def test_the_ladder_is_set_up_by_the_steering_roles(world, ew) -> None:
    before = state()
    with pytest.raises(PermissionDenied):
        services.ladder_set_up(actor=fresh(world.professional_a), alliance=world.alliance,
                               top_rung_enabled=True, top_rung_name="Ministers",
                               expected_version=0)
    with pytest.raises(DomainError) as refused:
        services.ladder_set_up(actor=fresh(world.founder), alliance=world.alliance,
                               top_rung_enabled=True, top_rung_name=" ", expected_version=0)
    assert refused.value.field == "top_rung_name"
    assert state() == before
    seq = head(world)
    ladder = services.ladder_set_up(actor=fresh(world.founder), alliance=world.alliance,
                                    top_rung_enabled=True, top_rung_name="Ministers",
                                    expected_version=0)
    assert ladder.version == 1
    assert entries(world, seq) == [("EscalationLadderChanged", {
        "top_rung_enabled": True, "top_rung_name": "Ministers"})]
    with pytest.raises(Conflict):  # stale
        services.ladder_set_up(actor=fresh(world.founder), alliance=world.alliance,
                               top_rung_enabled=False, top_rung_name="", expected_version=0)


def test_overdue_rungs_are_told_once(world, ew) -> None:
    b = escalate(world, ew.wide, who="founder")
    later = timezone.localdate() + dt.timedelta(days=11)  # normal: 10 days
    # This one's owner, the restricted one's and alliance Z's.
    assert services.bottlenecks_overdue_notify(today=later) == 3
    assert services.bottlenecks_overdue_notify(today=later) == 0
    told = {(n.person_id, n.params["bottleneck"])
            for n in Notification.objects.filter(kind="bottleneck_overdue")}
    assert told == {(world.coordinator_b.pk, b.title),
                    (world.professional_a.pk, ew.restricted.title),
                    (world.outsider.pk, ew.foreign.title)}
    # A response answers the rung: nothing more; the next rung tells again.
    services.bottleneck_respond(actor=fresh(world.coordinator_b), bottleneck=reload(b),
                                expected_version=reload(b).version, text="On it.")
    b = escalate(world, b, who="coordinator_b")
    assert services.bottlenecks_overdue_notify(
        today=timezone.localdate() + dt.timedelta(days=11)) == 1


def test_the_command_runs_the_same(world, ew) -> None:
    RungStep.objects.filter(bottleneck=ew.restricted).update(
        due_on=timezone.localdate() - dt.timedelta(days=3))
    Bottleneck.objects.filter(pk=ew.restricted.pk).update(
        due_on=timezone.localdate() - dt.timedelta(days=3))
    call_command("escalations_overdue", stdout=io.StringIO())
    assert Notification.objects.filter(kind="bottleneck_overdue").count() == 1


def test_health_counts_every_rung_left(world, ew) -> None:
    with freeze_time(timezone.now() - dt.timedelta(days=10)):
        alarm = raise_(world, urgency=Urgency.ALARM)
        escalate(world, alarm, who="founder", skip_reason="Tonight.")
    with freeze_time(timezone.now() - dt.timedelta(days=4)):
        escalate(world, alarm, who="founder")
    health = selectors.health_get(user=fresh(world.observer_b), alliance=world.alliance)
    rows = {r.rung: r for r in health.rungs}
    assert (health.raised, health.skipped, health.resolved_horizontally) == (3, 1, 0)
    assert (rows[Rung.HORIZONTAL].count, rows[Rung.COORDINATOR].count) == (1, 1)
    assert rows[Rung.COORDINATOR].median_days == 6.0


def test_a_bottleneck_about_an_agreement_the_raiser_may_read(world, ew) -> None:
    aw = build_agreements(world)
    b = raise_(world, agreement=aw.sla)
    assert b.agreement_id == aw.sla.pk
    before = state()
    for agreement in (aw.private, aw.other):  # B and D's only; alliance Z's
        with pytest.raises(DomainError) as refused:
            raise_(world, title="Another", agreement=agreement)
        assert refused.value.field == "agreement"
    assert state() == before
