"""Names as each reader writes them: stored spellings first, a missing script derived."""

import re

import pytest

from leizu.institutions.models import Person


def _person(script: str, family: str, given: str = "", patronymic: str = "", **fields) -> Person:
    return Person(
        name_script=script, family_name=family, given_name=given, patronymic=patronymic, **fields
    )


CHINESE = [
    # (family, given, pinyin, Palladius)
    ("王", "建国", "Wang Jianguo", "Ван Цзяньго"),
    ("张", "晨", "Zhang Chen", "Чжан Чэнь"),
    ("李", "明", "Li Ming", "Ли Мин"),
    ("刘", "洋", "Liu Yang", "Лю Ян"),
    ("周", "恩来", "Zhou Enlai", "Чжоу Эньлай"),
    ("习", "近平", "Xi Jinping", "Си Цзиньпин"),
    ("欧阳", "修", "Ouyang Xiu", "Оуян Сю"),
    ("司马", "迁", "Sima Qian", "Сыма Цянь"),
    ("尉迟", "恭", "Yuchi Gong", "Юйчи Гун"),
    ("王", "西安", "Wang Xi'an", "Ван Сиань"),
    ("黄", "海鸥", "Huang Hai'ou", "Хуан Хайоу"),
    ("李", "长安", "Li Chang'an", "Ли Чанъань"),
    ("吕", "布", "Lü Bu", "Люй Бу"),
    # surnames read otherwise than the everyday character
    ("单", "田芳", "Shan Tianfang", "Шань Тяньфан"),
    ("曾", "国藩", "Zeng Guofan", "Цзэн Гофань"),
    ("解", "缙", "Xie Jin", "Се Цзинь"),
    ("区", "家麟", "Ou Jialin", "Оу Цзялинь"),
    ("仇", "英", "Qiu Ying", "Цю Ин"),
    ("朴", "英", "Piao Ying", "Пяо Ин"),
    ("查", "良镛", "Zha Liangyong", "Чжа Лянъюн"),
    ("翟", "志刚", "Zhai Zhigang", "Чжай Чжиган"),
    ("盖", "文", "Ge Wen", "Гэ Вэнь"),
    ("乐", "毅", "Yue Yi", "Юэ И"),
]


@pytest.mark.parametrize(("family", "given", "pinyin", "palladius"), CHINESE)
def test_a_chinese_name_is_derived_in_pinyin_and_by_palladius_family_name_first(
    family, given, pinyin, palladius
):
    person = _person("Hans", family, given)
    assert person.display_name("zh-hans") == family + given
    assert person.display_name("en") == pinyin
    assert person.display_name("uz") == pinyin
    assert person.display_name("ru") == palladius
    assert person.display_name("kk") == palladius


def test_a_derived_spelling_says_so_and_names_its_system():
    person = _person("Hans", "王", "建国")
    latin = person.name_for("en")
    assert (latin.text, latin.script, latin.derived, latin.system) == (
        "Wang Jianguo",
        "Latn",
        True,
        "pinyin",
    )
    cyrillic = person.name_for("ru")
    assert (cyrillic.text, cyrillic.script, cyrillic.derived, cyrillic.system) == (
        "Ван Цзяньго",
        "Cyrl",
        True,
        "palladius",
    )
    native = person.name_for("zh-hans")
    assert (native.text, native.script, native.derived) == ("王建国", "Hans", False)


CYRILLIC = [
    # (family, given, patronymic, country, English, Uzbek reader)
    ("Мирманова", "Алия", "", "KZ", "Aliia Mirmanova", "Mirmanova Aliia"),
    ("Иванов", "Сергей", "Петрович", "RU", "Sergei Ivanov", "Ivanov Sergei Petrovich"),
    ("Щукина", "Юлия", "", "RU", "Iuliia Shchukina", "Shchukina Iuliia"),
    ("Подъячев", "Артём", "", "RU", "Artem Podieiachev", "Podieiachev Artem"),
    ("Хабибуллин", "Рустэм", "", None, "Rustem Khabibullin", "Khabibullin Rustem"),
    ("Цой", "Виктор", "", "KZ", "Viktor Tsoi", "Tsoi Viktor"),
    (
        "Ержанов",
        "Дәулет",
        "Серікұлы",
        "KZ",
        "Daulet Erzhanov",
        "Erzhanov Daulet Serikuly",
    ),
    (
        "Сейтқалиева",
        "Гүлнар",
        "Асқарқызы",
        None,
        "Gulnar Seitkalieva",
        "Seitkalieva Gulnar Askarkyzy",
    ),
    ("Омаров", "Бауыржан", "Қайратұлы", "KZ", "Bauyrzhan Omarov", "Omarov Bauyrzhan Kairatuly"),
    ("Шаһизада", "Нұрсұлтан", "", "KZ", "Nursultan Shahizada", "Shahizada Nursultan"),
    ("МИРМАНОВА", "АЛИЯ", "", "RU", "Aliia Mirmanova", "Mirmanova Aliia"),
]


