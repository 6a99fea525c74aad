"""The write at the end of an import: short, all or nothing, idempotent.

Three shapes; none keeps the database's write lock for more than a fraction of a second
whatever the size of the file (``bench/imports.py`` measures it):

- ``HiddenRows`` for evidence by the hundred thousand (talent's postings): checked rows are
  inserted into their table in batches of ``STAGE_BATCH``, each batch its own short
  transaction, marked with their import, whose readers hide them until the import is
  published; publishing is then one update of the import's own row (see ``talent.models``). A
  worker that dies part-way leaves hidden rows that the next run finds (a unique constraint
  makes them count once) or that a failed import removes, again in short batches.
- ``StagedRows`` where readers cannot be taught to hide rows (survey rows, read by other apps):
  checked rows go into a temporary table of the importing connection (SQLite keeps temporary
  tables outside the database file, so staging takes no lock other clients wait for;
  PostgreSQL's are private to the session), and ``publish()`` moves them with one
  ``INSERT … SELECT``: one statement, but one that grows with the file.
- ``ChangeSet`` for records with an audit trail and versions (institutions, graduate supply):
  every creation and change is validated while the file is checked, then written with its audit
  entries by statements prepared beforehand in one transaction; a record another user saved
  meanwhile makes the whole write fail (nothing saved) instead of being overwritten.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models.constants import OnConflict
from django.utils import timezone
from django.utils.translation import gettext as _

from leizu.core.audit import snapshot
from leizu.core.errors import EditConflict
from leizu.core.services import apply_changes, invalid, validate

STAGE_BATCH = 2000
WRITE_BATCH = 500


class _Rows:
    """Rows of ``model`` as prepared database values, sent by ``flush`` every STAGE_BATCH."""

    def __init__(self, model: type[models.Model], *, constant: dict[str, Any] | None = None):
        self.connection = connection
        self.sqlite = connection.vendor == "sqlite"
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        quote = connection.ops.quote_name
        self.columns = ", ".join(quote(f.column) for f in self.fields)
        self.table = quote(model._meta.db_table)
        self.marks = ", ".join(["%s"] * len(self.fields))
        now = timezone.now()
        self.prepared: dict[str, Any] = {}
        for f in self.fields:
            if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False):
                value: Any = now
            else:
                value = f.get_default()  # "" for text columns without a default, else None
            self.prepared[f.attname] = self._prep(f, value)
        by_name = {f.attname: f for f in self.fields}
        for name, value in (constant or {}).items():
            self.prepared[name] = self._prep(by_name[name], value)
        self.batch: list[list[Any]] = []

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *exc: object) -> None:
        self.batch = []

    def _prep(self, field: models.Field, value: Any) -> Any:
        return field.get_db_prep_save(value, self.connection)

    def add(self, values: dict[str, Any]) -> None:
        """One row: values by attribute name; the others get their default."""
        row = []
        for f in self.fields:
            if f.attname in values:
                value = values[f.attname]
                # Plain text and numbers need no preparing; dates and the rest do.
                row.append(value if isinstance(value, str | int) else self._prep(f, value))
            else:
                row.append(self.prepared[f.attname])
        self.batch.append(row)
        if len(self.batch) >= STAGE_BATCH:
            self.flush()

    def flush(self) -> None:
        raise NotImplementedError

    def _insert_ignoring(self, source: str) -> str:
        """``INSERT`` into the table from ``source`` (``VALUES …`` or ``SELECT …``), skipping
        rows a unique constraint already holds."""
        ops = self.connection.ops
        suffix = ops.on_conflict_suffix_sql(self.fields, OnConflict.IGNORE, None, None)
        return (
            f"{ops.insert_statement(on_conflict=OnConflict.IGNORE)} {self.table} "
            f"({self.columns}) {source} {suffix}"
        )


class HiddenRows(_Rows):
    """Rows inserted into their table in short transactions of STAGE_BATCH rows, skipping
    those a unique constraint already holds; the caller's readers hide them until it publishes
    them (its own flag). ``discard(**filters)`` removes them again."""

    def flush(self) -> None:
        if not self.batch:
            return
        sql = self._insert_ignoring(f"VALUES ({self.marks})")
        with transaction.atomic(), self.connection.cursor() as cursor:
            cursor.executemany(sql, self.batch)
        self.batch = []

    def publish(self, **_options: Any) -> None:
        """Only the last batch: the rows are in, the caller's flag shows them."""
        self.flush()


