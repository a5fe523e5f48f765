"""Matchmaking events (issue 6).

An event is a day (or several) of one-to-one meetings at numbered tables in fixed time slots.
Organisations register with their representatives; accepted meeting requests are placed by the
scheduler (`scheduling.solver`) into a slot and a table (`EventMeeting`); publishing creates
`scheduling.Meeting` rows through scheduling's public services. "Nobody twice in a slot" and "one
meeting per table per slot" are unique constraints here, and the published meetings fall under
scheduling's exclusion constraint like every other meeting.

These models lived in `matchmaking` until the events app was split out; their tables keep their
names (`Meta.db_table`), so an existing database moved forward without copying a row
(`events/migrations/0001_initial.py`).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Organisation, validate_time_zone
from common.dates import local_short_day, local_time
from common.fields import LONG_TEXT_LENGTH, NOTE_LENGTH, BoundedTextField, ChoiceListField
from common.models import TimeStampedModel
from common.translated_content import ContentTranslation, original_language_field
from events.enums import (
    EventMeetingStatus,
    EventPhase,
    MeetingOutcome,
    RequestPriority,
    RequestStatus,
    RunStatus,
    SolverStatus,
)
from solutions.enums import Sector

MIN_MEETING_MINUTES = 5
MAX_MEETING_MINUTES = 240
MAX_TABLES = 500
MAX_SLOTS_PER_SESSION = 48
PROFILE_TEXT_MAX = 1000  # what an organisation offers or looks for: a paragraph, not a brochure


class Event(TimeStampedModel):
    """A matchmaking event: where, in which time zone, how long a meeting is, how many tables."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    description = BoundedTextField(max_length=LONG_TEXT_LENGTH, blank=True)
    # The language of name and description; translations are EventTranslation rows.
    original_language = original_language_field()
    venue = models.CharField(
        max_length=300, blank=True, help_text=gettext_lazy("Address; empty for an online event.")
    )
    online_url = models.URLField(
        gettext_lazy("online link"),
        max_length=500,
        blank=True,
        help_text=gettext_lazy("Video-call or event platform link."),
    )
    time_zone = models.CharField(max_length=64, validators=[validate_time_zone])
    phase = models.CharField(max_length=24, choices=EventPhase.choices, default=EventPhase.REGISTRATION_OPEN)
    meeting_minutes = models.PositiveSmallIntegerField(
        default=30,
        validators=[MinValueValidator(MIN_MEETING_MINUTES), MaxValueValidator(MAX_MEETING_MINUTES)],
    )
    tables = models.PositiveSmallIntegerField(
        default=10, validators=[MinValueValidator(1), MaxValueValidator(MAX_TABLES)]
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        db_table = "matchmaking_event"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    meeting_minutes__gte=MIN_MEETING_MINUTES, meeting_minutes__lte=MAX_MEETING_MINUTES
                ),
                name="event_meeting_minutes_range",
            ),
            models.CheckConstraint(
                condition=Q(tables__gte=1, tables__lte=MAX_TABLES), name="event_tables_range"
            ),
            models.CheckConstraint(
                condition=~Q(venue="") | ~Q(online_url=""), name="event_has_venue_or_online_link"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_online(self) -> bool:
        return not self.venue

    def clean(self) -> None:
        if not self.venue and not self.online_url:
            raise ValidationError({"venue": _("Give a venue, or an online link for an online event.")})


class EventTranslation(ContentTranslation):
    """An event's name and description in another language, entered by staff."""

    PARENT_FIELD = "event"
    TEXT_FIELDS = ("name", "description")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="translations")
    name = models.CharField(max_length=200)
    description = BoundedTextField(max_length=LONG_TEXT_LENGTH, blank=True)

    class Meta:
        ordering = ["language"]
        constraints = [models.UniqueConstraint(fields=["event", "language"], name="event_translation_unique")]


