from django.apps import AppConfig


class AdvisorConfig(AppConfig):
    name = "concordia.advisor"
    label = "advisor"

    def ready(self) -> None:
        # Registering the app's journal kinds is an import for its effect; ready() is the one
        # moment every app is loaded and before any request or command appends.
        from . import journal_kinds  # noqa: F401, PLC0415 — registers at app loading
