"""Documents of a visit for the offices: the report as .docx, the agenda as iCalendar."""

from __future__ import annotations

import dataclasses
import datetime
import io
import logging
from typing import TYPE_CHECKING, Any

from babel.dates import format_date
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from leizu.core.documents import (
    add_letterhead,
    add_page_numbers,
    set_properties,
    set_up_page,
    set_up_styles,
)
from leizu.core.text import clean_text
from leizu.visits.report import date_phrase

if TYPE_CHECKING:
    from leizu.accounts.models import User
    from leizu.institutions.models import Institution
    from leizu.visits.models import VisitReport
    from leizu.visits.selectors import VisitRecord

logger = logging.getLogger(__name__)

# The date of the report as each language writes a date on its own.
_DATE_FORMAT = {
    "zh-hans": "y年M月d日",
    "en": "d MMMM y",
    "ru": "d MMMM y 'г.'",
    "kk": "y 'жылғы' d MMMM",
    "uz": "y-'yil' d-MMMM",
}


@dataclasses.dataclass(frozen=True)
class ReportHeading:
    """What heads a report, in the report's language: in Word and on the printed page."""

    institution: Institution
    institution_name: str
    title: str
    visit_dates: str
    report_date: str
    language: str

    @property
    def date_line(self) -> str:
        with translation.override(self.language):
            # Translators: the date line under a visit report's headline, e.g. "From 30 to 31
            # March 2026 · Report of 2 April 2026"; the dates are written in the report's language.
            return _("%(visit_dates)s · Report of %(report_date)s") % {
                "visit_dates": self.visit_dates,
                "report_date": self.report_date,
            }


def _visit_dates(start: datetime.date, end: datetime.date, language: str) -> str:
    """The visit's dates as the report's text writes them; in Chinese with the year, which the
    report's sentence leaves to its context but a date line has to state."""
    if language != "zh-hans":
        return date_phrase(start, end, language)
    if start.year != end.year:
        full = _DATE_FORMAT[language]
        first, last = (format_date(d, full, locale="zh_Hans") for d in (start, end))
        return f"{first}至{last}"
    return f"{start.year}年{date_phrase(start, end, language)}"


def report_heading(report: VisitReport) -> ReportHeading:
    """The organising institution, headline and dates of a report, in the report's language."""
    visit = report.visit
    language = report.language
    published = report.published_at
    day = timezone.localtime(published).date() if published else timezone.localdate()
    locale = translation.to_locale(language)
    # Text stored before control characters were refused at the door would break the XML.
    return ReportHeading(
        institution=visit.organiser,
        institution_name=clean_text(visit.organiser.name.localize(language), multiline=False),
        title=clean_text(report.title, multiline=False),
        visit_dates=_visit_dates(visit.start_date, visit.end_date, language),
        report_date=format_date(day, _DATE_FORMAT.get(language, "long"), locale=locale),
        language=language,
    )


def report_docx(report: VisitReport, *, user: User) -> bytes:
    """The report as a Word document on A4: the organiser's letterhead (logo and name) in the
    page header, headline, date line, the text, "page N of M" in the footer; the properties
    name the user who downloads it as the author."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    heading = report_heading(report)
    language = report.language
    # Chinese, Russian, Kazakh and Uzbek offices justify and indent the first line (two
    # characters; 1.25 cm, the paragraph indent of Russian-style office documents, which
    # Kazakh and Uzbek offices keep); English reads better ragged right.
    indent = {"zh-hans": Pt(24), "ru": Cm(1.25), "kk": Cm(1.25), "uz": Cm(1.25)}.get(language)
    document = Document()
    set_up_page(document)
    set_up_styles(document, language)
    set_properties(document, title=heading.title, language=heading.language, user=user)
    with translation.override(language):
        add_letterhead(document, heading.institution, heading.institution_name)
        add_page_numbers(document)
    title = document.add_heading(heading.title, level=1)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    date_line = document.add_paragraph(heading.date_line)
    date_line.alignment = WD_ALIGN_PARAGRAPH.CENTER
    date_line.paragraph_format.space_after = Pt(18)
    date_line.runs[0].font.size = Pt(10.5)
    for paragraph in report.paragraphs():
        p = document.add_paragraph()
        for i, line in enumerate(paragraph.split("\n")):
            run = p.add_run(clean_text(line))
            if i < paragraph.count("\n"):
                run.add_break()
        if indent is not None:
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            p.paragraph_format.first_line_indent = indent
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def agenda_by_day(record: VisitRecord) -> list[tuple[datetime.date, list[Any]]]:
    """Agenda items grouped by their day in the time zone of the visit."""
    tz = record.visit.tzinfo()
    days: dict[datetime.date, list[Any]] = {}
    for item in record.agenda:
        days.setdefault(timezone.localtime(item.starts_at, tz).date(), []).append(item)
    return sorted(days.items())


def agenda_ics(record: VisitRecord) -> bytes:
    """The agenda as an iCalendar file, times in the time zone of the place of the visit."""
    from icalendar import Calendar, Event

    visit = record.visit
    tz = visit.tzinfo()
    host = settings.LEIZU_BASE_URL.split("//")[-1].split("/")[0] or "leizu"
    calendar = Calendar()
    calendar.add("prodid", "-//Leizu//Delegation visits//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", str(visit))
    stamp = timezone.now()
    for item in record.agenda:
        event = Event()
        event.add("uid", f"visit-{visit.pk}-agenda-{item.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", timezone.localtime(item.starts_at, tz))
        ends = item.ends_at or item.starts_at + datetime.timedelta(hours=1)
        event.add("dtend", timezone.localtime(ends, tz))
        event.add("summary", f"{item.display_title()} · {visit}")
        venue = item.venue()
        if venue:
            event.add("location", venue)
        # A participant reads as its name: a person's, or a group's ("staff of the lab").
        people = ", ".join(str(p) for p in item.participants.all())
        lines = [str(item.get_kind_display())]
        if people:
            lines.append(_("People involved: %s") % people)
        if item.notes.localize():
            lines.append(item.notes.localize())
        event.add("description", "\n".join(lines))
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
