"""Data set D, for benchmarks and load tests (never for tests): 12 organisations, 4 alliances,
1,500 people with roles across partners and levels, and per alliance its bodies with seats and
1,500 meetings over ten years, with agendas, attendance, minutes and actions.

Everything an alliance holds is written through the services, as the people who hold the roles
would write it, so the journal is what real use leaves behind. Dates lie in the past: meetings
are planned with their own dates and then held in order (agenda, attendance, minutes, approval
at the next meeting, actions); what the services stamp with the present (when an agenda was
published, minutes circulated or an action closed) carries the day the data was made.

``scale`` shrinks the whole: the number of people, and the span of years (so each body keeps its
rhythm); ``seed`` makes the choices repeatable.
"""

import datetime as dt
import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from concordia.accounts.models import Person
from concordia.actions import services as action_services
from concordia.actions.choices import ActionStatus
from concordia.actions.models import ActionItem
from concordia.alliances import services as alliance_services
from concordia.alliances.choices import Level, PartnerType, Role
from concordia.alliances.models import Alliance, Membership, Partner
from concordia.bodies import services as body_services
from concordia.bodies.choices import BodyKind, ChairRule, DecisionRule
from concordia.bodies.models import Body, Seat
from concordia.journal.models import JournalEntry
from concordia.meetings import minutes_services
from concordia.meetings import services as meeting_services
from concordia.meetings.choices import AttendanceStatus, Frequency, ItemKind, ItemStatus
from concordia.meetings.models import (
    AgendaItem,
    Attendance,
    Correction,
    Meeting,
    Minutes,
    MinutesVersion,
)
from concordia.organisations import services as organisation_services
from concordia.organisations.models import Organisation, OrganisationKind

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
EMAIL_DOMAIN = "d.concordia.test"
PEOPLE = 1500
YEARS = 10
# Meetings per alliance over ten years: board quarterly (40), tactical table monthly (120),
# agency weekly (520); the working groups share the rest of 1,500 evenly.
MEETINGS_PER_ALLIANCE = 1500
MIN_PEOPLE_PER_ORGANISATION = 18  # enough for every role a partner needs, in two alliances

BOARD = (Role.BOARD_MEMBER, Level.STRATEGIC)
MANAGER = (Role.LINE_MANAGER, Level.TACTICAL)
PROFESSIONAL = (Role.PROFESSIONAL, Level.OPERATIONAL)
OBSERVER = (Role.OBSERVER, Level.OPERATIONAL)
AGENCY = (Role.AGENCY_STAFF, Level.OPERATIONAL)
COORDINATOR = (Role.ALLIANCE_COORDINATOR, Level.TACTICAL)
REVIEWER = (Role.EXTERNAL_REVIEWER, Level.STRATEGIC)

ORGANISATIONS = [
    ("Tax Office", OrganisationKind.PUBLIC_BODY),
    ("Benefits Agency", OrganisationKind.PUBLIC_BODY),
    ("Land Registry", OrganisationKind.PUBLIC_BODY),
    ("Vehicle Authority", OrganisationKind.PUBLIC_BODY),
    ("Water Board Delta", OrganisationKind.PUBLIC_BODY),
    ("City of Eastbrook", OrganisationKind.PUBLIC_BODY),
    ("Province of Northmere", OrganisationKind.PUBLIC_BODY),
    ("Chamber of Commerce", OrganisationKind.PUBLIC_BODY),
    ("Notaries Association", OrganisationKind.NON_PROFIT),
    ("Housing Corporation Westend", OrganisationKind.NON_PROFIT),
    ("Software Cooperative", OrganisationKind.COMPANY),
    ("Mortgage Lenders Group", OrganisationKind.COMPANY),
]

