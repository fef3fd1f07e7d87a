from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "concordia.learning"
    label = "learning"

    def ready(self) -> None:
        from . import journal_kinds  # noqa: F401, PLC0415 — registers at app loading
