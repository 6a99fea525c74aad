"""Building blocks of the access matrix, shared by every app's part of it.

Personas, in order: anonymous, host coordinator, partner A staff, partner B staff, student
(owner), other student. Object URLs always point at partner B's objects.
"""

from conftest import PERSONAS


def expect(
    anonymous: int,
    coordinator: int,
    partner_a: int,
    partner_b: int,
    student: int,
    other_student: int,
) -> dict[str, int]:
    return dict(
        zip(
            PERSONAS,
            [anonymous, coordinator, partner_a, partner_b, student, other_student],
            strict=True,
        )
    )


ALL = dict.fromkeys(PERSONAS, 200)
SIGNED_IN = expect(302, 200, 200, 200, 200, 200)
NETWORK_MANAGER = expect(302, 200, 403, 403, 403, 403)
# An object of partner B: the coordinator and partner B reach it; everybody else gets 404.
PARTNER_B_OBJECT = expect(302, 200, 404, 200, 404, 404)
NOT_ALLOWED_METHOD = dict.fromkeys(PERSONAS, 405)


API_SIGNED_IN = expect(401, 200, 200, 200, 200, 200)
API_PARTNER_B_OBJECT = expect(401, 200, 404, 200, 404, 404)
API_PARTNER_B_WRITE = expect(401, 201, 404, 201, 404, 404)
