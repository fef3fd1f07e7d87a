from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "concordia.journal"
    label = "journal"
