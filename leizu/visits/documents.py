"""Documents of a visit for the offices: the report as .docx, the agenda as iCalendar."""

from __future__ import annotations

import dataclasses
import datetime
import io
import logging
import re
from typing import TYPE_CHECKING, Any

from babel.dates import format_date
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from leizu.core.files import sniff_type
from leizu.core.text import clean_text
from leizu.visits.report import date_phrase

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.oxml.xmlchemy import BaseOxmlElement
    from docx.text.paragraph import Paragraph

    from leizu.accounts.models import User
    from leizu.institutions.models import Institution
    from leizu.visits.models import VisitReport
    from leizu.visits.selectors import VisitRecord

logger = logging.getLogger(__name__)

# Fonts that offices have: Times New Roman for Latin and Cyrillic, SimSun (宋体) for Chinese
# text and SimHei (黑体) for a Chinese headline. Chinese characters can turn up in any report
# (a name without a translation), so every report names the East Asian fonts.
_LATIN_FONT = "Times New Roman"
_EAST_ASIAN_FONT = "SimSun"
_EAST_ASIAN_HEADLINE_FONT = "SimHei"
# Word's language tags of Latin and Cyrillic text and of East Asian text, as Word in each
# language sets them: spelling, and the font of punctuation the scripts share (“” in Chinese).
_WORD_LANGUAGE = {
    "zh-hans": ("en-US", "zh-CN"),
    "en": ("en-GB", "en-GB"),
    "ru": ("ru-RU", "ru-RU"),
    "kk": ("kk-KZ", "kk-KZ"),
    "uz": ("uz-Latn-UZ", "uz-Latn-UZ"),
}
# The date of the report as each language writes a date on its own.
_DATE_FORMAT = {
    "zh-hans": "y年M月d日",
    "en": "d MMMM y",
    "ru": "d MMMM y 'г.'",
    "kk": "y 'жылғы' d MMMM",
    "uz": "y-'yil' d-MMMM",
}
# Only these are embedded in Word: what every version of Word shows.
_EMBEDDABLE_IMAGES = frozenset({"image/png", "image/jpeg"})
_LOGO_HEIGHT_CM = 1.4
_LOGO_MAX_WIDTH_CM = 6.0


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
    _set_up_page(document)
    _set_up_styles(document, language)
    _set_properties(document, heading, user)
    with translation.override(language):
        _add_letterhead(document, heading)
        _add_page_numbers(document)
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


def _set_up_page(document: DocxDocument) -> None:
    """A4 (python-docx's template is US Letter), the margins of the printed page; the top one
    leaves room for the letterhead, which Word would otherwise let the text run into."""
    from docx.shared import Cm

    for section in document.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.top_margin, section.bottom_margin = Cm(3.2), Cm(2.5)
        section.left_margin = section.right_margin = Cm(2.2)
        section.header_distance, section.footer_distance = Cm(1.0), Cm(1.2)


def _fonts(rpr: BaseOxmlElement, east_asian: str) -> None:
    """Name the fonts outright: a theme font attribute would win over a named one."""
    from docx.oxml.ns import qn

    fonts = rpr.get_or_add_rFonts()  # type: ignore[attr-defined]
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attribute}"), None)
    for attribute in ("ascii", "hAnsi", "cs"):
        fonts.set(qn(f"w:{attribute}"), _LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asian)


