"""Run the task worker that fits the configured queue: the database worker by default, an RQ
worker (with its scheduler, for retries that wait) when REDIS_URL is set."""

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Run the task worker (mail and other slow work) for the configured queue."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", action="store_true",
                            help="Run the tasks that are due now, then stop.")

    def handle(self, *args: Any, batch: bool, **options: Any) -> None:
        backend = str(settings.TASKS["default"]["BACKEND"])
        verbosity = options["verbosity"]
        if backend.startswith("django_tasks_db."):
            call_command("db_worker", batch=batch, verbosity=verbosity)
        elif backend.startswith("django_tasks_rq."):
            call_command("rqworker", "default", job_class="django_tasks_rq.Job",
                         with_scheduler=not batch, burst=batch, verbosity=verbosity)
        else:
            raise CommandError(f"{backend} needs no worker: its tasks run where they are "
                               "enqueued.")
