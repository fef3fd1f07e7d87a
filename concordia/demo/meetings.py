"""The demo alliance's bodies and a year of their meetings, through the services.

The alliance board, the tactical table, two working groups and the alliance agency, with seats
for the three owners (the Tax Authority, the Social Security Agency and the Statistics Office);
Tom of the agency is every body's secretary. Over the past year the bodies met, with agendas,
attendance, minutes (circulated, corrected now and then, approved at the next meeting) and
actions, some done, some open and some overdue. The Statistics Office keeps sending its
substitute to the tactical table, so the table's page flags it.

Idempotent: a body that exists is left as it is, and so are the meetings of a body that has any.
Dates are relative to the day the demo is loaded.
"""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as _

from concordia.accounts.models import Person
from concordia.actions import services as action_services
from concordia.actions.choices import ActionStatus
from concordia.alliances.choices import Level
from concordia.alliances.models import Alliance, Partner
from concordia.bodies import services as body_services
from concordia.bodies.choices import BodyKind, ChairRule
from concordia.bodies.models import Body, Seat
from concordia.meetings import minutes_services
from concordia.meetings import services as meeting_services
from concordia.meetings.choices import AttendanceStatus, Frequency, ItemKind
from concordia.meetings.models import AgendaItem, Meeting, Minutes

from .services import demo_organisation_key, demo_partners

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
SECRETARY = "tom"
# The partner that keeps sending its substitute to the tactical table (its last meetings).
WANING = ("Statistics Office", 4)


@dataclass(frozen=True)
class DemoBody:
    name: str
    kind: str
    level: str
    mandate: str
    chair: str | None  # a fixed chair (e-mail local part), or None: rotating between partners
    # (organisation, holder, substitute or None)
    seats: tuple[tuple[str, str, str | None], ...]
    # How it met over the past year: frequency, meetings (the last ones ahead), days ago first,
    # hour of the day.
    frequency: str = Frequency.MONTHLY
    meetings: int = 0
    first_days_ago: int = 0
    hour: int = 10
    # Agenda items per meeting, in turn: (title, kind, owner, confidential)
    agenda: tuple[tuple[str, str, str, bool], ...] = ()
    # What comes out of the first item of a meeting: (action, owner: local part or
    # organisation name, days until due)
    actions: tuple[tuple[str, str, int], ...] = ()


TAX, SSA, STAT = "Tax Authority", "Social Security Agency", "Statistics Office"
DEC, INFO, DISC = ItemKind.DECISION, ItemKind.INFORMATION, ItemKind.DISCUSSION

BODIES = [
    DemoBody(
        _("Alliance board"), BodyKind.BOARD, Level.STRATEGIC,
        _("Sets the alliance's course and settles what the tactical table cannot; meets four "
          "times a year, in person."), None,
        ((TAX, "anna", None), (SSA, "henk", None), (STAT, "pieter", None)),
        Frequency.QUARTERLY, 5, 350, 14,
        ((_("Chain report of the quarter"), INFO, "kim", False),
         (_("Annual plan"), DEC, "kim", False),
         (_("Escalations from the tactical table"), DISC, "ruud", True),
         (_("Covenant and financing"), DISC, "henk", False)),
        ((_("Send the chain report to the ministries"), "kim", 21),
         (_("Update the covenant annex"), "henk", 30))),
    DemoBody(
        _("Tactical table"), BodyKind.TACTICAL_TABLE, Level.TACTICAL,
        _("The line managers of the three owners, the key alliance manager and the "
          "coordinators steer the chain month by month; the chair rotates."), None,
        ((TAX, "ruud", "lisa"), (TAX, "kim", None), (SSA, "lotte", "mila"),
         (STAT, "noor", "eva")),
        Frequency.MONTHLY, 13, 360, 10,
        ((_("Delivery figures"), DISC, "ruud", False),
         (_("Rejected wage returns"), DISC, "lotte", False),
         (_("Data quality targets"), DEC, "noor", False),
         (_("Staffing of the chain office"), DEC, "kim", True),
         (_("Release planning"), INFO, "lisa", False)),
        ((_("Send the delivery figures per partner"), "ruud", 14),
         (_("Fix the rejected wage returns"), SSA, 21),
         (_("Propose the data quality targets"), "noor", 28),
         (_("Plan the release with the software vendors"), "lisa", 35))),
    DemoBody(
        _("Working group data quality"), BodyKind.WORKING_GROUP, Level.OPERATIONAL,
        _("Professionals of the three owners find and fix the causes of wrong wage data."),
        "eva",
        ((TAX, "sara", None), (SSA, "daan", None), (STAT, "eva", None)),
        Frequency.MONTHLY, 13, 345, 13,
        ((_("Errors found this month"), DISC, "sara", False),
         (_("Definitions of hours worked"), DEC, "eva", False),
         (_("Checks at the intake"), INFO, "daan", False)),
        ((_("Write down the definition of hours worked"), "eva", 21),
         (_("Add the new check to the intake"), "sara", 28))),
    DemoBody(
        _("Working group chain report"), BodyKind.WORKING_GROUP, Level.OPERATIONAL,
        _("Prepares the monthly chain report: timeliness and quality per partner."), "daan",
        ((TAX, "ruud", "sara"), (SSA, "daan", None), (STAT, "eva", None)),
        Frequency.MONTHLY, 7, 170, 15,
        ((_("Figures for the report"), DISC, "daan", False),
         (_("Layout of the report"), DEC, "eva", False),
         (_("Comments from the partners"), INFO, "ruud", False)),
        ((_("Collect the figures of every partner"), "daan", 10),
         (_("Redraw the timeliness chart"), "eva", 21))),
    DemoBody(
        _("Alliance agency"), BodyKind.AGENCY, Level.OPERATIONAL,
        _("The chain office: monitors the projects, prepares the reports and serves every "
          "body as its secretary."), "kim",
        ((TAX, "tom", None),)),
]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=AMSTERDAM)


