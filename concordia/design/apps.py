from django.apps import AppConfig


class DesignConfig(AppConfig):
    name = "concordia.design"
    label = "design"
