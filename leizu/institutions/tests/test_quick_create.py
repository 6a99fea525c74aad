"""A missing institution created from inside the visit form (an htmx dialog): the visit form is
never submitted or reloaded, so nothing typed in it is lost; the new institution is announced to
the page (HX-Trigger) with the label the visit form's lists use."""

import json

from leizu.core.models import AuditEntry
from leizu.institutions.models import Institution

URL = "/institutions/new/quick/"
NEW = {"kind": "research_institute", "country": "UZ", "city_ru": "Ташкент", "name_ru": "НИИ хлопка"}


def test_the_visit_form_offers_the_dialog_to_who_may_create_institutions(coordinator, clients):
    page = coordinator.get("/visits/new/").content.decode()
    assert f'hx-get="{URL}"' in page and '<dialog id="quick-institution"' in page
    assert 'data-pick="guests"' in page and 'data-pick="accompanying"' in page
    # Partner staff record visits too, but do not add institutions to the network.
    partner_page = clients["partner_b"].get("/visits/new/")
    if partner_page.status_code == 200:
        assert URL not in partner_page.content.decode()


def test_the_dialog_is_a_fragment_and_a_refused_entry_keeps_what_was_typed(coordinator):
    form = coordinator.get(URL, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in form and f'hx-post="{URL}"' in form
    before = Institution.objects.count()
    response = coordinator.post(URL, {**NEW, "country": ""}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "HX-Trigger" not in response
    body = response.content.decode()
    assert "НИИ хлопка" in body and "Ташкент" in body  # what was typed is still there
    assert Institution.objects.count() == before


def test_a_created_institution_is_announced_with_the_lists_label(coordinator):
    response = coordinator.post(URL, NEW, HTTP_HX_REQUEST="true", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 200, response.content.decode()[:2000]
    created = Institution.objects.get(name__ru="НИИ хлопка")
    event = json.loads(response["HX-Trigger"])["leizu:institution-created"]
    assert event == {"id": created.pk, "label": created.display_short_name()}
    assert (created.country, created.kind, created.city.localize("ru")) == (
        "UZ",
        "research_institute",
        "Ташкент",
    )
    assert "data-dialog-done" in response.content.decode()
    assert AuditEntry.objects.filter(action="institution.create", object_id=str(created.pk))
    # The visit form lists it at once, for the guests as for the host.
    page = coordinator.get("/visits/new/").content.decode()
    assert f'value="{created.pk}"' in page


def test_who_may_not_create_institutions_is_refused_and_nothing_is_saved(clients):
    before = Institution.objects.count()
    for persona in ("partner_a", "partner_b", "student"):
        response = clients[persona].post(URL, NEW, HTTP_HX_REQUEST="true")
        assert response.status_code == 403, persona
    assert Institution.objects.count() == before
