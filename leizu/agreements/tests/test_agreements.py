"""Agreements through their pages and services: drafted from a visit's proposal, edited with
conflicts detected, approved by each party on the exact content (an approval stops holding
when the content changes), signed only when every party approved, dated states, the chain,
and query counts that do not grow with the rows."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conftest import login_client
from leizu.accounts.models import Membership
from leizu.agreements import services
from leizu.agreements.approvals import approval_status
from leizu.agreements.models import Agreement, AgreementParty, AgreementState
from leizu.agreements.services import _loaded
from leizu.core.access import actor_for_user
from leizu.core.errors import EditConflict, ServiceError
from leizu.core.models import AuditEntry
from leizu.visits.models import Proposal

TODAY = datetime.date(2026, 12, 1)


@pytest.fixture
def partner_coordinator(world):
    """A coordinator of partner B (the Uzbek technical school): approves on its behalf."""
    user = get_user_model().objects.create_user(
        email="coordinator.uz@example.uz", password="x-" * 8
    )
    Membership.objects.create(
        user=user, institution=world["institutions"]["uz1"], role="coordinator"
    )
    return user


def _draft(world, actors, **data):
    host, uz1 = world["institutions"]["host"], world["institutions"]["uz1"]
    return services.agreement_create(
        by=actors["coordinator"],
        drafted_by=host,
        data={"kind": "programme", "title": {"en": "Student exchange"}, **data},
        parties=[uz1],
    )


def _condition(agreement, by, **data):
    institutions = {p.institution.pk: p.institution for p in agreement.parties.all()}
    host = agreement.drafted_by
    partner = next(i for pk, i in institutions.items() if pk != host.pk)
    return services.condition_create(
        agreement=agreement,
        by=by,
        data={
            "kind": "student_study",
            "sending": partner,
            "receiving": host,
            "field_code": "0723",
            "places_per_year": 5,
            "duration": 5,
            "first_year": 2026,
            "last_year": 2028,
            **data,
        },
    )


def test_an_agreement_is_drafted_from_the_demo_visits_proposal(coordinator, world):
    proposal = (
        Proposal.objects.filter(text__en__icontains="school").first() or Proposal.objects.first()
    )
    assert proposal is not None
    page = coordinator.get(f"/agreements/new/?proposal={proposal.pk}", HTTP_ACCEPT_LANGUAGE="en")
    body = page.content.decode()
    assert page.status_code == 200 and "Drafted from the visit" in body
    visit = proposal.visit
    parties = [visit.host_id, *(p.institution_id for p in visit.parties.all())]
    for pk in parties:
        assert f'name="parties" value="{pk}"' in body
    response = coordinator.post(
        "/agreements/new/",
        {
            "proposal": proposal.pk,
            "drafted_by": visit.host_id,
            "kind": "mou",
            "title_en": "Memorandum on a co-built school",
            "parties": parties,
            "renewal": "none",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    agreement = Agreement.objects.get(title__en="Memorandum on a co-built school")
    assert (agreement.origin_proposal_id, agreement.origin_visit_id) == (proposal.pk, visit.pk)
    assert set(agreement.parties.values_list("institution_id", flat=True)) == set(parties)
    assert AuditEntry.objects.filter(
        action="agreements.agreement.create", object_id=str(agreement.pk)
    ).exists()


def test_a_proposal_of_a_visit_one_does_not_see_is_a_404(clients, world, actors):
    from leizu.visits import services as visit_services
    from leizu.visits.tests.helpers import make_visit

    visit = make_visit(world, actors["coordinator"], guests=("uz1",))
    proposal = visit_services.proposal_create(
        visit=visit,
        by=actors["coordinator"],
        data={"institution": world["institutions"]["host"], "text": {"en": "A joint lab"}},
    )
    assert clients["partner_a"].get(f"/agreements/new/?proposal={proposal.pk}").status_code == 404
    assert clients["partner_b"].get(f"/agreements/new/?proposal={proposal.pk}").status_code == 200


def test_a_second_editor_with_a_stale_version_is_refused_and_nothing_is_overwritten(
    coordinator, world, actors
):
    agreement = _draft(world, actors)
    form = {
        "kind": "programme",
        "title_en": "First editor's title",
        "parties": [p.institution_id for p in agreement.parties.all()],
        "renewal": "none",
        "version": agreement.version,
    }
    assert coordinator.post(f"/agreements/{agreement.pk}/edit/", form).status_code == 302
    stale = {**form, "title_en": "Second editor's title"}  # opened before the first save
    response = coordinator.post(
        f"/agreements/{agreement.pk}/edit/", stale, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "Somebody else changed this record" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.title["en"] == "First editor's title"


def test_each_party_approves_the_exact_content_and_a_change_voids_the_approvals(
    world, actors, partner_coordinator
):
    agreement = _draft(world, actors)
    condition = _condition(agreement, actors["coordinator"])
    version = services.version_create(
        agreement=agreement, by=actors["coordinator"], data={"text": {"en": "Article 1."}}
    )
    partner = actor_for_user(partner_coordinator)
    host_party = agreement.parties.get(institution=agreement.drafted_by)
    uz_party = agreement.parties.exclude(pk=host_party.pk).get()
    status = approval_status(_loaded(agreement))
    assert not status.by_all
    services.approval_create(
        version=version, party=host_party, by=actors["coordinator"], sha256=status.sha256
    )
    # A party approves for itself only.
    with pytest.raises(PermissionDenied):
        services.approval_create(version=version, party=uz_party, by=actors["coordinator"])
    with pytest.raises(PermissionDenied):
        services.approval_create(version=version, party=uz_party, by=actors["partner_b"])
    services.approval_create(version=version, party=uz_party, by=partner, sha256=status.sha256)
    status = approval_status(_loaded(agreement))
    assert status.by_all
    assert agreement.state(TODAY, approved_by_all=True) == AgreementState.APPROVED

    # A condition changes: both approvals stop holding (the hash is compared), and say why.
    services.condition_update(
        condition=condition,
        by=actors["coordinator"],
        data={"places_per_year": 6},
        version=condition.version,
    )
    status = approval_status(_loaded(agreement))
    assert not status.by_all
    assert [p.holds for p in status.parties] == [False, False]
    assert all(p.changed == ["conditions"] for p in status.parties)
    # Approving what one saw before the change is refused, and approves nothing.
    before = len(version.approvals.all())
    with pytest.raises(EditConflict):
        services.approval_create(version=version, party=uz_party, by=partner, sha256="0" * 64)
    assert version.approvals.count() == before


def test_the_page_shows_approvals_and_who_may_approve(clients, world, actors, partner_coordinator):
    agreement = _draft(world, actors)
    version = services.version_create(
        agreement=agreement, by=actors["coordinator"], data={"text": {"en": "Article 1."}}
    )
    partner = login_client(partner_coordinator)
    page = partner.get(f"/agreements/{agreement.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert page.count('class="approve-button"') == 1  # its own party only
    status = approval_status(_loaded(agreement))
    uz_party = agreement.parties.exclude(institution=agreement.drafted_by).get()
    response = partner.post(
        f"/agreements/versions/{version.pk}/approve/",
        {"sha256": status.sha256, "party": uz_party.pk, "comment": "Согласовано"},
    )
    assert response.status_code == 302
    page = partner.get(f"/agreements/{agreement.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Approved by" in page and 'class="approve-button"' not in page
    host_page = (
        clients["coordinator"]
        .get(f"/agreements/{agreement.pk}/", HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )
    assert host_page.count('class="approve-button"') == 1
    assert "approved by all parties" not in host_page


def test_it_is_signed_only_once_every_party_approved_and_terminated_with_a_reason(
    world, actors, partner_coordinator
):
    agreement = _draft(world, actors)
    by = actors["coordinator"]
    services.agreement_stage_set(agreement=agreement, by=by, stage="negotiation", version=1)
    agreement.refresh_from_db()
    with pytest.raises(ServiceError):
        services.agreement_stage_set(
            agreement=agreement, by=by, stage="signed", version=agreement.version
        )
    version = services.version_create(agreement=agreement, by=by, data={"text": {"en": "Art."}})
    for party, actor in zip(
        agreement.parties.order_by("order"), (by, actor_for_user(partner_coordinator)), strict=True
    ):
        services.approval_create(version=version, party=party, by=actor)
    services.agreement_stage_set(
        agreement=agreement, by=by, stage="signed", version=agreement.version
    )
    agreement.refresh_from_db()
    assert agreement.stage == "signed"
    with pytest.raises(ServiceError):  # terms no longer change once signed
        services.agreement_update(
            agreement=agreement, by=by, data={"title": {"en": "x"}}, version=agreement.version
        )
    with pytest.raises(ServiceError):
        services.agreement_stage_set(
            agreement=agreement, by=by, stage="terminated", version=agreement.version
        )
    services.agreement_stage_set(
        agreement=agreement,
        by=by,
        stage="terminated",
        version=agreement.version,
        terminated_on=TODAY,
        reason={"en": "Replaced by a framework agreement"},
    )
    agreement.refresh_from_db()
    assert agreement.state(TODAY) == AgreementState.TERMINATED


def test_the_state_follows_the_dates_and_automatic_renewal():
    agreement = Agreement(
        kind="mou",
        stage="signed",
        valid_from=datetime.date(2024, 1, 1),
        valid_until=datetime.date(2027, 1, 15),
    )
    assert agreement.state(datetime.date(2023, 12, 1)) == AgreementState.SIGNED
    assert agreement.state(datetime.date(2026, 6, 1)) == AgreementState.IN_FORCE
    assert agreement.state(TODAY) == AgreementState.EXPIRING  # 45 days left
    assert agreement.state(datetime.date(2027, 2, 1)) == AgreementState.EXPIRED
    agreement.renewal, agreement.renewal_years = "automatic", 3
    assert agreement.ends_on(datetime.date(2027, 2, 1)) == datetime.date(2030, 1, 15)
    assert agreement.state(datetime.date(2027, 2, 1)) == AgreementState.IN_FORCE


def test_the_chain_is_drawn_from_the_mou_down(coordinator, world, actors):
    mou = _draft(world, actors, kind="mou", title={"en": "MOU"})
    framework = _draft(world, actors, kind="framework", parent=mou, title={"en": "Framework"})
    exchange = _draft(world, actors, parent=framework, title={"en": "Exchange"})
    page = coordinator.get(
        f"/agreements/{exchange.pk}/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    chain = page[page.index('id="chain-title"') : page.index('id="parties"')]
    assert chain.index("MOU") < chain.index("Framework") < chain.index("Exchange")
    assert f'href="/agreements/{mou.pk}/"' in chain and 'aria-current="true"' in chain
    with pytest.raises(ServiceError):  # no loops
        services.agreement_update(
            agreement=mou, by=actors["coordinator"], data={"parent": exchange}, version=mou.version
        )


def test_a_non_party_sees_no_agreement_and_its_register_is_empty(clients, world, actors):
    agreement = _draft(world, actors, title={"en": "Host and Uzbek school only"})
    for persona in ("partner_a", "student", "other_student"):
        assert clients[persona].get(f"/agreements/{agreement.pk}/").status_code == 404
        register = clients[persona].get("/agreements/").content.decode()
        assert "Host and Uzbek school only" not in register
    assert "Host and Uzbek school only" in clients["partner_b"].get("/agreements/").content.decode()


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_register_and_agreement_pages_keep_their_query_count(coordinator, world, actors):
    first = _draft(world, actors)
    _condition(first, actors["coordinator"])
    services.version_create(agreement=first, by=actors["coordinator"], data={"text": {"en": "A"}})
    register_few = _queries(coordinator, "/agreements/")
    page_few = _queries(coordinator, f"/agreements/{first.pk}/")
    for i in range(12):
        other = _draft(world, actors, title={"en": f"More {i}"}, parent=first if i % 2 else None)
        _condition(other, actors["coordinator"], first_year=2026 + i % 3, last_year=2029)
        services.version_create(
            agreement=other, by=actors["coordinator"], data={"text": {"en": "B"}}
        )
    for i in range(8):
        _condition(first, actors["coordinator"], places_per_year=i + 1)
    assert _queries(coordinator, "/agreements/") == register_few
    assert _queries(coordinator, f"/agreements/{first.pk}/") == page_few


def test_the_register_reads_as_many_queries_for_1000_agreements_as_for_10(coordinator, world):
    """The issue's sizes: 10 and 1,000 agreements (rows made in bulk: the count is the
    register's, not how they were drafted)."""
    host, kz1, uz1 = (world["institutions"][k] for k in ("host", "kz1", "uz1"))

    def add(n: int, start: int) -> None:
        made = Agreement.objects.bulk_create(
            Agreement(
                kind="mou",
                drafted_by=host,
                title={"en": f"Bulk memorandum {start + i}"},
                valid_from=datetime.date(2025, 1, 1),
                valid_until=datetime.date(2027, 1, 1) + datetime.timedelta(days=i % 700),
                stage="signed" if i % 3 else "draft",
            )
            for i in range(n)
        )
        AgreementParty.objects.bulk_create(
            AgreementParty(agreement=a, institution=inst, order=k)
            for a in made
            for k, inst in enumerate((host, kz1 if a.pk % 2 else uz1))
        )

    add(10, 0)
    few = [_queries(coordinator, url) for url in ("/agreements/", "/agreements/?state=in_force")]
    add(990, 10)
    assert Agreement.objects.count() > 1000
    many = [_queries(coordinator, url) for url in ("/agreements/", "/agreements/?state=in_force")]
    assert many == few
