"""The one table of core: the stored answers of API writes sent with an Idempotency-Key
(``core/idempotency.py``)."""

from django.conf import settings
from django.db import models


class IdempotencyKey(models.Model):
    """The answer a person's write got, kept under the key they sent with it for a day, so a
    retry of the same request gets the same answer without doing the write again.

    The row is inserted before the operation runs and completed before its transaction commits:
    no one ever sees a row without its answer (see ``core/idempotency.py``)."""

    # The user model by name: core imports no domain app, and the foreign key needs no import.
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                               related_name="+", db_index=False)  # the unique pair leads with it
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of method, path and body.")
    status = models.PositiveSmallIntegerField(default=0)
    content_type = models.CharField(max_length=255, blank=True)
    location = models.CharField(max_length=2048, blank=True)
    body = models.BinaryField(default=b"")
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "key"], name="core_idempotency_key_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}:{self.key}"
