"""Dates and times in the reader's locale for templates (issue 18), where an explicit `date` format
("D j M Y, H:i") would keep the English order with translated names ("화 8 12월 2026"). Each filter
replaces one of the `date` formats the templates used:

    {% load locale_dates %}
    {{ meeting.start|local_datetime }}   Tue, Dec 8, 2026, 10:00 / 2026년 12월 8일 (화) 10:00   D j M Y, H:i
    {{ slot.start|short_datetime }}      Tue, Dec 8, 10:00       / 12월 8일 (화) 10:00          D j M H:i
    {{ meeting.start|local_date }}       Tue, Dec 8, 2026        / 2026년 12월 8일 (화)         D j M Y
    {{ first_day|short_date }}           Tue, Dec 8              / 12월 8일 (화)                D j M
    {{ need.created_at|long_date }}      December 8, 2026        / 2026년 12월 8일              j F Y
    {{ case.published_at|medium_date }}  Dec 8, 2026             / 2026년 12월 8일              j M Y
    {{ plan.starts_on|month_year }}      Dec 2026                / 2026년 12월                  M Y
    {{ note.created_at|timestamp }}      Dec 8, 2026, 10:00      / 2026년 12월 8일 10:00        j M Y, H:i
    {{ entry.timestamp|timestamp:"seconds" }}  ... 10:00:07                                     j M Y, H:i:s
    {{ slot.start|weekday_time }}        Tue 10:00               / (화) 10:00                   D H:i
    {{ meeting.start|local_time }}       10:00                                                  H:i

Times are shown in the time zone Django's `date` filter would show them in: the active one (the
reader's, accounts.middleware), or the one a `|timezone:"Europe/Berlin"` filter before them chose
(that filter marks its result so it is not converted again). Machine formats (`date:"c"` in
`datetime=` attributes, ISO values in data attributes, inputs) stay on Django's `date` filter.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django import template
from django.utils import timezone

from common import dates

register = template.Library()


def _moment(value: datetime) -> datetime:
    """A moment in the time zone to show it in: one a `timezone` filter chose, else the active one;
    a naive time as it is. (Converting a value the template already converted changes nothing.)"""
    # The `timezone` filter sets this flag, as Django's own `template_localtime` reads it.
    if timezone.is_aware(value) and getattr(value, "convert_to_local_time", True):
        return timezone.localtime(value)
    return value


def _local(value: date | datetime) -> date | datetime:
    return _moment(value) if isinstance(value, datetime) else value


@register.filter(expects_localtime=True)
def local_date(value: date | datetime | None) -> str:
    return "" if value is None else dates.local_date_short(_local(value))


@register.filter(expects_localtime=True)
def short_date(value: date | datetime | None) -> str:
    return "" if value is None else dates.local_short_day(_local(value))


@register.filter(expects_localtime=True)
def long_date(value: date | datetime | None) -> str:
    return "" if value is None else dates.local_date_long(_local(value))


@register.filter(expects_localtime=True)
def medium_date(value: date | datetime | None) -> str:
    return "" if value is None else dates.local_date_medium(_local(value))


@register.filter(expects_localtime=True)
def month_year(value: date | datetime | None) -> str:
    return "" if value is None else dates.local_month(_local(value))


@register.filter(expects_localtime=True)
def local_datetime(value: datetime | None) -> str:
    return "" if value is None else dates.local_dated_moment(_moment(value))


@register.filter(expects_localtime=True)
def short_datetime(value: datetime | None) -> str:
    return "" if value is None else dates.local_moment(_moment(value), short=True)


@register.filter(expects_localtime=True)
def timestamp(value: datetime | None, precision: str = "") -> str:
    if value is None:
        return ""
    return dates.local_timestamp(_moment(value), seconds=precision == "seconds")


@register.filter(expects_localtime=True)
def weekday_time(value: datetime | None) -> str:
    return "" if value is None else dates.local_weekday_time(_moment(value))


@register.filter(expects_localtime=True)
def local_time(value: datetime | time | None) -> str:
    if value is None:
        return ""
    return dates.local_time(_moment(value) if isinstance(value, datetime) else value)
