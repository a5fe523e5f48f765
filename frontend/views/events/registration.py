"""Registration and availability: an organisation registers, fills its profile (offer, seek,
sectors), adds representatives, and each representative ticks the slots they cannot attend."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from common.ids import parse_id
from events.enums import AVAILABILITY_PHASES, PROFILE_PHASES
from events.models import EventRepresentative
from events.selectors.actions import event_actions
from events.selectors.setup import access_representative, representatives_of, viewer_registration
from events.services.registration import (
    add_representative,
    register_organisation,
    set_unavailable_slots,
    update_registration_profile,
)
from frontend.forms.events import RegistrationProfileForm, RepresentativeForm, UnavailabilityForm
from frontend.http import AuthenticatedHttpRequest
from frontend.service_calls import call_service
from frontend.views.events.lookups import event_for_page, event_url

# --- Registration and availability ----------------------------------------------------------


@login_required
@require_POST
def event_register(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Register the viewer's organisation with the viewer as its representative."""
    event = event_for_page(slug)
    call_service(
        request,
        lambda: register_organisation(event=event, actor=request.user),
        success=_("%(organisation)s is registered for %(event)s.")
        % {"organisation": request.user.organisation, "event": event},
    )
    return redirect(event_url("event", event))


@login_required
@require_http_methods(["GET", "POST"])
def event_profile(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The registration's profile: what the organisation offers and looks for, its sectors, and who
    attends. Its people (and staff, `?registration=<id>`) edit it until scheduling is over."""
    event = event_for_page(slug)
    registration = viewer_registration(
        request.user, event, parse_id(request.GET.get("registration") or request.POST.get("registration"))
    )
    form = RegistrationProfileForm(
        request.POST or None,
        initial={"offer": registration.offer, "seek": registration.seek, "sectors": registration.sectors},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if call_service(
            request,
            lambda: update_registration_profile(
                registration=registration,
                actor=request.user,
                offer=data["offer"],
                seek=data["seek"],
                sectors=data["sectors"],
            ),
            success=_("The profile of %(organisation)s is saved.")
            % {"organisation": registration.organisation},
            form=form,
        ).ok:
            path = event_url("event-profile", event)
            if registration.organisation_id != request.user.organisation_id:
                path += f"?registration={registration.pk}"
            return redirect(path)
    own = registration if registration.organisation_id == request.user.organisation_id else None
    return render(
        request,
        "frontend/events/profile.html",
        {
            "event": event,
            "registration": registration,
            "representatives": representatives_of(registration),
            "form": form,
            "editable": event.phase in PROFILE_PHASES,
            "actions": event_actions(event, request.user, own=own),
        },
    )


@login_required
@require_POST
def event_add_representative(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    event = event_for_page(slug)
    own = viewer_registration(request.user, event)
    form = RepresentativeForm(request.POST, organisation_id=own.organisation_id)
    if form.is_valid():
        person = form.cleaned_data["user"]
        call_service(
            request,
            lambda: add_representative(registration=own, actor=request.user, user=person),
            success=_("%(person)s represents %(own)s too.") % {"person": person, "own": own},
        )
    return redirect(event_url("event", event))


@login_required
@require_http_methods(["GET", "POST"])
def event_availability(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """A representative ticks the slots they cannot attend (`?rep=<id>`: an admin or staff for another)."""
    event = event_for_page(slug)
    rep_id = parse_id(request.GET.get("rep") or request.POST.get("rep"))
    representative: EventRepresentative | None
    if rep_id is not None:
        representative = access_representative(request.user, event, rep_id)
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
        if call_service(
            request,
            lambda: set_unavailable_slots(representative=representative, actor=request.user, slots=chosen),
            success=_("Availability saved."),
            form=form,
        ).ok:
            return redirect(f"{event_url('event-availability', event)}?rep={representative.pk}")
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
