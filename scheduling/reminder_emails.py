"""The reminder e-mails before a meeting and the "how did it go?" e-mail after it, in the reader's
own time zone (their profile's), with the join link, or the event and table for a meeting of a
published event agenda. Built in memory; `scheduling.services.reminders` puts them in the outbox."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from common.languages import in_language_of
from common.links import absolute_url
from scheduling.models import Meeting
from scheduling.notices import local_span, meeting_link
from scheduling.reminders import REMINDER_24H


def _event_meeting(meeting: Meeting) -> object | None:
    # The reverse one-to-one from events (loaded by the selector); None for an on-demand meeting.
    return getattr(meeting, "event_meeting", None)


def timed(meeting: Meeting) -> tuple[datetime, datetime]:
    """The start and end of a meeting that has a time (as every meeting due a message has)."""
    if meeting.start is None or meeting.end is None:
        raise ValueError(f"Meeting {meeting.pk} has no time.")
    return meeting.start, meeting.end


def _time_left(start: datetime, now: datetime) -> str:
    minutes = max(round((start - now).total_seconds() / 60), 0)
    if minutes >= 120:
        hours = round(minutes / 60)
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


def _with(meeting: Meeting) -> str:
    return _("With: %(organiser)s and %(invitee)s") % {
        "organiser": meeting.organiser,
        "invitee": meeting.invitee,
    }


def _where_lines(meeting: Meeting) -> list[str]:
    lines = []
    placement = _event_meeting(meeting)
    if placement is not None:
        event = placement.event  # type: ignore[attr-defined]
        table = placement.published_table or placement.table  # type: ignore[attr-defined]
        lines.append(_("Event: %(event)s, table %(table)s") % {"event": event.name, "table": table})
        if event.venue:
            lines.append(_("Venue: %(venue)s") % {"venue": event.venue})
    if meeting.video_link:
        lines.append(_("Join the call: %(link)s") % {"link": meeting.video_link})
    return lines


@in_language_of("person")
def reminder_email(meeting: Meeting, person: User, *, kind: str, now: datetime) -> EmailMessage:
    """The reminder `kind` (24 hours or 15 minutes ahead) of `meeting` for `person`, its time in
    their time zone and the time left counted from `now`."""
    start, end = timed(meeting)
    time_zone = person.time_zone or "UTC"
    when = local_span(start, end, time_zone)
    if kind == REMINDER_24H:
        subject = _("Reminder: %(subject)s, %(when)s") % {"subject": meeting.subject, "when": when}
    else:
        subject = _("Starting soon: %(subject)s") % {"subject": meeting.subject}
    lines = [
        _("Your meeting %(subject)s starts in %(left)s.")
        % {"subject": meeting.subject, "left": _time_left(start, now)},
        _with(meeting),
        _("When: %(when)s") % {"when": when},
        *_where_lines(meeting),
        "",
        _("The meeting: %(link)s") % {"link": absolute_url(meeting_link(meeting))},
        _("Reminders by e-mail can be turned off in your notification settings: %(link)s")
        % {"link": absolute_url(reverse("frontend:notification-settings"))},
    ]
    return EmailMessage(
        subject=subject,
        body="\n".join(lines) + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[person.email],
    )


@in_language_of("person")
def follow_up_email(meeting: Meeting, person: User) -> EmailMessage:
    """After `meeting`: how did it go? For an event meeting, a link to rate it and record its outcome
    on the event's feedback page; for an on-demand one, to record on its page whether it was held."""
    start, end = timed(meeting)
    when = local_span(start, end, person.time_zone or "UTC")
    placement = _event_meeting(meeting)
    if placement is not None:
        slug = placement.event.slug  # type: ignore[attr-defined]
        link = absolute_url(reverse("frontend:event-feedback", args=[slug]))
        ask = _(
            "Rate it and record its outcome (no interest, further contact, negotiation, agreement): %(link)s"
        )
    else:
        link = absolute_url(meeting_link(meeting))
        ask = _("Record whether it took place, and propose a next meeting if there should be one: %(link)s")
    lines = [
        _("How did your meeting %(subject)s go?") % {"subject": meeting.subject},
        _with(meeting),
        _("When: %(when)s") % {"when": when},
        "",
        ask % {"link": link},
        _("These e-mails can be turned off in your notification settings: %(link)s")
        % {"link": absolute_url(reverse("frontend:notification-settings"))},
    ]
    return EmailMessage(
        subject=_("How did it go? %(subject)s") % {"subject": meeting.subject},
        body="\n".join(lines) + "\n",
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[person.email],
    )
