"""The audit log page: readable, translated actions, kinds, fields and values; flat query count."""

from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext

from leizu.core.audit import audit_record
from leizu.core.models import AuditEntry
from leizu.core.reference import country_name
from leizu.institutions.models import Institution, InstitutionKind
from leizu.institutions.services import institution_update


def _in(client: Any, language: str) -> Any:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _changes(world: dict[str, Any], actors: dict[str, Any], count: int) -> None:
    kz1 = Institution.objects.get(pk=world["institutions"]["kz1"].pk)
    for n in range(count):
        institution_update(
            institution=kz1,
            by=actors["coordinator"],
            data={
                "country": "UZ" if n % 2 == 0 else "KZ",
                "kind": InstitutionKind.COMPANY if n % 2 == 0 else InstitutionKind.COLLEGE,
                "website": f"https://college-{n}.example.kz",
                "name": {"en": f"Steppe College {n}", "ru": f"Степной колледж {n}"},
            },
            version=kz1.version,
        )


def test_the_page_says_what_changed_in_the_readers_language(clients, world, actors):
    AuditEntry.objects.all().delete()
    _changes(world, actors, 1)
    kz1 = world["institutions"]["kz1"]
    audit_record(
        actor=actors["coordinator"],
        action="institution.deactivate",
        obj=kz1,
        before={"is_active": True},
        after={"is_active": False},
    )
    response = _in(clients["coordinator"], "ru").get("/audit/")
    assert response.status_code == 200
    page = response.content.decode()
    with translation.override("ru"):
        expected = [
            pgettext("audit action", "changed"),
            str(capfirst(Institution._meta.verbose_name)),
            str(capfirst(Institution._meta.get_field("country").verbose_name)),
            str(capfirst(Institution._meta.get_field("kind").verbose_name)),
            str(capfirst(Institution._meta.get_field("is_active").verbose_name)),
            f"{country_name('KZ', 'ru')} → {country_name('UZ', 'ru')}",
            f"{InstitutionKind.COLLEGE.label} → {InstitutionKind.COMPANY.label}",
            f"{gettext('yes')} → {gettext('no')}",
            "Степной колледж 0",
        ]
    for text in expected:
        assert text in page, text
    # No code, slug or field name of the developers.
    for raw in ("institution.update", "institutions.institution", "is_active", "website,"):
        assert raw not in page, raw
    assert "version" not in page.split("<tbody>")[1]


def test_an_action_it_does_not_know_reads_as_a_change_not_as_its_code(clients, world, actors):
    AuditEntry.objects.all().delete()
    audit_record(
        actor=actors["coordinator"],
        action="somewhere.thing.frobnicate",
        object_type="nowhere.gadget",
        object_id="1",
        label="Gadget",
        after={"mystery_value": 3},
    )
    page = clients["coordinator"].get("/audit/").content.decode()
    assert "frobnicate" not in page and "mystery_value" not in page and "nowhere" not in page
    assert pgettext("audit action", "changed") in page
    assert str(capfirst(gettext("another detail"))) in page


def test_secrets_and_bookkeeping_are_never_shown(clients, world, actors):
    AuditEntry.objects.all().delete()
    audit_record(
        actor=actors["coordinator"],
        action="user.create",
        obj=world["users"]["student"],
        after={"email": "student@leizu.demo", "password": "pbkdf2$secret", "version": 2},
    )
    page = clients["coordinator"].get("/audit/").content.decode()
    assert "pbkdf2" not in page
    assert "student@leizu.demo" in page


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_query_count_does_not_grow_with_the_entries(clients, world, actors, language):
    client = _in(clients["coordinator"], language)
    AuditEntry.objects.all().delete()
    _changes(world, actors, 4)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/audit/").status_code == 200
    _changes(world, actors, 36)
    assert AuditEntry.objects.count() == 40
    with CaptureQueriesContext(connection) as many:
        response = client.get("/audit/")
    assert response.status_code == 200
    assert response.content.decode().count("<tr>") == 41
    assert len(many) == len(few), [q["sql"] for q in many]
