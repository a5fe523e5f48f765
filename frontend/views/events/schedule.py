"""The schedule (staff): start (or cancel) a scheduler run, preview the draft grid, fix meetings by
hand (place, pin, unpin, unplace), publish, and look at one scheduler run."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.ids import parse_id
from events.enums import (
    ACTIVE_RUN_STATUSES,
    DRAFT_PHASES,
    PHASE_TRANSITIONS,
    PUBLISHED_PHASES,
    EventPhase,
    RunStatus,
)
from events.models import Event, EventMeeting, ScheduleRun
from events.selectors.schedule import access_run, draft_grid, latest_run, schedule_of
from events.services import scheduler_queue
from events.services.publishing import publish_schedule
from events.services.scheduler import (
    cancel_schedule_run,
    default_time_limit,
    pin_draft_meeting,
    place_draft_meeting,
    unplace_draft_meeting,
)
from frontend.forms.events import PlaceForm
from frontend.http import AuthenticatedHttpRequest
from frontend.service_calls import call_service
from frontend.views.events.lookups import event_for_page, event_url, staff_event

# --- The schedule (staff) -------------------------------------------------------------------

SCHEDULE_ACTIONS = ("run", "cancel-run", "publish", "place", "pin", "unpin", "unplace")


@login_required
@require_http_methods(["GET", "POST"])
def event_schedule(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Staff: run the scheduler, preview the draft as a grid of slots x tables, fix meetings by hand
    (placing pins them), and publish. A run is queued for a worker and the page returns at once;
    its progress streams in over the event dashboard's WebSocket (static frontend/schedule_run.js)."""
    event = staff_event(request, slug)
    place_form = PlaceForm(event=event)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action in SCHEDULE_ACTIONS:
            done, place_form = _schedule_action(request, event, action)
            if done:
                return redirect(event_url("event-schedule", event))
    meetings = list(schedule_of(event))
    return render(
        request,
        "frontend/events/schedule.html",
        {
            "event": event,
            "grid": draft_grid(event, meetings),
            "tables": range(1, event.tables + 1),
            "unplaced": [m for m in meetings if m.slot_id is None],
            "placed_count": sum(1 for m in meetings if m.slot_id is not None),
            "run": latest_run(event),
            "time_limit": default_time_limit(),
            "draft_open": event.phase in DRAFT_PHASES,
            "published": event.phase in PUBLISHED_PHASES,
            # where the draft is closed, the button that opens it (staff only reach this page)
            "can_start_scheduling": EventPhase.SCHEDULING in PHASE_TRANSITIONS[event.phase],
            "place_form": place_form,
        },
    )


def _schedule_action(request: AuthenticatedHttpRequest, event: Event, action: str) -> tuple[bool, PlaceForm]:
    actor = request.user
    place_form = PlaceForm(request.POST if action == "place" else None, event=event)
    if action in {"run", "cancel-run"}:
        (_start_run if action == "run" else _cancel_run)(request, event)
        return True, place_form
    if action == "publish":
        return (
            call_service(
                request,
                lambda: publish_schedule(event=event, actor=actor),
                success=_("Published: everyone's agenda is out and the meetings are in their calendars."),
            ).ok,
            place_form,
        )
    meeting = EventMeeting.objects.filter(event=event, pk=parse_id(request.POST.get("meeting")) or 0).first()
    if meeting is None:
        messages.error(request, _("That meeting is no longer in the schedule."))
        return True, place_form
    if action == "place":
        if not place_form.is_valid():
            return False, place_form
        slot, table = place_form.cleaned_data["slot"], place_form.cleaned_data["table"]
        return (
            call_service(
                request,
                lambda: place_draft_meeting(meeting=meeting, actor=actor, slot=slot, table=table),
                success=_("%(meeting)s placed and pinned.") % {"meeting": meeting},
                form=place_form,
            ).ok,
            place_form,
        )
    operations = {
        "pin": lambda: pin_draft_meeting(meeting=meeting, actor=actor, pinned=True),
        "unpin": lambda: pin_draft_meeting(meeting=meeting, actor=actor, pinned=False),
        "unplace": lambda: unplace_draft_meeting(meeting=meeting, actor=actor),
    }
    call_service(
        request,
        operations[action],
        success=f"{meeting}: {action}ned." if action != "unplace" else f"{meeting} unplaced.",
    )
    return True, place_form


def _start_run(request: AuthenticatedHttpRequest, event: Event) -> None:
    # Through the module, so a test can stand in for the queueing.
    outcome = call_service(
        request, lambda: scheduler_queue.queue_schedule_run(event=event, actor=request.user)
    )
    if outcome.ok:
        _report_run(request, outcome.result)


def _cancel_run(request: AuthenticatedHttpRequest, event: Event) -> None:
    run = ScheduleRun.objects.filter(event=event, pk=parse_id(request.POST.get("run")) or 0).first()
    if run is None:
        messages.error(request, _("That scheduler run does not exist."))
        return
    call_service(
        request,
        lambda: cancel_schedule_run(run=run, actor=request.user),
        success=_("Cancelling the scheduler run; the draft stays as it is."),
    )


@login_required
def event_run(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Staff: one scheduler run, its state, figures and explanation."""
    event = event_for_page(slug)
    run = access_run(request.user, event, pk)
    return render(request, "frontend/events/run.html", {"event": event, "run": run})


def _report_run(request: HttpRequest, run: ScheduleRun) -> None:
    """A run that failed, or whose placements did not become the draft, is not a success. Run by a
    worker, it is still queued or running here; without a broker (eager tasks) it has ended already."""
    if run.pk is not None:
        run.refresh_from_db()
    if run.status in ACTIVE_RUN_STATUSES:
        messages.info(request, _("Scheduler run queued: its progress shows below as it goes."))
    elif run.status == RunStatus.CANCELLED:
        messages.warning(request, _("Scheduler run cancelled; the draft is unchanged."))
    elif run.status == RunStatus.FAILED:
        messages.error(
            request, _("Scheduler run failed: %(problems)s") % {"problems": " ".join(run.problems)}
        )
    elif not run.applied:
        messages.warning(
            request,
            _("Scheduler run finished without a new draft: %(problems)s")
            % {"problems": " ".join(run.problems)},
        )
    else:
        messages.success(
            request,
            _("Scheduler run: %(placed)s of %(requested)s meetings placed (%(seconds)s s).")
            % {"placed": run.placed, "requested": run.requested, "seconds": run.seconds},
        )
