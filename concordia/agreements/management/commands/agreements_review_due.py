from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from concordia.agreements import services, tasks


class Command(BaseCommand):
    help = ("Tell the key alliance manager and the coordinators who may read it that an "
            "agreement is due for review (from 30 days before its review date; once per "
            "agreement and review date, so safe to run more than once a day). With --enqueue: "
            "leave it to the worker.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--enqueue", action="store_true",
                            help="Queue the task for the worker instead of running it here.")

    def handle(self, *args: Any, enqueue: bool = False, **options: Any) -> None:
        if enqueue:
            tasks.notify_reviews_due.enqueue()
            self.stdout.write("queued")
            return
        made = services.agreements_review_due_notify()
        self.stdout.write(f"{made} notification(s) of agreements due for review")
