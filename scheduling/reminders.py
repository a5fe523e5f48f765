"""When a meeting's reminders and its "how did it go?" message are due. Pure: times in, kinds out.

A reminder's moment is the meeting's start minus its offset, computed in UTC: "24 hours before" is
24 real hours, so across a daylight-saving change it falls at another wall-clock hour than the
meeting (docs/concepts.md, "Reminders"). Every sum below converts to UTC first, because Python adds
a timedelta to a datetime of a ZoneInfo zone in wall-clock time (Berlin 10:00 minus 24 hours is
10:00 the day before, 23 real hours earlier across the spring change).

A reminder is due from its moment for `lookback` (so a beat outage shorter than that loses none),
but never once the next, shorter reminder's moment has come (with 10 minutes left, only the
15-minute one goes out), nor once the meeting has started. It may be written `lookahead` before its
moment, to be sent at it. The follow-up is due from the meeting's end for `lookback`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

REMINDER_24H = "24h"
REMINDER_15M = "15m"
FOLLOW_UP = "follow-up"

# Longest first: each reminder gives way to the next one's moment.
REMINDER_OFFSETS: tuple[tuple[str, timedelta], ...] = (
    (REMINDER_24H, timedelta(hours=24)),
    (REMINDER_15M, timedelta(minutes=15)),
)


@dataclass(frozen=True)
class Window:
    """A half-open range of times, (after, until]."""

    after: datetime
    until: datetime


def reminder_windows(
    *, now: datetime, lookback: timedelta, lookahead: timedelta = timedelta(0)
) -> dict[str, Window]:
    """For each reminder kind, the meeting starts whose reminder is due at `now` or within
    `lookahead` after it: the start lies after `now` + the next offset (or `now`), and its moment
    (start - offset) in (now - lookback, now + lookahead]."""
    now = now.astimezone(UTC)
    windows = {}
    for index, (kind, offset) in enumerate(REMINDER_OFFSETS):
        next_offset = REMINDER_OFFSETS[index + 1][1] if index + 1 < len(REMINDER_OFFSETS) else timedelta(0)
        windows[kind] = Window(
            after=max(now + offset - lookback, now + next_offset), until=now + offset + lookahead
        )
    return windows


def follow_up_window(*, now: datetime, lookback: timedelta) -> Window:
    """The meeting ends whose follow-up is due at `now`."""
    now = now.astimezone(UTC)
    return Window(after=now - lookback, until=now)


def due_kinds(
    *,
    start: datetime,
    end: datetime,
    now: datetime,
    lookback: timedelta,
    lookahead: timedelta = timedelta(0),
) -> list[str]:
    """The messages about a meeting from `start` to `end` due at `now` (reminders and the follow-up;
    whether they were sent already is the caller's question), and the reminders due within
    `lookahead` after it."""
    due = [
        kind
        for kind, window in reminder_windows(now=now, lookback=lookback, lookahead=lookahead).items()
        if window.after < start <= window.until
    ]
    follow_up = follow_up_window(now=now, lookback=lookback)
    if follow_up.after < end <= follow_up.until:
        due.append(FOLLOW_UP)
    return due


def reminder_moment(*, start: datetime, kind: str) -> datetime:
    """When the reminder `kind` of a meeting starting at `start` is due (UTC arithmetic)."""
    return start.astimezone(UTC) - dict(REMINDER_OFFSETS)[kind]
