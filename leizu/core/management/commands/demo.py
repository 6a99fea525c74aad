from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import translation

from leizu.core import demo


class Command(BaseCommand):
    help = "Build the demo world (idempotent). --institutions/--people enlarge it for benchmarks."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--institutions",
            type=int,
            default=0,
            help="add invented institutions up to this many (benchmarks)",
        )
        parser.add_argument(
            "--people", type=int, default=0, help="add invented people up to this many (benchmarks)"
        )
        parser.add_argument("--quiet", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        from leizu.accounts.demo import DEMO_PASSWORD, DEMO_USERS, build_users
        from leizu.core.access import actor_for_user
        from leizu.institutions.demo import build_network, enlarge

        with transaction.atomic():
            context: dict[str, Any] = {}
            from leizu.accounts.models import User

            operator = User.objects.filter(email="operator@leizu.demo").first()
            if operator is None:
                operator = User.objects.create_superuser(
                    "operator@leizu.demo", DEMO_PASSWORD, display_name="Platform operator"
                )
            context["operator"] = actor_for_user(operator)
            context["institutions"] = build_network(by=context["operator"])
            build_users(context)
            for name, step in demo.steps():
                if not options["quiet"]:
                    self.stdout.write(f"demo: {name}")
                step(context)
        if options["institutions"] or options["people"]:
            added = enlarge(institutions=options["institutions"], people=options["people"])
            self.stdout.write(f"demo: enlarged by {added[0]} institutions, {added[1]} people")
        if not options["quiet"]:
            self.stdout.write(
                self.style.SUCCESS(f"Demo ready. Logins (password: {DEMO_PASSWORD}):")
            )
            self.stdout.write(
                f"  {'operator@leizu.demo':26} platform operator (Django admin at /admin/)"
            )
            institutions = context["institutions"]
            with translation.override("en"):
                for _key, email, _name, inst, role, _lang in DEMO_USERS:
                    where = institutions[inst].display_short_name()
                    self.stdout.write(f"  {email:26} {role.label:14} {where}")
