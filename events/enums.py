"""Choices and phase rules of matchmaking events; importable from anywhere without cycles."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventPhase(models.TextChoices):
    """Where an event stands. Staff move it on through `events.services.setup.change_event_phase`."""

    REGISTRATION_OPEN = "registration_open", _("Registration open")
    REQUESTS_OPEN = "requests_open", _("Meeting requests open")
    SCHEDULING = "scheduling", _("Scheduling")
    AGENDA_PUBLISHED = "agenda_published", _("Agenda published")
    RUNNING = "running", _("Running")
    CLOSED = "closed", _("Closed")


# The moves staff may make by hand. AGENDA_PUBLISHED is reached only by publishing the schedule;
# going back from it to SCHEDULING lets staff change the draft and publish again.
PHASE_TRANSITIONS: dict[str, tuple[str, ...]] = {
    EventPhase.REGISTRATION_OPEN: (EventPhase.REQUESTS_OPEN,),
    EventPhase.REQUESTS_OPEN: (EventPhase.REGISTRATION_OPEN, EventPhase.SCHEDULING),
    EventPhase.SCHEDULING: (EventPhase.REQUESTS_OPEN,),
    EventPhase.AGENDA_PUBLISHED: (EventPhase.SCHEDULING, EventPhase.RUNNING),
    EventPhase.RUNNING: (EventPhase.CLOSED,),
    EventPhase.CLOSED: (),
}
# What each phase allows.
REGISTRATION_PHASES = (EventPhase.REGISTRATION_OPEN, EventPhase.REQUESTS_OPEN)
SESSION_EDIT_PHASES = (EventPhase.REGISTRATION_OPEN, EventPhase.REQUESTS_OPEN)
AVAILABILITY_PHASES = (EventPhase.REGISTRATION_OPEN, EventPhase.REQUESTS_OPEN, EventPhase.SCHEDULING)
# A participant's profile (offer, seek, sectors) helps others choose whom to ask, so it may change
# until the schedule is made.
PROFILE_PHASES = (EventPhase.REGISTRATION_OPEN, EventPhase.REQUESTS_OPEN, EventPhase.SCHEDULING)
REQUEST_PHASES = (EventPhase.REQUESTS_OPEN,)
ANSWER_PHASES = (EventPhase.REQUESTS_OPEN, EventPhase.SCHEDULING)
DRAFT_PHASES = (EventPhase.SCHEDULING,)
PUBLISHED_PHASES = (EventPhase.AGENDA_PUBLISHED, EventPhase.RUNNING, EventPhase.CLOSED)
DAY_PHASES = (EventPhase.AGENDA_PUBLISHED, EventPhase.RUNNING)
FEEDBACK_PHASES = (EventPhase.RUNNING, EventPhase.CLOSED)


class RequestStatus(models.TextChoices):
    """A meeting request between two registrations. Only `accepted` ones are scheduled.

    The requester is shown "declined" for both `declined` and `no_thanks`: the receiver's reason
    stays theirs. `no_thanks` is final and also keeps the pair out of "whom to ask"; a plain
    `declined` may still be accepted later while answers are open.
    """

    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    NO_THANKS = "no_thanks", _("No thanks")


class RequestAnswer(models.TextChoices):
    ACCEPT = "accept", _("Accept")
    DECLINE = "decline", _("Decline")
    NO_THANKS = "no_thanks", _("No thanks (never schedule)")


class RequestPriority(models.IntegerChoices):
    LOW = 1, _("Low")
    NORMAL = 2, _("Normal")
    HIGH = 3, _("High")


class EventMeetingStatus(models.TextChoices):
    """A placed meeting on the day. `moved` is a meeting staff moved after publishing."""

    SCHEDULED = "scheduled", _("Scheduled")
    MOVED = "moved", _("Moved")
    HELD = "held", _("Held")
    NO_SHOW = "no_show", _("No-show")
    CANCELLED = "cancelled", _("Cancelled")


class DayStatus(models.TextChoices):
    """What staff record for a meeting on the day."""

    HELD = "held", _("Held")
    NO_SHOW = "no_show", _("No-show")


class MeetingOutcome(models.TextChoices):
    """What a participant says should happen after a meeting."""

    NO_INTEREST = "no_interest", _("No interest")
    FURTHER_CONTACT = "further_contact", _("Further contact")
    NEGOTIATION = "negotiation", _("Negotiation started")
    AGREEMENT = "agreement", _("Agreement")


class RunStatus(models.TextChoices):
    """A scheduler run: queued (waiting for a worker), running, then done, failed or cancelled."""

    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class SolverStatus(models.TextChoices):
    """What a finished run's result is, as far as the solver proved it (`scheduling.solver.problem`
    statuses; the values are the solver's). "Infeasible" only when it proved that not every meeting
    can be placed and placed as many as possible; a run the time limit stopped is "partial"."""

    OPTIMAL = "optimal", _("Optimal")
    FEASIBLE = "feasible", _("Feasible (time limit reached)")
    PARTIAL = "partial", _("Partial (time limit reached)")
    INFEASIBLE = "infeasible", _("Infeasible (proven)")
    UNKNOWN = "unknown", _("Nothing found (time limit reached)")


# A run in one of these blocks another run of its event and hand edits of the draft.
ACTIVE_RUN_STATUSES = (RunStatus.QUEUED, RunStatus.RUNNING)
