"""Fewer steps to record a visit: the host preselected, a new person's script from the
institution's country, the field of a need chosen from a grouped list in the user's language."""

from leizu.visits.models import Participant
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


def test_the_field_of_a_need_is_grouped_with_the_usual_fields_first(coordinator, world, actors):
    visit = make_visit(world, actors["coordinator"])
    page = coordinator.get(
        f"/visits/{visit.pk}/needs/new/", HTTP_ACCEPT_LANGUAGE="ru"
    ).content.decode()
    groups = [chunk.split('"')[0] for chunk in page.split('<optgroup label="')[1:]]
    assert groups[0].startswith("07 ") and "Инженерное дело" in groups[0]
    assert len(groups) == 12  # every broad field of ISCED-F 2013 (00–10 and 99), each a group
    assert '<option value="0723">' in page
