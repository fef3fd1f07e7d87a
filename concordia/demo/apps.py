from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "concordia.demo"
    label = "demo"
