"""The report as offices expect it: a Word document and a printed page with the organiser's
letterhead, the headline, a date line, the text and page numbers."""

import datetime
import io
import re
import struct
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from docx import Document

from leizu.core.tests.test_files import PNG as CUT_PNG
from leizu.institutions.services import institution_set_logo
from leizu.visits.models import Visit, VisitReport
from leizu.visits.report import date_phrase


def _png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A valid PNG of one colour (core's test PNG has a wrong chunk length: a broken logo)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    rows = b"".join(b"\0" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


PNG = _png(4, 2, (160, 30, 40))
# A GIF is a fine logo on a web page but not one every Word shows: it is left out of the .docx.
GIF = bytes.fromhex(
    "4749463839610100010080000000000000ffffff21f90401000000002c00000000010001000002024401003b"
)


@pytest.fixture
def visit(world) -> Visit:
    """The demo's past visit of two presidents, with its reports in Chinese and Russian."""
    return Visit.objects.get(title__en__startswith="Visit of college presidents")


def _report(visit: Visit, language: str) -> VisitReport:
    return VisitReport.objects.get(visit=visit, language=language)


def _set_logo(visit: Visit, actors, content: bytes = PNG, name: str = "logo.png") -> None:
    institution_set_logo(
        institution=visit.organiser,
        by=actors["coordinator"],
        upload=SimpleUploadedFile(name, content),
    )
    visit.organiser.refresh_from_db()


def _download(client, visit: Visit, language: str) -> tuple[zipfile.ZipFile, object]:
    response = client.get(f"/visits/{visit.pk}/report/{language}/report.docx")
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(response.content)), Document(io.BytesIO(response.content))


def _parts(package: zipfile.ZipFile, prefix: str) -> str:
    return "".join(package.read(n).decode() for n in package.namelist() if n.startswith(prefix))


def test_the_docx_carries_the_organisers_letterhead_headline_date_line_and_text(
    visit, coordinator, actors
):
    _set_logo(visit, actors)
    report = _report(visit, "zh-hans")
    package, document = _download(coordinator, visit, "zh-hans")
    header = document.sections[0].header
    assert visit.organiser.name["zh-hans"] in "".join(p.text for p in header.paragraphs)
    assert [package.read(n) for n in package.namelist() if n.startswith("word/media/")] == [PNG]
    assert "<pic:pic" in _parts(package, "word/header")
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == report.title
    published = timezone.localtime(report.published_at).date()
    assert texts[1].startswith(
        f"{visit.start_date.year}年{date_phrase(visit.start_date, visit.end_date, 'zh-hans')}"
    )
    assert f"{published.year}年{published.month}月{published.day}日" in texts[1]
    assert texts[2:] == report.paragraphs()
    assert re.search(r"[\u4e00-\u9fff]{20}", texts[2])
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)


def test_the_docx_footer_numbers_the_pages_in_the_reports_language(visit, coordinator):
    package, _document = _download(coordinator, visit, "zh-hans")
    footer = _parts(package, "word/footer")
    instructions = re.findall(r"<w:instrText[^>]*>([^<]*)</w:instrText>", footer)
    assert [i.split()[0] for i in instructions] == ["PAGE", "NUMPAGES"]
    assert footer.count('w:fldCharType="begin"') == footer.count('w:fldCharType="end"') == 2
    assert "第" in footer and "页" in footer


def test_the_docx_properties_name_the_user_who_downloads_it(visit, clients, world):
    before = timezone.now().replace(microsecond=0)
    report = _report(visit, "zh-hans")
    package, document = _download(clients["partner_a"], visit, "zh-hans")
    user = world["users"]["partner_kz"]
    properties = document.core_properties
    assert properties.author == properties.last_modified_by == user.get_full_name()
    assert properties.title == report.title
    assert properties.language == "zh-hans"
    for moment in (properties.created, properties.modified):
        stamp = moment.replace(tzinfo=datetime.UTC)
        assert before <= stamp <= timezone.now()
    assert "python-docx" not in package.read("docProps/core.xml").decode()
    assert "docProps/thumbnail.jpeg" not in package.namelist()


def test_the_docx_names_fonts_for_chinese_and_cyrillic(visit, coordinator):
    package, document = _download(coordinator, visit, "ru")
    body = [p.text for p in document.paragraphs]
    assert body[0] == _report(visit, "ru").title
    assert re.search(r"[а-яё]{5}", " ".join(body[2:]))
    styles = package.read("word/styles.xml").decode()
    normal = styles[styles.index('w:styleId="Normal"') :].split("</w:style>")[0]
    assert 'w:ascii="Times New Roman"' in normal and 'w:hAnsi="Times New Roman"' in normal
    assert 'w:eastAsia="SimSun"' in normal and 'w:val="ru-RU"' in normal
    assert "Theme" not in normal


