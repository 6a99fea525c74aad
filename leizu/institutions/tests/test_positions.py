"""Positions as a vocabulary: chosen on the person's page, read in every language; an unknown
code is refused with a message, through the page and the API."""

from leizu.institutions.models import Person
from leizu.institutions.positions import position_choices, positions


def test_every_position_has_a_label_in_the_five_languages():
    for row in positions():
        assert set(row["labels"]) == {"zh-hans", "en", "ru", "kk", "uz"}, row["code"]
        assert all(row["labels"].values()), row["code"]
    grouped = position_choices()
    assert grouped[0] == ("", "---------") and sum(len(items) for _g, items in grouped[1:]) == len(
        positions()
    )


def test_a_position_chosen_on_the_page_reads_in_every_language(coordinator, world):
    person = Person.objects.filter(institution=world["institutions"]["kz1"]).first()
    page = coordinator.get(f"/institutions/people/{person.pk}/edit/", HTTP_ACCEPT_LANGUAGE="ru")
    assert '<option value="dean">Декан</option>' in page.content.decode()
    data = {
        "version": person.version,
        "family_name": person.family_name,
        "given_name": person.given_name,
        "name_script": person.name_script,
        "position_code": "dean",
    }
    response = coordinator.post(f"/institutions/people/{person.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    person.refresh_from_db()
    assert person.position_label("zh-hans") == "二级学院院长"
    assert person.position_label("kk") == "Декан" and person.position_label("en") == "Dean"


def test_an_unknown_position_code_is_refused_by_the_api(clients, world):
    person = Person.objects.filter(institution=world["institutions"]["kz1"]).first()
    response = clients["coordinator"].patch(
        f"/api/v1/people/{person.pk}",
        {"version": person.version, "position_code": "emperor"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "position_code" in response.json()["fields"]
