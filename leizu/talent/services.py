"""Writes to talent evidence, supply and taxonomy extensions: validated, audited, in a
transaction. Heavy work (imports, classification of many postings) runs as tasks (tasks.py)."""

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from leizu.core import jobs
from leizu.core.access import Actor
from leizu.core.audit import audit_record, snapshot
from leizu.core.errors import ServiceError
from leizu.core.imports import ChangeSet
from leizu.core.reference import country_codes
from leizu.core.services import save_created, save_updated
from leizu.institutions.models import Institution
from leizu.talent import access, selectors
from leizu.talent.codes import isced_detailed_codes, isco_codes
from leizu.talent.models import (
    DEFAULT_RELIABILITY,
    GraduateSupply,
    ImportJob,
    ImportKind,
    ImportStatus,
    NeedKind,
    OccupationAlias,
    Posting,
    SkillTerm,
    StatedNeed,
)
from leizu.talent.regions import region_find

NEED_FIELDS = (
    "isced_f",
    "occupation",
    "isco08",
    "employer",
    "country",
    "region",
    "headcount",
    "level",
    "horizon_year",
    "stated_on",
    "source",
    "language",
    "reliability",
    "note",
)
SUPPLY_FIELDS = ("isced_f", "country", "region", "year", "graduates", "source")


