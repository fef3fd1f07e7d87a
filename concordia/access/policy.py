"""The one access policy. Every read and every permission check in Concordia goes through here.

- ``alliances_visible_to(user)``: the alliances a person may see (live membership only).
- ``live_memberships(user, alliance)``: the person's live roles there (cached per request).
- ``can(user, action, obj)``: yes/no for an action; callers turn "no" into 404 when the
  object itself is out of reach and 403 when it is visible but the action is not allowed.

See docs/access.md.
"""

from collections.abc import Callable, Collection, Iterable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from concordia.accounts.models import Person
from concordia.agreements.models import Agreement
from concordia.alliances.choices import PartnerStatus, PartnerType, Role
from concordia.alliances.models import Alliance, Document, Membership, Partner
from concordia.bodies.choices import ChairRule, VotingUnit
from concordia.bodies.models import Body, Seat
from concordia.decisions.choices import DecisionStatus
from concordia.escalations.choices import Rung
from concordia.escalations.models import Bottleneck, RungStep
from concordia.meetings.models import Attendance, Meeting
from concordia.organisations.models import Organisation

from . import rules

_CACHE_ATTR = "_concordia_live_memberships"
_ALLIANCE_CACHE_ATTR = "_concordia_alliances"
_BODY_CACHE_ATTR = "_concordia_body_facts"


