from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from concordia.core.name_rules import name_skeleton


class OrganisationKind(models.TextChoices):
    PUBLIC_BODY = "public_body", _("public body")
    COMPANY = "company", _("company")
    NON_PROFIT = "non_profit", _("non-profit")


class Organisation(models.Model):
    """An independent organisation; people belong to exactly one, alliances join several."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    # The TR39 skeleton of the name: two organisations whose names look alike share it, and
    # the constraint refuses the second even when two registrations race.
    name_skeleton = models.CharField(max_length=400, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    kvk_number = models.CharField(
        _("chamber of commerce number"), max_length=8, blank=True,
        help_text=_("Eight digits, if the organisation has one."),
    )
    oin = models.CharField(
        _("government OIN"), max_length=20, blank=True,
        help_text=_("Twenty digits, for public bodies."),
    )
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Derived from the name on every save, whoever saves: it cannot drift from the name.
        self.name_skeleton = name_skeleton(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_skeleton"}
        super().save(*args, **kwargs)
