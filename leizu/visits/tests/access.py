"""The visits part of the access matrix (loaded by tests/test_access_matrix.py).

The target visit is hosted by the host college with partner B (an Uzbek technical school) as its
guest: the coordinator edits it, partner B reads it and records its own participants,
statements, needs, interests and proposals, partner A and the students do not see it (404). The
approval step belongs to an outgoing visit of the host college to partner B: it is internal to
the travelling college, so partner B, the host abroad, gets 404 for it.
"""

import datetime
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

# Partner B sees the visit but may not change this part of it.
PARTNER_B_READS = expect(302, 200, 404, 403, 404, 404)
PARTNER_B_MAY_NOT_POST = expect(302, 302, 404, 403, 404, 404)
STAFF_CREATE = expect(302, 200, 200, 200, 403, 403)
API_PARTNER_B_READS_WRITE = expect(401, 201, 404, 403, 404, 404)
API_PARTNER_B_CONTRIBUTES = expect(401, 201, 404, 201, 404, 404)
API_STALE_EDITOR_ONLY = expect(401, 409, 404, 403, 404, 404)
API_STALE_PARTNER_B_TOO = expect(401, 409, 404, 409, 404, 404)
# The organiser's row: partner B sees it but may not remove it.
API_DELETED_BY_EDITOR = expect(401, 204, 404, 403, 404, 404)
# Partner B's own row (its participant, statement, need, …): partner B removes it too.
API_DELETED_BY_PARTNER_B_TOO = expect(401, 204, 404, 204, 404, 404)
# Internal to the organiser (trip approvals): a 404 for every other party.
ORGANISER_ONLY = expect(302, 200, 404, 404, 404, 404)
API_ORGANISER_ONLY = expect(401, 200, 404, 404, 404, 404)
API_STALE_ORGANISER_ONLY = expect(401, 409, 404, 404, 404, 404)


def make_targets(world: dict[str, Any], actors: dict[str, Any], targets: dict[str, Any]) -> dict:
    from leizu.core.tests.test_files import PNG
    from leizu.institutions.models import Person
    from leizu.institutions.services import person_create
    from leizu.visits import services
    from leizu.visits.tests.helpers import at, make_visit

    by = actors["coordinator"]
    uz1 = world["institutions"]["uz1"]
    visit = make_visit(world, by, guests=("uz1",), title="Matrix visit")
    speaker = services.participant_add(
        visit=visit,
        by=by,
        person=Person.objects.filter(institution=uz1).first(),
        data={"role": "head"},
    )
    spare = services.participant_add(
        visit=visit,
        by=by,
        person=person_create(
            by=by, institution=uz1, data={"family_name": "Matritsa", "name_script": "Latn"}
        ),
        data={"role": "member"},
    )
    item = services.agenda_item_create(
        visit=visit, by=by, data={"kind": "meeting", "starts_at": at(visit, visit.start_date, 10)}
    )
    text = {"en": "Matrix"}
    statement = services.statement_create(
        visit=visit, by=by, data={"speaker": speaker, "summary": text}
    )
    need = services.need_create(
        visit=visit, by=by, data={"institution": uz1, "field_code": "0723", "occupation": text}
    )
    interest = services.interest_create(
        visit=visit, by=by, data={"institution": uz1, "kind": "internship"}
    )
    proposal = services.proposal_create(visit=visit, by=by, data={"institution": uz1, "text": text})
    action = services.action_create(
        visit=visit, by=by, data={"description": text, "owner_institution": uz1}
    )
    report = services.report_generate(visit=visit, by=by, language="en")
    services.report_publish(report=report, by=by)
    services.report_generate(visit=visit, by=by, language="ru")
    attachment = services.attachment_add(
        visit=visit, by=by, upload=SimpleUploadedFile("photo.png", PNG)
    )
    outgoing = make_visit(
        world,
        by,
        host="uz1",
        guests=("host",),
        direction="outgoing",
        start=datetime.date(2026, 7, 1),
        title="Matrix trip",
    )
    return {
        "visit": visit,
        "visit_participant": speaker,
        "visit_spare_participant": spare,
        "visit_agenda": item,
        "visit_statement": statement,
        "visit_need": need,
        "visit_interest": interest,
        "visit_proposal": proposal,
        "visit_action": action,
        "visit_attachment": attachment,
        "visit_approval": outgoing.approval_steps.first(),
    }


def _v(t: dict[str, Any]) -> int:
    return t["visit"].pk


def _version(obj: Any) -> int:
    """The stored version (what the page showing the form would carry)."""
    return type(obj)._default_manager.values_list("version", flat=True).get(pk=obj.pk)


