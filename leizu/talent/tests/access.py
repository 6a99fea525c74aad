"""The talent part of the access matrix (see tests/test_access_matrix.py).

Readers are every signed-in member except students, who get 404 for everything of talent.
Object URLs point at partner B's evidence: the host coordinator (who sees the network) and
partner B reach it, partner A and the students get 404.
"""

import datetime
from collections.abc import Callable
from typing import Any

from tests.matrix import PARTNER_B_OBJECT, expect

READER = expect(302, 200, 200, 200, 404, 404)
POST_ONLY = expect(302, 405, 405, 405, 405, 405)
SUPPLY_EDITOR = expect(302, 200, 403, 403, 404, 404)
API_READER = expect(401, 200, 200, 200, 404, 404)
API_PARTNER_B = expect(401, 200, 404, 200, 404, 404)


def make_targets(world: dict[str, Any], actors: dict[str, Any], targets: dict[str, Any]) -> dict:
    from leizu.talent import services
    from leizu.talent.models import GraduateSupply, ImportJob, ImportStatus, Posting

    uz1 = world["institutions"]["uz1"]
    job = ImportJob.objects.create(
        kind="postings",
        institution=uz1,
        created_by=world["users"]["partner_uz"],
        file_path="",
        original_name="matrix.csv",
        file_format="csv",
        status=ImportStatus.DONE,
    )
    posting = Posting.objects.create(
        institution=uz1,
        import_job=job,
        title="Tikuvchi",
        country="UZ",
        region="UZ-FA",
        posted_on=datetime.date(2025, 3, 1),
        content_hash="matrix-posting",
        isco08="7533",
        isced_f="0723",
        machine_isco08="7533",
        machine_isced_f="0723",
    )
    need = services.need_create(
        by=actors["partner_b"],
        data={
            "isced_f": "0723",
            "occupation": "Tikuvchilar",
            "country": "UZ",
            "headcount": 10,
            "stated_on": datetime.date(2025, 3, 1),
        },
    )
    alias = services.alias_create(
        by=actors["partner_b"],
        data={"isco08": "7533", "language": "uz", "text": "matritsa tikuvchi"},
    )
    skill = services.skill_create(
        by=actors["partner_b"], data={"isco08": "7533", "language": "uz", "label": "matritsa chok"}
    )
    return {
        "talent_posting": posting,
        "talent_job": job,
        "talent_need": need,
        "talent_supply": GraduateSupply.objects.order_by("id").first(),
        "talent_alias": alias,
        "talent_skill": skill,
    }


PAGES: dict[str, tuple[Callable[[dict[str, Any]], str], dict[str, int]]] = {
    "talent:dashboard": (lambda t: "/talent/", READER),
    "talent:postings": (lambda t: "/talent/postings/", READER),
    "talent:posting_detail": (
        lambda t: f"/talent/postings/{t['talent_posting'].pk}/",
        PARTNER_B_OBJECT,
    ),
    "talent:posting_review": (
        lambda t: f"/talent/postings/{t['talent_posting'].pk}/review/",
        POST_ONLY,
    ),
    "talent:review": (lambda t: "/talent/review/", READER),
    "talent:classify": (lambda t: "/talent/classify/", READER),
    "talent:imports": (lambda t: "/talent/imports/", READER),
    "talent:import_detail": (lambda t: f"/talent/imports/{t['talent_job'].pk}/", PARTNER_B_OBJECT),
    "talent:import_progress": (
        lambda t: f"/talent/imports/{t['talent_job'].pk}/progress/",
        PARTNER_B_OBJECT,
    ),
    "talent:needs": (lambda t: "/talent/needs/", READER),
    "talent:need_create": (lambda t: "/talent/needs/new/", READER),
    "talent:need_edit": (lambda t: f"/talent/needs/{t['talent_need'].pk}/edit/", PARTNER_B_OBJECT),
    "talent:supply": (lambda t: "/talent/supply/", READER),
    "talent:supply_create": (lambda t: "/talent/supply/new/", SUPPLY_EDITOR),
    "talent:supply_edit": (
        lambda t: f"/talent/supply/{t['talent_supply'].pk}/edit/",
        SUPPLY_EDITOR,
    ),
    "talent:supply_import": (lambda t: "/talent/supply/import/", SUPPLY_EDITOR),
    "talent:supply_export": (lambda t: "/talent/supply/export.xlsx", READER),
    "talent:taxonomy": (lambda t: "/talent/taxonomy/", READER),
    "talent:alias_delete": (
        lambda t: f"/talent/taxonomy/aliases/{t['talent_alias'].pk}/delete/",
        POST_ONLY,
    ),
    "talent:skill_delete": (
        lambda t: f"/talent/taxonomy/skills/{t['talent_skill'].pk}/delete/",
        POST_ONLY,
    ),
}

NEED = {
    "isced_f": "0715",
    "occupation": "Matrix turner",
    "country": "KZ",
    "headcount": 5,
    "stated_on": "2025-05-01",
}

