from leizu.core.models import AuditEntry
from leizu.institutions.models import Institution, OrgUnit, Person


def _form(institution: Institution, **changes) -> dict:
    data = {
        "version": institution.version,
        "kind": institution.kind,
        "country": institution.country,
        "website": institution.website,
        "national_id_scheme": institution.national_id_scheme,
        "national_id": institution.national_id,
        "schac_code": "",
        "erasmus_code": "",
    }
    for base in ("name", "short_name", "city", "description"):
        value = getattr(institution, base)
        for code in ["zh-hans", "en", "ru", "kk", "uz"]:
            data[f"{base}_{code}"] = value.get(code, "")
    data.update(changes)
    return data


def test_a_partner_keeps_its_own_profile_current_and_the_change_is_audited(clients, world):
    kz1 = world["institutions"]["kz1"]
    response = clients["partner_a"].post(
        f"/institutions/{kz1.pk}/edit/", _form(kz1, website="https://akzhol.example.kz")
    )
    assert response.status_code == 302
    kz1.refresh_from_db()
    assert kz1.website == "https://akzhol.example.kz"
    assert kz1.version == 2
    entry = AuditEntry.objects.filter(action="institution.update", object_id=str(kz1.pk)).latest(
        "id"
    )
    assert entry.actor == world["users"]["partner_kz"]
    assert entry.after["website"] == "https://akzhol.example.kz"
    assert entry.before["website"] == ""


def test_a_stale_edit_is_refused_and_keeps_the_other_editors_change(clients, world):
    kz1 = world["institutions"]["kz1"]
    stale = _form(kz1, website="https://second.example.kz")
    first = clients["coordinator"].post(
        f"/institutions/{kz1.pk}/edit/", _form(kz1, website="https://first.example.kz")
    )
    assert first.status_code == 302
    second = clients["partner_a"].post(
        f"/institutions/{kz1.pk}/edit/", stale, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert second.status_code == 200
    assert "Somebody else changed this record" in second.content.decode()
    assert "https://second.example.kz" in second.content.decode()  # the input is kept
    kz1.refresh_from_db()
    assert kz1.website == "https://first.example.kz"


def test_a_partner_cannot_edit_another_partner_and_a_student_cannot_edit_at_all(clients, world):
    uz1 = world["institutions"]["uz1"]
    before = Institution.objects.get(pk=uz1.pk).website
    assert (
        clients["partner_a"]
        .post(f"/institutions/{uz1.pk}/edit/", _form(uz1, website="https://x.example"))
        .status_code
        == 404
    )
    host = world["institutions"]["host"]
    assert (
        clients["student"]
        .post(f"/institutions/{host.pk}/edit/", _form(host, website="https://x.example"))
        .status_code
        == 403
    )
    assert Institution.objects.get(pk=uz1.pk).website == before


def test_bad_input_is_answered_in_the_users_language_and_nothing_is_saved(coordinator, world):
    kz1 = world["institutions"]["kz1"]
    data = _form(kz1, website="not a url")
    for code in ["zh-hans", "en", "ru", "kk", "uz"]:
        data[f"name_{code}"] = ""
    response = coordinator.post(f"/institutions/{kz1.pk}/edit/", data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Enter the text in at least one language." in body
    assert "Enter a valid URL." in body
    kz1.refresh_from_db()
    assert kz1.version == 1


def test_the_coordinator_creates_an_institution_with_a_unit_and_a_person(coordinator):
    data = {
        "kind": "company",
        "country": "UZ",
        "name_en": "Navbahor Textile JSC",
        "name_uz": "Navbahor Tekstil AJ",
        "national_id_scheme": "uz_stir",
        "national_id": "309999999",
    }
    response = coordinator.post("/institutions/new/", data)
    assert response.status_code == 302
    institution = Institution.objects.get(national_id="309999999")
    response = coordinator.post(
        f"/institutions/{institution.pk}/units/new/",
        {"kind": "department", "name_en": "Dyeing Shop"},
    )
    assert response.status_code == 302
    unit = OrgUnit.objects.get(institution=institution)
    response = coordinator.post(
        f"/institutions/{institution.pk}/people/new/",
        {
            "family_name": "Karimova",
            "given_name": "Malika",
            "patronymic": "Rustam qizi",
            "name_script": "Latn",
            "cyrl_family": "Каримова",
            "cyrl_given": "Малика",
            "unit": unit.pk,
            "position_en": "Chief technologist",
            "languages": ["uz", "ru"],
        },
    )
    assert response.status_code == 302
    person = Person.objects.get(institution=institution)
    assert person.name_variants == [
        {"script": "Cyrl", "family": "Каримова", "given": "Малика", "patronymic": ""}
    ]
    assert person.display_name("ru") == "Каримова Малика"
    assert person.display_name("uz") == "Karimova Malika Rustam qizi"
    people = coordinator.get("/institutions/people/", {"q": "каримова"}).content.decode()
    assert "Karimova" in people or "Каримова" in people


def test_a_unit_cannot_be_made_part_of_itself(coordinator, world):
    host = world["institutions"]["host"]
    tex = OrgUnit.objects.get(institution=host, code="TEX")
    lab = OrgUnit.objects.get(institution=host, code="HER")
    response = coordinator.post(
        f"/institutions/units/{tex.pk}/edit/",
        {
            "version": tex.version,
            "kind": "school",
            "parent": lab.pk,
            "name_en": "Textile College",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "This would make a loop." in response.content.decode()
    tex.refresh_from_db()
    assert tex.parent_id is None


def test_a_website_that_is_not_http_or_https_is_refused_by_the_form(clients, world):
    kz1 = world["institutions"]["kz1"]
    for website, message in (
        ("javascript:alert(5)", "Enter a valid URL."),
        ("ftp://akzhol.example.kz", "Enter a web address that starts with http:// or https://."),
    ):
        response = clients["partner_a"].post(
            f"/institutions/{kz1.pk}/edit/", _form(kz1, website=website), HTTP_ACCEPT_LANGUAGE="en"
        )
        assert response.status_code == 200
        assert message in response.content.decode()
    kz1.refresh_from_db()
    assert (kz1.website, kz1.version) == ("", 1)


def test_a_stored_website_that_is_not_http_or_https_is_shown_but_never_linked(clients, world):
    kz1 = world["institutions"]["kz1"]
    Institution.objects.filter(pk=kz1.pk).update(website="javascript:alert(5)")
    page = clients["partner_a"].get(f"/institutions/{kz1.pk}/").content.decode()
    assert "javascript:alert(5)" in page
    assert 'href="javascript:' not in page
    Institution.objects.filter(pk=kz1.pk).update(website="https://akzhol.example.kz/?a=1&b=2")
    page = clients["partner_a"].get(f"/institutions/{kz1.pk}/").content.decode()
    assert 'href="https://akzhol.example.kz/?a=1&amp;b=2"' in page
