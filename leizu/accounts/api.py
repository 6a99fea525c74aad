from django.http import HttpRequest
from ninja import Router, Schema

from leizu.core.access import actor_for
from leizu.core.schemas import READ_ERRORS

router = Router(tags=["accounts"])


class MembershipOut(Schema):
    institution_id: int
    role: str
    is_host: bool


class MeOut(Schema):
    email: str
    display_name: str
    preferred_language: str
    memberships: list[MembershipOut]


@router.get(
    "/me", response={200: MeOut, **READ_ERRORS}, summary="The signed-in user and their memberships"
)
def me(request: HttpRequest) -> dict:
    actor = actor_for(request)
    user = actor.user
    return {
        "email": user.email,
        "display_name": user.display_name,
        "preferred_language": user.preferred_language,
        "memberships": [m.__dict__ for m in actor.memberships],
    }
