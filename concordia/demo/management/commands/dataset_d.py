from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from concordia.demo.dataset_d import build


class Command(BaseCommand):
    help = ("Make data set D for benchmarks and load tests (not for tests): 12 organisations, "
            "4 alliances, 1,500 people, and per alliance its bodies with seats, 1,500 "
            "meetings over ten years with agendas, attendance, minutes and actions, and 7,500 "
            "decisions with 75,000 votes. The structure goes through the services, what grows "
            "with the scale is written in bulk with its journal chained and sealed. Prints "
            "how long each part took and the counts. Run it on an empty database; --scale 1.0 "
            "takes a few minutes.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=float, default=1.0,
                            help="fraction of the people, of the ten years and of the decisions "
                                 "(default 1.0; 0.05 is a quick smoke run)")
        parser.add_argument("--seed", type=int, default=1,
                            help="seed of the random choices (default 1)")

    def handle(self, *args: Any, **options: Any) -> None:
        scale, seed = options["scale"], options["seed"]
        if not 0 < scale <= 10:
            raise CommandError("--scale must be above 0 and at most 10")
        try:
            build(scale=scale, seed=seed, out=lambda line: self.stdout.write(line))
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
