"""The month names inside a date ("14 October"), Django's "alt. month" translations, given
here as CLDR's format forms: Django's own are capitalised in Kazakh and Uzbek ("14 Қазан",
"14-Oktabr") where CLDR writes "14 қазан" and "14-oktabr". The project's catalogues are read
before Django's, so these translations win; tests/test_locale_formats.py compares the dates
with CLDR's, case included. Nothing imports this module: it is here for makemessages."""

from django.utils.translation import pgettext_lazy

MONTHS_IN_A_DATE = [
    pgettext_lazy("alt. month", "January"),
    pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"),
    pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"),
    pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"),
    pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"),
    pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"),
    pgettext_lazy("alt. month", "December"),
]
