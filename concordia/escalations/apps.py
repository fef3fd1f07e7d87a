from django.apps import AppConfig


class EscalationsConfig(AppConfig):
    name = "concordia.escalations"
    label = "escalations"

    def ready(self) -> None:
        from . import journal_kinds  # noqa: F401, PLC0415 — registers at app loading
