from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JournalEntry(models.Model):
    """One commitment, appended to an alliance's hash-chained journal. Never updated or deleted.

    The database refuses UPDATE and DELETE on this table (see migration 0002).
    """

    alliance = models.ForeignKey(
        "alliances.Alliance", on_delete=models.PROTECT, related_name="journal_entries"
    )
    seq = models.PositiveIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=60)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    actor_label = models.CharField(max_length=300)
    subject_type = models.CharField(max_length=60)
    subject_id = models.CharField(max_length=40)
    payload = models.JSONField(default=dict)
    recorded_at = models.DateTimeField(_("recorded at"))
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    # HMAC of the hash under JOURNAL_KEY: only the installation can seal (see rules.entry_seal).
    seal = models.CharField(max_length=64, default="")

    class Meta:
        ordering = ["alliance", "seq"]
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        constraints = [
            models.UniqueConstraint(fields=["alliance", "seq"], name="journal_seq_per_alliance"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.kind}"

    def content(self) -> dict[str, Any]:
        """What the hash covers: everything but the hashes themselves."""
        return {
            "alliance": self.alliance_id,
            "seq": self.seq,
            "kind": self.kind,
            "actor": self.actor_id,
            "actor_label": self.actor_label,
            "subject_type": self.subject_type,
            "subject_id": self.subject_id,
            "payload": self.payload,
            "recorded_at": self.recorded_at.isoformat(),
        }


class JournalHead(models.Model):
    """Where an alliance's journal ends: its last number and hash, sealed with JOURNAL_KEY.

    Moved forward in the same transaction as every append. The database refuses deleting a head,
    moving it back or replacing it (see migration 0003), so removing the last entries shows.
    """

    alliance = models.OneToOneField(
        "alliances.Alliance", on_delete=models.PROTECT, primary_key=True,
        related_name="journal_head"
    )
    seq = models.PositiveIntegerField()
    hash = models.CharField(max_length=64)
    seal = models.CharField(max_length=64)
    moved_at = models.DateTimeField()

    class Meta:
        verbose_name = _("journal head")
        verbose_name_plural = _("journal heads")

    def __str__(self) -> str:
        return f"head #{self.seq}"
