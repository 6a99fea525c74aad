"""The agreements part of the access matrix (loaded by tests/test_access_matrix.py).

The target agreement is drafted by the host college with partner B (an Uzbek technical school)
as the other party: the coordinator edits it, partner B reads it, keeps its own party row and
approves for itself; partner A and the students are no party (404 for every agreement URL).
"""

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.matrix import (
    API_PARTNER_B_OBJECT,
    API_SIGNED_IN,
    NOT_ALLOWED_METHOD,
    PARTNER_B_OBJECT,
    SIGNED_IN,
    expect,
)

# Partner B sees the agreement but does not change its terms, conditions or text.
PARTNER_B_READS = expect(302, 200, 404, 403, 404, 404)
PARTNER_B_MAY_NOT_POST = expect(302, 302, 404, 403, 404, 404)
# Partner B's own party row: only partner B keeps it.
PARTNER_B_OWN_ROW = expect(302, 403, 404, 200, 404, 404)
# Staff of any institution draft (in their institution's name); students do not.
STAFF_DRAFT = expect(302, 200, 200, 200, 403, 403)


def make_targets(world: dict[str, Any], actors: dict[str, Any], targets: dict[str, Any]) -> dict:
    from leizu.agreements import services
    from leizu.core.tests.test_files import PNG

    by = actors["coordinator"]
    host, uz1 = world["institutions"]["host"], world["institutions"]["uz1"]
    agreement = services.agreement_create(
        by=by,
        drafted_by=host,
        data={"kind": "programme", "title": {"en": "Matrix agreement"}},
        parties=[uz1],
    )
    condition = services.condition_create(
        agreement=agreement,
        by=by,
        data={
            "kind": "student_study",
            "sending": uz1,
            "receiving": host,
            "places_per_year": 5,
            "duration": 5,
            "first_year": 2026,
            "last_year": 2027,
        },
    )
    version = services.version_create(
        agreement=agreement,
        by=by,
        data={"text": {"en": "Article 1."}},
        upload=SimpleUploadedFile("scan.png", PNG),
    )
    party_b = agreement.parties.get(institution=uz1)
    from leizu.institutions.services import person_create

    signatory = person_create(
        by=by,
        institution=uz1,
        data={"family_name": "Imzo", "name_script": "Latn", "email": "matrix@example.uz"},
    )
    _link, token = services.approval_link_create(
        version=version, party=party_b, by=by, recipient=signatory, language="uz"
    )
    return {
        "agreement_signatory": signatory,
        "agreement_link": _link,
        "agreement_link_token": token,
        "agreement": agreement,
        "agreement_condition": condition,
        "agreement_version": version,
        "agreement_party_b": party_b,
    }


def _a(t: dict[str, Any]) -> int:
    return t["agreement"].pk


def _fingerprint(t: dict[str, Any]) -> str:
    from leizu.agreements.approvals import approval_status
    from leizu.agreements.services import _loaded

    return approval_status(_loaded(t["agreement"])).sha256


