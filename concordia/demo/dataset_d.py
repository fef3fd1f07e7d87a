"""Data set D, for benchmarks and load tests (never for tests): 12 organisations, 4 alliances,
1,500 people with roles across partners and levels, and per alliance its bodies with seats,
1,500 meetings over ten years with agendas, attendance, minutes and actions, and 7,500
decisions with 75,000 votes (data set D as a whole: 6,000 meetings, 30,000 decisions, 300,000
votes).

How it is written
    What does not grow with the scale goes through the services, as the people who hold the
    roles would write it: the organisations, the alliances and their partners, the bodies and
    their seats. Everything that grows with the scale — the roles, the meetings and all that
    hangs off them, the decisions and their votes, the notifications — is made in memory, in
    the order it would have happened, and inserted in batches (``concordia.demo.bulk``): a
    service call per row took well over an hour at full scale. The journal stays what real use
    leaves behind: each bulk part appends the entries its services would have appended, with
    the same kinds and payloads, chained from the alliance's head and sealed with the journal
    key, so that every alliance's journal verifies.

Dates
    The history is made as of the start of the day it is made (so a seed makes the same data
    all day). Meetings lie in the past (and a few weeks ahead): each is planned with its own
    date and then held in order (agenda, attendance, minutes circulated for a week and
    approved at the next meeting, actions); what happened at a meeting carries its date (an
    agenda published a few days before, minutes circulated two days after, an action closed
    when it was done). What the database stamps itself (when a row was created, when a journal
    entry was recorded) carries the day the data was made.

``scale`` shrinks the whole: the number of people, the span of years (so each body keeps its
rhythm) and the number of decisions and votes; ``seed`` makes the choices repeatable.
"""

import datetime as dt
import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from concordia.access import policy
from concordia.access.rules import present_people
from concordia.accounts.models import Person, hash_token
from concordia.actions import rules as action_rules
from concordia.actions.choices import ActionStatus
from concordia.actions.models import ActionItem
from concordia.alliances import services as alliance_services
from concordia.alliances.choices import Level, PartnerType, Role
from concordia.alliances.models import Alliance, Invitation, Membership, Partner
from concordia.bodies import services as body_services
from concordia.bodies.choices import BodyKind, ChairRule
from concordia.bodies.models import Body, Seat
from concordia.decisions.models import Decision, Vote
from concordia.journal.models import JournalEntry
from concordia.meetings import minutes_rules
from concordia.meetings import rules as meeting_rules
from concordia.meetings import services as meeting_services
from concordia.meetings.choices import (
    AttendanceStatus,
    CorrectionStatus,
    Frequency,
    ItemKind,
    ItemStatus,
    MinutesStatus,
)
from concordia.meetings.models import (
    AgendaItem,
    Attendance,
    Correction,
    Meeting,
    MeetingSeries,
    Minutes,
    MinutesVersion,
)
from concordia.meetings.selectors import rotation_order
from concordia.notifications.choices import NotificationKind
from concordia.notifications.models import Notification
from concordia.organisations import services as organisation_services
from concordia.organisations.models import Organisation, OrganisationKind
from concordia.reports import services as report_services
from concordia.reports.models import Report, Section
from concordia.scorecard import rules as scorecard_rules
from concordia.scorecard import services as scorecard_services
from concordia.scorecard.choices import Source
from concordia.scorecard.models import Indicator, Measurement

from . import dataset_d_decisions
from .bulk import JournalWriter, NotificationWriter, insert, insert_rows

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
EMAIL_DOMAIN = "d.concordia.test"
PEOPLE = 1500
YEARS = 10
# Meetings per alliance over ten years: board quarterly (40), tactical table monthly (120),
# agency weekly (520); the working groups share the rest of 1,500 evenly.
MEETINGS_PER_ALLIANCE = 1500
# Decisions and votes of the whole data set at scale 1.0.
DECISIONS = 30_000
VOTES = 300_000
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
    """How long each part took, and how many rows (or service calls) it made."""

    seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    rows: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @contextmanager
    def part(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] += time.perf_counter() - started


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
    """What the generator knows of a body while it holds its meetings in order."""

    body: Body
    organiser: Person
    seats: list[Seat]  # live seats, holder and substitute loaded
    members: list[int]  # who is invited to its meetings (meeting_services.body_member_people)
    waning_partner: int | None = None  # keeps sending substitutes in the last year
    last_minutes: Minutes | None = None
    previous_chair: int | None = None


@dataclass
class Held:
    """A meeting as it went: what the decisions are taken from."""

    meeting: Meeting
    state: BodyState
    items: list[AgendaItem]  # on the agenda
    attendance: list[Attendance]
    actions: dict[int, list[ActionItem]]  # by the agenda item's index in ``items``


