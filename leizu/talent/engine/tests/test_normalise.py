from leizu.talent.engine import normalise as nm


def test_apostrophe_variants_normalise_the_same():
    forms = ["o'qituvchi", "o‘qituvchi", "o’qituvchi", "o`qituvchi", "oʻqituvchi", "oʼqituvchi"]
    canonical = {nm.normalise_uzbek_latin(f) for f in forms}
    assert canonical == {"o\u02bbqituvchi"}
    keys = {nm.analyse(nm.prepare(f, "uz")[0], "uz")[0].key for f in forms}
    assert len(keys) == 1


def test_glottal_stop_is_told_apart_from_the_letter_sign():
    assert nm.normalise_uzbek_latin("ma'lumot") == "ma\u02bclumot"
    assert nm.normalise_uzbek_latin("g'isht") == "g\u02bbisht"


def test_uzbek_cyrillic_is_transliterated_to_latin():
    assert nm.uzbek_cyrillic_to_latin("Тикувчи") == "Tikuvchi"
    assert nm.uzbek_cyrillic_to_latin("ўқитувчи") == "o\u02bbqituvchi"
    assert nm.uzbek_cyrillic_to_latin("ғишт") == "g\u02bbisht"
    assert nm.uzbek_cyrillic_to_latin("ер") == "yer"
    assert nm.uzbek_cyrillic_to_latin("ҳайдовчи") == "haydovchi"


def test_language_is_detected_from_letters_and_words():
    assert nm.detect_language("Требуется швея на производство") == "ru"
    assert nm.detect_language("Тігінші қажет, тәжірибесі бар") == "kk"
    assert nm.detect_language("Тикувчи керак, тажрибали ўқитувчи") == "uz"
    assert nm.detect_language("Tikuvchi kerak, tajriba talab qilinadi") == "uz"
    assert nm.detect_language("Sewing machine operator wanted for our factory") == "en"
    assert nm.detect_language("招聘缝纫工") == "zh"


def test_scripts_are_detected():
    assert nm.detect_script("электрик") == "Cyrl"
    assert nm.detect_script("elektrik") == "Latn"
    assert nm.detect_script("电工") == "Han"
    assert nm.detect_script("123 !!") == "Zyyy"


def test_inflected_forms_share_a_key():
    ru = {nm.stem(w, "ru") for w in ("швея", "швеи", "швей")}
    assert len(ru) == 1
    kk = {nm.stem(w, "kk") for w in ("тігінші", "тігіншілер", "тігіншілерге")}
    assert len(kk) == 1
    uz = {nm.stem(w, "uz") for w in ("tikuvchi", "tikuvchilar", "tikuvchilarga")}
    assert len(uz) == 1


def test_final_consonant_alternation_meets_one_key():
    # kk станок / станогы, uz mexanik / mexanigi
    assert nm.stem("станогы", "kk") == nm.stem("станок", "kk")
    assert nm.stem("mexanigi", "uz") == nm.stem("mexanik", "uz")


def test_uzbek_cyrillic_yo_is_not_folded_to_ye():
    text, lang, _ = nm.prepare("ошпаз ёрдамчиси", None)
    assert lang == "uz"
    assert text == "oshpaz yordamchisi"
