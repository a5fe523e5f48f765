"""E-mails about meetings, each with the meeting's `.ics` attached (same UID and SEQUENCE as the
download, so mail clients update or cancel the same calendar entry).

Each change is snapshotted when it is made; after the commit the messages are built and sent on the
after-commit worker thread (`common.realtime.in_background`), so the response never waits for the
`.ics` or the mail server. A mail server failure is logged and never undoes the change.
Only people who want the kind by e-mail get one (`notifications.selectors`), and each message links
to the meeting on the site (`settings.SITE_URL`).
"""

from __future__ import annotations

import copy
import logging
import zoneinfo
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import prefetch_related_objects

from accounts.models import User
from common.links import absolute_url
from common.realtime import in_background
from notifications.selectors import EmailChoices, email_choices_for
from scheduling.calendar import meeting_ics, method_for
from scheduling.models import Meeting
from scheduling.notices import meeting_link

logger = logging.getLogger(__name__)

SUBJECTS = {
    "meeting.requested": "Meeting request: {subject}",
    "meeting.confirmed": "Confirmed: {subject}",
    "meeting.rescheduled": "New time proposed: {subject}",
    "meeting.declined": "Declined: {subject}",
    "meeting.cancelled": "Cancelled: {subject}",
    "meeting.updated": "Updated: {subject}",
}


def _when(meeting: Meeting, time_zone: str) -> str:
    if meeting.start is None or meeting.end is None:
        proposals = list(meeting.proposals.all())
        if not proposals:
            return "No time set yet."
        zone = zoneinfo.ZoneInfo(time_zone)
        lines = [f"- {p.start.astimezone(zone):%A %d %B %Y, %H:%M} ({time_zone})" for p in proposals]
        return "Proposed times:\n" + "\n".join(lines)
    zone = zoneinfo.ZoneInfo(time_zone)
    start, end = meeting.start.astimezone(zone), meeting.end.astimezone(zone)
    return f"When: {start:%A %d %B %Y, %H:%M}-{end:%H:%M} ({time_zone})"


NOTE_LABELS = {"meeting.declined": "Reason", "meeting.cancelled": "Reason"}


def meeting_email(
    meeting: Meeting,
    event_type: str,
    person: User,
    *,
    note: str = "",
    previous: tuple[datetime | None, datetime | None] = (None, None),
) -> EmailMessage:
    """The message telling `person` about `event_type`, times in their own time zone; a new time
    proposed also gives the `previous` time, and the actor's `note` (a reason, for a decline) follows."""
    time_zone = getattr(person, "time_zone", "") or "UTC"
    lines = [
        f"{meeting.organiser} and {meeting.invitee}: {meeting.subject}",
        f"Status: {meeting.get_status_display()}",
    ]
    old_start, old_end = previous
    if event_type == "meeting.rescheduled" and old_start is not None and old_end is not None:
        zone = zoneinfo.ZoneInfo(time_zone)
        old_start, old_end = old_start.astimezone(zone), old_end.astimezone(zone)
        lines.append(f"Old time: {old_start:%A %d %B %Y, %H:%M}-{old_end:%H:%M} ({time_zone})")
        lines.append("New time proposed:")
    lines.append(_when(meeting, time_zone))
    if note:
        lines.append(f"{NOTE_LABELS.get(event_type, 'Note')}: {note}")
    if meeting.video_link:
        lines.append(f"Video call: {meeting.video_link}")
    if meeting.message:
        lines += ["", meeting.message]
    lines += ["", f"See it and answer: {absolute_url(meeting_link(meeting))}"]
    message = EmailMessage(
        subject=SUBJECTS[event_type].format(subject=meeting.subject),
        body="\n".join(lines) + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[person.email],
    )
    if meeting.start is not None:
        message.attach(
            f"meeting-{meeting.pk}.ics",
            meeting_ics(meeting).decode(),
            f"text/calendar; method={method_for(meeting)}; charset=utf-8",
        )
    return message


def _snapshot(meeting: Meeting) -> Meeting:
    """A copy of `meeting` as it is now, with everything its messages read already loaded, so
    building them later needs no database and sees no later change."""
    for party in (meeting.organiser, meeting.invitee):
        _ = party.organisation, party.user
    _ = meeting.requested_by, meeting.accepted_by
    if meeting.start is None:
        prefetch_related_objects([meeting], "proposals")
    return copy.copy(meeting)


def _send(
    backend: BaseEmailBackend, snapshot: Meeting, event_type: str, people: list[Any], extra: dict[str, Any]
) -> None:
    messages = [meeting_email(snapshot, event_type, person, **extra) for person in people]
    try:
        backend.send_messages(messages)
    except Exception:  # backends raise SMTPException, OSError, ...; the meeting change stands
        logger.exception(
            "Could not send %d e-mail(s) for %s; the change itself is saved.", len(messages), event_type
        )


def email_people_after_commit(
    meeting: Meeting,
    event_type: str,
    people: Iterable[Any],
    *,
    choices: EmailChoices | None = None,
    note: str = "",
    previous: tuple[datetime | None, datetime | None] = (None, None),
) -> None:
    """One e-mail per person (with an address, who wants `event_type` by e-mail), built and sent
    after the commit off the request thread, with the mail backend configured at commit time.
    One query for the preferences unless `choices` (loaded for many meetings at once) are given."""
    if event_type not in SUBJECTS:
        return
    readers = [person for person in people if person.email]
    if not readers:
        return
    if choices is None:
        choices = email_choices_for(person_ids=[person.pk for person in readers])
    readers = [person for person in readers if choices.wants(person.pk, event_type)]
    if not readers:
        return
    snapshot = _snapshot(meeting)
    extra = {"note": note, "previous": previous}
    transaction.on_commit(lambda: _hand_over(snapshot, event_type, readers, extra))


def _hand_over(snapshot: Meeting, event_type: str, readers: list[Any], extra: dict[str, Any]) -> None:
    backend = get_connection()  # the backend configured now, at commit time
    in_background(lambda: _send(backend, snapshot, event_type, readers, extra))
