"""Meeting requests: the viewer's organisation's requests to answer and sent, a new request with
"whom to ask" suggestions, answering a request, and (staff) every request of the event."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from events.enums import REQUEST_PHASES, EventPhase, RequestAnswer, RequestStatus
from events.selectors.actions import request_answer_choices
from events.selectors.requests import (
    RequestFilters,
    access_request_for_answer,
    requests_of_event,
    requests_received,
    requests_sent,
    status_shown_to,
    suggestions_for,
)
from events.selectors.setup import viewer_registration
from events.services.requests import answer_event_meeting_request, request_event_meeting
from frontend.forms.events import MeetingRequestForm, RequestFilterForm
from frontend.http import AuthenticatedHttpRequest
from frontend.paging import paginate
from frontend.service_calls import call_service
from frontend.views.events.lookups import event_for_page, event_url, staff_event

# --- Meeting requests -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def event_requests(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The viewer's organisation's requests: to answer, sent, a new one, and whom to ask."""
    event = event_for_page(slug)
    own = viewer_registration(request.user, event)
    form = MeetingRequestForm(request.POST or None, event=event, own=own)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if call_service(
            request,
            lambda: request_event_meeting(
                event=event,
                actor=request.user,
                receiver=data["receiver"],
                message=data["message"],
                priority=data["priority"],
                session_wish=data["session_wish"],
            ),
            success=_("Request sent to %(receiver)s.") % {"receiver": data["receiver"]},
            form=form,
        ).ok:
            return redirect(event_url("event-requests", event))
    received = list(requests_received(own))
    for item in received:
        setattr(item, "answer_choices", request_answer_choices(item))  # noqa: B010 -- a page-only attribute
    sent = list(requests_sent(own))
    for item in sent:
        shown = RequestStatus(status_shown_to(request.user, item)).label
        setattr(item, "shown_status", shown)  # noqa: B010 -- a page-only attribute the model does not declare
    suggestions = (
        suggestions_for(registration=own, user=request.user, limit=5)
        if event.phase in REQUEST_PHASES
        else None
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
            "suggestions": suggestions.items if suggestions else [],
            "no_suggestions_reason": suggestions.empty_reason if suggestions else "",
            "requests_open": event.phase in REQUEST_PHASES,
            "requests_not_open_yet": event.phase == EventPhase.REGISTRATION_OPEN,
        },
    )


def _answered_message(answer: str) -> str:
    # One whole sentence per answer, for translators (no lower-cased label inside a sentence).
    return {
        RequestAnswer.ACCEPT: _("%(requester)s: accepted."),
        RequestAnswer.DECLINE: _("%(requester)s: declined."),
        RequestAnswer.NO_THANKS: _("%(requester)s: declined, never to be scheduled."),
    }[RequestAnswer(answer)]


@login_required
@require_POST
def event_request_answer(request: AuthenticatedHttpRequest, slug: str, pk: int, answer: str) -> HttpResponse:
    event = event_for_page(slug)
    meeting_request = access_request_for_answer(request.user, pk)
    if meeting_request.event_id != event.pk or answer not in RequestAnswer.values:
        raise Http404("No such request.")
    call_service(
        request,
        lambda: answer_event_meeting_request(request=meeting_request, actor=request.user, answer=answer),
        success=_answered_message(answer) % {"requester": meeting_request.requester},
    )
    return redirect(event_url("event-requests", event))


@login_required
@require_GET
def event_all_requests(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Staff: every request of the event with its state, filtered by state, organisation and
    category (paginated); 403 for anyone else."""
    event = staff_event(request, slug)
    filter_form = RequestFilterForm(request.GET)
    filters = RequestFilters()
    if filter_form.is_valid():
        data = filter_form.cleaned_data
        filters = RequestFilters(
            status=data["status"], organisation=data["organisation"], category=data["category"]
        )
    return render(
        request,
        "frontend/events/all_requests.html",
        {
            "event": event,
            "filter_form": filter_form,
            **paginate(request, requests_of_event(event, filters=filters)),
        },
    )
