"""The audit log: every service that changes data calls ``audit_record``; the log's page reads
the entries through ``action_label``, ``kind_label`` and ``entry_changes``."""

import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from leizu.core.models import AuditEntry


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of a row as JSON-ready data (foreign keys as ids)."""
    data: dict[str, Any] = {}
    for f in obj._meta.concrete_fields:
        if fields is not None and f.name not in fields:
            continue
        data[f.attname] = f.value_from_object(obj)
    # Round-trip through the JSON encoder so dates, decimals and UUIDs are stored as text.
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    label: str = "",
    institution_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    internal: bool = False,
) -> AuditEntry:
    user = getattr(actor, "user", actor)
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        label = label or str(obj)
    return AuditEntry.objects.create(
        actor=user,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_label=label[:300],
        institution_id=institution_id,
        internal=internal,
        before=before,
        after=after,
    )


# --- reading the log --------------------------------------------------------------------------
#
# An entry stores the action as a namespaced code ("institutions.institution.update",
# "visit.status"), the object's model label ("visits.visit") and snapshots keyed by the fields'
# attribute names ("institution_id", "name"). Readers get words in their own language: the
# action as a phrase, the object's kind as its model's verbose_name, each field by its
# verbose_name and each value as the pages show it. Everything is looked up in the models'
# metadata, so describing a page of entries runs no query.

# The phrase of an action's last part ("….create"), and of whole actions that say more.
_VERBS: dict[str, Any] = {
    "create": pgettext_lazy("audit action", "created"),
    "update": pgettext_lazy("audit action", "changed"),
    "delete": pgettext_lazy("audit action", "deleted"),
    "publish": pgettext_lazy("audit action", "published"),
    "status": pgettext_lazy("audit action", "changed the status"),
    "add": pgettext_lazy("audit action", "added"),
    "remove": pgettext_lazy("audit action", "removed"),
    "export": pgettext_lazy("audit action", "exported"),
    "upload": pgettext_lazy("audit action", "uploaded"),
    "start": pgettext_lazy("audit action", "started"),
    "review": pgettext_lazy("audit action", "reviewed"),
    "generate": pgettext_lazy("audit action", "generated"),
    "remind": pgettext_lazy("audit action", "sent reminders"),
    "revoke": pgettext_lazy("audit action", "revoked"),
    "logo": pgettext_lazy("audit action", "changed the logo"),
    "parties": pgettext_lazy("audit action", "changed the parties"),
    "participants": pgettext_lazy("audit action", "changed the participants"),
}
_ACTIONS: dict[str, Any] = {
    "accounts.password.change": pgettext_lazy("audit action", "changed the password"),
    "accounts.password.reset": pgettext_lazy("audit action", "reset the password"),
    "user.two_factor_enabled": pgettext_lazy("audit action", "turned on two-step sign-in"),
    "user.language": pgettext_lazy("audit action", "changed the interface language"),
    "talent.import.upload": pgettext_lazy("audit action", "uploaded a file to import"),
    "talent.import.start": pgettext_lazy("audit action", "started an import"),
    "talent.import.postings": pgettext_lazy("audit action", "imported vacancy postings"),
    "talent.import.survey": pgettext_lazy("audit action", "imported survey rows"),
    "agreements.agreement.stage": pgettext_lazy("audit action", "changed the stage"),
    "agreements.approval.create": pgettext_lazy("audit action", "approved"),
}
_SOME_CHANGE = pgettext_lazy("audit action", "changed")

# Labels of the details that some entries keep beside the fields of their object.
_DETAILS: dict[str, Any] = {
    "file": _("file"),
    "format": _("file format"),
    "size": _("size"),
    "rows": _("rows"),
    "added": _("added"),
    "email": _("e-mail address"),
    "role": _("role"),
    "user": _("user"),
    "name": _("name"),
    "type": _("type"),
    "participants": _("participants"),
    "actions": _("actions"),
    "on": _("date"),
    "institution": _("institution"),
    "visit": _("visit"),
    "order": _("order"),
    "created_by": _("created by"),
    "published_by": _("published by"),
    "guests": _("guest institutions"),
    "accompanying": _("accompanying institutions"),
}
_ANOTHER_DETAIL = _("another detail")
# Bookkeeping that every change moves and nobody reads: left out of the list of changes.
_BOOKKEEPING = frozenset(
    {"id", "version", "created_at", "updated_at", "search_text", "content_hash", "sha256"}
)
# Never shown, whatever the entry holds.
_SECRET_PARTS = ("password", "secret", "token", "hash")
_MAX_VALUE_CHARS = 120


@dataclass(frozen=True)
class Change:
    """One field of an entry as its reader sees it: a label and the values as text ("" when
    the value is not shown: a secret, a reference to another record, a structure)."""

    label: str
    before: str
    after: str


def action_label(action: str) -> str:
    """The action as a phrase in the active language ("created", "changed the status")."""
    if action in _ACTIONS:
        return str(_ACTIONS[action])
    verb = action.rsplit(".", 1)[-1]
    return str(_VERBS.get(verb, _SOME_CHANGE))


def _model(object_type: str) -> type[models.Model] | None:
    from django.apps import apps

    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def kind_label(object_type: str) -> str:
    """The kind of record (its model's verbose_name), or a generic word."""
    model = _model(object_type)
    name = model._meta.verbose_name if model is not None else None
    return str(capfirst(name if isinstance(name, Promise) else _("record")))


@cache
def _fields_by_key(model: type[models.Model]) -> dict[str, Any]:
    """A model's fields by name and by attribute name ("institution" and "institution_id")."""
    fields: dict[str, Any] = {}
    for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        fields[field.name] = field
        fields[field.attname] = field
    return fields


def _shown(key: str, field: Any) -> bool:
    if key in _BOOKKEEPING or any(part in key for part in _SECRET_PARTS):
        return False
    return field is None or (field.editable and not field.primary_key)


def _label(key: str, field: Any) -> str:
    name = getattr(field, "verbose_name", None)
    if isinstance(name, Promise):
        return str(capfirst(str(name)))
    return str(capfirst(_DETAILS.get(key.removesuffix("_id"), _ANOTHER_DETAIL)))


def _text(value: Any, field: Any) -> str:
    """A stored value as the pages show it, in the active language."""
    from django.utils import formats
    from django.utils.dateparse import parse_date, parse_datetime

    from leizu.core.multilingual import Multilingual, language_codes

    if field is not None and field.is_relation:
        # Ids: the records they name are not looked up (no query per row).
        if isinstance(value, list):
            return ngettext("%(count)d item", "%(count)d items", len(value)) % {"count": len(value)}
        return ""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, dict):
        if set(value) <= set(language_codes()):
            return _short(Multilingual(value).localize())
        return ""
    if isinstance(value, list):
        if all(isinstance(v, int) and not isinstance(v, bool) for v in value):
            return ngettext("%(count)d item", "%(count)d items", len(value)) % {"count": len(value)}
        return _short(", ".join(_text(v, None) for v in value))
    choices = dict(getattr(field, "flatchoices", None) or ())
    if value in choices:
        return _short(str(choices[value]))
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        moment = parse_datetime(value)
        if moment is not None:
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
            return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")
    if isinstance(field, models.DateField) and isinstance(value, str):
        day = parse_date(value)
        if day is not None:
            return formats.date_format(day, "SHORT_DATE_FORMAT")
    name = getattr(field, "name", "")
    if name == "country" and isinstance(value, str):
        from leizu.core.reference import country_name

        return country_name(value)
    if isinstance(value, int | float):
        return str(formats.localize(value))
    return _short(str(value))