@dataclass
class History:
    """One alliance's rows, made in memory in the order they happened and inserted at once."""

    series: list[MeetingSeries] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    items: list[AgendaItem] = field(default_factory=list)
    attendance: list[Attendance] = field(default_factory=list)
    minutes: list[Minutes] = field(default_factory=list)
    # A version's notes name agenda items by id: kept as (item, text) until the items have ids.
    versions: list[tuple[MinutesVersion, list[tuple[AgendaItem, str]]]] = field(
        default_factory=list)
    corrections: list[Correction] = field(default_factory=list)
    actions: list[ActionItem] = field(default_factory=list)
    held: list[Held] = field(default_factory=list)
    upcoming: list[tuple[Meeting, BodyState, list[AgendaItem]]] = field(default_factory=list)


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
    # The history is made as of the start of today: the same seed makes the same data all day.
    now = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    started = time.perf_counter()

    def report(part: str, text: str) -> None:
        out(f"{part}: {text} in {clock.seconds[part]:.1f} s")

    with clock.part("people"), transaction.atomic():
        organisations, people = _people(clock, rng, scaled(PEOPLE, scale,
                                                           12 * MIN_PEOPLE_PER_ORGANISATION))
    report("people", f"{sum(len(p) for p in people.values())} people in "
                     f"{len(organisations)} organisations")
    casts = []
    for k, (name, purpose) in enumerate(ALLIANCES):
        casts.append(_alliance(clock, k, name, purpose, organisations, people, today))
    report("alliances", f"{len(casts)} alliances with {clock.rows['partners']} partners")
    report("roles", f"{clock.rows['roles']} roles for the partners' people")
    with clock.part("bodies"):
        for cast in casts:
            _bodies(clock, rng, cast)
    report("bodies", f"{clock.rows['bodies']} bodies with {clock.rows['seats']} seats")
    notices = NotificationWriter(now=now)
    for k, cast in enumerate(casts):
        with clock.part("meetings"), transaction.atomic():
            history = _meetings(clock, rng, cast, scale, today, now, notices)
        out(f"meetings: {cast.alliance.name}: {len(history.meetings)} meetings held or "
            f"planned, {len(history.items)} agenda items, {len(history.actions)} actions "
            f"(so far {clock.seconds['meetings']:.1f} s)")
        # The alliances share the decisions and votes evenly (their sum is exact).
        share = round((k + 1) * DECISIONS * scale / len(casts)) - round(
            k * DECISIONS * scale / len(casts))
        votes = round((k + 1) * VOTES * scale / len(casts)) - round(
            k * VOTES * scale / len(casts))
        with clock.part("decisions"), transaction.atomic():
            made = dataset_d_decisions.generate(
                rng, cast=cast, held=history.held, upcoming=history.upcoming,
                decisions=share, votes=votes, now=now, notices=notices)
        clock.rows["decisions"] += made.decisions
        clock.rows["votes"] += made.votes
        clock.rows["journal"] += made.journal
        # Each alliance's notifications go in as soon as its history is made (memory).
        with clock.part("notifications"), transaction.atomic():
            clock.rows["notifications"] += notices.flush()
        out(f"decisions: {cast.alliance.name}: {made.decisions} decisions "
            f"({made.open} open), {made.votes} votes "
            f"(so far {clock.seconds['decisions']:.1f} s)")
    report("notifications", f"{clock.rows['notifications']} notifications")
    for cast in casts:
        with clock.part("scorecard"), transaction.atomic():
            _scorecard(clock, rng, cast, today, now)
    report("scorecard", f"{clock.rows['indicators']} indicators with "
                        f"{clock.rows['measurements']} quarterly values")
    for cast in casts:
        with clock.part("reports"), transaction.atomic():
            _report(clock, cast, today)
    report("reports", f"{clock.rows['reports']} reports with "
                      f"{clock.rows['sections']} sections submitted")
    total = time.perf_counter() - started
    parts = {k: round(v, 1) for k, v in sorted(clock.seconds.items())}
    rows = dict(sorted(clock.rows.items()))
    made_counts = counts()
    out("time per part (s): " + ", ".join(f"{k} {v}" for k, v in parts.items()))
    out("rows and service calls per part: " + ", ".join(f"{k} {v}" for k, v in rows.items()))
    out("counts: " + ", ".join(f"{k} {v}" for k, v in made_counts.items()))
    out(f"data set D made in {total:.1f} s")
    return {"seconds": round(total, 1), "parts": parts, "rows": rows, "counts": made_counts}


def counts() -> dict[str, int]:
    names = [name for name, _p in ALLIANCES]
    in_d = {"alliance__name__in": names}
    return {
        "organisations": Organisation.objects.filter(
            name__in=[n for n, _k in ORGANISATIONS]).count(),
        "alliances": Alliance.objects.filter(name__in=names).count(),
        "people": Person.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").count(),
        "roles": Membership.objects.filter(**in_d).count(),
        "bodies": Body.objects.filter(**in_d).count(),
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
        "actions": ActionItem.objects.filter(**in_d).count(),
        "actions_open": ActionItem.objects.filter(status=ActionStatus.OPEN, **in_d).count(),
        "actions_overdue": ActionItem.objects.filter(
            status=ActionStatus.OPEN, due_on__lt=timezone.localdate(), **in_d).count(),
        "decisions": Decision.objects.filter(**in_d).count(),
        "decisions_open": Decision.objects.filter(status="open", **in_d).count(),
        "votes": Vote.objects.filter(decision__alliance__name__in=names).count(),
        "notifications": Notification.objects.filter(**in_d).count(),
        "journal_entries": JournalEntry.objects.filter(**in_d).count(),
        "indicators": Indicator.objects.filter(**in_d).count(),
        "measurements": Measurement.objects.filter(indicator__alliance__name__in=names).count(),
        "reports": Report.objects.filter(**in_d).count(),
        "reports_approved": Report.objects.filter(approved_at__isnull=False, **in_d).count(),
        "sections_submitted": Section.objects.filter(
            report__alliance__name__in=names, submitted_at__isnull=False).count(),
    }


# --- people and alliances ---------------------------------------------------------------------


