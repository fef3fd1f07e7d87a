from django.apps import AppConfig


class BodiesConfig(AppConfig):
    name = "concordia.bodies"
    label = "bodies"

    def ready(self) -> None:
        from . import journal_kinds  # noqa: F401, PLC0415 — registers at app loading
