"""Who may do what inside an alliance: pure functions over roles (no ORM, no request).

A person's *live* roles are those of unrevoked memberships, not past their end date, of an
active partner, held by an active person. Everything here takes those roles as plain values.
"""

from collections.abc import Collection, Iterable
from datetime import date

# Importing choices keeps one name per role; choices.py itself has no ORM queries.
from concordia.alliances.choices import Level, PartnerStatus, Role
from concordia.meetings.choices import AttendanceStatus

READ_ONLY_ROLES = frozenset({Role.OBSERVER, Role.EXTERNAL_REVIEWER})
STEERING_ROLES = frozenset({Role.KEY_ALLIANCE_MANAGER, Role.ALLIANCE_COORDINATOR})
# Who may speak for a partner: accept an invitation, leave the alliance.
PARTNER_VOICE_ROLES = frozenset({Role.ALLIANCE_COORDINATOR, Role.BOARD_MEMBER})


def membership_is_live(
    *, revoked: bool, ends_on: date | None, partner_status: str | None, person_active: bool,
    today: date
) -> bool:
    """Whether a role counts now. ``partner_status`` None: a role held for no partner (an
    outside reviewer's), which depends on no partner's standing."""
    return (
        not revoked
        and person_active
        and (partner_status is None or partner_status == PartnerStatus.ACTIVE)
        and (ends_on is None or ends_on >= today)
    )


def may_view_alliance(roles: Collection[str]) -> bool:
    return bool(roles)


def may_invite_partner(roles: Collection[str]) -> bool:
    return bool(STEERING_ROLES & set(roles))


# Who may grant and revoke which role (docs/access.md, "Who grants which role").
# The roles a partner fills itself, for its own people only.
PARTNER_FILLED_ROLES = frozenset({Role.BOARD_MEMBER, Role.LINE_MANAGER, Role.PROFESSIONAL,
                                  Role.OBSERVER})
# The alliance's own roles, appointed by the key alliance manager for any partner's people.
ALLIANCE_APPOINTED_ROLES = frozenset({Role.AGENCY_STAFF, Role.EXTERNAL_REVIEWER})
# Roles held by one person at a time (per alliance, per partner): handed over, never expire.
SINGLE_HOLDER_ROLES = frozenset({Role.KEY_ALLIANCE_MANAGER, Role.ALLIANCE_COORDINATOR})
# Anyone holding one of these may grant or revoke some role in some situation; everyone else is
# refused before any id they name is looked up.
PEOPLE_MANAGING_ROLES = frozenset({Role.KEY_ALLIANCE_MANAGER, Role.ALLIANCE_COORDINATOR,
                                   Role.BOARD_MEMBER})


def _grant_allowed_by(actor_role: str, role: str, *, own_partner: bool, partner_is_owner: bool,
                      role_vacant: bool) -> bool:
    """Whether holding ``actor_role`` alone allows granting ``role`` for the partner."""
    if role == Role.KEY_ALLIANCE_MANAGER:
        # One per alliance, mandated by the board: a live holder hands it over by a transfer
        # (never by an invitation); only a vacancy is filled by the owner partner's board
        # member or coordinator, with one of the owner's own people.
        return (role_vacant and own_partner and partner_is_owner
                and actor_role in (Role.BOARD_MEMBER, Role.ALLIANCE_COORDINATOR))
    if role == Role.ALLIANCE_COORDINATOR:
        # One per partner: a live coordinator hands it over; a vacancy is filled by the
        # partner's own board member.
        return role_vacant and own_partner and actor_role == Role.BOARD_MEMBER
    if role in PARTNER_FILLED_ROLES:
        # The partner's coordinator (and the key alliance manager, who often is the owner's only
        # steering person) for their own partner; never for another partner.
        return own_partner and actor_role in STEERING_ROLES
    if role in ALLIANCE_APPOINTED_ROLES:
        return actor_role == Role.KEY_ALLIANCE_MANAGER
    return False


def _revoke_allowed_by(actor_role: str, role: str, *, own_partner: bool) -> bool:
    if role == Role.KEY_ALLIANCE_MANAGER:
        return False  # only ever ends by a transfer to the next key alliance manager
    if role == Role.ALLIANCE_COORDINATOR:
        # The partner's board member withdraws its coordinator's mandate; a coordinator hands
        # the role over instead.
        return own_partner and actor_role == Role.BOARD_MEMBER
    if role in PARTNER_FILLED_ROLES:
        return own_partner and actor_role in STEERING_ROLES
    if role in ALLIANCE_APPOINTED_ROLES:
        return actor_role == Role.KEY_ALLIANCE_MANAGER
    return False


