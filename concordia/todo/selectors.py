"""What waits for a person in every alliance they have a live role in: versions waiting for
their partner's endorsement, proposals waiting for their partner's vote, agreements waiting for
their partner's signature, report sections their partner has not submitted, a submitted
review's recommendations waiting for the board's answer, minutes to review, actions, meetings
this week, invitations.

Each section is one lazy queryset scoped through access.policy; the page reads each once
(whatever the number of alliances), and ``todo_counts`` counts every section, and the unread
notifications, in a single query for the navigation."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import caches
from django.db.models import (
    CharField,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils import timezone

from concordia.access import policy
from concordia.accounts.models import Person
from concordia.actions.choices import ActionStatus
from concordia.actions.models import ActionItem
from concordia.agreements.models import AgreementVersion, Signature
from concordia.alliances import selectors as alliance_selectors
from concordia.alliances.choices import PartnerStatus, PartnerType
from concordia.alliances.models import Alliance, Invitation, OrganisationInvitation, Partner
from concordia.blocks.choices import BlockStatus
from concordia.blocks.models import BlockSetting
from concordia.bodies.choices import VotingUnit
from concordia.bodies.models import Body, Seat
from concordia.decisions.choices import DecisionStatus
from concordia.decisions.models import Decision, Delegate, Vote
from concordia.design.choices import StatementKind
from concordia.design.models import AllianceProfile, Endorsement, StatementVersion
from concordia.escalations import rules as escalation_rules
from concordia.escalations.choices import BottleneckStatus
from concordia.escalations.models import Bottleneck
from concordia.journal.models import JournalEntry
from concordia.meetings.choices import AttendanceStatus, MeetingStatus, MinutesStatus
from concordia.meetings.models import Attendance, Meeting, Minutes
from concordia.notifications import selectors as notification_selectors
from concordia.reports.models import Report, Section
from concordia.reviews.choices import Answer, FindingKind, ReviewState
from concordia.reviews.models import Finding

from . import rules

# A section shows this many items; the count in its heading tells how many there are.
SECTION_LIMIT = 25
WEEK = dt.timedelta(days=7)
# header_counts keeps the sections' counts in each process's memory (see there).
HEADER_CACHE = "local"
HEADER_CACHE_SECONDS = 120


def _is_person(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def endorsements_waiting(*, user: Any) -> QuerySet[StatementVersion]:
    """The open proposals (objective, values statement, agreed definitions) of each alliance
    where the person may endorse for their partner and that partner has not (or no longer)
    endorsed them: the newest version, not in force and not withdrawn."""
    mine = policy.endorsing_memberships(user=user)
    newer = StatementVersion.objects.filter(alliance=OuterRef("alliance"), kind=OuterRef("kind"),
                                            term=OuterRef("term"), number__gt=OuterRef("number"))
    endorsed = Endorsement.objects.filter(version=OuterRef("pk"), withdrawn_at__isnull=True,
                                          partner_id__in=mine.values("partner_id"))
    return (StatementVersion.objects.filter(alliance_id__in=mine.values("alliance_id"))
            .filter(~Exists(newer), ~Exists(endorsed), in_force_since__isnull=True,
                    withdrawn_at__isnull=True)
            .select_related("alliance", "term")
            .order_by("alliance__name", "alliance_id", "kind", "term__term"))


def decisions_to_vote(*, user: Any, now: dt.datetime | None = None) -> QuerySet[Decision]:
    """Open proposals, before their deadline, waiting for a vote the person may cast
    (policy.voting_places as a query): per partner, their partner seats them in the body or
    named them its delegate, and the partner has no current vote; per seat, a seat of theirs has
    no current vote; per person, they hold a seat and have not voted. A person works for one
    partner per alliance (one organisation), so "their partner's vote" is any current vote of a
    partner they work for. Soonest deadline first."""
    if not _is_person(user):
        return Decision.objects.none()
    now = now or timezone.now()
    mine = policy.partners_working_for(user)
    my_seats = Seat.objects.filter(Q(holder=user) | Q(substitute=user), removed_at__isnull=True,
                                   partner__in=mine)
    seated = Exists(my_seats.filter(body=OuterRef("body")))
    delegated = Exists(Delegate.objects.filter(body=OuterRef("body"), person=user,
                                               removed_at__isnull=True, partner__in=mine))
    current = Vote.objects.filter(decision=OuterRef("pk"), current=True)
    seat_units = my_seats.annotate(unit=Concat(
        Value(f"{VotingUnit.SEAT.value}:"), Cast("pk", CharField()),
        output_field=CharField())).values("unit")
    # Out of a confidential item: the body's members only (a delegate without a seat is not).
    readable = Q(agenda_item__isnull=True) | Q(agenda_item__confidential=False) | seated
    # Every branch asks for a partner the person works for, so for a live role in the alliance.
    return (Decision.objects.filter(status=DecisionStatus.OPEN)
            .filter(Q(deadline__isnull=True) | Q(deadline__gt=now))
            .filter(readable)
            .filter((Q(rule__voting_unit=VotingUnit.PARTNER.value) & (seated | delegated)
                     & ~Exists(current.filter(partner__in=mine)))
                    | (Q(rule__voting_unit=VotingUnit.SEAT.value) & seated
                       & ~Exists(current.filter(unit__in=seat_units)))
                    | (Q(rule__voting_unit=VotingUnit.PERSON.value)
                       & Exists(my_seats.filter(body=OuterRef("body"), holder=user))
                       & ~Exists(current.filter(
                           unit=f"{VotingUnit.PERSON.value}:{user.pk}"))))
            .select_related("alliance", "body")
            .order_by(F("deadline").asc(nulls_last=True), "number", "pk"))


def signatures_waiting(*, user: Any) -> QuerySet[AgreementVersion]:
    """The newest version of each agreement, not yet in force, that waits for the signature of
    a partner the person may sign for (policy.signing_memberships): a party that has not (or no
    longer) signed it."""
    mine = policy.signing_memberships(user=user)
    newer = AgreementVersion.objects.filter(agreement=OuterRef("agreement"),
                                            number__gt=OuterRef("number"))
    party = AgreementVersion.parties.through.objects.filter(
        agreementversion_id=OuterRef("pk"), partner_id__in=mine.values("partner_id"))
    signed = Signature.objects.filter(version=OuterRef("pk"), withdrawn_at__isnull=True,
                                      partner_id__in=mine.values("partner_id"))
    return (AgreementVersion.objects
            .filter(in_force_at__isnull=True,
                    agreement__alliance_id__in=mine.values("alliance_id"))
            .filter(~Exists(newer), Exists(party), ~Exists(signed))
            .select_related("agreement__alliance")
            .order_by("agreement__alliance__name", "agreement__title", "pk"))


def sections_to_write(*, user: Any) -> QuerySet[Report]:
    """The reports not yet approved in which the partner the person writes the section for
    (its coordinator, or the key alliance manager for their own partner:
    policy.section_writing_memberships) has not submitted it — a draft or not begun, also for
    a partner that joined after the report was opened. Each report carries that partner as
    ``section_partner_id`` (a person works for one partner per alliance); oldest period
    first."""
    mine = policy.section_writing_memberships(user=user).filter(
        partner__status=PartnerStatus.ACTIVE)
    submitted = Section.objects.filter(report=OuterRef("pk"),
                                       partner_id=OuterRef("section_partner_id"),
                                       submitted_at__isnull=False)
    return (Report.objects.filter(approved_at__isnull=True,
                                  alliance_id__in=mine.values("alliance_id"))
            .annotate(section_partner_id=Subquery(
                mine.filter(alliance_id=OuterRef("alliance_id")).order_by("partner_id")
                .values("partner_id")[:1], output_field=IntegerField()))
            .filter(~Exists(submitted))
            .select_related("alliance")
            .order_by("year", "number", "kind", "alliance__name", "pk"))


def bottlenecks_waiting(*, user: Any) -> QuerySet[Bottleneck]:
    """Open bottlenecks standing on a rung the person owns: to respond, take further or
    resolve (the owner is involved, so always sees it); the earliest deadline first."""
    if not _is_person(user):
        return Bottleneck.objects.none()
    return (Bottleneck.objects.filter(status=BottleneckStatus.OPEN, owner=user,
                                      alliance__in=policy.alliances_visible_to(user))
            .select_related("alliance").order_by("due_on", "pk"))


def recommendations_waiting(*, user: Any) -> QuerySet[Finding]:
    """The recommendations of submitted reviews not answered yet, in the alliances where the
    person answers for the board (policy.answering_memberships: a board member, the key
    alliance manager); the oldest review first."""
    mine = policy.answering_memberships(user=user)
    return (Finding.objects.filter(kind=FindingKind.RECOMMENDATION, answer=Answer.PENDING,
                                   review__state=ReviewState.SUBMITTED,
                                   alliance_id__in=mine.values("alliance_id"))
            .select_related("review__alliance")
            .order_by("review__submitted_at", "review_id", "pillar", "pk"))


def minutes_to_review(*, user: Any, today: dt.date | None = None) -> QuerySet[Minutes]:
    """Circulated minutes of meetings the person was at (in person or as a replacement), while
    corrections are still open."""
    if not _is_person(user):
        return Minutes.objects.none()
    today = today or timezone.localdate()
    # access.rules.present_people as a query: the holder of a seat marked present, or the
    # one who replaced a seat's holder.
    present = Attendance.objects.filter(meeting=OuterRef("meeting")).filter(
        Q(holder=user, status=AttendanceStatus.PRESENT)
        | Q(replaced_by=user, status=AttendanceStatus.REPLACED))
    return (Minutes.objects.filter(status=MinutesStatus.CIRCULATED,
                                   meeting__body__alliance__in=policy.alliances_visible_to(user))
            .filter(Q(corrections_until__isnull=True) | Q(corrections_until__gte=today))
            .filter(Exists(present))
            .select_related("meeting__body__alliance")
            .order_by(F("corrections_until").asc(nulls_last=True), "pk"))


def actions_open(*, user: Any) -> QuerySet[ActionItem]:
    """Open actions the person owns, or their partner owns (a partner they work for)."""
    if not _is_person(user):
        return ActionItem.objects.none()
    return (ActionItem.objects.filter(status=ActionStatus.OPEN,
                                      alliance__in=policy.alliances_visible_to(user))
            .filter(Q(owner_person=user) | Q(owner_partner__in=policy.partners_working_for(user)))
            .select_related("alliance", "body", "owner_partner__organisation")
            .order_by(F("due_on").asc(nulls_last=True), "pk"))


def meetings_this_week(*, user: Any, now: dt.datetime | None = None) -> QuerySet[Meeting]:
    """Planned meetings in the coming seven days of the bodies where the person holds or
    stands in for a seat, chairs, or keeps the secretariat."""
    now = now or timezone.now()
    return (Meeting.objects.filter(body__in=policy.bodies_of_member(user),
                                   body__archived_at__isnull=True,
                                   status=MeetingStatus.PLANNED,
                                   starts_at__gte=now, starts_at__lt=now + WEEK)
            .select_related("body__alliance").order_by("starts_at", "pk"))


def invitations_for_me(*, user: Any, now: dt.datetime | None = None) -> QuerySet[Invitation]:
    """Open invitations sent to the person's own e-mail address (they answer by the link in
    that mail: only its hash is stored)."""
    if not _is_person(user):
        return Invitation.objects.none()
    now = now or timezone.now()
    return (Invitation.objects.filter(email__iexact=user.email, accepted_at__isnull=True,
                                      withdrawn_at__isnull=True, expires_at__gt=now,
                                      partner__status=PartnerStatus.ACTIVE)
            .select_related("alliance", "partner__organisation", "invited_by")
            .order_by("expires_at", "pk"))


def partner_invitations(*, user: Any) -> QuerySet[Partner]:
    """Invitations to alliances that the person answers for their organisation."""
    return alliance_selectors.pending_partner_invitations(user=user).order_by("pk")


def _count(queryset: QuerySet[Any]) -> Coalesce:
    """A scalar subquery counting the queryset's rows (COUNT written as a plain function, so
    the subquery has no GROUP BY)."""
    counted = queryset.order_by().annotate(
        n=Func(F("pk"), function="COUNT", output_field=IntegerField())).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _section_counts(*, user: Any, now: dt.datetime) -> dict[str, int]:
    """How many items each section has: one query."""
    # Prefixed: the annotations must not clash with the person's own relations ("actions").
    row = Person.objects.filter(pk=user.pk).order_by().values(
        n_endorsements=_count(endorsements_waiting(user=user)),
        n_decisions=_count(decisions_to_vote(user=user, now=now)),
        n_signatures=_count(signatures_waiting(user=user)),
        n_sections=_count(sections_to_write(user=user)),
        n_bottlenecks=_count(bottlenecks_waiting(user=user)),
        n_recommendations=_count(recommendations_waiting(user=user)),
        n_minutes=_count(minutes_to_review(user=user, today=timezone.localdate(now))),
        n_actions=_count(actions_open(user=user)),
        n_meetings=_count(meetings_this_week(user=user, now=now)),
        n_my_invitations=_count(invitations_for_me(user=user, now=now)),
        n_partner_invitations=_count(partner_invitations(user=user)),
    ).first()
    counts = {key.removeprefix("n_"): int(str(value)) for key, value in (row or {}).items()}
    result = {key: counts.get(key, 0) for key in rules.SECTIONS if key != "invitations"}
    result["invitations"] = counts.get("my_invitations", 0) + counts.get("partner_invitations", 0)
    return result


def _unread_notifications(*, user: Any) -> Coalesce:
    return _count(notification_selectors.notification_list(user=user, unread_only=True))


def _with_totals(*, unread: int, sections: dict[str, int]) -> dict[str, int]:
    return {"unread": unread, **sections, "total": rules.total(sections)}


def todo_counts(*, user: Any) -> dict[str, int]:
    """How many items each section has, and unread notifications, counted now."""
    if not _is_person(user):
        return dict.fromkeys(("unread", *rules.SECTIONS, "total"), 0)
    unread = Person.objects.filter(pk=user.pk).order_by().values_list(
        _unread_notifications(user=user), flat=True).first()
    return _with_totals(unread=int(unread or 0),
                        sections=_section_counts(user=user, now=timezone.now()))


def header_counts(*, user: Any) -> dict[str, int]:
    """The counts in every page's header: unread notifications counted now, the sections as
    ``todo_counts`` has them, reused while nothing has been journaled since and the minute is
    the same.

    Why: Django builds the sections' counting query (some fifteen kilobytes of SQL: nine
    sections, each scoped through the access policy) in about 35 ms of Python on every page,
    while the database answers it in under one. Whatever changes a section is an alliance's
    write, and every such write appends to the journal, so the journal's newest entry tells
    when the counts may have changed; the minute bounds what time alone changes (a deadline
    passing, a meeting coming within the week). The cache is each process's own memory
    (``local``): its key names everything the value depends on, so no process has to tell
    another to forget it. The to-do page and the API always count afresh."""
    if not _is_person(user):
        return todo_counts(user=user)
    now = timezone.now()
    row = Person.objects.filter(pk=user.pk).order_by().values(
        unread=_unread_notifications(user=user),
        last_entry=Subquery(JournalEntry.objects.order_by("-pk").values("pk")[:1]),
    ).first()
    if row is None:
        return todo_counts(user=user)
    key = f"todo-header:{user.pk}:{row['last_entry']}:{int(now.timestamp()) // 60}"
    sections = caches[HEADER_CACHE].get(key)
    if sections is None:
        sections = _section_counts(user=user, now=now)
        caches[HEADER_CACHE].set(key, sections, HEADER_CACHE_SECONDS)
    return _with_totals(unread=int(row["unread"]), sections=sections)


@dataclass
class ActionRow:
    action: ActionItem
    overdue: bool


@dataclass
class BottleneckRow:
    bottleneck: Bottleneck
    overdue: bool


@dataclass
class Todo:
    endorsements: list[StatementVersion] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    signatures: list[AgreementVersion] = field(default_factory=list)
    sections: list[Report] = field(default_factory=list)
    bottlenecks: list[BottleneckRow] = field(default_factory=list)
    recommendations: list[Finding] = field(default_factory=list)
    minutes: list[Minutes] = field(default_factory=list)
    actions: list[ActionRow] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    invitations: list[Invitation] = field(default_factory=list)
    partner_invitations: list[Partner] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.endorsements or self.decisions or self.signatures or self.sections
                    or self.bottlenecks or self.recommendations or self.minutes
                    or self.actions or self.meetings
                    or self.invitations or self.partner_invitations)


def todo_get(*, user: Any) -> Todo:
    """The person's to-do list, each section in its order and cut at SECTION_LIMIT."""
    if not _is_person(user):
        return Todo()
    now, today = timezone.now(), timezone.localdate()
    actions = rules.order_actions(list(actions_open(user=user)[:SECTION_LIMIT]),
                                  due=lambda a: a.due_on, today=today)
    return Todo(
        endorsements=list(endorsements_waiting(user=user)[:SECTION_LIMIT]),
        decisions=list(decisions_to_vote(user=user, now=now)[:SECTION_LIMIT]),
        signatures=list(signatures_waiting(user=user)[:SECTION_LIMIT]),
        sections=list(sections_to_write(user=user)[:SECTION_LIMIT]),
        bottlenecks=[BottleneckRow(b, escalation_rules.is_overdue(
            b.status, b.awaiting_response, b.due_on, today))
            for b in bottlenecks_waiting(user=user)[:SECTION_LIMIT]],
        recommendations=list(recommendations_waiting(user=user)[:SECTION_LIMIT]),
        minutes=list(minutes_to_review(user=user, today=today)[:SECTION_LIMIT]),
        actions=[ActionRow(a, rules.is_overdue(a.due_on, today)) for a in actions],
        meetings=list(meetings_this_week(user=user, now=now)[:SECTION_LIMIT]),
        invitations=list(invitations_for_me(user=user, now=now)[:SECTION_LIMIT]),
        partner_invitations=list(partner_invitations(user=user)[:SECTION_LIMIT]),
    )


def first_steps_done(*, user: Any, alliance: Any) -> dict[str, bool]:
    """Which of a new alliance's first steps are taken, read from the data in one query: a
    profile saved, a partner invited (registered or not) beside the owner, an objective
    drafted, a body set up, a building block decided."""
    policy.alliance_or_404(user, alliance.pk)
    here = OuterRef("pk")
    row = Alliance.objects.filter(pk=alliance.pk).annotate(
        step_profile=Exists(AllianceProfile.objects.filter(alliance=here)),
        step_partners=Exists(Partner.objects.filter(alliance=here).exclude(
            partner_type=PartnerType.OWNER)) | Exists(OrganisationInvitation.objects.filter(
                alliance=here, withdrawn_at__isnull=True)),
        step_objective=Exists(StatementVersion.objects.filter(alliance=here,
                                                         kind=StatementKind.OBJECTIVE)),
        step_bodies=Exists(Body.objects.filter(alliance=here)),
        step_blocks=Exists(BlockSetting.objects.filter(alliance=here).exclude(
            status=BlockStatus.UNDECIDED)),
    ).values("step_profile", "step_partners", "step_objective", "step_bodies",
             "step_blocks").get()
    return {key.removeprefix("step_"): bool(value) for key, value in row.items()}
