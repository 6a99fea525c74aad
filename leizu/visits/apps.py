from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "leizu.visits"
    label = "visits"

    def ready(self) -> None:
        from leizu.core import demo, home, timeline
        from leizu.visits.demo import build_visits
        from leizu.visits.home import home_panels, timeline_events

        home.register(home_panels)
        timeline.register(timeline_events)
        demo.register(110, "visits", build_visits)
