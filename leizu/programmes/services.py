"""Writes of programmes: each checks the actor's rule (``programmes/access.py``), runs in one
short transaction and writes an audit entry."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from leizu.core.access import Actor
from leizu.core.audit import audit_record, snapshot
from leizu.core.errors import ServiceError
from leizu.core.services import save_created, save_updated
from leizu.institutions.models import Institution
from leizu.programmes import access
from leizu.programmes.models import (
    Course,
    LearningOutcome,
    LinkStatus,
    OutcomeSkill,
    Programme,
    ProgrammeGroup,
    ProgrammeYear,
)

PROGRAMME_FIELDS = (
    "name",
    "group",
    "catalogue_entry",
    "national_level",
    "isced_level",
    "eqf_level",
    "isced_f",
    "duration_years",
    "credits",
    "credit_system",
    "languages",
    "occupations",
)
GROUP_FIELDS = ("name", "description")


def _pick(data: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k in fields}


def _require(actor: Actor, institution_id: int) -> None:
    if not access.can_edit_programmes_of(actor, institution_id):
        raise PermissionDenied


def _from_catalogue(values: dict[str, Any]) -> dict[str, Any]:
    """A programme with a catalogue code takes its field and national level from the code
    unless they were given."""
    entry = values.get("catalogue_entry")
    if entry is not None:
        if not values.get("isced_f"):
            values["isced_f"] = entry.isced_f
        if not values.get("national_level"):
            values["national_level"] = entry.level
    return values


@transaction.atomic
def programme_create(*, by: Actor, institution: Institution, data: dict[str, Any]) -> Programme:
    _require(by, institution.pk)
    programme = Programme(
        institution=institution,
        created_by=by.user,
        **_from_catalogue(_pick(data, PROGRAMME_FIELDS)),
    )
    save_created(
        programme, by=by, action="programmes.programme.create", institution_id=institution.pk
    )
    return programme


@transaction.atomic
def programme_update(
    *, programme: Programme, by: Actor, data: dict[str, Any], version: int | None
) -> bool:
    """Change a programme; False when nothing changed. A stale ``version`` is a conflict."""
    _require(by, programme.institution_id)
    values = _pick(data, PROGRAMME_FIELDS)
    if "catalogue_entry" in values and "isced_f" not in values:
        values["isced_f"] = ""
    return save_updated(
        programme,
        by=by,
        action="programmes.programme.update",
        data=_from_catalogue(values) if "catalogue_entry" in values else values,
        version=version,
        institution_id=programme.institution_id,
    )


@transaction.atomic
def programme_year_set(
    *,
    programme: Programme,
    by: Actor,
    year: int,
    intake: int | None,
    graduates: int | None,
    version: int | None = None,
) -> ProgrammeYear:
    """Record a year's intake and graduates, or correct a recorded year from the version the
    editor saw (a recorded year without one is refused, so nobody overwrites it unseen)."""
    _require(by, programme.institution_id)
    row = ProgrammeYear.objects.filter(programme=programme, year=year).first()
    if row is not None and version is None:
        message = _("This year is already recorded: change it in its row.")
        raise ServiceError(message, fields={"year": [message]})
    if row is None:
        row = ProgrammeYear(programme=programme, year=year, intake=intake, graduates=graduates)
        save_created(
            row, by=by, action="programmes.year.create", institution_id=programme.institution_id
        )
        return row
    save_updated(
        row,
        by=by,
        action="programmes.year.update",
        data={"intake": intake, "graduates": graduates},
        version=version,
        institution_id=programme.institution_id,
    )
    return row


@transaction.atomic
def group_create(*, by: Actor, institution: Institution, data: dict[str, Any]) -> ProgrammeGroup:
    _require(by, institution.pk)
    group = ProgrammeGroup(institution=institution, **_pick(data, GROUP_FIELDS))
    save_created(group, by=by, action="programmes.group.create", institution_id=institution.pk)
    return group


@transaction.atomic
def group_update(
    *, group: ProgrammeGroup, by: Actor, data: dict[str, Any], version: int | None
) -> bool:
    _require(by, group.institution_id)
    return save_updated(
        group,
        by=by,
        action="programmes.group.update",
        data=_pick(data, GROUP_FIELDS),
        version=version,
        institution_id=group.institution_id,
    )


# Courses, learning outcomes and their skills ------------------------------------------------

COURSE_FIELDS = ("code", "name", "hours", "credits", "practice_share", "order")
OUTCOME_FIELDS = ("text", "order")


@transaction.atomic
def course_create(*, by: Actor, programme: Programme, data: dict[str, Any]) -> Course:
    _require(by, programme.institution_id)
    course = Course(programme=programme, **_pick(data, COURSE_FIELDS))
    save_created(
        course, by=by, action="programmes.course.create", institution_id=programme.institution_id
    )
    return course


@transaction.atomic
def outcome_create(*, by: Actor, course: Course, data: dict[str, Any]) -> LearningOutcome:
    """Add a learning outcome; the engine suggests the skills it teaches at once."""
    institution_id = course.programme.institution_id
    _require(by, institution_id)
    outcome = LearningOutcome(course=course, **_pick(data, OUTCOME_FIELDS))
    save_created(outcome, by=by, action="programmes.outcome.create", institution_id=institution_id)
    outcome_suggest_skills(outcome=outcome, by=by)
    return outcome


def outcome_suggest_skills(*, outcome: LearningOutcome, by: Actor) -> list[OutcomeSkill]:
    """Suggest the taxonomy skills an outcome names, with scores (the engine that reads
    postings); a link a reviewer confirmed or rejected stays as it is."""
    from leizu.programmes.linking import outcome_skills

    found = outcome_skills(outcome.text)
    reviewed = set(
        outcome.skills.exclude(status=LinkStatus.SUGGESTED).values_list("skill", flat=True)
    )
    made = []
    for skill, score, words in found:
        if skill in reviewed:
            continue
        link, created = OutcomeSkill.objects.update_or_create(
            outcome=outcome, skill=skill, defaults={"score": score, "words": words[:200]}
        )
        if created:
            audit_record(
                actor=by,
                action="programmes.outcome_skill.suggest",
                obj=link,
                institution_id=outcome.course.programme.institution_id,
                after=snapshot(link),
            )
        made.append(link)
    return made


@transaction.atomic
def outcome_skill_review(
    *, link: OutcomeSkill, by: Actor, status: str, version: int | None
) -> OutcomeSkill:
    """Confirm or reject a suggested (or earlier reviewed) link."""
    institution_id = link.outcome.course.programme.institution_id
    _require(by, institution_id)
    if status not in (LinkStatus.CONFIRMED, LinkStatus.REJECTED):
        message = _("Confirm or reject the link.")
        raise ServiceError(message, fields={"status": [message]})
    save_updated(
        link,
        by=by,
        action="programmes.outcome_skill.review",
        data={"status": status, "reviewed_by": by.user, "reviewed_at": timezone.now()},
        version=version,
        institution_id=institution_id,
    )
    return link
