from typing import Any

from django.core.management.base import BaseCommand

from concordia.evaluation import services


class Command(BaseCommand):
    help = ("Close the evaluation rounds whose closing date has passed (safe to run at any "
            "time, as often as wanted; daily in production).")

    def handle(self, *args: Any, **options: Any) -> None:
        closed = services.rounds_close_due()
        self.stdout.write(f"{closed} round(s) closed")
