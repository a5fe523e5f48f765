"""Dates and times in the reader's locale for templates (issue 18), where an explicit `date` format
("D j M Y, H:i") would keep the English order with translated names ("화 8 12월 2026"). Times are
shown in the active time zone first, as Django's `date` filter does.

    {% load locale_dates %}
    {{ meeting.start|local_datetime }}   Tue, Dec 8, 2026, 10:00 / 2026년 12월 8일 (화), 10:00
    {{ meeting.start|local_date }}       Tue, Dec 8, 2026        (was |date:"D j M Y")
    {{ need.created_at|long_date }}      December 8, 2026        (was |date:"j F Y")
    {{ meeting.start|local_time }}       10:00                   (was |time:"H:i" or |date:"H:i")
"""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.utils import timezone

from common import dates

register = template.Library()


def _moment(value: datetime) -> datetime:
    """A moment in the active time zone (the reader's); a naive time as it is."""
    return timezone.localtime(value) if timezone.is_aware(value) else value


def _local(value: date | datetime) -> date | datetime:
    return _moment(value) if isinstance(value, datetime) else value


@register.filter
def local_date(value: date | datetime | None) -> str:
    return "" if value is None else dates.local_date_short(_local(value))


@register.filter
def local_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    local = _moment(value)
    return f"{dates.local_date_short(local)}, {dates.local_time(local)}"


@register.filter
def long_date(value: date | datetime | None) -> str:
    return "" if value is None else dates.local_date_long(_local(value))


@register.filter
def local_time(value: datetime | None) -> str:
    return "" if value is None else dates.local_time(_moment(value))
