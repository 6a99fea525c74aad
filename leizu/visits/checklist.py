"""What a visit's report lacks in one language, before it is published.

A report is drafted from the record; where the record has a text in another language only, the
draft would show it as is and silently mix languages. The checklist lists each such gap (a name
not written or derivable in the reader's script, a position, an institution, a unit or venue, a
statement, a need, a wish, a proposal, the topics and policy contexts) with the page where it is
filled in. Links are given only to pages the user may edit; the others are named without a link.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from leizu.core.access import Actor
from leizu.institutions.access import can_edit_institution
from leizu.visits import access

if TYPE_CHECKING:
    from leizu.visits.selectors import VisitRecord


@dataclass(frozen=True)
class Gap:
    what: Any  # what is missing ("name", "position", …), translated
    where: str  # the object, as the user reads it
    url: str | None  # where to fill it in, if the user may


# The script a reader of each report language reads names in.
_SCRIPT_OF = {"zh-hans": "CJK", "ru": "CYRILLIC", "en": "LATIN", "kk": "CYRILLIC", "uz": "LATIN"}


def _in_script(text: str, language: str) -> bool:
    """Whether the letters of ``text`` are of the script readers of ``language`` read."""
    script = _SCRIPT_OF[language]
    # Modifier letters (the Uzbek ʻ of oʻ and gʻ) belong to no script.
    letters = [c for c in text if c.isalpha() and unicodedata.category(c) != "Lm"]
    return bool(letters) and all(unicodedata.name(c, "").startswith(script) for c in letters)


def _missing(value: Any, language: str) -> bool:
    """A multilingual text that exists, but not in ``language``."""
    return bool(value) and any(str(v).strip() for v in value.values()) and not value.get(language)


def report_gaps(record: VisitRecord, language: str, actor: Actor) -> list[Gap]:
    visit = record.visit
    edits_visit = access.can_edit_visit(actor, visit)
    contributes = access.contribution_institution_ids(actor, visit)
    gaps: list[Gap] = []

    def part_url(kind: str, obj: Any) -> str | None:
        if kind != "agenda" and obj.institution_id not in contributes:
            return None
        if kind == "agenda" and not edits_visit:
            return None
        return reverse(f"visits:{kind}_edit", args=[obj.pk])

    def person_url(person: Any) -> str | None:
        if can_edit_institution(actor, person.institution_id):
            return reverse("institutions:person_edit", args=[person.pk])
        return None

    def institution_url(institution: Any) -> str | None:
        if can_edit_institution(actor, institution.pk):
            return reverse("institutions:edit", args=[institution.pk])
        return None

    def unit_url(unit: Any) -> str | None:
        if can_edit_institution(actor, unit.institution_id):
            return reverse("institutions:unit_edit", args=[unit.pk])
        return None

    if _missing(visit.title, language):
        gaps.append(
            Gap(
                _("title"),
                visit.title.localize(),
                reverse("visits:edit", args=[visit.pk]) if edits_visit else None,
            )
        )
    if _missing(visit.purpose, language):
        gaps.append(
            Gap(
                _("purpose"),
                visit.title.localize(),
                reverse("visits:edit", args=[visit.pk]) if edits_visit else None,
            )
        )
    if _missing(visit.topics, language):
        gaps.append(
            Gap(
                _("topics discussed"),
                visit.title.localize(),
                reverse("visits:edit", args=[visit.pk]) if edits_visit else None,
            )
        )
    # Policy contexts are kept by the administrators: named without a link.
    for tag in visit.policy_tags.all():
        if _missing(tag.name, language):
            gaps.append(Gap(_("policy context"), tag.name.localize(), None))
    for institution in record.institutions():
        if not institution.name.get(language):
            gaps.append(
                Gap(
                    _("institution name"), institution.name.localize(), institution_url(institution)
                )
            )
    units = {}
    for p in record.participants:
        name = p.display_name(language)
        if p.person is not None:
            if not _in_script(name, language):
                gaps.append(Gap(pgettext_lazy("person", "Name"), name, person_url(p.person)))
            if p.person.unit is not None:
                units[p.person.unit.pk] = p.person.unit
        elif _missing(p.group, language):
            gaps.append(Gap(_("group name"), name, part_url("participant", p)))
        if p.unit is not None:
            units[p.unit.pk] = p.unit
        if p.position_language_missing(language):
            follows = p.position.is_empty() and p.person is not None
            url = person_url(p.person) if follows else part_url("participant", p)
            gaps.append(Gap(_("position"), f"{name}: {p.position_label()}", url))
        title = p.title if not p.title.is_empty() or p.person is None else p.person.title
        if _missing(title, language):
            follows = p.title.is_empty() and p.person is not None
            url = person_url(p.person) if follows else part_url("participant", p)
            gaps.append(Gap(_("title"), f"{name}: {title.localize()}", url))
    for item in record.agenda:
        if item.venue_unit is not None:
            units[item.venue_unit.pk] = item.venue_unit
        for field, label in (
            ("title", _("agenda item")),
            ("venue_text", _("venue")),
            ("notes", _("agenda notes")),
        ):
            if _missing(getattr(item, field), language):
                gaps.append(Gap(label, item.display_title(), part_url("agenda", item)))
    for proposal in record.proposals:
        if proposal.proposed_by_unit is not None:
            units[proposal.proposed_by_unit.pk] = proposal.proposed_by_unit
    for unit in units.values():
        if not unit.name.get(language):
            gaps.append(Gap(_("unit or venue name"), unit.name.localize(), unit_url(unit)))
    for s in record.statements:
        if _missing(s.summary, language):
            gaps.append(Gap(_("statement"), s.summary.localize()[:80], part_url("statement", s)))
    for n in record.needs:
        for field in ("occupation", "region"):
            if _missing(getattr(n, field), language):
                gaps.append(
                    Gap(
                        _("stated need"),
                        (n.occupation.localize() or n.field_label())[:80],
                        part_url("need", n),
                    )
                )
                break
    for i in record.interests:
        if _missing(i.description, language):
            gaps.append(
                Gap(_("cooperation wish"), i.description.localize()[:80], part_url("interest", i))
            )
    for pr in record.proposals:
        if _missing(pr.text, language) or _missing(pr.reaction_text, language):
            gaps.append(Gap(_("proposal"), pr.text.localize()[:80], part_url("proposal", pr)))
    return gaps
