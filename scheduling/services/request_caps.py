"""Caps on meeting requests waiting for an answer: at most `MEETING_OPEN_REQUESTS_PER_REQUESTER`
from one organiser and `MEETING_OPEN_REQUESTS_PER_INVITEE` to one invitee (settings, from the
environment). One account once asked a city for all 40 of its free slots in two seconds; the caps
bound what any requester can hold and what any invitee must answer.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from common.exceptions import ConflictError
from scheduling.enums import MeetingStatus, Side
from scheduling.models import Meeting, Participant

# The first key of the two-key advisory lock (`pg_advisory_xact_lock(int, int)`, a key space apart
# from the calendar locks' single keys); the second is the requester's participant id.
REQUESTER_LOCK_CLASS = 1


def _waiting_requests() -> Q:
    """Requests still waiting for the invitee: asked, unanswered, and not for a time already past."""
    return Q(status=MeetingStatus.REQUESTED, awaiting_side=Side.INVITEE) & (
        Q(start__isnull=True) | Q(start__gt=timezone.now())
    )


def hold_request_caps(*, organiser: Participant, invitee: Participant) -> None:
    """Check that `organiser` may ask `invitee` for one more meeting; ConflictError (409) naming
    the cap otherwise. Two queries.

    The requester is locked until the commit (a transaction-scoped advisory lock, taken before any
    calendar lock, so no deadlock), so one requester's simultaneous requests are counted one after
    the other and never overshoot its cap. The invitee is not locked: that would queue every
    booking with a popular city behind each other, where bookings at different hours now run in
    parallel (`lock_calendars`). So requests from different requesters at the same instant may
    pass the invitee's cap by the few in flight; each of them is still held to its own cap."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [REQUESTER_LOCK_CLASS, organiser.pk])
    waiting = Meeting.objects.filter(_waiting_requests() & (Q(organiser=organiser) | Q(invitee=invitee)))
    counts = waiting.aggregate(
        from_requester=Count("pk", filter=Q(organiser=organiser)),
        to_invitee=Count("pk", filter=Q(invitee=invitee)),
    )
    per_requester = settings.MEETING_OPEN_REQUESTS_PER_REQUESTER
    if counts["from_requester"] >= per_requester:
        raise ConflictError(
            _(
                "You have %(per_requester)s meeting requests waiting for an answer, the most one can "
                "have at a time. Wait for answers, or cancel a request you no longer need."
            )
            % {"per_requester": per_requester}
        )
    per_invitee = settings.MEETING_OPEN_REQUESTS_PER_INVITEE
    if counts["to_invitee"] >= per_invitee:
        raise ConflictError(
            _(
                "%(invitee)s has %(per_invitee)s meeting requests waiting for their answer, the most "
                "they take at a time. Try again once they have answered some."
            )
            % {"invitee": invitee, "per_invitee": per_invitee}
        )
