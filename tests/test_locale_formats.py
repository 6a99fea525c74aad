"""Dates, times and numbers in every interface language are CLDR's (through Babel), rendered by
Django's own formatting; English keeps Django's formats.

Django's dates come from the project's format modules (leizu/formats/<locale>/formats.py); the
expected strings are Babel's, from CLDR's patterns. The comparisons are of literal strings,
no-break spaces included.
"""

import datetime
import re
from importlib import import_module

import pytest
from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers
from babel.core import get_global
from django import forms
from django.conf import settings
from django.conf.locale.en import formats as django_en
from django.template import Context, Template
from django.utils import formats, translation
from django.utils.translation import to_locale

from leizu.visits import selectors as visit_selectors

NON_ENGLISH = [code for code, _name in settings.LANGUAGES if code != "en"]
A_DATE = datetime.date(2026, 12, 31)
EARLY_DATE = datetime.date(2027, 1, 5)  # one-digit day and month: shows the padding
AFTERNOON = datetime.datetime(2027, 1, 5, 15, 30, tzinfo=datetime.UTC)
A_NUMBER = 1234567.5
DISPLAY_FORMATS = [
    "DATE_FORMAT",
    "SHORT_DATE_FORMAT",
    "DATETIME_FORMAT",
    "SHORT_DATETIME_FORMAT",
    "TIME_FORMAT",
    "MONTH_DAY_FORMAT",
    "YEAR_MONTH_FORMAT",
    "DECIMAL_SEPARATOR",
    "THOUSAND_SEPARATOR",
    "NUMBER_GROUPING",
    "FIRST_DAY_OF_WEEK",
]
INPUT_FORMATS = ["DATE_INPUT_FORMATS", "TIME_INPUT_FORMATS", "DATETIME_INPUT_FORMATS"]


def _cldr(language: str) -> Locale:
    """The CLDR locale of a UI language, with its likely territory (for the first day of week)."""
    return Locale.parse(get_global("likely_subtags").get(to_locale(language), to_locale(language)))


def _full_year(pattern: str) -> str:
    """A CLDR pattern with a two-digit year ("yy") widened to the full year ("y")."""
    return re.sub(r"(?<!y)yy(?!y)", "y", pattern)


def _cldr_short_date(locale: Locale) -> str:
    return _full_year(babel_dates.get_date_format("short", locale=locale).pattern)


def _cldr_datetime(width: str, date_pattern: str, locale: Locale) -> str:
    """CLDR's date-time pattern of that width around a date pattern and the short time."""
    time_pattern = babel_dates.get_time_format("short", locale=locale).pattern
    glue = babel_dates.get_datetime_format(width, locale=locale)
    return glue.replace("{1}", date_pattern).replace("{0}", time_pattern)


@pytest.mark.parametrize("language", NON_ENGLISH)
def test_every_non_english_language_has_its_own_complete_format_module(language):
    module = import_module(f"leizu.formats.{to_locale(language)}.formats")
    names = DISPLAY_FORMATS + INPUT_FORMATS
    assert [name for name in names if not hasattr(module, name)] == []


@pytest.mark.parametrize("language", NON_ENGLISH)
def test_the_short_date_is_cldrs_numeric_date_with_the_full_year(language):
    locale = _cldr(language)
    pattern = _cldr_short_date(locale)
    assert pattern == str(locale.datetime_skeletons["yMd"])
    with translation.override(language):
        for day in (A_DATE, EARLY_DATE):
            assert formats.date_format(day, "SHORT_DATE_FORMAT") == babel_dates.format_date(
                day, pattern, locale=locale
            )


@pytest.mark.parametrize("language", NON_ENGLISH)
def test_date_and_time_are_cldrs_with_a_24_hour_clock(language):
    locale = _cldr(language)
    short = _cldr_datetime("short", _cldr_short_date(locale), locale)
    pm = babel_dates.format_time(AFTERNOON.time(), "a", locale=locale)
    with translation.override(language):
        shown = formats.date_format(AFTERNOON, "SHORT_DATETIME_FORMAT")
        time = formats.time_format(AFTERNOON.time())
        long = formats.date_format(AFTERNOON, "DATETIME_FORMAT")
    assert shown == babel_dates.format_datetime(AFTERNOON, short, locale=locale)
    assert time == babel_dates.format_time(AFTERNOON.time(), "short", locale=locale) == "15:30"
    assert "15:30" in long
    assert pm not in shown + time + long


