"""The agreement as Chinese offices and their partners sign it: bilingual, in two columns side
by side (Chinese | Russian, Chinese | English, Chinese | Kazakh, Chinese | Uzbek): the title,
the parties, the articles of the current text version paragraph by paragraph, the term, the
cooperation conditions as a table, and a signature block per party with the place for its
seal. As .docx (``agreement_docx``) and as the rows a print page shows (``bilingual_rows``)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils import formats, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from leizu.core.documents import (
    add_letterhead,
    add_page_numbers,
    set_properties,
    set_up_page,
    set_up_styles,
)
from leizu.core.text import clean_text

if TYPE_CHECKING:
    from leizu.agreements.selectors import AgreementRecord

CHINESE = "zh-hans"
SECOND_LANGUAGES = ("ru", "en", "kk", "uz")


@dataclass
class Pair:
    """One row of the two columns: the Chinese text and its counterpart."""

    chinese: str
    other: str


def _both(label: str, language: str) -> Pair:
    """A label of the document in Chinese and in the second language (``label`` is a msgid)."""
    with translation.override(CHINESE):
        chinese = capfirst(_(label))
    with translation.override(language):
        other = capfirst(_(label))
    return Pair(chinese, other)


def _text(value: Any, language: str) -> str:
    return clean_text(value.localize(language) if value else "", multiline=True)


# Articles side by side: a row per paragraph, at most this many (the rest joins the last row),
# so that a long text does not make thousands of table rows.
MAX_ARTICLE_ROWS = 200


def _paragraphs(value: Any, language: str) -> list[str]:
    text = value.get(language, "") if value else ""
    lines = [p.strip() for p in clean_text(text, multiline=True).split("\n") if p.strip()]
    if len(lines) > MAX_ARTICLE_ROWS:
        lines = [*lines[: MAX_ARTICLE_ROWS - 1], "\n".join(lines[MAX_ARTICLE_ROWS - 1 :])]
    return lines


def _date(day: Any, language: str) -> str:
    if day is None:
        return ""
    with translation.override(language):
        return formats.date_format(day, "DATE_FORMAT")


@dataclass
class BilingualDocument:
    language: str
    title: Pair
    parties: list[Pair]
    articles: list[Pair]
    term: Pair
    condition_headers: list[Pair]
    conditions: list[list[Pair]]
    signatures: list[dict[str, Pair]]
    labels: dict[str, Pair]
    version_number: int | None
    sha256: str


def bilingual_document(record: AgreementRecord, language: str) -> BilingualDocument:
    """What the two columns hold, Chinese on the left, ``language`` on the right."""
    agreement = record.agreement
    version = record.approvals.version
    chinese_articles = _paragraphs(version.text, CHINESE) if version else []
    other_articles = _paragraphs(version.text, language) if version else []
    rows = max(len(chinese_articles), len(other_articles))
    articles = [
        Pair(
            chinese_articles[i] if i < len(chinese_articles) else "",
            other_articles[i] if i < len(other_articles) else "",
        )
        for i in range(rows)
    ]

    def term(lang: str) -> str:
        with translation.override(lang):
            start = _date(agreement.valid_from, lang) or "…"
            end = _date(record.ends_on, lang)
            if not end:
                return _("Valid from %(start)s, without an end date.") % {"start": start}
            return _("Valid from %(start)s to %(end)s.") % {"start": start, "end": end}

    headers = [
        "sending institution",
        "receiving institution",
        "kind",
        "field (ISCED-F 2013)",
        "places per year",
        "duration per year",
        gettext_noop("academic years"),
    ]
    conditions = []
    for c in record.conditions:

        def cell(attr: str, c: Any = c) -> Pair:
            if attr == "sending":
                return Pair(_text(c.sending.name, CHINESE), _text(c.sending.name, language))
            if attr == "receiving":
                return Pair(_text(c.receiving.name, CHINESE), _text(c.receiving.name, language))
            if attr == "kind":
                with translation.override(CHINESE):
                    chinese = str(c.get_kind_display())
                with translation.override(language):
                    other = str(c.get_kind_display())
                return Pair(chinese, other)
            if attr == "duration":
                values = []
                for lang in (CHINESE, language):
                    with translation.override(lang):
                        values.append(c.duration_text())
                return Pair(*values)
            value = {
                "field": c.field_code or "—",
                "places": str(c.places_per_year),
                "years": c.academic_years(),
            }[attr]
            return Pair(value, value)

        conditions.append(
            [
                cell(a)
                for a in ("sending", "receiving", "kind", "field", "places", "duration", "years")
            ]
        )
    signatures = []
    for party in record.parties:
        signatory = party.signatory
        signatures.append(
            {
                "party": Pair(
                    _text(party.institution.name, CHINESE), _text(party.institution.name, language)
                ),
                "signatory": Pair(
                    signatory.name_for(CHINESE).text if signatory else "",
                    signatory.name_for(language).text if signatory else "",
                ),
                "date": Pair(_date(party.signed_on, CHINESE), _date(party.signed_on, language)),
                "place": Pair(_text(party.signed_at, CHINESE), _text(party.signed_at, language)),
            }
        )
    return BilingualDocument(
        language=language,
        title=Pair(_text(agreement.title, CHINESE), _text(agreement.title, language)),
        parties=[
            Pair(_text(p.institution.name, CHINESE), _text(p.institution.name, language))
            for p in record.parties
        ],
        articles=articles,
        term=Pair(term(CHINESE), term(language)),
        condition_headers=[_both(h, language) for h in headers],
        conditions=conditions,
        signatures=signatures,
        labels={
            name: _both(msgid, language)
            for name, msgid in (
                ("parties", gettext_noop("Parties")),
                ("conditions", gettext_noop("Cooperation conditions")),
                ("for", gettext_noop("For the party")),
                ("signatory", gettext_noop("Signatory")),
                ("signature", gettext_noop("Signature")),
                ("date", gettext_noop("Date")),
                ("place", gettext_noop("Place")),
                # Translators: where the party's seal is pressed, under its signature.
                ("seal", gettext_noop("Seal")),
            )
        },
        version_number=version.number if version else None,
        sha256=record.approvals.sha256,
    )


def agreement_docx(record: AgreementRecord, *, language: str, user: Any) -> bytes:
    """The bilingual agreement as a Word document on A4."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = bilingual_document(record, language)
    agreement = record.agreement
    document = Document()
    set_up_page(document)
    set_up_styles(document, CHINESE)
    set_properties(
        document, title=doc.title.chinese or doc.title.other, language=CHINESE, user=user
    )
    drafter = agreement.drafted_by
    with translation.override(CHINESE):
        add_letterhead(
            document,
            drafter,
            " · ".join(
                dict.fromkeys(
                    t for t in (_text(drafter.name, CHINESE), _text(drafter.name, language)) if t
                )
            ),
        )
        add_page_numbers(document)

    def two_columns(rows: list[Pair], *, bold: bool = False, size: float | None = None) -> None:
        table = document.add_table(rows=0, cols=2)
        for pair in rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, (pair.chinese, pair.other), strict=True):
                paragraph = cell.paragraphs[0]
                run = paragraph.add_run(text)
                run.bold = bold
                if size:
                    run.font.size = Pt(size)

    two_columns([doc.title], bold=True, size=16)
    document.add_paragraph()
    two_columns([doc.labels["parties"]], bold=True)
    two_columns(doc.parties)
    document.add_paragraph()
    two_columns(doc.articles)
    two_columns([doc.term])
    if doc.conditions:
        document.add_paragraph()
        two_columns([doc.labels["conditions"]], bold=True)
        table = document.add_table(rows=1, cols=len(doc.condition_headers))
        table.style = "Table Grid"
        for cell, header in zip(table.rows[0].cells, doc.condition_headers, strict=True):
            cell.paragraphs[0].add_run(f"{header.chinese}\n{header.other}").bold = True
        for row in doc.conditions:
            cells = table.add_row().cells
            for cell, pair in zip(cells, row, strict=True):
                text = (
                    pair.chinese if pair.chinese == pair.other else f"{pair.chinese}\n{pair.other}"
                )
                cell.paragraphs[0].add_run(text)
        for row in table.rows:
            for cell in row.cells:
                for run in cell.paragraphs[0].runs:
                    run.font.size = Pt(9)
    document.add_paragraph()
    signatures = document.add_table(rows=1, cols=max(1, len(doc.signatures)))
    for cell, block in zip(signatures.rows[0].cells, doc.signatures, strict=False):
        lines = [
            f"{doc.labels['for'].chinese} / {doc.labels['for'].other}:",
            block["party"].chinese,
            block["party"].other,
            "",
            f"{doc.labels['signatory'].chinese} / {doc.labels['signatory'].other}: "
            f"{block['signatory'].chinese or block['signatory'].other}",
            f"{doc.labels['signature'].chinese} / {doc.labels['signature'].other}: ____________",
            f"{doc.labels['date'].chinese} / {doc.labels['date'].other}: "
            f"{block['date'].other or '____________'}",
            f"{doc.labels['place'].chinese} / {doc.labels['place'].other}: "
            f"{block['place'].other or block['place'].chinese or '____________'}",
            "",
            f"({doc.labels['seal'].chinese} / {doc.labels['seal'].other})",
        ]
        paragraph = cell.paragraphs[0]
        for i, line in enumerate(lines):
            run = paragraph.add_run(line)
            if i < len(lines) - 1:
                run.add_break()
    footer = document.add_paragraph(
        f"v{doc.version_number} · SHA-256 {doc.sha256}" if doc.version_number else ""
    )
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for run in footer.runs:
        run.font.size = Pt(7)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
