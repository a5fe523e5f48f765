"""Meeting times in the active language's own way of writing them (issue 18): the day with its
weekday, the 24-hour time, a span of a start and an end, each in a named time zone, through Babel's
CLDR data. The one place e-mails, notifications, change lines, form choices and slot labels format a
date, so they all read alike:

    en  Tuesday, December 8, 2026, 10:00 - 10:30 (Europe/Berlin)
    ko  2026년 12월 8일 화요일 10:00 ~ 10:30 (Europe/Berlin)
    es  martes, 8 de diciembre de 2026, 10:00-10:30 (Europe/Berlin)
    ar  الثلاثاء، 8 ديسمبر 2026، 10:00-10:30 (Europe/Berlin)

and, short (no year: form choices, slot labels, the scheduler's explanations):

    en  Tue, Dec 8, 10:00 - 10:30      ko  12월 8일 (화) 10:00 ~ 10:30      es  mar, 8 dic, 10:00-10:30

`strftime` would always write English names in an English order; Django's `date` filter translates
the names but keeps the order of the format string it is given (and its catalogues miss some short
weekdays, e.g. Korean). Babel knows each language's order, its short forms and how it joins a day
to a time ("{1}, {0}" in English, "{1} {0}" in Korean, "{1}، {0}" in Arabic). Between two times
stands the language's own interval mark (an en dash, thin-spaced in English; "~" in Korean; shown
here as "-"). Machine formats (ISO values, CSV data, datetime-local inputs, .ics, logs) stay as
they are and do not come here.

Pure: the language is the active one (English when none is, as in a worker outside an override)."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, date, datetime, time
from functools import cache

from babel import Locale
from babel.dates import format_date, format_interval, format_skeleton
from django.utils import translation


@cache
def _locale(language: str) -> Locale:
    try:
        return Locale.parse(translation.to_locale(language))
    except (ValueError, LookupError):  # a language Babel does not know: English rather than a 500
        return Locale.parse("en")


def active_locale() -> Locale:
    """Babel's locale for the active language (English when none is active: a worker, a command)."""
    return _locale(translation.get_language() or "en")


def _in_zone(value: datetime, time_zone: str | None) -> datetime:
    return value.astimezone(zoneinfo.ZoneInfo(time_zone)) if time_zone else value


def _joined(day: str, time: str, *, short: bool) -> str:
    """The day and the time joined as the language joins them ("{1}, {0}" / "{1} {0}" / "{1}، {0}")."""
    glue = str(active_locale().datetime_formats["short" if short else "full"])
    return glue.replace("{1}", day).replace("{0}", time)


def local_day(value: date | datetime, *, time_zone: str | None = None) -> str:
    """The day with its weekday and the month in words: "Tuesday, December 8, 2026" /
    "2026년 12월 8일 화요일" / "martes, 8 de diciembre de 2026"."""
    day = _in_zone(value, time_zone) if isinstance(value, datetime) else value
    return format_date(day, "full", locale=active_locale())


def local_short_day(value: date | datetime, *, time_zone: str | None = None) -> str:
    """The day with its short weekday and month, no year: "Tue, Dec 8" / "12월 8일 (화)" / "mar, 8 dic"."""
    day = _in_zone(value, time_zone) if isinstance(value, datetime) else value
    return format_skeleton("MMMEd", day, locale=active_locale())


def local_time(value: datetime | time, *, time_zone: str | None = None) -> str:
    """Hours and minutes on the 24-hour clock, as the language writes them: "10:00" ("9:00" in
    Spanish); a `time` of day as it is."""
    if isinstance(value, time):
        return format_skeleton("Hm", value, locale=active_locale())
    moment = _in_zone(value, time_zone)
    return format_skeleton("Hm", moment, tzinfo=moment.tzinfo, locale=active_locale())


