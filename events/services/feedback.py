"""After the event: each side of a meeting that took place rates it and records its outcome."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from common.exceptions import ApplicationError
from events.enums import FEEDBACK_PHASES, EventMeetingStatus
from events.models import EventMeeting, EventMeetingFeedback
from events.selectors.access import speaks_for
from events.selectors.actions import meeting_rateable
from events.services.guards import check_phase, lock_event


@transaction.atomic
def submit_meeting_feedback(
    *, meeting: EventMeeting, actor: User, rating: int, outcome: str, comment: str = ""
) -> EventMeetingFeedback:
    """One side's rating (1-5) and outcome of a meeting that took place (a second answer replaces it)."""
    if speaks_for(actor, meeting.requester):
        registration = meeting.requester
    elif speaks_for(actor, meeting.receiver):
        registration = meeting.receiver
    else:
        raise PermissionDenied(_("Only the two organisations of a meeting rate it."))
    # Writes to one event take turns: two people of one side answering at once no longer race to
    # insert the same (meeting, side) row; the second replaces the first.
    check_phase(lock_event(meeting.event), FEEDBACK_PHASES, _("Rating meetings"))
    if meeting.slot is None or meeting.status == EventMeetingStatus.CANCELLED:
        raise ApplicationError(_("This meeting was not on the agenda."))
    if not meeting_rateable(meeting, now=timezone.now()):
        raise ApplicationError(_("You can rate a meeting once it has started."))
    feedback = EventMeetingFeedback.objects.filter(meeting=meeting, registration=registration).first()
    feedback = feedback or EventMeetingFeedback(meeting=meeting, registration=registration)
    feedback.rating, feedback.outcome, feedback.comment = rating, outcome, comment
    feedback.submitted_by = actor
    feedback.full_clean(exclude=["meeting", "registration", "submitted_by"])
    feedback.save()
    return feedback