def test_a_missing_broken_or_gif_logo_leaves_the_letterhead_with_the_name_only(
    visit, coordinator, actors
):
    name = visit.organiser.name["zh-hans"]

    def letterhead() -> tuple[str, list[str]]:
        package, document = _download(coordinator, visit, "zh-hans")
        media = [n for n in package.namelist() if n.startswith("word/media/")]
        return "".join(p.text for p in document.sections[0].header.paragraphs), media

    _set_logo(visit, actors, GIF, "logo.gif")
    assert letterhead() == (name, [])
    _set_logo(visit, actors, CUT_PNG)
    assert letterhead() == (name, [])
    stored = visit.organiser.logo
    stored.file.storage.delete(stored.file.name)
    assert letterhead() == (name, [])


def test_a_headline_longer_than_word_allows_in_a_property_still_downloads(visit, coordinator):
    report = _report(visit, "en")
    long_title = "Delegation " * 27
    VisitReport.objects.filter(pk=report.pk).update(title=long_title.strip())
    _package, document = _download(coordinator, visit, "en")
    assert document.paragraphs[0].text == long_title.strip()
    assert document.core_properties.title == long_title.strip()[:255]


def test_the_printed_report_has_the_letterhead_date_line_and_no_inline_style(
    visit, coordinator, actors
):
    _set_logo(visit, actors)
    report = _report(visit, "ru")
    page = coordinator.get(
        f"/visits/{visit.pk}/report/ru/print/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    letterhead = page[page.index('<header class="letterhead">') : page.index("</header>")]
    assert f'<img src="/institutions/{visit.organiser.pk}/logo/" alt="">' in letterhead
    assert visit.organiser.name.localize("ru") in letterhead
    assert f"<h1>{report.title}</h1>" in page
    assert date_phrase(visit.start_date, visit.end_date, "ru") in page
    assert "style=" not in page and "<style" not in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)
    stylesheet = b"".join(coordinator.get("/static/visits/report-print.css")).decode()
    assert "@page" in stylesheet and "counter(pages)" in stylesheet


@pytest.mark.parametrize(
    ("language", "date_line", "pager", "word_language"),
    [
        (
            "kk",
            "2026 жылғы 24–25 қарашада · Хабарлама күні: 2026 жылғы 27 қараша",
            "-бет, барлығы ",
            "kk-KZ",
        ),
        (
            "uz",
            "2026-yil 24–25-noyabr kunlari · Xabar sanasi: 2026-yil 27-noyabr",
            "-sahifa, jami ",
            "uz-Latn-UZ",
        ),
    ],
)
def test_the_kazakh_and_uzbek_reports_download_and_print_in_their_language(
    visit, coordinator, language, date_line, pager, word_language
):
    """Heading, date line and page numbers in the report's language; the text justified with
    the paragraph indent of the Russian report."""
    Visit.objects.filter(pk=visit.pk).update(
        start_date=datetime.date(2026, 11, 24), end_date=datetime.date(2026, 11, 25)
    )
    VisitReport.objects.filter(visit=visit, language=language).update(
        status="published", published_at=datetime.datetime(2026, 11, 27, 2, tzinfo=datetime.UTC)
    )
    report = _report(visit, language)
    name = visit.organiser.name[language]
    package, document = _download(coordinator, visit, language)
    assert name in "".join(p.text for p in document.sections[0].header.paragraphs)
    paragraphs = document.paragraphs
    assert [p.text for p in paragraphs[:2]] == [report.title, date_line]
    assert [p.text for p in paragraphs[2:]] == report.paragraphs()
    assert round(paragraphs[2].paragraph_format.first_line_indent.cm, 2) == 1.25
    footer = _parts(package, "word/footer")
    assert pager in footer and re.findall(r" (PAGE|NUMPAGES) ", footer) == ["PAGE", "NUMPAGES"]
    assert f'w:val="{word_language}"' in package.read("word/styles.xml").decode()
    assert document.core_properties.language == language

    page = coordinator.get(
        f"/visits/{visit.pk}/report/{language}/print/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert f'<html lang="{language}">' in page
    assert name in page[page.index('<header class="letterhead">') : page.index("</header>")]
    assert f"<h1>{report.title}</h1>" in page and f'<p class="meta">{date_line}</p>' in page
    stylesheet = b"".join(coordinator.get("/static/visits/report-print.css")).decode()
    assert f'html[lang="{language}"] main p' in stylesheet