def delete_in_batches(queryset: models.QuerySet) -> int:
    """Delete the rows of ``queryset`` a short transaction at a time; how many."""
    deleted = 0
    while True:
        ids = list(queryset.values_list("pk", flat=True)[:STAGE_BATCH])
        if not ids:
            return deleted
        with transaction.atomic():
            queryset.model._base_manager.filter(pk__in=ids).delete()
        deleted += len(ids)


class StagedRows(_Rows):
    """Rows of ``model`` kept in a temporary table until ``publish()``; use it as a context
    manager so the temporary table is dropped however the import ends."""

    def __init__(self, model: type[models.Model], *, constant: dict[str, Any] | None = None):
        super().__init__(model, constant=constant)
        self.temp = self.connection.ops.quote_name(f"leizu_staged_{uuid.uuid4().hex[:12]}")
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE TEMPORARY TABLE {self.temp} AS SELECT {self.columns} FROM {self.table} "
                "WHERE 1 = 0"
            )

    def __exit__(self, *exc: object) -> None:
        self.discard()

    def flush(self) -> None:
        if not self.batch:
            return
        with self.connection.cursor() as cursor:
            if self.sqlite:
                sql = f"INSERT INTO {self.temp} ({self.columns}) VALUES ({self.marks})"
                cursor.executemany(sql, self.batch)
            else:
                sql = f"COPY {self.temp} ({self.columns}) FROM STDIN"
                with cursor.cursor.copy(sql) as copy:
                    for row in self.batch:
                        copy.write_row(row)
        self.batch = []

    def publish(self, *, order_by: str = "") -> None:
        """Insert the staged rows into the table, skipping those a unique constraint already
        holds. Call it inside the transaction that records the outcome, so the rows and the
        outcome are seen together."""
        self.flush()
        order = f" ORDER BY {self.connection.ops.quote_name(order_by)}" if order_by else ""
        with self.connection.cursor() as cursor:
            cursor.execute(self._insert_ignoring(f"SELECT {self.columns} FROM {self.temp}{order}"))

    def discard(self) -> None:
        self.batch = []
        if self.connection.connection is None:
            return  # the connection is gone, and its temporary table with it
        with self.connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.temp}")


# --- audited records --------------------------------------------------------------------------


@dataclass
class _Change:
    obj: models.Model
    action: str
    institution_id: int | None
    version: int | None = None  # the version the change was based on
    before: dict[str, Any] | None = None
    fields: frozenset[str] = frozenset()


def changed_meanwhile() -> EditConflict:
    return EditConflict(
        _(
            "Somebody else changed records of this file while it was being checked; nothing "
            "was saved. Import the file again."
        )
    )


