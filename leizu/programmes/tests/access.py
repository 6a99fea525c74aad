"""The programmes part of the access matrix (loaded by tests/test_access_matrix.py).

Catalogues are reference data, and what an institution teaches is what partners plan with:
every member (students included) reads catalogues, programmes and groups; anonymous visitors
are sent to sign in (pages) or get 401 (API). The target programme is partner B's: only
partner B's staff change it (the host's coordinator is no operator); staff of any institution
add programmes and groups for their own.
"""

from typing import Any

from tests.matrix import API_SIGNED_IN, NOT_ALLOWED_METHOD, PARTNER_B_OBJECT, SIGNED_IN, expect

# Only partner B's staff change partner B's programme.
PARTNER_B_EDITS = expect(302, 403, 403, 200, 403, 403)
PARTNER_B_POSTS = expect(302, 403, 403, 302, 403, 403)
API_PARTNER_B_EDITS = expect(401, 403, 403, 200, 403, 403)
# "What we can build together" reads stated needs, talent evidence: the host's coordinator sees
# every partner's and chooses; a partner is sent to its own page; students see no evidence.
TOGETHER = expect(302, 200, 302, 302, 404, 404)
# Staff of any institution add for their own; students do not.
STAFF_ADD = expect(302, 200, 200, 200, 403, 403)
API_STAFF_ADD = expect(401, 201, 201, 201, 403, 403)


def make_targets(world: dict[str, Any], actors: dict[str, Any], targets: dict[str, Any]) -> dict:
    from leizu.programmes import services
    from leizu.programmes.models import Catalogue, CatalogueEntry, Programme

    catalogue = Catalogue.objects.get(classifier="cn-vet", edition="2021")
    code = CatalogueEntry.objects.get(catalogue=catalogue, code="460306")
    uz1 = world["institutions"]["uz1"]
    group = services.group_create(
        by=actors["partner_b"], institution=uz1, data={"name": {"uz": "Matritsa klasteri"}}
    )
    programme = services.programme_create(
        by=actors["partner_b"],
        institution=uz1,
        data={"name": {"uz": "Matritsa yoʻnalishi"}, "group": group, "catalogue_entry": code},
    )
    services.programme_year_set(
        programme=programme, by=actors["partner_b"], year=2024, intake=30, graduates=None
    )
    course = services.course_create(
        by=actors["partner_b"], programme=programme, data={"name": {"en": "Garment making"}}
    )
    outcome = services.outcome_create(
        by=actors["partner_b"],
        course=course,
        data={"text": {"en": "Sew garments on industrial sewing machines"}},
    )
    link = outcome.skills.order_by("id").first()
    from leizu.talent.models import StatedNeed

    return {
        "programme_need": StatedNeed.objects.filter(institution=uz1).order_by("id").first(),
        "host_programme": Programme.objects.filter(institution__is_host=True)
        .order_by("id")
        .first(),
        "programme_catalogue": catalogue,
        "programme_code": code,
        "programme": programme,
        "programme_group": group,
        "programme_course": course,
        "programme_link": link,
    }


def _p(t: dict[str, Any]) -> int:
    return t["programme"].pk


def _c(t: dict[str, Any]) -> int:
    return t["programme_catalogue"].pk


def _e(t: dict[str, Any]) -> int:
    return t["programme_code"].pk


PAGES: dict[str, Any] = {
    "programmes:list": (lambda t: "/programmes/", SIGNED_IN),
    "programmes:programme": (lambda t: f"/programmes/{_p(t)}/", SIGNED_IN),
    "programmes:programme_edit": (lambda t: f"/programmes/{_p(t)}/edit/", PARTNER_B_EDITS),
    "programmes:programme_docx": (lambda t: f"/programmes/{_p(t)}/profile.docx", SIGNED_IN),
    "programmes:programme_create": (lambda t: "/programmes/new/", STAFF_ADD),
    "programmes:group_create": (lambda t: "/programmes/groups/new/", STAFF_ADD),
    "programmes:programme_year": (lambda t: f"/programmes/{_p(t)}/years/", NOT_ALLOWED_METHOD),
    "programmes:together": (lambda t: "/programmes/together/", TOGETHER),
    "programmes:together_with": (
        lambda t: f"/programmes/together/{t['programme'].institution_id}/",
        PARTNER_B_OBJECT,
    ),
    "programmes:together_explain": (
        lambda t: f"/programmes/together/needs/{t['programme_need'].pk}/{t['host_programme'].pk}/",
        PARTNER_B_OBJECT,
    ),
    "programmes:adaptability": (lambda t: "/programmes/adaptability/", SIGNED_IN),
    "programmes:adaptability_explain": (
        lambda t: f"/programmes/adaptability/{t['programme_group'].pk}/7531/",
        SIGNED_IN,
    ),
    "programmes:link_review": (
        lambda t: f"/programmes/links/{t['programme_link'].pk}/review/",
        NOT_ALLOWED_METHOD,
    ),
    "programmes:catalogues": (lambda t: "/programmes/catalogues/", SIGNED_IN),
    "programmes:catalogue_import": (lambda t: "/programmes/catalogues/import/", STAFF_ADD),
    "programmes:catalogue": (lambda t: f"/programmes/catalogues/{_c(t)}/", SIGNED_IN),
    "programmes:entry": (lambda t: f"/programmes/codes/{_e(t)}/", SIGNED_IN),
}

