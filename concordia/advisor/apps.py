from django.apps import AppConfig


class AdvisorConfig(AppConfig):
    name = "concordia.advisor"
    label = "advisor"
