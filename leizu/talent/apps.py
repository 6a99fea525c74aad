from django.apps import AppConfig


class TalentConfig(AppConfig):
    name = "leizu.talent"
    label = "talent"

    def ready(self) -> None:
        from leizu.core import demo, home
        from leizu.talent.demo import build_talent
        from leizu.talent.home import home_panels

        home.register(home_panels)
        demo.register(300, "talent", build_talent)
