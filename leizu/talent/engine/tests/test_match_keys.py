"""Match-key rules applied alike to taxonomy labels and postings: Kazakh letters the Latin
alphabet merges, licence categories in Cyrillic look-alike letters, Latin glued to Han, Chinese
stop words as words, stemmer collisions, and the segmentation of Han runs. The examples are
written for these tests."""

import re

import pytest

from leizu.talent.engine import normalise as nm
from leizu.talent.engine.index import HanSegmenter


def keys(text: str, lang: str) -> list[str]:
    prepared, plang, _ = nm.prepare(text, lang)
    return [t.key for t in nm.analyse(prepared, plang)]


def top(res: dict) -> str:
    return res["occupations"][0]["isco08"]


# --- 1. Kazakh: и/й, э, я, ю, ц, щ, ь, ъ, һ ---------------------------------------------------


@pytest.mark.parametrize(
    "cyrillic,latin",
    [
        ("қойма", "qoima"),  # й is i
        ("тягач", "tiagach"),  # я is ia
        ("компьютер", "kompiuter"),  # ю is iu, ь is not written
        ("цех", "tseh"),  # ц is ts
        ("электрик", "elektrik"),  # э is e
        ("штамповщик", "ştampovşik"),  # щ is written ş
        ("объект", "obekt"),  # ъ is not written
        ("қоймасына", "qoimasyna"),  # with a case ending
    ],
)
def test_kazakh_cyrillic_and_latin_spellings_get_one_key(cyrillic, latin):
    assert keys(cyrillic, "kk") == keys(latin, "kk")


def test_the_kazakh_fold_leaves_other_languages_alone():
    # Russian keeps й and я (its own stemmer, its own spelling).
    assert keys("тягач", "ru") != keys("тиагач", "ru")
    assert nm.stem("қойма", "kk") == nm.stem("қоима", "kk")


@pytest.mark.parametrize(
    "cyrillic,latin,code",
    [
        (
            ("Қоймашы (азық-түлік қоймасы)", "Қоймаға тауарды қабылдау, есепке алу."),
            ("Qoimaşy (azyq-tülık qoimasy)", "Qoimağa tauardy qabyldau, esepke alu."),
            "4321",
        ),
        (
            ("Цех электригі", "Электр жабдықтарын жөндеу, кезекшілік."),
            ("Tseh elektrigı", "Elektr jabdyqtaryn jöndeu, kezekşılık."),
            "7412",
        ),
        (
            ("Тягач жүргізушісі", "Халықаралық тасымалдау, жартылай тіркеме."),
            ("Tiagach jürgızuşısı", "Halyqaralyq tasymaldau, jartylai tırkeme."),
            "8332",
        ),
        (("Столяр", "Жиһаз жасау."), ("Stoliar", "Jihaz jasau."), "7522"),
    ],
)
def test_kazakh_latin_and_cyrillic_postings_classify_the_same(classifier, cyrillic, latin, code):
    cyr = classifier.classify(*cyrillic, "kk")
    lat = classifier.classify(*latin, "kk")
    assert top(cyr) == top(lat) == code
    assert cyr["fields"][0]["isced_f"] == lat["fields"][0]["isced_f"]


def test_latin_words_of_kazakh_labels_meet_a_posting_transliterated_whole(classifier):
    # "CNC операторы", "CE санатты жүргізуші": a Latin posting becomes "цнц …", "це …".
    assert top(classifier.classify("CNC operatory", "Fanuc stanoktary.", "kk")) == "7223"
    assert top(classifier.classify("CE sanatty jürgızuşı", "Halyqaralyq reister.", "kk")) == "8332"


def test_kazakh_labels_are_cyrillic(classifier):
    # The Latin spellings once listed beside them are what the fold now does.
    latin_only = [
        lab.text
        for lab in classifier.tax.labels
        if lab.lang == "kk" and not re.search("[\u0400-\u04ff]", lab.text)
    ]
    assert latin_only == []


# --- 2. licence categories in Cyrillic look-alike letters -------------------------------------


