"""Send the daily digest: one mail per person with notifications waiting for it, grouped per
alliance. Run once a day (cron or a systemd timer, docs/deploy.md); running it twice sends
nothing the second time."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from concordia.notifications import mail


class Command(BaseCommand):
    help = "Send the daily notification digest (one mail per person, never an empty one)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--enqueue", action="store_true",
                            help="Hand the digest to the task worker instead of sending now.")

    def handle(self, *args: Any, enqueue: bool, **options: Any) -> None:
        if enqueue:
            mail.send_digests.enqueue()
            self.stdout.write("Digest queued for the task worker.")
            return
        report = mail.digest_send_all()
        self.stdout.write(f"Digest: {report.mails} mails with {report.notifications} "
                          f"notifications; {report.dropped} no longer mailed; "
                          f"{report.failed} failed (tried again on the next run).")
