"""The day itself and after: the staff dashboard (check-in desk with its search and QR-code
scanner, meeting statuses and moves), participants' feedback on their meetings, and the staff report."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from common.exceptions import ApplicationError
from common.ids import parse_id
from events.enums import DAY_PHASES, FEEDBACK_PHASES, DayStatus, EventMeetingStatus
from events.models import Event, EventMeeting, EventRepresentative
from events.selectors import day as day_selectors
from events.selectors.actions import event_actions, meeting_rateable
from events.selectors.day import check_in_list, dashboard_counts, feedback_by_meeting
from events.selectors.schedule import agenda_of, other_side, schedule_of
from events.selectors.setup import viewer_registration
from events.services.day import (
    check_in_representative,
    check_in_with_code,
    move_event_meeting,
    record_event_meeting_status,
)
from events.services.feedback import submit_meeting_feedback
from frontend.forms.events import FeedbackForm, PlaceForm
from frontend.http import AuthenticatedHttpRequest
from frontend.paging import page_context
from frontend.service_calls import call_service
from frontend.views.events.lookups import event_for_page, event_url, staff_event

# --- The day --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def event_dashboard(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Staff on the day: check-in desk (search, QR-code scanner: check_in.js), meeting statuses and
    moves; updates live over /ws/events/<id>/dashboard/ (event_dashboard.js) as anyone checks in or a
    meeting changes."""
    event = staff_event(request, slug)
    move_form = PlaceForm(event=event)
    if request.method == "POST":
        done, move_form = _dashboard_action(request, event)
        if done:  # back to the same search and page of the check-in list
            return redirect(request.get_full_path())
    check_in = _check_in_context(request, event)
    if request.GET.get("fragment") == "check-in":  # check_in.js asks for the list as one types
        return render(request, "frontend/events/_check_in_list.html", check_in)
    return render(
        request,
        "frontend/events/dashboard.html",
        {
            **check_in,
            "counts": dashboard_counts(event),
            "meetings": [m for m in schedule_of(event) if m.slot_id is not None],
            "actions": event_actions(event, request.user, own=None),
            "statuses": DayStatus.choices,
            # For the live updates: the page's reader's words for each status (event_dashboard.js).
            "status_labels": dict(EventMeetingStatus.choices),
            "move_form": move_form,
        },
    )


CHECK_IN_PAGE_SIZE = 25


def _check_in_context(request: AuthenticatedHttpRequest, event: Event) -> dict[str, Any]:
    """The check-in list: the people matching `?q=` (accents and case ignored), a page at a time."""
    query = request.GET.get("q", "").strip()[:100]
    page = Paginator(check_in_list(event, query), CHECK_IN_PAGE_SIZE).get_page(request.GET.get("page"))
    return {
        "event": event,
        "query": query,
        "representatives": page,
        **page_context(request, page),
        # The page links keep the search only (not `fragment`, which check_in.js adds).
        "query_string": urlencode({"q": query}) if query else "",
        "day_open": event.phase in DAY_PHASES,
    }


@login_required
@require_POST
def event_check_in(request: AuthenticatedHttpRequest, slug: str) -> JsonResponse:
    """Staff check in the person whose scanned check-in code (`token`) the dashboard's scanner posts;
    answers JSON with a sentence to show, whether it worked or why not (403 for anyone but staff,
    400 for a code that is forged, of another event or of someone no longer registered)."""
    event = event_for_page(slug)
    try:
        done = check_in_with_code(event=event, token=request.POST.get("token", ""), actor=request.user)
    except PermissionDenied:
        return JsonResponse(
            {"ok": False, "message": _("Only association staff check people in.")}, status=403
        )
    except ApplicationError as exc:
        return JsonResponse({"ok": False, "message": exc.message}, status=exc.status_code)
    representative = done.representative
    who = f"{representative.user} ({representative.registration.organisation})"
    return JsonResponse(
        {
            "ok": True,
            "representative": representative.pk,
            "name": str(representative.user),
            "organisation": str(representative.registration.organisation),
            "already_checked_in": done.already_checked_in,
            "message": f"{who} was already checked in." if done.already_checked_in else f"{who}: checked in.",
        }
    )


def _dashboard_action(request: AuthenticatedHttpRequest, event: Event) -> tuple[bool, PlaceForm]:
    actor, action = request.user, request.POST.get("action", "")
    move_form = PlaceForm(request.POST if action == "move" else None, event=event)
    if action in ("check-in", "check-out"):
        representative = EventRepresentative.objects.filter(
            registration__event=event, pk=parse_id(request.POST.get("representative")) or 0
        ).first()
        if representative is not None:
            message = _("%(user)s: checked in.") if action == "check-in" else _("%(user)s: check-in undone.")
            call_service(
                request,
                lambda: check_in_representative(
                    representative=representative, actor=actor, checked_in=action == "check-in"
                ),
                success=message % {"user": representative.user},
            )
        return True, move_form
    meeting = EventMeeting.objects.filter(event=event, pk=parse_id(request.POST.get("meeting")) or 0).first()
    if meeting is None:
        return True, move_form
    if action in DayStatus.values:
        call_service(
            request,
            lambda: record_event_meeting_status(meeting=meeting, actor=actor, status=action),
            success=(_("%(meeting)s: held.") if action == DayStatus.HELD else _("%(meeting)s: no-show."))
            % {"meeting": meeting},
        )
        return True, move_form
    if action == "move":
        if not move_form.is_valid():
            return False, move_form
        slot, table = move_form.cleaned_data["slot"], move_form.cleaned_data["table"]
        done = call_service(
            request,
            lambda: move_event_meeting(meeting=meeting, actor=actor, slot=slot, table=table),
            success=_("%(meeting)s moved; both sides were told.") % {"meeting": meeting},
            form=move_form,
        ).ok
        return done, move_form
    return True, move_form


# --- After the event ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def event_feedback(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """A participant rates each of its meetings and says what should happen next."""
    event = event_for_page(slug)
    own = viewer_registration(request.user, event)
    meetings = list(agenda_of(own))
    if request.method == "POST":
        meeting = next((m for m in meetings if str(m.pk) == request.POST.get("meeting")), None)
        form = FeedbackForm(request.POST, prefix=f"m{meeting.pk}" if meeting else None)
        if meeting is not None and form.is_valid():
            rated: EventMeeting = meeting
            other = other_side(rated, own)
            if call_service(
                request,
                lambda: submit_meeting_feedback(meeting=rated, actor=request.user, **form.cleaned_data),
                success=_("Thank you: your rating of the meeting with %(other)s is saved.")
                % {"other": other},
            ).ok:
                return redirect(event_url("event-feedback", event))
        elif meeting is not None:
            messages.error(request, _("Choose a rating and an outcome."))
    given = feedback_by_meeting(own)
    now = timezone.now()
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
                "started": meeting_rateable(meeting, now=now),
            }
        )
    return render(
        request,
        "frontend/events/feedback.html",
        {"event": event, "own": own, "rows": rows, "open": event.phase in FEEDBACK_PHASES},
    )


@login_required
def event_report(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Staff: meetings held, no-shows, ratings and outcomes of the event, as bars."""
    event = staff_event(request, slug)
    return render(
        request, "frontend/events/report.html", {"event": event, **day_selectors.event_report(event)}
    )