def _pick(data: dict[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    unknown = set(data) - set(allowed)
    if unknown:
        raise ServiceError(
            _("Unknown field(s): %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    return dict(data)


def _check_codes(data: dict[str, Any], *, field_required: bool = False) -> None:
    """Codes must be known ones: ISCED-F detailed field, ISCO-08 unit group, country, region."""
    errors: dict[str, list[str]] = {}
    isced = data.get("isced_f", "")
    if (isced or field_required) and isced not in isced_detailed_codes():
        errors["isced_f"] = [_("Choose a detailed field of ISCED-F 2013 (four digits).")]
    isco = data.get("isco08", "")
    if isco and isco not in isco_codes():
        errors["isco08"] = [_("Choose an ISCO-08 unit group (four digits).")]
    if "country" in data:
        data["country"] = (data["country"] or "").upper()
        if data["country"] not in country_codes():
            errors["country"] = [_("Choose a country.")]
    if data.get("region"):
        code = region_find(data["region"], data.get("country", ""))
        if code is None:
            errors["region"] = [_("Choose a region of this country.")]
        else:
            data["region"] = code
    if errors:
        raise ServiceError("; ".join(m for v in errors.values() for m in v), fields=errors)


def acting_institution(by: Actor, institution_id: int | None) -> Institution:
    """The institution on whose behalf the actor records evidence."""
    allowed = access.editor_institution_ids(by)
    if institution_id is None:
        if allowed:
            institution_id = allowed[0]
        elif by.is_operator:
            host = Institution.objects.filter(is_host=True).order_by("id").first()
            if host is None:
                raise PermissionDenied
            return host
        else:
            raise PermissionDenied
    if institution_id not in allowed and not access.edits_all_evidence(by):
        raise PermissionDenied
    institution = Institution.objects.filter(pk=institution_id, is_active=True).first()
    if institution is None:
        raise ServiceError(
            _("Choose an institution."), fields={"institution": [_("Choose an institution.")]}
        )
    return institution


# --- imports ----------------------------------------------------------------------------------


def import_create(
    *,
    by: Actor,
    upload: Any,
    kind: str = ImportKind.POSTINGS,
    institution_id: int | None = None,
    defaults: dict[str, Any] | None = None,
) -> ImportJob:
    """Keep the upload and propose a mapping of its columns; the import starts on
    ``import_start``. The file is checked and read before the short transaction that records
    the job, and removed again when it is refused or that transaction fails."""
    from leizu.talent import io

    if not access.can_import(by):
        raise PermissionDenied
    if kind not in ImportKind.values:
        raise ServiceError(_("Unknown kind of import."), fields={"kind": [_("Choose a kind.")]})
    institution = acting_institution(by, institution_id)
    cleaned = _clean_defaults(defaults or {})
    path, fmt, size, columns = io.store_upload(upload)
    try:
        with transaction.atomic():
            job = ImportJob(
                kind=kind,
                institution=institution,
                created_by=by.user,
                file_path=path,
                original_name=(getattr(upload, "name", "") or "upload")[-255:],
                file_format=fmt,
                file_size=size,
                mapping=io.guess_mapping(kind, columns),
                defaults=cleaned,
                language=translation.get_language() or settings.LANGUAGE_CODE,
            )
            job.save()
            audit_record(
                actor=by,
                action="talent.import.upload",
                obj=job,
                institution_id=institution.pk,
                after={"file": job.original_name, "format": fmt, "size": size},
            )
    except BaseException:
        (io.Path(settings.MEDIA_ROOT) / path).unlink(missing_ok=True)
        raise
    return job


def _clean_defaults(defaults: dict[str, Any]) -> dict[str, Any]:
    cleaned = {k: str(v).strip() for k, v in defaults.items() if v not in (None, "")}
    unknown = set(cleaned) - {"country", "language", "source", "date", "region"}
    if unknown:
        raise ServiceError(
            _("Unknown field(s): %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        )
    if cleaned.get("country"):
        cleaned["country"] = cleaned["country"].upper()
        if cleaned["country"] not in country_codes():
            raise ServiceError(_("Choose a country."), fields={"country": [_("Choose a country.")]})
    return cleaned


def import_columns(job: ImportJob) -> list[str]:
    from leizu.talent import io

    return io.read_columns(io.job_path(job), job.file_format)


def import_start(
    *,
    job: ImportJob,
    by: Actor,
    mapping: dict[str, str] | None = None,
    defaults: dict[str, Any] | None = None,
) -> ImportJob:
    """Fix the mapping and queue the import task (after the short transaction commits)."""
    from leizu.talent import io

    if job.created_by_id != getattr(by.user, "pk", None) and not access.edits_all_evidence(by):
        raise PermissionDenied
    if job.status != ImportStatus.DRAFT:
        raise ServiceError(_("This import has already started."))
    if mapping is not None:
        columns = set(import_columns(job))
        known = {name for name, _r, _w in io.fields_for(job.kind)}
        mapping = {k: v for k, v in mapping.items() if v}
        bad = {k: v for k, v in mapping.items() if k not in known or v not in columns}
        if bad:
            raise ServiceError(
                _("These columns are not in the file: %(columns)s")
                % {"columns": ", ".join(sorted(bad.values()))},
                fields={k: [_("Not a column of the file.")] for k in bad},
            )
        job.mapping = mapping
    if defaults is not None:
        job.defaults = _clean_defaults(defaults)
    missing = io.missing_required(job)
    if missing:
        raise ServiceError(
            _("Choose a column (or a value for every row) for: %(fields)s")
            % {"fields": ", ".join(io.field_label(m) for m in missing)},
            fields={m: [_("Required.")] for m in missing},
        )
    with transaction.atomic():
        started = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.DRAFT).update(
            mapping=job.mapping,
            defaults=job.defaults,
            status=ImportStatus.QUEUED,
            updated_at=timezone.now(),
        )
        if not started:
            raise ServiceError(_("This import has already started."))
        job.status = ImportStatus.QUEUED
        audit_record(
            actor=by,
            action="talent.import.start",
            obj=job,
            institution_id=job.institution_id,
            after={"mapping": job.mapping, "defaults": job.defaults},
        )
        transaction.on_commit(lambda: io.queue_next(job))
    return job


# --- postings ---------------------------------------------------------------------------------


@transaction.atomic
def posting_review(*, posting: Posting, by: Actor, isco08: str, isced_f: str) -> Posting:
    """A reviewer's correction: kept beside the machine's decision, and it wins in the figures
    and over later reclassification."""
    if not access.can_review(by, posting):
        raise PermissionDenied
    data = {"isco08": isco08 or "", "isced_f": isced_f or ""}
    _check_codes(data, field_required=True)
    if not data["isco08"]:
        raise ServiceError(
            _("Choose an ISCO-08 unit group (four digits)."),
            fields={"isco08": [_("Choose an ISCO-08 unit group (four digits).")]},
        )
    before = snapshot(posting, ["isco08", "isced_f", "reviewed_isco08", "reviewed_isced_f"])
    posting.reviewed_isco08 = posting.isco08 = data["isco08"]
    posting.reviewed_isced_f = posting.isced_f = data["isced_f"]
    posting.reviewed_by = by.user
    posting.reviewed_at = timezone.now()
    posting.needs_review = False
    posting.save(
        update_fields=[
            "reviewed_isco08",
            "reviewed_isced_f",
            "isco08",
            "isced_f",
            "reviewed_by",
            "reviewed_at",
            "needs_review",
        ]
    )
    audit_record(
        actor=by,
        action="talent.posting.review",
        obj=posting,
        institution_id=posting.institution_id,
        before=before,
        after=snapshot(posting, ["isco08", "isced_f", "reviewed_isco08", "reviewed_isced_f"]),
    )
    return posting


@transaction.atomic
def posting_confirm(*, posting: Posting, by: Actor) -> Posting:
    """The reviewer agrees with the machine: its codes become the reviewed ones."""
    return posting_review(
        posting=posting, by=by, isco08=posting.machine_isco08, isced_f=posting.machine_isced_f
    )


# --- stated needs -----------------------------------------------------------------------------


def _clean_need(data: dict[str, Any]) -> dict[str, Any]:
    data = _pick(data, NEED_FIELDS)
    for key in ("isced_f", "isco08", "region", "level", "employer", "source", "language", "note"):
        if key in data and data[key] is None:
            data[key] = ""
    _check_codes(data, field_required="isced_f" in data)
    return data


@transaction.atomic
def need_create(
    *, by: Actor, data: dict[str, Any], institution_id: int | None = None
) -> StatedNeed:
    """A partner's stated need (a form for partner staff; surveys come through imports)."""
    if not access.can_import(by):
        raise PermissionDenied
    institution = acting_institution(by, institution_id)
    data = _clean_need(data)
    data.setdefault("reliability", DEFAULT_RELIABILITY[NeedKind.STATEMENT])
    if data.get("reliability") is None:
        data["reliability"] = DEFAULT_RELIABILITY[NeedKind.STATEMENT]
    need = StatedNeed(kind=NeedKind.STATEMENT, institution=institution, created_by=by.user, **data)
    save_created(need, by=by, action="talent.need.create", institution_id=institution.pk)
    return need


@transaction.atomic
def need_update(*, need: StatedNeed, by: Actor, data: dict[str, Any], version: int | None) -> bool:
    selectors._require_edit(by, need)
    return save_updated(
        need,
        by=by,
        action="talent.need.update",
        data=_clean_need(data),
        version=version,
        institution_id=need.institution_id,
    )


# --- supply -----------------------------------------------------------------------------------


def _require_supply(by: Actor) -> None:
    if not access.can_edit_supply(by):
        raise PermissionDenied


def _clean_supply(data: dict[str, Any]) -> dict[str, Any]:
    data = _pick(data, SUPPLY_FIELDS)
    for key in ("region", "source"):
        if key in data and data[key] is None:
            data[key] = ""
    _check_codes(data, field_required="isced_f" in data)
    return data


def _unique_cell(supply: GraduateSupply) -> None:
    clash = GraduateSupply.objects.filter(
        isced_f=supply.isced_f, country=supply.country, region=supply.region, year=supply.year
    ).exclude(pk=supply.pk)
    if clash.exists():
        message = _("Graduates of this field, place and year are already recorded.")
        raise ServiceError(message, fields={"year": [message]})


@transaction.atomic
def supply_create(*, by: Actor, data: dict[str, Any]) -> GraduateSupply:
    _require_supply(by)
    supply = GraduateSupply(created_by=by.user, **_clean_supply(data))
    _unique_cell(supply)
    save_created(supply, by=by, action="talent.supply.create", institution_id=None)
    return supply


@transaction.atomic
def supply_update(
    *, supply: GraduateSupply, by: Actor, data: dict[str, Any], version: int | None
) -> bool:
    _require_supply(by)
    data = _clean_supply(data)
    probe = GraduateSupply(
        pk=supply.pk, **{**{f: getattr(supply, f) for f in SUPPLY_FIELDS}, **data}
    )
    _unique_cell(probe)
    return save_updated(
        supply,
        by=by,
        action="talent.supply.update",
        data=data,
        version=version,
        institution_id=None,
    )


def supply_stage(
    *, changes: ChangeSet, by: Actor, data: dict[str, Any], stored: GraduateSupply | None
) -> tuple[GraduateSupply, str]:
    """Check one row of a supply import and add it to ``changes`` (written later, all rows at
    once): the row of its field, country, region and year, and "created", "updated" or
    "unchanged"."""
    _require_supply(by)
    data = _clean_supply(data)
    if stored is None:
        supply = GraduateSupply(created_by=by.user, **data)
        changes.create(supply, action="talent.supply.create", institution_id=None)
        return supply, "created"
    changed = changes.update(stored, data, action="talent.supply.update", institution_id=None)
    return stored, "updated" if changed else "unchanged"


# --- taxonomy extensions ----------------------------------------------------------------------


def _clean_extension(data: dict[str, Any], text_field: str) -> dict[str, Any]:
    data = dict(data)
    data[text_field] = " ".join(str(data.get(text_field) or "").split())
    data["isced_f"] = data.get("isced_f") or ""
    if not data.get("isco08"):
        raise ServiceError(
            _("Choose an ISCO-08 unit group (four digits)."),
            fields={"isco08": [_("Choose an ISCO-08 unit group (four digits).")]},
        )
    _check_codes(data)
    return data


@transaction.atomic
def alias_create(
    *, by: Actor, data: dict[str, Any], institution_id: int | None = None
) -> OccupationAlias:
    if not access.can_import(by):
        raise PermissionDenied
    institution = acting_institution(by, institution_id)
    data = _clean_extension(
        _pick(data, ("isco08", "language", "text", "weight", "isced_f")), "text"
    )
    if OccupationAlias.objects.filter(
        isco08=data["isco08"], language=data["language"], text=data["text"]
    ).exists():
        message = _("This alias is already recorded.")
        raise ServiceError(message, fields={"text": [message]})
    alias = OccupationAlias(institution=institution, created_by=by.user, **data)
    save_created(alias, by=by, action="talent.alias.create", institution_id=institution.pk)
    _classify_again(alias.text, alias.language)
    return alias


@transaction.atomic
def skill_create(
    *, by: Actor, data: dict[str, Any], institution_id: int | None = None
) -> SkillTerm:
    if not access.can_import(by):
        raise PermissionDenied
    institution = acting_institution(by, institution_id)
    data = _clean_extension(
        _pick(data, ("isco08", "language", "label", "weight", "isced_f")), "label"
    )
    if SkillTerm.objects.filter(
        isco08=data["isco08"], language=data["language"], label=data["label"]
    ).exists():
        message = _("This skill is already recorded.")
        raise ServiceError(message, fields={"label": [message]})
    skill = SkillTerm(institution=institution, created_by=by.user, **data)
    save_created(skill, by=by, action="talent.skill.create", institution_id=institution.pk)
    _classify_again(skill.label, skill.language)
    return skill


@transaction.atomic
def extension_delete(*, obj: OccupationAlias | SkillTerm, by: Actor) -> None:
    if not access.can_change_extension(by, obj):
        raise PermissionDenied
    kind = "alias" if isinstance(obj, OccupationAlias) else "skill"
    audit_record(
        actor=by,
        action=f"talent.{kind}.delete",
        obj=obj,
        institution_id=obj.institution_id,
        before=snapshot(obj),
    )
    obj.delete()
    _classify_again(obj.text if isinstance(obj, OccupationAlias) else obj.label, obj.language)


def _classify_again(text: str, language: str) -> None:
    """Once the change is committed, the postings it could affect are classified again in the
    background (``tasks.reclassify_affected``)."""
    from leizu.talent.tasks import reclassify_affected

    transaction.on_commit(lambda: jobs.enqueue(reclassify_affected, text, language))
