from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import (
    Level,
    MailStatus,
    OrganisationInvitationState,
    PartnerStatus,
    PartnerType,
    Role,
    Visibility,
)


class Alliance(models.Model):
    """Independent organisations that share one objective and run it together."""

    name = models.CharField(_("name"), max_length=200)
    purpose = models.CharField(_("short purpose"), max_length=500)
    started_on = models.DateField(_("start date"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("alliance")
        verbose_name_plural = _("alliances")

    def __str__(self) -> str:
        return self.name


class Partner(models.Model):
    """An organisation's place in an alliance; the row stays after it leaves (history)."""

    alliance = models.ForeignKey(Alliance, on_delete=models.PROTECT, related_name="partners")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="partnerships"
    )
    partner_type = models.CharField(_("partner type"), max_length=20, choices=PartnerType.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=PartnerStatus.choices, default=PartnerStatus.INVITED
    )
    invited_at = models.DateTimeField(auto_now_add=True)
    joined_at = models.DateTimeField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)
    # The mail that tells the invited organisation's administrators (sent by the task worker).
    invitation_mail_status = models.CharField(
        _("mail"), max_length=8, choices=MailStatus.choices, default=MailStatus.NONE)
    invitation_mail_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "organisation"], name="partner_once_per_alliance"
            ),
        ]

    def __str__(self) -> str:
        return str(self.organisation)


class Membership(models.Model):
    """A person's role in an alliance, at a level, on behalf of their organisation's partner.

    An outside reviewer (an external reviewer from no partner: a peer of another alliance, a
    Gateway-style review team) holds the role without a partner: they speak for none and read
    what the read-only roles read until their end date (docs/decisions/0015)."""

    alliance = models.ForeignKey(Alliance, on_delete=models.PROTECT, related_name="memberships")
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="memberships",
                                null=True, blank=True)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    granted_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["person__full_name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "person", "role"],
                condition=Q(revoked_at__isnull=True),
                name="one_live_role_per_person",
            ),
            models.UniqueConstraint(
                fields=["partner"],
                condition=Q(revoked_at__isnull=True, role="alliance_coordinator"),
                name="one_coordinator_per_partner",
            ),
            # One key alliance manager per alliance: a transfer ends the old role before the
            # new one starts; a lapsed holder's row is ended before a vacancy is filled.
            models.UniqueConstraint(
                fields=["alliance"],
                condition=Q(revoked_at__isnull=True, role="key_alliance_manager"),
                name="one_key_alliance_manager_per_alliance",
            ),
            models.CheckConstraint(
                condition=~Q(role="external_reviewer") | Q(ends_on__isnull=False),
                name="external_reviewer_has_end_date",
            ),
            # Only an external reviewer may come from outside the partners.
            models.CheckConstraint(
                condition=Q(partner__isnull=False) | Q(role="external_reviewer"),
                name="only_external_reviewer_without_partner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()}"


class Invitation(models.Model):
    """A single-use, expiring invitation for a person to take a role in an alliance.

    Only a SHA-256 hash of the link's token is stored.
    """

    alliance = models.ForeignKey(Alliance, on_delete=models.PROTECT, related_name="invitations")
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    ends_on = models.DateField(_("end date"), null=True, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # The mail with the link, sent by the task worker and retried; "failed" after the last try.
    mail_status = models.CharField(_("mail"), max_length=8, choices=MailStatus.choices,
                                   default=MailStatus.NONE)
    mail_attempts = models.PositiveSmallIntegerField(default=0)
    mail_updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.email


class Document(models.Model):
    """A shared reference (link and summary) of the alliance, with a visibility.

    The first alliance record that carries a visibility; later records follow its pattern.
    """

    alliance = models.ForeignKey(Alliance, on_delete=models.PROTECT, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"), blank=True)
    summary = models.TextField(_("summary"), blank=True, max_length=4000)
    visibility = models.CharField(
        _("visibility"), max_length=12, choices=Visibility.choices, default=Visibility.ALLIANCE
    )
    owner_partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="+", verbose_name=_("partner")
    )
    audience = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("named people")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title



class OrganisationInvitation(models.Model):
    """An invitation to join the alliance for an organisation that is not registered yet: its
    contact registers it through the mailed link (becoming its administrator) and then answers
    the partner invitation that the registration creates.

    Only a SHA-256 hash of the link's token is stored; resending replaces it, so the earlier
    link stops working.
    """

    alliance = models.ForeignKey(Alliance, on_delete=models.PROTECT,
                                 related_name="organisation_invitations")
    organisation_name = models.CharField(_("organisation name"), max_length=200)
    email = models.EmailField(_("contact's e-mail address"))
    partner_type = models.CharField(_("partner type"), max_length=20, choices=PartnerType.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("last sent"))
    expires_at = models.DateTimeField()
    times_sent = models.PositiveSmallIntegerField(default=1)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    # Set when the contact registered the organisation: the partner row it became.
    partner = models.OneToOneField(Partner, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="registration_invitation")
    registered_at = models.DateTimeField(null=True, blank=True)
    mail_status = models.CharField(_("mail"), max_length=8, choices=MailStatus.choices,
                                   default=MailStatus.NONE)
    mail_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.organisation_name

    @property
    def state(self) -> OrganisationInvitationState:
        if self.withdrawn_at is not None:
            return OrganisationInvitationState.WITHDRAWN
        if self.partner_id is not None:
            return OrganisationInvitationState.REGISTERED
        if self.expires_at <= timezone.now():
            return OrganisationInvitationState.EXPIRED
        return OrganisationInvitationState.WAITING

    @property
    def is_open(self) -> bool:
        """Still waiting for the registration: it can be resent or withdrawn."""
        return self.withdrawn_at is None and self.partner_id is None
