from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "concordia.reviews"
    label = "reviews"

    def ready(self) -> None:
        from . import journal_kinds  # noqa: F401, PLC0415 — registers at app loading
