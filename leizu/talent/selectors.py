"""Reads of talent evidence, supply and taxonomy extensions, always scoped to an actor by the
rule in ``talent/access.py``."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from leizu.core.access import Actor, get_or_404
from leizu.talent.access import (
    can_change_extension,
    can_edit_supply,
    editable_evidence_q,
    evidence_q,
    require_read,
)
from leizu.talent.models import (
    GraduateSupply,
    ImportJob,
    OccupationAlias,
    Posting,
    SkillTerm,
    StatedNeed,
)


def _require_edit(actor: Actor, obj: Any) -> None:
    model = type(obj)
    if not model._default_manager.filter(editable_evidence_q(actor), pk=obj.pk).exists():
        raise PermissionDenied


# --- postings ---------------------------------------------------------------------------------


def posting_list(
    *,
    actor: Actor,
    country: str | None = None,
    region: str | None = None,
    field: str | None = None,
    occupation: str | None = None,
    date_from: Any = None,
    date_to: Any = None,
    query: str | None = None,
    import_id: Any = None,
) -> QuerySet[Posting]:
    """The postings behind a figure: the same filters as the figures, limited to what the
    actor may see."""
    require_read(actor)
    qs = Posting.objects.filter(evidence_q(actor))
    if country:
        qs = qs.filter(country=country)
    if region:
        qs = qs.filter(region=region)
    if field:
        qs = qs.filter(isced_f=field) if field != "-" else qs.filter(isced_f="")
    if occupation:
        qs = qs.filter(isco08=occupation)
    if date_from:
        qs = qs.filter(posted_on__gte=date_from)
    if date_to:
        qs = qs.filter(posted_on__lte=date_to)
    if query:
        qs = qs.filter(Q(title__icontains=query) | Q(employer__icontains=query))
    if import_id:
        qs = qs.filter(import_job_id=import_id)
    return qs.defer("text", "classification").order_by("-posted_on", "-id")


def posting_get(*, actor: Actor, pk: Any) -> Posting:
    require_read(actor)
    return get_or_404(
        Posting.objects.filter(evidence_q(actor)).select_related("reviewed_by"), pk=pk
    )


def posting_get_for_review(*, actor: Actor, pk: Any) -> Posting:
    posting = posting_get(actor=actor, pk=pk)
    _require_edit(actor, posting)
    return posting


def review_queue(*, actor: Actor) -> QuerySet[Posting]:
    """Low-confidence postings the actor may correct, least certain first."""
    require_read(actor)
    return (
        Posting.objects.filter(editable_evidence_q(actor), needs_review=True)
        .defer("text")
        .order_by("score", "id")
    )


# --- stated needs and survey rows ---------------------------------------------------------------


def need_list(
    *,
    actor: Actor,
    kind: str | None = None,
    country: str | None = None,
    region: str | None = None,
    field: str | None = None,
    occupation: str | None = None,
    date_from: Any = None,
    date_to: Any = None,
) -> QuerySet[StatedNeed]:
    require_read(actor)
    qs = StatedNeed.objects.filter(evidence_q(actor))
    if kind:
        qs = qs.filter(kind=kind)
    if country:
        qs = qs.filter(country=country)
    if region:
        qs = qs.filter(region=region)
    if field:
        qs = qs.filter(isced_f=field) if field != "-" else qs.filter(isced_f="")
    if occupation:
        qs = qs.filter(isco08=occupation)
    if date_from:
        qs = qs.filter(stated_on__gte=date_from)
    if date_to:
        qs = qs.filter(stated_on__lte=date_to)
    return qs.select_related("institution").order_by("-stated_on", "-id")


def need_get(*, actor: Actor, pk: Any) -> StatedNeed:
    require_read(actor)
    return get_or_404(
        StatedNeed.objects.filter(evidence_q(actor)).select_related("institution"), pk=pk
    )


def need_get_for_edit(*, actor: Actor, pk: Any) -> StatedNeed:
    need = need_get(actor=actor, pk=pk)
    _require_edit(actor, need)
    return need


def visit_needs(*, actor: Actor, country: str | None = None) -> Any:
    """Needs recorded during the visits the actor sees (the visits app decides which)."""
    from leizu.visits.selectors import need_list as visits_need_list

    return visits_need_list(actor=actor, country=country)


def programme_graduate_figures(**filters: Any) -> list[Any]:
    """Graduates of the programmes institutions record, by field, country and year (the
    programmes app says what this aggregate may reveal: no programme or institution)."""
    from leizu.programmes.selectors import graduate_figures

    return graduate_figures(**filters)


def visit_need_figures(**filters: Any) -> list[Any]:
    """Headcounts of the needs stated in every visit, for the figures: the visits app says what
    this aggregate may reveal (no visit, institution or person)."""
    from leizu.visits.selectors import need_figures

    return need_figures(**filters)


# --- supply -----------------------------------------------------------------------------------


def supply_list(
    *,
    actor: Actor,
    country: str | None = None,
    field: str | None = None,
    year: int | None = None,
) -> QuerySet[GraduateSupply]:
    require_read(actor)
    qs = GraduateSupply.objects.all()
    if country:
        qs = qs.filter(country=country)
    if field:
        qs = qs.filter(isced_f=field)
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("-year", "country", "region", "isced_f")


def supply_get_for_edit(*, actor: Actor, pk: Any) -> GraduateSupply:
    require_read(actor)
    supply = get_or_404(GraduateSupply.objects.all(), pk=pk)
    if not can_edit_supply(actor):
        raise PermissionDenied
    return supply


# --- imports ----------------------------------------------------------------------------------


def import_list(*, actor: Actor) -> QuerySet[ImportJob]:
    require_read(actor)
    return (
        ImportJob.objects.filter(evidence_q(actor))
        .select_related("institution", "created_by")
        .order_by("-created_at")
    )


def import_get(*, actor: Actor, pk: Any) -> ImportJob:
    require_read(actor)
    return get_or_404(ImportJob.objects.filter(evidence_q(actor)), pk=pk)


# --- taxonomy extensions ----------------------------------------------------------------------


def reclassification_pending(*, actor: Actor) -> int:
    """The actor's postings waiting to be classified again after the aliases or skills
    changed (they keep the decision from before until then)."""
    require_read(actor)
    return Posting.objects.filter(
        evidence_q(actor), classified_at__isnull=True, classification__isnull=False
    ).count()


def alias_list(*, actor: Actor) -> QuerySet[OccupationAlias]:
    require_read(actor)
    return OccupationAlias.objects.select_related("institution").order_by("isco08", "text")


def skill_list(*, actor: Actor) -> QuerySet[SkillTerm]:
    require_read(actor)
    return SkillTerm.objects.select_related("institution").order_by("isco08", "label")


def alias_get_for_edit(*, actor: Actor, pk: Any) -> OccupationAlias:
    alias = get_or_404(alias_list(actor=actor), pk=pk)
    if not can_change_extension(actor, alias):
        raise PermissionDenied
    return alias


def skill_get_for_edit(*, actor: Actor, pk: Any) -> SkillTerm:
    skill = get_or_404(skill_list(actor=actor), pk=pk)
    if not can_change_extension(actor, skill):
        raise PermissionDenied
    return skill
