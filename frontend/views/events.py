"""Matchmaking events: the list and an event's page, registration and availability, meeting requests
with "whom to ask", the staff schedule (run, preview, fix by hand, publish), agendas (page, print,
.ics), table signs and the CSV export, the live dashboard of the day, feedback and the staff report.

Forms live here (they serve only these pages); reads go through `matchmaking.event_selectors`,
writes through the event services, exactly as the API does.
"""

from __future__ import annotations

import csv
import zoneinfo
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from common.exceptions import ApplicationError
from frontend.forms import TIME_ZONE_CHOICES, add_service_errors
from frontend.paging import paginate
from matchmaking import event_publishing, event_scheduler, event_services
from matchmaking import event_selectors as selectors
from matchmaking.enums import (
    AVAILABILITY_PHASES,
    DAY_PHASES,
    DRAFT_PHASES,
    FEEDBACK_PHASES,
    PHASE_TRANSITIONS,
    PUBLISHED_PHASES,
    REGISTRATION_PHASES,
    REQUEST_PHASES,
    SESSION_EDIT_PHASES,
    DayStatus,
    EventPhase,
    MeetingOutcome,
    RequestAnswer,
    RequestPriority,
    RequestStatus,
)
from matchmaking.models import (
    MAX_SLOTS_PER_SESSION,
    Event,
    EventMeeting,
    EventRegistration,
    EventRepresentative,
    EventSession,
    EventSlot,
)
from scheduling import calendar

# --- Forms ----------------------------------------------------------------------------------


class EventForm(forms.ModelForm):
    time_zone = forms.ChoiceField(choices=TIME_ZONE_CHOICES, initial="Europe/Berlin")
    online_url = forms.URLField(label="Online link", required=False, assume_scheme="https")

    class Meta:
        model = Event
        fields = ["name", "description", "venue", "online_url", "time_zone", "meeting_minutes", "tables"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        labels = {"meeting_minutes": "Meeting length (minutes)", "tables": "Number of tables"}


class SessionForm(forms.Form):
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    name = forms.CharField(max_length=60, initial="Morning", label="Session name")
    start_time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}), label="Starts at")
    slot_count = forms.IntegerField(min_value=1, max_value=MAX_SLOTS_PER_SESSION, initial=6, label="Slots")


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(choices=EventPhase.choices)


