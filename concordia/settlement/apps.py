from django.apps import AppConfig


class SettlementConfig(AppConfig):
    name = "concordia.settlement"
    label = "settlement"

    def ready(self) -> None:
        from . import journal_kinds  # noqa: F401, PLC0415 — registers at app loading