def may_grant_role(actor_roles: Collection[str], role: str, *, own_partner: bool,
                   partner_is_owner: bool, role_vacant: bool = False) -> bool:
    """Whether a person with ``actor_roles`` (their live roles in the alliance) may grant
    ``role`` to someone of a partner: their ``own_partner`` or another, which is or is not the
    alliance's owner; ``role_vacant`` says whether a single-holder role has no holder now.
    Any one of the actor's roles that allows it is enough."""
    return any(_grant_allowed_by(r, role, own_partner=own_partner,
                                 partner_is_owner=partner_is_owner, role_vacant=role_vacant)
               for r in actor_roles)


def may_revoke_role(actor_roles: Collection[str], role: str, *, own_partner: bool,
                    partner_is_owner: bool) -> bool:
    """Whether a person with ``actor_roles`` may end someone's ``role`` held for a partner."""
    # Being the owner partner gives no extra power to end roles (the table's owner dimension is
    # checked all the same), unlike filling a vacant key alliance manager's place.
    del partner_is_owner
    return any(_revoke_allowed_by(r, role, own_partner=own_partner) for r in actor_roles)


def may_transfer_key_alliance_manager(actor_roles: Collection[str]) -> bool:
    """Only the live key alliance manager hands the role over."""
    return Role.KEY_ALLIANCE_MANAGER in actor_roles


def may_hand_over_coordinator(actor_roles: Collection[str]) -> bool:
    """Only the live coordinator hands over their own partner's coordinator role."""
    return Role.ALLIANCE_COORDINATOR in actor_roles


def may_manage_people(roles: Collection[str]) -> bool:
    """Whether the person may grant or revoke any role at all in the alliance: checked before
    any person, partner or membership they name is looked up."""
    return bool(PEOPLE_MANAGING_ROLES & set(roles))


def may_invite_person(roles: Collection[str], *, own_partner: bool) -> bool:
    """Whether the person may invite someone, in some role, for the partner (and so manage its
    open invitations): ``may_grant_role`` for any role, vacant or not, owner or not."""
    return any(may_grant_role(roles, role, own_partner=own_partner, partner_is_owner=owner,
                              role_vacant=True)
               for role in Role.values for owner in (False, True))


def may_speak_for_partner(roles: Collection[str], *, own_partner: bool) -> bool:
    return own_partner and bool(PARTNER_VOICE_ROLES & set(roles))


def may_write_records(roles: Collection[str]) -> bool:
    """Read-only roles (observer, external reviewer) never write."""
    return bool(set(roles) - READ_ONLY_ROLES)


def read_only_until(roles_ending: Collection[tuple[str, date | None]]) -> tuple[bool, date | None]:
    """Whether a person with these live roles (each with its end date or None) only reads, and
    the last day they may: the latest end date, or None when a role has none. A person with
    any role that writes is not read-only (so no end date is shown)."""
    if not roles_ending or may_write_records([role for role, _ends in roles_ending]):
        return False, None
    ends = [ends_on for _role, ends_on in roles_ending]
    return True, (None if None in ends else max(e for e in ends if e is not None))


def may_edit_design(roles: Collection[str]) -> bool:
    """The alliance's design (profile, building blocks, glossary, statements) is steered by the
    key alliance manager and the coordinators."""
    return bool(STEERING_ROLES & set(roles))


# Who may rate the development stage, unless the key alliance manager chose otherwise: the
# partners' people, not the read-only roles (an observer or reviewer looks on, it does not rate).
STAGE_RATER_ROLES = tuple(r.value for r in Role if r not in READ_ONLY_ROLES)
# The levels the key alliance manager may choose raters by (strategic, tactical, operational).
STAGE_RATER_LEVELS = tuple(Level.values)


def may_rate_stage(memberships: Collection[tuple[str, str]], *, own_partner: bool,
                   rater_roles: Collection[str], rater_levels: Collection[str] = ()) -> bool:
    """A partner's people rate the stage for that partner, as the key alliance manager chose:
    a person rates when one of their live memberships (role, level) has a chosen role OR a
    chosen level. Never for another partner; never through a read-only role, whatever level it
    is held at (an observer at the strategic level does not rate when "strategic" is chosen).
    Nothing chosen (no role, no level) lets nobody rate: the service refuses such a choice,
    and without any choice the default roles (STAGE_RATER_ROLES) rate. docs/decisions/0009."""
    roles, levels = set(rater_roles), set(rater_levels)
    return own_partner and any(role not in READ_ONLY_ROLES and (role in roles or level in levels)
                               for role, level in memberships)


