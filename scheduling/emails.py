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
from collections.abc import Iterable, Sequence
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
from scheduling.calendar import meeting_ics, method_for, released_time_ics
from scheduling.enums import AWAITING_STATUSES
from scheduling.models import Meeting
from scheduling.notices import change_lines, local_span, meeting_link, meeting_title
from scheduling.selectors import open_proposals

logger = logging.getLogger(__name__)

# The kinds that also come by e-mail (an outcome recorded is only a notification); the subject is
# the notification's title (`scheduling.notices.meeting_title`).
EMAILED_KINDS = frozenset(
    {
        "meeting.requested",
        "meeting.confirmed",
        "meeting.rescheduled",
        "meeting.declined",
        "meeting.cancelled",
        "meeting.updated",
        "meeting.expired",
    }
)


def _when(meeting: Meeting, time_zone: str) -> str:
    if meeting.start is None or meeting.end is None:
        proposals = list(meeting.proposals.all())
        if not proposals:
            return "No time set yet."
        zone = zoneinfo.ZoneInfo(time_zone)
        lines = [f"- {p.start.astimezone(zone):%A %d %B %Y, %H:%M} ({time_zone})" for p in proposals]
        return "Proposed times:\n" + "\n".join(lines)
    return f"When: {local_span(meeting.start, meeting.end, time_zone)}"


def meeting_email(
    meeting: Meeting,
    event_type: str,
    person: User,
    *,
    note: str = "",
    previous: tuple[datetime | None, datetime | None] = (None, None),
    proposed: Sequence[tuple[datetime, datetime]] = (),
) -> EmailMessage:
    """The message telling `person` about `event_type`, times in their own time zone; new times
    proposed also give the `previous` time and the time or times `proposed`, and the actor's `note`
    (a reason, for a decline; why, for an expiry) follows."""
    time_zone = getattr(person, "time_zone", "") or "UTC"
    lines = [
        f"{meeting.organiser} and {meeting.invitee}: {meeting.subject}",
        f"Status: {meeting.get_status_display()}",
    ]
    if not (event_type == "meeting.rescheduled" and len(proposed) > 1):  # else the change lists them
        lines.append(_when(meeting, time_zone))
    lines += change_lines(event_type, time_zone=time_zone, note=note, previous=previous, proposed=proposed)
    if meeting.video_link:
        lines.append(f"Video call: {meeting.video_link}")
    if meeting.message:
        lines += ["", meeting.message]
    act = "See it and answer" if meeting.status in AWAITING_STATUSES else "See it"
    lines += ["", f"{act}: {absolute_url(meeting_link(meeting))}"]
    message = EmailMessage(
        subject=meeting_title(meeting, event_type, new_times=len(proposed)),
        body="\n".join(lines) + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[person.email],
    )
    old_start, old_end = previous
    if meeting.start is not None:
        message.attach(
            f"meeting-{meeting.pk}.ics",
            meeting_ics(meeting).decode(),
            f"text/calendar; method={method_for(meeting)}; charset=utf-8",
        )
    elif old_start is not None and old_end is not None:  # new times proposed: the old entry goes
        message.attach(
            f"meeting-{meeting.pk}.ics",
            released_time_ics(meeting, start=old_start, end=old_end).decode(),
            "text/calendar; method=CANCEL; charset=utf-8",
        )
    return message


def _snapshot(meeting: Meeting) -> Meeting:
    """A copy of `meeting` as it is now, with everything its messages read already loaded, so
    building them later needs no database and sees no later change."""
    for party in (meeting.organiser, meeting.invitee):
        _ = party.organisation, party.user
    _ = meeting.requested_by, meeting.accepted_by
    if meeting.start is None:
        prefetch_related_objects([meeting], open_proposals())
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
    proposed: Sequence[tuple[datetime, datetime]] = (),
) -> None:
    """One e-mail per person (with an address, who wants `event_type` by e-mail), built and sent
    after the commit off the request thread, with the mail backend configured at commit time.
    One query for the preferences unless `choices` (loaded for many meetings at once) are given."""
    if event_type not in EMAILED_KINDS:
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
    extra = {"note": note, "previous": previous, "proposed": list(proposed)}
    transaction.on_commit(lambda: _hand_over(snapshot, event_type, readers, extra))


def _hand_over(snapshot: Meeting, event_type: str, readers: list[Any], extra: dict[str, Any]) -> None:
    backend = get_connection()  # the backend configured now, at commit time
    in_background(lambda: _send(backend, snapshot, event_type, readers, extra))
