"""What a party approves, as data, and its SHA-256: the version's text and file, and the
agreement's terms, parties and conditions. An approval holds while the fingerprint of the
current content is the one it stored; otherwise ``changed_parts`` says what moved on.

Each party's own bookkeeping (its unit, reference number, signatory, where and when it signed)
is not part of what the others approved, and changes nothing here.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

TERMS = (
    "kind",
    "programme_type",
    "parent_id",
    "title",
    "summary",
    "valid_from",
    "valid_until",
    "renewal",
    "renewal_years",
    "denounce_days",
)
CONDITION_FIELDS = (
    "kind",
    "sending_id",
    "sending_unit_id",
    "receiving_id",
    "receiving_unit_id",
    "field_code",
    "isced_level",
    "national_level",
    "places_per_year",
    "duration",
    "duration_unit",
    "language",
    "cefr_level",
    "first_year",
    "last_year",
)


def _plain(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in sorted(value.items()) if v not in ("", None)}
    return value


def content_of(agreement: Any, version: Any) -> dict[str, Any]:
    """The approved content of ``version`` of ``agreement`` (parties and conditions loaded with
    it: ``agreement.parties.all()`` and ``agreement.conditions.all()`` are read once)."""
    return {
        "terms": {name: _plain(getattr(agreement, name)) for name in TERMS},
        "parties": sorted(p.institution_id for p in agreement.parties.all()),
        "conditions": sorted(
            (
                [_plain(getattr(c, name)) for name in CONDITION_FIELDS]
                for c in agreement.conditions.all()
            ),
            key=lambda row: json.dumps(row, sort_keys=True, default=str),
        ),
        "version": {
            "number": version.number,
            "kind": version.kind,
            "text": _plain(version.text),
            "file_sha256": version.file.sha256 if version.file_id else "",
        },
    }


def sha256_of(content: dict[str, Any]) -> str:
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def changed_parts(approved: dict[str, Any], current: dict[str, Any]) -> list[str]:
    """What changed since the approval, by part: "title", "valid_until", "parties",
    "conditions", "text", "file", "version"."""
    changed = [
        name for name in TERMS if approved.get("terms", {}).get(name) != current["terms"].get(name)
    ]
    for part in ("parties", "conditions"):
        if approved.get(part) != current[part]:
            changed.append(part)
    old, new = approved.get("version", {}), current["version"]
    if old.get("number") != new["number"]:
        changed.append("version")
    if old.get("text") != new["text"]:
        changed.append("text")
    if old.get("file_sha256") != new["file_sha256"]:
        changed.append("file")
    return changed
