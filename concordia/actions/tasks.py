"""The daily reminder of overdue actions, as a task for the worker (scheduled by cron or the
platform's scheduler: ``manage.py actions_overdue`` does the same in the foreground)."""

from django.tasks import task

from . import services


@task()
def notify_overdue_actions() -> int:
    """Tell owners of overdue actions (once per action and due date)."""
    return services.actions_overdue_notify()
