"""Date, time and number formats of the interface languages, as CLDR gives them.

Django reads these modules first (``FORMAT_MODULE_PATH``) and its own after them. There is a
module for every interface language whose Django formats disagree with CLDR (Kazakh has none in
Django, so it fell back to US dates and a 12-hour clock); English keeps Django's. Each value was
derived from CLDR 49 through Babel 2.19 and is written in Django's syntax beside the CLDR pattern
it comes from; tests/test_locale_formats.py renders both and compares them.

Two choices hold for every language:
- SHORT_DATE_FORMAT is CLDR's numeric date with the full year (its ``yMd`` skeleton), as Django's
  own short formats are: CLDR's short pattern has a two-digit year in some languages (kk
  ``dd.MM.yy``), which is ambiguous in records that span decades.
- A CLDR month in a date (``MMMM``) is Django's ``E``, the month as it stands in a date; a
  stand-alone month (``LLLL``) is Django's ``F``. The names come from Django's translations.
"""