def may_choose_stage_raters(roles: Collection[str]) -> bool:
    return Role.KEY_ALLIANCE_MANAGER in roles


def may_endorse_for_partner(roles: Collection[str], *, own_partner: bool) -> bool:
    """Only a partner's authorised representative — a board member of that very partner —
    endorses on its behalf."""
    return own_partner and Role.BOARD_MEMBER in roles


def may_withdraw_proposal(roles: Collection[str]) -> bool:
    """The key alliance manager takes a proposed objective, values statement or agreed
    definition off the table (the version in force stays); the coordinators propose but do not
    withdraw, so that withdrawing stays one person's accountable act."""
    return Role.KEY_ALLIANCE_MANAGER in roles


def may_define_for_partner(roles: Collection[str], *, own_partner: bool) -> bool:
    """A partner's people (not read-only roles) give that partner's own definition of a term."""
    return own_partner and may_write_records(roles)


def may_write_partner_words(roles: Collection[str], *, own_partner: bool) -> bool:
    """A partner's own words — its own interest, the resistance expected there, its definitions
    of terms — are written by that partner's people who may write, nobody else."""
    return own_partner and may_write_records(roles)


def may_draft_partner_words(roles: Collection[str], *, own_partner: bool) -> bool:
    """The key alliance manager may draft another partner's words, but only where that partner
    has written nothing yet (the service checks that); the draft stays marked as the key
    alliance manager's until the partner edits it."""
    return not own_partner and Role.KEY_ALLIANCE_MANAGER in roles


def may_read_resistance(roles: Collection[str], *, own_partner: bool) -> bool:
    """The resistance expected at a partner can be politically sensitive (it names where the
    partner's own organisation will push back). The steering roles read it for every partner —
    they plan the mitigation; a partner's own people read their partner's, except an external
    reviewer, who is nobody's own. Other partners' board members, line managers, professionals,
    observers and every external reviewer do not."""
    if STEERING_ROLES & set(roles):
        return True
    return own_partner and bool(set(roles) - {Role.EXTERNAL_REVIEWER})


def may_see_record(
    *, visibility: str, is_alliance_member: bool, same_partner: bool, in_audience: bool
) -> bool:
    if visibility == "public":
        return True
    if not is_alliance_member:
        return False
    if visibility == "alliance":
        return True
    if visibility == "partner":
        return same_partner
    return in_audience  # confidential


def invitable_roles_check(role: str, ends_on: date | None, today: date) -> str | None:
    """Return an error message key when the role/end date combination is not allowed."""
    if role == Role.EXTERNAL_REVIEWER and ends_on is None:
        return "external_reviewer_needs_end_date"
    if role in SINGLE_HOLDER_ROLES and ends_on is not None:
        # A key alliance manager or coordinator is handed over, never left to lapse: a lapsed
        # holder would leave the role neither held nor free.
        return "single_holder_has_no_end_date"
    if ends_on is not None and ends_on < today:
        return "end_date_in_past"
    return None


# --- Organisation actions ---------------------------------------------------------------------
# An organisation's own people see its members and keep advice with it; its administrators also
# edit it, deactivate its people and answer its invitations to alliances. Roles in alliances
# never grant anything over an organisation.


def may_edit_organisation(*, same_organisation: bool, is_admin: bool) -> bool:
    return same_organisation and is_admin


def may_deactivate_person(*, same_organisation: bool, is_admin: bool) -> bool:
    """An administrator of the person's own organisation (whether the person is oneself is a
    domain refusal, not a permission)."""
    return same_organisation and is_admin


def may_answer_invitation(*, same_organisation: bool, is_admin: bool) -> bool:
    """An administrator of the invited organisation accepts or declines for it."""
    return same_organisation and is_admin


def may_view_members(*, same_organisation: bool, is_admin: bool) -> bool:  # noqa: ARG001
    # ARG001: every organisation rule takes the same two facts; this one needs only the first.
    return same_organisation


def may_keep_organisation_advice(*, same_organisation: bool, is_admin: bool) -> bool:  # noqa: ARG001
    return same_organisation


