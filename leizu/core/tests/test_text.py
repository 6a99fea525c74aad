from leizu.core.text import normalise, search_document, search_terms


def _finds(document: str, query: str) -> bool:
    return any(term in document for term in search_terms(query))


def test_a_latin_query_finds_a_cyrillic_name():
    doc = search_document("Ержанов Дәулет Серікұлы")
    assert _finds(doc, "Erzhanov")
    assert _finds(doc, "ержанов")


def test_uzbek_apostrophes_are_one_form():
    assert normalise("O'zbekiston") == normalise("Oʻzbekiston") == normalise("O‘zbekiston")
    assert _finds(search_document("Toʻqimachilik texnikumi"), "to'qimachilik")


def test_chinese_names_are_found_by_part():
    assert _finds(search_document("丝源纺织服装职业学院"), "纺织")


def test_an_empty_query_has_no_terms():
    assert search_terms("  ,. ") == []
