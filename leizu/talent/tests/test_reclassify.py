"""An alias or skill added or removed: the postings it could affect, and only those, are
classified again in the background, while the aliases page says how many still wait."""

import datetime

from conftest import login_client
from leizu.core.access import actor_for_user
from leizu.core.tests.fixtures import run_queued_tasks
from leizu.talent import classification, services
from leizu.talent.models import Posting


def _posting(world, title: str, text: str, key: str) -> Posting:
    return Posting.objects.create(
        institution=world["institutions"]["institute"],
        title=title,
        text=text,
        language="ru",
        country="KZ",
        posted_on=datetime.date(2026, 3, 1),
        content_hash=key,
    )


def test_an_added_alias_classifies_again_the_postings_it_could_affect_and_only_those(
    world, django_capture_on_commit_callbacks
):
    # Inflected forms: the posting says "матрасников-стегальщиков", the alias its nominative.
    hit = _posting(
        world, "Матрасник-стегальщик", "Ищем матрасников-стегальщиков на фабрику.", "hit"
    )
    other = _posting(world, "Швея", "Пошив спецодежды на швейной фабрике.", "other")
    classification.classify_pending()
    hit.refresh_from_db()
    other.refresh_from_db()
    assert hit.isco08 != "7536" and other.classified_at is not None
    other_decided = other.classified_at

    with django_capture_on_commit_callbacks(execute=True):
        services.alias_create(
            by=actor_for_user(world["users"]["analyst"]),
            data={"isco08": "7536", "language": "ru", "text": "матрасник-стегальщик", "weight": 1},
        )
    analyst = login_client(world["users"]["analyst"])
    # The postings the alias could affect are marked, in the background.
    assert run_queued_tasks(only="leizu.talent.tasks.reclassify_affected") == 1
    hit.refresh_from_db()
    assert hit.classified_at is None and hit.isco08 != "7536"  # counts as before meanwhile
    page = analyst.get("/talent/taxonomy/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "1 posting is being classified again" in page
    # The alias's language by its name, not its code.
    assert '<small class="muted">Русский</small>' in page
    assert '<small class="muted">ru</small>' not in page

    run_queued_tasks()  # the leftover classification decides it with the alias
    hit.refresh_from_db()
    other.refresh_from_db()
    assert hit.isco08 == "7536" and hit.classified_at is not None
    assert other.classified_at == other_decided  # not read again
    page = analyst.get("/talent/taxonomy/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "being classified again" not in page


def test_a_removed_skill_classifies_again_the_postings_that_held_it(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        skill = services.skill_create(
            by=actor_for_user(world["users"]["analyst"]),
            data={"isco08": "7318", "language": "en", "label": "ikat resist dyeing", "weight": 1},
        )
    run_queued_tasks()
    dyer = Posting.objects.create(
        institution=world["institutions"]["institute"],
        title="Craftsperson",
        text="Experience in ikat resist dyeing of silk.",
        language="en",
        country="UZ",
        posted_on=datetime.date(2026, 3, 1),
        content_hash="dyer",
    )
    classification.classify_pending()
    dyer.refresh_from_db()
    assert any(s["label"] == "ikat resist dyeing" for s in dyer.classification["skills"])
    with django_capture_on_commit_callbacks(execute=True):
        services.extension_delete(obj=skill, by=actor_for_user(world["users"]["analyst"]))
    run_queued_tasks()
    dyer.refresh_from_db()
    assert dyer.classified_at is not None
    assert not any(s["label"] == "ikat resist dyeing" for s in dyer.classification["skills"])
