"""System checks of Concordia's own: what `manage.py check --deploy` must refuse."""

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def development_key_in_production(*args: Any, **kwargs: Any) -> list[Error]:
    """The development key is in the repository: anyone could forge sessions and tokens."""
    if settings.SECRET_KEY != settings.DEVELOPMENT_SECRET_KEY:
        return []
    return [Error(
        "SECRET_KEY is the public development key.",
        hint="Set SECRET_KEY to a long random value of this installation and unset "
             "CONCORDIA_ALLOW_INSECURE_KEY (only `make run` and `make test` set it).",
        id="concordia.E001",
    )]


@register(Tags.security, deploy=True)
def development_journal_key_in_production(*args: Any, **kwargs: Any) -> list[Error]:
    """With the public journal key anyone with the database could reseal a rewritten journal."""
    if settings.JOURNAL_KEY != settings.DEVELOPMENT_JOURNAL_KEY:
        return []
    return [Error(
        "JOURNAL_KEY is the public development key.",
        hint="Set JOURNAL_KEY to a long random value kept outside the database (not "
             "SECRET_KEY) and unset CONCORDIA_ALLOW_INSECURE_KEY.",
        id="concordia.E002",
    )]
