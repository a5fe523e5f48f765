"""The day and after: the check-in desk, the live dashboard figures, each registration's
feedback, and the staff report with its bars."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from events.enums import EventMeetingStatus, MeetingOutcome
from events.models import Event, EventMeeting, EventMeetingFeedback, EventRegistration, EventRepresentative

# --- The day and after ----------------------------------------------------------------------


def feedback_by_meeting(registration: EventRegistration) -> dict[int, EventMeetingFeedback]:
    return {f.meeting_id: f for f in EventMeetingFeedback.objects.filter(registration=registration)}


def check_in_list(event: Event) -> QuerySet[EventRepresentative]:
    """Every representative with their organisation, for the check-in desk. One query."""
    return (
        EventRepresentative.objects.filter(registration__event=event)
        .select_related("user", "registration__organisation")
        .order_by("registration__organisation__name", "user__username", "id")
    )


def dashboard_counts(event: Event) -> dict[str, int]:
    """Live figures: representatives checked in, organisations present, meetings by status. Two queries."""
    reps = EventRepresentative.objects.filter(registration__event=event).aggregate(
        total=Count("pk"),
        checked_in=Count("pk", filter=Q(checked_in_at__isnull=False)),
        organisations_present=Count("registration", filter=Q(checked_in_at__isnull=False), distinct=True),
    )
    statuses = Counter(
        dict(
            EventMeeting.objects.filter(event=event, slot__isnull=False)
            .values_list("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
    )
    return {
        "representatives": reps["total"],
        "checked_in": reps["checked_in"],
        "organisations_present": reps["organisations_present"],
        "meetings": sum(statuses.values()) - statuses[EventMeetingStatus.CANCELLED],
        **{f"meetings_{status}": statuses[status] for status in EventMeetingStatus.values},
    }


@dataclass
class Bar:
    label: str
    count: int
    percent: int


def _bars(counts: dict[str, int], labels: dict[str, str]) -> list[Bar]:
    top = max(counts.values(), default=0) or 1
    return [
        Bar(label=labels[key], count=counts.get(key, 0), percent=round(100 * counts.get(key, 0) / top))
        for key in labels
    ]


def event_report(event: Event) -> dict[str, Any]:
    """Staff figures after the event: meetings by status, ratings 1-5, outcomes, as bars. Three queries."""
    statuses = dict(
        EventMeeting.objects.filter(event=event, slot__isnull=False)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    feedback = EventMeetingFeedback.objects.filter(meeting__event=event)
    ratings = dict(feedback.values_list("rating").annotate(n=Count("pk")).values_list("rating", "n"))
    outcomes = dict(feedback.values_list("outcome").annotate(n=Count("pk")).values_list("outcome", "n"))
    total_ratings = sum(ratings.values())
    average = sum(r * n for r, n in ratings.items()) / total_ratings if total_ratings else None
    return {
        "status_bars": _bars(statuses, dict(EventMeetingStatus.choices)),
        "rating_bars": _bars(
            {str(k): v for k, v in ratings.items()}, {str(n): f"{n} ★" for n in range(1, 6)}
        ),
        "outcome_bars": _bars(outcomes, dict(MeetingOutcome.choices)),
        "held": statuses.get(EventMeetingStatus.HELD, 0),
        "no_shows": statuses.get(EventMeetingStatus.NO_SHOW, 0),
        "placed": sum(statuses.values()),
        "ratings": total_ratings,
        "average_rating": round(average, 2) if average is not None else None,
    }