POSTS: dict[str, Any] = {
    "programmes:link_review": (
        lambda t: f"/programmes/links/{t['programme_link'].pk}/review/",
        {"status": "confirmed", "version": 1},
        PARTNER_B_POSTS,
    ),
    "programmes:programme_year": (
        lambda t: f"/programmes/{_p(t)}/years/",
        {"year": 2025, "intake": 31},
        PARTNER_B_POSTS,
    ),
}

API_PARTNER_B_ADDS = expect(401, 403, 403, 201, 403, 403)

API: dict[tuple[str, str], Any] = {
    ("get", "/api/v1/programmes/{programme_id}/courses"): (
        lambda t: f"/api/v1/programmes/{_p(t)}/courses",
        None,
        API_SIGNED_IN,
    ),
    ("post", "/api/v1/programmes/{programme_id}/courses"): (
        lambda t: f"/api/v1/programmes/{_p(t)}/courses",
        {"name": {"en": "Matrix course"}, "hours": 64},
        API_PARTNER_B_ADDS,
    ),
    ("post", "/api/v1/programme-courses/{course_id}/outcomes"): (
        lambda t: f"/api/v1/programme-courses/{t['programme_course'].pk}/outcomes",
        {"text": {"en": "Operate a sewing machine"}},
        API_PARTNER_B_ADDS,
    ),
    ("post", "/api/v1/programme-skill-links/{link_id}/review"): (
        lambda t: f"/api/v1/programme-skill-links/{t['programme_link'].pk}/review",
        {"status": "confirmed", "version": 1},
        API_PARTNER_B_EDITS,
    ),
    ("get", "/api/v1/programme-groups/{group_id}/adaptability"): (
        lambda t: f"/api/v1/programme-groups/{t['programme_group'].pk}/adaptability",
        None,
        API_SIGNED_IN,
    ),
    ("get", "/api/v1/programmes"): (lambda t: "/api/v1/programmes", None, API_SIGNED_IN),
    ("post", "/api/v1/programmes"): (
        lambda t: "/api/v1/programmes",
        {"name": {"en": "Matrix programme"}, "isced_f": "0723"},
        API_STAFF_ADD,
    ),
    ("get", "/api/v1/programmes/{programme_id}"): (
        lambda t: f"/api/v1/programmes/{_p(t)}",
        None,
        API_SIGNED_IN,
    ),
    ("patch", "/api/v1/programmes/{programme_id}"): (
        lambda t: f"/api/v1/programmes/{_p(t)}",
        {"version": 1, "eqf_level": 5},
        API_PARTNER_B_EDITS,
    ),
    ("put", "/api/v1/programmes/{programme_id}/years/{year}"): (
        lambda t: f"/api/v1/programmes/{_p(t)}/years/2025",
        {"intake": 40},
        API_PARTNER_B_EDITS,
    ),
    ("get", "/api/v1/programme-groups"): (
        lambda t: "/api/v1/programme-groups",
        None,
        API_SIGNED_IN,
    ),
    ("post", "/api/v1/programme-groups"): (
        lambda t: "/api/v1/programme-groups",
        {"name": {"en": "Matrix cluster"}},
        API_STAFF_ADD,
    ),
    ("get", "/api/v1/programmes/catalogues"): (
        lambda t: "/api/v1/programmes/catalogues",
        None,
        API_SIGNED_IN,
    ),
    ("get", "/api/v1/programmes/catalogues/{catalogue_id}"): (
        lambda t: f"/api/v1/programmes/catalogues/{_c(t)}",
        None,
        API_SIGNED_IN,
    ),
    ("get", "/api/v1/programmes/catalogues/{catalogue_id}/codes"): (
        lambda t: f"/api/v1/programmes/catalogues/{_c(t)}/codes?field=0714",
        None,
        API_SIGNED_IN,
    ),
    ("get", "/api/v1/programmes/codes/{code_id}"): (
        lambda t: f"/api/v1/programmes/codes/{_e(t)}",
        None,
        API_SIGNED_IN,
    ),
}
