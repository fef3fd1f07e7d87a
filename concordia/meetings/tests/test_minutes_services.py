"""The minutes' services: drafting, circulating, corrections, approval; journal entries,
notifications, refusals that change nothing, repeated submissions that do not duplicate."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation

from concordia.accounts.models import Person
from concordia.core.errors import Conflict, DomainError
from concordia.journal.models import JournalEntry
from concordia.meetings import minutes_services as services
from concordia.meetings.choices import (
    AttendanceStatus,
    CorrectionStatus,
    ItemStatus,
    MeetingStatus,
    MinutesStatus,
)
from concordia.meetings.models import (
    AgendaItem,
    Attendance,
    Correction,
    Meeting,
    Minutes,
    MinutesVersion,
)
from concordia.notifications.models import Notification
from concordia.testing.meetings import MeetingsWorld, build_meetings

pytestmark = pytest.mark.django_db


@pytest.fixture
def mw(world) -> MeetingsWorld:
    return build_meetings(world)


def fresh(person: Person) -> Person:
    return Person.objects.get(pk=person.pk)


def entries(world, since: int) -> list[tuple[str, dict]]:
    return list(JournalEntry.objects.filter(alliance=world.alliance, seq__gt=since)
                .order_by("seq").values_list("kind", "payload"))


def head(world) -> int:
    return JournalEntry.objects.filter(alliance=world.alliance).count()


def state():
    return (list(Minutes.objects.order_by("pk").values_list(
                "pk", "status", "version", "revision", "approved_at")),
            list(MinutesVersion.objects.order_by("pk").values_list("pk", "summary", "notes")),
            list(Correction.objects.order_by("pk").values_list("pk", "status")),
            JournalEntry.objects.count(), Notification.objects.count())


def unminuted(world, mw, *, days_ago: int = 2) -> tuple[Meeting, AgendaItem]:
    """A meeting of the body that took place, with one item on its agenda and no minutes."""
    meeting = Meeting.objects.create(body=mw.body,
                                     starts_at=timezone.now() - dt.timedelta(days=days_ago),
                                     chair_person=world.coordinator_b)
    item = AgendaItem.objects.create(meeting=meeting, position=1, title="Budget",
                                     status=ItemStatus.ON_AGENDA, proposed_by=world.founder)
    Attendance.objects.create(meeting=meeting, seat=mw.seat_a, holder=world.professional_a,
                              status=AttendanceStatus.REPLACED, replaced_by=world.observer_b,
                              recorded_by=world.founder)
    Attendance.objects.create(meeting=meeting, seat=mw.seat_b, holder=world.coordinator_b,
                              status=AttendanceStatus.PRESENT, recorded_by=world.founder)
    return meeting, item


def payload(meeting: Meeting, **extra) -> dict:
    data = {"body": "Tactical table", "starts_at": meeting.starts_at.isoformat()}
    data.update(extra)
    return data


# --- drafting ---------------------------------------------------------------------------------


def test_the_secretary_drafts_and_saving_again_updates_the_same_version(world, mw) -> None:
    meeting, item = unminuted(world, mw)
    seq = head(world)
    minutes = services.minutes_draft_save(actor=fresh(world.founder), meeting=meeting,
                                          summary="First", notes={str(item.pk): " Agreed "},
                                          expected_revision=0)
    assert (minutes.status, minutes.version, minutes.revision) == (MinutesStatus.DRAFT, 1, 1)
    minutes = services.minutes_draft_save(actor=fresh(world.coordinator_b), meeting=meeting,
                                          summary="Second", notes={}, expected_revision=1)
    assert (minutes.version, minutes.revision) == (1, 2)
    version = MinutesVersion.objects.get(minutes=minutes)
    assert (version.summary, version.notes) == ("Second", {})
    assert entries(world, seq) == [("MinutesDrafted", payload(meeting, version=1))] * 2


def test_a_stale_or_repeated_draft_is_refused(world, mw) -> None:
    meeting, _item = unminuted(world, mw)
    services.minutes_draft_save(actor=fresh(world.founder), meeting=meeting, summary="One",
                                notes={}, expected_revision=0)
    before = state()
    for revision in (0, 5):
        with pytest.raises(Conflict):
            services.minutes_draft_save(actor=fresh(world.founder), meeting=meeting,
                                        summary="Two", notes={}, expected_revision=revision)
    assert state() == before


@pytest.mark.parametrize("who", ["professional_a", "observer_b", "reviewer"])
def test_only_organisers_draft(world, mw, who) -> None:
    meeting, _item = unminuted(world, mw)
    before = state()
    with pytest.raises(PermissionDenied):
        services.minutes_draft_save(actor=fresh(getattr(world, who)), meeting=meeting,
                                    summary="Mine", notes={}, expected_revision=0)
    assert state() == before


def test_notes_only_for_items_on_the_agenda(world, mw) -> None:
    meeting, _item = unminuted(world, mw)
    before = state()
    for key in (str(mw.proposed_item.pk), str(mw.open_item.pk), "nonsense"):
        with pytest.raises(DomainError) as refused:
            services.minutes_draft_save(actor=fresh(world.founder), meeting=meeting,
                                        summary="", notes={key: "x"}, expected_revision=0)
        assert refused.value.field == "notes"
    assert state() == before


def test_no_minutes_before_the_meeting(world, mw) -> None:
    with pytest.raises(DomainError):
        services.minutes_draft_save(actor=fresh(world.founder), meeting=mw.upcoming,
                                    summary="Too soon", notes={}, expected_revision=0)


def test_a_revision_after_circulation_makes_a_new_version(world, mw) -> None:
    minutes = services.minutes_draft_save(
        actor=fresh(world.founder), meeting=mw.past, summary="Better",
        notes={str(mw.open_item.pk): "Figures are late."}, expected_revision=mw.minutes.revision)
    assert minutes.version == 2
    v1, v2 = MinutesVersion.objects.filter(minutes=minutes).order_by("number")
    assert v1.summary == "A good meeting."
    # the confidential note is carried over, the open one replaced
    assert v2.notes == {str(mw.open_item.pk): "Figures are late."}


# --- circulating ------------------------------------------------------------------------------


def test_circulating_tells_those_present_once(world, mw) -> None:
    meeting, _item = unminuted(world, mw)
    minutes = services.minutes_draft_save(actor=fresh(world.founder), meeting=meeting,
                                          summary="S", notes={}, expected_revision=0)
    seq = head(world)
    minutes = services.minutes_circulate(actor=fresh(world.founder), minutes=minutes,
                                         expected_revision=1, days=5)
    until = timezone.localdate() + dt.timedelta(days=5)
    assert (minutes.status, minutes.corrections_until) == (MinutesStatus.CIRCULATED, until)
    assert entries(world, seq) == [("MinutesCirculated", payload(
        meeting, version=1, corrections_until=until.isoformat()))]
    told = set(Notification.objects.filter(kind="minutes_to_review").values_list(
        "person_id", flat=True))
    assert told == {world.coordinator_b.pk, world.observer_b.pk}  # present, and the replacement
    before = state()
    with pytest.raises(Conflict):  # the same submission again
        services.minutes_circulate(actor=fresh(world.founder), minutes=minutes,
                                   expected_revision=2)
    assert state() == before


# --- corrections ------------------------------------------------------------------------------


def test_those_present_propose_corrections_within_the_period(world, mw) -> None:
    seq = head(world)
    correction = services.correction_propose(actor=fresh(world.professional_a),
                                             minutes=mw.minutes, text=" Late, not on time ",
                                             agenda_item=mw.open_item)
    assert (correction.text, correction.version) == ("Late, not on time", 1)
    assert entries(world, seq) == [("CorrectionProposed", payload(
        mw.past, version=1, item="Delivery figures"))]
    before = state()
    with pytest.raises(Conflict):  # the same correction twice
        services.correction_propose(actor=fresh(world.professional_a), minutes=mw.minutes,
                                    text="Late, not on time", agenda_item=mw.open_item)
    assert state() == before


def test_the_journal_does_not_name_a_confidential_item(world, mw) -> None:
    seq = head(world)
    services.correction_propose(actor=fresh(world.coordinator_b), minutes=mw.minutes,
                                text="Three analysts", agenda_item=mw.confidential_item)
    assert entries(world, seq)[0][1]["item"] == "#2"


@pytest.mark.parametrize("who", ["founder", "observer_b", "reviewer"])
def test_who_was_not_there_proposes_nothing(world, mw, who) -> None:
    before = state()
    with pytest.raises(PermissionDenied):
        services.correction_propose(actor=fresh(getattr(world, who)), minutes=mw.minutes,
                                    text="I disagree")
    assert state() == before


def test_after_the_period_a_correction_is_refused_with_the_date(world, mw) -> None:
    Minutes.objects.filter(pk=mw.minutes.pk).update(
        corrections_until=timezone.localdate() - dt.timedelta(days=1))
    before = state()
    with translation.override("en"), pytest.raises(DomainError) as refused:
        services.correction_propose(actor=fresh(world.professional_a),
                                    minutes=Minutes.objects.get(pk=mw.minutes.pk), text="Late")
    assert refused.value.field == "text"
    assert "ended" in refused.value.message
    assert state() == before


def test_a_correction_on_another_meetings_item_is_refused(world, mw) -> None:
    with pytest.raises(DomainError):
        services.correction_propose(actor=fresh(world.professional_a), minutes=mw.minutes,
                                    text="x", agenda_item=mw.proposed_item)


def test_taking_a_correction_over_makes_a_new_version(world, mw) -> None:
    correction = services.correction_propose(actor=fresh(world.professional_a),
                                             minutes=mw.minutes, text="Late",
                                             agenda_item=mw.open_item)
    revision = Minutes.objects.get(pk=mw.minutes.pk).revision
    seq = head(world)
    services.correction_resolve(actor=fresh(world.founder), correction=correction, accept=True,
                                expected_revision=revision,
                                notes={str(mw.open_item.pk): "Figures are late.",
                                       str(mw.confidential_item.pk): "Partner B hires two."})
    minutes = Minutes.objects.get(pk=mw.minutes.pk)
    assert minutes.version == 2
    assert MinutesVersion.objects.get(minutes=minutes, number=1).notes[
        str(mw.open_item.pk)] == "Figures are on time."  # kept for ever
    assert MinutesVersion.objects.get(minutes=minutes, number=2).notes[
        str(mw.open_item.pk)] == "Figures are late."
    assert Correction.objects.get(pk=correction.pk).status == CorrectionStatus.ACCEPTED
    assert entries(world, seq) == [("CorrectionResolved", payload(
        mw.past, accepted=True, version=2, item="Delivery figures"))]
    before = state()
    with pytest.raises(Conflict):  # settled already
        services.correction_resolve(actor=fresh(world.founder), correction=correction,
                                    accept=True, expected_revision=minutes.revision)
    assert state() == before


def test_declining_makes_no_version(world, mw) -> None:
    correction = services.correction_propose(actor=fresh(world.professional_a),
                                             minutes=mw.minutes, text="Nonsense")
    services.correction_resolve(actor=fresh(world.coordinator_b), correction=correction,
                                accept=False,
                                expected_revision=Minutes.objects.get(pk=mw.minutes.pk).revision)
    assert Minutes.objects.get(pk=mw.minutes.pk).version == 1
    assert Correction.objects.get(pk=correction.pk).status == CorrectionStatus.DECLINED


def test_only_organisers_settle_corrections(world, mw) -> None:
    correction = services.correction_propose(actor=fresh(world.professional_a),
                                             minutes=mw.minutes, text="Nonsense")
    before = state()
    with pytest.raises(PermissionDenied):
        services.correction_resolve(actor=fresh(world.professional_a), correction=correction,
                                    accept=True, expected_revision=99)
    assert state() == before


# --- approval ---------------------------------------------------------------------------------


def next_meeting(world, mw, *, hours_ago: int = 1, cancelled: bool = False) -> Meeting:
    return Meeting.objects.create(
        body=mw.body, starts_at=timezone.now() - dt.timedelta(hours=hours_ago),
        chair_person=world.coordinator_b,
        status=MeetingStatus.CANCELLED if cancelled else MeetingStatus.PLANNED)


def test_approval_waits_for_the_next_meeting(world, mw) -> None:
    next_meeting(world, mw, cancelled=True)
    before = state()
    with pytest.raises(DomainError) as refused:
        services.minutes_approve(actor=fresh(world.founder), minutes=mw.minutes,
                                 expected_revision=mw.minutes.revision)
    assert refused.value.field == "approve"
    assert state() == before


def test_open_corrections_are_settled_before_approval(world, mw) -> None:
    next_meeting(world, mw)
    services.correction_propose(actor=fresh(world.professional_a), minutes=mw.minutes,
                                text="Nonsense")
    with pytest.raises(DomainError):
        services.minutes_approve(actor=fresh(world.founder), minutes=mw.minutes,
                                 expected_revision=Minutes.objects.get(pk=mw.minutes.pk).revision)


def test_approval_is_a_commitment_and_the_minutes_become_read_only(world, mw) -> None:
    approved_in = next_meeting(world, mw)
    seq = head(world)
    minutes = services.minutes_approve(actor=fresh(world.coordinator_b), minutes=mw.minutes,
                                       expected_revision=mw.minutes.revision)
    assert minutes.status == MinutesStatus.APPROVED
    assert (minutes.approved_in_id, minutes.approved_by_id) == (approved_in.pk,
                                                                world.coordinator_b.pk)
    assert entries(world, seq) == [("MinutesApproved", payload(
        mw.past, version=1, approved_in=approved_in.starts_at.isoformat()))]
    assert JournalEntry.objects.filter(alliance=world.alliance, kind="MinutesApproved").count() == 1
    told = set(Notification.objects.filter(kind="minutes_approved").values_list("person_id",
                                                                                flat=True))
    assert told == {world.founder.pk, world.coordinator_b.pk, world.professional_a.pk}

    before = state()
    writes = [
        lambda: services.minutes_approve(actor=fresh(world.founder), minutes=minutes,
                                         expected_revision=minutes.revision),
        lambda: services.minutes_draft_save(actor=fresh(world.founder), meeting=mw.past,
                                            summary="Changed", notes={},
                                            expected_revision=minutes.revision),
        lambda: services.correction_propose(actor=fresh(world.professional_a), minutes=minutes,
                                            text="Too late"),
        lambda: services.minutes_circulate(actor=fresh(world.founder), minutes=minutes,
                                           expected_revision=minutes.revision),
    ]
    for write in writes:
        with pytest.raises(Conflict):
            write()
    assert state() == before


@pytest.mark.parametrize("who", ["professional_a", "observer_b"])
def test_only_organisers_approve(world, mw, who) -> None:
    next_meeting(world, mw)
    before = state()
    with pytest.raises(PermissionDenied):
        services.minutes_approve(actor=fresh(getattr(world, who)), minutes=mw.minutes,
                                 expected_revision=mw.minutes.revision)
    assert state() == before


def test_another_alliance_cannot_touch_the_minutes(world, mw) -> None:
    before = state()
    with pytest.raises(PermissionDenied):
        services.minutes_draft_save(actor=fresh(world.outsider), meeting=mw.past, summary="x",
                                    notes={}, expected_revision=mw.minutes.revision)
    assert state() == before
