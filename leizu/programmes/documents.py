"""A programme's profile as a Word document (A4, the institution's letterhead, page numbers):
what it is, its levels and field, the occupations it prepares for, its courses with their
learning outcomes and the skills confirmed for them, and its intake and graduates by year, in
the reader's language."""

from __future__ import annotations

import io
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from leizu.core.documents import (
    add_letterhead,
    add_page_numbers,
    set_properties,
    set_up_page,
    set_up_styles,
)
from leizu.programmes.catalogues import level_name
from leizu.programmes.models import Programme
from leizu.talent.codes import field_label, isco_label


def programme_docx(
    programme: Programme, courses: list[Any], years: list[Any], *, language: str, user: Any
) -> bytes:
    from docx import Document

    from leizu.programmes.adaptability import skill_names

    with translation.override(language):
        document = Document()
        set_up_page(document)
        set_up_styles(document, language)
        title = programme.name.localize(language)
        set_properties(document, title=title, language=language, user=user)
        add_letterhead(
            document, programme.institution, programme.institution.name.localize(language)
        )
        add_page_numbers(document)
        document.add_heading(title, level=1)
        facts = [
            (_("Programme group"), str(programme.group) if programme.group else ""),
            (
                _("Catalogue code"),
                f"{programme.catalogue_entry.code} {programme.catalogue_entry.name.localize(language)}"
                if programme.catalogue_entry
                else "",
            ),
            (
                _("National level"),
                level_name(programme.national_level) if programme.national_level else "",
            ),
            (_("Level (ISCED 2011)"), programme.isced_level),
            (
                _("Field of education"),
                field_label(programme.isced_f, language) if programme.isced_f else "",
            ),
            (
                _("Duration"),
                _("%(n)s years") % {"n": f"{programme.duration_years.normalize():f}"}
                if programme.duration_years
                else "",
            ),
            (
                _("Credits"),
                f"{programme.credits.normalize():f} {programme.get_credit_system_display()}".strip()
                if programme.credits
                else "",
            ),
        ]
        table = document.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for label, value in facts:
            if value:
                cells = table.add_row().cells
                cells[0].text, cells[1].text = str(label), str(value)
        if programme.occupations:
            document.add_heading(_("Occupations it prepares for"), level=2)
            for code in programme.occupations:
                document.add_paragraph(isco_label(code, language), style="List Bullet")
        names = skill_names(language)
        if courses:
            document.add_heading(_("Courses and learning outcomes"), level=2)
        for course in courses:
            head = f"{course.code} {course.name.localize(language)}".strip()
            extra = []
            if course.hours:
                extra.append(_("%(n)s h") % {"n": course.hours})
            if course.credits:
                extra.append(_("%(n)s credits") % {"n": f"{course.credits.normalize():f}"})
            document.add_heading(head + (f" ({', '.join(extra)})" if extra else ""), level=3)
            for outcome in course.outcomes.all():
                skills = [
                    names.get(link.skill, link.skill)
                    for link in outcome.skills.all()
                    if link.status == "confirmed"
                ]
                text = outcome.text.localize(language)
                if skills:
                    text += f" [{', '.join(skills)}]"
                document.add_paragraph(text, style="List Bullet")
        if years:
            document.add_heading(_("Students admitted and graduates"), level=2)
            grid = document.add_table(rows=1, cols=3)
            grid.style = "Table Grid"
            head_cells = grid.rows[0].cells
            head_cells[0].text = _("Year")
            head_cells[1].text = _("Students admitted")
            head_cells[2].text = _("Graduates")
            for y in years:
                cells = grid.add_row().cells
                cells[0].text = str(y.year)
                cells[1].text = "" if y.intake is None else str(y.intake)
                cells[2].text = "" if y.graduates is None else str(y.graduates)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
