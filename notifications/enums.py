"""Kinds of notification, grouped by the part of the site they come from.

A kind is a dotted name, `<group>.<what happened>`; it is also the type of the live event the
domain app sends about the same change (`meeting.requested`), so one name serves both.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationGroup(models.TextChoices):
    MEETING = "meeting", _("Meetings")
    EVENT = "event", _("Matchmaking events")
    PROJECT = "project", _("Projects")
    MEMBERSHIP = "membership", _("Membership")
    BEST_CASE = "best_case", _("Best cases")
    DIGEST = "digest", _("Weekly digest")


class NotificationKind(models.TextChoices):
    MEETING_REQUESTED = "meeting.requested", _("Someone asks you for a meeting")
    MEETING_CONFIRMED = "meeting.confirmed", _("A meeting is confirmed")
    MEETING_DECLINED = "meeting.declined", _("A meeting request is declined")
    MEETING_RESCHEDULED = "meeting.rescheduled", _("A new time is proposed for a meeting")
    MEETING_CANCELLED = "meeting.cancelled", _("A meeting is cancelled")
    MEETING_UPDATED = "meeting.updated", _("A meeting changes (time, table or video link)")
    MEETING_HELD = "meeting.held", _("A meeting is marked as held")
    MEETING_NO_SHOW = "meeting.no_show", _("A meeting is marked as a no-show")
    MEETING_EXPIRED = "meeting.expired", _("A meeting request expires unanswered")
    MEETING_REMINDER = (
        "meeting.reminder",
        _("Reminders 24 hours and 15 minutes before a meeting (e-mail only)"),
    )
    MEETING_FOLLOW_UP = "meeting.follow_up", _("After a meeting: how did it go? (e-mail only)")
    EVENT_REQUEST_RECEIVED = "event.request_received", _("Someone asks you for a meeting at an event")
    EVENT_REQUEST_ANSWERED = "event.request_answered", _("Your meeting request at an event is answered")
    EVENT_AGENDA_PUBLISHED = "event.agenda_published", _("An event's agenda is published")
    PROJECT_PROPOSED = "project.proposed", _("A project is proposed with your organisation")
    PROJECT_STAGE_CHANGED = "project.stage_changed", _("A project moves to another stage")
    PROJECT_NOTE_ADDED = "project.note_added", _("Someone adds a note to a project")
    MEMBERSHIP_APPLICATION_SUBMITTED = (
        "membership.application_submitted",
        _("An organisation applies for membership (staff)"),
    )
    MEMBERSHIP_APPLICATION_DECIDED = (
        "membership.application_decided",
        _("Your membership application is decided"),
    )
    MEMBERSHIP_JOIN_REQUESTED = "membership.join_requested", _("Someone asks to join your organisation")
    MEMBERSHIP_JOIN_DECIDED = "membership.join_decided", _("Your request to join an organisation is decided")
    BEST_CASE_PUBLISHED = "best_case.published", _("A best case you submitted is published")
    BEST_CASE_RETURNED = "best_case.returned", _("A best case you submitted is sent back for changes")
    DIGEST_WEEKLY = (
        "digest.weekly",
        _("Weekly: new matches for your organisation, or the week's figures (staff; e-mail only)"),
    )


def group_of(kind: str) -> str:
    """The group a kind belongs to: the part before its first dot."""
    return kind.split(".", 1)[0]


def kinds_by_group() -> list[tuple[NotificationGroup, list[NotificationKind]]]:
    """Every group with its kinds, in declaration order (groups without kinds left out)."""
    grouped = [
        (group, [k for k in NotificationKind if group_of(k.value) == group.value])
        for group in NotificationGroup
    ]
    return [(group, kinds) for group, kinds in grouped if kinds]
