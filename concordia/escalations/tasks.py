"""The daily reminder of overdue rungs, as a task for the worker (scheduled by cron or the
platform's scheduler: ``manage.py escalations_overdue`` does the same in the foreground)."""

from django.tasks import task

from . import services


@task()
def notify_overdue_bottlenecks() -> int:
    """Tell the owners of rungs past their deadline without a response (once per rung)."""
    return services.bottlenecks_overdue_notify()
