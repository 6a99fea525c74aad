"""The agreements API: a program drafts an agreement and takes it to signing as the pages do,
with the same rules: stale edits and stale approvals are a 409 and change nothing, a party
approves only for itself, a non-party meets a 404, and the register reads in a fixed number of
queries however many agreements there are."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from leizu.accounts.models import Membership
from leizu.accounts.services import api_token_create
from leizu.agreements import services
from leizu.agreements.models import Agreement, Approval
from leizu.core.models import AuditEntry
from leizu.core.tests.test_files import PNG
from leizu.visits.models import Proposal


def _bearer(user):
    _token, raw = api_token_create(user=user, name="tests")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def tokens(world):
    """API tokens of the host coordinator, partner B's staff member and partner A's."""
    users = world["users"]
    return {
        "coordinator": _bearer(users["coordinator"]),
        "partner_b": _bearer(users["partner_uz"]),
        "partner_a": _bearer(users["partner_kz"]),
    }


@pytest.fixture
def partner_coordinator(world):
    """A token of partner B's coordinator (the Uzbek technical school): approves for it."""
    user = get_user_model().objects.create_user(email="api.uz@example.uz", password="x-" * 8)
    Membership.objects.create(
        user=user, institution=world["institutions"]["uz1"], role="coordinator"
    )
    return _bearer(user)


def _call(client, method, url, body=None, **headers):
    if body is None:
        return getattr(client, method)(url, **headers)
    return getattr(client, method)(
        url, data=json.dumps(body), content_type="application/json", **headers
    )


def _draft(world, actors, **data):
    return services.agreement_create(
        by=actors["coordinator"],
        drafted_by=world["institutions"]["host"],
        data={"kind": "programme", "title": {"en": "Student exchange"}, **data},
        parties=[world["institutions"]["uz1"]],
    )


def _with_text(world, actors, **data):
    agreement = _draft(world, actors, **data)
    version = services.version_create(
        agreement=agreement, by=actors["coordinator"], data={"text": {"en": "Article 1."}}
    )
    return agreement, version


def _parties(agreement):
    host = agreement.parties.get(institution=agreement.drafted_by)
    return host, agreement.parties.exclude(pk=host.pk).get()


def _status(client, agreement, token):
    response = client.get(f"/api/v1/agreements/{agreement.pk}", **token)
    assert response.status_code == 200
    return response.json()["approval_status"]


def test_a_program_drafts_an_agreement_from_a_proposal_and_takes_it_to_signing(
    client, tokens, partner_coordinator, world
):
    inst = world["institutions"]
    host, uz1 = inst["host"], inst["uz1"]
    proposal = Proposal.objects.filter(visit__host=host).first()
    assert proposal is not None
    coordinator = tokens["coordinator"]
    response = _call(
        client,
        "post",
        "/api/v1/agreements",
        {
            "drafted_by_id": host.pk,
            "kind": "programme",
            "programme_type": "student_exchange",
            "title": {"en": "API exchange", "ru": "Обмен через API"},
            "valid_from": "2026-09-01",
            "valid_until": "2029-08-31",
            "party_ids": [uz1.pk],
            "origin_proposal_id": proposal.pk,
        },
        **coordinator,
    )
    assert response.status_code == 201, response.json()
    drafted = response.json()
    a = drafted["id"]
    assert {p["institution"]["id"] for p in drafted["parties"]} == {host.pk, uz1.pk}
    assert (drafted["origin_proposal_id"], drafted["origin_visit_id"]) == (
        proposal.pk,
        proposal.visit_id,
    )
    assert drafted["stage"] == "draft"
    assert AuditEntry.objects.filter(action="agreements.agreement.create", object_id=str(a))

    condition = _call(
        client,
        "post",
        f"/api/v1/agreements/{a}/conditions",
        {
            "kind": "student_study",
            "sending_id": uz1.pk,
            "receiving_id": host.pk,
            "field_code": "0723",
            "isced_level": "5",
            "places_per_year": 5,
            "duration": 5,
            "first_year": 2026,
            "last_year": 2028,
        },
        **coordinator,
    )
    assert condition.status_code == 201, condition.json()
    assert condition.json()["academic_years"] == "2026/27–2028/29"
    version = _call(
        client,
        "post",
        f"/api/v1/agreements/{a}/versions",
        {"text": {"en": "Art. 1"}},
        **coordinator,
    )
    assert version.status_code == 201 and version.json()["number"] == 1

    record = client.get(f"/api/v1/agreements/{a}", **coordinator).json()
    status = record["approval_status"]
    assert status["version_number"] == 1 and len(status["sha256"]) == 64
    assert [p["approved"] for p in status["parties"]] == [False, False]
    host_party = next(p for p in record["parties"] if p["institution"]["id"] == host.pk)
    uz_party = next(p for p in record["parties"] if p["institution"]["id"] == uz1.pk)
    assert record["approves_for_party_ids"] == [host_party["id"]]
    assert record["state"] == "draft" and record["can_edit"] and record["can_sign"]

    approvals = f"/api/v1/agreements/versions/{version.json()['id']}/approvals"
    mine = _call(client, "post", approvals, {"sha256": status["sha256"]}, **coordinator)
    assert mine.status_code == 201 and mine.json()["party_id"] == host_party["id"]
    theirs = _call(
        client,
        "post",
        approvals,
        {"party_id": uz_party["id"], "sha256": status["sha256"], "comment": "Согласовано"},
        **partner_coordinator,
    )
    assert theirs.status_code == 201, theirs.json()
    # A party's own bookkeeping is not what the others approved: the approvals still hold.
    row = _call(
        client,
        "patch",
        f"/api/v1/agreements/parties/{uz_party['id']}",
        {"version": uz_party["version"], "reference": "UZ-2026/14", "signed_on": "2026-08-20"},
        **tokens["partner_b"],
    )
    assert row.status_code == 200 and row.json()["reference"] == "UZ-2026/14"
    record = client.get(f"/api/v1/agreements/{a}", **coordinator).json()
    assert record["approval_status"]["by_all"] and record["state"] == "approved"

    for stage in ("negotiation", "signed"):
        version_now = Agreement.objects.get(pk=a).version
        moved = _call(
            client,
            "post",
            f"/api/v1/agreements/{a}/stage",
            {"stage": stage, "version": version_now},
            **coordinator,
        )
        assert moved.status_code == 200, moved.json()
    assert moved.json()["stage"] == "signed"
    # Signed: the terms no longer change.
    late = _call(
        client,
        "patch",
        f"/api/v1/agreements/{a}",
        {"version": moved.json()["version"], "title": {"en": "Late change"}},
        **coordinator,
    )
    assert late.status_code == 400