@transaction.atomic
def demo_meetings(alliance: Alliance) -> None:
    """Set up the bodies that are missing, and give the ones without meetings their year."""
    people = {p.email.split("@")[0]: p for p in Person.objects.filter(
        email__endswith="@demo.concordia.test")}
    kim, secretary = people["kim"], people[SECRETARY]
    partners = demo_partners(alliance)
    for spec in BODIES:
        body = Body.objects.filter(alliance=alliance, name=gettext(spec.name)).first()
        if body is None:
            body = _set_up(spec, alliance, kim, secretary, people, partners)
        if spec.meetings and not Meeting.objects.filter(body=body).exists():
            _year(spec, body, secretary, people, partners)


def _set_up(spec: DemoBody, alliance: Alliance, kim: Person, secretary: Person,
            people: dict[str, Person], partners: dict[str, Partner]) -> Body:
    body: Body = body_services.body_set_up(
        actor=kim, alliance=alliance, name=gettext(spec.name), kind=spec.kind,
        level=spec.level, mandate=gettext(spec.mandate),
        chair_rule=ChairRule.FIXED if spec.chair else ChairRule.ROTATING,
        chair_person=people[spec.chair] if spec.chair else None, secretary=secretary)
    # Each partner fills its own seats: the owner's the key alliance manager, the others their
    # coordinator.
    fillers = {TAX: kim, SSA: people["mila"], STAT: people["noor"]}
    for organisation, holder, substitute in spec.seats:
        seat = body_services.seat_add(actor=kim, body=body, partner=partners[organisation])
        body_services.seat_fill(actor=fillers[organisation], seat=seat, holder=people[holder],
                                substitute=people[substitute] if substitute else None)
    return body


def _year(spec: DemoBody, body: Body, secretary: Person, people: dict[str, Person],
          partners: dict[str, Partner]) -> None:
    today = timezone.localdate()
    meeting_services.series_plan(
        actor=secretary, body=body, frequency=spec.frequency,
        first_starts_at=_at(today - dt.timedelta(days=spec.first_days_ago), spec.hour),
        occurrences=spec.meetings, duration_minutes=120 if spec.level != Level.OPERATIONAL
        else 90, location=gettext("Utrecht, chain office"))
    now = timezone.now()
    meetings = list(Meeting.objects.filter(body=body).order_by("starts_at"))
    held = [m for m in meetings if m.starts_at <= now]
    seats = list(Seat.objects.filter(body=body, removed_at__isnull=True)
                 .select_related("partner__organisation", "holder", "substitute")
                 .order_by("pk"))
    previous: Minutes | None = None
    for n, meeting in enumerate(held):
        last = n == len(held) - 1
        items = _agenda(spec, meeting, n, secretary, people)
        meeting_services.agenda_publish(actor=secretary, meeting=meeting)
        entries = _attendance(spec, seats, n, len(held))
        meeting_services.attendance_record(actor=secretary, meeting=meeting, entries=entries)
        if previous is not None:
            previous.refresh_from_db()
            minutes_services.minutes_approve(actor=secretary, minutes=previous,
                                             expected_revision=previous.revision)
        previous = _minutes(meeting, items, secretary, entries, n, last)
        _actions(spec, body, meeting, items, secretary, people, partners, n, len(held),
                 today)
    for meeting in meetings[len(held):]:
        # Ahead: the first items are on the agenda; the nearest meeting's agenda is published.
        _agenda(spec, meeting, len(held), secretary, people, count=2)
        if meeting.starts_at - now < dt.timedelta(days=10):
            meeting_services.agenda_publish(actor=secretary, meeting=meeting)