def may_view_organisation_alliances(*, same_organisation: bool, is_admin: bool) -> bool:  # noqa: ARG001
    """The organisation's portfolio: which alliances it takes part in (names only)."""
    return same_organisation


# --- Bodies and meetings (docs/access.md, "Bodies and meetings") ------------------------------
# Facts about the person and one body, beside their roles in the alliance:
# - member: holds a live seat of the body (as holder or substitute) or is its secretary;
# - organiser: its secretary, its fixed chair, or — with a rotating chair — a seat holder (each
#   chairs in turn);
# - present: was at the meeting in question (in person or as the replacement of a seat);
# - empty: the seat in question has neither a holder nor a substitute.


def may_set_up_bodies(roles: Collection[str]) -> bool:
    """The alliance's structure (bodies, their rules, which partners have seats) is part of its
    design: the key alliance manager and the coordinators."""
    return may_edit_design(roles)


def may_fill_seat(roles: Collection[str], *, own_partner: bool) -> bool:
    """Who sits in a partner's seat is that partner's own business: its coordinator (or the key
    alliance manager, for their own partner)."""
    return own_partner and bool(STEERING_ROLES & set(roles))


def may_remove_seat(roles: Collection[str], *, own_partner: bool, empty: bool) -> bool:
    """A seat leaves a body by the steering roles (the structure is the design), but a seat
    someone holds or stands in for is its partner's representation: only that partner's own
    steering person gives it up. Another partner's seat goes only once it is empty."""
    return may_set_up_bodies(roles) and (own_partner or empty)


def may_read_confidential(roles: Collection[str], *, member: bool) -> bool:
    """Confidential agenda items and their minutes: the body's members only."""
    return member and may_view_alliance(roles)


def may_write_in_body(roles: Collection[str], *, member: bool) -> bool:
    """Propose agenda items: any member of the body who may write at all."""
    return member and may_write_records(roles)


def may_organise_body(roles: Collection[str], *, organiser: bool) -> bool:
    """Plan meetings, order and publish the agenda, record attendance, write and circulate the
    minutes, settle corrections and record the approval: the chair or the secretary."""
    return organiser and may_write_records(roles)


def present_people(attendance: Iterable[tuple[str, int | None, int | None]]) -> set[int]:
    """The ids of the people who were at a meeting, from (status, holder id, replaced by id)
    per seat: the holder when present, the replacement when someone else filled the seat."""
    people: set[int] = set()
    for status, holder_id, replaced_by_id in attendance:
        if status == AttendanceStatus.PRESENT and holder_id is not None:
            people.add(holder_id)
        elif status == AttendanceStatus.REPLACED and replaced_by_id is not None:
            people.add(replaced_by_id)
    return people


def may_correct_minutes(roles: Collection[str], *, present: bool) -> bool:
    """Corrections come from those who were there."""
    return present and may_write_records(roles)


def may_update_action(roles: Collection[str], *, owner: bool, organiser: bool,
                      creator: bool) -> bool:
    """An action is updated by its owner (the person, or a person of the owning partner), by
    whoever gave it, and by the organisers of its body."""
    return (owner or organiser or creator) and may_write_records(roles)


def may_create_action(roles: Collection[str], *, organiser: bool) -> bool:
    """Actions of a body come from its organisers; actions of the alliance as a whole (an
    improvement action, say) from the key alliance manager and the coordinators."""
    return may_write_records(roles) and (organiser or bool(STEERING_ROLES & set(roles)))


# --- Bodies and meetings: who sits in a body and who serves it (bodies) -----------------------


def may_hold_seat(roles: Collection[str], *, own_partner: bool) -> bool:
    """A partner's seat (as holder or substitute) is for that partner's own people who may
    write: observers and external reviewers read and never sit."""
    return own_partner and may_write_records(roles)


def may_serve_body(roles: Collection[str]) -> bool:
    """A body's fixed chair and its secretary organise it, so they are people of the alliance
    who may write."""
    return may_write_records(roles)


# --- Decisions (docs/access.md, "Decisions") ---------------------------------------------------
# Facts about the person and one decision (or its body), beside their roles in the alliance:
# - organiser: organises the decision's body (its secretary, its fixed chair or, with a rotating
#   chair, a seat holder: "Bodies and meetings");
# - member: a member of the body (a live seat as holder or substitute, or its secretary);
# - confidential: the proposal comes out of a confidential agenda item;
# - own partner: the voting unit (or the delegate's partner) is of the person's own partner;
# - authorised: the partner authorised the person for the body (a live seat of that partner as
#   holder or substitute, or a named delegate) — for a vote per seat, the seat is theirs; per
#   person, they hold a seat;
# - proposer: put the proposal;
# - secret, closed: the ballot is secret; the decision is closed;
# - own unit: the vote is for a unit the person may vote for.


