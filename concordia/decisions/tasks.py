"""Closing written procedures past their deadline, as a task for the worker (scheduled by cron
or the platform's scheduler: ``manage.py decisions_close_due`` does the same in the
foreground)."""

from django.tasks import task

from . import services


@task()
def close_due_decisions() -> int:
    """Close every written procedure whose deadline has passed."""
    return services.decisions_close_due()
