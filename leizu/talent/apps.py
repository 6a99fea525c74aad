from django.apps import AppConfig


class TalentConfig(AppConfig):
    name = "leizu.talent"
    label = "talent"
