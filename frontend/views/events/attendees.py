"""The attendee list: every registered organisation with its profile and representatives, filtered
by sector, country, category and offer/seek text, and "Request a meeting" on each (the same service
as the requests page, so the same rules: the phase, not oneself, one request per pair)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from events.enums import REQUEST_PHASES
from events.selectors.attendees import (
    AttendeeFilters,
    access_attendee_list,
    attendee_countries,
    attendee_rows,
    attendees_of,
)
from events.services.requests import request_event_meeting
from frontend.forms.events import AttendeeFilterForm, AttendeeRequestForm
from frontend.http import AuthenticatedHttpRequest
from frontend.paging import paginate
from frontend.service_calls import call_service
from frontend.views.events.lookups import event_for_page


@login_required
@require_http_methods(["GET", "POST"])
def event_attendees(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Who attends (participants and staff only; 403 for others), and a meeting request to one of
    them (POST: the list's filters stay in the address)."""
    event = event_for_page(slug)
    own = access_attendee_list(request.user, event)
    request_form = AttendeeRequestForm(request.POST or None, event=event)
    if request.method == "POST" and request_form.is_valid():
        data = request_form.cleaned_data
        if call_service(
            request,
            lambda: request_event_meeting(
                event=event, actor=request.user, receiver=data["receiver"], message=data["message"]
            ),
            success=_("Request sent to %(receiver)s.") % {"receiver": data["receiver"]},
            form=request_form,
        ).ok:
            return redirect(request.get_full_path())
    filter_form = AttendeeFilterForm(request.GET, countries=attendee_countries(event))
    filters = AttendeeFilters()
    if filter_form.is_valid():
        data = filter_form.cleaned_data
        filters = AttendeeFilters(
            sector=data["sector"], country=data["country"], category=data["category"], text=data["q"]
        )
    listing = paginate(request, attendees_of(event, filters=filters))
    listing["rows"] = attendee_rows(listing["page"].object_list, event=event, own=own)
    return render(
        request,
        "frontend/events/attendees.html",
        {
            "event": event,
            "own": own,
            "filter_form": filter_form,
            "request_form": request_form,
            "requests_open": event.phase in REQUEST_PHASES,
            **listing,
        },
    )
