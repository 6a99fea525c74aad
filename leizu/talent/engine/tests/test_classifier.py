import json

import pytest

from leizu.talent.engine import Classifier, load_taxonomy


def top(result):
    return result["occupations"][0]["isco08"] if result["occupations"] else None


def test_results_are_deterministic(classifier):
    post = ("Оператор швейного оборудования", "Пошив спецодежды на швейной фабрике.", None)
    first = json.dumps(classifier.classify(*post), sort_keys=True)
    for _ in range(3):
        assert json.dumps(classifier.classify(*post), sort_keys=True) == first


def test_uzbek_cyrillic_and_latin_get_the_same_occupation(classifier):
    cyr = classifier.classify("Тикувчи", "Тикув фабрикасига тажрибали тикувчилар керак.", None)
    lat = classifier.classify("Tikuvchi", "Tikuv fabrikasiga tajribali tikuvchilar kerak.", None)
    assert cyr["lang"] == lat["lang"] == "uz"
    assert top(cyr) == top(lat) == "8153"
    assert cyr["occupations"] == lat["occupations"]


# The same postings in Kazakh Cyrillic and in the 2021 Latin alphabet, letter for letter.
KAZAKH_BOTH_SCRIPTS = [
    (
        ("Тігінші", "Тігін фабрикасына тігіншілер қажет, жалақы жоғары."),
        ("Tıgınşı", "Tıgın fabrikasyna tıgınşıler qajet, jalaqy joğary."),
    ),
    (
        ("Тоқыма станоктарының операторы", "Тоқыма кәсіпорнына станок операторлары қажет."),
        ("Toqyma stanoktarynyñ operatory", "Toqyma käsıpornyna stanok operatorlary qajet."),
    ),
    (
        ("Дәнекерлеуші", "Металл құрастыру зауытына тәжірибелі дәнекерлеушілер қажет."),
        ("Dänekerleuşı", "Metall qūrastyru zauytyna täjıribelı dänekerleuşıler qajet."),
    ),
]


@pytest.mark.parametrize("cyrillic,latin", KAZAKH_BOTH_SCRIPTS)
def test_kazakh_latin_and_cyrillic_classify_the_same(classifier, cyrillic, latin):
    cyr = classifier.classify(*cyrillic, None)
    lat = classifier.classify(*latin, None)
    assert cyr["lang"] == lat["lang"] == "kk"
    assert cyr["occupations"] and cyr["occupations"] == lat["occupations"]
    assert cyr["fields"] == lat["fields"]


def test_kazakh_in_older_latin_forms_is_read_as_kazakh(classifier):
    cyr = classifier.classify("Дәнекерлеуші", "Зауытқа дәнекерлеушілер қажет.", None)
    for title, text in [
        ("Da'nekerleus'i", "Zauytqa da'nekerleus'iler qajet."),  # 2017, apostrophes
        ("Dánekerleýshi", "Zaýytqa dánekerleýshiler qajet."),  # 2018, acute accents
    ]:
        lat = classifier.classify(title, text, None)
        assert lat["lang"] == "kk"
        assert top(lat) == top(cyr) == "7212"


def test_apostrophe_variants_classify_the_same(classifier):
    results = [classifier.classify(f"To{a}quv dastgohlarini sozlovchi", "", "uz") for a in "'‘’`ʻ"]
    assert all(r["occupations"] == results[0]["occupations"] for r in results)
    assert top(results[0]) == "7233"


@pytest.mark.parametrize(
    "title,text",
    [
        ("xqzv plorkt", "wubba lubba zorp fnargle"),
        ("Ывапролд", "Фывапро ждлорпа кенгшщ"),
        ("", ""),
    ],
)
def test_gibberish_gets_a_low_score(classifier, title, text):
    res = classifier.classify(title, text, None)
    best = res["occupations"][0]["score"] if res["occupations"] else 0.0
    assert best < 0.3


def test_evidence_names_the_matched_label(classifier):
    res = classifier.classify("Помощник мастера ткацкого цеха", "Наладка ткацких станков.", "ru")
    assert top(res) == "7233"
    first = res["evidence"][0]
    assert first["isco08"] == "7233"
    assert first["stage"] == "exact"
    assert first["where"] == "title"
    assert first["label"].lower().startswith("помощник мастера")
    assert "помощник мастера" in first["words"].lower()


def test_output_is_ranked_capped_and_bounded(classifier):
    res = classifier.classify("Инженер", "Инженер на завод, электрик, механик, технолог", "ru")
    for key in ("occupations", "fields"):
        scores = [x["score"] for x in res[key]]
        assert len(scores) <= 5
        assert scores == sorted(scores, reverse=True)
        assert all(0.0 <= s <= 1.0 for s in scores)


def test_labelling_conventions(classifier):
    def check(title, lang, code, field):
        res = classifier.classify(title, "", lang)
        assert top(res) == code, (title, res["occupations"])
        assert res["fields"][0]["isced_f"] == field, (title, res["fields"])

    check("Loom fixer", "en", "7233", "0715")
    check("Механик швейного оборудования", "ru", "7233", "0715")
    check("Industrial robot operator", "en", "3139", "0714")
    check("Инженер АСУ ТП", "ru", "2152", "0714")
    check("Колорист", "ru", "3119", "0711")
    check("Менеджер по продажам тканей", "ru", "3322", "0416")


def test_users_can_add_aliases_and_skills():
    tax = load_taxonomy(
        extra_aliases=[{"isco08": "8152", "text": "жаккардщица", "lang": "ru"}],
        extra_skills=[
            {
                "id": "jacquard-cards",
                "labels": {"ru": ["перфокарты"]},
                "isced_f": ["0723"],
                "occupations": {"8152": 1.0},
            }
        ],
    )
    clf = Classifier(tax)
    res = clf.classify("Жаккардщица", "Работа с перфокартами", "ru")
    assert top(res) == "8152"
    assert any(s["skill"] == "jacquard-cards" for s in res["skills"])


def test_unknown_unit_group_in_user_alias_is_refused():
    with pytest.raises(ValueError):
        load_taxonomy(extra_aliases=[{"isco08": "9999", "text": "x"}])


def test_short_chinese_alias_does_not_match_inside_a_longer_word(classifier):
    # 电工 (electrician) lies inside 机电工程师 (mechatronics engineer)
    res = classifier.classify("机电工程师", "", "zh")
    assert top(res) != "7411"
    res = classifier.classify("工业机器人运维工程师", "", "zh")
    assert top(res) == "3115"


def test_alias_words_in_another_order_still_match(classifier):
    res = classifier.classify("КИПиА слесарь", "", "ru")
    assert top(res) == "7421"
    res = classifier.classify("Наладчик оборудования ткацкого", "", "ru")
    assert top(res) == "7233"
    assert any(e["stage"] == "bag" for e in res["evidence"])


def test_a_bare_role_word_as_title_leaves_the_decision_to_the_text(classifier):
    alone = classifier.classify("Оператор", "", "ru")
    assert alone["occupations"][0]["score"] < 0.5
    sewing = classifier.classify("Оператор", "Работа на швейных машинах, пошив одежды", "ru")
    assert top(sewing) == "8153"
    plc = classifier.classify("Инженер", "Программирование ПЛК Siemens, АСУ ТП", "ru")
    assert top(plc) == "2152"
