from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from concordia.escalations import services, tasks


class Command(BaseCommand):
    help = ("Tell the owners of bottlenecks whose rung is past its deadline without a response "
            "(once per rung; safe to run more than once a day). With --enqueue: leave it to "
            "the worker.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--enqueue", action="store_true",
                            help="Queue the task for the worker instead of running it here.")

    def handle(self, *args: Any, enqueue: bool = False, **options: Any) -> None:
        if enqueue:
            tasks.notify_overdue_bottlenecks.enqueue()
            self.stdout.write("queued")
            return
        made = services.bottlenecks_overdue_notify()
        self.stdout.write(f"{made} notification(s) of overdue bottlenecks")