def _short(text: str) -> str:
    return text if len(text) <= _MAX_VALUE_CHARS else text[: _MAX_VALUE_CHARS - 1] + "…"


def entry_changes(entry: AuditEntry) -> list[Change]:
    """The fields an entry changed, labelled and with readable values, in the order of the
    model's fields; a record created or deleted lists only the fields that held a value."""
    model = _model(entry.object_type)
    fields = _fields_by_key(model) if model is not None else {}
    order = {key: n for n, key in enumerate(fields)}
    before, after = entry.before or {}, entry.after or {}
    whole = entry.before is None or entry.after is None  # created, deleted, or a plain record
    changes = []
    for key in sorted(entry.changed_fields(), key=lambda k: (order.get(k, len(order)), k)):
        field = fields.get(key)
        if not _shown(key, field):
            continue
        change = Change(
            label=_label(key, field),
            before=_text(before.get(key), field) if key in before else "",
            after=_text(after.get(key), field) if key in after else "",
        )
        if whole and (change.before or change.after) in ("", "—"):
            continue
        changes.append(change)
    return changes


def entry_object_label(entry: AuditEntry) -> str:
    """The object's name: in the reader's language when the entry holds its multilingual name,
    else as it was written down."""
    from leizu.core.multilingual import Multilingual, language_codes

    for snapshot_ in (entry.after, entry.before):
        for key in ("name", "title"):
            value = (snapshot_ or {}).get(key)
            if isinstance(value, dict) and value and set(value) <= set(language_codes()):
                text = Multilingual(value).localize()
                if text:
                    return text
    return entry.object_label
