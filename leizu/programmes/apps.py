from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "leizu.programmes"
    label = "programmes"