PAGES: dict[str, Any] = {
    "visits:list": (lambda t: "/visits/", SIGNED_IN),
    "visits:create": (lambda t: "/visits/new/", STAFF_CREATE),
    "visits:board": (lambda t: "/visits/actions/", SIGNED_IN),
    "visits:action_status": (
        lambda t: f"/visits/actions/{t['visit_action'].pk}/status/",
        NOT_ALLOWED_METHOD,
    ),
    "visits:detail": (lambda t: f"/visits/{_v(t)}/", PARTNER_B_OBJECT),
    "visits:edit": (lambda t: f"/visits/{_v(t)}/edit/", PARTNER_B_READS),
    "visits:status": (lambda t: f"/visits/{_v(t)}/status/", NOT_ALLOWED_METHOD),
    "visits:attachment_add": (lambda t: f"/visits/{_v(t)}/attachments/new/", PARTNER_B_READS),
    "visits:attachment": (
        lambda t: f"/visits/attachments/{t['visit_attachment'].pk}/",
        PARTNER_B_OBJECT,
    ),
    "visits:attachment_delete": (
        lambda t: f"/visits/attachments/{t['visit_attachment'].pk}/delete/",
        NOT_ALLOWED_METHOD,
    ),
    "visits:approval_edit": (
        lambda t: f"/visits/approval-steps/{t['visit_approval'].pk}/edit/",
        ORGANISER_ONLY,
    ),
    "visits:report": (lambda t: f"/visits/{_v(t)}/report/en/", PARTNER_B_OBJECT),
    "visits:report_generate": (lambda t: f"/visits/{_v(t)}/report/en/draft/", NOT_ALLOWED_METHOD),
    "visits:reports_generate": (lambda t: f"/visits/{_v(t)}/reports/draft/", NOT_ALLOWED_METHOD),
    "visits:report_publish": (
        lambda t: f"/visits/{_v(t)}/report/en/publish/",
        NOT_ALLOWED_METHOD,
    ),
    "visits:report_docx": (lambda t: f"/visits/{_v(t)}/report/en/report.docx", PARTNER_B_OBJECT),
    "visits:report_print": (lambda t: f"/visits/{_v(t)}/report/en/print/", PARTNER_B_OBJECT),
    "visits:agenda_ics": (lambda t: f"/visits/{_v(t)}/agenda.ics", PARTNER_B_OBJECT),
    "visits:itinerary": (lambda t: f"/visits/{_v(t)}/itinerary/", PARTNER_B_OBJECT),
}
# Parts of the visit: agenda items and actions are the organiser's; participants, statements,
# needs, interests and proposals partner B records for itself.
for _kind, _key, _expected in [
    ("participant", "visit_participant", PARTNER_B_OBJECT),
    ("agenda", "visit_agenda", PARTNER_B_READS),
    ("action", "visit_action", PARTNER_B_READS),
    ("statement", "visit_statement", PARTNER_B_OBJECT),
    ("need", "visit_need", PARTNER_B_OBJECT),
    ("interest", "visit_interest", PARTNER_B_OBJECT),
    ("proposal", "visit_proposal", PARTNER_B_OBJECT),
]:
    PAGES[f"visits:{_kind}_add"] = (lambda t, k=_kind: f"/visits/{_v(t)}/{k}s/new/", _expected)
    PAGES[f"visits:{_kind}_edit"] = (
        lambda t, k=_kind, key=_key: f"/visits/{k}s/{t[key].pk}/edit/",
        _expected,
    )
    PAGES[f"visits:{_kind}_delete"] = (
        lambda t, k=_kind, key=_key: f"/visits/{k}s/{t[key].pk}/delete/",
        NOT_ALLOWED_METHOD,
    )


_TEXT = {"en": "Matrix"}

