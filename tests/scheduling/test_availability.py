"""Free-slot computation: daylight-saving changes in two time zones seen from a third, buffers,
exceptions, and never a slot in the past. Pure: no database, a fixed "now"."""

import zoneinfo
from datetime import UTC, date, datetime, time, timedelta
from functools import partial

import pytest

from scheduling.availability import Interval, Slot, Unavailability, WeeklyWindow, free_slots, slot_is_free

pytestmark = [pytest.mark.unit, pytest.mark.portable]

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
SAO_PAULO = zoneinfo.ZoneInfo("America/Sao_Paulo")
SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")
LONG_AGO = datetime(2000, 1, 1, tzinfo=UTC)


def every_day(start, end, time_zone):
    return [WeeklyWindow(weekday, start, end, time_zone) for weekday in range(7)]


def seoul_day(year, month, day):
    return datetime(year, month, day, tzinfo=SEOUL)


def wall_clocks(slots, zone):
    return [slot.start.astimezone(zone).strftime("%Y-%m-%d %H:%M") for slot in slots]


def test_berlin_host_keeps_its_hours_across_spring_forward_while_seoul_sees_them_move():
    # Europe/Berlin moves from UTC+1 to UTC+2 on Sunday 2026-03-29; Seoul stays at UTC+9.
    slots = free_slots(
        windows=every_day(time(9), time(11), "Europe/Berlin"),
        length=timedelta(minutes=60),
        start=seoul_day(2026, 3, 28),
        end=seoul_day(2026, 3, 31),
        now=LONG_AGO,
        viewer_time_zone="Asia/Seoul",
    )

    assert wall_clocks(slots, SEOUL) == [
        "2026-03-28 17:00", "2026-03-28 18:00",
        "2026-03-29 16:00", "2026-03-29 17:00",
        "2026-03-30 16:00", "2026-03-30 17:00",
    ]  # fmt: skip
    assert {slot.start.astimezone(BERLIN).strftime("%H:%M") for slot in slots} == {"09:00", "10:00"}
    assert {slot.start.utcoffset() for slot in slots} == {timedelta(hours=9)}


def test_sao_paulo_host_across_its_dst_start_seen_from_seoul():
    # America/Sao_Paulo moved from UTC-3 to UTC-2 at midnight on Sunday 2018-11-04 (its last DST).
    slots = free_slots(
        windows=every_day(time(9), time(10), "America/Sao_Paulo"),
        length=timedelta(minutes=30),
        start=seoul_day(2018, 11, 3),
        end=seoul_day(2018, 11, 6),
        now=LONG_AGO,
        viewer_time_zone="Asia/Seoul",
    )

    assert wall_clocks(slots, SEOUL) == [
        "2018-11-03 21:00", "2018-11-03 21:30",
        "2018-11-04 20:00", "2018-11-04 20:30",
        "2018-11-05 20:00", "2018-11-05 20:30",
    ]  # fmt: skip
    assert {slot.start.astimezone(SAO_PAULO).strftime("%H:%M") for slot in slots} == {"09:00", "09:30"}


def test_two_hosts_in_two_zones_share_no_hour_in_seoul_after_berlin_changes():
    berlin = free_slots(
        windows=every_day(time(9), time(10), "Europe/Berlin"),
        length=timedelta(minutes=60),
        start=seoul_day(2026, 3, 28),
        end=seoul_day(2026, 3, 30),
        now=LONG_AGO,
        viewer_time_zone="Asia/Seoul",
    )
    sao_paulo = free_slots(
        windows=every_day(time(4), time(5), "America/Sao_Paulo"),
        length=timedelta(minutes=60),
        start=seoul_day(2026, 3, 28),
        end=seoul_day(2026, 3, 30),
        now=LONG_AGO,
        viewer_time_zone="Asia/Seoul",
    )

    # 04:00 in Sao Paulo (UTC-3, no DST since 2019) is 16:00 in Seoul; Berlin's 09:00 is 17:00, then 16:00.
    assert wall_clocks(berlin, SEOUL) == ["2026-03-28 17:00", "2026-03-29 16:00"]
    assert wall_clocks(sao_paulo, SEOUL) == ["2026-03-28 16:00", "2026-03-29 16:00"]
    assert sorted(set(berlin) & set(sao_paulo)) == [
        Slot(datetime(2026, 3, 29, 16, tzinfo=SEOUL), datetime(2026, 3, 29, 17, tzinfo=SEOUL))
    ]


def test_window_across_the_spring_forward_gap_is_an_hour_shorter():
    # 00:00-02:00 on 2018-11-04 in Sao Paulo: midnight never happened, the window starts at 01:00.
    slots = free_slots(
        windows=[WeeklyWindow(6, time(0), time(2), "America/Sao_Paulo")],
        length=timedelta(minutes=30),
        start=datetime(2018, 11, 4, tzinfo=UTC),
        end=datetime(2018, 11, 5, tzinfo=UTC),
        now=LONG_AGO,
        viewer_time_zone="America/Sao_Paulo",
    )

    assert wall_clocks(slots, SAO_PAULO) == ["2018-11-04 01:00", "2018-11-04 01:30"]


def test_window_across_the_fall_back_hour_is_an_hour_longer():
    # Berlin, Sunday 2025-10-26: 02:00-03:00 happens twice (CEST, then CET).
    slots = free_slots(
        windows=[WeeklyWindow(6, time(1), time(4), "Europe/Berlin")],
        length=timedelta(minutes=60),
        start=datetime(2025, 10, 25, 12, tzinfo=UTC),
        end=datetime(2025, 10, 26, 12, tzinfo=UTC),
        now=LONG_AGO,
        viewer_time_zone="Europe/Berlin",
    )

    assert [(s.start.strftime("%H:%M"), s.start.utcoffset()) for s in slots] == [
        ("01:00", timedelta(hours=2)),
        ("02:00", timedelta(hours=2)),
        ("02:00", timedelta(hours=1)),
        ("03:00", timedelta(hours=1)),
    ]