# Four alliances of six partners each; alliance k is founded by organisation 3k and joined by the
# next five (round the list), so that every organisation is a partner in two alliances.
ALLIANCES = [
    ("Alliance for property data", "One register of properties, reused by every partner."),
    ("Alliance for vehicle and road data", "Vehicles registered once, taxed and insured on it."),
    ("Alliance for water and land", "Permits, levies and maps from one source."),
    ("Alliance for business registration", "A business registers once; every partner knows."),
]
PARTNERS_PER_ALLIANCE = 6
PARTNER_TYPES = [PartnerType.CORE, PartnerType.CORE, PartnerType.ECOSYSTEM,
                 PartnerType.COVENANT, PartnerType.SUPPLIER]

FIRST_NAMES = ["Anna", "Bram", "Carla", "Daan", "Eva", "Femke", "Gijs", "Hanna", "Ilse", "Joost",
               "Karin", "Lars", "Marit", "Niels", "Olga", "Pim", "Quinten", "Roos", "Sem", "Tess",
               "Umar", "Vera", "Wout", "Xena", "Yara", "Zeger"]
LAST_NAMES = ["Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos",
              "Vos", "Peters", "Hendriks", "van Dijk", "Dekker", "Brouwer", "de Wit", "Dijkstra",
              "Smits", "de Graaf", "van der Meer", "Kok", "Jacobs", "Vermeulen", "Willems"]
TOPICS = ["Delivery figures", "Data quality", "Annual plan", "Chain report", "Interfaces",
          "Budget", "Risks", "Planning of the release", "Complaints", "Privacy review",
          "Capacity", "Incident review", "Roadmap", "Evaluation", "Conference preparation",
          "Covenant", "Service levels", "Backlog", "Audit findings", "Staffing"]


@dataclass
class Clock:
    """How long each part took, and how many service calls it made."""

    seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    calls: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @contextmanager
    def part(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] += time.perf_counter() - started

    def call(self, part: str, service: Callable[..., Any], /, **kwargs: Any) -> Any:
        with self.part(part):
            self.calls[part] += 1
            return service(**kwargs)


@dataclass
class Cast:
    """Who holds which role for a partner in one alliance."""

    partner: Partner
    coordinator: Person | None = None
    board: list[Person] = field(default_factory=list)
    line_managers: list[Person] = field(default_factory=list)
    professionals: list[Person] = field(default_factory=list)
    observers: list[Person] = field(default_factory=list)


@dataclass
class AllianceCast:
    alliance: Alliance
    manager: Person
    partners: list[Cast]
    agency: list[Person] = field(default_factory=list)
    bodies: list[Body] = field(default_factory=list)


@dataclass
class BodyState:
    """What the generator remembers of a body while it holds its meetings in order."""

    body: Body
    organiser: Person
    seats: list[Seat]
    waning_partner: int | None = None  # keeps sending substitutes in the last year
    last_minutes: Minutes | None = None


def scaled(value: float, scale: float, minimum: int = 1) -> int:
    return max(minimum, round(value * scale))


def build(*, scale: float = 1.0, seed: int = 1,
          out: Callable[[str], None] = print) -> dict[str, Any]:
    """Make data set D in an empty database; returns its counts and timings."""
    if Alliance.objects.filter(name__in=[name for name, _p in ALLIANCES]).exists():
        raise ValueError("data set D is already in this database")
    rng = random.Random(seed)  # noqa: S311 - repeatable made-up data, no secrets
    clock = Clock()
    today = timezone.localdate()
    started = time.perf_counter()

    with clock.part("people"), transaction.atomic():
        organisations, people = _people(clock, rng, scaled(PEOPLE, scale,
                                                           12 * MIN_PEOPLE_PER_ORGANISATION))
    out(f"people: {sum(len(p) for p in people.values())} people in {len(organisations)} "
        f"organisations in {clock.seconds['people']:.1f} s")
    casts = []
    for k, (name, purpose) in enumerate(ALLIANCES):
        casts.append(_alliance(clock, k, name, purpose, organisations, people, today))
    out(f"alliances: {len(casts)} alliances, roles for their partners' people in "
        f"{clock.seconds['alliances'] + clock.seconds['roles']:.1f} s")
    for cast in casts:
        _bodies(clock, rng, cast)
    out(f"bodies: {sum(len(c.bodies) for c in casts)} bodies with "
        f"{Seat.objects.count()} seats in "
        f"{clock.seconds['bodies'] + clock.seconds['seats']:.1f} s")
    for cast in casts:
        before = time.perf_counter()
        meetings = _meetings(clock, rng, cast, scale, today)
        out(f"meetings: {cast.alliance.name}: {meetings} meetings held or planned in "
            f"{time.perf_counter() - before:.1f} s")
    total = time.perf_counter() - started
    parts = {k: round(v, 1) for k, v in sorted(clock.seconds.items())}
    calls = dict(sorted(clock.calls.items()))
    made = counts()
    out("time per part (s): " + ", ".join(f"{k} {v}" for k, v in parts.items()))
    out("service calls: " + ", ".join(f"{k} {v}" for k, v in calls.items()))
    out("counts: " + ", ".join(f"{k} {v}" for k, v in made.items()))
    out(f"data set D made in {total:.1f} s")
    return {"seconds": round(total, 1), "parts": parts, "calls": calls, "counts": made}