API: dict[tuple[str, str], Any] = {
    ("get", "/api/v1/visits"): (lambda t: "/api/v1/visits", None, API_SIGNED_IN),
    ("post", "/api/v1/visits"): (
        lambda t: "/api/v1/visits",
        {
            "direction": "incoming",
            "title": _TEXT,
            "start_date": "2026-06-01",
            "end_date": "2026-06-01",
        },
        expect(401, 201, 201, 201, 403, 403),
    ),
    ("get", "/api/v1/visits/policy-tags"): (
        lambda t: "/api/v1/visits/policy-tags",
        None,
        API_SIGNED_IN,
    ),
    ("get", "/api/v1/visits/needs"): (lambda t: "/api/v1/visits/needs", None, API_SIGNED_IN),
    ("get", "/api/v1/visits/actions"): (
        lambda t: "/api/v1/visits/actions?scope=all",
        None,
        API_SIGNED_IN,
    ),
    ("get", "/api/v1/visits/{visit_id}"): (
        lambda t: f"/api/v1/visits/{_v(t)}",
        None,
        API_PARTNER_B_OBJECT,
    ),
    ("patch", "/api/v1/visits/{visit_id}"): (
        lambda t: f"/api/v1/visits/{_v(t)}",
        {"version": 999, "purpose": _TEXT},
        API_STALE_EDITOR_ONLY,
    ),
    ("post", "/api/v1/visits/{visit_id}/status"): (
        lambda t: f"/api/v1/visits/{_v(t)}/status",
        {"status": "confirmed", "version": 999},
        API_STALE_EDITOR_ONLY,
    ),
    ("get", "/api/v1/visits/{visit_id}/participants"): (
        lambda t: f"/api/v1/visits/{_v(t)}/participants",
        None,
        API_PARTNER_B_OBJECT,
    ),
    ("post", "/api/v1/visits/{visit_id}/participants"): (
        lambda t: f"/api/v1/visits/{_v(t)}/participants",
        {"role": "member"},  # neither person_id nor new_person: refused after the access check
        expect(401, 400, 404, 400, 404, 404),
    ),
    ("patch", "/api/v1/visits/participants/{participant_id}"): (
        lambda t: f"/api/v1/visits/participants/{t['visit_participant'].pk}",
        {"version": 999, "protocol_order": 9},
        API_STALE_PARTNER_B_TOO,
    ),
    ("delete", "/api/v1/visits/participants/{participant_id}"): (
        lambda t: f"/api/v1/visits/participants/{t['visit_spare_participant'].pk}",
        None,
        API_DELETED_BY_PARTNER_B_TOO,
    ),
    ("get", "/api/v1/visits/{visit_id}/agenda"): (
        lambda t: f"/api/v1/visits/{_v(t)}/agenda",
        None,
        API_PARTNER_B_OBJECT,
    ),
    ("post", "/api/v1/visits/{visit_id}/agenda"): (
        lambda t: f"/api/v1/visits/{_v(t)}/agenda",
        {"kind": "banquet", "starts_at": "2026-06-01T18:00:00"},
        API_PARTNER_B_READS_WRITE,
    ),
    ("patch", "/api/v1/visits/agenda/{item_id}"): (
        lambda t: f"/api/v1/visits/agenda/{t['visit_agenda'].pk}",
        {"version": 999, "notes": _TEXT},
        API_STALE_EDITOR_ONLY,
    ),
    ("delete", "/api/v1/visits/agenda/{item_id}"): (
        lambda t: f"/api/v1/visits/agenda/{t['visit_agenda'].pk}",
        None,
        API_DELETED_BY_EDITOR,
    ),
    ("get", "/api/v1/visits/{visit_id}/actions"): (
        lambda t: f"/api/v1/visits/{_v(t)}/actions",
        None,
        API_PARTNER_B_OBJECT,
    ),
    ("post", "/api/v1/visits/{visit_id}/actions"): (
        lambda t: f"/api/v1/visits/{_v(t)}/actions",
        {"description": _TEXT},
        API_PARTNER_B_READS_WRITE,
    ),
    # Partner B is the responsible institution: it may change the status.
    ("patch", "/api/v1/visits/actions/{action_id}"): (
        lambda t: f"/api/v1/visits/actions/{t['visit_action'].pk}",
        {"version": 999, "status": "done"},
        API_STALE_PARTNER_B_TOO,
    ),
    ("delete", "/api/v1/visits/actions/{action_id}"): (
        lambda t: f"/api/v1/visits/actions/{t['visit_action'].pk}",
        None,
        API_DELETED_BY_EDITOR,
    ),
    ("get", "/api/v1/visits/{visit_id}/reports"): (
        lambda t: f"/api/v1/visits/{_v(t)}/reports",
        None,
        API_PARTNER_B_OBJECT,
    ),
    ("get", "/api/v1/visits/{visit_id}/reports/{language}"): (
        lambda t: f"/api/v1/visits/{_v(t)}/reports/en",
        None,
        API_PARTNER_B_OBJECT,
    ),
    ("patch", "/api/v1/visits/{visit_id}/reports/{language}"): (
        lambda t: f"/api/v1/visits/{_v(t)}/reports/en",
        {"version": 999, "title": "Changed"},
        API_STALE_EDITOR_ONLY,
    ),
    ("post", "/api/v1/visits/{visit_id}/reports/{language}/draft"): (
        lambda t: f"/api/v1/visits/{_v(t)}/reports/zh-hans/draft",
        None,
        API_PARTNER_B_READS_WRITE,
    ),
    # A draft: only the organiser's editors see it, and publish it.
    ("post", "/api/v1/visits/{visit_id}/reports/{language}/publish"): (
        lambda t: f"/api/v1/visits/{_v(t)}/reports/ru/publish",
        {"version": 999},
        expect(401, 409, 404, 404, 404, 404),
    ),
    ("get", "/api/v1/visits/{visit_id}/approval-steps"): (
        lambda t: f"/api/v1/visits/{t['visit_approval'].visit_id}/approval-steps",
        None,
        API_ORGANISER_ONLY,
    ),
    ("patch", "/api/v1/visits/approval-steps/{step_id}"): (
        lambda t: f"/api/v1/visits/approval-steps/{t['visit_approval'].pk}",
        {"version": 999, "note": "Matrix"},
        API_STALE_ORGANISER_ONLY,
    ),
    ("get", "/api/v1/visits/{visit_id}/attachments"): (
        lambda t: f"/api/v1/visits/{_v(t)}/attachments",
        None,
        API_PARTNER_B_OBJECT,
    ),
    # Without a file the upload is refused before any access check (tested in test_api.py).
    ("post", "/api/v1/visits/{visit_id}/attachments"): (
        lambda t: f"/api/v1/visits/{_v(t)}/attachments",
        None,
        expect(401, 422, 422, 422, 422, 422),
    ),
    ("delete", "/api/v1/visits/attachments/{attachment_id}"): (
        lambda t: f"/api/v1/visits/attachments/{t['visit_attachment'].pk}",
        None,
        API_DELETED_BY_EDITOR,
    ),
}
for _plural, _key, _body in [
    ("statements", "visit_statement", {"speaker_id": 2**31, "summary": _TEXT}),
    ("needs", "visit_need", {"field_code": "0723", "occupation": _TEXT}),
    ("interests", "visit_interest", {"kind": "internship"}),
    ("proposals", "visit_proposal", {"text": _TEXT}),
]:
    API[("get", f"/api/v1/visits/{{visit_id}}/{_plural}")] = (
        lambda t, p=_plural: f"/api/v1/visits/{_v(t)}/{p}",
        None,
        API_PARTNER_B_OBJECT,
    )
    API[("post", f"/api/v1/visits/{{visit_id}}/{_plural}")] = (
        lambda t, p=_plural: f"/api/v1/visits/{_v(t)}/{p}",
        _body,
        # A statement needs a speaker of the visit: 400 once past the access check.
        expect(401, 400, 404, 400, 404, 404)
        if _plural == "statements"
        else API_PARTNER_B_CONTRIBUTES,
    )
    API[("patch", f"/api/v1/visits/{_plural}/{{item_id}}")] = (
        lambda t, p=_plural, key=_key: f"/api/v1/visits/{p}/{t[key].pk}",
        {"version": 999},
        API_STALE_PARTNER_B_TOO,
    )
    API[("delete", f"/api/v1/visits/{_plural}/{{item_id}}")] = (
        lambda t, p=_plural, key=_key: f"/api/v1/visits/{p}/{t[key].pk}",
        None,
        API_DELETED_BY_PARTNER_B_TOO,
    )