class EventSession(models.Model):
    """A block of consecutive slots on one day (e.g. the morning from 09:00), wall-clock time in the
    event's time zone."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    day = models.DateField()
    name = models.CharField(max_length=60, help_text=gettext_lazy("e.g. Morning, Afternoon."))
    start_time = models.TimeField()
    slot_count = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(MAX_SLOTS_PER_SESSION)]
    )

    class Meta:
        db_table = "matchmaking_eventsession"
        ordering = ["event", "day", "start_time", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "day", "start_time"], name="event_session_unique_start"),
            models.CheckConstraint(
                condition=Q(slot_count__gte=1, slot_count__lte=MAX_SLOTS_PER_SESSION),
                name="event_session_slot_count_range",
            ),
        ]

    def __str__(self) -> str:
        # Shown as the meeting request form's session choices: the day in the reader's language.
        return f"{self.name} {local_short_day(self.day)} {local_time(self.start_time)}"


class EventSlot(models.Model):
    """One meeting slot, materialised from its session: `index` counts from 0 across the whole event
    (the solver's slot number); start and end are UTC instants computed in the event's time zone."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="slots")
    session = models.ForeignKey(EventSession, on_delete=models.CASCADE, related_name="slots")
    index = models.PositiveIntegerField()
    start = models.DateTimeField()
    end = models.DateTimeField()

    class Meta:
        db_table = "matchmaking_eventslot"
        ordering = ["event", "index"]
        constraints = [
            models.UniqueConstraint(fields=["event", "index"], name="event_slot_unique_index"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="event_slot_in_order"),
        ]

    def __str__(self) -> str:
        return f"slot {self.index + 1} ({self.start:%Y-%m-%d %H:%M} UTC)"


class EventRegistration(TimeStampedModel):
    """A member organisation taking part: the solver's participant, with the profile other
    participants browse in the attendee list (what it offers, what it looks for, its sectors)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="event_registrations"
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    offer = models.CharField(
        gettext_lazy("what we offer"),
        max_length=PROFILE_TEXT_MAX,
        blank=True,
        help_text=gettext_lazy("Solutions, services, expertise."),
    )
    seek = models.CharField(
        gettext_lazy("what we look for"),
        max_length=PROFILE_TEXT_MAX,
        blank=True,
        help_text=gettext_lazy("Partners, solutions, projects you would like to meet about."),
    )
    sectors = ChoiceListField(choices_enum=Sector)

    class Meta:
        db_table = "matchmaking_eventregistration"
        ordering = ["event", "organisation__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "organisation"], name="event_registration_unique_org"),
        ]

    def __str__(self) -> str:
        return str(self.organisation)

    @property
    def sector_labels(self) -> list[str]:
        return [str(Sector(value).label) for value in self.sectors if value in Sector.values]


class EventRepresentative(models.Model):
    """A person attending for a registered organisation, with the slots they cannot attend."""

    registration = models.ForeignKey(
        EventRegistration, on_delete=models.CASCADE, related_name="representatives"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="event_roles")
    unavailable_slots = models.ManyToManyField(
        EventSlot, blank=True, related_name="unavailable_representatives"
    )
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        db_table = "matchmaking_eventrepresentative"
        ordering = ["registration", "user__last_name", "user__first_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "user"], name="event_representative_unique"),
        ]

    def __str__(self) -> str:
        return str(self.user)


class EventMeetingRequest(TimeStampedModel):
    """One registration asks another for a meeting. One request per ordered pair, ever."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meeting_requests")
    requester = models.ForeignKey(EventRegistration, on_delete=models.CASCADE, related_name="requests_sent")
    receiver = models.ForeignKey(
        EventRegistration, on_delete=models.CASCADE, related_name="requests_received"
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    message = BoundedTextField(max_length=NOTE_LENGTH, blank=True)
    priority = models.PositiveSmallIntegerField(
        choices=RequestPriority.choices, default=RequestPriority.NORMAL
    )
    session_wish = models.ForeignKey(
        EventSession,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=gettext_lazy("Empty: any session."),
    )
    status = models.CharField(max_length=16, choices=RequestStatus.choices, default=RequestStatus.PENDING)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "matchmaking_eventmeetingrequest"
        ordering = ["event", "-priority", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["requester", "receiver"], name="event_request_unique_pair"),
            models.CheckConstraint(condition=~Q(requester=F("receiver")), name="event_request_two_parties"),
        ]
        indexes = [models.Index(fields=["event", "status"])]

    def __str__(self) -> str:
        return f"{self.requester} → {self.receiver}"


