"""The daily review reminder of agreements, as a task for the worker (scheduled by cron or the
platform's scheduler: ``manage.py agreements_review_due`` does the same in the foreground)."""

from django.tasks import task

from . import services


@task()
def notify_reviews_due() -> int:
    """Tell the steering roles of agreements due for review (once per agreement and date)."""
    return services.agreements_review_due_notify()