def live_membership_q(prefix: str = "") -> Q:
    """Live: not revoked, not past its end date, the person active, and the partner active —
    or no partner at all (an outside reviewer's role, which the database allows only for the
    external reviewer, always with an end date)."""
    today = timezone.localdate()
    return Q(
        **{
            f"{prefix}revoked_at__isnull": True,
            f"{prefix}person__is_active": True,
        }
    ) & (Q(**{f"{prefix}partner__status": PartnerStatus.ACTIVE})
         | Q(**{f"{prefix}partner__isnull": True})
         ) & (Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": today}))


def _is_person(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def live_memberships(user: Any, alliance_id: int) -> list[Membership]:
    """The person's live memberships in one alliance, computed once per request object."""
    if not _is_person(user):
        return []
    cache: dict[int, list[Membership]] = user.__dict__.setdefault(_CACHE_ATTR, {})
    if alliance_id not in cache:
        cache[alliance_id] = list(
            Membership.objects.filter(live_membership_q(), alliance_id=alliance_id, person=user)
            .select_related("partner")
        )
    return cache[alliance_id]


def forget_cached_access(user: Any) -> None:
    """Drop cached roles after a change to them within the same request."""
    user.__dict__.pop(_CACHE_ATTR, None)
    user.__dict__.pop(_ALLIANCE_CACHE_ATTR, None)
    user.__dict__.pop(_BODY_CACHE_ATTR, None)


def roles_in(user: Any, alliance_id: int) -> set[str]:
    return {m.role for m in live_memberships(user, alliance_id)}


def own_partner(user: Any, alliance_id: int) -> Partner | None:
    """The partner the person acts for in the alliance; None for someone with no live role
    and for an outside reviewer (a role held for no partner)."""
    return next((m.partner for m in live_memberships(user, alliance_id)
                 if m.partner is not None), None)


def read_only_status(user: Any, alliance_id: int) -> tuple[list[str], date | None] | None:
    """For a person who only reads the alliance (observer, external reviewer): their read-only
    roles' names and the last day they may read (None: no end date). None for everyone else.
    Reads nothing beyond the request's cached live roles."""
    memberships = live_memberships(user, alliance_id)
    read_only, until = rules.read_only_until([(m.role, m.ends_on) for m in memberships])
    if not read_only:
        return None
    return list(dict.fromkeys(str(m.get_role_display()) for m in memberships)), until


def alliances_visible_to(user: Any) -> QuerySet[Alliance]:
    if not _is_person(user):
        return Alliance.objects.none()
    live = Membership.objects.filter(live_membership_q(), person=user)
    return Alliance.objects.filter(pk__in=live.values("alliance_id"))


def alliance_or_404(user: Any, alliance_id: int) -> Alliance:
    """The alliance if the person has a live role in it; otherwise 404 (no existence leak).

    Selectors call this for every read; the row is fetched once per request."""
    if not live_memberships(user, alliance_id):
        raise Http404
    cache: dict[int, Alliance] = user.__dict__.setdefault(_ALLIANCE_CACHE_ATTR, {})
    if alliance_id not in cache:
        cache[alliance_id] = Alliance.objects.get(pk=alliance_id)
    return cache[alliance_id]


def documents_visible_to(user: Any, alliance: Alliance) -> QuerySet[Document]:
    base = Document.objects.filter(alliance=alliance)
    if not live_memberships(user, alliance.pk):
        return base.filter(visibility="public")
    readable = (Q(visibility__in=["public", "alliance"])
                | Q(visibility="confidential", audience=user))
    partner = own_partner(user, alliance.pk)
    if partner is not None:  # an outside reviewer reads no partner's own documents
        readable |= Q(visibility="partner", owner_partner=partner)
    return base.filter(readable).distinct()


def published_documents(alliance_id: int) -> QuerySet[Document]:
    """What an alliance chose to publish: its public documents, readable by anyone."""
    return Document.objects.filter(alliance_id=alliance_id, visibility="public")


# Each action: (the person's roles in the alliance, whether the partner acted on is their own).
ACTIONS: dict[str, Callable[[set[str], bool], bool]] = {
    "alliance.view": lambda roles, _own: rules.may_view_alliance(roles),
    "alliance.invite_partner": lambda roles, _own: rules.may_invite_partner(roles),
    "alliance.write": lambda roles, _own: rules.may_write_records(roles),
    "alliance.manage_people": lambda roles, _own: rules.may_manage_people(roles),
    "alliance.transfer_key_alliance_manager": lambda roles, _own: (
        rules.may_transfer_key_alliance_manager(roles)),
    "alliance.hand_over_coordinator": lambda roles, _own: rules.may_hand_over_coordinator(roles),
    "alliance.invite_people": lambda roles, _own: rules.may_manage_people(roles),
    "partner.invite_person": lambda roles, own: rules.may_invite_person(roles, own_partner=own),
    "partner.speak_for": lambda roles, own: rules.may_speak_for_partner(roles, own_partner=own),
    "alliance.edit_design": lambda roles, _own: rules.may_edit_design(roles),
    "alliance.choose_stage_raters": lambda roles, _own: rules.may_choose_stage_raters(roles),
    "partner.endorse": lambda roles, own: rules.may_endorse_for_partner(roles, own_partner=own),
    "alliance.withdraw_proposal": lambda roles, _own: rules.may_withdraw_proposal(roles),
    "partner.define_term": lambda roles, own: rules.may_define_for_partner(roles,
                                                                          own_partner=own),
    "partner.write_words": lambda roles, own: rules.may_write_partner_words(roles,
                                                                           own_partner=own),
    "partner.draft_words": lambda roles, own: rules.may_draft_partner_words(roles,
                                                                           own_partner=own),
    # Whether the person drafts partners' words at all (the key alliance manager).
    "alliance.draft_words": lambda roles, _own: rules.may_draft_partner_words(roles,
                                                                             own_partner=False),
    "partner.read_resistance": lambda roles, own: rules.may_read_resistance(roles,
                                                                           own_partner=own),
    # Bodies: set up the structure; fill a partner's seats (its own steering people only).
    "alliance.set_up_bodies": lambda roles, _own: rules.may_set_up_bodies(roles),
    "partner.fill_seat": lambda roles, own: rules.may_fill_seat(roles, own_partner=own),
    # Decisions: name and remove the partner's delegates (its own steering people only).
    "partner.name_delegate": lambda roles, own: rules.may_name_delegate(roles, own_partner=own),
    # The annual evaluation: everyone sees rounds and counts; the key alliance manager runs it.
    "alliance.view_evaluation": lambda roles, _own: rules.may_view_evaluation(roles),
    "alliance.run_evaluation": lambda roles, _own: rules.may_run_evaluation(roles),
}


def resistance_readable_q(user: Any, alliance_id: int) -> Q:
    """The partners (a Q on Partner) whose expected resistance the person may read: all of
    them for the steering roles, their own partner's for its people (rules.may_read_resistance),
    none for anyone else."""
    roles = roles_in(user, alliance_id)
    if rules.may_read_resistance(roles, own_partner=False):
        return Q(alliance_id=alliance_id)
    mine = own_partner(user, alliance_id)
    if mine is not None and rules.may_read_resistance(roles, own_partner=True):
        return Q(pk=mine.pk)
    return Q(pk__isnull=True)  # no partner


# Organisation actions, decided on the person's own organisation and administrator flag.
ORGANISATION_ACTIONS = {
    "organisation.edit": rules.may_edit_organisation,
    "organisation.deactivate_person": rules.may_deactivate_person,
    "organisation.answer_invitation": rules.may_answer_invitation,
    "organisation.view_members": rules.may_view_members,
    "organisation.view_alliances": rules.may_view_organisation_alliances,
    "organisation.keep_advice": rules.may_keep_organisation_advice,
}


def _may_for_organisation(user: Any, action: str, organisation_id: int | None) -> bool:
    is_person = _is_person(user)
    same = is_person and organisation_id is not None and user.organisation_id == organisation_id
    return ORGANISATION_ACTIONS[action](same_organisation=same,
                                        is_admin=is_person and user.is_organisation_admin)


def own_organisation_for(user: Any, action: str) -> int | None:
    """The person's own organisation (its id) when they may do ``action`` for it; else None.
    Selectors scope organisation reads with it."""
    organisation_id = user.organisation_id if _is_person(user) else None
    return organisation_id if _may_for_organisation(user, action, organisation_id) else None


def can(user: Any, action: str, obj: Alliance | Partner | Organisation | Person) -> bool:
    """Whether the person may do ``action`` on an alliance or one of its partners, or (for
    ``organisation.*`` actions) on an organisation, one of its people or an invited partner."""
    if action in ORGANISATION_ACTIONS:
        if isinstance(obj, Organisation):
            return _may_for_organisation(user, action, obj.pk)
        if isinstance(obj, Person | Partner):
            return _may_for_organisation(user, action, obj.organisation_id)
        raise TypeError(f"{action} is decided on an organisation, a person or a partner")
    if isinstance(obj, Person | Organisation):
        raise TypeError(f"{action} is decided on an alliance or a partner")
    if isinstance(obj, Partner):
        alliance_id, partner = obj.alliance_id, obj
    else:
        alliance_id, partner = obj.pk, None
    roles = roles_in(user, alliance_id)
    mine = own_partner(user, alliance_id)
    is_own = partner is not None and mine is not None and mine.pk == partner.pk
    return ACTIONS[action](roles, is_own)


def may_for_every_partner(user: Any, action: str, alliance: Alliance) -> bool:
    """Whether the person may do a partner action for every partner of the alliance, not only
    for their own (the key alliance manager inviting people, for example)."""
    return ACTIONS[action](roles_in(user, alliance.pk), False)


def may_rate_stage(user: Any, partner: Partner, rater_roles: Collection[str],
                   rater_levels: Collection[str] = ()) -> bool:
    """Whether the person may rate the development stage for ``partner`` (rules.may_rate_stage),
    given the roles and the levels the key alliance manager chose to rate."""
    mine = own_partner(user, partner.alliance_id)
    return rules.may_rate_stage([(m.role, m.level) for m in live_memberships(user,
                                                                           partner.alliance_id)],
                                own_partner=mine is not None and mine.pk == partner.pk,
                                rater_roles=rater_roles, rater_levels=rater_levels)


def require(user: Any, action: str, obj: Alliance | Partner | Organisation | Person) -> None:
    """``can``, for services: a visible object with a forbidden action is 403."""
    if not can(user, action, obj):
        raise PermissionDenied


# --- who grants and revokes which role (rules.may_grant_role / may_revoke_role) ---------------

def role_vacant(partner: Partner, role: str) -> bool:
    """Whether a single-holder role has no live holder: the key alliance manager of the
    partner's alliance, or the partner's coordinator. Other roles are never "vacant"."""
    if role == Role.KEY_ALLIANCE_MANAGER:
        holders = Membership.objects.filter(alliance_id=partner.alliance_id, role=role)
    elif role == Role.ALLIANCE_COORDINATOR:
        holders = Membership.objects.filter(partner_id=partner.pk, role=role)
    else:
        return False
    return not holders.filter(live_membership_q()).exists()


def _grant_facts(user: Any, partner: Partner) -> tuple[set[str], bool, bool]:
    roles = roles_in(user, partner.alliance_id)
    mine = own_partner(user, partner.alliance_id)
    return roles, mine is not None and mine.pk == partner.pk, (
        partner.partner_type == PartnerType.OWNER)


def may_grant_role(user: Any, partner: Partner, role: str) -> bool:
    """Whether the person may grant ``role`` to someone of ``partner`` now."""
    roles, own, is_owner = _grant_facts(user, partner)
    if not roles:
        return False
    vacant = role in rules.SINGLE_HOLDER_ROLES and role_vacant(partner, role)
    return rules.may_grant_role(roles, role, own_partner=own, partner_is_owner=is_owner,
                                role_vacant=vacant)


def grantable_roles(user: Any, partner: Partner) -> list[str]:
    """The roles the person may grant for ``partner`` now, in the order of ``Role``."""
    roles, own, is_owner = _grant_facts(user, partner)
    if not roles:
        return []
    return [role for role in Role.values
            if rules.may_grant_role(roles, role, own_partner=own, partner_is_owner=is_owner,
                                    role_vacant=role in rules.SINGLE_HOLDER_ROLES
                                    and role_vacant(partner, role))]


def may_revoke_role(user: Any, membership: Membership) -> bool:
    """Whether the person may end ``membership`` (someone's role for a partner)."""
    if membership.partner is None:  # an outside reviewer: no partner is anyone's own
        return rules.may_revoke_role(roles_in(user, membership.alliance_id), membership.role,
                                     own_partner=False, partner_is_owner=False)
    roles, own, is_owner = _grant_facts(user, membership.partner)
    return rules.may_revoke_role(roles, membership.role, own_partner=own,
                                 partner_is_owner=is_owner)


# --- bodies -----------------------------------------------------------------------------------

def body_facts(user: Any, body: Body) -> tuple[bool, bool]:
    """(member, organiser) of the person for the body (rules, "Bodies and meetings"), computed
    once per request. Only live seats count, and only while the person has a live role."""
    if not live_memberships(user, body.alliance_id):
        return False, False
    cache: dict[int, tuple[bool, bool]] = user.__dict__.setdefault(_BODY_CACHE_ATTR, {})
    if body.pk not in cache:
        seats = body.seats.filter(removed_at__isnull=True)
        holder = seats.filter(holder=user).exists()
        substitute = seats.filter(substitute=user).exists()
        secretary = body.secretary_id == user.pk
        chair = (body.chair_person_id == user.pk if body.chair_rule == ChairRule.FIXED
                 else holder)
        cache[body.pk] = (holder or substitute or secretary, secretary or chair)
    return cache[body.pk]


def bodies_where_member(user: Any, alliance_id: int) -> set[int]:
    """The ids of the alliance's bodies the person is a member of (one query)."""
    if not live_memberships(user, alliance_id):
        return set()
    seated = Body.objects.filter(
        Q(seats__holder=user) | Q(seats__substitute=user), alliance_id=alliance_id,
        seats__removed_at__isnull=True).values_list("pk", flat=True)
    secretary = Body.objects.filter(alliance_id=alliance_id, secretary=user).values_list(
        "pk", flat=True)
    return set(seated) | set(secretary)


BODY_ACTIONS: dict[str, Callable[[set[str], bool, bool], bool]] = {
    "body.view": lambda roles, _member, _organiser: rules.may_view_alliance(roles),
    "body.read_confidential": lambda roles, member, _organiser: rules.may_read_confidential(
        roles, member=member),
    "body.write": lambda roles, member, _organiser: rules.may_write_in_body(roles,
                                                                            member=member),
    "body.organise": lambda roles, _member, organiser: rules.may_organise_body(
        roles, organiser=organiser),
    "body.set_up": lambda roles, _member, _organiser: rules.may_set_up_bodies(roles),
}


def can_in_body(user: Any, action: str, body: Body) -> bool:
    """Whether the person may do ``action`` in a body (``body.*`` actions)."""
    member, organiser = body_facts(user, body)
    return BODY_ACTIONS[action](roles_in(user, body.alliance_id), member, organiser)


def can_remove_seat(user: Any, seat: Seat) -> bool:
    """Whether the person may take the seat out of its body (rules.may_remove_seat)."""
    return removable_seats(user, seat.body.alliance_id, [seat]) == {seat.pk}


def removable_seats(user: Any, alliance_id: int, seats: Iterable[Seat]) -> set[int]:
    """The ids of the seats (of one alliance's body) the person may remove; no query beyond
    the person's cached live roles."""
    roles = roles_in(user, alliance_id)
    mine = own_partner(user, alliance_id)
    return {seat.pk for seat in seats if rules.may_remove_seat(
        roles, own_partner=mine is not None and seat.partner_id == mine.pk,
        empty=seat.holder_id is None and seat.substitute_id is None)}


def require_in_body(user: Any, action: str, body: Body) -> None:
    if not can_in_body(user, action, body):
        raise PermissionDenied


# --- who sits in a body and who serves it (rules.may_hold_seat / may_serve_body) --------------

def _roles_where(allowed: Callable[[set[str]], bool]) -> list[str]:
    return [role for role in Role.values if allowed({role})]


def seat_candidates(alliance_id: int) -> QuerySet[Membership]:
    """The live roles that let their holder sit in a seat of the membership's own partner
    (``rules.may_hold_seat``): one row per person and role, with person and partner."""
    roles = _roles_where(lambda r: rules.may_hold_seat(r, own_partner=True))
    return (Membership.objects.filter(live_membership_q(), alliance_id=alliance_id,
                                      role__in=roles)
            .select_related("person").order_by("person__full_name", "person_id"))


def may_hold_seat(person: Person, partner: Partner) -> bool:
    """Whether the person may sit (hold or substitute) in a seat of ``partner``."""
    return seat_candidates(partner.alliance_id).filter(partner=partner, person=person).exists()


def body_servant_candidates(alliance_id: int) -> QuerySet[Membership]:
    """The live roles that let their holder be a body's fixed chair or its secretary."""
    roles = _roles_where(rules.may_serve_body)
    return (Membership.objects.filter(live_membership_q(), alliance_id=alliance_id,
                                      role__in=roles)
            .select_related("person").order_by("person__full_name", "person_id"))


def may_serve_body(person: Person, alliance_id: int) -> bool:
    return body_servant_candidates(alliance_id).filter(person=person).exists()


# --- minutes and action items -----------------------------------------------------------------
# (rules, "Bodies and meetings": may_correct_minutes, may_create_action, may_update_action)

def present_at(user: Any, meeting: Meeting) -> bool:
    """Whether the person was at the meeting: the holder of a seat marked present, or the one
    who replaced a seat's holder."""
    if not _is_person(user):
        return False
    rows = Attendance.objects.filter(meeting=meeting).values_list("status", "holder_id",
                                                                  "replaced_by_id")
    return user.pk in rules.present_people(rows)


def can_correct_minutes(user: Any, meeting: Meeting) -> bool:
    """Whether the person may propose corrections to the minutes of the meeting (those present,
    if they may write at all). Timing is the minutes' own rule, not access."""
    roles = roles_in(user, meeting.body.alliance_id)
    return bool(roles) and rules.may_correct_minutes(roles, present=present_at(user, meeting))


def can_create_action(user: Any, alliance: Alliance, body: Body | None) -> bool:
    """Whether the person may give an action: of a body (its organisers, or the steering
    roles), or of the alliance as a whole (the steering roles)."""
    organiser = body is not None and body_facts(user, body)[1]
    return rules.may_create_action(roles_in(user, alliance.pk), organiser=organiser)


def action_owned_by(user: Any, action: Any) -> bool:
    """Whether the action (an ``actions.ActionItem``; not imported, as the action model names
    the handbook's catalogue, which access stays clear of) is the person's: theirs by name, or
    their partner's."""
    if action.owner_person_id is not None:
        return bool(action.owner_person_id == getattr(user, "pk", None))
    if action.owner_partner_id is not None:
        return action.owner_partner_id in _partner_ids(user, action.alliance_id)
    return False


def can_update_action(user: Any, action: Any) -> bool:
    """Whether the person may change or close the action: its owner, whoever gave it, and the
    organisers of its body (if they may write at all)."""
    roles = roles_in(user, action.alliance_id)
    if not roles:
        return False
    organiser = action.body is not None and body_facts(user, action.body)[1]
    return rules.may_update_action(roles, owner=action_owned_by(user, action),
                                   organiser=organiser,
                                   creator=action.created_by_id == user.pk)


def partner_coordinators(partner: Partner) -> list[Person]:
    """Who hears of what is given to a partner as a whole: its live coordinators."""
    return [m.person for m in Membership.objects.filter(
        live_membership_q(), partner=partner, role=Role.ALLIANCE_COORDINATOR)
        .select_related("person")]


# --- calendars --------------------------------------------------------------------------------

def calendar_bodies(person: Any) -> QuerySet[Body]:
    """The bodies whose meetings belong in a person's calendar feed: in every alliance where
    they have a live role, those where they hold a live seat (holder or substitute) or are the
    secretary. A queryset, so the feed's meetings are read in one query."""
    if not _is_person(person):
        return Body.objects.none()
    live = Membership.objects.filter(live_membership_q(), person=person).values("alliance_id")
    seated = Q(seats__removed_at__isnull=True) & (Q(seats__holder=person)
                                                  | Q(seats__substitute=person))
    return Body.objects.filter(seated | Q(secretary=person), alliance_id__in=live).distinct()


# --- what waits for a person: notifications and the to-do list --------------------------------
# Built from the rules on single roles (_roles_where), so the to-do list and the notifications
# follow the same rules as the pages they link to.

def _memberships_where(allows: Callable[[set[str]], bool], *,
                       alliance_id: int | None, user: Any) -> QuerySet[Membership]:
    """Live memberships whose role alone ``allows`` an act: of one alliance, or of one person
    across alliances (lazy: a subquery where it is used)."""
    memberships = Membership.objects.filter(live_membership_q(), role__in=_roles_where(allows))
    if alliance_id is not None:
        memberships = memberships.filter(alliance_id=alliance_id)
    if user is not None:
        memberships = (memberships.filter(person=user) if _is_person(user)
                       else memberships.none())
    return memberships


def endorsing_memberships(*, alliance_id: int | None = None, user: Any = None
                          ) -> QuerySet[Membership]:
    """Live memberships whose holder may endorse for their own partner
    (rules.may_endorse_for_partner): of one alliance, or of one person across alliances."""
    return _memberships_where(lambda r: rules.may_endorse_for_partner(r, own_partner=True),
                              alliance_id=alliance_id, user=user)


def partners_working_for(user: Any) -> QuerySet[Partner]:
    """The partners a person works for (a live role that may write, rules.may_write_records):
    their actions are the person's to take up too. Lazy: a subquery where it is used."""
    if not _is_person(user):
        return Partner.objects.none()
    live = Membership.objects.filter(live_membership_q(), person=user,
                                     role__in=_roles_where(rules.may_write_records))
    return Partner.objects.filter(pk__in=live.values("partner_id"))


def bodies_of_member(user: Any) -> QuerySet[Body]:
    """Every body, in the alliances the person has a live role in, where they hold or stand in
    for a live seat, chair by person or keep the secretariat (the member facts of body_facts,
    across alliances). Lazy: a subquery where it is used."""
    if not _is_person(user):
        return Body.objects.none()
    seated = Q(seats__removed_at__isnull=True) & (Q(seats__holder=user)
                                                  | Q(seats__substitute=user))
    bodies = Body.objects.filter(seated | Q(secretary=user)
                                 | Q(chair_rule=ChairRule.FIXED, chair_person=user),
                                 alliance__in=alliances_visible_to(user))
    return Body.objects.filter(pk__in=bodies.values("pk"))


# --- decisions --------------------------------------------------------------------------------
# (rules, "Decisions"). ``decision`` is a decisions.Decision and delegates are reached through
# the body (``body.delegates``): not imported, as the decisions' models name the handbook's
# catalogue, which access stays clear of.

def _decision_confidential(decision: Any) -> bool:
    return decision.agenda_item_id is not None and bool(decision.agenda_item.confidential)


def can_read_decision(user: Any, decision: Any) -> bool:
    """Whether the person reads the decision (one out of a confidential item: the body's
    members only)."""
    roles = roles_in(user, decision.alliance_id)
    if not roles:
        return False
    confidential = _decision_confidential(decision)
    member = confidential and body_facts(user, decision.body)[0]
    return rules.may_read_decision(roles, confidential=confidential, member=member)


def decisions_readable_q(user: Any, alliance_id: int) -> Q:
    """The alliance's decisions (a Q on Decision) the person reads (rules.may_read_decision)."""
    roles = roles_in(user, alliance_id)
    if not rules.may_read_decision(roles, confidential=False, member=False):
        return Q(pk__isnull=True)  # none
    if rules.may_read_decision(roles, confidential=True, member=False):
        return Q(alliance_id=alliance_id)
    open_ones = Q(agenda_item__isnull=True) | Q(agenda_item__confidential=False)
    if rules.may_read_decision(roles, confidential=True, member=True):
        return open_ones | Q(body_id__in=bodies_where_member(user, alliance_id))
    return open_ones


def can_propose_decision(user: Any, body: Body) -> bool:
    """Whether the person may put a proposal to the body: its organisers and the steering
    roles."""
    roles = roles_in(user, body.alliance_id)
    return bool(roles) and rules.may_propose_decision(roles, organiser=body_facts(user, body)[1])


def may_propose_decisions(user: Any, alliance_id: int) -> bool:
    """Whether the person may put proposals to some body at all (as its organiser or a
    steering role): checked before any id they send is looked up."""
    return rules.may_propose_decision(roles_in(user, alliance_id), organiser=True)


def may_name_delegates(user: Any, alliance_id: int) -> bool:
    """Whether the person may name delegates for some partner (their own): checked before any
    id they send is looked up."""
    return rules.may_name_delegate(roles_in(user, alliance_id), own_partner=True)


def can_close_decision(user: Any, decision: Any) -> bool:
    roles = roles_in(user, decision.alliance_id)
    return bool(roles) and rules.may_close_decision(
        roles, organiser=body_facts(user, decision.body)[1])


def can_withdraw_decision(user: Any, decision: Any) -> bool:
    roles = roles_in(user, decision.alliance_id)
    return bool(roles) and rules.may_withdraw_decision(
        roles, proposer=decision.proposed_by_id == user.pk,
        organiser=body_facts(user, decision.body)[1])


def can_add_follow_up(user: Any, decision: Any) -> bool:
    roles = roles_in(user, decision.alliance_id)
    return bool(roles) and rules.may_add_follow_up(
        roles, organiser=body_facts(user, decision.body)[1])


def can_see_votes(user: Any, decision: Any, *, own_unit: bool) -> bool:
    """Whether the person sees a vote of the decision: any, once closed or when the ballot is
    open; of a secret ballot before it closes, only a vote of a unit of their own."""
    roles = roles_in(user, decision.alliance_id)
    return rules.may_see_votes(roles, secret=bool(decision.secret),
                               closed=decision.status == DecisionStatus.CLOSED,
                               own_unit=own_unit)


def voting_places(user: Any, body: Body, voting_unit: str) -> list[tuple[int, int | None]]:
    """Where the person may vote from in the body under a voting unit
    (rules.may_vote_for_unit), as (partner id, seat id): per partner one row per partner
    that authorised them (a live seat as holder or substitute, or a live delegation; seat id
    None); per seat each live seat they hold or stand in for; per person the first live seat
    they hold (they vote once, as themselves). Two queries."""
    memberships = live_memberships(user, body.alliance_id)
    if not memberships:
        return []
    roles_for: dict[int, set[str]] = {}
    for membership in memberships:
        if membership.partner_id is not None:  # an outside reviewer votes for no partner
            roles_for.setdefault(membership.partner_id, set()).add(membership.role)

    def allowed(partner_id: int) -> bool:
        return rules.may_vote_for_unit(roles_for.get(partner_id, set()),
                                       own_partner=partner_id in roles_for, authorised=True)

    seats = sorted(body.seats.filter(Q(holder=user) | Q(substitute=user),
                                     removed_at__isnull=True)
                   .values_list("pk", "partner_id", "holder_id"))
    if voting_unit == VotingUnit.PARTNER:
        delegated = set(body.delegates.filter(person=user, removed_at__isnull=True)
                        .values_list("partner_id", flat=True))
        partners = {partner_id for _seat, partner_id, _holder in seats} | delegated
        return [(partner_id, None) for partner_id in sorted(partners) if allowed(partner_id)]
    if voting_unit == VotingUnit.SEAT:
        return [(partner_id, seat_id) for seat_id, partner_id, _holder in seats
                if allowed(partner_id)]
    held: list[tuple[int, int | None]] = [
        (partner_id, seat_id) for seat_id, partner_id, holder_id in seats
        if holder_id == user.pk and allowed(partner_id)]
    return held[:1]


def body_voters(body: Body, voting_unit: str) -> list[Person]:
    """Everyone who may vote in the body under a voting unit (voting_places for each of them):
    the holders (per person), holders and substitutes (per seat) of its live seats, and the
    live delegates (per partner), while their role for that partner may write."""
    seats = body.seats.filter(removed_at__isnull=True)
    pairs: set[tuple[int, int]] = set()
    for holder_id, substitute_id, partner_id in seats.values_list("holder_id", "substitute_id",
                                                                   "partner_id"):
        if holder_id is not None:
            pairs.add((holder_id, partner_id))
        if substitute_id is not None and voting_unit != VotingUnit.PERSON:
            pairs.add((substitute_id, partner_id))
    if voting_unit == VotingUnit.PARTNER:
        pairs |= set(body.delegates.filter(removed_at__isnull=True)
                     .values_list("person_id", "partner_id"))
    roles_for: dict[tuple[int, int], set[str]] = {}
    for person_id, partner_id, role in Membership.objects.filter(
            live_membership_q(), alliance_id=body.alliance_id,
            person_id__in={person_id for person_id, _partner in pairs}).values_list(
            "person_id", "partner_id", "role"):
        roles_for.setdefault((person_id, partner_id), set()).add(role)
    ids = {person_id for person_id, partner_id in pairs
           if rules.may_vote_for_unit(roles_for.get((person_id, partner_id), set()),
                                      own_partner=(person_id, partner_id) in roles_for,
                                      authorised=True)}
    return list(Person.objects.filter(pk__in=ids).order_by("pk"))


def delegate_candidates(partner: Partner) -> QuerySet[Membership]:
    """Who a partner may name as its delegate: its own people who may sit in its seats."""
    return seat_candidates(partner.alliance_id).filter(partner=partner)



# --- escalations ------------------------------------------------------------------------------
# (rules, "Escalations"; docs/access.md, "Escalations")

ACTIONS["alliance.raise_bottleneck"] = lambda roles, _own: rules.may_raise_bottleneck(roles)
ACTIONS["alliance.set_up_ladder"] = lambda roles, _own: rules.may_set_up_ladder(roles)

# A bottleneck on one of these rungs has reached the board.
_BOARD_RUNGS = (Rung.BOARD, Rung.TOP)


def _partner_ids(user: Any, alliance_id: int) -> set[int]:
    """The partners the person acts for (none for an outside reviewer)."""
    return {m.partner_id for m in live_memberships(user, alliance_id)
            if m.partner_id is not None}


def bottlenecks_visible_q(user: Any, alliance_id: int) -> Q:
    """The bottlenecks of the alliance the person may see (a Q on Bottleneck), built from
    rules.may_see_bottleneck fact by fact: all of them for the steering roles; otherwise the
    alliance-wide ones, those of their partner, those they raised or own(ed) a rung of, and
    those that reached the board for its members."""
    roles = roles_in(user, alliance_id)

    def sees(**facts: bool) -> bool:
        given = {"concerned": False, "involved": False, "at_board": False,
                 "alliance_wide": False, **facts}
        return rules.may_see_bottleneck(roles, **given)

    none = Q(pk__in=[])
    if not roles:
        return none
    if sees():
        return Q(alliance_id=alliance_id)
    seen = none
    if sees(alliance_wide=True):
        seen |= Q(alliance_wide=True)
    if sees(concerned=True):
        seen |= Q(pk__in=Bottleneck.partners.through.objects.filter(
            partner_id__in=_partner_ids(user, alliance_id)).values("bottleneck_id"))
    if sees(involved=True):
        seen |= Q(raised_by=user) | Q(pk__in=RungStep.objects.filter(
            owner=user, bottleneck__alliance_id=alliance_id).values("bottleneck_id"))
    if sees(at_board=True):
        seen |= Q(rung__in=_BOARD_RUNGS)
    return Q(alliance_id=alliance_id) & seen


def bottleneck_facts(user: Any, bottleneck: Bottleneck) -> dict[str, bool]:
    """The facts of rules "Escalations" for the person and the bottleneck (its partners and
    steps are read through their prefetch when the selector made one)."""
    pk = getattr(user, "pk", None)
    concerned = bool(_partner_ids(user, bottleneck.alliance_id)
                     & {p.pk for p in bottleneck.partners.all()})
    raiser = bottleneck.raised_by_id == pk
    involved = raiser or any(s.owner_id == pk for s in bottleneck.steps.all())
    return {"concerned": concerned, "involved": involved,
            "at_board": bottleneck.rung in _BOARD_RUNGS, "alliance_wide": bottleneck.alliance_wide,
            "owner": bottleneck.owner_id == pk, "raiser": raiser}


BOTTLENECK_ACTIONS: dict[str, Callable[[set[str], dict[str, bool]], bool]] = {
    "bottleneck.view": lambda roles, f: rules.may_see_bottleneck(
        roles, concerned=f["concerned"], involved=f["involved"], at_board=f["at_board"],
        alliance_wide=f["alliance_wide"]),
    "bottleneck.record_attempt": lambda roles, f: rules.may_record_attempt(
        roles, concerned=f["concerned"], owner=f["owner"]),
    "bottleneck.move": lambda roles, f: rules.may_move_bottleneck(roles, owner=f["owner"]),
    "bottleneck.withdraw": lambda roles, f: rules.may_withdraw_bottleneck(roles,
                                                                          raiser=f["raiser"]),
}


def can_on_bottleneck(user: Any, action: str, bottleneck: Bottleneck) -> bool:
    """Whether the person may do ``action`` (``bottleneck.*``) on the bottleneck."""
    roles = roles_in(user, bottleneck.alliance_id)
    if not roles:
        return False
    return BOTTLENECK_ACTIONS[action](roles, bottleneck_facts(user, bottleneck))


_RUNG_OWNERS: dict[str, Callable[[set[str]], bool]] = {
    Rung.COORDINATOR: rules.may_own_coordinators_rung,
    Rung.KEY_ALLIANCE_MANAGER: rules.may_own_manager_rung,
}


def rung_owner_candidates(alliance_id: int, rung: str) -> QuerySet[Membership]:
    """The live roles that let their holder own ``rung`` (rules.may_own_*): one row per person
    and role, with person and partner, by name (which of them comes first for a bottleneck —
    the coordinator of a partner concerned, say — is the caller's choice)."""
    allowed = _RUNG_OWNERS.get(rung, rules.may_own_rung)
    return (Membership.objects.filter(live_membership_q(), alliance_id=alliance_id,
                                      role__in=_roles_where(allowed))
            .select_related("person", "partner").order_by("person__full_name", "person_id"))


def may_own_rung(person: Person, alliance_id: int, rung: str) -> bool:
    return rung_owner_candidates(alliance_id, rung).filter(person=person).exists()


# --- agreements -------------------------------------------------------------------------------

# (rules, "Agreements": may_read_agreement, may_draft_agreement, may_sign_agreement)

def agreements_visible_to(user: Any, alliance: Alliance) -> QuerySet[Agreement]:
    """The alliance's agreements the person may read (rules.may_read_agreement): those in their
    circle by visibility (rules.may_see_record, with "same partner" meaning their partner is a
    party), and — for those who sign for their partner — every agreement their partner is a
    party to."""
    if not live_memberships(user, alliance.pk):
        return Agreement.objects.none()
    named = Exists(Agreement.audience.through.objects.filter(agreement_id=OuterRef("pk"),
                                                             person_id=user.pk))
    readable = Q(visibility__in=["public", "alliance"]) | Q(Q(visibility="confidential"), named)
    partner = own_partner(user, alliance.pk)
    if partner is not None:  # an outside reviewer is party to nothing
        party = Exists(Agreement.parties.through.objects.filter(agreement_id=OuterRef("pk"),
                                                                partner_id=partner.pk))
        readable |= Q(Q(visibility="partner"), party)
        if rules.may_sign_agreement(roles_in(user, alliance.pk), own_party=True):
            readable |= Q(party)
    return Agreement.objects.filter(alliance=alliance).filter(readable)


def agreement_facts(user: Any, agreement: Agreement) -> tuple[bool, bool]:
    """(in circle, own party) of the person for the agreement. Reads ``parties`` and
    ``audience`` through ``.all()``, so a selector's prefetch serves them."""
    if not live_memberships(user, agreement.alliance_id):
        return False, False
    partner = own_partner(user, agreement.alliance_id)
    own_party = partner is not None and any(p.pk == partner.pk for p in agreement.parties.all())
    named = any(p.pk == user.pk for p in agreement.audience.all())
    in_circle = rules.may_see_record(visibility=agreement.visibility, is_alliance_member=True,
                                     same_partner=own_party, in_audience=named)
    return in_circle, own_party


def can_read_agreement(user: Any, agreement: Agreement) -> bool:
    in_circle, own_party = agreement_facts(user, agreement)
    return rules.may_read_agreement(roles_in(user, agreement.alliance_id), in_circle=in_circle,
                                    own_party=own_party)


def can_draft_agreement(user: Any, alliance: Alliance) -> bool:
    return rules.may_draft_agreement(roles_in(user, alliance.pk))


def signing_partner(user: Any, alliance_id: int, party_ids: Collection[int]) -> Partner | None:
    """The party the person may sign for among ``party_ids`` (the parties of a version): their
    own partner, if it is one of them and their role lets them sign for it; else None."""
    partner = own_partner(user, alliance_id)
    if partner is None:
        return None
    allowed = rules.may_sign_agreement(roles_in(user, alliance_id),
                                       own_party=partner.pk in party_ids)
    return partner if allowed else None


def signing_memberships(*, alliance_id: int | None = None,
                        partner_ids: Collection[int] | None = None,
                        user: Any = None) -> QuerySet[Membership]:
    """Live memberships whose holder may sign agreements for their own partner
    (rules.may_sign_agreement): of one alliance (optionally of some partners only), or of one
    person across alliances."""
    memberships = _memberships_where(lambda r: rules.may_sign_agreement(r, own_party=True),
                                     alliance_id=alliance_id, user=user)
    if partner_ids is not None:
        memberships = memberships.filter(partner_id__in=list(partner_ids))
    return memberships


def agreement_steering_readers(agreement: Agreement) -> list[Person]:
    """The people who steer the alliance's agreements (rules.may_draft_agreement) and may read
    this one: who hears that it is due for review."""
    drafting = _roles_where(rules.may_draft_agreement)
    party_ids = {p.pk for p in agreement.parties.all()}
    named_ids = {p.pk for p in agreement.audience.all()}
    roles: dict[int, set[str]] = {}
    people: dict[int, Person] = {}
    partner_of: dict[int, int] = {}
    for membership in (Membership.objects.filter(live_membership_q(),
                                                 alliance_id=agreement.alliance_id)
                       .select_related("person").order_by("pk")):
        roles.setdefault(membership.person_id, set()).add(membership.role)
        people[membership.person_id] = membership.person
        if membership.partner_id is not None:
            partner_of.setdefault(membership.person_id, membership.partner_id)
    readers = []
    for person_id, person_roles in sorted(roles.items()):
        if not set(drafting) & person_roles:
            continue
        own_party = partner_of.get(person_id) in party_ids
        in_circle = rules.may_see_record(visibility=agreement.visibility,
                                         is_alliance_member=True, same_partner=own_party,
                                         in_audience=person_id in named_ids)
        if rules.may_read_agreement(person_roles, in_circle=in_circle, own_party=own_party):
            readers.append(people[person_id])
    return readers


# --- learning: pillar health checks and lessons learned ---------------------------------------
# (rules, "Learning"; docs/access.md, "Health checks and lessons learned")

ACTIONS["alliance.score_pillars"] = lambda roles, _own: rules.may_score_pillars(roles)
ACTIONS["alliance.record_lesson"] = lambda roles, _own: rules.may_record_lesson(roles)


def can_edit_lesson(user: Any, lesson: Any) -> bool:
    """Whether the person may change the lesson (a ``learning.Lesson``: its author, or the key
    alliance manager). The author's leaving ends only their own right to edit it."""
    roles = roles_in(user, lesson.alliance_id)
    return bool(roles) and rules.may_edit_lesson(
        roles, author=lesson.author_id == getattr(user, "pk", None))


# --- settlement: the books are open (rules, "Settlement"; docs/access.md, "Cost settlement") ---

ACTIONS["alliance.read_books"] = lambda roles, _own: rules.may_read_books(roles)
ACTIONS["alliance.choose_settlement_model"] = (
    lambda roles, _own: rules.may_choose_settlement_model(roles))
ACTIONS["partner.book_cost"] = lambda roles, own: rules.may_book_cost(roles, own_partner=own)
ACTIONS["partner.confirm_settlement"] = (
    lambda roles, own: rules.may_confirm_settlement(roles, own_partner=own))


# --- scorecard: indicators, targets and measurements ------------------------------------------
# (rules, "Scorecard"; docs/access.md, "Scorecard")

ACTIONS["alliance.view_scorecard"] = lambda roles, _own: rules.may_view_scorecard(roles)
ACTIONS["alliance.define_indicator"] = lambda roles, _own: rules.may_define_indicator(roles)
ACTIONS["partner.enter_measurement"] = lambda roles, own: rules.may_enter_measurement(
    roles, own_partner=own)


def measuring_partner(user: Any, alliance_id: int) -> Partner | None:
    """The partner whose indicators the person may enter values for (their own, when their
    roles write), or None."""
    mine = own_partner(user, alliance_id)
    if mine is None or not rules.may_enter_measurement(roles_in(user, alliance_id),
                                                       own_partner=True):
        return None
    return mine


# --- reviews: external review (rules, "Reviews"; docs/access.md, "External review") ----------

ACTIONS["alliance.read_reviews"] = lambda roles, _own: rules.may_read_reviews(roles)
ACTIONS["alliance.run_review"] = lambda roles, _own: rules.may_run_review(roles)
ACTIONS["alliance.answer_recommendation"] = (
    lambda roles, _own: rules.may_answer_recommendation(roles))


def answering_memberships(*, alliance_id: int | None = None,
                          user: Any = None) -> QuerySet[Membership]:
    """Live memberships whose holder may answer a review's recommendations
    (rules.may_answer_recommendation: a board member of any partner, the key alliance manager):
    of one alliance, or of one person across alliances."""
    return _memberships_where(rules.may_answer_recommendation, alliance_id=alliance_id,
                              user=user)


def can_record_finding(user: Any, review: Any) -> bool:
    """Whether the person may record a finding or recommendation in the review (a
    ``reviews.Review``): an external reviewer of its alliance who accepted an invitation to this
    review, or whose role is held for a partner. Asks the database only for an external
    reviewer."""
    memberships = live_memberships(user, review.alliance_id)
    roles = {m.role for m in memberships}
    if Role.EXTERNAL_REVIEWER not in roles:
        return False
    partner_bound = any(m.role == Role.EXTERNAL_REVIEWER and m.partner_id is not None
                        for m in memberships)
    invited = review.invitations.filter(accepted_by=user, accepted_at__isnull=False).exists()
    return rules.may_record_finding(roles, invited=invited, partner_bound=partner_bound)


def can_edit_finding(user: Any, finding: Any) -> bool:
    """Whether the person may change the finding (a ``reviews.Finding``: its author, while an
    external reviewer of the alliance)."""
    roles = roles_in(user, finding.alliance_id)
    return bool(roles) and rules.may_edit_finding(
        roles, author=finding.author_id == getattr(user, "pk", None))


# --- plans: the annual plan (rules, "Plans"; docs/access.md, "Annual plan") --------------------

ACTIONS["alliance.view_plan"] = lambda roles, _own: rules.may_view_plan(roles)
ACTIONS["alliance.draft_plan"] = lambda roles, _own: rules.may_draft_plan(roles)
ACTIONS["partner.write_deployment"] = lambda roles, own: rules.may_write_deployment(
    roles, own_partner=own)
ACTIONS["partner.confirm_deployment"] = lambda roles, own: rules.may_confirm_deployment(
    roles, own_partner=own)
ACTIONS["partner.endorse_plan"] = lambda roles, own: rules.may_endorse_plan(roles,
                                                                           own_partner=own)
ACTIONS["partner.record_actual"] = lambda roles, own: rules.may_record_actual(roles,
                                                                             own_partner=own)


def acting_partner(user: Any, alliance_id: int, action: str) -> Partner | None:
    """The person's own partner when they may do the partner ``action`` for it, else None."""
    mine = own_partner(user, alliance_id)
    if mine is None or not ACTIONS[action](roles_in(user, alliance_id), True):
        return None
    return mine


# --- reports: the periodic report (rules, "Reports"; docs/access.md, "Periodic report") -------

ACTIONS["alliance.view_reports"] = lambda roles, _own: rules.may_view_reports(roles)
ACTIONS["alliance.run_report"] = lambda roles, _own: rules.may_run_report(roles)
ACTIONS["alliance.approve_report"] = lambda roles, _own: rules.may_approve_report(roles)
ACTIONS["partner.write_section"] = lambda roles, own: rules.may_write_section(
    roles, own_partner=own)
ACTIONS["partner.read_draft_section"] = lambda roles, own: rules.may_read_draft_section(
    roles, own_partner=own)


def section_writing_memberships(*, user: Any) -> QuerySet[Membership]:
    """The person's live memberships through which they write their partner's report section
    (rules.may_write_section for their own partner), across alliances: lazy, a subquery where
    it is used (the to-do list)."""
    if not _is_person(user):
        return Membership.objects.none()
    roles = _roles_where(lambda r: rules.may_write_section(r, own_partner=True))
    return Membership.objects.filter(live_membership_q(), person=user, role__in=roles,
                                     partner__isnull=False)


def section_writers(alliance_id: int, partner_ids: Collection[int]) -> dict[int, list[Person]]:
    """Per partner, the people with a live role who may write its report section (its own
    steering people: rules.may_write_section): whom a reminder reaches."""
    writers: dict[int, list[Person]] = {}
    memberships = (Membership.objects.filter(live_membership_q(), alliance_id=alliance_id,
                                             partner_id__in=list(partner_ids))
                   .select_related("person").order_by("person_id", "pk"))
    roles: dict[tuple[int, int], set[str]] = {}
    people: dict[int, Person] = {}
    for membership in memberships:
        if membership.partner_id is None:
            continue
        roles.setdefault((membership.partner_id, membership.person_id), set()).add(
            membership.role)
        people[membership.person_id] = membership.person
    for (partner_id, person_id), held in roles.items():
        if rules.may_write_section(held, own_partner=True):
            writers.setdefault(partner_id, []).append(people[person_id])
    return writers
