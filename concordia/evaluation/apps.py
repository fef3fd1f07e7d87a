from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "concordia.evaluation"
    label = "evaluation"

    def ready(self) -> None:
        from . import journal_kinds  # noqa: F401, PLC0415 — registers at app loading