@pytest.mark.parametrize("language", NON_ENGLISH)
def test_long_dates_and_their_month_names_are_cldrs(language):
    """The long dates are CLDR's, month names and their case included: a month inside a date is
    the project's "alt. month" translation, CLDR's format-context name ("31 желтоқсан",
    "31-dekabr", "31 декабря"; leizu/formats/months.py).

    One exception: the Russian YEAR_MONTH_FORMAT shows the stand-alone month, which is Django's
    plain month name, capitalised ("Декабрь 2026 г."), where CLDR writes "декабрь 2026 г.". The
    project does not override Django's plain month names, so that one value is compared without
    regard to case."""
    locale = _cldr(language)
    long_date = babel_dates.get_date_format("long", locale=locale).pattern
    skeletons = locale.datetime_skeletons
    expected = {
        "DATE_FORMAT": babel_dates.format_date(A_DATE, long_date, locale=locale),
        "MONTH_DAY_FORMAT": babel_dates.format_date(A_DATE, skeletons["MMMMd"], locale=locale),
        "YEAR_MONTH_FORMAT": babel_dates.format_date(A_DATE, skeletons["yMMMM"], locale=locale),
        "DATETIME_FORMAT": babel_dates.format_datetime(
            AFTERNOON, _cldr_datetime("long", long_date, locale), locale=locale
        ),
    }
    with translation.override(language):
        shown = {
            name: formats.date_format(AFTERNOON if "TIME" in name else A_DATE, name)
            for name in expected
        }
    if language == "ru":
        assert shown.pop("YEAR_MONTH_FORMAT").casefold() == (
            expected.pop("YEAR_MONTH_FORMAT").casefold()
        )
    assert shown == expected


@pytest.mark.parametrize("language", NON_ENGLISH)
def test_numbers_use_cldrs_decimal_and_group_symbols(language):
    locale = _cldr(language)
    expected = babel_numbers.format_decimal(A_NUMBER, locale=locale)
    with translation.override(language):
        assert formats.get_format("DECIMAL_SEPARATOR") == babel_numbers.get_decimal_symbol(locale)
        assert formats.get_format("THOUSAND_SEPARATOR") == babel_numbers.get_group_symbol(locale)
        assert formats.number_format(A_NUMBER, force_grouping=True) == expected
        assert Template('{{ n|floatformat:"1g" }}').render(Context({"n": A_NUMBER})) == expected


@pytest.mark.parametrize("language", NON_ENGLISH)
def test_the_week_starts_on_cldrs_first_day(language):
    # Babel counts from Monday = 0, Django from Sunday = 0.
    with translation.override(language):
        assert formats.get_format("FIRST_DAY_OF_WEEK") == (_cldr(language).first_week_day + 1) % 7


@pytest.mark.parametrize(
    ("language", "short_date", "short_datetime", "number"),
    [
        ("kk", "31.12.2026", "05.01.2027, 15:30", "1\xa0234\xa0567,5"),
        ("ru", "31.12.2026", "05.01.2027, 15:30", "1\xa0234\xa0567,5"),
        ("uz", "31/12/2026", "05/01/2027, 15:30", "1\xa0234\xa0567,5"),
        ("zh-hans", "2026/12/31", "2027/1/5 15:30", "1,234,567.5"),
        ("en", "12/31/2026", "01/05/2027 3:30 p.m.", "1,234,567.5"),
    ],
)
def test_what_each_language_shows(language, short_date, short_datetime, number):
    with translation.override(language):
        assert formats.date_format(A_DATE, "SHORT_DATE_FORMAT") == short_date
        assert formats.date_format(AFTERNOON, "SHORT_DATETIME_FORMAT") == short_datetime
        assert formats.number_format(A_NUMBER, force_grouping=True) == number


def test_english_keeps_djangos_formats():
    with translation.override("en"):
        assert {name: formats.get_format(name) for name in DISPLAY_FORMATS} == {
            name: getattr(django_en, name) for name in DISPLAY_FORMATS
        }


@pytest.mark.parametrize(
    ("language", "typed"),
    [
        ("kk", ["31.12.2026", "31.12.26"]),
        ("ru", ["31.12.2026", "31.12.26"]),
        ("uz", ["31.12.2026", "31/12/2026"]),
        ("zh-hans", ["2026-12-31", "2026/12/31", "2026年12月31日"]),
    ],
)
def test_dates_are_read_as_people_type_them_and_as_they_are_shown(language, typed):
    with translation.override(language):
        shown = formats.date_format(A_DATE, "SHORT_DATE_FORMAT")
        for text in [*typed, shown]:
            assert forms.DateField().clean(text) == A_DATE, text
        shown_at = formats.date_format(AFTERNOON, "SHORT_DATETIME_FORMAT")
        read = forms.DateTimeField().clean(shown_at)
        assert read.replace(tzinfo=None) == AFTERNOON.replace(tzinfo=None)
        assert forms.TimeField().clean("15:30") == AFTERNOON.time()


def test_the_visit_list_shows_dates_in_kazakh_as_day_month_year(coordinator, actors):
    visits = list(visit_selectors.visit_list(actor=actors["coordinator"]))
    assert visits
    coordinator.cookies[settings.LANGUAGE_COOKIE_NAME] = "kk"
    response = coordinator.get("/visits/")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "kk"
    html = response.content.decode()
    for visit in visits:
        assert f"{visit.start_date:%d.%m.%Y}" in html
        assert f"{visit.start_date:%m/%d/%Y}" not in html
