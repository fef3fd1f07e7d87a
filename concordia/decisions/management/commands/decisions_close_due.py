from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from concordia.decisions import services, tasks


class Command(BaseCommand):
    help = ("Close the written procedures whose deadline has passed and record their outcome "
            "(safe to run at any time, as often as wanted). With --enqueue: leave it to the "
            "worker.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--enqueue", action="store_true",
                            help="Queue the task for the worker instead of running it here.")

    def handle(self, *args: Any, enqueue: bool = False, **options: Any) -> None:
        if enqueue:
            tasks.close_due_decisions.enqueue()
            self.stdout.write("queued")
            return
        closed = services.decisions_close_due()
        self.stdout.write(f"{closed} decision(s) closed")
