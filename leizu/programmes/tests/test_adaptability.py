"""Adaptability: the share of an occupation's skill profile a programme group's confirmed
learning outcomes cover. 1 for a group covering every skill, 0 for none, never lower for one
more confirmed outcome; the engine suggests an outcome's skills, a reviewer's word stands; the
heatmap keeps its number of queries; every number opens into its explanation."""

from typing import Any

import numpy as np
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import given, settings
from hypothesis import strategies as st

from leizu.programmes import services
from leizu.programmes.adaptability import heatmap, profiles
from leizu.programmes.models import LinkStatus, OutcomeSkill, ProgrammeGroup
from leizu.talent.engine.adaptability import coverage_matrix, explain

PROFILES = profiles()
SEWING_OPERATORS = "8153"


def test_covering_every_skill_is_one_and_none_is_zero():
    profile = PROFILES.row(SEWING_OPERATORS)
    assert profile
    everything, nothing = coverage_matrix(PROFILES, [list(profile), []], [SEWING_OPERATORS])
    assert everything[0] == 1.0 and nothing[0] == 0.0
    value, hit, miss = explain(profile, list(profile)[:1])
    assert 0 < value < 1 and len(hit) == 1 and len(miss) == len(profile) - 1


@settings(max_examples=100, deadline=None, database=None)
@given(
    st.lists(st.sampled_from(PROFILES.skills), max_size=12),
    st.sampled_from(PROFILES.skills),
)
def test_one_more_covered_skill_never_lowers_coverage(skills, extra):
    before, after = coverage_matrix(PROFILES, [skills, [*skills, extra]])
    assert np.all(after >= before - 1e-12)
    assert np.all((before >= 0) & (after <= 1 + 1e-12))


def _group_with_outcome(actors: dict[str, Any], world: dict[str, Any], text: dict) -> Any:
    by = actors["partner_b"]
    uz1 = world["institutions"]["uz1"]
    group = services.group_create(by=by, institution=uz1, data={"name": {"en": "Sewing"}})
    programme = services.programme_create(
        by=by,
        institution=uz1,
        data={"name": {"en": "Sewing"}, "group": group, "occupations": [SEWING_OPERATORS]},
    )
    course = services.course_create(by=by, programme=programme, data={"name": {"en": "Sewing"}})
    outcome = services.outcome_create(by=by, course=course, data={"text": text})
    return group, outcome


def test_a_confirmed_outcome_raises_coverage_and_a_rejected_link_stays_rejected(actors, world):
    group, outcome = _group_with_outcome(
        actors,
        world,
        {
            "en": "Sew garments on industrial sewing machines",
            "zh-hans": "能够使用工业缝纫机缝制服装",
        },
    )
    link = outcome.skills.get(skill="sewing")
    assert link.status == LinkStatus.SUGGESTED and link.score == 1.0
    before = heatmap(groups=[group])
    assert before.values == [[0.0]]  # suggested links do not count
    services.outcome_skill_review(
        link=link, by=actors["partner_b"], status="confirmed", version=link.version
    )
    after = heatmap(groups=[group])
    assert after.occupations == [SEWING_OPERATORS] and after.values[0][0] > 0
    others = list(outcome.skills.exclude(pk=link.pk))
    for other in others:
        services.outcome_skill_review(
            link=other, by=actors["partner_b"], status="rejected", version=other.version
        )
    services.outcome_suggest_skills(outcome=outcome, by=actors["partner_b"])
    assert set(outcome.skills.values_list("status", flat=True)) <= {"confirmed", "rejected"}
    assert OutcomeSkill.objects.filter(outcome=outcome, status="rejected").count() == len(others)


def test_the_heatmap_reads_a_constant_number_of_queries(clients, world):
    host = world["institutions"]["host"]
    client = clients["partner_a"]
    with CaptureQueriesContext(connection) as all_groups:
        page = client.get("/programmes/adaptability/", {"institution": host.pk})
    assert len(page.context["chart"]["groups"]) == 5
    values = page.context["chart"]["values"]
    assert max(max(row) for row in values) > 0.5  # the demo's confirmed outcomes count
    ProgrammeGroup.objects.filter(institution=host).exclude(
        pk=ProgrammeGroup.objects.filter(institution=host).order_by("id").first().pk
    ).delete()
    with CaptureQueriesContext(connection) as one_group:
        page = client.get("/programmes/adaptability/", {"institution": host.pk})
    assert len(page.context["chart"]["groups"]) == 1
    assert len(one_group) == len(all_groups)


def test_a_cell_opens_the_covered_and_missing_skills(clients, actors, world):
    group, outcome = _group_with_outcome(
        actors, world, {"en": "Sew garments on industrial sewing machines"}
    )
    link = outcome.skills.get(skill="sewing")
    services.outcome_skill_review(
        link=link, by=actors["partner_b"], status="confirmed", version=link.version
    )
    page = clients["student"].get(
        f"/programmes/adaptability/{group.pk}/{SEWING_OPERATORS}/", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert page.status_code == 200
    covered = page.context["covered"]
    assert covered and covered[0][2] == [outcome]
    assert page.context["missing"]  # the rest of the profile, by weight
    assert 0 < page.context["percent"] < 100
    assert clients["student"].get(f"/programmes/adaptability/{group.pk}/99999/").status_code == 404


def test_the_api_lists_courses_with_outcomes_and_skills(clients, actors, world):
    group, outcome = _group_with_outcome(actors, world, {"en": "Sew garments"})
    programme = outcome.course.programme
    body = clients["partner_a"].get(f"/api/v1/programmes/{programme.pk}/courses").json()
    assert body[0]["outcomes"][0]["text"] == {"en": "Sew garments"}
    assert {s["skill"] for s in body[0]["outcomes"][0]["skills"]} >= {"sewing"}
    cov = clients["partner_a"].get(f"/api/v1/programme-groups/{group.pk}/adaptability").json()
    assert cov == []  # nothing confirmed yet
