"""Reminders before confirmed meetings and the "how did it go?" message after them, put in the
outbox by the beat task `scheduling.tasks.send_meeting_reminders` (every minute).

Each message's outbox key names the meeting, the kind, the reader and, for reminders, the meeting's
start: enqueuing it again is a no-op (a beat tick that runs twice, a redelivered task), and a moved
meeting's reminders are new messages for its new time, while the old time is never looked at again
(the selector reads the meeting's current time). When each is due: `scheduling.reminders`.

Reminders are written up to MEETING_REMINDER_LOOKAHEAD_SECONDS before their moment and held until
it (docs/concepts.md, "Reminders"). One written for a meeting that is cancelled or moved before it
goes out is withdrawn by the outbox just before sending (`withdrawn_reminders`), whichever path
changed the meeting.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from notifications.selectors import email_choices_for
from outbox.models import OutboxMessage
from outbox.services.queueing import KeyedEmail, enqueue_many
from scheduling.enums import MeetingStatus
from scheduling.models import Meeting
from scheduling.reminder_emails import follow_up_email, reminder_email, timed
from scheduling.reminders import FOLLOW_UP, due_kinds, reminder_moment
from scheduling.selectors import meetings_due_for_messages, people_to_tell_about

# The notification kinds people choose by e-mail (notifications.enums.NotificationKind).
REMINDER_KIND = "meeting.reminder"
FOLLOW_UP_KIND = "meeting.follow_up"


def reminder_lookback() -> timedelta:
    """How late a message may still go out (MEETING_REMINDER_LOOKBACK_MINUTES): how long a beat
    outage can last without losing reminders."""
    return timedelta(minutes=settings.MEETING_REMINDER_LOOKBACK_MINUTES)


def reminder_lookahead() -> timedelta:
    """How far ahead of its moment a reminder is written (MEETING_REMINDER_LOOKAHEAD_SECONDS)."""
    return timedelta(seconds=settings.MEETING_REMINDER_LOOKAHEAD_SECONDS)


KEY_START_FORMAT = "%Y%m%dT%H%M%SZ"
REMINDER_KEY = re.compile(r"^meeting:(?P<pk>\d+):reminder:[^:]+:(?P<start>\d{8}T\d{6}Z):to:(?P<person>\d+)$")


def message_key(meeting: Meeting, kind: str, person: User) -> str:
    """The outbox key: per meeting, kind and reader, and for a reminder the start (UTC) it is for."""
    if kind == FOLLOW_UP:
        return f"meeting:{meeting.pk}:follow-up:to:{person.pk}"
    start = timed(meeting)[0].astimezone(UTC)
    return f"meeting:{meeting.pk}:reminder:{kind}:{start:{KEY_START_FORMAT}}:to:{person.pk}"


def withdrawn_reminders(keys: list[str]) -> set[str]:
    """Of the outbox `keys` about to be sent, the reminders no longer wanted: their meeting is gone,
    no longer confirmed, or starts at another time than the one the reminder was written for, or
    their reader has since turned reminders off by e-mail or left. An outbox withdrawal check
    (OUTBOX_WITHDRAWAL_CHECKS); three queries for a batch, none without reminders."""
    reminders = {key: match for key in keys if (match := REMINDER_KEY.match(key))}
    if not reminders:
        return set()
    current = {
        pk: start.astimezone(UTC).strftime(KEY_START_FORMAT) if start else None
        for pk, start in Meeting.objects.filter(
            pk__in={int(match["pk"]) for match in reminders.values()}, status=MeetingStatus.CONFIRMED
        ).values_list("pk", "start")
    }
    readers = {int(match["person"]) for match in reminders.values()}
    active = set(User.objects.filter(pk__in=readers, is_active=True).values_list("pk", flat=True))
    choices = email_choices_for(person_ids=active)
    return {
        key
        for key, match in reminders.items()
        if current.get(int(match["pk"])) != match["start"]
        or int(match["person"]) not in active
        or not choices.wants(int(match["person"]), REMINDER_KIND)
    }


@transaction.atomic
def send_due_reminders(*, now: datetime | None = None) -> int:
    """Put every reminder and follow-up due at `now` and not yet in the outbox in it, in one
    transaction, for the people of both sides who want that kind by e-mail, and the reminders due
    within the lookahead, to be sent at their moment; returns how many were written. A fixed number
    of queries, however many meetings (meetings, the sides' people, their preferences, the keys
    already written, one INSERT)."""
    now = now or timezone.now()
    lookback, lookahead = reminder_lookback(), reminder_lookahead()
    meetings = list(meetings_due_for_messages(now=now, lookback=lookback, lookahead=lookahead))
    if not meetings:
        return 0
    people = people_to_tell_about(meetings)
    choices = email_choices_for(person_ids={p.pk for group in people.values() for p in group})
    candidates: list[tuple[str, Meeting, str, User]] = []
    for meeting in meetings:
        start, end = timed(meeting)
        kinds = due_kinds(start=start, end=end, now=now, lookback=lookback, lookahead=lookahead)
        for kind in kinds:
            topic = FOLLOW_UP_KIND if kind == FOLLOW_UP else REMINDER_KIND
            candidates += [
                (message_key(meeting, kind, person), meeting, kind, person)
                for person in people[meeting.pk]
                if person.is_active and person.email and choices.wants(person.pk, topic)
            ]
    written = set(
        OutboxMessage.objects.filter(key__in=[key for key, *_ in candidates]).values_list("key", flat=True)
    )
    emails = []
    for key, meeting, kind, person in candidates:
        if key in written:
            continue
        if kind == FOLLOW_UP:
            emails.append(KeyedEmail(key, follow_up_email(meeting, person)))
            continue
        # Sent at its moment, or now if that has passed; the time left is counted from then.
        send_at = max(reminder_moment(start=timed(meeting)[0], kind=kind), now)
        emails.append(KeyedEmail(key, reminder_email(meeting, person, kind=kind, now=send_at), send_at))
    enqueue_many(emails)
    return len(emails)
