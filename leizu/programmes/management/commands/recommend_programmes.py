"""``python manage.py recommend_programmes --input NEEDS.jsonl --output OUT.jsonl``

Each input line is a need as a partner states it, ``{"id", "text", "lang"?, "country"?}``; each
output line ``{"id", "programmes": [{"code", "catalogue", "name", "isced_f", "score",
"reasons"}]}``: the host college's programmes ranked best first (at most 10), reasons in the
need's language. Reads the project's own database (``make run`` sets it up) and nothing else.
"""

import sys
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.utils import DatabaseError

from leizu.programmes.recommend import host_programmes, recommend_lines


class Command(BaseCommand):
    help = "Rank the host college's programmes for partners' stated needs (JSONL in, JSONL out)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--input", required=True, help="needs, JSONL ('-' for stdin)")
        parser.add_argument("--output", required=True, help="recommendations ('-' for stdout)")

    def handle(self, *args: object, **options: object) -> None:
        import orjson

        try:
            programmes = host_programmes()
        except DatabaseError as exc:
            raise CommandError(
                "The database is not set up: run `make run` (or `python manage.py migrate` "
                "and `python manage.py demo`) first."
            ) from exc
        if not programmes:
            raise CommandError(
                "No programme of the host college is recorded: add them (or load the demo with "
                "`python manage.py demo`)."
            )
        src: IO[str] = (
            sys.stdin if options["input"] == "-" else open(str(options["input"]), encoding="utf-8")  # noqa: SIM115
        )
        dst: Any = (
            self.stdout
            if options["output"] == "-"
            else open(str(options["output"]), "w", encoding="utf-8")  # noqa: SIM115
        )
        n = 0
        try:
            for record in recommend_lines(src, programmes):
                dst.write(orjson.dumps(record).decode() + "\n")
                n += 1
        finally:
            if src is not sys.stdin:
                src.close()
            if dst is not self.stdout:
                dst.close()
        self.stderr.write(f"recommended programmes for {n} needs")
