import pytest
from django.utils import translation

from leizu.core.multilingual import Multilingual, MultilingualFormField, clean_multilingual


def test_it_reads_the_active_language():
    text = Multilingual({"en": "Textile College", "zh-hans": "纺织学院"})
    with translation.override("zh-hans"):
        assert str(text) == "纺织学院"
    with translation.override("en"):
        assert str(text) == "Textile College"


def test_kazakh_and_uzbek_readers_fall_back_to_russian_before_english():
    text = Multilingual({"en": "Apparel School", "ru": "Школа одежды"})
    with translation.override("kk"):
        assert str(text) == "Школа одежды"
    with translation.override("uz"):
        assert str(text) == "Школа одежды"


def test_it_falls_back_to_any_language_rather_than_nothing():
    assert Multilingual({"kk": "Колледж"}).localize("zh-hans") == "Колледж"
    assert Multilingual().localize("en") == ""


def test_unknown_languages_are_refused():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        clean_multilingual({"de": "Hochschule"})


def test_the_form_field_has_one_input_per_language_and_can_require_one():
    field = MultilingualFormField(required=True)
    html = field.widget.render("name", {"ru": "Колледж"})
    for code in ("zh-hans", "en", "ru", "kk", "uz"):
        assert f'lang="{code}"' in html
    assert 'value="Колледж"' in html
    assert field.clean(["", "College", "", "", ""]) == {"en": "College"}
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        field.clean(["", "", "", "", ""])
