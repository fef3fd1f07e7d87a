from django.db import models
from django.utils.translation import gettext_lazy as _


class PartnerType(models.TextChoices):
    OWNER = "owner", _("owner")
    CORE = "core", _("core partner")
    ECOSYSTEM = "ecosystem", _("ecosystem partner")
    COVENANT = "covenant", _("covenant partner")
    CUSTOMER = "customer", _("customer")
    SUPPLIER = "supplier", _("supplier")


class PartnerStatus(models.TextChoices):
    INVITED = "invited", _("invited")
    ACTIVE = "active", _("active")
    DECLINED = "declined", _("declined")
    LEFT = "left", _("left")
    WITHDRAWN = "withdrawn", _("invitation withdrawn")


class Role(models.TextChoices):
    KEY_ALLIANCE_MANAGER = "key_alliance_manager", _("key alliance manager")
    ALLIANCE_COORDINATOR = "alliance_coordinator", _("alliance coordinator")
    BOARD_MEMBER = "board_member", _("board member")
    LINE_MANAGER = "line_manager", _("line manager")
    AGENCY_STAFF = "agency_staff", _("alliance agency staff")
    PROFESSIONAL = "professional", _("professional")
    OBSERVER = "observer", _("observer")
    EXTERNAL_REVIEWER = "external_reviewer", _("external reviewer")


class Level(models.TextChoices):
    STRATEGIC = "strategic", _("strategic")
    TACTICAL = "tactical", _("tactical")
    OPERATIONAL = "operational", _("operational")


class Visibility(models.TextChoices):
    """Who among an alliance's people may read a record (decided in access.rules)."""

    ALLIANCE = "alliance", _("alliance (all partners)")
    PARTNER = "partner", _("partner-internal")
    CONFIDENTIAL = "confidential", _("confidential (named people)")
    PUBLIC = "public", _("public")


class MailStatus(models.TextChoices):
    """Where an invitation's mail is: queued for the worker, handed to the mail server, or given
    up after the last attempt ("mail not delivered")."""

    NONE = "none", _("no mail")
    QUEUED = "queued", _("mail queued")
    SENT = "sent", _("mail sent")
    FAILED = "failed", _("mail not delivered")


class OrganisationInvitationState(models.TextChoices):
    """Where an invitation of an organisation that is not registered yet stands (derived)."""

    WAITING = "waiting", _("waiting for the organisation to register")
    REGISTERED = "registered", _("registered; the partner invitation is answered separately")
    EXPIRED = "expired", _("expired: resend it or withdraw it")
    WITHDRAWN = "withdrawn", _("withdrawn")
