from django.db import models


class MeetingStatus(models.TextChoices):
    """Where a meeting stands. `requested` and `rescheduled` wait for an answer from `awaiting_side`."""

    REQUESTED = "requested", "Requested"
    CONFIRMED = "confirmed", "Confirmed"
    DECLINED = "declined", "Declined"
    CANCELLED = "cancelled", "Cancelled"
    RESCHEDULED = "rescheduled", "Rescheduled (awaiting confirmation)"
    HELD = "held", "Held"
    NO_SHOW = "no_show", "No-show"
    EXPIRED = "expired", "Expired"


# A meeting in one of these states may still change; the others are final (an `expired` request
# was never answered: `scheduling.services.expiry`).
OPEN_STATUSES = (MeetingStatus.REQUESTED, MeetingStatus.CONFIRMED, MeetingStatus.RESCHEDULED)
# States that wait for the side named by `Meeting.awaiting_side`.
AWAITING_STATUSES = (MeetingStatus.REQUESTED, MeetingStatus.RESCHEDULED)
# A meeting in these states with a time blocks its participants' calendars (the exclusion constraint).
BLOCKING_STATUSES = (
    MeetingStatus.REQUESTED,
    MeetingStatus.CONFIRMED,
    MeetingStatus.RESCHEDULED,
    MeetingStatus.HELD,
    MeetingStatus.NO_SHOW,
)


class Side(models.TextChoices):
    ORGANISER = "organiser", "Organiser (asked for the meeting)"
    INVITEE = "invitee", "Invitee (was asked)"


class MeetingAction(models.TextChoices):
    """What a history row records."""

    REQUESTED = "requested", "Requested"
    PROPOSED_TIME = "proposed_time", "Proposed another time"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    CANCELLED = "cancelled", "Cancelled"
    HELD = "held", "Marked as held"
    NO_SHOW = "no_show", "Marked as no-show"
    DETAILS_CHANGED = "details_changed", "Details changed"
    EXPIRED = "expired", "Expired unanswered"