@pytest.mark.parametrize(("family", "given", "patronymic", "country", "en", "uz"), CYRILLIC)
def test_a_russian_or_kazakh_cyrillic_name_is_derived_in_passport_latin(
    family, given, patronymic, country, en, uz
):
    person = _person("Cyrl", family, given, patronymic)
    assert person.display_name("en", country=country) == en
    assert person.display_name("uz", country=country) == uz
    assert person.display_name("ru", country=country) == " ".join(
        p for p in (family, given, patronymic) if p
    )


UZBEK = [
    ("Хўжаев", "Сардор", "Бахтиёр ўғли", "Sardor Xoʻjayev", "Xoʻjayev Sardor Baxtiyor oʻgʻli"),
    ("Раҳимова", "Нодира", "Акмал қизи", "Nodira Rahimova", "Rahimova Nodira Akmal qizi"),
    ("Эргашев", "Улуғбек", "", "Ulugʻbek Ergashev", "Ergashev Ulugʻbek"),
    ("Юсупова", "Ёқутхон", "", "Yoqutxon Yusupova", "Yusupova Yoqutxon"),
    ("Қодиров", "Баҳодир", "", "Bahodir Qodirov", "Qodirov Bahodir"),
    ("Маъмурова", "Евгения", "", "Yevgeniya Maʼmurova", "Maʼmurova Yevgeniya"),
    ("Цой", "Лейла", "", "Leyla Soy", "Soy Leyla"),
]


@pytest.mark.parametrize(("family", "given", "patronymic", "en", "uz"), UZBEK)
def test_an_uzbek_cyrillic_name_is_derived_in_the_uzbek_latin_alphabet(
    family, given, patronymic, en, uz
):
    person = _person("Cyrl", family, given, patronymic)
    assert person.display_name("uz", country="UZ") == uz
    assert person.display_name("en", country="UZ") == en
    assert person.name_for("uz", country="UZ").system == "uz_latin"


def test_the_letters_of_a_name_choose_the_system_before_the_country():
    # ў and ҳ are only Uzbek, ә ң ө ұ ү һ і only Kazakh: they decide whatever the country.
    assert _person("Cyrl", "Ҳасанов", "Ўткир").display_name("uz", country="KZ") == (
        "Hasanov Oʻtkir"
    )
    assert _person("Cyrl", "Әлиев", "Нұрлан").display_name("uz", country="UZ") == "Aliev Nurlan"
    # қ and ғ alone, and Russian letters alone, follow the country.
    assert _person("Cyrl", "Қодиров", "Анвар").display_name("uz", country="UZ") == "Qodirov Anvar"
    kasymov = _person("Cyrl", "Қасымов", "Ерлан")
    assert kasymov.display_name("en", country="KZ") == "Erlan Kasymov"
    assert kasymov.display_name("en", country="UZ") == "Yerlan Qasimov"
    assert _person("Cyrl", "Хасанов", "Евгений").display_name("en", country="UZ") == (
        "Yevgeniy Xasanov"
    )
    assert _person("Cyrl", "Хасанов", "Евгений").display_name("en", country="RU") == (
        "Evgenii Khasanov"
    )


def test_a_stored_spelling_always_wins_over_a_derived_one():
    stored_cyrillic = _person(
        "Hans",
        "周",
        "文涛",
        name_variants=[{"script": "Cyrl", "family": "Чжоу", "given": "Вентао"}],
        passport_family_name="ZHOU",
        passport_given_name="WEN-TAO",
    )
    ru = stored_cyrillic.name_for("ru")
    assert (ru.text, ru.derived) == ("Чжоу Вентао", False)
    en = stored_cyrillic.name_for("en")
    assert (en.text, en.derived) == ("Zhou Wen-Tao", False)

    passport_only = _person(
        "Cyrl", "Ержанов", "Дәулет", passport_family_name="YERZHANOV", passport_given_name="DAULET"
    )
    assert passport_only.name_for("en", country="KZ").text == "Daulet Yerzhanov"
    assert not passport_only.name_for("en", country="KZ").derived

    latin_variant = _person(
        "Cyrl",
        "Хўжаев",
        "Сардор",
        "Бахтиёр ўғли",
        name_variants=[
            {"script": "Latn", "family": "Xoʻjayev", "given": "Sardor", "patronymic": ""}
        ],
        passport_family_name="KHOJAYEV",
        passport_given_name="SARDOR",
    )
    # The Latin variant comes before the passport, and both before anything derived.
    assert latin_variant.display_name("uz") == "Xoʻjayev Sardor"
    assert latin_variant.display_name("en") == "Sardor Xoʻjayev"


