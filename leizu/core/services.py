"""Shared machinery for services: validated, versioned, audited saves."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from leizu.core.audit import audit_record, snapshot
from leizu.core.errors import EditConflict, ServiceError, field_errors


def apply_changes(obj: models.Model, data: dict[str, Any]) -> list[str]:
    """Set the given fields on ``obj``; return the names of the fields whose value changed."""
    changed = []
    for name, value in data.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed.append(name)
    return changed


def validate(obj: models.Model, exclude: list[str] | None = None) -> None:
    """``full_clean`` with the errors turned into a ServiceError for pages and the API."""
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise invalid(obj, exc) from exc


def invalid(obj: models.Model, exc: ValidationError) -> ServiceError:
    """A model's validation errors as a ServiceError: by field for forms and the API, and one
    message that names each field as its label says (``verbose_name``), not as the code does."""
    fields = field_errors(exc)
    parts = []
    for name, messages in fields.items():
        text = " ".join(messages)
        label = field_label(obj, name)
        parts.append(
            _("%(field)s: %(messages)s") % {"field": label, "messages": text} if label else text
        )
    return ServiceError("; ".join(parts), fields=fields)


def field_label(obj: models.Model | type[models.Model], name: str) -> str:
    """The label of a model's field (its ``verbose_name``, capitalised), "" for errors of the
    whole record and for names that are no field."""
    from django.core.exceptions import FieldDoesNotExist
    from django.utils.text import capfirst

    if name in ("", "__all__"):
        return ""
    try:
        field = obj._meta.get_field(name)
    except FieldDoesNotExist:
        return ""
    return str(capfirst(getattr(field, "verbose_name", "") or ""))


def check_version(obj: models.Model, expected: int | None) -> None:
    """Raise EditConflict when the stored row moved on since the editor loaded ``expected``.

    Runs inside the caller's transaction; the row is locked on PostgreSQL and SQLite's
    immediate transactions serialise writers, so two editors cannot both pass this check.
    """
    if expected is None:
        return
    current = (
        type(obj)
        ._default_manager.select_for_update()  # type: ignore[attr-defined]
        .filter(pk=obj.pk)
        .values_list("version", flat=True)
        .first()
    )
    if current != expected:
        raise EditConflict()


def save_created(
    obj: models.Model, *, by: Any, action: str, institution_id: int | None, internal: bool = False
) -> None:
    validate(obj)
    obj.save()
    audit_record(
        actor=by,
        action=action,
        obj=obj,
        institution_id=institution_id,
        internal=internal,
        after=snapshot(obj),
    )


def save_updated(
    obj: models.Model,
    *,
    by: Any,
    action: str,
    data: dict[str, Any],
    version: int | None,
    institution_id: int | None,
    internal: bool = False,
) -> bool:
    """Apply ``data``, validate, bump the version and audit; False when nothing changed."""
    check_version(obj, version)
    before = snapshot(obj)
    changed = apply_changes(obj, data)
    if not changed:
        return False
    validate(obj)
    if hasattr(obj, "version"):
        obj.version += 1  # type: ignore[attr-defined]
    obj.save()
    after = snapshot(obj)
    keys = set(changed) | {"version"}
    audit_record(
        actor=by,
        action=action,
        obj=obj,
        institution_id=institution_id,
        internal=internal,
        before={k: v for k, v in before.items() if k in keys or k.removesuffix("_id") in keys},
        after={k: v for k, v in after.items() if k in keys or k.removesuffix("_id") in keys},
    )
    return True
