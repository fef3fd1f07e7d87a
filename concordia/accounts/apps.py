from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "concordia.accounts"
    label = "accounts"
