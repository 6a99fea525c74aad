from django.db.models import QuerySet

from leizu.accounts.models import ApiToken, Invitation, User
from leizu.core.access import Actor, get_or_404


def invitation_list(*, actor: Actor) -> QuerySet[Invitation]:
    qs = Invitation.objects.select_related("institution", "invited_by")
    if actor.manages_network:
        return qs
    ids = sorted(m.institution_id for m in actor.memberships if m.role == "admin")
    return qs.filter(institution_id__in=ids)


def invitable_institutions(*, actor: Actor) -> QuerySet:
    from leizu.institutions.models import Institution

    qs = Institution.objects.filter(is_active=True)
    if actor.manages_network:
        return qs
    ids = sorted(m.institution_id for m in actor.memberships if m.role == "admin")
    return qs.filter(id__in=ids)


def api_token_list(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def api_token_get(*, user: User, pk: object) -> ApiToken:
    return get_or_404(api_token_list(user=user), pk=pk)
