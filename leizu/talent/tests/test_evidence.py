"""The classifier's evidence as readers see it: sentences in their language, skills by their
labels, never the engine's stage names or skill ids."""

import datetime
import html
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, ngettext

from leizu.talent import classification
from leizu.talent.codes import isco_title
from leizu.talent.models import Posting

ENGINE_WORDS = ("sewing-machines", "garment-industry", "sewing-machine-operator", "ngram")


def _in(client: Any, language: str) -> Any:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _classify_page(client: Any, title: str, text: str = "") -> str:
    response = client.post(
        "/talent/classify/", {"title": title, "text": text, "language": ""}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_a_title_alias_and_skills_are_explained_in_the_readers_language(coordinator):
    page = _classify_page(
        _in(coordinator, "ru"), "Швея-мотористка", "Пошив женской одежды на швейных машинах"
    )
    with translation.override("ru"):
        alias = gettext(
            "matched a known job title: the words “%(words)s” in the title are “%(label)s”"
        ) % {"words": "швея мотористка", "label": "швея-мотористка"}
        skills = ngettext("mentions the skill %(skills)s", "mentions the skills %(skills)s", 3) % {
            "skills": "“пошив”, “швейная машина”, “швейное производство”"
        }
        occupation = isco_title("8153", "ru")
    assert alias in page
    assert skills in page
    assert occupation in page
    for word in ENGINE_WORDS:
        assert word not in page, word


def test_similar_wording_is_said_so(coordinator):
    page = _classify_page(_in(coordinator, "en"), "Швейный оператор")
    expected = gettext("similar wording: the title “%(words)s” is close to “%(label)s”") % {
        "words": "Швейный оператор",
        "label": "оператор швейной машины",
    }
    assert expected in page
    assert "ngram" not in page


def test_skills_are_named_in_kazakh_for_a_kazakh_reader(clients):
    page = _classify_page(_in(clients["partner_a"], "kk"), "Швея", "Пошив одежды")
    assert "тігу" in page  # the Kazakh label of the skill "sewing"
    assert "sewing" not in page


def test_a_stored_decision_with_a_skill_no_longer_known_shows_the_words_not_the_id(
    world, coordinator
):
    posting = Posting.objects.create(
        institution=world["institutions"]["institute"],
        title="Ikat dyer",
        country="UZ",
        posted_on=datetime.date(2025, 3, 1),
        content_hash="ikat-dyer",
        isco08="7318",
        classification={
            "lang": "en",
            "occupations": [{"isco08": "7318", "score": 0.4}],
            "fields": [{"isced_f": "0723", "score": 0.4}],
            "skills": [{"skill": "user-skill-999999", "label": "ikat", "words": "ikat dyeing"}],
            "evidence": [
                {
                    "isco08": "7318",
                    "stage": "skill",
                    "where": "title+text",
                    "skills": ["user-skill-999999"],
                    "weight": 0.4,
                },
                {"isco08": "7318", "stage": "someday", "where": "title"},
            ],
        },
    )
    page = html.unescape(coordinator.get(posting.get_absolute_url()).content.decode())
    assert "user-skill" not in page and "someday" not in page
    assert "“ikat dyeing”" in page
    assert gettext("other evidence") in page
    assert isco_title("7318") in page


def test_the_page_decoration_names_every_code(world):
    with translation.override("ru"):
        result = classification.for_page(classification.classify("Швея", "Пошив одежды", "ru"))
    assert result["evidence"] and all(e["text"] and e["occupation"] for e in result["evidence"])
    assert {s["skill"]: s["label"] for s in result["skills"]}["sewing"] == "пошив"