class RepresentativeForm(forms.Form):
    user = forms.ModelChoiceField(queryset=User.objects.none(), label="Person")

    def __init__(self, *args: Any, organisation_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(organisation_id=organisation_id, is_active=True)


class UnavailabilityForm(forms.Form):
    slots = forms.ModelMultipleChoiceField(
        queryset=EventSlot.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        zone = zoneinfo.ZoneInfo(event.time_zone)
        self.fields["slots"].queryset = EventSlot.objects.filter(event=event).order_by("index")
        self.fields["slots"].label_from_instance = lambda s: (
            f"{s.start.astimezone(zone):%a %d %b %H:%M}-{s.end.astimezone(zone):%H:%M}"
        )


class MeetingRequestForm(forms.Form):
    receiver = forms.ModelChoiceField(queryset=EventRegistration.objects.none(), label="Whom to ask")
    message = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000)
    priority = forms.TypedChoiceField(
        choices=RequestPriority.choices, coerce=int, initial=RequestPriority.NORMAL
    )
    session_wish = forms.ModelChoiceField(
        queryset=EventSession.objects.none(), required=False, empty_label="Any session", label="Session"
    )

    def __init__(self, *args: Any, event: Event, own: EventRegistration, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        receivers = (
            EventRegistration.objects.filter(event=event).exclude(pk=own.pk).select_related("organisation")
        )
        self.fields["receiver"].queryset = receivers.order_by("organisation__name")
        self.fields["receiver"].label_from_instance = lambda r: str(r.organisation)
        self.fields["session_wish"].queryset = EventSession.objects.filter(event=event).order_by(
            "day", "start_time"
        )


class PlaceForm(forms.Form):
    meeting = forms.IntegerField(widget=forms.HiddenInput)
    slot = forms.ModelChoiceField(queryset=EventSlot.objects.none())
    table = forms.IntegerField(min_value=1)

    def __init__(self, *args: Any, event: Event, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        zone = zoneinfo.ZoneInfo(event.time_zone)
        self.fields["slot"].queryset = EventSlot.objects.filter(event=event).order_by("index")
        self.fields["slot"].label_from_instance = lambda s: f"{s.start.astimezone(zone):%a %d %b %H:%M}"
        self.fields["table"].max_value = event.tables


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        choices=[(n, f"{n}") for n in range(1, 6)], coerce=int, widget=forms.RadioSelect, label="Rating (1-5)"
    )
    outcome = forms.ChoiceField(choices=MeetingOutcome.choices, label="What next?")
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000)


# --- Helpers --------------------------------------------------------------------------------


def _event(slug: str) -> Event:
    return selectors.event_by_slug(slug)


def _staff_event(request: HttpRequest, slug: str) -> Event:
    event = _event(slug)
    selectors.check_staff(request.user)
    return event


def _attempt(
    request: HttpRequest, action: Callable[[], Any], success: str, form: forms.Form | None = None
) -> bool:
    """Run a service call; show its business errors as messages (or on `form`). True when it worked."""
    try:
        action()
    except ApplicationError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        if form is not None:
            add_service_errors(form, exc)
        else:
            messages.error(request, " ".join(exc.messages))
    else:
        if success:
            messages.success(request, success)
        return True
    return False


def _event_url(name: str, event: Event) -> str:
    return reverse(f"frontend:{name}", args=[event.slug])


# --- Events ---------------------------------------------------------------------------------


def event_list(request: HttpRequest) -> HttpResponse:
    """Every event, soonest first (paginated)."""
    return render(request, "frontend/events/list.html", paginate(request, selectors.events_listed()))


@login_required
@require_http_methods(["GET", "POST"])
def event_new(request: HttpRequest) -> HttpResponse:
    """Staff create an event with its first session."""
    selectors.check_staff(request.user)
    form = EventForm(request.POST or None)
    session_form = SessionForm(request.POST or None, prefix="session")
    if request.method == "POST" and form.is_valid() and session_form.is_valid():
        try:
            event = event_services.create_event(
                actor=request.user, **form.cleaned_data, sessions=[session_form.cleaned_data]
            )
        except ValidationError as exc:
            add_service_errors(session_form if "start_time" in getattr(exc, "error_dict", {}) else form, exc)
        else:
            messages.success(request, f"{event} created; registration is open.")
            return redirect(_event_url("event", event))
    return render(request, "frontend/events/new.html", {"form": form, "session_form": session_form})


def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """An event: where and when, its sessions, registration, and the way to everything else."""
    event = _event(slug)
    user = request.user
    own = selectors.own_registration(user, event)
    is_staff = selectors.is_event_staff(user)
    context: dict[str, Any] = {
        "event": event,
        "sessions": selectors.sessions_of(event),
        "own": own,
        "representatives": selectors.representatives_of(own) if own else [],
        "is_staff": is_staff,
        "registration_open": event.phase in REGISTRATION_PHASES,
        "requests_open": event.phase in REQUEST_PHASES,
        "availability_open": event.phase in AVAILABILITY_PHASES,
        "published": event.phase in PUBLISHED_PHASES,
        "feedback_open": event.phase in FEEDBACK_PHASES,
        "registration_count": EventRegistration.objects.filter(event=event).count(),
    }
    if own:
        context["representative_form"] = RepresentativeForm(organisation_id=own.organisation_id)
    if is_staff:
        context["phase_choices"] = [(p, EventPhase(p).label) for p in PHASE_TRANSITIONS[event.phase]]
        context["session_form"] = SessionForm(prefix="session")
        context["sessions_editable"] = event.phase in SESSION_EDIT_PHASES
    return render(request, "frontend/events/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Staff change an event's details."""
    event = _staff_event(request, slug)
    form = EventForm(request.POST or None, instance=Event.objects.get(pk=event.pk))
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        if _attempt(
            request,
            lambda: event_services.update_event(event=event, actor=request.user, **changes),
            "Saved.",
            form,
        ):
            return redirect(_event_url("event", event))
    return render(request, "frontend/events/edit.html", {"event": event, "form": form})


@login_required
@require_POST
def event_phase(request: HttpRequest, slug: str) -> HttpResponse:
    event = _staff_event(request, slug)
    form = PhaseForm(request.POST)
    if form.is_valid():
        phase = form.cleaned_data["phase"]
        _attempt(
            request,
            lambda: event_services.change_event_phase(event=event, actor=request.user, phase=phase),
            f"The event is now: {EventPhase(phase).label.lower()}.",
        )
    return redirect(_event_url("event", event))


@login_required
@require_POST
def event_sessions(request: HttpRequest, slug: str) -> HttpResponse:
    """Staff add a session (or remove one with `remove=<id>`)."""
    event = _staff_event(request, slug)
    if "remove" in request.POST:
        session = EventSession.objects.filter(event=event, pk=request.POST.get("remove")).first()
        if session is not None:
            _attempt(
                request,
                lambda: event_services.remove_event_session(session=session, actor=request.user),
                "Session removed.",
            )
        return redirect(_event_url("event", event))
    form = SessionForm(request.POST, prefix="session")
    if form.is_valid():
        _attempt(
            request,
            lambda: event_services.add_event_session(event=event, actor=request.user, **form.cleaned_data),
            "Session added.",
        )
    else:
        messages.error(
            request, "Check the session: " + "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items())
        )
    return redirect(_event_url("event", event))


# --- Registration and availability ----------------------------------------------------------


@login_required
@require_POST
def event_register(request: HttpRequest, slug: str) -> HttpResponse:
    """Register the viewer's organisation with the viewer as its representative."""
    event = _event(slug)
    _attempt(
        request,
        lambda: event_services.register_organisation(event=event, actor=request.user),
        f"{request.user.organisation} is registered for {event}.",
    )
    return redirect(_event_url("event", event))


@login_required
@require_POST
def event_add_representative(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event(slug)
    own = selectors.viewer_registration(request.user, event)
    form = RepresentativeForm(request.POST, organisation_id=own.organisation_id)
    if form.is_valid():
        person = form.cleaned_data["user"]
        _attempt(
            request,
            lambda: event_services.add_representative(registration=own, actor=request.user, user=person),
            f"{person} represents {own} too.",
        )
    return redirect(_event_url("event", event))


@login_required
@require_http_methods(["GET", "POST"])
def event_availability(request: HttpRequest, slug: str) -> HttpResponse:
    """A representative ticks the slots they cannot attend (`?rep=<id>`: an admin or staff for another)."""
    event = _event(slug)
    rep_id = request.GET.get("rep") or request.POST.get("rep")
    if rep_id:
        representative = selectors.access_representative(request.user, event, int(rep_id))
    else:
        representative = (
            EventRepresentative.objects.filter(registration__event=event, user=request.user)
            .select_related("registration__organisation", "registration__event", "user")
            .first()
        )
        if representative is None:
            raise Http404("You do not represent an organisation at this event.")
    form = UnavailabilityForm(
        request.POST or None, event=event, initial={"slots": list(representative.unavailable_slots.all())}
    )
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["slots"]
        if _attempt(
            request,
            lambda: event_services.set_unavailable_slots(
                representative=representative, actor=request.user, slots=chosen
            ),
            "Availability saved.",
            form,
        ):
            return redirect(f"{_event_url('event-availability', event)}?rep={representative.pk}")
    return render(
        request,
        "frontend/events/availability.html",
        {
            "event": event,
            "representative": representative,
            "form": form,
            "open": event.phase in AVAILABILITY_PHASES,
        },
    )


# --- Meeting requests -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def event_requests(request: HttpRequest, slug: str) -> HttpResponse:
    """The viewer's organisation's requests: to answer, sent, a new one, and whom to ask."""
    event = _event(slug)
    own = selectors.viewer_registration(request.user, event)
    form = MeetingRequestForm(request.POST or None, event=event, own=own)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _attempt(
            request,
            lambda: event_services.request_event_meeting(
                event=event,
                actor=request.user,
                receiver=data["receiver"],
                message=data["message"],
                priority=data["priority"],
                session_wish=data["session_wish"],
            ),
            f"Request sent to {data['receiver']}.",
            form,
        ):
            return redirect(_event_url("event-requests", event))
    received = list(selectors.requests_received(own))
    sent = list(selectors.requests_sent(own))
    for item in sent:
        item.shown_status = RequestStatus(selectors.status_shown_to(request.user, item)).label
    suggestions = (
        selectors.whom_to_ask(registration=own, user=request.user, limit=5)
        if event.phase in REQUEST_PHASES
        else []
    )
    return render(
        request,
        "frontend/events/requests.html",
        {
            "event": event,
            "own": own,
            "form": form,
            "received": received,
            "sent": sent,
            "suggestions": suggestions,
            "requests_open": event.phase in REQUEST_PHASES,
            "answers": RequestAnswer.choices,
        },
    )


@login_required
@require_POST
def event_request_answer(request: HttpRequest, slug: str, pk: int, answer: str) -> HttpResponse:
    event = _event(slug)
    meeting_request = selectors.access_request_for_answer(request.user, pk)
    if meeting_request.event_id != event.pk or answer not in RequestAnswer.values:
        raise Http404("No such request.")
    _attempt(
        request,
        lambda: event_services.answer_event_meeting_request(
            request=meeting_request, actor=request.user, answer=answer
        ),
        f"{meeting_request.requester}: {RequestAnswer(answer).label.lower()}.",
    )
    return redirect(_event_url("event-requests", event))


# --- The schedule (staff) -------------------------------------------------------------------

SCHEDULE_ACTIONS = ("run", "publish", "place", "pin", "unpin", "unplace")


@login_required
@require_http_methods(["GET", "POST"])
def event_schedule(request: HttpRequest, slug: str) -> HttpResponse:
    """Staff: run the scheduler, preview the draft as a grid of slots x tables, fix meetings by hand
    (placing pins them), and publish. A run happens within the request (at most its time limit)."""
    event = _staff_event(request, slug)
    place_form = PlaceForm(event=event)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action in SCHEDULE_ACTIONS:
            done, place_form = _schedule_action(request, event, action)
            if done:
                return redirect(_event_url("event-schedule", event))
    meetings = list(selectors.schedule_of(event))
    return render(
        request,
        "frontend/events/schedule.html",
        {
            "event": event,
            "grid": selectors.draft_grid(event, meetings),
            "tables": range(1, event.tables + 1),
            "unplaced": [m for m in meetings if m.slot_id is None],
            "placed_count": sum(1 for m in meetings if m.slot_id is not None),
            "run": selectors.latest_run(event),
            "time_limit": event_scheduler.default_time_limit(),
            "draft_open": event.phase in DRAFT_PHASES,
            "place_form": place_form,
        },
    )


def _schedule_action(request: HttpRequest, event: Event, action: str) -> tuple[bool, PlaceForm]:
    actor = request.user
    place_form = PlaceForm(request.POST if action == "place" else None, event=event)
    if action == "run":
        try:
            run = event_scheduler.run_scheduler(event=event, actor=actor)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, f"Scheduler run: {run.placed} of {run.requested} meetings placed ({run.seconds} s)."
            )
        return True, place_form
    if action == "publish":
        return (
            _attempt(
                request,
                lambda: event_publishing.publish_schedule(event=event, actor=actor),
                "Published: everyone's agenda is out and the meetings are in their calendars.",
            ),
            place_form,
        )
    meeting = EventMeeting.objects.filter(event=event, pk=request.POST.get("meeting") or 0).first()
    if meeting is None:
        messages.error(request, "That meeting is no longer in the schedule.")
        return True, place_form
    if action == "place":
        if not place_form.is_valid():
            return False, place_form
        slot, table = place_form.cleaned_data["slot"], place_form.cleaned_data["table"]
        return (
            _attempt(
                request,
                lambda: event_scheduler.place_draft_meeting(
                    meeting=meeting, actor=actor, slot=slot, table=table
                ),
                f"{meeting} placed and pinned.",
                place_form,
            ),
            place_form,
        )
    operations = {
        "pin": lambda: event_scheduler.pin_draft_meeting(meeting=meeting, actor=actor, pinned=True),
        "unpin": lambda: event_scheduler.pin_draft_meeting(meeting=meeting, actor=actor, pinned=False),
        "unplace": lambda: event_scheduler.unplace_draft_meeting(meeting=meeting, actor=actor),
    }
    _attempt(
        request,
        operations[action],
        f"{meeting}: {action}ned." if action != "unplace" else f"{meeting} unplaced.",
    )
    return True, place_form


@login_required
def event_run(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Staff: one scheduler run, its state, figures and explanation."""
    event = _event(slug)
    run = selectors.access_run(request.user, event, pk)
    return render(request, "frontend/events/run.html", {"event": event, "run": run})


@login_required
def event_schedule_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """Staff: the whole schedule as CSV (times in the event's time zone)."""
    event = _staff_event(request, slug)
    zone = zoneinfo.ZoneInfo(event.time_zone)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-schedule.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "slot",
            "session",
            "date",
            "start",
            "end",
            "time_zone",
            "table",
            "requester",
            "receiver",
            "pinned",
            "status",
        ]
    )
    for meeting in selectors.schedule_of(event):
        slot = meeting.slot
        start, end = (slot.start.astimezone(zone), slot.end.astimezone(zone)) if slot else (None, None)
        writer.writerow(
            [
                slot.index + 1 if slot else "",
                slot.session.name if slot else "",
                f"{start:%Y-%m-%d}" if start else "",
                f"{start:%H:%M}" if start else "",
                f"{end:%H:%M}" if end else "",
                event.time_zone,
                meeting.table or "",
                meeting.requester.organisation.name,
                meeting.receiver.organisation.name,
                "yes" if meeting.pinned else "no",
                meeting.get_status_display() if slot else "unplaced",
            ]
        )
    return response


@login_required
def event_table_signs(request: HttpRequest, slug: str) -> HttpResponse:
    """Staff: one printable sign per table with its meetings."""
    event = _staff_event(request, slug)
    return render(
        request, "frontend/events/table_signs.html", {"event": event, "tables": selectors.table_signs(event)}
    )


# --- Agendas --------------------------------------------------------------------------------


def _agenda_context(request: HttpRequest, event: Event) -> dict[str, Any]:
    registration_id = request.GET.get("registration")
    registration = selectors.viewer_registration(
        request.user, event, int(registration_id) if registration_id and registration_id.isdigit() else None
    )
    entries = [
        {"meeting": m, "with": selectors.other_side(m, registration)}
        for m in selectors.agenda_of(registration)
    ]
    return {
        "event": event,
        "registration": registration,
        "entries": entries,
        "published": event.phase in PUBLISHED_PHASES,
        "viewer_time_zone": getattr(request.user, "time_zone", "") or "UTC",
    }


@login_required
def event_agenda(request: HttpRequest, slug: str) -> HttpResponse:
    """The viewer's organisation's agenda, times in the viewer's and the event's time zone."""
    return render(request, "frontend/events/agenda.html", _agenda_context(request, _event(slug)))


@login_required
def event_agenda_print(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "frontend/events/agenda_print.html", _agenda_context(request, _event(slug)))


@login_required
def event_agenda_ics(request: HttpRequest, slug: str) -> HttpResponse:
    """The agenda's published meetings as one `.ics` (same UIDs and SEQUENCE as every other copy)."""
    context = _agenda_context(request, _event(slug))
    meetings = [
        entry["meeting"].meeting for entry in context["entries"] if entry["meeting"].meeting is not None
    ]
    content = calendar.feed_ics(meetings, name=str(context["event"]))
    response = HttpResponse(content, content_type=calendar.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{context["event"].slug}-agenda.ics"'
    return response


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
            "counts": selectors.dashboard_counts(event),
            "representatives": selectors.check_in_list(event),
            "meetings": [m for m in selectors.schedule_of(event) if m.slot_id is not None],
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
            registration__event=event, pk=request.POST.get("representative") or 0
        ).first()
        if representative is not None:
            _attempt(
                request,
                lambda: event_publishing.check_in_representative(
                    representative=representative, actor=actor, checked_in=action == "check-in"
                ),
                f"{representative.user}: {'checked in' if action == 'check-in' else 'check-in undone'}.",
            )
        return True, move_form
    meeting = EventMeeting.objects.filter(event=event, pk=request.POST.get("meeting") or 0).first()
    if meeting is None:
        return True, move_form
    if action in DayStatus.values:
        _attempt(
            request,
            lambda: event_publishing.record_event_meeting_status(meeting=meeting, actor=actor, status=action),
            f"{meeting}: {DayStatus(action).label.lower()}.",
        )
        return True, move_form
    if action == "move":
        if not move_form.is_valid():
            return False, move_form
        slot, table = move_form.cleaned_data["slot"], move_form.cleaned_data["table"]
        done = _attempt(
            request,
            lambda: event_publishing.move_event_meeting(meeting=meeting, actor=actor, slot=slot, table=table),
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
    own = selectors.viewer_registration(request.user, event)
    meetings = list(selectors.agenda_of(own))
    if request.method == "POST":
        meeting = next((m for m in meetings if str(m.pk) == request.POST.get("meeting")), None)
        form = FeedbackForm(request.POST, prefix=f"m{meeting.pk}" if meeting else None)
        if meeting is not None and form.is_valid():
            if _attempt(
                request,
                lambda: event_services.submit_meeting_feedback(
                    meeting=meeting, actor=request.user, **form.cleaned_data
                ),
                f"Thank you: your rating of the meeting with {selectors.other_side(meeting, own)} is saved.",
            ):
                return redirect(_event_url("event-feedback", event))
        elif meeting is not None:
            messages.error(request, "Choose a rating and an outcome.")
    given = selectors.feedback_by_meeting(own)
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
                "with": selectors.other_side(meeting, own),
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
    return render(request, "frontend/events/report.html", {"event": event, **selectors.event_report(event)})