class ChangeSet:
    """Creations and changes checked while a file is read, written by ``write()`` with their
    audit entries in one short transaction."""

    def __init__(self, *, by: Any, check_constraints: bool = True) -> None:
        """``check_constraints=False`` when the import itself matches its rows to stored
        records by their unique keys (a query per row and constraint saved); the database's
        constraints stay the last word: a clash at the write saves nothing."""
        self.check_constraints = check_constraints
        user = getattr(by, "user", by)
        self.user = user if getattr(user, "is_authenticated", False) else None
        self.created: list[_Change] = []
        self.updated: dict[int, _Change] = {}
        self._new: set[int] = set()

    def create(self, obj: models.Model, *, action: str, institution_id: int | None) -> None:
        """Validate a new record (``ServiceError`` when invalid) and keep it for the write."""
        self._validate(obj)
        self.created.append(_Change(obj, action, institution_id))
        self._new.add(id(obj))

    def update(
        self, obj: models.Model, data: dict[str, Any], *, action: str, institution_id: int | None
    ) -> bool:
        """Apply ``data`` to a stored record (or to one this change set creates), validate it
        and keep it for the write; False when nothing changes."""
        if id(obj) in self._new:
            changed = apply_changes(obj, data)
            if changed:
                self._validate(obj)
            return bool(changed)
        before = snapshot(obj)
        version = getattr(obj, "version", None)
        changed = apply_changes(obj, data)
        if not changed:
            return False
        self._validate(obj)
        known = self.updated.get(id(obj))
        if known is not None:
            known.fields |= frozenset(changed)
        else:
            self.updated[id(obj)] = _Change(
                obj, action, institution_id, version, before, frozenset(changed)
            )
        return True

    def _validate(self, obj: models.Model) -> None:
        # A reference to a record this change set creates has no id yet: the write gives it.
        exclude = [field.name for field, _target in self._new_targets(obj)]
        if self.check_constraints:
            validate(obj, exclude=exclude)
            return
        try:
            obj.full_clean(exclude=exclude, validate_constraints=False)
        except ValidationError as exc:
            raise invalid(obj, exc) from exc

    def _new_targets(self, obj: models.Model) -> list[tuple[models.ForeignKey, models.Model]]:
        """The foreign keys of ``obj`` that point at records this change set creates."""
        targets = []
        for field in obj._meta.concrete_fields:
            if not isinstance(field, models.ForeignKey) or not field.is_cached(obj):
                continue
            target = field.get_cached_value(obj)
            if target is not None and id(target) in self._new:
                targets.append((field, target))
        return targets

    def write(self, then: Callable[[], None] | None = None) -> None:
        """Everything or nothing, in one transaction; ``EditConflict`` when a changed record
        moved on since it was read. ``then()`` runs last in the same transaction (a job records
        that it is done with what it wrote).

        Every statement and its values (ids of the new records included, reserved beforehand)
        are prepared before the transaction starts, so the transaction only runs them."""
        plan = self._plan()
        try:
            with transaction.atomic():
                self._check_versions()
                if not plan.ids_still_free():
                    plan = self._plan()  # another client created records meanwhile
                plan.run()
                if then is not None:
                    then()
        except IntegrityError as exc:  # a record another user created meanwhile
            raise changed_meanwhile() from exc

    def _plan(self) -> _Plan:
        from leizu.core.models import AuditEntry

        plan = _Plan()
        now = timezone.now()
        by_model: dict[type[models.Model], list[_Change]] = defaultdict(list)
        for change in self.created:
            by_model[type(change.obj)].append(change)
        entries = []
        for model, changes in by_model.items():
            plan.reserve_ids(model, [c.obj for c in changes])
        for change in self.created:
            # New records that point at other new ones take their ids now (created first).
            for field, target in self._new_targets(change.obj):
                setattr(change.obj, field.attname, target.pk)
        for model, changes in by_model.items():
            objs = [c.obj for c in changes]
            plan.insert(model, objs, with_pk=True)
            entries += [self._entry(c, None, snapshot(c.obj)) for c in changes]
        groups: dict[tuple[type[models.Model], frozenset[str]], list[_Change]] = defaultdict(list)
        for change in self.updated.values():
            obj = change.obj
            extra = {f.name for f in obj._meta.concrete_fields if getattr(f, "auto_now", False)}
            for name in extra:
                setattr(obj, name, now)
            if change.version is not None:
                obj.version = change.version + 1  # type: ignore[attr-defined]
                extra.add("version")
            groups[(type(obj), change.fields | extra)].append(change)
        for (model, fields), changes in groups.items():
            plan.update(model, [c.obj for c in changes], fields)
            for c in changes:
                keys = set(c.fields) | {"version"}
                after = snapshot(c.obj)
                before = {k: v for k, v in (c.before or {}).items() if _audited(k, keys)}
                entries.append(
                    self._entry(c, before, {k: v for k, v in after.items() if _audited(k, keys)})
                )
        plan.insert(AuditEntry, entries, with_pk=False)
        return plan

    def _check_versions(self) -> None:
        by_model: dict[type[models.Model], dict[Any, int]] = defaultdict(dict)
        for change in self.updated.values():
            if change.version is not None:
                by_model[type(change.obj)][change.obj.pk] = change.version
        for model, expected in by_model.items():
            ids = list(expected)
            for start in range(0, len(ids), WRITE_BATCH):
                chunk = ids[start : start + WRITE_BATCH]
                stored = dict(
                    model._default_manager.select_for_update()
                    .filter(pk__in=chunk)
                    .values_list("pk", "version")
                )
                if any(stored.get(pk) != expected[pk] for pk in chunk):
                    raise changed_meanwhile()

    def _entry(self, change: _Change, before: Any, after: Any) -> Any:
        from leizu.core.models import AuditEntry

        obj = change.obj
        return AuditEntry(
            actor=self.user,
            action=change.action,
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            object_label=str(obj)[:300],
            institution_id=change.institution_id,
            before=before,
            after=after,
        )


