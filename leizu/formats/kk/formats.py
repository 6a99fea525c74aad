"""Kazakh (kk): CLDR 49. Django ships no format module for kk."""

# long date "y ж. d MMMM", a narrow no-break space after the year
DATE_FORMAT = "Y\N{NARROW NO-BREAK SPACE}ж. j E"
# short time "HH:mm"
TIME_FORMAT = "H:i"
# "{1}, {0}": the long date, then the short time
DATETIME_FORMAT = "Y\N{NARROW NO-BREAK SPACE}ж. j E, H:i"
# yMMMM "y ж. MMMM"
YEAR_MONTH_FORMAT = "Y\N{NARROW NO-BREAK SPACE}ж. E"
# MMMMd "d MMMM"
MONTH_DAY_FORMAT = "j E"
# yMd "dd.MM.y" (the short pattern "dd.MM.yy" with the full year)
SHORT_DATE_FORMAT = "d.m.Y"
# "{1}, {0}": the short date, then the short time
SHORT_DATETIME_FORMAT = "d.m.Y, H:i"
# Monday (territory KZ)
FIRST_DAY_OF_WEEK = 1

# The first one is how a date shows in a text field; Django also accepts ISO 8601 always.
DATE_INPUT_FORMATS = [
    "%d.%m.%Y",  # '31.12.2026'
    "%d.%m.%y",  # '31.12.26'
]
TIME_INPUT_FORMATS = [
    "%H:%M",  # '15:30'
    "%H:%M:%S",  # '15:30:59'
    "%H:%M:%S.%f",  # '15:30:59.000200'
]
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M",  # '31.12.2026 15:30'
    "%d.%m.%Y, %H:%M",  # '31.12.2026, 15:30', as the short format shows it
    "%d.%m.%Y %H:%M:%S",  # '31.12.2026 15:30:59'
    "%d.%m.%Y, %H:%M:%S",  # '31.12.2026, 15:30:59'
    "%d.%m.%Y %H:%M:%S.%f",  # '31.12.2026 15:30:59.000200'
    "%d.%m.%y %H:%M",  # '31.12.26 15:30'
]

# "#,##0.###": decimal comma, groups of three separated by a no-break space
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\N{NO-BREAK SPACE}"
NUMBER_GROUPING = 3
