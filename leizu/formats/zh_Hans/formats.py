"""Chinese, simplified (zh-hans): CLDR 49. Django's own differ in the short date ("2026年12月31日"
where CLDR has "2026/12/31"), the day and month ("09月5日") and the numbers (no separator, groups
of four, where CLDR has "1,234,567.5")."""

# long date "y年M月d日"
DATE_FORMAT = "Y年n月j日"
# short time "HH:mm"
TIME_FORMAT = "H:i"
# "{1} {0}": the long date, then the short time
DATETIME_FORMAT = "Y年n月j日 H:i"
# yMMMM "y年M月"
YEAR_MONTH_FORMAT = "Y年n月"
# MMMMd "M月d日"
MONTH_DAY_FORMAT = "n月j日"
# short "y/M/d"
SHORT_DATE_FORMAT = "Y/n/j"
# "{1} {0}": the short date, then the short time
SHORT_DATETIME_FORMAT = "Y/n/j H:i"
# Monday (territory CN)
FIRST_DAY_OF_WEEK = 1

# The first one is how a date shows in a text field; Django also accepts ISO 8601 always.
# (%m and %d read "9" as well as "09".)
DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # '2026-12-31'
    "%Y/%m/%d",  # '2026/12/31'
    "%Y年%m月%d日",  # '2026年12月31日'
]
TIME_INPUT_FORMATS = [
    "%H:%M",  # '15:30'
    "%H:%M:%S",  # '15:30:59'
    "%H:%M:%S.%f",  # '15:30:59.000200'
]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M",  # '2026-12-31 15:30'
    "%Y/%m/%d %H:%M",  # '2026/12/31 15:30'
    "%Y年%m月%d日 %H:%M",  # '2026年12月31日 15:30'
    "%Y-%m-%d %H:%M:%S",  # '2026-12-31 15:30:59'
    "%Y/%m/%d %H:%M:%S",  # '2026/12/31 15:30:59'
    "%Y年%m月%d日 %H:%M:%S",  # '2026年12月31日 15:30:59'
    "%Y-%m-%d %H:%M:%S.%f",  # '2026-12-31 15:30:59.000200'
    "%Y/%m/%d %H:%M:%S.%f",  # '2026/12/31 15:30:59.000200'
]

# "#,##0.###": decimal point, groups of three separated by a comma
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