def test_buffer_keeps_distance_from_busy_times_and_slots_stay_on_their_grid():
    busy = [Interval(datetime(2026, 5, 4, 10, tzinfo=UTC), datetime(2026, 5, 4, 10, 30, tzinfo=UTC))]

    slots = free_slots(
        windows=[WeeklyWindow(0, time(9), time(12), "UTC")],
        busy=busy,
        length=timedelta(minutes=30),
        buffer=timedelta(minutes=15),
        start=datetime(2026, 5, 4, tzinfo=UTC),
        end=datetime(2026, 5, 5, tzinfo=UTC),
        now=LONG_AGO,
        viewer_time_zone="UTC",
    )

    assert wall_clocks(slots, UTC) == ["2026-05-04 09:00", "2026-05-04 11:00", "2026-05-04 11:30"]


def test_step_shorter_than_length_offers_overlapping_starts():
    slots = free_slots(
        windows=[WeeklyWindow(0, time(9), time(10), "UTC")],
        length=timedelta(minutes=45),
        step=timedelta(minutes=15),
        start=datetime(2026, 5, 4, tzinfo=UTC),
        end=datetime(2026, 5, 5, tzinfo=UTC),
        now=LONG_AGO,
        viewer_time_zone="UTC",
    )

    assert wall_clocks(slots, UTC) == ["2026-05-04 09:00", "2026-05-04 09:15"]


def test_holiday_removes_the_whole_local_day_even_when_it_is_23_hours_long():
    slots = free_slots(
        windows=every_day(time(0), time(23), "Europe/Berlin"),
        exceptions=[Unavailability(date(2026, 3, 29), date(2026, 3, 29), "Europe/Berlin")],
        length=timedelta(hours=1),
        step=timedelta(hours=6),
        start=datetime(2026, 3, 28, 12, tzinfo=BERLIN),
        end=datetime(2026, 3, 30, 12, tzinfo=BERLIN),
        now=LONG_AGO,
        viewer_time_zone="Europe/Berlin",
    )

    assert wall_clocks(slots, BERLIN) == [
        "2026-03-28 12:00",
        "2026-03-28 18:00",
        "2026-03-30 00:00",
        "2026-03-30 06:00",
    ]


def test_busy_block_exception_applies_on_each_day_of_its_range():
    slots = free_slots(
        windows=every_day(time(9), time(12), "Europe/Berlin"),
        exceptions=[
            Unavailability(date(2026, 3, 28), date(2026, 3, 29), "Europe/Berlin", time(10), time(11)),
        ],
        length=timedelta(hours=1),
        start=datetime(2026, 3, 28, tzinfo=BERLIN),
        end=datetime(2026, 3, 31, tzinfo=BERLIN),
        now=LONG_AGO,
        viewer_time_zone="Europe/Berlin",
    )

    assert wall_clocks(slots, BERLIN) == [
        "2026-03-28 09:00", "2026-03-28 11:00",
        "2026-03-29 09:00", "2026-03-29 11:00",
        "2026-03-30 09:00", "2026-03-30 10:00", "2026-03-30 11:00",
    ]  # fmt: skip


def test_past_slots_are_never_offered():
    now = datetime(2026, 5, 4, 10, 10, tzinfo=UTC)

    slots = free_slots(
        windows=[WeeklyWindow(0, time(9), time(12), "UTC")],
        length=timedelta(minutes=30),
        start=datetime(2026, 5, 4, tzinfo=UTC),
        end=datetime(2026, 5, 12, tzinfo=UTC),
        now=now,
        viewer_time_zone="UTC",
    )

    assert wall_clocks(slots, UTC)[:3] == ["2026-05-04 10:30", "2026-05-04 11:00", "2026-05-04 11:30"]
    assert wall_clocks(slots, UTC)[3] == "2026-05-11 09:00"
    assert all(slot.start >= now for slot in slots)


def test_range_is_cut_by_the_viewers_own_dates():
    # Monday 22:00-24:00 UTC is already Tuesday morning in Seoul.
    slots = free_slots(
        windows=[WeeklyWindow(0, time(22), time(23, 59), "UTC")],
        length=timedelta(minutes=30),
        start=seoul_day(2026, 5, 4),
        end=seoul_day(2026, 5, 5),
        now=LONG_AGO,
        viewer_time_zone="Asia/Seoul",
    )

    assert slots == []


def test_slot_is_free_only_for_offered_slots():
    windows = [WeeklyWindow(0, time(9), time(12), "Europe/Berlin")]
    busy = [Interval(datetime(2026, 5, 4, 7, tzinfo=UTC), datetime(2026, 5, 4, 8, tzinfo=UTC))]
    is_free = partial(slot_is_free, windows=windows, busy=busy, length=timedelta(hours=1), now=LONG_AGO)

    assert is_free(start=datetime(2026, 5, 4, 12, tzinfo=BERLIN)) is False  # past the window
    assert is_free(start=datetime(2026, 5, 4, 9, tzinfo=BERLIN)) is False  # busy
    assert is_free(start=datetime(2026, 5, 4, 10, 30, tzinfo=BERLIN)) is False  # off grid
    assert is_free(start=datetime(2026, 5, 4, 11, tzinfo=BERLIN)) is True


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="aware"):
        free_slots(
            windows=[],
            length=timedelta(minutes=30),
            start=datetime(2026, 5, 4),  # noqa: DTZ001 -- the point of the test
            end=datetime(2026, 5, 5, tzinfo=UTC),
            now=LONG_AGO,
            viewer_time_zone="UTC",
        )
