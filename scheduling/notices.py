"""What the notification centre and e-mails say about a meeting: a one-line title per kind, the
lines that say what changed (the old time, the new time or times, the note), in the reader's time
zone, and the page where the reader acts on it (the meeting's page)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from common.dates import local_time_span
from scheduling.models import Meeting

TITLES = {
    "meeting.requested": _("Meeting request: %(subject)s"),
    "meeting.confirmed": _("Confirmed: %(subject)s"),
    "meeting.rescheduled": _("New time proposed: %(subject)s"),
    "meeting.declined": _("Declined: %(subject)s"),
    "meeting.cancelled": _("Cancelled: %(subject)s"),
    "meeting.updated": _("Updated: %(subject)s"),
    "meeting.held": _("Marked as held: %(subject)s"),
    "meeting.no_show": _("Marked as a no-show: %(subject)s"),
    "meeting.expired": _("Expired unanswered: %(subject)s"),
}
# Several new times proposed at once (the meeting holds none of them yet).
NEW_TIMES_TITLE = _("New times proposed: %(subject)s")
# What the note of a change is, by kind (a note elsewhere is just a note).
NOTE_LABELS = {
    "meeting.declined": pgettext_lazy("note of a change", "Reason"),
    "meeting.cancelled": pgettext_lazy("note of a change", "Reason"),
    "meeting.expired": pgettext_lazy("note of a change", "Why"),
}


def meeting_title(meeting: Meeting, kind: str, *, new_times: int = 0) -> str:
    """ "Confirmed: Smart parking" for `meeting.confirmed`; "New times proposed: …" when a change
    proposed `new_times` > 1 times at once."""
    if kind == "meeting.rescheduled" and new_times > 1:
        return NEW_TIMES_TITLE % {"subject": meeting.subject}
    return TITLES[kind] % {"subject": meeting.subject}


def meeting_link(meeting: Meeting) -> str:
    """The site-relative URL of the meeting's own page (for the people of its two sides)."""
    return reverse("frontend:meeting", args=[meeting.pk])


def local_span(start: datetime, end: datetime, time_zone: str) -> str:
    """ "Tuesday, December 8, 2026, 10:00 - 10:30 (Europe/Berlin)", in the active language's own
    words and order ("2026년 12월 8일 화요일 10:00 ~ 10:30 (Europe/Berlin)")."""
    return local_time_span(start, end, time_zone)


def change_lines(
    kind: str,
    *,
    time_zone: str,
    note: str = "",
    previous: tuple[datetime | None, datetime | None] = (None, None),
    proposed: Sequence[tuple[datetime, datetime]] = (),
) -> list[str]:
    """What a change says beyond its title, times in `time_zone`: for new times proposed, the time
    that stood before and the time (or every time) proposed; then the actor's note (a reason, for a
    decline; why, for an expiry)."""
    lines = []
    if kind == "meeting.rescheduled":
        old_start, old_end = previous
        if old_start is not None and old_end is not None:
            lines.append(gettext("Old time: %(when)s") % {"when": local_span(old_start, old_end, time_zone)})
        if len(proposed) == 1:
            lines.append(gettext("New time: %(when)s") % {"when": local_span(*proposed[0], time_zone)})
        elif proposed:
            lines.append(gettext("New times proposed (choose one):"))
            lines += [f"- {local_span(start, end, time_zone)}" for start, end in proposed]
    if note:
        label = NOTE_LABELS.get(kind) or pgettext("note of a change", "Note")
        lines.append(gettext("%(label)s: %(note)s") % {"label": label, "note": note})
    return lines


def change_text(kind: str, **details: Any) -> str:
    """`change_lines` as one text: a notification's body."""
    return "\n".join(change_lines(kind, **details))