def may_read_decision(roles: Collection[str], *, confidential: bool, member: bool) -> bool:
    """Decisions are read by everyone in the alliance, like the bodies they are taken in; one
    out of a confidential agenda item only by the body's members (like the item)."""
    return may_view_alliance(roles) and (not confidential or member)


def may_propose_decision(roles: Collection[str], *, organiser: bool) -> bool:
    """Proposals are put to a body by its organisers (chair, secretary) and by the steering
    roles (key alliance manager, coordinators)."""
    return may_write_records(roles) and (organiser or bool(STEERING_ROLES & set(roles)))


def may_vote_for_unit(roles: Collection[str], *, own_partner: bool, authorised: bool) -> bool:
    """Only a partner's authorised members vote for it: seat holder, substitute or named
    delegate of that very partner, with a role that may write."""
    return own_partner and authorised and may_write_records(roles)


def may_close_decision(roles: Collection[str], *, organiser: bool) -> bool:
    """The body's organisers close a vote and record the outcome (a written procedure closes
    by itself at its deadline)."""
    return organiser and may_write_records(roles)


def may_withdraw_decision(roles: Collection[str], *, proposer: bool, organiser: bool) -> bool:
    """An open proposal is withdrawn by whoever put it or by the body's organisers."""
    return (proposer or organiser) and may_write_records(roles)


def may_see_votes(roles: Collection[str], *, secret: bool, closed: bool, own_unit: bool) -> bool:
    """Votes are open to everyone who reads the decision; a secret ballot's only once it is
    closed — before that, a person sees only the votes of the units they vote for."""
    return may_view_alliance(roles) and (closed or not secret or own_unit)


def may_name_delegate(roles: Collection[str], *, own_partner: bool) -> bool:
    """Who casts a partner's vote is that partner's own business, as who sits in its seats:
    its coordinator (or the key alliance manager, for their own partner)."""
    return may_fill_seat(roles, own_partner=own_partner)


def may_add_follow_up(roles: Collection[str], *, organiser: bool) -> bool:
    """Linking an action as a decision's follow-up: as giving one, the body's organisers and
    the steering roles."""
    return may_create_action(roles, organiser=organiser)



# --- Escalations (docs/access.md, "Escalations") -----------------------------------------------
# Facts about the person and one bottleneck, beside their roles in the alliance:
# - concerned: a person of one of the partners the bottleneck concerns;
# - involved: raised it, or owns or owned one of its rungs;
# - at board: it has reached the board's rung (or the top rung above it);
# - alliance-wide: its raiser made it visible to everyone with a role;
# - owner: owns the rung it stands on now;
# - raiser: raised it.


def may_see_bottleneck(roles: Collection[str], *, concerned: bool, involved: bool,
                       at_board: bool, alliance_wide: bool) -> bool:
    """A bottleneck is seen by the people of the partners concerned, the key alliance manager
    and the coordinators, whoever raised it or owns (owned) a rung, the board's members once it
    reaches the board, and everyone with a role when it is alliance-wide."""
    if not roles:
        return False
    if alliance_wide or concerned or involved or STEERING_ROLES & set(roles):
        return True
    return at_board and Role.BOARD_MEMBER in roles


def may_raise_bottleneck(roles: Collection[str]) -> bool:
    """Anyone with a role who may write raises a bottleneck."""
    return may_write_records(roles)


def may_record_attempt(roles: Collection[str], *, concerned: bool, owner: bool) -> bool:
    """The horizontal attempt is the people concerned trying among themselves: it is recorded
    by people of the partners concerned (and by the rung's owner)."""
    return (concerned or owner) and may_write_records(roles)


def may_move_bottleneck(roles: Collection[str], *, owner: bool) -> bool:
    """Escalate, respond on the rung, resolve: the current rung's owner and the steering
    roles."""
    return may_write_records(roles) and (owner or bool(STEERING_ROLES & set(roles)))


def may_withdraw_bottleneck(roles: Collection[str], *, raiser: bool) -> bool:
    """Only whoever raised it withdraws it."""
    return raiser and may_write_records(roles)


