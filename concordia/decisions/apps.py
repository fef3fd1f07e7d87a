from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "concordia.decisions"
    label = "decisions"

    def ready(self) -> None:
        from . import journal_kinds  # noqa: F401, PLC0415 — registers at app loading