PAGES: dict[str, Any] = {
    "agreements:register": (lambda t: "/agreements/", SIGNED_IN),
    "agreements:register_export": (lambda t: "/agreements/export.xlsx", SIGNED_IN),
    "agreements:create": (lambda t: "/agreements/new/", STAFF_DRAFT),
    "agreements:register_import": (lambda t: "/agreements/import/", STAFF_DRAFT),
    "agreements:detail": (lambda t: f"/agreements/{_a(t)}/", PARTNER_B_OBJECT),
    "agreements:edit": (lambda t: f"/agreements/{_a(t)}/edit/", PARTNER_B_READS),
    "agreements:stage": (lambda t: f"/agreements/{_a(t)}/stage/", NOT_ALLOWED_METHOD),
    "agreements:condition_create": (
        lambda t: f"/agreements/{_a(t)}/conditions/new/",
        PARTNER_B_READS,
    ),
    "agreements:version_create": (
        lambda t: f"/agreements/{_a(t)}/versions/new/",
        PARTNER_B_READS,
    ),
    "agreements:party_edit": (
        lambda t: f"/agreements/parties/{t['agreement_party_b'].pk}/edit/",
        PARTNER_B_OWN_ROW,
    ),
    "agreements:condition_edit": (
        lambda t: f"/agreements/conditions/{t['agreement_condition'].pk}/edit/",
        PARTNER_B_READS,
    ),
    "agreements:condition_delete": (
        lambda t: f"/agreements/conditions/{t['agreement_condition'].pk}/delete/",
        NOT_ALLOWED_METHOD,
    ),
    "agreements:version_file": (
        lambda t: f"/agreements/versions/{t['agreement_version'].pk}/file/",
        PARTNER_B_OBJECT,
    ),
    "agreements:approve": (
        lambda t: f"/agreements/versions/{t['agreement_version'].pk}/approve/",
        NOT_ALLOWED_METHOD,
    ),
    "agreements:comment_create": (
        lambda t: f"/agreements/versions/{t['agreement_version'].pk}/comments/new/",
        NOT_ALLOWED_METHOD,
    ),
    "agreements:link_create": (
        lambda t: f"/agreements/versions/{t['agreement_version'].pk}/links/new/",
        NOT_ALLOWED_METHOD,
    ),
    "agreements:link_revoke": (
        lambda t: f"/agreements/links/{t['agreement_link'].pk}/revoke/",
        NOT_ALLOWED_METHOD,
    ),
    # An institution's admins and coordinators set its reminders; staff and students do not.
    "agreements:reminder_settings": (
        lambda t: "/agreements/reminders/",
        expect(302, 200, 403, 403, 403, 403),
    ),
    "agreements:document_docx": (
        lambda t: f"/agreements/{_a(t)}/document/ru.docx",
        PARTNER_B_OBJECT,
    ),
    "agreements:document_print": (
        lambda t: f"/agreements/{_a(t)}/document/uz/print/",
        PARTNER_B_OBJECT,
    ),
    # Whoever holds the link reads it and its file, without an account (reading uses nothing).
    "agreements:link_file": (
        lambda t: f"/agreements/link/{t['agreement_link_token']}/file/",
        expect(200, 200, 200, 200, 200, 200),
    ),
    "agreements:link": (
        lambda t: f"/agreements/link/{t['agreement_link_token']}/",
        expect(200, 200, 200, 200, 200, 200),
    ),
}

POSTS: dict[str, Any] = {
    "agreements:stage": (
        lambda t: f"/agreements/{_a(t)}/stage/",
        lambda t: {"stage": "negotiation", "version": t["agreement"].version},
        PARTNER_B_MAY_NOT_POST,
    ),
    "agreements:condition_delete": (
        lambda t: f"/agreements/conditions/{t['agreement_condition'].pk}/delete/",
        {},
        PARTNER_B_MAY_NOT_POST,
    ),
    # Only a party's admin or coordinator approves for it: not the host's coordinator in
    # partner B's name, nor partner B's staff member (test_approvals.py has its coordinator).
    "agreements:approve": (
        lambda t: f"/agreements/versions/{t['agreement_version'].pk}/approve/",
        lambda t: {"sha256": _fingerprint(t), "party": t["agreement_party_b"].pk},
        expect(302, 403, 404, 403, 404, 404),
    ),
    # Each party comments for itself: partner B's staff for partner B.
    "agreements:comment_create": (
        lambda t: f"/agreements/versions/{t['agreement_version'].pk}/comments/new/",
        lambda t: {"party": t["agreement_party_b"].pk, "text": "Matrix"},
        expect(302, 403, 404, 302, 404, 404),
    ),
    # The drafter sends partner B's signatory a link; partner B's staff may not (no approver).
    "agreements:link_create": (
        lambda t: f"/agreements/versions/{t['agreement_version'].pk}/links/new/",
        lambda t: {
            "party": t["agreement_party_b"].pk,
            "recipient": t["agreement_signatory"].pk,
            "language": "uz",
        },
        PARTNER_B_MAY_NOT_POST,
    ),
    "agreements:link_revoke": (
        lambda t: f"/agreements/links/{t['agreement_link'].pk}/revoke/",
        {},
        PARTNER_B_MAY_NOT_POST,
    ),
}

