from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "leizu.programmes"
    label = "programmes"

    def ready(self) -> None:
        from leizu.core import demo
        from leizu.programmes.demo import build_programmes

        demo.register(250, "programmes", build_programmes)
