from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "leizu.agreements"
    label = "agreements"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from leizu.agreements.access import can_draft
        from leizu.agreements.demo import build_agreements
        from leizu.agreements.home import draft_from, from_visit, home_panels, timeline_events
        from leizu.agreements.io import register_import_xlsx
        from leizu.core import demo, home, related, timeline
        from leizu.core.imports import background

        demo.register(200, "agreements", build_agreements)
        home.register(home_panels)
        timeline.register(timeline_events)
        related.register("visits.visit", from_visit)
        related.register_offer("visits.proposal", draft_from)
        related.register_offer("visits.cooperationinterest", draft_from)
        background.register(
            background.Importer(
                kind="agreements",
                title=_("Import a register of agreements"),
                may_import=can_draft,
                run=lambda file, by, progress, then: register_import_xlsx(
                    by=by, file=file, progress=progress, then=then
                ),
                upload_url="agreements:register_import",
                records_url="agreements:register",
            )
        )
