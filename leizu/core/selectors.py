from django.db.models import Q, QuerySet

from leizu.core.access import Actor, get_or_404
from leizu.core.models import AuditEntry, StoredFile


def audit_list(*, actor: Actor) -> QuerySet[AuditEntry]:
    """Network managers read the whole log; an institution's admins read its entries."""
    qs = AuditEntry.objects.select_related("actor")
    if actor.manages_network:
        return qs
    ids = sorted(m.institution_id for m in actor.memberships if m.role == "admin")
    return qs.filter(institution_id__in=ids)


def stored_file_get(*, actor: Actor, pk: object) -> StoredFile:
    """A file the actor may download: one of a visible institution (host files are shared)."""
    if not actor.is_authenticated:
        return get_or_404(StoredFile.objects.none(), pk=pk)
    qs = StoredFile.objects.all()
    if not actor.sees_network:
        from django.apps import apps

        institution = apps.get_model("institutions", "Institution")
        visible = institution.objects.filter(
            Q(id__in=sorted(actor.institution_ids)) | Q(is_host=True)
        ).values("id")
        qs = qs.filter(Q(institution_id__in=visible) | Q(uploaded_by=actor.user))
    return get_or_404(qs, pk=pk)
