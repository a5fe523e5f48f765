"""Meeting times in the active language's own words and order (issue 18): common.dates and the
change lines and spans of scheduling.notices built on it."""

from datetime import UTC, date, datetime, time

import pytest
from django.utils import translation

from common.dates import (
    local_day,
    local_hours,
    local_moment,
    local_short_day,
    local_time,
    local_time_span,
    local_timestamp,
)
from scheduling.notices import change_lines, local_span

pytestmark = [pytest.mark.unit]

# Tuesday 8 December 2026, 09:00-09:30 UTC: 10:00-10:30 in Berlin.
START = datetime(2026, 12, 8, 9, tzinfo=UTC)
END = datetime(2026, 12, 8, 9, 30, tzinfo=UTC)
THIN_DASH = "\N{THIN SPACE}\N{EN DASH}\N{THIN SPACE}"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", f"Tuesday, December 8, 2026, 10:00{THIN_DASH}10:30 (Europe/Berlin)"),
        ("ko", "2026년 12월 8일 화요일 10:00 ~ 10:30 (Europe/Berlin)"),
        ("es", "martes, 8 de diciembre de 2026, 10:00\N{EN DASH}10:30 (Europe/Berlin)"),
        ("ar", "الثلاثاء، 8 ديسمبر 2026، 10:00\N{EN DASH}10:30 (Europe/Berlin)"),
    ],
)
def test_local_span_writes_the_day_and_times_in_the_active_language(language, expected):
    with translation.override(language):
        assert local_span(START, END, "Europe/Berlin") == expected


@pytest.mark.parametrize(
    ("language", "weekday", "month"),
    [
        ("en", "Tuesday", "December"),
        ("ko", "화", "12월"),
        ("es", "martes", "diciembre"),
        ("ar", "الثلاثاء", "ديسمبر"),
    ],
)
def test_the_change_lines_name_the_day_and_month_in_the_readers_language(language, weekday, month):
    with translation.override(language):
        [old, new] = change_lines(
            "meeting.rescheduled",
            time_zone="Asia/Seoul",
            previous=(START, END),
            proposed=[(START.replace(day=9), END.replace(day=9))],
        )

    for part in (weekday, month, "18:00", "(Asia/Seoul)"):
        assert part in old
    for part in (month, "(Asia/Seoul)"):
        assert part in new


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", f"Tue, Dec 8, 10:00{THIN_DASH}10:30 (Europe/Berlin)"),
        ("ko", "12월 8일 (화) 10:00 ~ 10:30 (Europe/Berlin)"),
        ("es", "mar, 8 dic, 10:00\N{EN DASH}10:30 (Europe/Berlin)"),
        ("ar", "الثلاثاء، 8 ديسمبر، 10:00\N{EN DASH}10:30 (Europe/Berlin)"),
    ],
)
def test_the_short_span_drops_the_year_and_abbreviates(language, expected):
    with translation.override(language):
        assert local_time_span(START, END, "Europe/Berlin", short=True) == expected


def test_a_span_is_in_the_named_zone_even_on_another_day_there():
    with translation.override("en"):
        # 23:30 UTC on Monday 7 December is already Tuesday 08:30 in Seoul.
        shown = local_time_span(
            datetime(2026, 12, 7, 23, 30, tzinfo=UTC), datetime(2026, 12, 8, 0, tzinfo=UTC), "Asia/Seoul"
        )

    assert shown == f"Tuesday, December 8, 2026, 08:30{THIN_DASH}09:00 (Asia/Seoul)"


def test_days_moments_and_times_alone():
    with translation.override("ko"):
        assert local_day(date(2026, 12, 8)) == "2026년 12월 8일 화요일"
        assert local_short_day(date(2026, 12, 8)) == "12월 8일 (화)"
        assert local_moment(START, time_zone="Asia/Seoul", short=True) == "12월 8일 (화) 18:00"
    with translation.override("es"):
        assert local_moment(START, time_zone="UTC") == "martes, 8 de diciembre de 2026, 9:00"
        assert local_time(time(9, 5)) == "9:05"
    with translation.override("en"):
        assert local_moment(START, time_zone="UTC") == "Tuesday, December 8, 2026, 09:00"
        assert local_time(START, time_zone="Europe/Berlin") == "10:00"


def test_no_active_language_writes_english():
    with translation.override(None):
        assert local_short_day(date(2026, 12, 8)) == "Tue, Dec 8"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "Mar 1, 2026, 21:00"), ("ko", "2026년 3월 1일 21:00"), ("es", "1 mar 2026, 21:00")],
)
def test_a_timestamp_has_its_year_and_no_weekday(language, expected):
    with translation.override(language):
        assert local_timestamp(datetime(2026, 3, 1, 12, tzinfo=UTC), time_zone="Asia/Tokyo") == expected


def test_weekly_hours_are_joined_as_the_language_joins_two_times():
    with translation.override("ko"):
        assert local_hours(time(9), time(17)) == "09:00 ~ 17:00"
    with translation.override("es"):
        assert local_hours(time(9), time(17, 30)) == "9:00\N{EN DASH}17:30"
