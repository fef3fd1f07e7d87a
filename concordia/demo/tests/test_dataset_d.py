"""Data set D at a tiny scale: every part is there, each alliance's journal verifies (the bulk
parts chain and seal their entries as journal_append does), and the closed decisions carry
the tally their votes give under their rule."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.utils import timezone

from concordia.accounts.models import Person
from concordia.actions import services as action_services
from concordia.alliances.models import Alliance
from concordia.bodies.models import Body
from concordia.decisions import rules
from concordia.decisions import services as decision_services
from concordia.decisions.models import Decision, Vote
from concordia.demo.dataset_d import ALLIANCES, PARTNERS_PER_ALLIANCE, build
from concordia.journal.models import JournalEntry
from concordia.journal.services import journal_verify
from concordia.meetings import minutes_services
from concordia.meetings import services as meeting_services
from concordia.meetings.models import Meeting

pytestmark = pytest.mark.django_db


def test_dataset_d_at_a_tiny_scale() -> None:
    lines: list[str] = []
    report = build(scale=0.005, seed=3, out=lines.append)
    counts = report["counts"]
    assert (counts["organisations"], counts["alliances"], counts["people"]) == (12, 4, 216)
    # Per alliance: board, tactical table, two or three working groups, agency.
    assert 4 * 5 <= counts["bodies"] <= 4 * 6
    assert counts["meetings"] >= 2 * counts["bodies"]
    held = (Meeting.objects.filter(attendance__isnull=False).distinct()
            .annotate(n_items=Count("items", distinct=True)))
    assert held.exists()
    assert {m.n_items for m in held} <= set(range(3, 9))
    for key in ("roles", "seats", "attendance", "minutes", "minutes_approved",
                "minutes_versions", "actions", "actions_open", "confidential_items",
                "notifications"):
        assert counts[key] > 0, key
    assert counts["minutes_versions"] >= counts["minutes"]
    # 30,000 decisions and 300,000 votes at full scale, shared by the alliances.
    assert (counts["decisions"], counts["votes"]) == (150, 1500)
    # The scorecard: 8 indicators × 40 quarters in each alliance, whatever the scale.
    assert (counts["indicators"], counts["measurements"]) == (4 * 8, 4 * 8 * 40)
    # Last quarter's report in each alliance: every partner's section submitted, approved.
    assert (counts["reports"], counts["reports_approved"]) == (4, 4)
    assert counts["sections_submitted"] == 4 * PARTNERS_PER_ALLIANCE
    alliances = Alliance.objects.filter(name__in=[name for name, _p in ALLIANCES])
    assert alliances.count() == 4
    for alliance in alliances:
        assert journal_verify(alliance_id=alliance.pk).intact, alliance.name
    # What real use leaves behind: every step journaled, by the services or in bulk.
    kinds = set(JournalEntry.objects.values_list("kind", flat=True))
    assert {"PersonInvited", "RoleGranted", "BodySetUp", "SeatFilled", "MeetingSeriesPlanned",
            "MeetingPlanned", "AgendaItemProposed", "AgendaPublished", "AttendanceRecorded",
            "MinutesDrafted", "MinutesCirculated", "MinutesApproved", "ActionAssigned",
            "DecisionProposed", "VoteCast", "DecisionTaken", "ReportOpened",
            "ReportSectionSubmitted", "ReportApproved"} <= kinds
    assert JournalEntry.objects.filter(kind="VoteCast").count() == counts["votes"]
    assert counts["journal_entries"] == JournalEntry.objects.count()
    assert lines[-1].startswith("data set D made in")
    _closed_decisions_carry_the_tally_of_their_votes()
    _bulk_entries_read_like_the_services()
    with pytest.raises(ValueError, match="already"):
        build(scale=0.005, seed=3, out=lines.append)


def _closed_decisions_carry_the_tally_of_their_votes() -> None:
    decisions = Decision.objects.prefetch_related("votes")
    assert {d.status for d in decisions} >= {"open", "closed"}
    for decision in decisions.filter(status="closed"):
        votes = list(decision.votes.all())
        # one current vote per unit: the latest cast
        current = {v.unit for v in votes if v.current}
        assert len(current) == sum(1 for v in votes if v.current)
        tally = rules.Tally.from_dict(decision.tally)
        assert tally.outcome == decision.outcome
        assert set(tally.standing) == current
        weights = {unit: sum(shares.values()) for unit, shares in tally.standing.items()}
        for vote in votes:
            if vote.current:
                expected = vote.shares or {vote.choice: weights[vote.unit]}
                assert tally.standing[vote.unit] == expected
    assert Vote.objects.filter(current=False).exists()  # members voted again for their unit


def _bulk_entries_read_like_the_services() -> None:
    """The same steps taken through the services on D's first board leave entries with the
    same payload keys as the ones D wrote in bulk (so D stays what real use leaves behind)."""
    body = Body.objects.filter(kind="board").select_related("alliance", "secretary").first()
    assert body is not None
    assert body.secretary is not None
    organiser = Person.objects.get(pk=body.secretary.pk)
    seat = body.seats.select_related("holder", "partner").first()
    assert seat is not None
    assert seat.holder is not None
    voter = Person.objects.get(pk=seat.holder.pk)
    seq = JournalEntry.objects.filter(alliance=body.alliance).order_by("-seq").first().seq
    started = timezone.now() - dt.timedelta(minutes=30)
    meeting = meeting_services.meeting_plan(actor=organiser, body=body, starts_at=started)
    item = meeting_services.agenda_item_propose(actor=organiser, meeting=meeting,
                                                title="Budget", kind="decision")
    meeting_services.agenda_publish(actor=organiser, meeting=meeting)
    meeting_services.attendance_record(actor=organiser, meeting=meeting, entries=[
        meeting_services.SeatAttendance(seat=seat, status="present")])
    minutes = minutes_services.minutes_draft_save(actor=organiser, meeting=meeting, summary="S",
                                                  notes={}, expected_revision=0)
    minutes_services.minutes_circulate(actor=organiser, minutes=minutes,
                                       expected_revision=minutes.revision)
    action = action_services.action_create(actor=organiser, alliance=body.alliance,
                                           title="Follow up", owner_person=voter,
                                           due_on=timezone.localdate(), agenda_item=item)
    decision = decision_services.decision_propose(
        actor=organiser, body=body, title="Adopt the budget", proposal="P",
        procedure="meeting", agenda_item=item, secret=False)
    decision_services.vote_cast(actor=voter, decision=decision, choice="for")
    decision_services.decision_close(actor=organiser, decision=decision)
    decision_services.follow_up_add(actor=organiser, decision=decision, action=action)
    by_services = JournalEntry.objects.filter(alliance=body.alliance, seq__gt=seq)
    for entry in by_services:
        bulk = JournalEntry.objects.filter(alliance=body.alliance, kind=entry.kind,
                                           seq__lte=seq).values_list("payload", flat=True)
        assert any(set(p) == set(entry.payload) for p in bulk), (entry.kind, entry.payload)


def test_dataset_d_refuses_a_scale_out_of_range() -> None:
    with pytest.raises(CommandError, match="scale"):
        call_command("dataset_d", "--scale", "0")
    assert not Alliance.objects.exists()
