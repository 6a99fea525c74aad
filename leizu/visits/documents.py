"""Documents of a visit for the offices: the report as .docx, the agenda as iCalendar."""

from __future__ import annotations

import datetime
import io
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from leizu.core.text import clean_text

if TYPE_CHECKING:
    from leizu.visits.models import VisitReport
    from leizu.visits.selectors import VisitRecord

# Fonts a Chinese office expects in a news report; Latin and Cyrillic text in Times New Roman.
_FONTS = {"zh-hans": ("Times New Roman", "SimSun"), "en": ("Times New Roman", None)}


def report_docx(report: VisitReport) -> bytes:
    """The edited report as a Word document: headline, then one paragraph per paragraph."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    # Text stored before control characters were refused at the door would break the XML.
    title = clean_text(report.title, multiline=False)
    document = Document()
    latin, east_asian = _FONTS.get(report.language, ("Times New Roman", None))
    normal = document.styles["Normal"]
    normal.font.name = latin
    normal.font.size = Pt(12)
    if east_asian:
        normal.element.rPr.rFonts.set(qn("w:eastAsia"), east_asian)
    document.core_properties.title = title
    document.core_properties.language = report.language
    heading = document.add_heading(title, level=1)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for paragraph in report.paragraphs():
        p = document.add_paragraph()
        for i, line in enumerate(paragraph.split("\n")):
            run = p.add_run(clean_text(line))
            if i < paragraph.count("\n"):
                run.add_break()
        if report.language == "zh-hans":
            p.paragraph_format.first_line_indent = Pt(24)
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
        people = ", ".join(p.person.display_name() for p in item.participants.all())
        lines = [str(item.get_kind_display())]
        if people:
            lines.append(_("People involved: %s") % people)
        if item.notes.localize():
            lines.append(item.notes.localize())
        event.add("description", "\n".join(lines))
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
