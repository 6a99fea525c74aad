"""What an attack pass on agreements found, and now holds: nobody approves in another party's
name through a link sent to themselves, links to what one does not see stay hidden, a party's
bookkeeping does not void the others' approvals, odd input gets an answer, terminated is final."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from conftest import login_client
from leizu.agreements import services
from leizu.agreements.approvals import approval_status
from leizu.agreements.models import Agreement
from leizu.agreements.services import _loaded
from leizu.core.access import actor_for_user
from leizu.core.errors import ServiceError
from leizu.institutions.services import person_create


@pytest.fixture
def exchange(world, actors):
    host, uz1 = world["institutions"]["host"], world["institutions"]["uz1"]
    agreement = services.agreement_create(
        by=actors["coordinator"],
        drafted_by=host,
        data={"kind": "programme", "title": {"en": "Attack target"}},
        parties=[uz1],
    )
    version = services.version_create(
        agreement=agreement, by=actors["coordinator"], data={"text": {"en": "Art. 1"}}
    )
    return agreement, version, agreement.parties.get(institution=uz1)


def test_a_link_goes_to_a_person_of_the_party_never_to_the_senders_own_address(
    world, actors, exchange
):
    _agreement, version, uz_party = exchange
    host = world["institutions"]["host"]
    by = actors["coordinator"]
    # The host's coordinator as a "person" of the Uzbek school: their account is no member.
    fake = person_create(
        by=by,
        institution=world["institutions"]["uz1"],
        data={
            "family_name": "Fake",
            "name_script": "Latn",
            "email": world["users"]["coordinator"].email,
        },
    )
    with pytest.raises(ServiceError):
        services.approval_link_create(
            version=version, party=uz_party, by=by, recipient=fake, language="en"
        )
    # A person of another institution is refused too.
    host_person = person_create(
        by=by,
        institution=host,
        data={"family_name": "Host", "name_script": "Latn", "email": "h@x.cn"},
    )
    with pytest.raises(ServiceError):
        services.approval_link_create(
            version=version, party=uz_party, by=by, recipient=host_person, language="en"
        )


def test_staff_may_not_send_links_in_a_partys_name(world, actors, exchange):
    _agreement, version, uz_party = exchange
    person = person_create(
        by=actors["coordinator"],
        institution=world["institutions"]["uz1"],
        data={"family_name": "Imzo", "name_script": "Latn", "email": "imzo@example.uz"},
    )
    with pytest.raises(PermissionDenied):  # partner B's staff: no approver, no sender
        services.approval_link_create(
            version=version, party=uz_party, by=actors["partner_b"], recipient=person, language="uz"
        )


def test_an_approval_through_a_link_names_its_recipient_and_its_sender(world, actors, exchange):
    agreement, version, uz_party = exchange
    person = person_create(
        by=actors["coordinator"],
        institution=world["institutions"]["uz1"],
        data={
            "family_name": "Imzo",
            "given_name": "Jasur",
            "name_script": "Latn",
            "email": "j@example.uz",
        },
    )
    link, _token = services.approval_link_create(
        version=version, party=uz_party, by=actors["coordinator"], recipient=person, language="uz"
    )
    approval = services.approval_via_link(
        link=link, sha256=approval_status(_loaded(agreement)).sha256
    )
    name = approval.approver_name()
    assert "j@example.uz" in name and world["users"]["coordinator"].get_full_name() in name


def test_the_parent_and_the_origin_visit_show_only_to_who_sees_them(world, actors, clients):
    from leizu.visits import services as visit_services
    from leizu.visits.tests.helpers import make_visit

    by = actors["coordinator"]
    host, uz1 = world["institutions"]["host"], world["institutions"]["uz1"]
    kz_mou = Agreement.objects.get(
        title__en__startswith="Memorandum of understanding on cooperation in"
    )
    visit = make_visit(world, by, guests=("kz1",), title="Only Akzhol's visit")
    proposal = visit_services.proposal_create(
        visit=visit, by=by, data={"institution": host, "text": {"en": "Secret plan"}}
    )
    annex = services.agreement_create(
        by=by,
        drafted_by=host,
        data={
            "kind": "annex",
            "parent": kz_mou,
            "title": {"en": "Annex for Oltinsoy"},
            "origin_proposal": proposal,
        },
        parties=[uz1],
    )
    page = clients["partner_b"].get(annex.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    body = page.content.decode()
    assert page.status_code == 200
    assert kz_mou.title["en"] not in body and "Only Akzhol's visit" not in body
    assert "Secret plan" not in body
    api = clients["partner_b"].get(f"/api/v1/agreements/{annex.pk}").json()
    assert (api["parent_id"], api["origin_visit_id"], api["origin_proposal_id"]) == (
        None,
        None,
        None,
    )
    register = clients["partner_b"].get("/agreements/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert kz_mou.title["en"] not in register
    mine = clients["coordinator"].get(annex.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert kz_mou.title["en"] in mine.content.decode()


def test_a_partys_own_unit_does_not_void_the_others_approvals(world, actors, exchange):
    from leizu.accounts.models import Membership
    from leizu.institutions.services import unit_create

    agreement, version, uz_party = exchange
    user = world["users"]["partner_uz_lead"]
    partner = actor_for_user(user)
    host_party = agreement.parties.get(institution=agreement.drafted_by)
    services.approval_create(version=version, party=host_party, by=actors["coordinator"])
    services.approval_create(version=version, party=uz_party, by=partner)
    assert approval_status(_loaded(agreement)).by_all
    assert Membership.objects.filter(user=user, role="coordinator").exists()
    unit = unit_create(
        by=partner,
        institution=world["institutions"]["uz1"],
        data={"kind": "office", "name": {"en": "International office"}},
    )
    services.party_update(party=uz_party, by=partner, data={"unit": unit}, version=uz_party.version)
    assert approval_status(_loaded(agreement)).by_all


def test_odd_register_filters_and_party_ids_get_an_answer(coordinator):
    for query in ("expiring_within=3000000", "expiring_within=2147483647", "partner=99999999999"):
        assert coordinator.get(f"/agreements/?{query}").status_code == 200
    response = coordinator.post(
        "/agreements/new/",
        {"kind": "mou", "title_en": "x", "parties": ["99999999999999999999"], "renewal": "none"},
    )
    assert response.status_code == 200  # the form says which choice is not valid


def test_a_terminated_agreement_takes_no_version_link_or_comment(world, actors, exchange):
    agreement, version, _uz_party = exchange
    Agreement.objects.filter(pk=agreement.pk).update(
        stage="terminated", terminated_on=datetime.date(2026, 11, 1)
    )
    agreement.refresh_from_db()
    with pytest.raises(ServiceError):
        services.version_create(
            agreement=agreement, by=actors["coordinator"], data={"text": {"en": "v2"}}
        )
    with pytest.raises(ServiceError):
        services.comment_create(
            version=version,
            party=agreement.parties.get(institution=agreement.drafted_by),
            by=actors["coordinator"],
            text="late",
        )


def test_a_version_is_a_pdf_an_image_or_a_word_document_only(world, actors, exchange):
    from django.core.files.uploadedfile import SimpleUploadedFile

    agreement, _version, _party = exchange
    gif = SimpleUploadedFile("x.gif", b"GIF89a" + b"\x00" * 64)
    with pytest.raises(ServiceError):
        services.version_create(agreement=agreement, by=actors["coordinator"], data={}, upload=gif)


def test_the_admin_cannot_rewrite_an_approved_version(world):
    from leizu.agreements.models import AgreementVersion

    operator = login_client(get_user_model().objects.get(is_superuser=True))
    version = AgreementVersion.objects.first()
    page = operator.get(f"/admin/agreements/agreementversion/{version.pk}/change/")
    assert page.status_code == 200 and 'name="text_en"' not in page.content.decode()


def test_a_chain_closed_into_a_loop_in_the_database_still_shows(coordinator, world, actors):
    # No page or import makes one (both refuse); the page must not spin if one exists anyway.
    from leizu.agreements import services as agreement_services
    from leizu.agreements.models import Agreement as Stored

    x, y = (
        agreement_services.agreement_create(
            by=actors["coordinator"],
            drafted_by=world["institutions"]["host"],
            data={"kind": "framework", "title": {"en": title}},
            parties=[world["institutions"]["kz1"]],
        )
        for title in ("Loop X", "Loop Y")
    )
    Stored.objects.filter(pk=x.pk).update(parent=y)
    Stored.objects.filter(pk=y.pk).update(parent=x)
    assert coordinator.get(f"/agreements/{x.pk}/").status_code == 200