def _people(clock: Clock, rng: random.Random, total: int
            ) -> tuple[list[Organisation], dict[int, list[Person]]]:
    """The people, spread evenly over the organisations; the first of each registers it (and
    becomes its administrator). Nobody gets a usable password: nobody logs in as them, and
    hashing 1,500 passwords would take longer than the rest."""
    unusable = make_password(None)
    Person.objects.bulk_create([
        Person(email=f"person{i:04d}@{EMAIL_DOMAIN}", password=unusable, language="nl",
               full_name=f"{FIRST_NAMES[rng.randrange(len(FIRST_NAMES))]} "
                         f"{LAST_NAMES[rng.randrange(len(LAST_NAMES))]}")
        for i in range(total)], batch_size=1000)
    made = list(Person.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").order_by("email"))
    EmailAddress.objects.bulk_create([EmailAddress(user=p, email=p.email, verified=True,
                                                   primary=True) for p in made],
                                     batch_size=1000)
    people: dict[int, list[Person]] = {i: made[i::len(ORGANISATIONS)]
                                       for i in range(len(ORGANISATIONS))}
    organisations = []
    for i, (name, kind) in enumerate(ORGANISATIONS):
        admin = people[i][0]
        organisations.append(organisation_services.organisation_register(
            actor=admin, name=name, kind=kind))
        clock.rows["organisations"] += 1
        Person.objects.filter(pk__in=[p.pk for p in people[i][1:]]).update(
            organisation=organisations[-1])
    for i in people:
        people[i] = list(Person.objects.filter(pk__in=[p.pk for p in people[i]]).order_by("pk"))
    return organisations, people


@dataclass
class _Grant:
    """A role given by invitation and accepted at once (invitation_create, invitation_accept)."""

    inviter: Person
    partner: Partner
    person: Person
    role: str
    level: str
    ends_on: dt.date | None = None


def _grant_roles(grants: list[_Grant], alliance: Alliance, now: dt.datetime,
                 expires_at: dt.datetime) -> None:
    """Each role as an invitation taken up the moment it was made: the invitation (its token
    never existed: the hash is of a made-up value), the role, and the journal's PersonInvited
    and RoleGranted entries in that order."""
    invitations = [Invitation(alliance=alliance, partner=g.partner, email=g.person.email,
                              role=g.role, level=g.level, ends_on=g.ends_on,
                              token_hash=hash_token(f"dataset-d:{alliance.pk}:{n}"),
                              invited_by=g.inviter, expires_at=expires_at, accepted_at=now,
                              accepted_by=g.person)
                   for n, g in enumerate(grants)]
    memberships = [Membership(alliance=alliance, partner=g.partner, person=g.person, role=g.role,
                              level=g.level, ends_on=g.ends_on) for g in grants]
    insert(Invitation, invitations)
    insert(Membership, memberships)
    journal = JournalWriter(alliance.pk)
    for grant, invitation, membership in zip(grants, invitations, memberships, strict=True):
        payload = {"person": grant.person.email, "partner": grant.partner.organisation.name,
                   "role": grant.role, "level": grant.level,
                   "ends_on": grant.ends_on.isoformat() if grant.ends_on else None}
        journal.add("PersonInvited", actor=grant.inviter, subject=invitation, payload=payload)
        journal.add("RoleGranted", actor=grant.inviter, subject=membership, payload=payload)
    journal.flush()


def _alliance(clock: Clock, k: int, name: str, purpose: str,
              organisations: list[Organisation], people: dict[int, list[Person]],
              today: dt.date) -> AllianceCast:
    """Found the alliance and invite its partners (through the services), then give their
    people roles (in bulk, journaled as the invitations and acceptances would be).

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
        partners = [Partner.objects.select_related("organisation").get(
            alliance=alliance, organisation=organisations[owner_index])]
        for j, index in enumerate(members[1:]):
            partner = alliance_services.partner_invite(
                actor=manager, alliance=alliance, organisation=organisations[index],
                partner_type=PARTNER_TYPES[j % len(PARTNER_TYPES)])
            partners.append(alliance_services.partner_respond(
                actor=people[index][0], partner=partner, accept=True))
        clock.rows["partners"] += len(partners)
    casts = [Cast(partner=p) for p in partners]
    result = AllianceCast(alliance=alliance, manager=manager, partners=casts)
    review_ends = today + dt.timedelta(days=365)
    grants: list[_Grant] = []
    for j, (cast, index) in enumerate(zip(casts, members, strict=True)):
        first_alliance = (index // 3) % len(ALLIANCES) == k
        pool = [p for n, p in enumerate(people[index][1:], start=1)
                if (n % 2 == 0) == first_alliance or n % 5 == 0]
        owner = j == 0
        # The owner's roles are filled by the key alliance manager, its coordinator's place by
        # its board member; another partner's by its coordinator (who accepted).
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
                grants.append(_Grant(cast.board[0], cast.partner, person, role, level))
                cast.coordinator = person
            elif role in (Role.AGENCY_STAFF, Role.EXTERNAL_REVIEWER):
                grants.append(_Grant(manager, cast.partner, person, role, level,
                                     review_ends if role == Role.EXTERNAL_REVIEWER else None))
                if role == Role.AGENCY_STAFF:
                    result.agency.append(person)
            else:
                grants.append(_Grant(steering, cast.partner, person, role, level))
                {Role.BOARD_MEMBER: cast.board, Role.LINE_MANAGER: cast.line_managers,
                 Role.OBSERVER: cast.observers}.get(role, cast.professionals).append(person)
    with clock.part("roles"), transaction.atomic():
        now = timezone.now()
        _grant_roles(grants, alliance, now, now + dt.timedelta(days=14))
    clock.rows["roles"] += len(grants)
    return result


# --- bodies and seats -------------------------------------------------------------------------


def _bodies(clock: Clock, rng: random.Random, cast: AllianceCast) -> None:
    """The alliance's structure, through the services: board, tactical table, two or three
    working groups and the agency, set up by the key alliance manager; each partner's seats
    filled by its own coordinator (the owner's by the key alliance manager). Each body decides
    by its own rule (dataset_d_decisions.RULES)."""
    # Fresh rows: the roles were given in bulk, and nobody's access may come from a cache.
    fresh = Person.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").in_bulk()
    manager = fresh[cast.manager.pk]
    partners = cast.partners
    secretary = fresh[cast.agency[0].pk]
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
            body = body_services.body_set_up(
                actor=manager, alliance=cast.alliance, name=name, kind=kind, level=level,
                mandate=f"The {name.lower()} of {cast.alliance.name}.", chair_rule=chair_rule,
                chair_person=fresh[fixed_chair.pk] if fixed_chair else None,
                secretary=fresh[body_secretary.pk],
                **dataset_d_decisions.rule_arguments(kind, len(cast.bodies), partners))
            clock.rows["bodies"] += 1
            for index in seated:
                partner_cast = partners[index]
                seat = body_services.seat_add(actor=manager, body=body,
                                              partner=partner_cast.partner)
                holder, substitute = _sitters(rng, kind, partner_cast, cast, index)
                filler = partner_cast.coordinator if index else manager
                body_services.seat_fill(actor=fresh[(filler or manager).pk], seat=seat,
                                        holder=fresh[holder.pk],
                                        substitute=fresh[substitute.pk])
                clock.rows["seats"] += 1
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


def _next(previous: dt.datetime, frequency: str) -> dt.datetime:
    local = previous.astimezone(AMSTERDAM)
    if frequency == Frequency.WEEKLY:
        return _at(local.date() + dt.timedelta(days=7), local.hour)
    months = 1 if frequency == Frequency.MONTHLY else 3
    month = local.month - 1 + months
    year, month = local.year + month // 12, month % 12 + 1
    return _at(dt.date(year, month, min(local.day, 28)), local.hour)


def _meeting_payload(meeting: Meeting, **extra: Any) -> dict[str, Any]:
    """As meetings.services writes a meeting into the journal."""
    return {"body": meeting.body.name, "body_id": meeting.body_id,
            "starts_at": timezone.localtime(meeting.starts_at).isoformat(),
            "title": meeting.title, "meeting_id": meeting.pk, **extra}


def _item_payload(item: AgendaItem, name: str, **extra: Any) -> dict[str, Any]:
    """``name``: how the journal named the item then (meeting_rules.journal_item_name: a
    confidential one by its place on the agenda at that moment)."""
    return _meeting_payload(item.meeting, item=name, item_id=item.pk,
                            confidential=item.confidential, **extra)


def _item_name(item: AgendaItem) -> str:
    return meeting_rules.journal_item_name(title=item.title, position=item.position,
                                           confidential=item.confidential)


def _minutes_payload(meeting: Meeting, **extra: Any) -> dict[str, Any]:
    """As meetings.minutes_services writes minutes into the journal."""
    payload: dict[str, Any] = {"body": meeting.body.name,
                               "starts_at": meeting.starts_at.isoformat()}
    if meeting.title:
        payload["title"] = meeting.title
    payload.update(extra)
    return payload


def _action_payload(action: ActionItem, owner: str, **extra: Any) -> dict[str, Any]:
    """As actions.services writes an action into the journal."""
    return {"title": action.title, "owner": owner,
            "due_on": action.due_on.isoformat() if action.due_on else None, **extra}


def _series_payload(series: MeetingSeries, meetings: list[Meeting]) -> dict[str, Any]:
    return _meeting_payload(
        meetings[0], series_id=series.pk, frequency=series.frequency,
        meetings=[{"meeting_id": m.pk, "starts_at": timezone.localtime(m.starts_at).isoformat(),
                   "chair_partner_id": m.chair_partner_id, "chair_person_id": m.chair_person_id}
                  for m in meetings])


def _order_payload(meeting: Meeting, items: list[AgendaItem]) -> dict[str, Any]:
    return _meeting_payload(meeting, order=[i.pk for i in items])


def _with_id(template: str, row: models.Model) -> str:
    """A notification's key, once the row it is about has its id: ``template`` with {id}."""
    return template.format(id=row.pk)


def _path(name: str, row: models.Model, alliance_id: int, id_name: str) -> str:
    return reverse(name, kwargs={"pk": alliance_id, id_name: row.pk})


def _meeting_url(meeting: Meeting) -> Callable[[], str]:
    return partial(_path, "meeting_detail", meeting, meeting.body.alliance_id, "meeting_pk")


def _minutes_url(meeting: Meeting) -> Callable[[], str]:
    return partial(_path, "minutes_detail", meeting, meeting.body.alliance_id, "meeting_pk")


def _assigned_key(action: ActionItem, owner_key: str) -> str:
    return action_rules.assigned_key(action.pk, owner_key)


class _Ctx:
    """What every step of one alliance's history writes to."""

    def __init__(self, cast: AllianceCast, rng: random.Random, now: dt.datetime,
                 notices: NotificationWriter) -> None:
        self.cast, self.rng, self.now = cast, rng, now
        self.alliance = cast.alliance
        self.journal = JournalWriter(cast.alliance.pk)
        self.notices = notices
        self.history = History()
        self.coordinators: dict[int, list[int]] = {}

    def notify(self, people: Any, *, kind: str, key: Callable[[], str] | str,
               params: dict[str, Any], url: Callable[[], str] | str, when: dt.datetime) -> None:
        self.notices.add(people, alliance_id=self.alliance.pk, kind=kind, key=key,
                         params=params, url=url, when=when)


def _meetings(clock: Clock, rng: random.Random, cast: AllianceCast, scale: float,
              today: dt.date, now: dt.datetime, notices: NotificationWriter) -> History:
    """Plan every body's meetings, then hold the past ones in the order they took place and
    prepare the agendas of those ahead; insert it all and append its journal."""
    ctx = _Ctx(cast, rng, now, notices)
    for partner_id, person_id in Membership.objects.filter(
            alliance=cast.alliance, role=Role.ALLIANCE_COORDINATOR,
            revoked_at__isnull=True).values_list("partner_id", "person_id"):
        ctx.coordinators.setdefault(partner_id, []).append(person_id)
    groups = sum(1 for b in cast.bodies if b.kind == BodyKind.WORKING_GROUP)
    span_days = round(365.25 * YEARS * scale)
    states: dict[int, BodyState] = {}
    g = 0
    bodies = list(Body.objects.filter(pk__in=[b.pk for b in cast.bodies])
                  .select_related("alliance", "secretary", "chair_person").order_by("pk"))
    for body in bodies:
        organiser = body.secretary or body.chair_person
        if organiser is None:
            raise ValueError(f"{body} has nobody to organise it")
        seats = list(Seat.objects.filter(body=body, removed_at__isnull=True)
                     .select_related("partner__organisation", "holder", "substitute")
                     .order_by("partner__organisation__name", "position", "pk"))
        members = [p.pk for p in meeting_services.body_member_people(body)]
        state = BodyState(body=body, organiser=organiser, seats=seats, members=members)
        if body.kind in (BodyKind.TACTICAL_TABLE, BodyKind.BOARD):
            state.waning_partner = seats[-1].partner_id
        states[body.pk] = state
        index = g if body.kind == BodyKind.WORKING_GROUP else 0
        g += body.kind == BodyKind.WORKING_GROUP
        for frequency, count, first in _schedule(body, index, max(groups, 1), scale, today):
            _plan(ctx, state, frequency, count, first, span_days)
    history = ctx.history
    waning_from = now - dt.timedelta(days=min(365, span_days // 3))
    for meeting in sorted(history.meetings, key=lambda m: (m.starts_at, m.body_id)):
        state = states[meeting.body_id]
        if meeting.starts_at <= now:
            _hold(ctx, state, meeting, waning=meeting.starts_at >= waning_from)
        else:
            _prepare(ctx, state, meeting)
    _write(ctx)
    clock.rows["meetings"] += len(history.meetings)
    clock.rows["agenda_items"] += len(history.items)
    clock.rows["journal"] += ctx.journal.written
    return history


def _plan(ctx: _Ctx, state: BodyState, frequency: str, count: int, first: dt.datetime,
          span_days: int) -> None:
    """Plan the meetings as meeting_plan and series_plan would: a series a year at a time (a
    series holds at most 60), or one by one at an even interval (working groups); the chair by
    the body's rule (the rotation goes on from the last meeting's chair)."""
    body, organiser = state.body, state.organiser
    rotation = rotation_order(body)
    seated = {s.partner_id for s in state.seats if s.holder_id is not None}

    def chairs(n: int) -> list[int | None]:
        if body.chair_rule == ChairRule.FIXED:
            return [None] * n
        made = meeting_rules.rotating_chairs(rotation, state.previous_chair, n, seated)
        state.previous_chair = made[-1] if made else state.previous_chair
        return made

    def meeting(starts_at: dt.datetime, chair: int | None, series: MeetingSeries | None,
                duration: int, location: str) -> Meeting:
        made = Meeting(body=body, series=series, starts_at=starts_at,
                       duration_minutes=duration, location=location,
                       chair_partner_id=chair,
                       chair_person_id=body.chair_person_id
                       if body.chair_rule == ChairRule.FIXED else None)
        ctx.history.meetings.append(made)
        return made

    if not frequency:
        step = dt.timedelta(days=span_days / count)
        for n in range(count):
            starts = _at((first + n * step).astimezone(AMSTERDAM).date(), 13)
            (chair,) = chairs(1)
            made = meeting(starts, chair, None, 60, "Online")
            ctx.journal.add("MeetingPlanned", actor=organiser, subject=made,
                            payload=partial(_meeting_payload, made,
                                            chair_partner_id=made.chair_partner_id,
                                            chair_person_id=made.chair_person_id))
            ctx.notify(state.members, kind=NotificationKind.MEETING_INVITED,
                       key=partial(_with_id, "meeting_invited:{id}", made),
                       params={"meeting": meeting_services.meeting_label(made)},
                       url=_meeting_url(made), when=starts - dt.timedelta(days=30))
        return
    chunk = {"weekly": 52, "monthly": 12, "quarterly": 4}[frequency]  # a year at a time
    planned, start = 0, first
    while planned < count:
        n = min(chunk, count - planned)
        dates = meeting_rules.series_dates(start, frequency, n)
        planned_at = start - dt.timedelta(days=30)
        if n == 1:
            (chair,) = chairs(1)
            made = meeting(dates[0], chair, None, 120, "Utrecht")
            ctx.journal.add("MeetingPlanned", actor=organiser, subject=made,
                            payload=partial(_meeting_payload, made,
                                            chair_partner_id=made.chair_partner_id,
                                            chair_person_id=made.chair_person_id))
            ctx.notify(state.members, kind=NotificationKind.MEETING_INVITED,
                       key=partial(_with_id, "meeting_invited:{id}", made),
                       params={"meeting": meeting_services.meeting_label(made)},
                       url=_meeting_url(made), when=planned_at)
        else:
            series = MeetingSeries(body=body, frequency=frequency, first_starts_at=dates[0],
                                   occurrences=n, created_by=organiser)
            ctx.history.series.append(series)
            made_all = [meeting(d, c, series, 120, "Utrecht")
                        for d, c in zip(dates, chairs(n), strict=True)]
            ctx.journal.add("MeetingSeriesPlanned", actor=organiser, subject=series,
                            payload=partial(_series_payload, series, made_all))
            label = _("%(body)s, %(n)d meetings from %(when)s") % {
                "body": body.name, "n": n,
                "when": timezone.localtime(dates[0]).strftime("%Y-%m-%d %H:%M")}
            ctx.notify(state.members, kind=NotificationKind.MEETING_INVITED,
                       key=partial(_with_id, "series_invited:{id}", series),
                       params={"meeting": label}, url=_meeting_url(made_all[0]),
                       when=planned_at)
        planned += n
        start = _next(dates[-1], frequency)


def _member_sitters(state: BodyState) -> list[Person]:
    return [s.holder for s in state.seats if s.holder is not None]


def _organises(state: BodyState, person: Person) -> bool:
    body = state.body
    return person.pk in (body.secretary_id, body.chair_person_id)


def _agenda(ctx: _Ctx, state: BodyState, meeting: Meeting, count: int) -> list[AgendaItem]:
    """Items proposed by the organiser (on the agenda at once) and by members (put on it, or
    now and then withdrawn by their proposer)."""
    rng = ctx.rng
    sitters = _member_sitters(state)
    items = []
    for n, topic in enumerate(rng.sample(TOPICS, count)):
        proposer = state.organiser if n < 2 or rng.random() < 0.7 else rng.choice(sitters)
        kind = rng.choice([ItemKind.DECISION, ItemKind.DISCUSSION, ItemKind.DISCUSSION,
                           ItemKind.INFORMATION])
        item = AgendaItem(meeting=meeting, position=n + 1, title=topic, kind=kind,
                          description=f"{topic} for the {state.body.name.lower()}.",
                          owner=rng.choice(sitters), time_box_minutes=rng.choice([10, 15, 20, 30]),
                          confidential=rng.random() < 0.1, proposed_by=proposer,
                          status=ItemStatus.ON_AGENDA if _organises(state, proposer)
                          else ItemStatus.PROPOSED)
        ctx.history.items.append(item)
        ctx.journal.add("AgendaItemProposed", actor=proposer, subject=item,
                        payload=partial(_item_payload, item, _item_name(item), kind=item.kind,
                                        status=item.status))
        if item.status == ItemStatus.PROPOSED:
            withdraw = rng.random() < 0.08
            item.status = ItemStatus.WITHDRAWN if withdraw else ItemStatus.ON_AGENDA
            item.version += 1
            ctx.journal.add("AgendaItemChanged", actor=proposer if withdraw else state.organiser,
                            subject=item,
                            payload=partial(_item_payload, item, _item_name(item),
                                            status=item.status, version=item.version))
        if item.status == ItemStatus.ON_AGENDA:
            items.append(item)
    return items


def _publish(ctx: _Ctx, state: BodyState, meeting: Meeting, items: list[AgendaItem],
             when: dt.datetime) -> None:
    meeting.agenda_published_at = when
    ctx.journal.add("AgendaPublished", actor=state.organiser, subject=meeting,
                    payload=partial(_meeting_payload, meeting, items=len(items)))
    ctx.notify(state.members, kind=NotificationKind.AGENDA_PUBLISHED,
               key=partial(_with_id, f"agenda_published:{{id}}:{meeting.sequence}", meeting),
               params={"meeting": meeting_services.meeting_label(meeting)},
               url=_meeting_url(meeting), when=when)


def _prepare(ctx: _Ctx, state: BodyState, meeting: Meeting) -> None:
    """A meeting ahead: a few items, the agenda published when it is within a week."""
    items = _agenda(ctx, state, meeting, ctx.rng.randint(1, 3))
    if items and meeting.starts_at - ctx.now < dt.timedelta(days=7):
        _publish(ctx, state, meeting, items, ctx.now - dt.timedelta(hours=1))
    ctx.history.upcoming.append((meeting, state, items))


def _attendance_for(ctx: _Ctx, state: BodyState, meeting: Meeting, *, waning: bool
                    ) -> list[Attendance]:
    rng = ctx.rng
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
        entries.append(Attendance(
            meeting=meeting, seat=seat, holder_id=seat.holder_id, status=status,
            replaced_by=seat.substitute if status == AttendanceStatus.REPLACED else None,
            recorded_by=state.organiser))
    return entries


def _hold(ctx: _Ctx, state: BodyState, meeting: Meeting, *, waning: bool) -> None:
    """A meeting that took place: its agenda, who came, the minutes (circulated, corrected now
    and then, approved at the next meeting) and the actions that came out of it."""
    rng, organiser, history, now = ctx.rng, state.organiser, ctx.history, ctx.now
    items = _agenda(ctx, state, meeting, rng.randint(3, 8))
    if not items:
        return
    if len(items) > 2 and rng.random() < 0.3:
        rng.shuffle(items)
        for position, item in enumerate(items, start=1):
            item.position = position
        ctx.journal.add("AgendaOrdered", actor=organiser, subject=meeting,
                        payload=partial(_order_payload, meeting, list(items)))
    else:
        items.sort(key=lambda i: i.position)
    _publish(ctx, state, meeting, items, min(meeting.starts_at - dt.timedelta(days=5), now))
    entries = _attendance_for(ctx, state, meeting, waning=waning)
    history.attendance += entries
    body = state.body
    seats = [{"seat_id": e.seat.pk, "partner_id": e.seat.partner_id, "status": e.status,
              "replaced_by_id": e.replaced_by_id,
              "against_rule": meeting_rules.replacement_against_rule(
                  status=e.status, substitutes_may_attend=body.substitutes_may_attend)}
             for e in entries]
    ctx.journal.add("AttendanceRecorded", actor=organiser, subject=meeting,
                    payload=partial(_meeting_payload, meeting, seats=seats))
    held_at = meeting.starts_at + dt.timedelta(hours=2)
    # The minutes of the previous meeting are approved now that this one has taken place.
    previous = state.last_minutes
    if previous is not None:
        previous.status = MinutesStatus.APPROVED
        previous.approved_at = min(held_at, now)
        previous.approved_by = organiser
        previous.approved_in = meeting
        previous.revision += 1
        ctx.journal.add("MinutesApproved", actor=organiser, subject=previous,
                        payload=_minutes_payload(previous.meeting, version=previous.version,
                                                 approved_in=meeting.starts_at.isoformat()))
        members = {s.holder_id for s in state.seats} | {s.substitute_id for s in state.seats}
        members |= {body.secretary_id}
        ctx.notify([p for p in members if p], kind=NotificationKind.MINUTES_APPROVED,
                   key=partial(_with_id, "minutes-approved:{id}", previous),
                   params={"meeting": _minutes_label(previous.meeting)},
                   url=_minutes_url(previous.meeting), when=held_at)
    notes = [(i, f"{i.title}: discussed; agreed to follow up.") for i in items]
    minutes = Minutes(meeting=meeting, status=MinutesStatus.DRAFT, version=1, revision=1)
    history.minutes.append(minutes)
    history.versions.append((MinutesVersion(minutes=minutes, number=1,
                                            summary=f"Meeting of the {body.name.lower()}.",
                                            written_by=organiser), notes))
    ctx.journal.add("MinutesDrafted", actor=organiser, subject=minutes,
                    payload=_minutes_payload(meeting, version=1))
    circulated_at = min(meeting.starts_at + dt.timedelta(days=2), now)
    minutes.status = MinutesStatus.CIRCULATED
    minutes.circulated_at = circulated_at
    minutes.corrections_until = minutes_rules.corrections_until(
        timezone.localtime(circulated_at).date())
    minutes.revision += 1
    ctx.journal.add("MinutesCirculated", actor=organiser, subject=minutes,
                    payload=_minutes_payload(
                        meeting, version=1,
                        corrections_until=minutes.corrections_until.isoformat()))
    present = present_people((e.status, e.holder_id, e.replaced_by_id) for e in entries)
    ctx.notify(present, kind=NotificationKind.MINUTES_TO_REVIEW,
               key=partial(_with_id, "minutes-to-review:{id}", minutes),
               params={"meeting": _minutes_label(meeting),
                       "until": minutes.corrections_until.isoformat()},
               url=_minutes_url(meeting), when=circulated_at)
    holders_present = [e.seat.holder for e in entries if e.status == AttendanceStatus.PRESENT]
    if holders_present and rng.random() < 0.1:
        item = rng.choice(items)
        proposer = rng.choice(holders_present)
        resolved_at = min(circulated_at + dt.timedelta(days=3), now)
        correction = Correction(minutes=minutes, version=1, agenda_item=item,
                                text="The figures were agreed for this quarter only.",
                                proposed_by=proposer, status=CorrectionStatus.ACCEPTED,
                                resolved_by=organiser,
                                resolved_at=resolved_at)
        history.corrections.append(correction)
        minutes.revision += 1
        label = _item_name(item)
        ctx.journal.add("CorrectionProposed", actor=proposer, subject=correction,
                        payload=_minutes_payload(meeting, version=1, item=label))
        minutes.version += 1
        minutes.revision += 1
        corrected = [(i, f"{i.title}: agreed for this quarter.") if i is item else (i, text)
                     for i, text in notes]
        history.versions.append((MinutesVersion(minutes=minutes, number=2,
                                                summary=f"Meeting of the {body.name.lower()}.",
                                                written_by=organiser), corrected))
        ctx.journal.add("CorrectionResolved", actor=organiser, subject=correction,
                        payload=_minutes_payload(meeting, accepted=True, version=2, item=label))
    state.last_minutes = minutes
    held = Held(meeting=meeting, state=state, items=items, attendance=entries, actions={})
    history.held.append(held)
    _actions(ctx, state, held, [e.seat.holder for e in entries
                                if e.status == AttendanceStatus.PRESENT and e.seat.holder])


def _minutes_label(meeting: Meeting) -> str:
    return f"{meeting.body.name} {timezone.localtime(meeting.starts_at):%Y-%m-%d}"


def _actions(ctx: _Ctx, state: BodyState, held: Held, present: list[Person]) -> None:
    """Zero to two actions per meeting; the older ones mostly done by now, some overdue."""
    rng, now = ctx.rng, ctx.now
    today = timezone.localdate(now)
    meeting, items = held.meeting, held.items
    held_on = timezone.localtime(meeting.starts_at).date()
    body = state.body
    for index in rng.sample(range(len(items)), min(len(items), rng.choice([0, 1, 1, 2]))):
        item = items[index]
        due = held_on + dt.timedelta(days=rng.choice([14, 21, 28, 42, 56]))
        by_partner = rng.random() < 0.15
        owner_person = None if by_partner or not present else rng.choice(present)
        owner_partner = rng.choice(state.seats).partner if owner_person is None else None
        action = ActionItem(alliance=ctx.alliance, body=body, agenda_item=item,
                            title=f"Follow up: {item.title}", owner_person=owner_person,
                            owner_partner=owner_partner, due_on=due,
                            created_by=state.organiser)
        ctx.history.actions.append(action)
        held.actions.setdefault(index, []).append(action)
        owner = (owner_partner.organisation.name if owner_partner is not None
                 else str(owner_person))
        ctx.journal.add("ActionAssigned", actor=state.organiser, subject=action,
                        payload=_action_payload(action, owner, body=body.name))
        owner_key = (f"partner:{owner_partner.pk}" if owner_partner is not None
                     else f"person:{owner_person.pk if owner_person else ''}")
        told = (ctx.coordinators.get(owner_partner.pk, []) if owner_partner is not None
                else [owner_person.pk] if owner_person is not None else [])
        ctx.notify(told, kind=NotificationKind.ACTION_ASSIGNED,
                   key=partial(_assigned_key, action, owner_key),
                   params={"action": action.title, "due_on": due.isoformat()},
                   url=partial(_path, "action_detail", action, ctx.alliance.pk, "action_pk"),
                   when=meeting.starts_at + dt.timedelta(hours=3))
        age = (today - due).days
        done = rng.random() < (0.9 if age > 60 else 0.5 if age > 0 else 0.15)
        if done:
            closer = owner_person or state.organiser
            action.status = ActionStatus.DONE if rng.random() < 0.93 else ActionStatus.DROPPED
            worked = dt.timedelta(days=rng.randint(3, max(4, (due - held_on).days + 14)))
            action.closed_at = min(meeting.starts_at + worked, now)
            action.version += 1
            ctx.journal.add("ActionClosed", actor=closer, subject=action,
                            payload=_action_payload(action, owner, status=action.status))


def _write(ctx: _Ctx) -> None:
    """Insert the alliance's history, parents first, then its journal."""
    history = ctx.history
    insert(MeetingSeries, history.series)
    insert(Meeting, history.meetings)
    insert(AgendaItem, history.items)
    insert_rows(Attendance, history.attendance)
    insert(Minutes, history.minutes)
    versions = []
    for version, notes in history.versions:
        version.notes = {str(item.pk): text for item, text in notes}
        versions.append(version)
    insert_rows(MinutesVersion, versions)
    insert(Correction, history.corrections)
    insert(ActionItem, history.actions)
    ctx.journal.flush()


# --- the scorecard ----------------------------------------------------------------------------

INDICATORS = 8  # a scorecard keeps focus: the page warns past eight
PERIODS = 40  # quarters: ten years
INDICATOR_NAMES = ["Reports on time", "Data quality score", "Days to resolve an error",
                   "Shared services used", "Partners satisfied", "Cost per report",
                   "Open bottlenecks", "Interfaces in production"]


def _scorecard(clock: Clock, rng: random.Random, cast: AllianceCast, today: dt.date,
               now: dt.datetime) -> None:
    """Eight quarterly indicators (defined with a target through the services, each owned by a
    partner in turn) and forty quarters of values up to last quarter, inserted in bulk and
    journaled as an upload by the owning partner's coordinator would be."""
    year, quarter = today.year, (today.month - 1) // 3 + 1
    last = year * 4 + quarter - 2  # last quarter, as an ordinal
    periods = [scorecard_rules.Period(scorecard_rules.PeriodKind.QUARTER, o // 4, o % 4 + 1)
               for o in range(last - PERIODS + 1, last + 1)]
    journal = JournalWriter(cast.alliance.pk)
    rows: list[Measurement] = []
    for i, name in enumerate(INDICATOR_NAMES[:INDICATORS]):
        owner = cast.partners[i % len(cast.partners)]
        higher = i % 3 != 2
        target = rng.randint(50, 95)
        indicator = scorecard_services.indicator_define(
            actor=cast.manager, alliance=cast.alliance, name=name,
            definition=f"{name}, measured each quarter by the owning partner.",
            unit="%" if higher else "days", direction="higher" if higher else "lower",
            period_kind="quarter", owner_partner=owner.partner, owner_person=owner.coordinator,
            source="Partner registers", target=target, target_from=str(periods[0]))
        clock.rows["indicators"] += 1
        writer = owner.coordinator or cast.manager
        value = target * rng.uniform(0.7, 1.0)
        for period in periods:
            value = max(0.0, value + rng.uniform(-4, 5 if higher else 3))
            amount = scorecard_rules.parse_value(f"{value:.1f}")
            first, _last = _quarter_bounds(period.year, period.index)
            rows.append(Measurement(
                indicator=indicator, period=str(period), value=amount, version=1,
                current=True, source=Source.UPLOAD, entered_by=writer,
                entered_at=min(now, _at(first + dt.timedelta(days=100), 10))))
    insert(Measurement, rows)
    for m in rows:
        journal.add("MeasurementRecorded", actor=m.entered_by, subject=m, payload={
            "indicator": m.indicator_id, "name": m.indicator.name, "period": m.period,
            "value": scorecard_rules.value_text(m.value), "version": 1, "source": "upload",
            "previous": None})
    clock.rows["measurements"] += len(rows)
    clock.rows["journal"] += journal.flush()


def _quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, 3 * quarter - 2, 1)
    last = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
    return first, last - dt.timedelta(days=1)


# --- the periodic report ----------------------------------------------------------------------

REPORT_COORDINATION = "We aligned our releases and data definitions with the other partners."
REPORT_NEWS = "Good news: the quarter's deliveries were on time. Bad news: one interface slips."
REPORT_OVERALL = ("A quarter of steady progress: the chain delivered, the bottlenecks on the "
                  "board's agenda are being handled, and every partner reported.")


def _report(clock: Clock, cast: AllianceCast, today: dt.date) -> None:
    """Last quarter's report, through the services as the people would write it: the key
    alliance manager opens it (every section prefilled with the partner's open actions,
    bottlenecks and indicator values of the quarter), each partner's first steering person
    adds its words and submits, the key alliance manager writes the overall part and a board
    member approves it."""
    quarter = (today.year * 4 + (today.month - 1) // 3) - 1  # last quarter, as an ordinal
    report, _created = report_services.report_open(
        actor=cast.manager, alliance=cast.alliance, kind="quarter", year=quarter // 4,
        number=quarter % 4 + 1)
    clock.rows["reports"] += 1
    sections = list(Section.objects.filter(report=report).select_related("partner__organisation")
                    .order_by("partner__organisation__name", "pk"))
    writers = policy.section_writers(cast.alliance.pk, [s.partner_id for s in sections])
    for section in sections:
        people = writers.get(section.partner_id)
        if not people:
            continue
        name = section.partner.organisation.name
        report_services.section_update(
            actor=people[0], report=report, partner=section.partner,
            expected_version=section.version,
            progress="\n\n".join(p for p in (
                section.progress, f"{name}: our part of the chain ran as planned.") if p),
            bottlenecks=section.bottlenecks, coordination=REPORT_COORDINATION,
            news=REPORT_NEWS)
        report_services.section_submit(actor=people[0], report=report, partner=section.partner)
        clock.rows["sections"] += 1
    report = report_services.report_overall_write(actor=cast.manager, report=report,
                                                  expected_version=report.version,
                                                  text=REPORT_OVERALL)
    board = next((person for c in cast.partners for person in c.board), cast.manager)
    report_services.report_approve(actor=board, report=report)
