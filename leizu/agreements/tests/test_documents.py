"""The bilingual agreement, as Chinese offices and their partners sign it: two columns side by
side, Chinese and the partner's language, the articles paragraph by paragraph, the conditions
as a table, a signature block with the place of the seal per party; the user as its author."""

import io

from docx import Document

from leizu.agreements.models import Agreement


def _docx(client, agreement, language):
    response = client.get(f"/agreements/{agreement.pk}/document/{language}.docx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    return Document(io.BytesIO(response.content))


def test_the_demo_exchange_agreement_in_chinese_and_russian(coordinator, world):
    agreement = Agreement.objects.get(title__en__startswith="Student exchange agreement")
    document = _docx(coordinator, agreement, "ru")
    title = document.tables[0].rows[0].cells
    assert title[0].text == agreement.title["zh-hans"] and title[1].text == agreement.title["ru"]
    texts = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "第一条 合作领域：专业共建、师生交流、实训基地共享。" in texts
    assert any(t.startswith("Статья 1. Направления сотрудничества") for t in texts)
    conditions = next(t for t in document.tables if len(t.columns) == 7)
    header = conditions.rows[0].cells[0].text
    assert "派出" in header and "Направляющ" in header  # both languages in each heading
    assert len(conditions.rows) == 1 + agreement.conditions.count()
    signatures = document.tables[-1]
    assert len(signatures.columns) == agreement.parties.count()
    block = signatures.rows[0].cells[1].text
    assert "Индустриально-технологический колледж «Акжол»" in block and "(" in block
    assert document.core_properties.author == world["users"]["coordinator"].get_full_name()


def test_the_other_languages_and_the_print_page(coordinator, clients):
    agreement = Agreement.objects.get(
        title__en__startswith="Memorandum of understanding on cooperation ("
    )
    for language in ("en", "kk", "uz"):
        document = _docx(coordinator, agreement, language)
        assert document.tables[0].rows[0].cells[1].text == agreement.title[language]
    page = clients["partner_b"].get(f"/agreements/{agreement.pk}/document/uz/print/")
    assert page.status_code == 200
    body = page.content.decode()
    assert agreement.title["uz"] in body and agreement.title["zh-hans"] in body
    assert coordinator.get(f"/agreements/{agreement.pk}/document/de.docx").status_code == 404
    assert (
        clients["partner_a"].get(f"/agreements/{agreement.pk}/document/ru.docx").status_code == 404
    )
