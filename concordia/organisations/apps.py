from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "concordia.organisations"
    label = "organisations"
