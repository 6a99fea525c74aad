from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "leizu.core"
    label = "core"
    verbose_name = "Leizu core"
