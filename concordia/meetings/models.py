"""Meetings of a body: series, agenda items, attendance per seat, minutes with versions and
corrections, and each person's secret calendar feed."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import (
    AttendanceStatus,
    CorrectionStatus,
    Frequency,
    ItemKind,
    ItemStatus,
    MeetingStatus,
    MinutesStatus,
)


class MeetingSeries(models.Model):
    """A recurring plan: the meetings it made are ordinary meetings that remember it."""

    body = models.ForeignKey("bodies.Body", on_delete=models.PROTECT, related_name="series")
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices)
    first_starts_at = models.DateTimeField(_("first meeting"))
    occurrences = models.PositiveSmallIntegerField(_("number of meetings"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.body} ({self.frequency})"


class Meeting(models.Model):
    body = models.ForeignKey("bodies.Body", on_delete=models.PROTECT, related_name="meetings")
    series = models.ForeignKey(MeetingSeries, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="meetings")
    title = models.CharField(_("title"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=90)
    location = models.CharField(_("location"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=MeetingStatus.choices,
                              default=MeetingStatus.PLANNED)
    # Rotating chair: the partner whose seat holder chairs; fixed chair: the person.
    chair_partner = models.ForeignKey("alliances.Partner", on_delete=models.PROTECT, null=True,
                                      blank=True, related_name="+",
                                      verbose_name=_("chairing partner"))
    chair_person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+",
                                     verbose_name=_("chair"))
    agenda_published_at = models.DateTimeField(null=True, blank=True)
    # RFC 5545: every change a calendar must see raises SEQUENCE; the UID never changes.
    sequence = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["body", "starts_at"], name="meeting_body_start")]
        constraints = [
            # A plan sent twice (or by two organisers at once) makes one meeting.
            models.UniqueConstraint(fields=["body", "starts_at"],
                                    condition=Q(status="planned"),
                                    name="one_planned_meeting_per_body_and_time"),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.body} {self.starts_at:%Y-%m-%d}"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="items")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    kind = models.CharField(_("kind"), max_length=12, choices=ItemKind.choices,
                            default=ItemKind.DISCUSSION)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                              blank=True, related_name="+", verbose_name=_("owner"))
    time_box_minutes = models.PositiveSmallIntegerField(_("time box (minutes)"), null=True,
                                                        blank=True)
    # Visible only to the body's members (and its secretary), in the agenda and the minutes.
    confidential = models.BooleanField(_("confidential"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=ItemStatus.choices,
                              default=ItemStatus.PROPOSED)
    documents = models.ManyToManyField("alliances.Document", blank=True, related_name="+",
                                       verbose_name=_("documents"))
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Optimistic check for edits: a stale change is refused, never a silent overwrite.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["meeting", "position", "pk"]
        constraints = [
            # A proposal sent twice makes one item (a withdrawn one may be proposed again).
            models.UniqueConstraint(fields=["meeting", "title"],
                                    condition=~Q(status="withdrawn"),
                                    name="agenda_item_title_once_per_meeting"),
        ]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    """Who sat in a seat at a meeting: the holder, their replacement, or nobody."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendance")
    seat = models.ForeignKey("bodies.Seat", on_delete=models.PROTECT, related_name="+")
    # The seat's holder at the time of the meeting (seats change hands).
    holder = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                               blank=True, related_name="+")
    status = models.CharField(_("attendance"), max_length=20, choices=AttendanceStatus.choices)
    replaced_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+",
                                    verbose_name=_("replaced by"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "seat"], name="attendance_once_per_seat"),
            models.CheckConstraint(condition=Q(status="replaced", replaced_by__isnull=False)
                                   | (~Q(status="replaced") & Q(replaced_by__isnull=True)),
                                   name="replacement_named_when_replaced"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.seat} {self.status}"


class Minutes(models.Model):
    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="minutes")
    status = models.CharField(_("status"), max_length=12, choices=MinutesStatus.choices,
                              default=MinutesStatus.DRAFT)
    # The number of the newest version (the draft being written, or the one approved).
    version = models.PositiveIntegerField(default=1)
    # Counts every change to the minutes (a draft saved, circulated, a version added, approved):
    # the optimistic check of whoever edits them.
    revision = models.PositiveIntegerField(default=1)
    corrections_until = models.DateField(_("corrections until"), null=True, blank=True)
    circulated_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_in = models.ForeignKey(Meeting, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("approved in"))
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")

    class Meta:
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return f"{self.meeting} ({self.status})"


class MinutesVersion(models.Model):
    """One version of the minutes: a summary and a note per agenda item. Kept for ever."""

    minutes = models.ForeignKey(Minutes, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    summary = models.TextField(_("summary"), blank=True, max_length=8000)
    # {"<agenda item id>": "what was said and agreed"}
    notes = models.JSONField(default=dict, blank=True)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    written_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["minutes", "number"]
        constraints = [models.UniqueConstraint(fields=["minutes", "number"],
                                               name="minutes_version_number")]

    def __str__(self) -> str:
        return f"{self.minutes} v{self.number}"


class Correction(models.Model):
    """A correction proposed by someone present, on one item or on the minutes as a whole."""

    minutes = models.ForeignKey(Minutes, on_delete=models.PROTECT, related_name="corrections")
    version = models.PositiveIntegerField()
    agenda_item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("agenda item"))
    text = models.TextField(_("proposed correction"), max_length=4000)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=CorrectionStatus.choices,
                              default=CorrectionStatus.OPEN)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["minutes", "proposed_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class CalendarFeed(models.Model):
    """A person's secret calendar address. Only a hash of its token is kept; revoking it (or
    making a new one) ends the old address."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="calendar_feeds")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person"],
                                               condition=Q(revoked_at__isnull=True),
                                               name="one_live_calendar_feed")]

    def __str__(self) -> str:
        return f"{self.person} ({'revoked' if self.revoked_at else 'live'})"
