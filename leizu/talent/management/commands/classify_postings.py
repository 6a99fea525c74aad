"""``python manage.py classify_postings --input IN.jsonl --output OUT.jsonl [--workers N]``

A thin wrapper over the engine's streaming CLI: it reads and writes files only and never
touches the database, so it runs on a machine without one.
"""

from django.core.management.base import BaseCommand, CommandParser

from leizu.talent.engine.cli import run


class Command(BaseCommand):
    help = "Classify job postings (JSONL) to ISCO-08 unit groups and ISCED-F 2013 fields."
    requires_system_checks: list[str] = []  # no database, no app checks needed
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--input", required=True, help="input JSONL ('-' for stdin)")
        parser.add_argument("--output", required=True, help="output JSONL ('-' for stdout)")
        parser.add_argument("--workers", type=int, default=1, help="processes (default 1)")

    def handle(self, *args: object, **options: object) -> None:
        n = run(str(options["input"]), str(options["output"]), int(str(options["workers"])))
        self.stderr.write(f"classified {n} postings")
