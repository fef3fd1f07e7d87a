"""The journal kinds the alliances app appends, with their labels and one-line descriptions."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from concordia.journal.registry import Payload, register

from .choices import PartnerType, Role, Visibility

APP = "alliances"


def _choice_label(choices: Any, value: Any) -> str:
    return str(choices(value).label) if value in choices.values else str(value or "")


def describe_alliance(payload: Payload) -> str:
    return str(payload.get("name", ""))


def describe_partner(payload: Payload) -> str:
    """The organisation, with its partner type when the entry recorded one."""
    type_label = _choice_label(PartnerType, payload.get("partner_type", ""))
    organisation = str(payload.get("organisation", ""))
    return f"{organisation} — {type_label}" if type_label else organisation


def describe_role(payload: Payload) -> str:
    """The person, the role and the partner they hold it for."""
    role = _choice_label(Role, payload.get("role", ""))
    return f"{payload.get('person', '')} — {role} ({payload.get('partner', '')})"


register("AllianceCreated", label=_("Alliance created"), commitment=True, app=APP,
         describe=describe_alliance)
register("PartnerInvited", label=_("Partner invited"), commitment=False, app=APP,
         describe=describe_partner)
register("PartnerJoined", label=_("Partner joined"), commitment=True, app=APP,
         describe=describe_partner)
register("PartnerDeclined", label=_("Partner declined"), commitment=False, app=APP,
         describe=describe_partner)
register("PartnerLeft", label=_("Partner left"), commitment=True, app=APP,
         describe=describe_partner)
register("RoleGranted", label=_("Role granted"), commitment=False, app=APP,
         describe=describe_role)
register("RoleRevoked", label=_("Role revoked"), commitment=False, app=APP,
         describe=describe_role)


def describe_hand_over(payload: Payload) -> str:
    """The successor, the role and partner, and whom they took it over from."""
    return _("%(holder)s, previously %(previous)s") % {
        "holder": describe_role(payload), "previous": payload.get("previous", "")}


register("InvitationWithdrawn", label=_("Invitation withdrawn"), commitment=False, app=APP,
         describe=describe_role)
# The mandate of the whole alliance changes hands: shown among the recent commitments.
register("KeyAllianceManagerTransferred", label=_("Key alliance manager role transferred"),
         commitment=True, app=APP, describe=describe_hand_over)
register("CoordinatorHandedOver", label=_("Coordinator role handed over"), commitment=False,
         app=APP, describe=describe_hand_over)


def describe_document(payload: Payload) -> str:
    """The title of a document everyone in the alliance reads; otherwise only its visibility
    (the journal is read by everyone in the alliance)."""
    if payload.get("title"):
        return f"{payload['title']} ({payload.get('partner', '')})"
    visibility = _choice_label(Visibility, payload.get("visibility", ""))
    return f"{visibility} ({payload.get('partner', '')})"


def describe_roles_ended(payload: Payload) -> str:
    roles = ", ".join(_choice_label(Role, role) for role in payload.get("roles", []))
    return f"{payload.get('person', '')} — {roles} ({payload.get('partner', '')})"


register("PersonInvited", label=_("Person invited"), commitment=False, app=APP,
         describe=describe_role)
register("DocumentAdded", label=_("Document added"), commitment=False, app=APP,
         describe=describe_document)
register("PersonDeactivated", label=_("Roles ended: person deactivated"), commitment=False,
         app=APP, describe=describe_roles_ended)


def describe_organisation_invitation(payload: Payload) -> str:
    """The organisation (not registered yet), its partner type and the contact invited."""
    return f"{describe_partner(payload)} ({payload.get('person', '')})"


def describe_invited_registration(payload: Payload) -> str:
    """The organisation as registered, and the name it was invited under when that differs."""
    registered = describe_partner(payload)
    invited_as = str(payload.get("invited_as", ""))
    if invited_as and invited_as != payload.get("organisation"):
        return _("%(registered)s, invited as %(name)s") % {"registered": registered,
                                                          "name": invited_as}
    return registered


register("PartnerInvitationResent", label=_("Partner invitation sent again"), commitment=False,
         app=APP, describe=describe_partner)
register("PartnerInvitationWithdrawn", label=_("Partner invitation withdrawn"), commitment=False,
         app=APP, describe=describe_partner)
register("OrganisationInvited", label=_("Organisation invited to register"), commitment=False,
         app=APP, describe=describe_organisation_invitation)
register("OrganisationInvitationResent", label=_("Organisation invitation sent again"),
         commitment=False, app=APP, describe=describe_organisation_invitation)
register("OrganisationInvitationWithdrawn", label=_("Organisation invitation withdrawn"),
         commitment=False, app=APP, describe=describe_organisation_invitation)
register("InvitedOrganisationRegistered", label=_("Invited organisation registered"),
         commitment=False, app=APP, describe=describe_invited_registration)
