from django.apps import AppConfig


class TalentConfig(AppConfig):
    name = "leizu.talent"
    label = "talent"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from leizu.core import demo, home
        from leizu.core.imports import background
        from leizu.talent.access import can_edit_supply
        from leizu.talent.demo import build_talent
        from leizu.talent.home import home_panels
        from leizu.talent.io import supply_import_xlsx

        home.register(home_panels)
        demo.register(300, "talent", build_talent)
        background.register(
            background.Importer(
                kind="graduate_supply",
                title=_("Import graduates"),
                may_import=can_edit_supply,
                run=lambda file, by, progress, then: supply_import_xlsx(
                    by=by, file=file, progress=progress, then=then
                ),
                upload_url="talent:supply_import",
                records_url="talent:supply",
            )
        )
