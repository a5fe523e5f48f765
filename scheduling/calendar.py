"""iCalendar (RFC 5545/5546) files of meetings: one meeting to download or attach, or a person's feed.

Every copy of a meeting carries the same UID and the meeting's SEQUENCE, which rises with each
change a calendar must apply (acceptance, new time, cancellation). So a calendar that imported an
earlier copy updates that entry instead of adding a second one, and a cancellation (METHOD:CANCEL,
STATUS:CANCELLED) removes it. Times are written in UTC.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from accounts.models import User
from scheduling.enums import MeetingStatus
from scheduling.models import Meeting

PRODID = "-//Solutions Meet Cities//Meetings//EN"
CONTENT_TYPE = "text/calendar; charset=utf-8"

_STATUS = {
    MeetingStatus.REQUESTED: "TENTATIVE",
    MeetingStatus.RESCHEDULED: "TENTATIVE",
    MeetingStatus.CONFIRMED: "CONFIRMED",
    MeetingStatus.HELD: "CONFIRMED",
    MeetingStatus.NO_SHOW: "CONFIRMED",
    MeetingStatus.DECLINED: "CANCELLED",
    MeetingStatus.CANCELLED: "CANCELLED",
    MeetingStatus.EXPIRED: "CANCELLED",
}


def is_called_off(meeting: Meeting) -> bool:
    return meeting.status in (MeetingStatus.CANCELLED, MeetingStatus.DECLINED, MeetingStatus.EXPIRED)


def method_for(meeting: Meeting) -> str:
    """REQUEST while the meeting stands (a new or updated invitation), CANCEL once it is called off."""
    return "CANCEL" if is_called_off(meeting) else "REQUEST"


def _address(user: User) -> vCalAddress:
    address = vCalAddress(f"mailto:{user.email}")
    address.params["cn"] = vText(str(user))
    return address


def _attendee(user: User, side: str) -> vCalAddress:
    address = _address(user)
    address.params["role"] = vText("REQ-PARTICIPANT")
    address.params["x-smc-side"] = vText(side)
    return address


def attendees_of(meeting: Meeting) -> list[tuple[User, str]]:
    """The people of both sides, once each: who asked (organiser side), and who answers for the
    invitee side (who accepted for an organisation, or the invited person); an organisation that has
    not answered yet has no person to name."""
    people = [(meeting.requested_by, "organiser")]
    invitee_person = meeting.accepted_by or meeting.invitee.user
    if invitee_person is not None and invitee_person.pk != meeting.requested_by_id:
        people.append((invitee_person, "invitee"))
    return people


def meeting_event(meeting: Meeting, *, location: str = "") -> Event:
    """The VEVENT of a meeting that has a time; `location` (a venue and table) for a meeting in
    person, else the video link is the location."""
    if meeting.start is None or meeting.end is None:
        raise ValueError("A meeting without a time has no calendar entry yet.")
    event = Event()
    event.add("uid", meeting.ics_uid)
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", (meeting.updated_at or timezone.now()).astimezone(UTC))
    if meeting.created_at:
        event.add("created", meeting.created_at.astimezone(UTC))
    event.add("dtstart", meeting.start.astimezone(UTC))
    event.add("dtend", meeting.end.astimezone(UTC))
    # In the active language: the reader's (scheduling.emails, the feed's owner, the downloader).
    event.add(
        "summary",
        _("%(subject)s (meeting of %(organiser)s and %(invitee)s)")
        % {"subject": meeting.subject, "organiser": meeting.organiser, "invitee": meeting.invitee},
    )
    description = [meeting.message] if meeting.message else []
    if meeting.video_link:
        description.append(_("Video call: %(video_link)s") % {"video_link": meeting.video_link})
        event.add("url", meeting.video_link)
    if location or meeting.video_link:
        event.add("location", location or meeting.video_link)
    if description:
        event.add("description", "\n\n".join(description))
    event.add("status", _STATUS[MeetingStatus(meeting.status)])
    event.add("organizer", _address(meeting.requested_by))
    for person, side in attendees_of(meeting):
        event.add("attendee", _attendee(person, side))
    return event


def _calendar(method: str | None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    return calendar


def meeting_ics(meeting: Meeting) -> bytes:
    """The .ics of one meeting, as a scheduling message (REQUEST or CANCEL)."""
    calendar = _calendar(method_for(meeting))
    calendar.add_component(meeting_event(meeting))
    return calendar.to_ical()


def released_time_ics(meeting: Meeting, *, start: datetime, end: datetime) -> bytes:
    """A cancellation of the calendar entry at [start, end) that `meeting` held until new times were
    proposed (it holds none until one is chosen): the same UID at the meeting's new SEQUENCE, so
    calendars remove the old entry; the chosen time later comes as a REQUEST with a higher one."""
    held = copy.copy(meeting)
    held.start, held.end = start, end
    event = meeting_event(held)
    event["status"] = vText("CANCELLED")
    calendar = _calendar("CANCEL")
    calendar.add_component(event)
    return calendar.to_ical()


def feed_ics(meetings: Iterable[Meeting], *, name: str, locations: Mapping[int, str] | None = None) -> bytes:
    """A subscribable calendar of `meetings` (called-off ones stay, marked CANCELLED, so subscribers
    drop them); `locations` by meeting id, where the caller knows them (an event's venue and table)."""
    calendar = _calendar("PUBLISH")
    calendar.add("x-wr-calname", name)
    for meeting in meetings:
        if meeting.start is not None:
            calendar.add_component(meeting_event(meeting, location=(locations or {}).get(meeting.pk, "")))
    return calendar.to_ical()
