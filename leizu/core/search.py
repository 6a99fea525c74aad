"""Substring search that does not scan the table: a trigram index on a search column.

Searching names in any script is a "contains" match (``LIKE '%term%'``), which an ordinary
index cannot serve: on 10,000 institutions every keystroke read the whole table twice (the
count and the page). A trigram index answers it from the index instead: PostgreSQL's pg_trgm
GIN index serves ``LIKE`` directly; on SQLite an FTS5 table with the trigram tokenizer, kept in
step with the column by triggers (so bulk writes and imports are covered too), is asked for the
term as a phrase through ``contains_q``, which uses the ids it finds when they are few and the
plain scan when the term is common (or shorter than three characters, which a trigram index
cannot serve); the results are the same either way.
"""

from typing import Any

from django.db import connection, migrations
from django.db.models import Q


def _fts(table: str) -> str:
    return f"{table}_fts"


# Above this many matches the index no longer pays: a page read in the directory's order stops
# at its first rows anyway, and counting them by a scan is cheaper than through the index.
INDEX_MATCH_LIMIT = 1000


def contains_q(model: Any, column: str, terms: list[str], path: str = "") -> Q:
    """Rows whose ``column`` contains any of ``terms`` (OR), through the trigram index."""
    q = Q()
    table = model._meta.db_table
    for term in terms:
        ids = _sqlite_matches(table, column, term) if connection.vendor == "sqlite" else None
        if ids is not None and len(ids) <= INDEX_MATCH_LIMIT:
            q |= Q(**{f"{path}pk__in": ids})
        else:
            q |= Q(**{f"{path}{column}__contains": term})
    return q


def _sqlite_matches(table: str, column: str, term: str) -> list[int] | None:
    """Ids of the rows containing ``term``, up to one past the limit; None for short terms."""
    if len(term) < 3:
        return None
    # A quoted phrase of the trigram tokenizer is a substring match, served by the index (a
    # LIKE with ESCAPE is not).
    phrase = '"' + term.replace('"', '""') + '"'
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT rowid FROM "{_fts(table)}" WHERE "{column}" MATCH %s LIMIT %s',
            [phrase, INDEX_MATCH_LIMIT + 1],
        )
        return [row[0] for row in cursor.fetchall()]


def _sqlite_create(table: str, column: str) -> list[str]:
    fts = _fts(table)
    return [
        f'CREATE VIRTUAL TABLE "{fts}" USING fts5("{column}", content="{table}", '
        f"content_rowid=\"id\", tokenize='trigram')",
        f'INSERT INTO "{fts}"("{fts}") VALUES (\'rebuild\')',
        f'CREATE TRIGGER "{fts}_ai" AFTER INSERT ON "{table}" BEGIN '
        f'INSERT INTO "{fts}"(rowid, "{column}") VALUES (new.id, new."{column}"); END',
        f'CREATE TRIGGER "{fts}_ad" AFTER DELETE ON "{table}" BEGIN '
        f'INSERT INTO "{fts}"("{fts}", rowid, "{column}") VALUES (\'delete\', old.id, '
        f'old."{column}"); END',
        f'CREATE TRIGGER "{fts}_au" AFTER UPDATE OF "{column}" ON "{table}" BEGIN '
        f'INSERT INTO "{fts}"("{fts}", rowid, "{column}") VALUES (\'delete\', old.id, '
        f'old."{column}"); INSERT INTO "{fts}"(rowid, "{column}") VALUES (new.id, '
        f'new."{column}"); END',
    ]


def _sqlite_drop(table: str) -> list[str]:
    fts = _fts(table)
    return [
        *(f'DROP TRIGGER IF EXISTS "{fts}_{s}"' for s in ("ai", "ad", "au")),
        f'DROP TABLE IF EXISTS "{fts}"',
    ]


def trigram_index(table: str, column: str) -> migrations.RunPython:
    """A migration operation creating the trigram index of ``table.column`` on either engine."""

    def forward(apps: Any, schema_editor: Any) -> None:
        vendor = schema_editor.connection.vendor
        if vendor == "sqlite":
            statements = _sqlite_create(table, column)
        elif vendor == "postgresql":
            statements = [
                "CREATE EXTENSION IF NOT EXISTS pg_trgm",
                f'CREATE INDEX IF NOT EXISTS "{table}_{column}_trgm" ON "{table}" '
                f'USING gin ("{column}" gin_trgm_ops)',
            ]
        else:
            statements = []
        for sql in statements:
            schema_editor.execute(sql)

    def backward(apps: Any, schema_editor: Any) -> None:
        vendor = schema_editor.connection.vendor
        if vendor == "sqlite":
            statements = _sqlite_drop(table)
        elif vendor == "postgresql":
            statements = [f'DROP INDEX IF EXISTS "{table}_{column}_trgm"']
        else:
            statements = []
        for sql in statements:
            schema_editor.execute(sql)

    return migrations.RunPython(forward, backward)
