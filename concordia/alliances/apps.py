from django.apps import AppConfig


class AlliancesConfig(AppConfig):
    name = "concordia.alliances"
    label = "alliances"