# POST-only pages, each persona on its own fresh objects (tests/test_access_matrix.py).
POSTS: dict[str, Any] = {
    "visits:status": (
        lambda t: f"/visits/{_v(t)}/status/",
        lambda t: {"status": "confirmed", "version": _version(t["visit"])},
        PARTNER_B_MAY_NOT_POST,
    ),
    # Partner B is the responsible institution of the action: it may mark it done.
    "visits:action_status": (
        lambda t: f"/visits/actions/{t['visit_action'].pk}/status/",
        lambda t: {"status": "done", "version": _version(t["visit_action"])},
        expect(302, 302, 404, 302, 404, 404),
    ),
    "visits:attachment_delete": (
        lambda t: f"/visits/attachments/{t['visit_attachment'].pk}/delete/",
        {},
        PARTNER_B_MAY_NOT_POST,
    ),
    "visits:report_generate": (
        lambda t: f"/visits/{_v(t)}/report/en/draft/",
        {},
        PARTNER_B_MAY_NOT_POST,
    ),
    "visits:report_publish": (
        lambda t: f"/visits/{_v(t)}/report/ru/publish/",
        lambda t: {"version": _version(t["visit"].reports.get(language="ru"))},
        PARTNER_B_MAY_NOT_POST,
    ),
    "visits:reports_generate": (
        lambda t: f"/visits/{_v(t)}/reports/draft/",
        {},
        PARTNER_B_MAY_NOT_POST,
    ),
}
for _kind, _key, _partner_b in [
    ("participant", "visit_spare_participant", 302),
    ("agenda", "visit_agenda", 403),
    ("action", "visit_action", 403),
    ("statement", "visit_statement", 302),
    ("need", "visit_need", 302),
    ("interest", "visit_interest", 302),
    ("proposal", "visit_proposal", 302),
]:
    POSTS[f"visits:{_kind}_delete"] = (
        lambda t, k=_kind, key=_key: f"/visits/{k}s/{t[key].pk}/delete/",
        {},
        expect(302, 302, 404, _partner_b, 404, 404),
    )
