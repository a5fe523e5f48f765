from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingStatus(models.TextChoices):
    """Where a meeting stands. `requested` and `rescheduled` wait for an answer from `awaiting_side`."""

    REQUESTED = "requested", _("Requested")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")
    RESCHEDULED = "rescheduled", _("Rescheduled (awaiting confirmation)")
    HELD = "held", _("Held")
    NO_SHOW = "no_show", _("No-show")
    EXPIRED = "expired", _("Expired")


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
    ORGANISER = "organiser", _("Organiser (asked for the meeting)")
    INVITEE = "invitee", _("Invitee (was asked)")


class MeetingAction(models.TextChoices):
    """What a history row records."""

    REQUESTED = "requested", _("Requested")
    PROPOSED_TIME = "proposed_time", _("Proposed another time")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")
    HELD = "held", _("Marked as held")
    NO_SHOW = "no_show", _("Marked as no-show")
    DETAILS_CHANGED = "details_changed", _("Details changed")
    EXPIRED = "expired", _("Expired unanswered")