def test_a_chinese_name_is_never_reversed_in_english():
    variant = _person(
        "Hans",
        "王",
        "建国",
        name_variants=[{"script": "Latn", "family": "Wang", "given": "Jianguo"}],
    )
    assert variant.display_name("en") == "Wang Jianguo"
    passport = _person(
        "Hans", "黄", "建国", passport_family_name="HUANG", passport_given_name="JIANGUO"
    )
    assert passport.display_name("en") == "Huang Jianguo"
    assert passport.display_name("zh-hans") == "黄建国"
    assert _person("Hans", "欧阳", "修").display_name("en") == "Ouyang Xiu"
    # Other names keep the given name first for English readers.
    assert _person("Latn", "Müller", "Anna").display_name("en") == "Anna Müller"


def test_no_cyrillic_is_made_from_latin_and_no_characters_for_a_foreign_name():
    latin = _person("Latn", "Karimova", "Malika", "Rustam qizi")
    ru = latin.name_for("ru")
    assert (ru.text, ru.script, ru.derived) == ("Karimova Malika Rustam qizi", "Latn", False)
    zh = latin.name_for("zh-hans")
    assert (zh.text, zh.script, zh.derived) == ("Malika Karimova", "Latn", False)
    kazakh = _person("Cyrl", "Ержанов", "Дәулет")
    zh = kazakh.name_for("zh-hans", country="KZ")
    assert (zh.text, zh.script, zh.derived) == ("Daulet Erzhanov", "Latn", True)


def test_a_stored_chinese_transcription_of_a_foreign_name_reads_given_dot_family():
    person = _person(
        "Cyrl",
        "Ержанов",
        "Дәулет",
        name_variants=[{"script": "Hans", "family": "叶尔扎诺夫", "given": "达乌列特"}],
    )
    assert person.display_name("zh-hans") == "达乌列特·叶尔扎诺夫"


@pytest.mark.django_db
def test_the_system_follows_the_loaded_institution_without_a_query(
    world, django_assert_num_queries
):
    uz1 = world["institutions"]["uz1"]
    person = Person.objects.create(
        institution=uz1, name_script="Cyrl", family_name="Қодирова", given_name="Малика"
    )
    person = Person.objects.select_related("institution").get(pk=person.pk)
    with django_assert_num_queries(0):
        assert person.display_name("uz") == "Qodirova Malika"
        assert person.display_name("en") == "Malika Qodirova"
    # Without the institution loaded, nothing is fetched: қ alone reads as Kazakh.
    person = Person.objects.get(pk=person.pk)
    with django_assert_num_queries(0):
        assert person.display_name("uz") == "Kodirova Malika"
        assert person.display_name("uz", country="UZ") == "Qodirova Malika"


def _row(body: str, language: str) -> str:
    match = re.search(rf'<tr><td lang="{language}">.*?</tr>', body, re.S)
    assert match, language
    return match.group(0)


def test_the_person_page_shows_each_readers_spelling_and_marks_the_derived_ones(coordinator, world):
    host = world["institutions"]["host"]
    zhou = Person.objects.get(institution=host, family_name="周", given_name="文涛")
    response = coordinator.get(f"/institutions/people/{zhou.pk}/edit/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    body = response.content.decode()
    assert "How readers of each language see the name" in body
    assert "周文涛" in _row(body, "zh-hans") and "derived" not in _row(body, "zh-hans")
    # The passport spelling is stored: English readers get it, family name first.
    assert "Zhou Wentao" in _row(body, "en") and "derived" not in _row(body, "en")
    # No Cyrillic is stored: Russian readers get Palladius, marked as derived.
    ru = _row(body, "ru")
    assert "Чжоу Вэньтао" in ru and "derived automatically" in ru and "Palladius" in ru


def test_the_person_page_of_a_fully_spelled_person_marks_nothing(clients, world):
    kz1 = world["institutions"]["kz1"]
    person = Person.objects.get(institution=kz1, family_name="Ержанов")
    response = clients["partner_a"].get(
        f"/institutions/people/{person.pk}/edit/", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ержанов Дәулет Серікұлы" in _row(body, "ru")
    assert "Daulet Yerzhanov" in _row(body, "en")
    assert "derived automatically" not in body
