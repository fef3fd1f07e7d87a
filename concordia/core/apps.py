from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "concordia.core"
    label = "core"

    def ready(self) -> None:
        from . import checks  # noqa: F401, PLC0415 — registers the system checks
