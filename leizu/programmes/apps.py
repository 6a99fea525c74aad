from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "leizu.programmes"
    label = "programmes"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from leizu.core import demo, related
        from leizu.core.imports import background
        from leizu.programmes.access import can_import_catalogues
        from leizu.programmes.demo import build_programmes
        from leizu.programmes.io import catalogue_import_xlsx
        from leizu.programmes.related import build_together_from

        demo.register(250, "programmes", build_programmes)
        related.register_offer("visits.cooperationinterest", build_together_from)
        background.register(
            background.Importer(
                kind="catalogues",
                title=_("Import a programme catalogue"),
                may_import=can_import_catalogues,
                run=lambda file, by, progress, then: catalogue_import_xlsx(
                    by=by, file=file, progress=progress, then=then
                ),
                upload_url="programmes:catalogue_import",
                records_url="programmes:catalogues",
            )
        )
