from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "leizu.agreements"
    label = "agreements"

    def ready(self) -> None:
        from leizu.agreements.demo import build_agreements
        from leizu.core import demo

        demo.register(200, "agreements", build_agreements)
