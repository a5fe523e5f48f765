"""The event list and an event's page, and the staff pages that set an event up: create, edit,
change its phase, add or remove sessions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from common.ids import parse_id
from events.enums import PHASE_TRANSITIONS, EventPhase
from events.models import Event, EventRegistration, EventSession
from events.selectors.access import check_staff
from events.selectors.actions import event_actions
from events.selectors.setup import events_listed, own_registration, representatives_of, sessions_of
from events.services.setup import (
    add_event_session,
    change_event_phase,
    create_event,
    remove_event_session,
    update_event,
)
from frontend.forms.events import EventForm, PhaseForm, RepresentativeForm, SessionForm
from frontend.http import AuthenticatedHttpRequest
from frontend.paging import paginate
from frontend.service_calls import call_service
from frontend.views.events.lookups import event_for_page, event_url, staff_event

# --- Events ---------------------------------------------------------------------------------


def event_list(request: HttpRequest) -> HttpResponse:
    """Every event, soonest first (paginated)."""
    return render(request, "frontend/events/list.html", paginate(request, events_listed()))


@login_required
@require_http_methods(["GET", "POST"])
def event_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Staff create an event with its first session."""
    check_staff(request.user)
    form = EventForm(request.POST or None)
    session_form = SessionForm(request.POST or None, prefix="session")
    if request.method == "POST" and form.is_valid() and session_form.is_valid():
        outcome = call_service(
            request,
            lambda: create_event(
                actor=request.user, **form.cleaned_data, sessions=[session_form.cleaned_data]
            ),
            success=lambda event: _("%(event)s created; registration is open.") % {"event": event},
            # A session's start that does not fit belongs to the session's part of the form.
            form=lambda exc: session_form if "start_time" in getattr(exc, "error_dict", {}) else form,
        )
        if outcome.ok:
            return redirect(event_url("event", outcome.result))
    return render(request, "frontend/events/new.html", {"form": form, "session_form": session_form})


def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """An event: where and when, its sessions, registration, and the way to everything else."""
    event = event_for_page(slug)
    user = request.user
    own = own_registration(user, event)
    actions = event_actions(event, user, own=own)
    context: dict[str, Any] = {
        "event": event,
        "sessions": sessions_of(event),
        "own": own,
        "representatives": representatives_of(own) if own else [],
        "actions": actions,
        "registration_count": EventRegistration.objects.filter(event=event).count(),
    }
    if own:
        context["representative_form"] = RepresentativeForm(organisation_id=own.organisation_id)
    if "change_phase" in actions:
        context["phase_choices"] = [(p, EventPhase(p).label) for p in PHASE_TRANSITIONS[event.phase]]
    if "edit_sessions" in actions:
        context["session_form"] = SessionForm(prefix="session")
    return render(request, "frontend/events/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Staff change an event's details."""
    event = staff_event(request, slug)
    form = EventForm(request.POST or None, instance=Event.objects.get(pk=event.pk))
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        if call_service(
            request,
            lambda: update_event(event=event, actor=request.user, **changes),
            success=_("Saved."),
            form=form,
        ).ok:
            return redirect(event_url("event", event))
    return render(request, "frontend/events/edit.html", {"event": event, "form": form})


@login_required
@require_POST
def event_phase(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    event = staff_event(request, slug)
    form = PhaseForm(request.POST)
    if form.is_valid():
        phase = form.cleaned_data["phase"]
        call_service(
            request,
            lambda: change_event_phase(event=event, actor=request.user, phase=phase),
            success=_("The event's phase is now “%(phase)s”.") % {"phase": EventPhase(phase).label},
        )
    # the schedule page's "move to scheduling" button comes back to the schedule
    return redirect(event_url("event-schedule" if request.POST.get("back") == "schedule" else "event", event))


@login_required
@require_POST
def event_sessions(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Staff add a session (or remove one with `remove=<id>`)."""
    event = staff_event(request, slug)
    if "remove" in request.POST:
        session = EventSession.objects.filter(
            event=event, pk=parse_id(request.POST.get("remove")) or 0
        ).first()
        if session is not None:
            call_service(
                request,
                lambda: remove_event_session(session=session, actor=request.user),
                success=_("Session removed."),
            )
        return redirect(event_url("event", event))
    form = SessionForm(request.POST, prefix="session")
    if form.is_valid():
        call_service(
            request,
            lambda: add_event_session(event=event, actor=request.user, **form.cleaned_data),
            success=_("Session added."),
        )
    else:
        messages.error(
            request,
            _("Check the session: %(errors)s")
            % {"errors": "; ".join(f"{k}: {' '.join(map(str, v))}" for k, v in form.errors.items())},
        )
    return redirect(event_url("event", event))
