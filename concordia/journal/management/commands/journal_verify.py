from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from concordia.journal.models import JournalEntry
from concordia.journal.services import journal_verify

# The alliances as the journal refers to them (its foreign key, named by label), so that the
# journal imports no domain app.
Alliance: Any = JournalEntry._meta.get_field("alliance").related_model


class Command(BaseCommand):
    help = "Recompute the journal's hash chain per alliance; exit 1 when one is broken."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--alliance", type=int, help="Only this alliance's journal (ID).")

    def handle(self, *args: Any, **options: Any) -> None:
        alliances = Alliance.objects.order_by("pk")
        if options["alliance"] is not None:
            alliances = alliances.filter(pk=options["alliance"])
            if not alliances.exists():
                raise CommandError(f"No alliance with ID {options['alliance']}.")
        broken = 0
        for alliance in alliances:
            report = journal_verify(alliance_id=alliance.pk)
            if report.intact:
                self.stdout.write(f"alliance {alliance.pk} ({alliance.name}): intact, "
                                  f"{report.entries} entries")
            else:
                broken += 1
                self.stdout.write(f"alliance {alliance.pk} ({alliance.name}): BROKEN at entry "
                                  f"#{report.first_bad_seq}: {report.reason}")
        if broken:
            raise CommandError(f"{broken} journal(s) broken.")
