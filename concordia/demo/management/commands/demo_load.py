from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from concordia.demo.agreements import demo_agreements
from concordia.demo.blocks import demo_blocks
from concordia.demo.decisions import demo_decisions
from concordia.demo.design import demo_design, demo_documents, demo_stage_and_glossary
from concordia.demo.escalations import demo_escalations
from concordia.demo.evaluation import demo_evaluation
from concordia.demo.learning import demo_learning
from concordia.demo.meetings import demo_meetings
from concordia.demo.plans import demo_plans
from concordia.demo.reports import demo_reports
from concordia.demo.reviews import demo_reviews
from concordia.demo.scorecard import demo_scorecard
from concordia.demo.services import DEMO_PASSWORD, demo_load
from concordia.demo.settlement import demo_settlement


class Command(BaseCommand):
    help = ("Load the demo alliance for data and tax on wages (safe to run again), in the "
            "site's language (LANGUAGE_CODE) unless --language says otherwise.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--language", default=None,
                            help="nl or en (default: the site's language)")

    def handle(self, *args: Any, **options: Any) -> None:
        language = options["language"] or settings.LANGUAGE_CODE
        if language not in dict(settings.LANGUAGES):
            raise CommandError(f"Unknown language {language!r}.")
        # The demo's names and texts are written in the language active while it loads.
        with translation.override(language):
            alliance, logins = demo_load()
            demo_design(alliance)
            demo_blocks(alliance)
            demo_stage_and_glossary(alliance)
            demo_documents(alliance)
            demo_meetings(alliance)
            demo_decisions(alliance)
            demo_agreements(alliance)
            demo_escalations(alliance)
            demo_learning(alliance)
            demo_settlement(alliance)
            demo_evaluation(alliance)
            demo_scorecard(alliance)
            demo_plans(alliance)
            demo_reports(alliance)
            demo_reviews(alliance)
        self.stdout.write(self.style.SUCCESS(f"Demo alliance ready: {alliance.name}"))
        self.stdout.write(f"Log in at {settings.SITE_URL}/ with password '{DEMO_PASSWORD}':")
        for email, organisation, role in logins:
            self.stdout.write(f"  {email:<36} {organisation:<40} {role}")
