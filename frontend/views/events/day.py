"""The day itself and after: the staff dashboard (check-in desk, meeting statuses and moves),
participants' feedback on their meetings, and the staff report."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from common.ids import parse_id
from events.enums import DAY_PHASES, FEEDBACK_PHASES, DayStatus
from events.models import Event, EventMeeting, EventRepresentative
from events.selectors import day as day_selectors
from events.selectors.day import check_in_list, dashboard_counts, feedback_by_meeting
from events.selectors.schedule import agenda_of, other_side, schedule_of
from events.selectors.setup import viewer_registration
from events.services.day import check_in_representative, move_event_meeting, record_event_meeting_status
from events.services.feedback import submit_meeting_feedback
from frontend.views.events._common import _attempt, _event, _event_url, _staff_event
from frontend.views.events.forms import FeedbackForm, PlaceForm

# --- The day --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def event_dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    """Staff on the day: check-in desk, meeting statuses and moves; updates live over
    /ws/events/<id>/dashboard/ (event_dashboard.js) as anyone checks in or a meeting changes."""
    event = _staff_event(request, slug)
    move_form = PlaceForm(event=event)
    if request.method == "POST":
        done, move_form = _dashboard_action(request, event)
        if done:
            return redirect(_event_url("event-dashboard", event))
    return render(
        request,
        "frontend/events/dashboard.html",
        {
            "event": event,
            "counts": dashboard_counts(event),
            "representatives": check_in_list(event),
            "meetings": [m for m in schedule_of(event) if m.slot_id is not None],
            "day_open": event.phase in DAY_PHASES,
            "statuses": DayStatus.choices,
            "move_form": move_form,
        },
    )


def _dashboard_action(request: HttpRequest, event: Event) -> tuple[bool, PlaceForm]:
    actor, action = request.user, request.POST.get("action", "")
    move_form = PlaceForm(request.POST if action == "move" else None, event=event)
    if action in ("check-in", "check-out"):
        representative = EventRepresentative.objects.filter(
            registration__event=event, pk=parse_id(request.POST.get("representative"))
        ).first()
        if representative is not None:
            _attempt(
                request,
                lambda: check_in_representative(
                    representative=representative, actor=actor, checked_in=action == "check-in"
                ),
                f"{representative.user}: {'checked in' if action == 'check-in' else 'check-in undone'}.",
            )
        return True, move_form
    meeting = EventMeeting.objects.filter(event=event, pk=parse_id(request.POST.get("meeting"))).first()
    if meeting is None:
        return True, move_form
    if action in DayStatus.values:
        _attempt(
            request,
            lambda: record_event_meeting_status(meeting=meeting, actor=actor, status=action),
            f"{meeting}: {DayStatus(action).label.lower()}.",
        )
        return True, move_form
    if action == "move":
        if not move_form.is_valid():
            return False, move_form
        slot, table = move_form.cleaned_data["slot"], move_form.cleaned_data["table"]
        done = _attempt(
            request,
            lambda: move_event_meeting(meeting=meeting, actor=actor, slot=slot, table=table),
            f"{meeting} moved; both sides were told.",
            move_form,
        )
        return done, move_form
    return True, move_form


# --- After the event ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def event_feedback(request: HttpRequest, slug: str) -> HttpResponse:
    """A participant rates each of its meetings and says what should happen next."""
    event = _event(slug)
    own = viewer_registration(request.user, event)
    meetings = list(agenda_of(own))
    if request.method == "POST":
        meeting = next((m for m in meetings if str(m.pk) == request.POST.get("meeting")), None)
        form = FeedbackForm(request.POST, prefix=f"m{meeting.pk}" if meeting else None)
        if meeting is not None and form.is_valid():
            if _attempt(
                request,
                lambda: submit_meeting_feedback(meeting=meeting, actor=request.user, **form.cleaned_data),
                f"Thank you: your rating of the meeting with {other_side(meeting, own)} is saved.",
            ):
                return redirect(_event_url("event-feedback", event))
        elif meeting is not None:
            messages.error(request, "Choose a rating and an outcome.")
    given = feedback_by_meeting(own)
    rows = []
    for meeting in meetings:
        previous = given.get(meeting.pk)
        initial = (
            {"rating": previous.rating, "outcome": previous.outcome, "comment": previous.comment}
            if previous
            else None
        )
        rows.append(
            {
                "meeting": meeting,
                "with": other_side(meeting, own),
                "form": FeedbackForm(prefix=f"m{meeting.pk}", initial=initial),
                "given": previous,
            }
        )
    return render(
        request,
        "frontend/events/feedback.html",
        {"event": event, "own": own, "rows": rows, "open": event.phase in FEEDBACK_PHASES},
    )


@login_required
def event_report(request: HttpRequest, slug: str) -> HttpResponse:
    """Staff: meetings held, no-shows, ratings and outcomes of the event, as bars."""
    event = _staff_event(request, slug)
    return render(
        request, "frontend/events/report.html", {"event": event, **day_selectors.event_report(event)}
    )
