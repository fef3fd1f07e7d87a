from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "concordia.plans"
    label = "plans"

    def ready(self) -> None:
        from . import journal_kinds  # noqa: F401, PLC0415 — registers at app loading