API: dict[tuple[str, str], tuple[Callable[[dict[str, Any]], str], Any, dict[str, int]]] = {
    ("post", "/api/v1/talent/classify"): (
        lambda t: "/api/v1/talent/classify",
        {"title": "Швея-мотористка", "text": ""},
        API_READER,
    ),
    ("get", "/api/v1/talent/postings"): (lambda t: "/api/v1/talent/postings", None, API_READER),
    ("get", "/api/v1/talent/postings/{posting_id}"): (
        lambda t: f"/api/v1/talent/postings/{t['talent_posting'].pk}",
        None,
        API_PARTNER_B,
    ),
    ("post", "/api/v1/talent/postings/{posting_id}/review"): (
        lambda t: f"/api/v1/talent/postings/{t['talent_posting'].pk}/review",
        {"isco08": "7533", "isced_f": "0723"},
        API_PARTNER_B,
    ),
    ("get", "/api/v1/talent/imports"): (lambda t: "/api/v1/talent/imports", None, API_READER),
    # A JSON body is not a file upload: refused before anything is read (422 for everybody).
    ("post", "/api/v1/talent/imports"): (
        lambda t: "/api/v1/talent/imports",
        {"kind": "postings"},
        expect(401, 422, 422, 422, 422, 422),
    ),
    ("get", "/api/v1/talent/imports/{import_id}"): (
        lambda t: f"/api/v1/talent/imports/{t['talent_job'].pk}",
        None,
        API_PARTNER_B,
    ),
    ("get", "/api/v1/talent/needs"): (lambda t: "/api/v1/talent/needs", None, API_READER),
    ("post", "/api/v1/talent/needs"): (
        lambda t: "/api/v1/talent/needs",
        NEED,
        expect(401, 201, 201, 201, 404, 404),
    ),
    ("get", "/api/v1/talent/needs/{need_id}"): (
        lambda t: f"/api/v1/talent/needs/{t['talent_need'].pk}",
        None,
        API_PARTNER_B,
    ),
    ("patch", "/api/v1/talent/needs/{need_id}"): (
        lambda t: f"/api/v1/talent/needs/{t['talent_need'].pk}",
        {"version": 999, "headcount": 11},
        expect(401, 409, 404, 409, 404, 404),
    ),
    ("get", "/api/v1/talent/supply"): (lambda t: "/api/v1/talent/supply", None, API_READER),
    ("post", "/api/v1/talent/supply"): (
        lambda t: "/api/v1/talent/supply",
        {"isced_f": "0723", "country": "TJ", "year": 2025, "graduates": 40},
        expect(401, 201, 403, 403, 404, 404),
    ),
    ("patch", "/api/v1/talent/supply/{supply_id}"): (
        lambda t: f"/api/v1/talent/supply/{t['talent_supply'].pk}",
        {"version": 999, "graduates": 1},
        expect(401, 409, 403, 403, 404, 404),
    ),
    ("get", "/api/v1/talent/figures"): (lambda t: "/api/v1/talent/figures", None, API_READER),
    ("get", "/api/v1/talent/aliases"): (lambda t: "/api/v1/talent/aliases", None, API_READER),
    ("post", "/api/v1/talent/aliases"): (
        lambda t: "/api/v1/talent/aliases",
        {"isco08": "7223", "language": "ru", "text": "матричный токарь"},
        expect(401, 201, 201, 201, 404, 404),
    ),
    # Partner B's alias: the coordinator (a network manager) and partner B remove it; partner A
    # reads the taxonomy but may not change another institution's extension.
    ("delete", "/api/v1/talent/aliases/{alias_id}"): (
        lambda t: f"/api/v1/talent/aliases/{t['talent_alias'].pk}",
        None,
        expect(401, 204, 403, 204, 404, 404),
    ),
    ("get", "/api/v1/talent/skills"): (lambda t: "/api/v1/talent/skills", None, API_READER),
    ("post", "/api/v1/talent/skills"): (
        lambda t: "/api/v1/talent/skills",
        {"isco08": "7223", "language": "ru", "label": "матричная токарка"},
        expect(401, 201, 201, 201, 404, 404),
    ),
    ("delete", "/api/v1/talent/skills/{skill_id}"): (
        lambda t: f"/api/v1/talent/skills/{t['talent_skill'].pk}",
        None,
        expect(401, 204, 403, 204, 404, 404),
    ),
}

# POST-only pages, each persona on its own fresh objects (tests/test_access_matrix.py).
POSTS: dict[str, tuple[Callable[[dict[str, Any]], str], dict[str, Any], dict[str, int]]] = {
    "talent:posting_review": (
        lambda t: f"/talent/postings/{t['talent_posting'].pk}/review/",
        {"confirm": "1"},
        expect(302, 302, 404, 302, 404, 404),
    ),
    "talent:alias_delete": (
        lambda t: f"/talent/taxonomy/aliases/{t['talent_alias'].pk}/delete/",
        {},
        expect(302, 302, 403, 302, 404, 404),
    ),
    "talent:skill_delete": (
        lambda t: f"/talent/taxonomy/skills/{t['talent_skill'].pk}/delete/",
        {},
        expect(302, 302, 403, 302, 404, 404),
    ),
}
# Classifying a text reads and writes nothing.
READ_ONLY_POSTS = {("post", "/api/v1/talent/classify")}
