from django.apps import AppConfig


class TodoConfig(AppConfig):
    name = "concordia.todo"
    label = "todo"
