from typing import Any

from django.core.management.base import BaseCommand

from concordia.core.idempotency import expire_keys


class Command(BaseCommand):
    help = ("Delete the stored answers of Idempotency-Key requests past their 24 hours (run "
            "daily; an expired key already counts as new before it is deleted).")

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{expire_keys()} expired idempotency key(s) deleted")
