from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "concordia.agreements"
    label = "agreements"

    def ready(self) -> None:
        from . import journal_kinds  # noqa: F401, PLC0415 — registers at app loading
