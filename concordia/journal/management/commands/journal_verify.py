import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from concordia.core.errors import DomainError
from concordia.journal.models import JournalEntry
from concordia.journal.services import checkpoint_parse, checkpoint_verify, journal_verify

# The alliances as the journal refers to them (its foreign key, named by label), so that the
# journal imports no domain app.
Alliance: Any = JournalEntry._meta.get_field("alliance").related_model


class Command(BaseCommand):
    help = ("Verify the journal per alliance (chain, seals, head); exit 1 when one is broken. "
            "With --checkpoint FILE: prove that today's journal still extends a checkpoint.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--alliance", type=int, help="Only this alliance's journal (ID).")
        parser.add_argument("--checkpoint", type=Path, metavar="FILE",
                            help="A checkpoint file downloaded from the journal page or API.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["checkpoint"] is not None:
            self._checkpoint(options["checkpoint"])
            return
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
                where = f" at entry #{report.first_bad_seq}" if report.first_bad_seq else ""
                self.stdout.write(f"alliance {alliance.pk} ({alliance.name}): BROKEN{where}: "
                                  f"{report.reason}")
        if broken:
            raise CommandError(f"{broken} journal(s) broken.")

    def _checkpoint(self, path: Path) -> None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            checkpoint = checkpoint_parse(data)
        except (OSError, ValueError, DomainError) as exc:
            raise CommandError(f"{path}: not a journal checkpoint ({exc}).") from exc
        report = checkpoint_verify(checkpoint=checkpoint)
        if not report.extends:
            self.stdout.write(f"alliance {checkpoint.alliance}: does NOT extend the checkpoint "
                              f"at entry #{checkpoint.seq}: {report.reason}")
            raise CommandError("The journal does not extend the checkpoint.")
        self.stdout.write(f"alliance {checkpoint.alliance}: extends the checkpoint at entry "
                          f"#{checkpoint.seq} ({checkpoint.hash[:16]}…), intact")
