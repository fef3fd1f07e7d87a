from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "concordia.actions"
    label = "actions"

    def ready(self) -> None:
        from . import journal_kinds  # noqa: F401, PLC0415 — registers at app loading
