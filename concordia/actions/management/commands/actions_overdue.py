from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from concordia.actions import services, tasks


class Command(BaseCommand):
    help = ("Tell the owners of open actions past their due date (once per action and due "
            "date; safe to run more than once a day). With --enqueue: leave it to the worker.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--enqueue", action="store_true",
                            help="Queue the task for the worker instead of running it here.")

    def handle(self, *args: Any, enqueue: bool = False, **options: Any) -> None:
        if enqueue:
            tasks.notify_overdue_actions.enqueue()
            self.stdout.write("queued")
            return
        made = services.actions_overdue_notify()
        self.stdout.write(f"{made} notification(s) of overdue actions")