def _set_up_styles(document: DocxDocument, language: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    normal = document.styles["Normal"]
    normal.font.size = Pt(12)  # type: ignore[union-attr]
    _fonts(normal.element.get_or_add_rPr(), _EAST_ASIAN_FONT)
    rpr = normal.element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    latin, east_asian = _WORD_LANGUAGE.get(language, (language, language))
    lang.set(qn("w:val"), latin)
    lang.set(qn("w:eastAsia"), east_asian)
    normal.paragraph_format.line_spacing = 1.5  # type: ignore[union-attr]
    normal.paragraph_format.space_after = Pt(6)  # type: ignore[union-attr]
    headline = document.styles["Heading 1"]
    _fonts(headline.element.get_or_add_rPr(), _EAST_ASIAN_HEADLINE_FONT)
    headline.font.size = Pt(18)  # type: ignore[union-attr]
    headline.font.color.rgb = RGBColor(0, 0, 0)  # type: ignore[union-attr]
    headline.paragraph_format.space_before = Pt(12)  # type: ignore[union-attr]
    headline.paragraph_format.space_after = Pt(6)  # type: ignore[union-attr]
    headline.paragraph_format.line_spacing = 1.2  # type: ignore[union-attr]


def _set_properties(document: DocxDocument, heading: ReportHeading, user: User) -> None:
    """Overwrite every property of python-docx's template (author "python-docx", a 2013 date,
    "generated by python-docx"); Word allows 255 characters in each."""
    from docx.opc.constants import RELATIONSHIP_TYPE

    name = clean_text(user.get_full_name(), multiline=False)[:255]
    now = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    properties = document.core_properties
    properties.author = properties.last_modified_by = name
    properties.title = heading.title[:255]
    properties.language = heading.language
    properties.created = properties.modified = now
    properties.subject = properties.keywords = properties.category = ""
    properties.comments = properties.content_status = properties.identifier = ""
    properties.revision = 1
    # The template's thumbnail is a picture of an empty page: file browsers would show it.
    package_rels = document.part.package.rels
    for r_id, rel in list(package_rels.items()):
        if rel.reltype == RELATIONSHIP_TYPE.THUMBNAIL:
            del package_rels[r_id]


def _logo_image(institution: Institution) -> tuple[bytes, float, float] | None:
    """The logo's bytes and size in cm if it is a PNG or JPEG that can be read, else None:
    a missing or broken logo leaves the letterhead without it, never the office without the
    report."""
    from docx.image.image import Image

    stored = institution.logo
    if stored is None or not stored.file.name:
        return None
    limit = settings.LEIZU_UPLOAD_MAX_BYTES
    try:
        with stored.file.storage.open(stored.file.name, "rb") as handle:
            data = handle.read(limit + 1)
        if len(data) > limit or sniff_type(data[:8192]) not in _EMBEDDABLE_IMAGES:
            return None
        image = Image.from_blob(data)
        ratio = image.px_width / image.px_height
    except Exception:
        # Storage backends and the image header parser raise their own kinds of errors.
        logger.warning(
            "Logo %s of institution %s not embedded", stored.pk, institution.pk, exc_info=True
        )
        return None
    width, height = _LOGO_HEIGHT_CM * ratio, _LOGO_HEIGHT_CM
    if width > _LOGO_MAX_WIDTH_CM:
        width, height = _LOGO_MAX_WIDTH_CM, _LOGO_MAX_WIDTH_CM / ratio
    return data, width, height


def _add_letterhead(document: DocxDocument, heading: ReportHeading) -> None:
    """The organiser's logo and name at the top of every page, over a rule."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    paragraph = document.sections[0].header.paragraphs[0]
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for attribute, value in (("val", "single"), ("sz", "6"), ("space", "4"), ("color", "000000")):
        bottom.set(qn(f"w:{attribute}"), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.line_spacing = 1.0
    size = Pt(14)
    logo = _logo_image(heading.institution)
    raised = 0.0
    if logo is not None:
        data, width, height = logo
        paragraph.add_run().add_picture(io.BytesIO(data), width=Cm(width), height=Cm(height))
        paragraph.add_run("  ")
        # The picture stands on the baseline: lift the name to the middle of the picture.
        raised = max(0.0, Cm(height).pt / 2 - size.pt * 0.35)
    name = paragraph.add_run(heading.institution_name)
    name.bold = True
    name.font.size = size
    if raised:
        position = OxmlElement("w:position")
        position.set(qn("w:val"), str(round(raised * 2)))  # half-points
        name.element.get_or_add_rPr().insert_element_before(position, *_AFTER_POSITION)


# What follows w:position inside w:rPr (the schema fixes the order of a run's properties).
_AFTER_POSITION = (
    "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText",
    "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish",
    "w:oMath",
)  # fmt: skip
_PLACEHOLDER = re.compile(r"%\((n|total)\)s")


def _add_page_numbers(document: DocxDocument) -> None:
    """ "Page N of M" in the footer, N and M as Word fields (PAGE, NUMPAGES) that Word and
    LibreOffice fill in when they lay the pages out."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # The pager's words, already translated: "第 %(n)s 页，共 %(total)s 页".
    for part in _PLACEHOLDER.split(_("Page %(n)s of %(total)s")):
        if part == "n":
            _add_field(paragraph, "PAGE")
        elif part == "total":
            _add_field(paragraph, "NUMPAGES")
        elif part:
            paragraph.add_run(part)
    for run in paragraph.runs:
        run.font.size = Pt(9)


def _add_field(paragraph: Paragraph, instruction: str) -> None:
    """A complex field (begin, instruction, separate, shown value, end), one element per run,
    as Word writes it; "1" is shown until the application computes the value."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind: str) -> Any:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} \\* MERGEFORMAT "
    shown = OxmlElement("w:t")
    shown.text = "1"
    for element in (char("begin"), code, char("separate"), shown, char("end")):
        paragraph.add_run().element.append(element)


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