@pytest.mark.parametrize(
    "cyrillic,latin,lang",
    [
        ("Водитель категории СЕ", "Водитель категории CE", "ru"),
        ("права кат. В, С, Е", "права кат. B, C, E", "ru"),
        ("категория «С»", "категория «C»", "ru"),
        ("ВОДИТЕЛЬ КАТЕГОРИИ С1Е", "ВОДИТЕЛЬ КАТЕГОРИИ C1E", "ru"),
        ("СЕ санатты жүргізуші", "CE санатты жүргізуші", "kk"),
        ("В, С және Е санаттары", "B, C және E санаттары", "kk"),
    ],
)
def test_licence_categories_in_cyrillic_letters_equal_the_latin_ones(cyrillic, latin, lang):
    assert nm.prepare(cyrillic, lang)[0] == nm.prepare(latin, lang)[0]
    assert keys(cyrillic, lang) == keys(latin, lang)


@pytest.mark.parametrize(
    "text",
    [
        "водитель категории B с опытом",  # the preposition с, lower case
        "нужны права категории. В нашей компании",  # a new sentence
        "Санаторий С",  # not a licence word
        "управления С",  # "прав" inside another word
        "Отдел МТС",  # capitals with no licence word near
    ],
)
def test_other_capitals_and_words_stay_cyrillic(text):
    assert nm.licence_categories_to_latin(text) == text


def test_a_licence_category_typed_in_cyrillic_classifies_as_in_latin(classifier):
    text = "Междугородние рейсы, полуприцеп."
    cyr = classifier.classify("Водитель кат. С, Е", text, "ru")
    lat = classifier.classify("Водитель кат. C, E", text, "ru")
    assert top(cyr) == top(lat) == "8332"


# --- 3. Latin letters glued to Han characters --------------------------------------------------


def test_latin_glued_to_han_is_a_word_of_its_own():
    assert nm.words(nm.prepare("PLC电气工程师", "zh")[0]) == ["plc", "电气工程师"]
    assert nm.words(nm.prepare("《PLC应用技术》课程", "zh")[0]) == ["plc", "应用技术", "课程"]
    tokens = nm.analyse(nm.prepare("CNC操作工", "zh")[0], "zh")
    assert [t.surface for t in tokens][:1] == ["cnc"]
    # Uzbek apostrophe letters still hold a word together.
    assert nm.words(nm.prepare("oʻqituvchi", "uz")[0]) == ["o\u02bbqituvchi"]


# --- 4. Chinese stop words are words, not characters -------------------------------------------


def test_chinese_stop_words_are_whole_words(classifier):
    listed = set(classifier.tax.stopwords["zh"])
    stop = classifier.index.stopwords
    assert listed <= stop
    singles = {k for k in stop if len(k) == 1 and "\u4e00" <= k <= "\u9fff"}
    # 缺 of 缺口, 员 of 缺员 … are not stop words unless listed on their own.
    assert singles <= listed


# --- 5. stemmer collisions ---------------------------------------------------------------------


def test_an_occupation_keeps_a_key_apart_from_its_subject():
    assert nm.stem("programmer", "en") == nm.stem("programmers", "en")
    assert nm.stem("programmer", "en") != nm.stem("programme", "en")
    assert nm.stem("programme", "en") == nm.stem("programmes", "en")
    assert nm.stem("мехатроник", "ru") == nm.stem("мехатроником", "ru")
    assert nm.stem("мехатроник", "ru") != nm.stem("мехатроника", "ru")
    assert nm.stem("мехатронике", "ru") == nm.stem("мехатроника", "ru")


def test_bare_programmer_and_mechatronics_technician_titles(classifier):
    assert top(classifier.classify("Programmer", "Write and test code.", "en")) == "2512"
    assert top(classifier.classify("Мехатроник", "Обслуживание роботов.", "ru")) == "3115"


# --- segmentation ------------------------------------------------------------------------------


def test_segmentation_strands_no_character_a_lexicon_word_could_cover():
    seg = HanSegmenter({"视觉检测", "检测技术员", "技术员"})
    assert seg("视觉检测技术员") == [(0, 4), (4, 7)]
    seg = HanSegmenter({"纺织", "纺织工", "工业"})
    assert seg("纺织工业") == [(0, 2), (2, 4)]


def test_segmentation_still_prefers_long_words():
    seg = HanSegmenter({"工业", "工业机器人", "机器人运维工程师", "运维工程师"})
    assert seg("工业机器人运维工程师") == [(0, 2), (2, 10)]
    # Characters no word covers stay single.
    assert HanSegmenter({"电工"})("高压电工证") == [(0, 1), (1, 2), (2, 4), (4, 5)]
