"""Dates and times in the active language's own way of writing them (issue 18), through Babel's
CLDR data: "Tuesday, December 8, 2026" / "2026년 12월 8일 화요일" / "martes, 8 de diciembre de 2026".
Django's `date` filter translates the names but keeps an English order; these keep the locale's."""

from __future__ import annotations

from datetime import date, datetime
from functools import cache

from babel import Locale
from babel.dates import format_date, format_skeleton
from django.utils import translation


@cache
def _locale(language: str) -> Locale:
    return Locale.parse(translation.to_locale(language))


def active_locale() -> Locale:
    """Babel's locale for the active language (English when none is active: a worker, a command)."""
    return _locale(translation.get_language() or "en")


def long_date(value: date | datetime) -> str:
    """The day, with its weekday and the month in words: "Tuesday, December 8, 2026"."""
    return format_date(value, "full", locale=active_locale())


def time_of_day(value: datetime) -> str:
    """Hours and minutes on the 24-hour clock, as the locale writes them: "10:00"."""
    return format_skeleton("Hm", value, locale=active_locale())


def weekday_and_time(value: datetime) -> str:
    """The short weekday and the time, for a time on another day than the one shown: "Tue 01:00"."""
    return format_skeleton("EHm", value, locale=active_locale())


def day_month_year(value: date | datetime) -> str:
    """The day in words without its weekday: "December 8, 2026" / "2026년 12월 8일"."""
    return format_date(value, "long", locale=active_locale())


def short_date(value: date | datetime) -> str:
    """The day with its short weekday and month: "Tue, Dec 8, 2026" / "2026년 12월 8일 (화)"."""
    return format_skeleton("yMMMEd", value, locale=active_locale())