class ScheduleRun(models.Model):
    """One run of the scheduler over an event: its state, the solver's figures and its explanation
    of what could not be placed (`problems`)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="runs")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=16, choices=RunStatus.choices, default=RunStatus.QUEUED)
    solver_status = models.CharField(
        max_length=16,
        blank=True,
        choices=SolverStatus.choices,
        help_text=gettext_lazy(
            "optimal, feasible, partial, infeasible or unknown (see SolverStatus); empty while running"
        ),
    )
    time_limit_s = models.FloatField()
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True)
    requested = models.PositiveIntegerField(
        default=0, help_text=gettext_lazy("Accepted requests given to the solver.")
    )
    placed = models.PositiveIntegerField(default=0)
    pinned = models.PositiveIntegerField(default=0)
    total_breaks = models.PositiveIntegerField(null=True, blank=True)
    break_spread = models.PositiveIntegerField(null=True, blank=True)
    problems = models.JSONField(
        default=list, blank=True, help_text=gettext_lazy("Why not everything was placed.")
    )
    applied = models.BooleanField(
        default=False, help_text=gettext_lazy("Whether its placements became the draft.")
    )
    cancel_requested = models.BooleanField(
        default=False,
        help_text=gettext_lazy("Staff asked to stop it; the worker stops the search and ends it cancelled."),
    )
    heartbeat_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=gettext_lazy("Last sign of life of the worker solving it (with each progress)."),
    )
    progress = models.JSONField(
        default=dict,
        blank=True,
        help_text=gettext_lazy("The search so far: objective (breaks), bound, seconds."),
    )

    class Meta:
        db_table = "matchmaking_schedulerun"
        constraints = [
            # Two runs of one event at once would overwrite each other's draft.
            models.UniqueConstraint(
                fields=["event"],
                condition=Q(status__in=["queued", "running"]),
                name="one_active_schedule_run_per_event",
            ),
        ]
        ordering = ["event", "-started_at", "-id"]
        get_latest_by = "started_at"

    def __str__(self) -> str:
        return f"Run {self.pk} of {self.event}: {self.status}"

    @property
    def solver_summary(self) -> str:
        """The result in one honest sentence: what was placed and whether the time limit or a proof
        decided it ("" while running or after a failure)."""
        counts = {"placed": self.placed, "requested": self.requested}
        summaries: dict[str, str] = {
            SolverStatus.OPTIMAL: _(
                "Optimal: all %(requested)s requested meetings placed with the fewest breaks."
            ),
            SolverStatus.FEASIBLE: _(
                "Feasible: all %(requested)s requested meetings placed; time limit reached before the "
                "fewest breaks were proven."
            ),
            SolverStatus.PARTIAL: _(
                "Partial: %(placed)s of %(requested)s requested meetings placed; time limit reached."
            ),
            SolverStatus.INFEASIBLE: _(
                "Infeasible: not every meeting can be placed (proven); %(placed)s of %(requested)s "
                "requested meetings placed."
            ),
            SolverStatus.UNKNOWN: _(
                "Nothing placed: time limit reached before any schedule of the %(requested)s requested "
                "meetings was found."
            ),
        }
        summary = summaries.get(self.solver_status)
        return summary % counts if summary is not None else ""


class EventMeeting(models.Model):
    """An accepted request's place in the schedule: a slot and a table (both empty while unplaced).

    `pinned` meetings keep their place when the scheduler runs again. `meeting` is the
    `scheduling.Meeting` written when the schedule is published; `published_slot`/`published_table`
    remember what was published, so a republish knows what changed.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="meetings")
    request = models.OneToOneField(EventMeetingRequest, on_delete=models.CASCADE, related_name="placement")
    requester = models.ForeignKey(EventRegistration, on_delete=models.CASCADE, related_name="+")
    receiver = models.ForeignKey(EventRegistration, on_delete=models.CASCADE, related_name="+")
    slot = models.ForeignKey(
        EventSlot, null=True, blank=True, on_delete=models.PROTECT, related_name="meetings"
    )
    table = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text=gettext_lazy("Numbered from 1.")
    )
    pinned = models.BooleanField(default=False)
    status = models.CharField(
        max_length=16, choices=EventMeetingStatus.choices, default=EventMeetingStatus.SCHEDULED
    )
    meeting = models.OneToOneField(
        "scheduling.Meeting",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="event_meeting",
    )
    published_slot = models.ForeignKey(
        EventSlot, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_table = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        db_table = "matchmaking_eventmeeting"
        ordering = ["event", "slot__index", "table", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "slot", "table"], name="event_meeting_one_per_table_slot"
            ),
            models.CheckConstraint(
                condition=Q(slot__isnull=True, table__isnull=True) | Q(slot__isnull=False, table__gte=1),
                name="event_meeting_slot_and_table_together",
            ),
            models.CheckConstraint(
                condition=Q(pinned=False) | Q(slot__isnull=False), name="event_meeting_pinned_is_placed"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requester} / {self.receiver}"

    @property
    def is_placed(self) -> bool:
        return self.slot_id is not None

    @property
    def placed_slot(self) -> EventSlot:
        """The slot of a placed meeting, for code that works on placed meetings only (publishing,
        moves, the agenda): a ValueError if the meeting has no slot, which would be a bug there."""
        if self.slot is None:
            raise ValueError(f"Event meeting {self.pk} is not placed.")
        return self.slot


class EventSeat(models.Model):
    """A registration's seat at a placed meeting: two per meeting, so "nobody twice in one slot"
    is a unique constraint whichever side of the meeting a registration is on."""

    meeting = models.ForeignKey(EventMeeting, on_delete=models.CASCADE, related_name="seats")
    registration = models.ForeignKey(EventRegistration, on_delete=models.CASCADE, related_name="seats")
    slot = models.ForeignKey(EventSlot, on_delete=models.CASCADE, related_name="seats")

    class Meta:
        db_table = "matchmaking_eventseat"
        ordering = ["slot", "registration"]
        constraints = [
            models.UniqueConstraint(fields=["registration", "slot"], name="event_seat_one_per_slot"),
            models.UniqueConstraint(fields=["meeting", "registration"], name="event_seat_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.registration} in {self.slot}"


class EventMeetingFeedback(TimeStampedModel):
    """After the event: one participant's rating (1-5) of one meeting, and what should happen next."""

    meeting = models.ForeignKey(EventMeeting, on_delete=models.CASCADE, related_name="feedback")
    registration = models.ForeignKey(EventRegistration, on_delete=models.CASCADE, related_name="feedback")
    rating = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    outcome = models.CharField(max_length=24, choices=MeetingOutcome.choices)
    comment = BoundedTextField(max_length=NOTE_LENGTH, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        db_table = "matchmaking_eventmeetingfeedback"
        ordering = ["meeting", "registration"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "registration"], name="event_feedback_one_per_side"),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="event_feedback_rating_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration} on {self.meeting}: {self.rating}"