class _Plan:
    """The statements of a change set with their values, ready to run."""

    def __init__(self) -> None:
        self.statements: list[tuple[str, list[list[Any]]]] = []
        self.reserved: list[tuple[type[models.Model], int]] = []  # SQLite: model, first id

    def reserve_ids(self, model: type[models.Model], objs: list[models.Model]) -> None:
        """Give the new records their ids now. PostgreSQL hands them out of the table's
        sequence; SQLite's next ids are checked again in the transaction (``ids_still_free``)."""
        if not objs:
            return
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [model._meta.db_table, model._meta.pk.column, len(objs)],
                )
                ids = [row[0] for row in cursor.fetchall()]
            else:
                first = _next_sqlite_id(cursor, model)
                self.reserved.append((model, first))
                ids = list(range(first, first + len(objs)))
        for obj, pk in zip(objs, ids, strict=True):
            obj.pk = pk

    def ids_still_free(self) -> bool:
        with connection.cursor() as cursor:
            return all(_next_sqlite_id(cursor, model) == first for model, first in self.reserved)

    def insert(self, model: type[models.Model], objs: list[Any], *, with_pk: bool) -> None:
        if not objs:
            return
        fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"
        rows = [
            [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields] for obj in objs
        ]
        self.statements.append((sql, rows))

    def update(self, model: type[models.Model], objs: list[Any], names: frozenset[str]) -> None:
        self.statements.append(update_statement(model, objs, sorted(names)))

    def run(self) -> None:
        with connection.cursor() as cursor:
            for sql, rows in self.statements:
                for start in range(0, len(rows), STAGE_BATCH):
                    cursor.executemany(sql, rows[start : start + STAGE_BATCH])


def update_statement(
    model: type[models.Model], objs: list[Any], names: list[str]
) -> tuple[str, list[list[Any]]]:
    """One ``UPDATE … WHERE pk = %s`` of the fields ``names`` and its values for each object, to
    run with ``executemany``. Unlike ``bulk_update``, which builds a ``CASE`` expression of every
    object for every field (most of the time of writing a few hundred rows), the statement is
    compiled once."""
    meta = model._meta
    fields: list[Any] = [meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"
    rows = [
        [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields] + [obj.pk]
        for obj in objs
    ]
    return sql, rows


def _next_sqlite_id(cursor: Any, model: type[models.Model]) -> int:
    """The id SQLite gives the next row of an AUTOINCREMENT table (ids are never reused)."""
    quote = connection.ops.quote_name
    cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [model._meta.db_table])
    row = cursor.fetchone()
    cursor.execute(f"SELECT MAX({quote(model._meta.pk.column)}) FROM {quote(model._meta.db_table)}")
    top = cursor.fetchone()[0]
    return max(row[0] if row else 0, top or 0) + 1


def _audited(key: str, keys: set[str]) -> bool:
    return key in keys or key.removesuffix("_id") in keys
