"""The programmes part of the access matrix (loaded by tests/test_access_matrix.py).

Catalogues are reference data: every member (students included) reads them; anonymous
visitors are sent to sign in (pages) or get 401 (API).
"""

from typing import Any

from tests.matrix import API_SIGNED_IN, SIGNED_IN


def make_targets(world: dict[str, Any], actors: dict[str, Any], targets: dict[str, Any]) -> dict:
    from leizu.programmes.models import Catalogue, CatalogueEntry

    catalogue = Catalogue.objects.get(classifier="cn-vet", edition="2021")
    return {
        "programme_catalogue": catalogue,
        "programme_code": CatalogueEntry.objects.get(catalogue=catalogue, code="460306"),
    }


def _c(t: dict[str, Any]) -> int:
    return t["programme_catalogue"].pk


def _e(t: dict[str, Any]) -> int:
    return t["programme_code"].pk


PAGES: dict[str, Any] = {
    "programmes:catalogues": (lambda t: "/programmes/catalogues/", SIGNED_IN),
    "programmes:catalogue": (lambda t: f"/programmes/catalogues/{_c(t)}/", SIGNED_IN),
    "programmes:entry": (lambda t: f"/programmes/codes/{_e(t)}/", SIGNED_IN),
}

API: dict[tuple[str, str], Any] = {
    ("get", "/api/v1/programmes/catalogues"): (
        lambda t: "/api/v1/programmes/catalogues",
        None,
        API_SIGNED_IN,
    ),
    ("get", "/api/v1/programmes/catalogues/{catalogue_id}"): (
        lambda t: f"/api/v1/programmes/catalogues/{_c(t)}",
        None,
        API_SIGNED_IN,
    ),
    ("get", "/api/v1/programmes/catalogues/{catalogue_id}/codes"): (
        lambda t: f"/api/v1/programmes/catalogues/{_c(t)}/codes?field=0714",
        None,
        API_SIGNED_IN,
    ),
    ("get", "/api/v1/programmes/codes/{code_id}"): (
        lambda t: f"/api/v1/programmes/codes/{_e(t)}",
        None,
        API_SIGNED_IN,
    ),
}
