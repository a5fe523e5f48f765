"""The event list and an event's page, and the staff pages that set an event up: create, edit,
change its phase, add or remove sessions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from common.ids import parse_id
from events.enums import (
    AVAILABILITY_PHASES,
    FEEDBACK_PHASES,
    PHASE_TRANSITIONS,
    PUBLISHED_PHASES,
    REGISTRATION_PHASES,
    REQUEST_PHASES,
    SESSION_EDIT_PHASES,
    EventPhase,
)
from events.models import Event, EventRegistration, EventSession
from events.selectors.access import check_staff, is_event_staff
from events.selectors.setup import events_listed, own_registration, representatives_of, sessions_of
from events.services.setup import (
    add_event_session,
    change_event_phase,
    create_event,
    remove_event_session,
    update_event,
)
from frontend.forms import add_service_errors
from frontend.paging import paginate
from frontend.views.events._common import _attempt, _event, _event_url, _staff_event
from frontend.views.events.forms import EventForm, PhaseForm, RepresentativeForm, SessionForm

# --- Events ---------------------------------------------------------------------------------


def event_list(request: HttpRequest) -> HttpResponse:
    """Every event, soonest first (paginated)."""
    return render(request, "frontend/events/list.html", paginate(request, events_listed()))


@login_required
@require_http_methods(["GET", "POST"])
def event_new(request: HttpRequest) -> HttpResponse:
    """Staff create an event with its first session."""
    check_staff(request.user)
    form = EventForm(request.POST or None)
    session_form = SessionForm(request.POST or None, prefix="session")
    if request.method == "POST" and form.is_valid() and session_form.is_valid():
        try:
            event = create_event(
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
    own = own_registration(user, event)
    is_staff = is_event_staff(user)
    context: dict[str, Any] = {
        "event": event,
        "sessions": sessions_of(event),
        "own": own,
        "representatives": representatives_of(own) if own else [],
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
            lambda: update_event(event=event, actor=request.user, **changes),
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
            lambda: change_event_phase(event=event, actor=request.user, phase=phase),
            f"The event is now: {EventPhase(phase).label.lower()}.",
        )
    return redirect(_event_url("event", event))


@login_required
@require_POST
def event_sessions(request: HttpRequest, slug: str) -> HttpResponse:
    """Staff add a session (or remove one with `remove=<id>`)."""
    event = _staff_event(request, slug)
    if "remove" in request.POST:
        session = EventSession.objects.filter(event=event, pk=parse_id(request.POST.get("remove"))).first()
        if session is not None:
            _attempt(
                request,
                lambda: remove_event_session(session=session, actor=request.user),
                "Session removed.",
            )
        return redirect(_event_url("event", event))
    form = SessionForm(request.POST, prefix="session")
    if form.is_valid():
        _attempt(
            request,
            lambda: add_event_session(event=event, actor=request.user, **form.cleaned_data),
            "Session added.",
        )
    else:
        messages.error(
            request, "Check the session: " + "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items())
        )
    return redirect(_event_url("event", event))