_TEXT = {"en": "Matrix"}
# The coordinator edits (a stale version is a 409); partner B reads: 403; the rest: 404.
API_STALE_EDITOR_ONLY = expect(401, 409, 404, 403, 404, 404)
API_EDITOR_WRITES = expect(401, 201, 404, 403, 404, 404)
_CONDITION = {
    "kind": "staff_teaching",
    "sending_id": 2**31,  # no party: refused after the access check
    "receiving_id": 2**31 + 1,
    "places_per_year": 2,
    "duration": 1,
    "first_year": 2026,
    "last_year": 2026,
}

API: dict[tuple[str, str], Any] = {
    ("get", "/api/v1/agreements"): (lambda t: "/api/v1/agreements", None, API_SIGNED_IN),
    # Without other parties the draft is refused, after the access check (students may not
    # draft); test_api.py drafts one.
    ("post", "/api/v1/agreements"): (
        lambda t: "/api/v1/agreements",
        {"kind": "mou", "title": _TEXT},
        expect(401, 400, 400, 400, 403, 403),
    ),
    ("get", "/api/v1/agreements/{agreement_id}"): (
        lambda t: f"/api/v1/agreements/{_a(t)}",
        None,
        API_PARTNER_B_OBJECT,
    ),
    ("patch", "/api/v1/agreements/{agreement_id}"): (
        lambda t: f"/api/v1/agreements/{_a(t)}",
        {"version": 999, "summary": _TEXT},
        API_STALE_EDITOR_ONLY,
    ),
    ("post", "/api/v1/agreements/{agreement_id}/stage"): (
        lambda t: f"/api/v1/agreements/{_a(t)}/stage",
        {"stage": "negotiation", "version": 999},
        API_STALE_EDITOR_ONLY,
    ),
    # Partner B's own row: only partner B keeps it.
    ("patch", "/api/v1/agreements/parties/{party_id}"): (
        lambda t: f"/api/v1/agreements/parties/{t['agreement_party_b'].pk}",
        {"version": 999, "reference": "UZ-7"},
        expect(401, 403, 404, 409, 404, 404),
    ),
    ("get", "/api/v1/agreements/{agreement_id}/conditions"): (
        lambda t: f"/api/v1/agreements/{_a(t)}/conditions",
        None,
        API_PARTNER_B_OBJECT,
    ),
    ("post", "/api/v1/agreements/{agreement_id}/conditions"): (
        lambda t: f"/api/v1/agreements/{_a(t)}/conditions",
        _CONDITION,
        expect(401, 400, 404, 403, 404, 404),
    ),
    ("patch", "/api/v1/agreements/conditions/{condition_id}"): (
        lambda t: f"/api/v1/agreements/conditions/{t['agreement_condition'].pk}",
        {"version": 999, "places_per_year": 6},
        API_STALE_EDITOR_ONLY,
    ),
    ("delete", "/api/v1/agreements/conditions/{condition_id}"): (
        lambda t: f"/api/v1/agreements/conditions/{t['agreement_condition'].pk}",
        None,
        expect(401, 204, 404, 403, 404, 404),
    ),
    ("get", "/api/v1/agreements/{agreement_id}/versions"): (
        lambda t: f"/api/v1/agreements/{_a(t)}/versions",
        None,
        API_PARTNER_B_OBJECT,
    ),
    ("post", "/api/v1/agreements/{agreement_id}/versions"): (
        lambda t: f"/api/v1/agreements/{_a(t)}/versions",
        {"text": {"en": "Article 2."}, "note": "Matrix"},
        API_EDITOR_WRITES,
    ),
    # A JSON body is not a file upload: refused before anything is read (test_api.py uploads).
    ("post", "/api/v1/agreements/{agreement_id}/versions/upload"): (
        lambda t: f"/api/v1/agreements/{_a(t)}/versions/upload",
        {"kind": "signed_scan"},
        expect(401, 422, 422, 422, 422, 422),
    ),
    # Without party_id each approves for its own party: the host coordinator for the host
    # (an old fingerprint: 409, nothing approved); partner B's staff member approves for nobody.
    ("post", "/api/v1/agreements/versions/{version_id}/approvals"): (
        lambda t: f"/api/v1/agreements/versions/{t['agreement_version'].pk}/approvals",
        {"sha256": "0" * 64},
        expect(401, 409, 404, 403, 404, 404),
    ),
}