def may_set_up_ladder(roles: Collection[str]) -> bool:
    """The alliance's own top rung is part of its design: the steering roles."""
    return may_edit_design(roles)


def may_own_coordinators_rung(roles: Collection[str]) -> bool:
    """The coordinators' rung is owned by an alliance coordinator (who assembles the team)."""
    return Role.ALLIANCE_COORDINATOR in roles


def may_own_manager_rung(roles: Collection[str]) -> bool:
    """The key alliance manager's rung is theirs."""
    return Role.KEY_ALLIANCE_MANAGER in roles


def may_own_rung(roles: Collection[str]) -> bool:
    """The horizontal attempt, the board's rung and the top rung are owned by a person with a
    role who may write (the raiser, or a person named)."""
    return may_write_records(roles)


# --- Agreements (docs/access.md, "Agreements") -------------------------------------------------

# Facts about the person and one agreement, beside their roles in the alliance:
# - in circle: the agreement's visibility lets them read it (may_see_record: everyone in the
#   alliance; the people of its parties, "partners concerned"; or the named people);
# - own party: their own partner is a party to the agreement (to the version, for signing).

# Who signs an agreement for a partner: that partner's board member or coordinator, or the key
# alliance manager for their own partner (often the owner, which may have no coordinator).
AGREEMENT_SIGNING_ROLES = frozenset({Role.BOARD_MEMBER, Role.ALLIANCE_COORDINATOR,
                                     Role.KEY_ALLIANCE_MANAGER})


def may_draft_agreement(roles: Collection[str]) -> bool:
    """Register agreements, change their particulars and propose new versions: the steering
    roles (the key alliance manager and the coordinators)."""
    return bool(STEERING_ROLES & set(roles))


def may_sign_agreement(roles: Collection[str], *, own_party: bool) -> bool:
    """Sign a version for a party, or withdraw that signature before the version is in force:
    only for the person's own partner, and only by those the partner authorises."""
    return own_party and bool(AGREEMENT_SIGNING_ROLES & set(roles))


def may_read_agreement(roles: Collection[str], *, in_circle: bool, own_party: bool) -> bool:
    """Agreements follow document visibility: whoever's circle it is in reads it (observers and
    external reviewers too). Those who sign for a party always read what their partner is
    asked to sign, whatever its visibility."""
    if not roles:
        return False
    return in_circle or may_sign_agreement(roles, own_party=own_party)


# --- Learning (docs/access.md, "Health checks and lessons learned") ---------------------------
# Facts about the person and one lesson learned, beside their roles in the alliance:
# - author: recorded the lesson.

# The alliance's core team: the key alliance manager and the partners' coordinators, who steer
# the alliance between board meetings and take its pulse in a pillar health check.
CORE_TEAM_ROLES = frozenset({Role.KEY_ALLIANCE_MANAGER, Role.ALLIANCE_COORDINATOR})


def may_score_pillars(roles: Collection[str]) -> bool:
    """A pillar health check is held and scored by the core team: the key alliance manager and
    the coordinators (everyone with a role reads its result)."""
    return bool(CORE_TEAM_ROLES & set(roles))


def may_record_lesson(roles: Collection[str]) -> bool:
    """Any member of the alliance who may write records a lesson learned (observers and
    external reviewers read them)."""
    return may_write_records(roles)


def may_edit_lesson(roles: Collection[str], *, author: bool) -> bool:
    """A lesson is changed by whoever recorded it, or by the key alliance manager — who keeps
    the alliance's memory in order after its author has left."""
    return may_write_records(roles) and (author or Role.KEY_ALLIANCE_MANAGER in roles)


# --- Evaluation (docs/access.md, "Evaluation") -------------------------------------------------

# The annual evaluation is the key alliance manager's instrument (building block 18): they open
# a round, remind, close it and shape the year's statements. Everyone with a role sees the
# rounds, the statements and how many answered. Answering needs no role at all: the personal
# link is the only proof (a person invited while in the alliance may have left since).


def may_view_evaluation(roles: Collection[str]) -> bool:
    """The rounds, the statements and the response counts: everyone with a role."""
    return may_view_alliance(roles)


def may_run_evaluation(roles: Collection[str]) -> bool:
    """Open, remind and close a round; add and retire the alliance's statements: the key
    alliance manager."""
    return Role.KEY_ALLIANCE_MANAGER in roles


# --- Settlement (docs/access.md, "Cost settlement") -------------------------------------------

