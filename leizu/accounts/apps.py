from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "leizu.accounts"
    label = "accounts"
