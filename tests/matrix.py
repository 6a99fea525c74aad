"""Building blocks of the access matrix, shared by every app's part of it.

Personas, in order: anonymous, pending (a staff session with the password but not the second
factor), host coordinator, partner A staff, partner B staff, student (owner), other student.
Object URLs always point at partner B's objects.
"""

from conftest import PERSONAS


def expect(
    anonymous: int,
    coordinator: int,
    partner_a: int,
    partner_b: int,
    student: int,
    other_student: int,
    *,
    pending: int | None = None,
) -> dict[str, int]:
    """Expected statuses per persona. A pending session meets the two-factor gate before any
    view: 401 on the API (where anonymous callers get 401), else a redirect to the two-factor
    step; only the pages on the way there (login, logout, the step, password reset, language)
    say otherwise, with ``pending``."""
    if pending is None:
        pending = 401 if anonymous == 401 else 302
    return dict(
        zip(
            PERSONAS,
            [anonymous, pending, coordinator, partner_a, partner_b, student, other_student],
            strict=True,
        )
    )


ALL = expect(200, 200, 200, 200, 200, 200)
# Open to everybody, also before the second factor.
OPEN = expect(200, 200, 200, 200, 200, 200, pending=200)
SIGNED_IN = expect(302, 200, 200, 200, 200, 200)
NETWORK_MANAGER = expect(302, 200, 403, 403, 403, 403)
# An object of partner B: the coordinator and partner B reach it; everybody else gets 404.
PARTNER_B_OBJECT = expect(302, 200, 404, 200, 404, 404)
NOT_ALLOWED_METHOD = expect(405, 405, 405, 405, 405, 405)


API_SIGNED_IN = expect(401, 200, 200, 200, 200, 200)
API_PARTNER_B_OBJECT = expect(401, 200, 404, 200, 404, 404)
API_PARTNER_B_WRITE = expect(401, 201, 404, 201, 404, 404)
