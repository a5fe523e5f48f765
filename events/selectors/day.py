"""The day and after: the check-in desk (its search, and the check-in codes agendas show and staff
scan), the live dashboard figures, each registration's feedback, and the staff report with its bars."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet, Value
from django.db.models.functions import Concat
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from accounts.models import User
from common.exceptions import ApplicationError
from common.lookups import Folded, fold
from events.check_in_tokens import InvalidCheckInTokenError, check_in_token, read_check_in_token
from events.enums import EventMeetingStatus, MeetingOutcome
from events.models import Event, EventMeeting, EventMeetingFeedback, EventRegistration, EventRepresentative
from events.selectors.access import is_event_staff

# --- The day and after ----------------------------------------------------------------------


def feedback_by_meeting(registration: EventRegistration) -> dict[int, EventMeetingFeedback]:
    return {f.meeting_id: f for f in EventMeetingFeedback.objects.filter(registration=registration)}


def check_in_list(event: Event, query: str = "") -> QuerySet[EventRepresentative]:
    """The representatives with their organisation, for the check-in desk. One query.

    With a `query`, only those for whom every word of it is part of the person's name, username or
    organisation, ignoring accents and case on both databases ("jose sao" finds José of São Paulo)."""
    representatives = EventRepresentative.objects.filter(registration__event=event)
    words = fold(query).split()
    if words:
        representatives = representatives.annotate(
            folded_person=Folded(
                Concat("user__first_name", Value(" "), "user__last_name", Value(" "), "user__username")
            ),
            folded_organisation=Folded("registration__organisation__name"),
        )
        for word in words:
            representatives = representatives.filter(
                Q(folded_person__contains=word) | Q(folded_organisation__contains=word)
            )
    return representatives.select_related("user", "registration__organisation").order_by(
        "registration__organisation__name", "user__last_name", "user__first_name", "user__username", "id"
    )


@dataclass(frozen=True)
class CheckInCode:
    """What an agenda shows for one person: whose code it is, and the code."""

    representative: EventRepresentative
    token: str


def check_in_codes_for(viewer: User | AnonymousUser, registration: EventRegistration) -> list[CheckInCode]:
    """The check-in codes `viewer` may see on `registration`'s agenda: their own, as a representative
    of it; every representative's for staff (to print badges). A code is a credential, so colleagues
    do not see each other's. One query."""
    representatives = EventRepresentative.objects.filter(registration=registration).select_related("user")
    if not is_event_staff(viewer):
        representatives = representatives.filter(user_id=getattr(viewer, "pk", None) or 0)
    return [
        CheckInCode(rep, check_in_token(event_id=registration.event_id, representative_id=rep.pk))
        for rep in representatives.order_by("user__last_name", "user__first_name", "user__username", "id")
    ]


def representative_for_check_in_token(event: Event, token: str) -> EventRepresentative:
    """The representative a scanned check-in code names at `event`, with their person and
    organisation; an ApplicationError saying why not (not a code, forged, another event's, or no
    longer registered). One query."""
    try:
        credential = read_check_in_token(token)
    except InvalidCheckInTokenError as exc:
        raise ApplicationError(str(exc)) from exc
    if credential.event_id != event.pk:
        raise ApplicationError(
            _("This check-in code is for another event, not %(event)s.") % {"event": event}
        )
    representative = (
        EventRepresentative.objects.filter(pk=credential.representative_id, registration__event=event)
        .select_related("user", "registration__organisation")
        .first()
    )
    if representative is None:
        raise ApplicationError(_("This person is no longer registered for this event."))
    return representative


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


def _bars(counts: Mapping[str, int], labels: Mapping[str, str | Promise]) -> list[Bar]:
    top = max(counts.values(), default=0) or 1
    return [
        Bar(label=str(labels[key]), count=counts.get(key, 0), percent=round(100 * counts.get(key, 0) / top))
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
