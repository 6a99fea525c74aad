from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "leizu.agreements"
    label = "agreements"

    def ready(self) -> None:
        from leizu.agreements.demo import build_agreements
        from leizu.agreements.home import draft_from, from_visit, home_panels, timeline_events
        from leizu.core import demo, home, related, timeline

        demo.register(200, "agreements", build_agreements)
        home.register(home_panels)
        timeline.register(timeline_events)
        related.register("visits.visit", from_visit)
        related.register_offer("visits.proposal", draft_from)
        related.register_offer("visits.cooperationinterest", draft_from)