def local_moment(value: datetime, *, time_zone: str | None = None, short: bool = False) -> str:
    """The day and the time: "Tuesday, December 8, 2026, 10:00"; `short`: "Tue, Dec 8, 10:00"."""
    moment = _in_zone(value, time_zone)
    day = local_short_day(moment) if short else local_day(moment)
    return _joined(day, local_time(moment), short=short)


def local_weekday_time(value: datetime, *, time_zone: str | None = None) -> str:
    """The short weekday and the time, for a time on another day than the one shown: "Tue 01:00"."""
    moment = _in_zone(value, time_zone)
    return format_skeleton("EHm", moment, tzinfo=moment.tzinfo, locale=active_locale())


def local_date_long(value: date | datetime) -> str:
    """The day in words without its weekday: "December 8, 2026" / "2026년 12월 8일"."""
    return format_date(value, "long", locale=active_locale())


def local_date_short(value: date | datetime) -> str:
    """The day with its short weekday and month: "Tue, Dec 8, 2026" / "2026년 12월 8일 (화)"."""
    return format_skeleton("yMMMEd", value, locale=active_locale())


def local_date_medium(value: date | datetime) -> str:
    """The day with its short month, no weekday (a table's column): "Dec 8, 2026" / "2026년 12월 8일" /
    "8 dic 2026"."""
    return format_skeleton("yMMMd", value, locale=active_locale())


def local_month(value: date | datetime) -> str:
    """A month of a year (a plan's span): "Dec 2026" / "2026년 12월" / "dic 2026"."""
    return format_skeleton("yMMM", value, locale=active_locale())


def local_dated_moment(value: datetime, *, time_zone: str | None = None) -> str:
    """The day with its short weekday and year, and the time, joined as the language joins them:
    "Tue, Dec 8, 2026, 10:00" / "2026년 12월 8일 (화) 10:00" / "mar, 8 dic 2026, 10:00"."""
    moment = _in_zone(value, time_zone)
    return _joined(local_date_short(moment), local_time(moment), short=True)


def local_hours(start: time, end: time) -> str:
    """Two times of day (a weekly opening), as the language joins them: "09:00 - 17:00" /
    "09:00 ~ 17:00" / "9:00-17:00"."""
    day = date(2000, 1, 3)  # any day: only the times are written
    return format_interval(
        datetime.combine(day, start, tzinfo=UTC),
        datetime.combine(day, end, tzinfo=UTC),
        "Hm",
        tzinfo=UTC,
        locale=active_locale(),
    )


def local_timestamp(value: datetime, *, time_zone: str | None = None, seconds: bool = False) -> str:
    """When something was recorded, with its year and no weekday: "Mar 1, 2026, 21:00" /
    "2026년 3월 1일 21:00" / "1 mar 2026, 21:00" (audit trails, histories); `seconds` adds them
    ("21:00:07"), for a log where two entries may share a minute."""
    moment = _in_zone(value, time_zone)
    day = format_skeleton("yMMMd", moment, tzinfo=moment.tzinfo, locale=active_locale())
    clock = (
        format_skeleton("Hms", moment, tzinfo=moment.tzinfo, locale=active_locale())
        if seconds
        else local_time(moment)
    )
    return _joined(day, clock, short=False)


def local_time_span(
    start: datetime, end: datetime, time_zone: str, *, short: bool = False, name_zone: bool = True
) -> str:
    """The start's day and both times in `time_zone`, the zone named in parentheses:
    "Tuesday, December 8, 2026, 10:00 - 10:30 (Europe/Berlin)"; `short` drops the year and
    abbreviates: "Tue, Dec 8, 10:00 - 10:30 (Europe/Berlin)"; without `name_zone` (a list whose
    page names the zone once) the parentheses go."""
    zone = zoneinfo.ZoneInfo(time_zone)
    local_start, local_end = start.astimezone(zone), end.astimezone(zone)
    day = local_short_day(local_start) if short else local_day(local_start)
    times = format_interval(local_start, local_end, "Hm", tzinfo=zone, locale=active_locale())
    joined = _joined(day, times, short=short)
    return f"{joined} ({time_zone})" if name_zone else joined
