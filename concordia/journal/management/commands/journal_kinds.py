from typing import Any

from django.core.management.base import BaseCommand
from django.utils import translation

from concordia.journal import registry


class Command(BaseCommand):
    help = "Print the registered journal kinds as the table docs/journal.md holds."

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override("en"):
            self.stdout.write(registry.documented_list())
