from django.apps import AppConfig


class ScorecardConfig(AppConfig):
    name = "concordia.scorecard"
    label = "scorecard"

    def ready(self) -> None:
        from . import journal_kinds  # noqa: F401, PLC0415 — registers at app loading
