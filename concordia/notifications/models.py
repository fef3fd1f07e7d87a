"""In-app notifications, each also sent by e-mail as its person chose: immediately, in a daily
digest, or not at all."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from .choices import Delivery, MailState, NotificationKind


class Notification(models.Model):
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="notifications")
    alliance = models.ForeignKey("alliances.Alliance", on_delete=models.PROTECT,
                                 related_name="+")
    kind = models.CharField(max_length=24, choices=NotificationKind.choices)
    # What the text is made of, rendered in the reader's language when shown or mailed.
    params = models.JSONField(default=dict)
    url = models.CharField(max_length=300)
    # One notification per person per event: a retried request or a task run twice adds none.
    key = models.CharField(max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    mail = models.CharField(max_length=10, choices=MailState.choices,
                            default=MailState.PENDING)
    mailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["person", "read_at"], name="notification_unread"),
                   models.Index(fields=["mail", "person"], name="notification_mail"),
                   # An event that is over settles its notifications by key (an invitation).
                   models.Index(fields=["key"], name="notification_key")]
        constraints = [models.UniqueConstraint(fields=["person", "key"],
                                               name="notification_once_per_event")]

    def __str__(self) -> str:
        return f"{self.person}: {self.kind}"


class NotificationPreference(models.Model):
    """How a person wants one kind by e-mail; without a row, the kind's default applies."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="notification_preferences")
    kind = models.CharField(max_length=24, choices=NotificationKind.choices)
    delivery = models.CharField(max_length=12, choices=Delivery.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "kind"], name="preference_per_kind"),
            models.CheckConstraint(condition=Q(delivery__in=Delivery.values),
                                   name="preference_delivery_known"),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.kind} {self.delivery}"
