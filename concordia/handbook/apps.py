from django.apps import AppConfig


class HandbookConfig(AppConfig):
    name = "concordia.handbook"
    label = "handbook"
