from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "concordia.meetings"
    label = "meetings"

    def ready(self) -> None:
        from . import journal_kinds  # noqa: F401, PLC0415 — registers at app loading
