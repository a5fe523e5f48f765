"""E-mails about meetings, each with the meeting's `.ics` attached (same UID and SEQUENCE as the
download, so mail clients update or cancel the same calendar entry).

The messages are built when the change is made and written to the outbox in its transaction
(`outbox.services.queueing`, keyed by meeting, sequence, kind and reader), so nobody hears of a
change that rolled back; a worker sends them after the commit, so the response never waits for the
mail server, and a mail server failure is retried without undoing the change.
Only people who want the kind by e-mail get one (`notifications.selectors`), and each message links
to the meeting on the site (`settings.SITE_URL`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import prefetch_related_objects
from django.utils.translation import gettext

from accounts.models import User
from common.dates import local_moment
from common.languages import in_language_of
from common.links import absolute_url
from notifications.selectors import EmailChoices, email_choices_for
from outbox.services.queueing import KeyedEmail, enqueue_many
from scheduling.calendar import meeting_ics, method_for, released_time_ics
from scheduling.enums import AWAITING_STATUSES
from scheduling.models import Meeting
from scheduling.notices import change_lines, local_span, meeting_link, meeting_title
from scheduling.selectors import open_proposals

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
            return gettext("No time set yet.")
        lines = [f"- {local_moment(p.start, time_zone=time_zone)} ({time_zone})" for p in proposals]
        return gettext("Proposed times:") + "\n" + "\n".join(lines)
    return gettext("When: %(when)s") % {"when": local_span(meeting.start, meeting.end, time_zone)}


@in_language_of("person")
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
        gettext("%(organiser)s and %(invitee)s: %(subject)s")
        % {"organiser": meeting.organiser, "invitee": meeting.invitee, "subject": meeting.subject},
        gettext("Status: %(status)s") % {"status": meeting.get_status_display()},
    ]
    if not (event_type == "meeting.rescheduled" and len(proposed) > 1):  # else the change lists them
        lines.append(_when(meeting, time_zone))
    lines += change_lines(event_type, time_zone=time_zone, note=note, previous=previous, proposed=proposed)
    if meeting.video_link:
        lines.append(gettext("Video call: %(video_link)s") % {"video_link": meeting.video_link})
    if meeting.message:
        lines += ["", meeting.message]
    act = gettext("See it and answer") if meeting.status in AWAITING_STATUSES else gettext("See it")
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


def _load_for_messages(meeting: Meeting) -> None:
    """Load everything the messages read (both sides, the people, the open proposals) at once."""
    for party in (meeting.organiser, meeting.invitee):
        _ = party.organisation, party.user
    _ = meeting.requested_by, meeting.accepted_by
    if meeting.start is None:
        prefetch_related_objects([meeting], open_proposals())


def meeting_emails(
    meeting: Meeting,
    event_type: str,
    people: Iterable[Any],
    *,
    choices: EmailChoices | None = None,
    note: str = "",
    previous: tuple[datetime | None, datetime | None] = (None, None),
    proposed: Sequence[tuple[datetime, datetime]] = (),
) -> list[KeyedEmail]:
    """One e-mail per person (with an address, who wants `event_type` by e-mail), built now, each
    keyed by the meeting, its sequence (every change raises it), the kind and the reader. One query
    for the preferences unless `choices` (loaded for many meetings at once) are given."""
    if event_type not in EMAILED_KINDS:
        return []
    # A deactivated or deleted account (its address then ends in ".invalid") is not written to.
    readers = [person for person in people if person.email and person.is_active]
    if not readers:
        return []
    if choices is None:
        choices = email_choices_for(person_ids=[person.pk for person in readers])
    readers = [person for person in readers if choices.wants(person.pk, event_type)]
    if not readers:
        return []
    _load_for_messages(meeting)
    change = f"meeting:{meeting.pk}:{meeting.sequence}:{event_type}"
    return [
        KeyedEmail(
            f"{change}:to:{person.pk}",
            meeting_email(meeting, event_type, person, note=note, previous=previous, proposed=proposed),
        )
        for person in readers
    ]


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
    """`meeting_emails`, written to the outbox in the caller's transaction and sent by a worker
    after the commit. Changes to many meetings at once collect `meeting_emails` and call
    `outbox.services.queueing.enqueue_many` once (one INSERT for all)."""
    enqueue_many(
        meeting_emails(
            meeting, event_type, people, choices=choices, note=note, previous=previous, proposed=proposed
        )
    )