# Facts about the person and one partner, beside their roles in the alliance:
# - own partner: the partner booked for, or confirmed for, is the person's own.
# The books are open: everyone with a role reads every booking and the computation.

# Who confirms a quarter's settlement for a partner: those who sign for it (the partner's board
# member or coordinator, the key alliance manager for their own partner).
SETTLEMENT_CONFIRMING_ROLES = AGREEMENT_SIGNING_ROLES


def may_read_books(roles: Collection[str]) -> bool:
    """The settlement models, every booking and every quarter's settlement: everyone with a
    role (open books; observers and external reviewers read them too)."""
    return may_view_alliance(roles)


def may_choose_settlement_model(roles: Collection[str]) -> bool:
    """Record the model the alliance decided for a cost category: the key alliance manager and
    the coordinators (the decision itself is the body's)."""
    return bool(STEERING_ROLES & set(roles))


def may_book_cost(roles: Collection[str], *, own_partner: bool) -> bool:
    """Book a cost or a contribution in kind (or correct one): for the person's own partner
    only, by anyone of it who may write."""
    return own_partner and may_write_records(roles)


def may_confirm_settlement(roles: Collection[str], *, own_partner: bool) -> bool:
    """Confirm a quarter's settlement for a partner: its own signing people only."""
    return own_partner and bool(SETTLEMENT_CONFIRMING_ROLES & set(roles))


# --- Scorecard (docs/access.md, "Scorecard") ---------------------------------------------------
# Facts about the person and one indicator, beside their roles in the alliance:
# - own partner: the indicator is owned by the person's own partner.
#
# Everyone with a role reads the scorecard (it is the alliance's: observers and external
# reviewers too). The core team defines what the alliance measures itself by; a partner reports
# the values of the indicators it owns, through its people who write.


def may_view_scorecard(roles: Collection[str]) -> bool:
    """The indicators, their targets, status, trend and every value's history: every role."""
    return may_view_alliance(roles)


def may_define_indicator(roles: Collection[str]) -> bool:
    """Define indicators and set their targets: the key alliance manager and the
    coordinators."""
    return bool(STEERING_ROLES & set(roles))


def may_enter_measurement(roles: Collection[str], *, own_partner: bool) -> bool:
    """Enter or correct a value of an indicator (form, upload, API): the people of the partner
    that owns it, with a role that writes."""
    return own_partner and may_write_records(roles)


# --- Reviews (docs/access.md, "External review") ---------------------------------------------
# Facts about the person and one finding or review, beside their roles in the alliance:
# - author: the person recorded the finding or recommendation.
# - invited: the person accepted an invitation to this review (their outside reviewer's role
#   came from it).
# - partner-bound: the person's external reviewer's role is held for a partner (granted as any
#   role before outside reviewers existed, docs/decisions/0015 and its amendment).
#
# A review is the alliance's: everyone with a role reads its findings and recommendations
# (the outside reviewers too, until their end date). The key alliance manager runs it; the
# external reviewers record (their own role only writes there); the board answers a
# recommendation: the board members of every partner and the key alliance manager, and an
# accepted recommendation becomes an improvement action on that authority alone
# (docs/decisions/0019).

# Who answers a recommendation for the alliance: its board members and the key alliance manager.
RECOMMENDATION_ANSWERING_ROLES = frozenset({Role.BOARD_MEMBER, Role.KEY_ALLIANCE_MANAGER})


def may_read_reviews(roles: Collection[str]) -> bool:
    """The reviews, their findings and recommendations and how the board answered: every
    role."""
    return may_view_alliance(roles)


def may_run_review(roles: Collection[str]) -> bool:
    """Open a review, invite, re-send or withdraw its reviewers' invitations, submit it: the
    key alliance manager."""
    return Role.KEY_ALLIANCE_MANAGER in roles


def may_record_finding(roles: Collection[str], *, invited: bool, partner_bound: bool) -> bool:
    """Record a finding or a recommendation in an open review: an external reviewer, in the
    review they were invited to (an invitation gives a role in the alliance, not a place in
    every review); one whose role is held for a partner, who was granted it for the alliance
    and can take up no invitation, in any review of their alliance (decision 0015, amended)."""
    return Role.EXTERNAL_REVIEWER in roles and (invited or partner_bound)


def may_edit_finding(roles: Collection[str], *, author: bool) -> bool:
    """Change a finding or recommendation until the review is submitted: its author, while
    they are an external reviewer."""
    return author and Role.EXTERNAL_REVIEWER in roles