def test_a_stale_patch_answers_409_and_changes_nothing(client, tokens, world, actors):
    agreement = _draft(world, actors)
    url = f"/api/v1/agreements/{agreement.pk}"
    first = {"version": agreement.version, "title": {"en": "First editor's title"}}
    response = _call(client, "patch", url, first, **tokens["coordinator"])
    assert response.status_code == 200 and response.json()["version"] == agreement.version + 1
    before = AuditEntry.objects.count()
    stale = {
        "version": agreement.version,  # opened before the first save
        "title": {"en": "Second editor's title"},
        "party_ids": [world["institutions"]["kz1"].pk],
    }
    response = _call(client, "patch", url, stale, **tokens["coordinator"])
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    agreement.refresh_from_db()
    assert agreement.title["en"] == "First editor's title"
    assert set(agreement.parties.values_list("institution_id", flat=True)) == {
        world["institutions"]["host"].pk,
        world["institutions"]["uz1"].pk,
    }
    assert AuditEntry.objects.count() == before


def test_an_approval_with_a_stale_sha256_answers_409_and_approves_nothing(
    client, tokens, world, actors
):
    agreement, version = _with_text(world, actors)
    seen = _status(client, agreement, tokens["coordinator"])["sha256"]
    changed = _call(
        client,
        "patch",
        f"/api/v1/agreements/{agreement.pk}",
        {"version": agreement.version, "valid_until": "2030-06-30"},
        **tokens["coordinator"],
    )
    assert changed.status_code == 200
    url = f"/api/v1/agreements/versions/{version.pk}/approvals"
    response = _call(client, "post", url, {"sha256": seen}, **tokens["coordinator"])
    assert response.status_code == 409
    assert set(response.json()) == {"code", "message", "fields"}
    assert not Approval.objects.filter(version=version).exists()
    now = _status(client, agreement, tokens["coordinator"])["sha256"]
    assert now != seen
    assert _call(client, "post", url, {"sha256": now}, **tokens["coordinator"]).status_code == 201


def test_a_party_approves_only_for_itself(client, tokens, partner_coordinator, world, actors):
    agreement, version = _with_text(world, actors)
    host_party, uz_party = _parties(agreement)
    sha256 = _status(client, agreement, tokens["coordinator"])["sha256"]
    url = f"/api/v1/agreements/versions/{version.pk}/approvals"
    for token, party in [
        (tokens["coordinator"], uz_party),  # the host's coordinator in partner B's name
        (partner_coordinator, host_party),  # partner B's coordinator in the host's name
        (tokens["partner_b"], uz_party),  # partner B's staff member: not an approver
    ]:
        body = {"party_id": party.pk, "sha256": sha256}
        response = _call(client, "post", url, body, **token)
        assert response.status_code == 403
        assert response.json()["code"] == "forbidden"
    assert not Approval.objects.filter(version=version).exists()


