from django.apps import AppConfig


class InstitutionsConfig(AppConfig):
    name = "leizu.institutions"
    label = "institutions"

    def ready(self) -> None:
        from leizu.core.home import register
        from leizu.institutions.home import home_panels

        register(home_panels)