def may_answer_recommendation(roles: Collection[str]) -> bool:
    """Accept (as an improvement action) or decline a recommendation: the board members of
    any partner and the key alliance manager."""
    return bool(RECOMMENDATION_ANSWERING_ROLES & set(roles))


def review_open_for_findings(*, submitted: bool, starts_on: date, ends_on: date,
                             today: date) -> bool:
    """Findings are recorded and changed while the review is not submitted and today lies
    within its dates."""
    return not submitted and starts_on <= today <= ends_on


# --- Plans (docs/access.md, "Annual plan") ------------------------------------------------------
# Facts about the person and one partner, beside their roles in the alliance:
# - own partner: the partner whose deployment, confirmation, endorsement or actuals it is, is
#   the person's own.
#
# Everyone with a role reads the plan (observers and external reviewers too). The key alliance
# manager drafts it, adjusts it and proposes it for adoption; a partner writes and confirms only
# its own deployment, through its steering person (its coordinator, or the key alliance manager
# for their own partner); where the alliance has no board yet, a partner's board member endorses
# the plan for it; anyone of a partner who writes records what it actually deployed.


def may_view_plan(roles: Collection[str]) -> bool:
    """The plans, their versions with reasons, deployments, confirmations and plan vs actual:
    every role."""
    return may_view_alliance(roles)


def may_draft_plan(roles: Collection[str]) -> bool:
    """Start a year's plan, write its objectives and activities, adjust it by a new version
    and propose a version for adoption: the key alliance manager."""
    return Role.KEY_ALLIANCE_MANAGER in roles


def may_write_deployment(roles: Collection[str], *, own_partner: bool) -> bool:
    """Write what a partner commits to an activity: its own steering person only."""
    return own_partner and bool(STEERING_ROLES & set(roles))


def may_confirm_deployment(roles: Collection[str], *, own_partner: bool) -> bool:
    """Confirm a partner's deployment in a version: its own steering person only."""
    return own_partner and bool(STEERING_ROLES & set(roles))


def may_endorse_plan(roles: Collection[str], *, own_partner: bool) -> bool:
    """Endorse a proposed plan for a partner (where the alliance has no board yet): that
    partner's board member, as for the objective."""
    return own_partner and Role.BOARD_MEMBER in roles


def may_record_actual(roles: Collection[str], *, own_partner: bool) -> bool:
    """Record what a partner actually deployed on an activity and its progress: anyone of that
    partner who writes."""
    return own_partner and may_write_records(roles)


# --- Reports (docs/access.md, "Periodic report") ---------------------------------------------
# Facts about the person and one partner, beside their roles in the alliance:
# - own partner: the section is of the person's own partner.
#
# Everyone with a role reads the report: what it compiles (scorecard, plan vs actual, decisions
# and escalations as each reader may see them), the overall part and every submitted section
# (observers and external reviewers too). A section not submitted yet is read only by its own
# partner's people who write; the key alliance manager sees only that it is missing. The key
# alliance manager opens the report, writes its overall part and reminds; a partner's section
# is written and submitted by its steering person (its coordinator, or the key alliance manager
# for their own partner); the board approves it — any partner's board member or the key
# alliance manager, as for a review's recommendations (docs/decisions/0021).

REPORT_APPROVING_ROLES = frozenset({Role.BOARD_MEMBER, Role.KEY_ALLIANCE_MANAGER})


def may_view_reports(roles: Collection[str]) -> bool:
    """The reports, their compiled parts, the overall part and the submitted sections: every
    role."""
    return may_view_alliance(roles)


def may_run_report(roles: Collection[str]) -> bool:
    """Open a report, write its overall part, remind the partners that have not submitted:
    the key alliance manager."""
    return Role.KEY_ALLIANCE_MANAGER in roles


def may_write_section(roles: Collection[str], *, own_partner: bool) -> bool:
    """Write and submit a partner's section: its own steering person only."""
    return own_partner and bool(STEERING_ROLES & set(roles))


def may_read_draft_section(roles: Collection[str], *, own_partner: bool) -> bool:
    """Read a partner's section before it is submitted: that partner's people who write."""
    return own_partner and may_write_records(roles)


def may_approve_report(roles: Collection[str]) -> bool:
    """Approve a report for the board: any partner's board member or the key alliance
    manager."""
    return bool(REPORT_APPROVING_ROLES & set(roles))
