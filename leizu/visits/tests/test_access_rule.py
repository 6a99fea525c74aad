"""The access rule of visits (visits/access.py), for every kind of actor and party."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from leizu.accounts.models import Membership, User
from leizu.core.access import actor_for_user
from leizu.core.errors import ServiceError
from leizu.core.multilingual import Multilingual
from leizu.visits import access, selectors, services
from leizu.visits.models import Visit
from leizu.visits.tests.helpers import make_visit


def _member(world, key: str, role: str, email: str):
    user = User.objects.create_user(email, "x" * 12)
    Membership.objects.create(user=user, institution=world["institutions"][key], role=role)
    return actor_for_user(user)


def _sees(actor, visit: Visit) -> bool:
    return Visit.objects.filter(access.visible_visits_q(actor), pk=visit.pk).exists()


def _edits(actor, visit: Visit) -> bool:
    """Whether the actor edits the visit; the query filter and the rule on one row agree."""
    in_query = Visit.objects.filter(access.editable_visits_q(actor), pk=visit.pk).exists()
    assert in_query == access.can_edit_visit(actor, Visit.objects.get(pk=visit.pk))
    return in_query


def test_parties_staff_see_a_visit_and_outsiders_and_students_do_not(world, actors):
    visit = make_visit(world, actors["coordinator"], guests=("kz1",), accompanying=("institute",))
    assert _sees(actors["coordinator"], visit)
    assert _sees(actors["partner_a"], visit)  # guest
    assert _sees(_member(world, "institute", "viewer", "viewer@institute.example"), visit)
    assert _sees(_member(world, "host", "teacher", "teacher2@host.example"), visit)
    assert not _sees(actors["partner_b"], visit)  # no party
    assert not _sees(actors["student"], visit)  # a student of the host
    assert not _sees(actors["other_student"], visit)  # a student of the guest
    assert not _sees(actors["anonymous"], visit)
    assert _sees(world["operator"], visit)


def test_host_college_staff_do_not_see_visits_between_other_institutions(world):
    visit = make_visit(world, world["operator"], host="kz1", guests=("uz1",))
    coordinator = actor_for_user(world["users"]["coordinator"])
    assert not _sees(coordinator, visit)
    with pytest.raises(Http404):
        selectors.visit_get(actor=coordinator, pk=visit.pk)
    assert _sees(actor_for_user(world["users"]["partner_kz"]), visit)
    assert _sees(actor_for_user(world["users"]["partner_uz"]), visit)


def test_the_organisers_staff_edit_and_the_other_parties_only_read(world, actors):
    incoming = make_visit(world, actors["coordinator"], guests=("uz1",))
    assert incoming.organiser_id == world["institutions"]["host"].pk
    assert _edits(actors["coordinator"], incoming)
    assert not _edits(actors["partner_b"], incoming)
    assert not _edits(actor_for_user(world["users"]["leader"]), incoming)  # a viewer reads
    assert not _edits(actor_for_user(world["users"]["teacher"]), incoming)
    assert _edits(actor_for_user(world["users"]["admin"]), incoming)
    # An outgoing visit hosted by partner B is kept by the travelling college: its staff edit
    # it, partner B (the host abroad) reads it and records only its own rows.
    outgoing = make_visit(
        world, actors["coordinator"], host="uz1", guests=("host",), direction="outgoing"
    )
    assert outgoing.organiser_id == world["institutions"]["host"].pk
    assert _edits(actors["coordinator"], outgoing)
    assert not _edits(actors["partner_b"], outgoing)
    assert _sees(actors["partner_b"], outgoing)
    assert access.contribution_institution_ids(actors["partner_b"], outgoing) == {
        world["institutions"]["uz1"].pk
    }


def test_a_guest_records_its_own_needs_but_not_those_of_another_party(world, actors):
    visit = make_visit(world, actors["coordinator"], guests=("uz1", "kz1"))
    uz1, kz1 = world["institutions"]["uz1"], world["institutions"]["kz1"]
    assert access.contribution_institution_ids(actors["partner_b"], visit) == {uz1.pk}
    need = services.need_create(
        visit=visit,
        by=actors["partner_b"],
        data={"institution": uz1, "field_code": "0723", "occupation": {"uz": "Tikuvchilar"}},
    )
    assert need.country == "UZ"
    with pytest.raises(ServiceError):
        services.need_create(
            visit=visit,
            by=actors["partner_b"],
            data={"institution": kz1, "field_code": "0715", "occupation": {"ru": "Токари"}},
        )
    with pytest.raises(PermissionDenied):
        services.need_update(
            need=services.need_create(
                visit=visit,
                by=actors["coordinator"],
                data={"institution": kz1, "field_code": "0715", "occupation": {"ru": "Токари"}},
            ),
            by=actors["partner_b"],
            data={"headcount": 1},
            version=None,
        )
    # ... and a guest may not touch the participants or the agenda.
    with pytest.raises(PermissionDenied):
        services.visit_update(
            visit=visit, by=actors["partner_b"], data={"purpose": {"en": "x"}}, version=None
        )


def test_nobody_creates_a_visit_they_could_not_edit(world, actors):
    data = {
        "direction": "incoming",
        "title": Multilingual({"en": "Unwanted"}),
        "start_date": datetime.date(2026, 6, 1),
        "end_date": datetime.date(2026, 6, 1),
        "host": world["institutions"]["kz1"],
    }
    with pytest.raises(PermissionDenied):
        services.visit_create(by=actors["partner_b"], data=data)
    with pytest.raises(PermissionDenied):
        services.visit_create(by=actors["student"], data=data)
    # Partner B may host a visit itself, with the host college as its guest.
    visit = services.visit_create(
        by=actors["partner_b"],
        data={**data, "host": world["institutions"]["uz1"]},
        guests=[world["institutions"]["host"]],
    )
    assert access.can_edit_visit(actors["partner_b"], visit)