def counts() -> dict[str, int]:
    names = [name for name, _p in ALLIANCES]
    return {
        "organisations": Organisation.objects.filter(
            name__in=[n for n, _k in ORGANISATIONS]).count(),
        "alliances": Alliance.objects.filter(name__in=names).count(),
        "people": Person.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").count(),
        "roles": Membership.objects.filter(alliance__name__in=names).count(),
        "bodies": Body.objects.filter(alliance__name__in=names).count(),
        "seats": Seat.objects.filter(body__alliance__name__in=names).count(),
        "meetings": Meeting.objects.filter(body__alliance__name__in=names).count(),
        "agenda_items": AgendaItem.objects.filter(
            meeting__body__alliance__name__in=names).count(),
        "confidential_items": AgendaItem.objects.filter(
            meeting__body__alliance__name__in=names, confidential=True).count(),
        "attendance": Attendance.objects.filter(meeting__body__alliance__name__in=names).count(),
        "minutes": Minutes.objects.filter(meeting__body__alliance__name__in=names).count(),
        "minutes_approved": Minutes.objects.filter(meeting__body__alliance__name__in=names,
                                                   status="approved").count(),
        "minutes_versions": MinutesVersion.objects.filter(
            minutes__meeting__body__alliance__name__in=names).count(),
        "corrections": Correction.objects.filter(
            minutes__meeting__body__alliance__name__in=names).count(),
        "actions": ActionItem.objects.filter(alliance__name__in=names).count(),
        "actions_open": ActionItem.objects.filter(alliance__name__in=names,
                                                  status=ActionStatus.OPEN).count(),
        "actions_overdue": ActionItem.objects.filter(
            alliance__name__in=names, status=ActionStatus.OPEN,
            due_on__lt=timezone.localdate()).count(),
        "journal_entries": JournalEntry.objects.filter(alliance__name__in=names).count(),
    }


# --- people and alliances ---------------------------------------------------------------------


