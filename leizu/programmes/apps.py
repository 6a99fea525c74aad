from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "leizu.programmes"
    label = "programmes"

    def ready(self) -> None:
        from leizu.core import demo, related
        from leizu.programmes.demo import build_programmes
        from leizu.programmes.related import build_together_from

        demo.register(250, "programmes", build_programmes)
        related.register_offer("visits.cooperationinterest", build_together_from)