def test_a_non_party_gets_404_for_the_agreement_and_its_parts(client, tokens, world, actors):
    agreement, version = _with_text(world, actors, title={"en": "Host and Uzbek school only"})
    condition = services.condition_create(
        agreement=agreement,
        by=actors["coordinator"],
        data={
            "kind": "student_study",
            "sending": world["institutions"]["uz1"],
            "receiving": world["institutions"]["host"],
            "places_per_year": 5,
            "duration": 5,
            "first_year": 2026,
            "last_year": 2027,
        },
    )
    _host_party, uz_party = _parties(agreement)
    a = agreement.pk
    outsider = tokens["partner_a"]
    for method, url, body in [
        ("get", f"/api/v1/agreements/{a}", None),
        ("get", f"/api/v1/agreements/{a}/conditions", None),
        ("get", f"/api/v1/agreements/{a}/versions", None),
        ("patch", f"/api/v1/agreements/{a}", {"version": 1, "title": {"en": "Hijacked"}}),
        ("post", f"/api/v1/agreements/{a}/stage", {"stage": "negotiation", "version": 1}),
        ("post", f"/api/v1/agreements/{a}/versions", {"text": {"en": "Hijacked"}}),
        ("patch", f"/api/v1/agreements/parties/{uz_party.pk}", {"version": 1, "reference": "X"}),
        ("patch", f"/api/v1/agreements/conditions/{condition.pk}", {"version": 1, "duration": 1}),
        ("delete", f"/api/v1/agreements/conditions/{condition.pk}", None),
        ("post", f"/api/v1/agreements/versions/{version.pk}/approvals", {"sha256": "0" * 64}),
    ]:
        response = _call(client, method, url, body, **outsider)
        assert response.status_code == 404, (method, url)
        assert response.json()["code"] == "not_found"
    register = client.get("/api/v1/agreements", **outsider).json()["items"]
    assert a not in {row["id"] for row in register}
    agreement.refresh_from_db()
    assert agreement.title["en"] == "Host and Uzbek school only"
    assert agreement.conditions.count() == 1 and agreement.versions.count() == 1


def test_drafting_from_a_proposal_one_does_not_see_is_a_404(client, tokens, world, actors):
    from leizu.visits import services as visit_services
    from leizu.visits.tests.helpers import make_visit

    visit = make_visit(world, actors["coordinator"], guests=("uz1",))
    proposal = visit_services.proposal_create(
        visit=visit,
        by=actors["coordinator"],
        data={"institution": world["institutions"]["host"], "text": {"en": "A joint lab"}},
    )
    kz1 = world["institutions"]["kz1"]
    body = {
        "kind": "mou",
        "title": {"en": "From a visit we were not at"},
        "party_ids": [world["institutions"]["host"].pk],
        "origin_proposal_id": proposal.pk,
    }
    response = _call(client, "post", "/api/v1/agreements", body, **tokens["partner_a"])
    assert response.status_code == 404
    assert not Agreement.objects.filter(drafted_by=kz1).filter(
        title__en="From a visit we were not at"
    )
    interest = visit_services.interest_create(
        visit=visit,
        by=actors["coordinator"],
        data={"institution": world["institutions"]["host"], "kind": "internship"},
    )
    del body["origin_proposal_id"]
    body["origin_interest_id"] = interest.pk
    response = _call(client, "post", "/api/v1/agreements", body, **tokens["partner_a"])
    assert response.status_code == 404


def test_a_signed_scan_is_uploaded_as_a_version(client, tokens, world, actors):
    agreement = _draft(world, actors)
    url = f"/api/v1/agreements/{agreement.pk}/versions/upload"
    upload = {"file": SimpleUploadedFile("signed.png", PNG, content_type="image/png")}
    response = client.post(url, {**upload, "note": "Signed in Tashkent"}, **tokens["coordinator"])
    assert response.status_code == 201, response.json()
    version = response.json()
    assert version["kind"] == "signed_scan" and version["number"] == 1
    assert version["file"]["content_type"] == "image/png"
    assert client.get(version["file"]["url"]).status_code in (302, 401, 404)  # not for anonymous
    upload = {"file": SimpleUploadedFile("signed.png", PNG, content_type="image/png")}
    assert client.post(url, upload, **tokens["partner_a"]).status_code == 404
    upload = {"file": SimpleUploadedFile("signed.png", PNG, content_type="image/png")}
    assert client.post(url, upload, **tokens["partner_b"]).status_code == 403
    assert agreement.versions.count() == 1


def test_the_register_filters_and_keeps_its_query_count(client, tokens, world, actors):
    def register(query=""):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"/api/v1/agreements{query}", **tokens["coordinator"])
        assert response.status_code == 200
        return response.json(), len(captured)

    register()  # a token's use is written down at most once a minute: not in what is counted
    first = _draft(world, actors, valid_from="2026-01-01", valid_until="2027-12-31")
    services.version_create(agreement=first, by=actors["coordinator"], data={"text": {"en": "A"}})
    page, few = register()
    row = next(r for r in page["items"] if r["id"] == first.pk)
    assert row["state"] == "draft" and row["ends_on"] == "2027-12-31"
    assert [p["id"] for p in row["partners"]] == [world["institutions"]["uz1"].pk]
    for i in range(12):
        other = _draft(world, actors, kind="mou", title={"en": f"More {i}"})
        services.version_create(
            agreement=other, by=actors["coordinator"], data={"text": {"en": "B"}}
        )
    page, many = register()
    assert page["count"] >= 13 and many == few
    mous, _queries = register("?kind=mou")
    assert {r["kind"] for r in mous["items"]} == {"mou"}
    assert register("?state=terminated")[0]["count"] == 0
    assert client.get("/api/v1/agreements?expiring_within=99999", **tokens["coordinator"]).json()[
        "fields"
    ]
