"""Who may do what inside an alliance: pure functions over roles (no ORM, no request).

A person's *live* roles are those of unrevoked memberships, not past their end date, of an
active partner, held by an active person. Everything here takes those roles as plain values.
"""

from collections.abc import Collection
from datetime import date

# Importing choices keeps one name per role; choices.py itself has no ORM queries.
from concordia.alliances.choices import PartnerStatus, Role

READ_ONLY_ROLES = frozenset({Role.OBSERVER, Role.EXTERNAL_REVIEWER})
STEERING_ROLES = frozenset({Role.KEY_ALLIANCE_MANAGER, Role.ALLIANCE_COORDINATOR})
# Who may speak for a partner: accept an invitation, leave the alliance.
PARTNER_VOICE_ROLES = frozenset({Role.ALLIANCE_COORDINATOR, Role.BOARD_MEMBER})


def membership_is_live(
    *, revoked: bool, ends_on: date | None, partner_status: str, person_active: bool, today: date
) -> bool:
    return (
        not revoked
        and person_active
        and partner_status == PartnerStatus.ACTIVE
        and (ends_on is None or ends_on >= today)
    )


def may_view_alliance(roles: Collection[str]) -> bool:
    return bool(roles)


def may_invite_partner(roles: Collection[str]) -> bool:
    return bool(STEERING_ROLES & set(roles))


def may_invite_person(roles: Collection[str], *, own_partner: bool) -> bool:
    """The key alliance manager invites for any partner; a coordinator only for their own."""
    if Role.KEY_ALLIANCE_MANAGER in roles:
        return True
    return own_partner and Role.ALLIANCE_COORDINATOR in roles


def may_invite_people(roles: Collection[str]) -> bool:
    """Whether the person invites people for some partner (see ``may_invite_person``)."""
    return bool(STEERING_ROLES & set(roles))


def may_revoke_membership(roles: Collection[str], *, own_partner: bool) -> bool:
    return may_invite_person(roles, own_partner=own_partner)


def may_speak_for_partner(roles: Collection[str], *, own_partner: bool) -> bool:
    return own_partner and bool(PARTNER_VOICE_ROLES & set(roles))


def may_write_records(roles: Collection[str]) -> bool:
    """Read-only roles (observer, external reviewer) never write."""
    return bool(set(roles) - READ_ONLY_ROLES)


def may_edit_design(roles: Collection[str]) -> bool:
    """The alliance's design (profile, building blocks, glossary, statements) is steered by the
    key alliance manager and the coordinators."""
    return bool(STEERING_ROLES & set(roles))


def may_endorse_for_partner(roles: Collection[str], *, own_partner: bool) -> bool:
    """Only a partner's authorised representative — a board member of that very partner —
    endorses on its behalf."""
    return own_partner and Role.BOARD_MEMBER in roles


def may_define_for_partner(roles: Collection[str], *, own_partner: bool) -> bool:
    """A partner's people (not read-only roles) give that partner's own definition of a term."""
    return own_partner and may_write_records(roles)


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
