from typing import Any

from django.db.models import Q, QuerySet

from leizu.core.access import Actor, get_or_404, own_imports_q
from leizu.core.models import AuditEntry, WorkbookImport


def audit_list(*, actor: Actor) -> QuerySet[AuditEntry]:
    """An institution's admins read its entries; network managers read the whole log but for
    other institutions' internal records; operators read everything."""
    qs = AuditEntry.objects.select_related("actor")
    if actor.is_operator:
        return qs
    ids = sorted(m.institution_id for m in actor.memberships if m.role == "admin")
    if actor.manages_network:
        own = sorted(actor.institution_ids)
        return qs.filter(Q(internal=False) | Q(institution_id__in=own))
    return qs.filter(institution_id__in=ids)


def workbook_import_get(*, actor: Actor, pk: Any) -> WorkbookImport:
    return get_or_404(WorkbookImport.objects.filter(own_imports_q(actor)), pk=pk)
