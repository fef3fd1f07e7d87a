from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "concordia.core"
    label = "core"
