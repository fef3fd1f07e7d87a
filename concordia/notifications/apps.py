from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "concordia.notifications"
    label = "notifications"
