from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "concordia.reports"
    label = "reports"

    def ready(self) -> None:
        from . import journal_kinds  # noqa: F401, PLC0415 — registers at app loading
