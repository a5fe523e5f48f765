"""Availability, meetings and their history.

Times of meetings are stored in UTC; availability is stored in wall-clock time with its IANA time
zone (see scheduling/availability.py for why). "No double booking" lives in the database: every
participant of a meeting has a `MeetingAttendance` row, and on PostgreSQL an exclusion constraint
(migration 0002) forbids two active rows of one participant whose times overlap.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Organisation, validate_time_zone
from common.dates import local_hours
from common.fields import NOTE_LENGTH, BoundedTextField
from common.models import TimeStampedModel
from scheduling.enums import MeetingAction, MeetingStatus, Side

MIN_MEETING_MINUTES = 5
MAX_MEETING_MINUTES = 8 * 60


class Weekday(models.IntegerChoices):
    MONDAY = 0, gettext_lazy("Monday")
    TUESDAY = 1, gettext_lazy("Tuesday")
    WEDNESDAY = 2, gettext_lazy("Wednesday")
    THURSDAY = 3, gettext_lazy("Thursday")
    FRIDAY = 4, gettext_lazy("Friday")
    SATURDAY = 5, gettext_lazy("Saturday")
    SUNDAY = 6, gettext_lazy("Sunday")


def default_meeting_lengths() -> list[int]:
    return [30]


class Participant(TimeStampedModel):
    """Someone who can be booked: one person, or an organisation (whose people act for it).

    Holds the booking settings; created on first use. Its `key` ("org-12", "user-5") names it in
    URLs and in the channel-layer group of its booking page.
    """

    organisation = models.OneToOneField(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="scheduling_participant"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="scheduling_participant",
    )
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    meeting_lengths = models.JSONField(
        default=default_meeting_lengths,
        help_text=gettext_lazy("Meeting lengths offered, in minutes, e.g. [30, 45]."),
    )
    buffer_minutes = models.PositiveSmallIntegerField(
        default=0,
        validators=[MaxValueValidator(240)],
        help_text=gettext_lazy("Free time kept around every meeting."),
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=True, user__isnull=False)
                | Q(organisation__isnull=False, user__isnull=True),
                name="participant_is_one_organisation_or_one_user",
            ),
        ]

    def __str__(self) -> str:
        return str(self.organisation or self.user)

    @property
    def key(self) -> str:
        return f"org-{self.organisation_id}" if self.organisation_id else f"user-{self.user_id}"

    @property
    def is_organisation(self) -> bool:
        return self.organisation_id is not None

    def clean(self) -> None:
        lengths = self.meeting_lengths
        if (
            not isinstance(lengths, list)
            or not lengths
            or not all(
                isinstance(n, int) and MIN_MEETING_MINUTES <= n <= MAX_MEETING_MINUTES for n in lengths
            )
        ):
            raise ValidationError(
                {
                    "meeting_lengths": (
                        _(
                            "Offer at least one length, each a whole number of minutes between "
                            "%(min_meeting_minutes)s and %(max_meeting_minutes)s."
                        )
                        % {
                            "min_meeting_minutes": MIN_MEETING_MINUTES,
                            "max_meeting_minutes": MAX_MEETING_MINUTES,
                        }
                    )
                }
            )
        if len(set(lengths)) != len(lengths):
            raise ValidationError({"meeting_lengths": _("Lengths must not repeat.")})
        self.meeting_lengths = sorted(lengths)


class AvailabilityRule(TimeStampedModel):
    """Available every `weekday` from `start_time` to `end_time`, wall-clock time in `time_zone`."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="rules")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    start_time = models.TimeField()
    end_time = models.TimeField()
    time_zone = models.CharField(max_length=64, validators=[validate_time_zone])

    class Meta:
        ordering = ["participant", "weekday", "start_time", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(weekday__lte=6), name="availability_rule_weekday_range"),
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")), name="availability_rule_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        # Listed on the availability page: the hours as the reader's language writes them.
        return f"{self.get_weekday_display()} {local_hours(self.start_time, self.end_time)} {self.time_zone}"

    def clean(self) -> None:
        if self.start_time is not None and self.end_time is not None and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("The window must end after it starts (on the same day).")})


