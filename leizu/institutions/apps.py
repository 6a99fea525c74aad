from django.apps import AppConfig


class InstitutionsConfig(AppConfig):
    name = "leizu.institutions"
    label = "institutions"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from leizu.core.home import register
        from leizu.core.imports import background
        from leizu.institutions.access import can_create_institution
        from leizu.institutions.home import home_panels
        from leizu.institutions.io import institutions_import_xlsx

        register(home_panels)
        background.register(
            background.Importer(
                kind="institutions",
                title=_("Import institutions"),
                may_import=can_create_institution,
                run=lambda file, by, progress, then: institutions_import_xlsx(
                    by=by, file=file, progress=progress, then=then
                ),
                upload_url="institutions:import",
                records_url="institutions:directory",
            )
        )