def _people(clock: Clock, rng: random.Random, total: int
            ) -> tuple[list[Organisation], dict[int, list[Person]]]:
    """The people, spread evenly over the organisations; the first of each registers it (and
    becomes its administrator). Nobody gets a usable password: nobody logs in as them, and
    hashing 1,500 passwords would take longer than the rest."""
    unusable = make_password(None)
    made = Person.objects.bulk_create([
        Person(email=f"person{i:04d}@{EMAIL_DOMAIN}", password=unusable, language="nl",
               full_name=f"{FIRST_NAMES[rng.randrange(len(FIRST_NAMES))]} "
                         f"{LAST_NAMES[rng.randrange(len(LAST_NAMES))]}")
        for i in range(total)])
    made = list(Person.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").order_by("email"))
    EmailAddress.objects.bulk_create([EmailAddress(user=p, email=p.email, verified=True,
                                                   primary=True) for p in made])
    people: dict[int, list[Person]] = {i: made[i::len(ORGANISATIONS)]
                                       for i in range(len(ORGANISATIONS))}
    organisations = []
    for i, (name, kind) in enumerate(ORGANISATIONS):
        admin = people[i][0]
        organisations.append(clock.call("organisations", organisation_services
                                        .organisation_register, actor=admin, name=name,
                                        kind=kind))
        Person.objects.filter(pk__in=[p.pk for p in people[i][1:]]).update(
            organisation=organisations[-1])
    for i in people:
        people[i] = list(Person.objects.filter(pk__in=[p.pk for p in people[i]]).order_by("pk"))
    return organisations, people


def _invite(clock: Clock, actor: Person, partner: Partner, person: Person, role: str,
            level: str, ends_on: dt.date | None = None) -> None:
    _invitation, raw = clock.call("roles", alliance_services.invitation_create, actor=actor,
                                  partner=partner, email=person.email, role=role, level=level,
                                  ends_on=ends_on, notify=False)
    clock.call("roles", alliance_services.invitation_accept, actor=person, raw_token=raw)


def _alliance(clock: Clock, k: int, name: str, purpose: str,
              organisations: list[Organisation], people: dict[int, list[Person]],
              today: dt.date) -> AllianceCast:
    """Found the alliance, invite its partners and give their people roles.

    An organisation's people are shared between its two alliances: the ones at even places
    take roles in the first, the others in the second, and one in five takes roles in both.
    """
    members = [(3 * k + j) % len(organisations) for j in range(PARTNERS_PER_ALLIANCE)]
    owner_index = members[0]
    manager = people[owner_index][0]
    with clock.part("alliances"), transaction.atomic():
        alliance = alliance_services.alliance_create(
            actor=manager, name=name, purpose=purpose,
            started_on=today.replace(year=today.year - YEARS, day=1))
        partners = [Partner.objects.get(alliance=alliance, organisation=organisations[owner_index])]
        for j, index in enumerate(members[1:]):
            partner = alliance_services.partner_invite(
                actor=manager, alliance=alliance, organisation=organisations[index],
                partner_type=PARTNER_TYPES[j % len(PARTNER_TYPES)])
            partners.append(alliance_services.partner_respond(
                actor=people[index][0], partner=partner, accept=True))
    casts = [Cast(partner=p) for p in partners]
    result = AllianceCast(alliance=alliance, manager=manager, partners=casts)
    review_ends = today + dt.timedelta(days=365)
    with transaction.atomic():
        for j, (cast, index) in enumerate(zip(casts, members, strict=True)):
            first_alliance = (index // 3) % len(ALLIANCES) == k
            pool = [p for n, p in enumerate(people[index][1:], start=1)
                    if (n % 2 == 0) == first_alliance or n % 5 == 0]
            owner = j == 0
            # The owner's roles are filled by the key alliance manager, its coordinator's
            # place by its board member; another partner's by its coordinator (who accepted).
            steering = manager if owner else people[index][0]
            if not owner:
                cast.coordinator = people[index][0]
            # What every partner needs first (two board members, two line managers and two
            # professionals to sit in its seats; the owner also the agency and a coordinator),
            # then more line managers and observers; everyone else is a professional.
            plan = [BOARD, BOARD, MANAGER, MANAGER, PROFESSIONAL, PROFESSIONAL]
            if owner:
                plan += [AGENCY, AGENCY, AGENCY, COORDINATOR]
            elif j == 1:
                plan += [REVIEWER]
            plan += [MANAGER, MANAGER, OBSERVER, OBSERVER, AGENCY if owner else PROFESSIONAL]
            if len(pool) < len(plan) - 5:
                raise ValueError(f"too few people for {cast.partner}: raise the scale")
            for n, person in enumerate(pool):
                role, level = plan[n] if n < len(plan) else PROFESSIONAL
                if role == Role.ALLIANCE_COORDINATOR:
                    _invite(clock, cast.board[0], cast.partner, person, role, level)
                    cast.coordinator = person
                elif role in (Role.AGENCY_STAFF, Role.EXTERNAL_REVIEWER):
                    _invite(clock, manager, cast.partner, person, role, level,
                            ends_on=review_ends if role == Role.EXTERNAL_REVIEWER else None)
                    if role == Role.AGENCY_STAFF:
                        result.agency.append(person)
                else:
                    _invite(clock, steering, cast.partner, person, role, level)
                    {Role.BOARD_MEMBER: cast.board, Role.LINE_MANAGER: cast.line_managers,
                     Role.OBSERVER: cast.observers}.get(role, cast.professionals).append(person)
    return result


# --- bodies and seats -------------------------------------------------------------------------


def _bodies(clock: Clock, rng: random.Random, cast: AllianceCast) -> None:
    """The alliance's structure: board, tactical table, two or three working groups and the
    agency, set up by the key alliance manager; each partner's seats filled by its own
    coordinator (the owner's by the key alliance manager)."""
    manager, partners = cast.manager, cast.partners
    secretary = cast.agency[0]
    groups = 3 if cast.alliance.pk % 2 else 2
    specs: list[tuple[str, str, str, str, Person | None, Person, list[int]]] = [
        ("Alliance board", BodyKind.BOARD, Level.STRATEGIC, ChairRule.ROTATING, None,
         secretary, list(range(len(partners)))),
        ("Tactical table", BodyKind.TACTICAL_TABLE, Level.TACTICAL, ChairRule.ROTATING, None,
         secretary, list(range(len(partners)))),
    ]
    for g in range(groups):
        chosen = sorted(rng.sample(range(len(partners)), 4))
        chair = partners[chosen[0]].line_managers[-1]
        specs.append((f"Working group {TOPICS[(cast.alliance.pk * 3 + g) % len(TOPICS)]}",
                      BodyKind.WORKING_GROUP, Level.OPERATIONAL, ChairRule.FIXED, chair,
                      cast.agency[1 + g % (len(cast.agency) - 1)], chosen))
    specs.append(("Alliance agency", BodyKind.AGENCY, Level.OPERATIONAL, ChairRule.FIXED,
                  manager, cast.agency[-1], [0, 1, 2]))
    for name, kind, level, chair_rule, fixed_chair, body_secretary, seated in specs:
        with transaction.atomic():
            body = clock.call("bodies", body_services.body_set_up, actor=manager,
                              alliance=cast.alliance, name=name, kind=kind, level=level,
                              mandate=f"The {name.lower()} of {cast.alliance.name}.",
                              chair_rule=chair_rule, chair_person=fixed_chair,
                              decision_rule=DecisionRule.CONSENSUS, secretary=body_secretary)
            for index in seated:
                partner_cast = partners[index]
                seat = clock.call("seats", body_services.seat_add, actor=manager, body=body,
                                  partner=partner_cast.partner)
                holder, substitute = _sitters(rng, kind, partner_cast, cast, index)
                filler = partner_cast.coordinator if index else manager
                clock.call("seats", body_services.seat_fill, actor=filler, seat=seat,
                           holder=holder, substitute=substitute)
        cast.bodies.append(body)


def _sitters(rng: random.Random, kind: str, partner: Cast, cast: AllianceCast, index: int
             ) -> tuple[Person, Person]:
    if kind == BodyKind.BOARD:
        return partner.board[0], partner.board[1]
    if kind == BodyKind.TACTICAL_TABLE:
        return partner.line_managers[0], partner.line_managers[1]
    if kind == BodyKind.AGENCY and index == 0:
        return cast.agency[1], cast.agency[2]
    holder, substitute = rng.sample(partner.professionals, 2)
    return holder, substitute


# --- meetings ---------------------------------------------------------------------------------


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=AMSTERDAM)


def _schedule(body: Body, index: int, groups: int, scale: float, today: dt.date
              ) -> list[tuple[str, int, dt.datetime]]:
    """How a body's meetings are planned: (frequency or "" for one by one, how many, first).

    The span ends a few weeks after today, so most bodies have a meeting or two ahead."""
    span_days = round(365.25 * YEARS * scale)
    end = today + dt.timedelta(days=min(42, span_days // 8))
    start = (end - dt.timedelta(days=span_days)).replace(day=1)  # series keep their day: 1-28
    if body.kind == BodyKind.BOARD:
        return [(Frequency.QUARTERLY, scaled(4 * YEARS, scale, 2), _at(start + dt.timedelta(3),
                                                                         14))]
    if body.kind == BodyKind.TACTICAL_TABLE:
        return [(Frequency.MONTHLY, scaled(12 * YEARS, scale, 2), _at(start + dt.timedelta(1),
                                                                        10))]
    if body.kind == BodyKind.AGENCY:
        return [(Frequency.WEEKLY, scaled(52 * YEARS, scale, 2), _at(start, 9))]
    per_group = (MEETINGS_PER_ALLIANCE - 4 * YEARS - 12 * YEARS - 52 * YEARS) / groups
    return [("", scaled(per_group, scale, 2), _at(start + dt.timedelta(2 + index), 13))]


def _plan(clock: Clock, body: Body, organiser: Person, frequency: str, count: int,
          first: dt.datetime, span_days: int) -> None:
    """Plan the meetings: a series a year at a time (a series holds at most 60), or one by one
    at an even interval (working groups)."""
    if not frequency:
        step = dt.timedelta(days=span_days / count)
        for n in range(count):
            starts = (first + n * step).astimezone(AMSTERDAM)
            starts = _at(starts.date(), 13)
            clock.call("meetings", meeting_services.meeting_plan, actor=organiser, body=body,
                       starts_at=starts, duration_minutes=60, location="Online")
        return
    chunk = {"weekly": 52, "monthly": 12, "quarterly": 4}[frequency]  # a year at a time
    planned = 0
    while planned < count:
        n = min(chunk, count - planned)
        after = Meeting.objects.filter(body=body).order_by("-starts_at").first()
        start = first if after is None else _next(after.starts_at, frequency)
        if n == 1:
            clock.call("meetings", meeting_services.meeting_plan, actor=organiser, body=body,
                       starts_at=start, duration_minutes=120, location="Utrecht")
        else:
            clock.call("meetings", meeting_services.series_plan, actor=organiser, body=body,
                       frequency=frequency, first_starts_at=start, occurrences=n,
                       duration_minutes=120, location="Utrecht")
        planned += n


def _next(previous: dt.datetime, frequency: str) -> dt.datetime:
    local = previous.astimezone(AMSTERDAM)
    if frequency == Frequency.WEEKLY:
        return _at(local.date() + dt.timedelta(days=7), local.hour)
    months = 1 if frequency == Frequency.MONTHLY else 3
    month = local.month - 1 + months
    year, month = local.year + month // 12, month % 12 + 1
    return _at(dt.date(year, month, min(local.day, 28)), local.hour)


def _meetings(clock: Clock, rng: random.Random, cast: AllianceCast, scale: float,
              today: dt.date) -> int:
    """Plan every body's meetings, then hold the past ones in the order they took place and
    prepare the agendas of those ahead."""
    groups = sum(1 for b in cast.bodies if b.kind == BodyKind.WORKING_GROUP)
    span_days = round(365.25 * YEARS * scale)
    states: dict[int, BodyState] = {}
    g = 0
    for body in cast.bodies:
        organiser = body.secretary or body.chair_person
        if organiser is None:
            raise ValueError(f"{body} has nobody to organise it")
        seats = list(Seat.objects.filter(body=body, removed_at__isnull=True)
                     .select_related("partner", "holder", "substitute").order_by("pk"))
        state = BodyState(body=body, organiser=organiser, seats=seats)
        if body.kind in (BodyKind.TACTICAL_TABLE, BodyKind.BOARD):
            state.waning_partner = seats[-1].partner_id
        states[body.pk] = state
        index = g if body.kind == BodyKind.WORKING_GROUP else 0
        g += body.kind == BodyKind.WORKING_GROUP
        for frequency, count, first in _schedule(body, index, max(groups, 1), scale, today):
            with transaction.atomic():
                _plan(clock, body, organiser, frequency, count, first, span_days)
    now = timezone.now()
    meetings = list(Meeting.objects.filter(body__alliance=cast.alliance)
                    .select_related("body__alliance").order_by("starts_at", "pk"))
    waning_from = now - dt.timedelta(days=min(365, span_days // 3))
    for meeting in meetings:
        state = states[meeting.body_id]
        with transaction.atomic():
            if meeting.starts_at <= now:
                _hold(clock, rng, cast, state, meeting, waning=meeting.starts_at >= waning_from)
            else:
                _prepare(clock, rng, state, meeting, now)
    return len(meetings)


def _member_sitters(state: BodyState) -> list[Person]:
    return [s.holder for s in state.seats if s.holder is not None]


def _agenda(clock: Clock, rng: random.Random, state: BodyState, meeting: Meeting,
            count: int) -> list[AgendaItem]:
    """Items proposed by the organiser (on the agenda at once) and by members (put on it, or
    now and then withdrawn by their proposer)."""
    sitters = _member_sitters(state)
    items = []
    for n, topic in enumerate(rng.sample(TOPICS, count)):
        proposer = state.organiser if n < 2 or rng.random() < 0.7 else rng.choice(sitters)
        item = clock.call(
            "agendas", meeting_services.agenda_item_propose, actor=proposer, meeting=meeting,
            title=topic, kind=rng.choice([ItemKind.DECISION, ItemKind.DISCUSSION,
                                          ItemKind.DISCUSSION, ItemKind.INFORMATION]),
            description=f"{topic} for the {state.body.name.lower()}.",
            owner=rng.choice(sitters), time_box_minutes=rng.choice([10, 15, 20, 30]),
            confidential=rng.random() < 0.1)
        if item.status == ItemStatus.PROPOSED:
            withdraw = rng.random() < 0.08
            item = clock.call("agendas", meeting_services.agenda_item_schedule,
                              actor=proposer if withdraw else state.organiser, item=item,
                              on_agenda=not withdraw)
        if item.status == ItemStatus.ON_AGENDA:
            items.append(item)
    return items


def _prepare(clock: Clock, rng: random.Random, state: BodyState, meeting: Meeting,
             now: dt.datetime) -> None:
    """A meeting ahead: a few items, the agenda published when it is within a week."""
    items = _agenda(clock, rng, state, meeting, rng.randint(1, 3))
    if items and meeting.starts_at - now < dt.timedelta(days=7):
        clock.call("agendas", meeting_services.agenda_publish, actor=state.organiser,
                   meeting=meeting)


def _attendance_for(rng: random.Random, state: BodyState, *, waning: bool
                    ) -> list[Any]:
    entries = []
    for seat in state.seats:
        if seat.holder is None:
            continue
        draw = rng.random()
        if waning and seat.partner_id == state.waning_partner:
            # A partner that keeps sending its substitute: commitment waning.
            status = AttendanceStatus.REPLACED if draw < 0.7 else (
                AttendanceStatus.ABSENT if draw < 0.85 else AttendanceStatus.PRESENT)
        else:
            status = (AttendanceStatus.PRESENT if draw < 0.86 else
                      AttendanceStatus.ABSENT_WITH_NOTICE if draw < 0.93 else
                      AttendanceStatus.ABSENT if draw < 0.96 else AttendanceStatus.REPLACED)
        if status == AttendanceStatus.REPLACED and seat.substitute is None:
            status = AttendanceStatus.ABSENT_WITH_NOTICE
        entries.append(meeting_services.SeatAttendance(
            seat=seat, status=status,
            replaced_by=seat.substitute if status == AttendanceStatus.REPLACED else None))
    return entries


def _hold(clock: Clock, rng: random.Random, cast: AllianceCast, state: BodyState,
          meeting: Meeting, *, waning: bool) -> None:
    """A meeting that took place: its agenda, who came, the minutes (circulated, corrected now
    and then, approved at the next meeting) and the actions that came out of it."""
    organiser = state.organiser
    items = _agenda(clock, rng, state, meeting, rng.randint(3, 8))
    if not items:
        return
    if len(items) > 2 and rng.random() < 0.3:
        order = meeting_services.agenda_order_of(meeting)
        rng.shuffle(order)
        clock.call("agendas", meeting_services.agenda_order, actor=organiser, meeting=meeting,
                   order=order)
    clock.call("agendas", meeting_services.agenda_publish, actor=organiser, meeting=meeting)
    entries = _attendance_for(rng, state, waning=waning)
    clock.call("attendance", meeting_services.attendance_record, actor=organiser,
               meeting=meeting, entries=entries)
    # The minutes of the previous meeting are approved now that this one has taken place.
    previous = state.last_minutes
    if previous is not None:
        previous.refresh_from_db()
        clock.call("minutes", minutes_services.minutes_approve, actor=organiser,
                   minutes=previous, expected_revision=previous.revision)
    notes = {str(i.pk): f"{i.title}: discussed; agreed to follow up." for i in items}
    minutes = clock.call("minutes", minutes_services.minutes_draft_save, actor=organiser,
                         meeting=meeting, summary=f"Meeting of the {meeting.body.name.lower()}.",
                         notes=notes, expected_revision=0)
    minutes = clock.call("minutes", minutes_services.minutes_circulate, actor=organiser,
                         minutes=minutes, expected_revision=minutes.revision)
    present = [e.seat.holder for e in entries if e.status == AttendanceStatus.PRESENT]
    if present and rng.random() < 0.1:
        item = rng.choice(items)
        correction = clock.call("minutes", minutes_services.correction_propose,
                                actor=rng.choice(present), minutes=minutes,
                                text="The figures were agreed for this quarter only.",
                                agenda_item=item)
        minutes.refresh_from_db()
        clock.call("minutes", minutes_services.correction_resolve, actor=organiser,
                   correction=correction, accept=True, expected_revision=minutes.revision,
                   notes={**notes, str(item.pk): f"{item.title}: agreed for this quarter."})
        minutes.refresh_from_db()
    state.last_minutes = minutes
    _actions(clock, rng, cast, state, meeting, items, present)


def _actions(clock: Clock, rng: random.Random, cast: AllianceCast, state: BodyState,
             meeting: Meeting, items: list[AgendaItem], present: list[Person]) -> None:
    """Zero to two actions per meeting; the older ones mostly done by now, some overdue."""
    today = timezone.localdate()
    held_on = timezone.localtime(meeting.starts_at).date()
    for item in rng.sample(items, min(len(items), rng.choice([0, 1, 1, 2]))):
        due = held_on + dt.timedelta(days=rng.choice([14, 21, 28, 42, 56]))
        by_partner = rng.random() < 0.15
        owner_person = None if by_partner or not present else rng.choice(present)
        owner_partner = rng.choice(state.seats).partner if owner_person is None else None
        action = clock.call("actions", action_services.action_create, actor=state.organiser,
                            alliance=cast.alliance, title=f"Follow up: {item.title}",
                            owner_person=owner_person, owner_partner=owner_partner,
                            due_on=due, agenda_item=item)
        age = (today - due).days
        done = rng.random() < (0.9 if age > 60 else 0.5 if age > 0 else 0.15)
        if done:
            closer = owner_person or state.organiser
            clock.call("actions", action_services.action_close, actor=closer, action=action,
                       status=ActionStatus.DONE if rng.random() < 0.93 else ActionStatus.DROPPED,
                       expected_version=action.version)