def _agenda(spec: DemoBody, meeting: Meeting, n: int, secretary: Person,
            people: dict[str, Person], count: int | None = None) -> list[AgendaItem]:
    """The body's usual items (the first ones every time, the rest in turn); the secretary puts
    them on, and now and then a member proposes one that the secretary then schedules."""
    agenda = list(spec.agenda)
    count = count or min(len(agenda), 3 + n % 2)
    chosen = agenda[:2] + [agenda[2 + (n + k) % (len(agenda) - 2)] for k in range(count - 2)]
    sitters = {holder for _organisation, holder, _substitute in spec.seats}
    items = []
    for k, (title, kind, owner, confidential) in enumerate(dict.fromkeys(chosen)):
        proposer = people[owner] if k == 2 and owner in sitters else secretary
        item = meeting_services.agenda_item_propose(
            actor=proposer, meeting=meeting, title=gettext(title), kind=kind, owner=people[owner],
            time_box_minutes=(30, 20, 15, 15, 10)[k % 5], confidential=confidential)
        if proposer != secretary:
            item = meeting_services.agenda_item_schedule(actor=secretary, item=item,
                                                         on_agenda=True)
        items.append(item)
    return items


def _attendance(spec: DemoBody, seats: list[Seat], n: int, held: int
                ) -> list[meeting_services.SeatAttendance]:
    entries = []
    for k, seat in enumerate(seats):
        status, replaced_by = AttendanceStatus.PRESENT, None
        waning = (spec.kind == BodyKind.TACTICAL_TABLE
                  and demo_organisation_key(seat.partner.organisation.name) == WANING[0]
                  and n >= held - WANING[1])
        if waning and seat.substitute is not None:
            status, replaced_by = AttendanceStatus.REPLACED, seat.substitute
        elif (n + k) % 7 == 3:
            status = AttendanceStatus.ABSENT_WITH_NOTICE
        entries.append(meeting_services.SeatAttendance(seat=seat, status=status,
                                                       replaced_by=replaced_by))
    return entries


def _minutes(meeting: Meeting, items: list[AgendaItem], secretary: Person,
             entries: list[meeting_services.SeatAttendance], n: int, last: bool) -> Minutes:
    """Drafted and circulated by the secretary. Every third meeting someone present proposes a
    correction, taken over in a new version; on the latest minutes it is still open."""
    notes = {str(i.pk): gettext("%(item)s: discussed; the owner follows up.") % {"item": i.title}
             for i in items}
    minutes: Minutes = minutes_services.minutes_draft_save(
        actor=secretary, meeting=meeting,
        summary=gettext("%(body)s: the agenda was discussed in full; actions are listed below.")
        % {"body": meeting.body.name}, notes=notes, expected_revision=0)
    minutes = minutes_services.minutes_circulate(actor=secretary, minutes=minutes,
                                                 expected_revision=minutes.revision)
    present = [e.seat.holder for e in entries
               if e.status == AttendanceStatus.PRESENT and e.seat.holder is not None]
    if present and (last or n % 3 == 1):
        item = items[0]
        correction = minutes_services.correction_propose(
            actor=present[0], minutes=minutes, agenda_item=item,
            text=gettext("Add that the figures of the last week are still provisional."))
        if not last:
            minutes.refresh_from_db()
            minutes_services.correction_resolve(
                actor=secretary, correction=correction, accept=True,
                expected_revision=minutes.revision,
                notes={**notes, str(item.pk): gettext(
                    "%(item)s: discussed; the figures of the last week are still provisional.")
                    % {"item": item.title}})
        minutes.refresh_from_db()
    return minutes


def _actions(spec: DemoBody, body: Body, meeting: Meeting, items: list[AgendaItem],
             secretary: Person, people: dict[str, Person], partners: dict[str, Partner], n: int,
             held: int, today: dt.date) -> None:
    """One action per meeting from its first item, in turn from the body's list. Those due more
    than a week ago are done, except the one of the fourth meeting from the end (overdue by a
    month or two); the rest are open, some of them just overdue."""
    title, owner, days = spec.actions[n % len(spec.actions)]
    held_on = timezone.localtime(meeting.starts_at).date()
    due = held_on + dt.timedelta(days=days)
    owner_person = people.get(owner)
    action = action_services.action_create(
        actor=secretary, alliance=body.alliance, title=gettext(title), agenda_item=items[0],
        owner_person=owner_person,
        owner_partner=None if owner_person is not None else partners[owner], due_on=due)
    if due < today - dt.timedelta(days=7) and n != held - 4:
        action_services.action_close(actor=owner_person or secretary, action=action,
                                     status=ActionStatus.DONE, expected_version=action.version)
