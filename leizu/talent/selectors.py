"""Reads of talent evidence, supply and taxonomy extensions, always scoped to an actor.

The access policy of talent (decided here, on top of ``core.access``):

- Readers: every signed-in member except students. Students (actors whose only role is
  student) see nothing of talent: every talent page and operation is a 404 for them.
- Evidence (postings, stated needs, survey rows, imports): actors who see the network
  (``actor.sees_network``: host staff, analysts working at a host institution, operators) see
  all of it; everybody else sees the evidence of their own institutions (the needs they stated,
  the postings and survey rows their institution imported).
- Figures (demand, supply, gap indices, trends, map) are aggregates over all evidence and are
  shown to every reader: a partner sees the whole picture but, drilling down, only the rows it
  may see.
- Importing postings or survey rows, stating needs and reviewing classifications: admins,
  coordinators and staff, for their own institution; host admins, coordinators and staff for any.
- Supply (graduates): read by every reader, edited by network managers only.
- Taxonomy extensions (aliases, skills) are read by every reader and added by anyone who may
  import; an extension is changed or removed by its institution or a network manager.
- Anything outside reach is a 404; a row one may read but not change answers 403.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from leizu.core.access import OWN_EDIT_ROLES, Actor, get_or_404
from leizu.talent.models import (
    GraduateSupply,
    ImportJob,
    OccupationAlias,
    Posting,
    SkillTerm,
    StatedNeed,
)


def can_read(actor: Actor) -> bool:
    return actor.is_authenticated and actor.is_staff_side


def require_read(actor: Actor) -> None:
    """404 for those who see nothing of talent (anonymous callers get the login first)."""
    if not can_read(actor):
        raise Http404


def sees_all_evidence(actor: Actor) -> bool:
    return can_read(actor) and actor.sees_network


def edits_all_evidence(actor: Actor) -> bool:
    """Host admins, coordinators and staff (and operators) may change any evidence."""
    return actor.is_operator or any(
        m.is_host and m.role in OWN_EDIT_ROLES for m in actor.memberships
    )


def editor_institution_ids(actor: Actor) -> list[int]:
    """Institutions on whose behalf the actor may import, state needs and review."""
    return sorted({m.institution_id for m in actor.memberships if m.role in OWN_EDIT_ROLES})


def can_import(actor: Actor) -> bool:
    return can_read(actor) and (actor.is_operator or bool(editor_institution_ids(actor)))


def can_edit_supply(actor: Actor) -> bool:
    return can_read(actor) and actor.manages_network


def evidence_q(actor: Actor, path: str = "") -> Q:
    if sees_all_evidence(actor):
        return Q()
    if not can_read(actor):
        return Q(pk__in=[])
    return Q(**{f"{path}institution_id__in": sorted(actor.institution_ids)})


def editable_evidence_q(actor: Actor, path: str = "") -> Q:
    if not can_read(actor):
        return Q(pk__in=[])
    if edits_all_evidence(actor):
        return Q()
    return Q(**{f"{path}institution_id__in": editor_institution_ids(actor)})


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


def can_review(actor: Actor, posting: Posting) -> bool:
    return edits_all_evidence(actor) or posting.institution_id in editor_institution_ids(actor)


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


def alias_list(*, actor: Actor) -> QuerySet[OccupationAlias]:
    require_read(actor)
    return OccupationAlias.objects.select_related("institution").order_by("isco08", "text")


def skill_list(*, actor: Actor) -> QuerySet[SkillTerm]:
    require_read(actor)
    return SkillTerm.objects.select_related("institution").order_by("isco08", "label")


def can_change_extension(actor: Actor, obj: OccupationAlias | SkillTerm) -> bool:
    return actor.manages_network or obj.institution_id in editor_institution_ids(actor)


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
