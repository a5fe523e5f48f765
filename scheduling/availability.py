"""Free slots from weekly rules, exceptions and busy times: plain data in, plain data out, no ORM.

Everything a participant publishes is in its own wall-clock time (a rule says "Mondays 09:00-12:00
in Europe/Berlin"), so each rule is turned into absolute instants day by day, in its own time zone:
that is what keeps 09:00 at 09:00 across a daylight-saving change, while the viewer (in another time
zone) sees the hour move. Wall-clock times that do not exist on a spring-forward day are resolved as
zoneinfo does (fold=0: the offset in force before the change), then normalised through UTC, so a
window that straddles the gap is simply an hour shorter; on a fall-back day it is an hour longer.

All instants returned are aware and expressed in the viewer's time zone.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta


@dataclass(frozen=True)
class WeeklyWindow:
    """Available every `weekday` (0 = Monday) from `start` to `end`, wall-clock time in `time_zone`."""

    weekday: int
    start: time
    end: time
    time_zone: str


@dataclass(frozen=True)
class Unavailability:
    """Not available from `start_date` to `end_date` (inclusive), in `time_zone`.

    Without times it covers the whole days (a holiday); with times, that window on each day
    (a busy block).
    """

    start_date: date
    end_date: date
    time_zone: str
    start_time: time | None = None
    end_time: time | None = None


@dataclass(frozen=True, order=True)
class Interval:
    """A half-open span of time [start, end) between two aware instants."""

    start: datetime
    end: datetime


@dataclass(frozen=True, order=True)
class Slot:
    """A bookable meeting time, aware, in the viewer's time zone."""

    start: datetime
    end: datetime


def local_instant(day: date, wall_clock: time, time_zone: zoneinfo.ZoneInfo) -> datetime:
    """The UTC instant of `wall_clock` on `day` in `time_zone` (the earlier one if it repeats)."""
    return datetime.combine(day, wall_clock, tzinfo=time_zone).astimezone(UTC)


def _days(first: date, last: date) -> Iterable[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def _local_dates(start: datetime, end: datetime, time_zone: zoneinfo.ZoneInfo) -> tuple[date, date]:
    # One day of margin either side: a window of the evening before may reach into the range.
    return (
        start.astimezone(time_zone).date() - timedelta(days=1),
        end.astimezone(time_zone).date() + timedelta(days=1),
    )


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """The union of `intervals`, sorted and without overlaps or touching neighbours."""
    merged: list[Interval] = []
    for interval in sorted(intervals):
        if interval.end <= interval.start:
            continue
        if merged and interval.start <= merged[-1].end:
            if interval.end > merged[-1].end:
                merged[-1] = Interval(merged[-1].start, interval.end)
        else:
            merged.append(interval)
    return merged


def weekly_windows_between(windows: Sequence[WeeklyWindow], start: datetime, end: datetime) -> list[Interval]:
    """Every occurrence of the weekly `windows` that touches [start, end), in UTC, merged."""
    occurrences = []
    for window in windows:
        zone = zoneinfo.ZoneInfo(window.time_zone)
        first, last = _local_dates(start, end, zone)
        for day in _days(first, last):
            if day.weekday() != window.weekday:
                continue
            occurrences.append(
                Interval(local_instant(day, window.start, zone), local_instant(day, window.end, zone))
            )
    return [i for i in merge(occurrences) if i.end > start and i.start < end]


def unavailable_between(
    exceptions: Sequence[Unavailability], start: datetime, end: datetime
) -> list[Interval]:
    """The exceptions (holidays, busy blocks) that touch [start, end), in UTC, merged."""
    blocked = []
    for exception in exceptions:
        zone = zoneinfo.ZoneInfo(exception.time_zone)
        first, last = _local_dates(start, end, zone)
        first, last = max(first, exception.start_date), min(last, exception.end_date)
        if exception.start_time is None or exception.end_time is None:
            if first <= last:
                blocked.append(
                    Interval(
                        local_instant(first, time(0), zone),
                        local_instant(last + timedelta(days=1), time(0), zone),
                    )
                )
            continue
        blocked.extend(
            Interval(
                local_instant(day, exception.start_time, zone), local_instant(day, exception.end_time, zone)
            )
            for day in _days(first, last)
        )
    return merge(blocked)


def free_slots(
    *,
    windows: Sequence[WeeklyWindow],
    exceptions: Sequence[Unavailability] = (),
    busy: Sequence[Interval] = (),
    length: timedelta,
    buffer: timedelta = timedelta(0),
    step: timedelta | None = None,
    start: datetime,
    end: datetime,
    now: datetime,
    viewer_time_zone: str,
) -> list[Slot]:
    """Meeting times of `length` that start in [start, end) and not before `now`.

    A slot lies wholly inside one availability window, outside every exception, and at least
    `buffer` away from every busy interval. Within a window, slots start at the window's start and
    then every `step` (default: `length`). Returned sorted, in `viewer_time_zone`.
    Runs in O(occurrences x holes); callers bound the range (the API allows 62 days).
    """
    if length <= timedelta(0):
        raise ValueError("A meeting length must be positive.")
    if start.tzinfo is None or end.tzinfo is None or now.tzinfo is None:
        raise ValueError("start, end and now must be aware datetimes.")
    step = step or length
    viewer = zoneinfo.ZoneInfo(viewer_time_zone)
    # Look slightly past the range: a slot starting just before `end` may run beyond it.
    available = weekly_windows_between(windows, start, end + length)
    holes = merge(
        [
            *unavailable_between(exceptions, start - length, end + length),
            *(Interval(b.start - buffer, b.end + buffer) for b in busy),
        ]
    )
    slots = []
    for window in available:
        # Candidates stay on the window's own grid even next to a busy time, so booking one slot
        # only ever removes slots: the ones a viewer already sees never shift.
        candidate = window.start
        while candidate + length <= window.end:
            if start <= candidate < end and candidate >= now and not _overlaps_any(candidate, length, holes):
                slots.append(Slot(candidate.astimezone(viewer), (candidate + length).astimezone(viewer)))
            candidate += step
    return slots


def _overlaps_any(start: datetime, length: timedelta, holes: Sequence[Interval]) -> bool:
    end = start + length
    return any(hole.start < end and start < hole.end for hole in holes)


def slot_is_free(
    *,
    windows: Sequence[WeeklyWindow],
    exceptions: Sequence[Unavailability] = (),
    busy: Sequence[Interval] = (),
    length: timedelta,
    buffer: timedelta = timedelta(0),
    start: datetime,
    now: datetime,
) -> bool:
    """Whether a meeting of `length` at `start` is one of the free slots offered."""
    offered = free_slots(
        windows=windows,
        exceptions=exceptions,
        busy=busy,
        length=length,
        buffer=buffer,
        start=start - timedelta(days=1),
        end=start + timedelta(days=1),
        now=now,
        viewer_time_zone="UTC",
    )
    return any(slot.start == start and slot.end == start + length for slot in offered)
