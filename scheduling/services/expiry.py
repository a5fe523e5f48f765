"""Requests nobody answered expire: after `settings.MEETING_REQUEST_EXPIRY_DAYS` without a change,
or as soon as the time they hold, or every time they propose, has come.

`manage.py expire_meeting_requests` runs `expire_unanswered_requests` (cron today, Celery beat
later): all due meetings in one transaction and a fixed number of queries, however many there are.
An expired meeting is final: its held time is freed, both sides are told (notification centre and
e-mail, with a CANCEL `.ics` where it had a time) and its history says why.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from common.languages import per_reader
from notifications.selectors import email_choices_for
from notifications.services import Notice, deliver_notifications
from outbox.services.queueing import enqueue_many
from scheduling import selectors
from scheduling.emails import meeting_emails
from scheduling.enums import MeetingAction, MeetingStatus
from scheduling.models import Meeting
from scheduling.notices import change_text, meeting_link, meeting_title
from scheduling.services.claims import release_meeting_times
from scheduling.services.history import history_entry, record_history
from scheduling.services.meetings import meeting_payload
from scheduling.signals import announce_meetings_called_off

EXPIRED = "meeting.expired"


def _why(meeting: Meeting, *, now: datetime, days: int) -> str:
    """Why `meeting` expires now (its proposals are loaded, open ones only)."""
    if meeting.start is not None and meeting.start <= now:
        return _("Its time came without an answer, so nothing is booked.")
    if meeting.start is None and all(proposal.start <= now for proposal in meeting.proposals.all()):
        return _("Every proposed time passed without an answer, so nothing is booked.")
    return ngettext(
        "Nobody answered it within %(days)s day, so nothing is booked and any time held for it is free "
        "again.",
        "Nobody answered it within %(days)s days, so nothing is booked and any time held for it is free "
        "again.",
        days,
    ) % {"days": days}


@transaction.atomic
def expire_unanswered_requests(*, now: datetime | None = None) -> list[Meeting]:
    """Expire every meeting still waiting for an answer that is due (`selectors.expiring_requests`):
    status `expired`, held time released, a history row saying why, both sides notified and e-mailed
    after the commit. Meetings being answered at this moment (row locked) are left for the next run;
    running it again expires nothing new. A constant number of queries, however many meetings (one
    writes the e-mails to the outbox, one ends what cities shared on these meetings,
    `scheduling.signals.meetings_called_off`)."""
    now = now or timezone.now()
    days = settings.MEETING_REQUEST_EXPIRY_DAYS
    due = selectors.expiring_requests(now=now, unanswered_since=now - timedelta(days=days))
    meetings = list(
        due.select_for_update(of=("self",), skip_locked=True)
        .select_related(
            "organiser__organisation",
            "organiser__user",
            "invitee__organisation",
            "invitee__user",
            "requested_by",
            "accepted_by",
        )
        .prefetch_related(selectors.open_proposals())
        .order_by("pk")
    )
    if not meetings:
        return []
    why = {meeting.pk: _why(meeting, now=now, days=days) for meeting in meetings}
    Meeting.objects.filter(pk__in=list(why)).update(
        status=MeetingStatus.EXPIRED, awaiting_side="", sequence=F("sequence") + 1, updated_at=now
    )
    for meeting in meetings:
        meeting.status, meeting.awaiting_side, meeting.updated_at = MeetingStatus.EXPIRED, "", now
        meeting.sequence += 1
    release_meeting_times(meetings)
    announce_meetings_called_off(meeting_ids=list(why), reason=_("The meeting request expired unanswered."))
    record_history(
        history_entry(meeting, actor=None, action=MeetingAction.EXPIRED, note=why[meeting.pk])
        for meeting in meetings
    )
    people = selectors.people_to_tell_about(meetings)
    deliver_notifications(
        notices=[
            Notice(
                recipient=person,
                kind=EXPIRED,
                title=per_reader(meeting_title, meeting, EXPIRED),
                link=meeting_link(meeting),
                body=per_reader(
                    change_text, EXPIRED, time_zone=person.time_zone or "UTC", note=why[meeting.pk]
                ),
                payload=meeting_payload(meeting),
            )
            for meeting in meetings
            for person in people[meeting.pk]
        ]
    )
    choices = email_choices_for(person_ids={person.pk for told in people.values() for person in told})
    enqueue_many(
        email
        for meeting in meetings
        for email in meeting_emails(
            meeting, EXPIRED, people[meeting.pk], choices=choices, note=why[meeting.pk]
        )
    )
    return meetings
