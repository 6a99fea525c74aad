"""Fewer steps to record a visit: the host preselected, a new person's script from the
institution's country, the field of a need chosen from a grouped list in the user's language."""

import re

from leizu.core.models import AuditEntry
from leizu.visits.models import CooperationInterest, Participant, StatedNeed
from leizu.visits.tests.helpers import make_visit


def test_a_new_visit_has_the_users_own_institution_as_host(coordinator, world):
    page = coordinator.get("/visits/new/").content.decode()
    host = world["institutions"]["host"]
    assert f'<option value="{host.pk}" selected>' in page


def test_a_new_persons_script_follows_the_institutions_country(coordinator, world, actors):
    visit = make_visit(world, actors["coordinator"], guests=("kz1", "uz1"))
    for key, family, script in (("kz1", "Бекова", "Cyrl"), ("uz1", "Toshmatova", "Latn")):
        response = coordinator.post(
            f"/visits/{visit.pk}/participants/new/",
            {
                "new_institution": world["institutions"][key].pk,
                "new_family_name": family,
                "role": "member",
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        person = Participant.objects.get(visit=visit, person__family_name=family).person
        assert person.name_script == script


def _group_headings(page: str) -> list[str]:
    # Django's grouped checkboxes: a group is <div><label>heading</label> and its boxes.
    return re.findall(r"<div>\s*<label>([^<]+)</label>", page)


def test_the_field_of_a_need_is_grouped_with_the_usual_fields_first(coordinator, world, actors):
    visit = make_visit(world, actors["coordinator"])
    page = coordinator.get(
        f"/visits/{visit.pk}/needs/new/", HTTP_ACCEPT_LANGUAGE="ru"
    ).content.decode()
    groups = _group_headings(page)
    assert groups[0].startswith("07 ") and "Инженерное дело" in groups[0]
    assert len(groups) == 12  # every broad field of ISCED-F 2013 (00–10 and 99), each a group
    assert 'name="field_codes" value="0723"' in page
    assert 'data-choose-filter="id_field_codes"' in page  # searchable (visits/choose.js)


def test_four_fields_named_at_once_are_four_needs_in_one_submission(coordinator, world, actors):
    visit = make_visit(world, actors["coordinator"], guests=("kz1",))
    kz1 = world["institutions"]["kz1"]
    codes = ["0715", "0714", "0723", "0713"]
    response = coordinator.post(
        f"/visits/{visit.pk}/needs/new/",
        {"institution": kz1.pk, "field_codes": codes, "horizon": "now", "notes_en": "Urgent"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    needs = list(StatedNeed.objects.filter(visit=visit).order_by("order"))
    assert [n.field_code for n in needs] == codes
    assert {n.institution_id for n in needs} == {kz1.pk}
    assert [n.order for n in needs] == [1, 2, 3, 4]
    assert all(n.notes.localize("en") == "Urgent" for n in needs)
    audited = AuditEntry.objects.filter(action="need.create", object_id__in=[n.pk for n in needs])
    assert audited.count() == 4


def test_an_unknown_field_among_several_saves_none(coordinator, world, actors):
    visit = make_visit(world, actors["coordinator"], guests=("kz1",))
    response = coordinator.post(
        f"/visits/{visit.pk}/needs/new/",
        {"institution": world["institutions"]["kz1"].pk, "field_codes": ["0715", "0799x"]},
    )
    assert response.status_code == 200
    assert "0799x" in response.content.decode()  # the form says which choice is not valid
    assert not StatedNeed.objects.filter(visit=visit).exists()


def test_an_edited_need_keeps_one_field_chosen_from_the_same_list(coordinator, world, actors):
    visit = make_visit(world, actors["coordinator"], guests=("kz1",))
    coordinator.post(
        f"/visits/{visit.pk}/needs/new/",
        {"institution": world["institutions"]["kz1"].pk, "field_codes": ["0715"]},
    )
    need = StatedNeed.objects.get(visit=visit)
    page = coordinator.get(f"/visits/needs/{need.pk}/edit/").content.decode()
    assert 'type="radio" name="field_code" value="0715"' in page and "checked" in page
    assert 'data-choose-filter="id_field_code"' in page


def test_several_wishes_named_at_once_are_one_interest_each(coordinator, world, actors):
    visit = make_visit(world, actors["coordinator"], guests=("kz1",))
    response = coordinator.post(
        f"/visits/{visit.pk}/interests/new/",
        {
            "institution": world["institutions"]["kz1"].pk,
            "kinds": ["student_exchange", "teacher_visit", "programme"],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    kinds = sorted(CooperationInterest.objects.filter(visit=visit).values_list("kind", flat=True))
    assert kinds == ["programme", "student_exchange", "teacher_visit"]
