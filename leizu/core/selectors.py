from django.db.models import QuerySet

from leizu.core.access import Actor
from leizu.core.models import AuditEntry


def audit_list(*, actor: Actor) -> QuerySet[AuditEntry]:
    """Network managers read the whole log; an institution's admins read its entries."""
    qs = AuditEntry.objects.select_related("actor")
    if actor.manages_network:
        return qs
    ids = sorted(m.institution_id for m in actor.memberships if m.role == "admin")
    return qs.filter(institution_id__in=ids)
