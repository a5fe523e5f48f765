"""What the notification centre and e-mails say about a meeting: a one-line title per kind and the
page where the reader acts on it (the meeting's page)."""

from __future__ import annotations

from django.urls import reverse

from scheduling.models import Meeting

TITLES = {
    "meeting.requested": "Meeting request: {subject}",
    "meeting.confirmed": "Confirmed: {subject}",
    "meeting.rescheduled": "New time proposed: {subject}",
    "meeting.declined": "Declined: {subject}",
    "meeting.cancelled": "Cancelled: {subject}",
    "meeting.updated": "Updated: {subject}",
    "meeting.held": "Marked as held: {subject}",
    "meeting.no_show": "Marked as a no-show: {subject}",
}


def meeting_title(meeting: Meeting, kind: str) -> str:
    """ "Confirmed: Smart parking" for `meeting.confirmed`."""
    return TITLES[kind].format(subject=meeting.subject)


def meeting_link(meeting: Meeting) -> str:
    """The site-relative URL of the meeting's own page (for the people of its two sides)."""
    return reverse("frontend:meeting", args=[meeting.pk])