class AvailabilityException(TimeStampedModel):
    """Not available: whole days (a holiday) or a daily time window (a busy block), in `time_zone`."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="exceptions")
    start_date = models.DateField()
    end_date = models.DateField()
    start_time = models.TimeField(null=True, blank=True)
    end_time = models.TimeField(null=True, blank=True)
    time_zone = models.CharField(max_length=64, validators=[validate_time_zone])
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["participant", "start_date", "start_time", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="availability_exception_dates_in_order"
            ),
            models.CheckConstraint(
                condition=Q(start_time__isnull=True, end_time__isnull=True)
                | Q(start_time__isnull=False, end_time__isnull=False, end_time__gt=F("start_time")),
                name="availability_exception_times_whole_or_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start_date}-{self.end_date} {self.reason}".strip()

    def clean(self) -> None:
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The last day cannot come before the first.")
        if (self.start_time is None) != (self.end_time is None):
            errors["end_time"] = _("Give both times for a busy block, or neither for whole days.")
        elif self.start_time is not None and self.end_time is not None and self.end_time <= self.start_time:
            errors["end_time"] = _("The block must end after it starts.")
        if errors:
            raise ValidationError(errors)


class Meeting(TimeStampedModel):
    """A meeting asked for by the `organiser` side with the `invitee` side. Never deleted.

    `uid` and `sequence` are the iCalendar UID and SEQUENCE: every calendar copy of the meeting is
    the same entry, and a higher sequence replaces (or cancels) the earlier copies.
    """

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organiser = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="organised_meetings")
    invitee = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="invited_meetings")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="requested_meetings"
    )
    # The invitee organisation's person who accepted; they attend (and are blocked) from then on.
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField(max_length=200)
    message = BoundedTextField(max_length=NOTE_LENGTH, blank=True)
    start = models.DateTimeField(null=True, blank=True)
    end = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.REQUESTED)
    awaiting_side = models.CharField(max_length=16, choices=Side.choices, blank=True)
    sequence = models.PositiveIntegerField(default=0)
    video_link = models.URLField(max_length=500, blank=True)

    class Meta:
        ordering = ["-start", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True, end__isnull=True)
                | Q(start__isnull=False, end__isnull=False, end__gt=F("start")),
                name="meeting_time_unset_or_in_order",
            ),
            models.CheckConstraint(
                condition=~Q(organiser=F("invitee")), name="meeting_between_two_participants"
            ),
        ]
        indexes = [models.Index(fields=["status", "start"])]

    def __str__(self) -> str:
        return self.subject

    @property
    def ics_uid(self) -> str:
        return f"{self.uid}@solutions-meet-cities"


class MeetingProposal(models.Model):
    """A time proposed for the other side to pick: in the request, or later as new times.

    Never deleted: proposing new times supersedes the open ones (`superseded`), so what each side
    proposed stays on record; only open proposals can be accepted, and only they must not repeat.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="proposals")
    start = models.DateTimeField()
    end = models.DateTimeField()
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    superseded = models.BooleanField(
        default=False, help_text=gettext_lazy("Replaced by times proposed later.")
    )

    class Meta:
        ordering = ["start", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="meeting_proposal_in_order"),
            models.UniqueConstraint(
                fields=["meeting", "start"],
                condition=Q(superseded=False),
                name="meeting_proposal_unique_open_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start:%Y-%m-%d %H:%M} UTC"


@dataclass(frozen=True)
class ProposedTime:
    """One time a history row proposed (aware, UTC)."""

    start: datetime
    end: datetime


class MeetingAttendance(models.Model):
    """One participant's claim on a meeting's time. Active claims never overlap (PostgreSQL)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendances")
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="attendances")
    start = models.DateTimeField()
    end = models.DateTimeField()
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["meeting", "participant"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "participant"], name="meeting_attendance_unique"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="meeting_attendance_in_order"),
        ]
        indexes = [models.Index(fields=["participant", "active", "start"])]

    def __str__(self) -> str:
        return f"{self.participant} in {self.meeting}"


class MeetingEvent(models.Model):
    """One change of a meeting, as it was made: the history. Rows are only ever added."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=24, choices=MeetingAction.choices)
    status = models.CharField(
        max_length=16, choices=MeetingStatus.choices, help_text=gettext_lazy("Status after it.")
    )
    start = models.DateTimeField(null=True, blank=True)
    end = models.DateTimeField(null=True, blank=True)
    sequence = models.PositiveIntegerField()
    note = BoundedTextField(max_length=NOTE_LENGTH, blank=True)
    # The times this change proposed for the other side to pick (a request with proposed times, new
    # times proposed later), as [{"start": ISO, "end": ISO}] in UTC: the row keeps them as they were
    # proposed, like its status and time, and the history reads them without another query.
    proposed = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.action}"

    @property
    def proposed_times(self) -> list[ProposedTime]:
        return [
            ProposedTime(datetime.fromisoformat(p["start"]), datetime.fromisoformat(p["end"]))
            for p in self.proposed or []
        ]


class CalendarFeed(TimeStampedModel):
    """A person's private iCalendar feed. The token is the only credential: rotating it revokes it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}"
