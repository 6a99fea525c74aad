"""Uzbek (uz, Latin script): CLDR 49. Django's own differ in the dates ("31-Dekabr, 2026-yil"
where CLDR has "31-dekabr, 2026"; "31.12.2026" where CLDR has "31/12/2026") and the time (hours
without a leading zero). Typed dates are read with dots as well as slashes."""

# long date "d-MMMM, y"
DATE_FORMAT = "j-E, Y"
# short time "HH:mm"
TIME_FORMAT = "H:i"
# "{1}, {0}": the long date, then the short time
DATETIME_FORMAT = "j-E, Y, H:i"
# yMMMM "MMMM, y"
YEAR_MONTH_FORMAT = "E, Y"
# MMMMd "d-MMMM"
MONTH_DAY_FORMAT = "j-E"
# yMd "dd/MM/y" (the short pattern "dd/MM/yy" with the full year)
SHORT_DATE_FORMAT = "d/m/Y"
# "{1}, {0}": the short date, then the short time
SHORT_DATETIME_FORMAT = "d/m/Y, H:i"
# Monday (territory UZ)
FIRST_DAY_OF_WEEK = 1

# The first one is how a date shows in a text field; Django also accepts ISO 8601 always.
DATE_INPUT_FORMATS = [
    "%d.%m.%Y",  # '31.12.2026', the usual way of writing a date in Uzbekistan
    "%d/%m/%Y",  # '31/12/2026', as CLDR shows it
    "%d.%m.%y",  # '31.12.26'
    "%d/%m/%y",  # '31/12/26'
]
TIME_INPUT_FORMATS = [
    "%H:%M",  # '15:30'
    "%H:%M:%S",  # '15:30:59'
    "%H:%M:%S.%f",  # '15:30:59.000200'
]
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H:%M",  # '31.12.2026 15:30'
    "%d.%m.%Y %H:%M:%S",  # '31.12.2026 15:30:59'
    "%d.%m.%Y %H:%M:%S.%f",  # '31.12.2026 15:30:59.000200'
    "%d/%m/%Y %H:%M",  # '31/12/2026 15:30'
    "%d/%m/%Y, %H:%M",  # '31/12/2026, 15:30', as the short format shows it
    "%d/%m/%Y %H:%M:%S",  # '31/12/2026 15:30:59'
    "%d/%m/%Y, %H:%M:%S",  # '31/12/2026, 15:30:59'
]

# "#,##0.###": decimal comma, groups of three separated by a no-break space
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\N{NO-BREAK SPACE}"
NUMBER_GROUPING = 3
