"""On-demand meetings: book a slot, "my meetings", and the availability editor."""

from __future__ import annotations

import zoneinfo
from collections import OrderedDict
from collections.abc import Callable
from datetime import timedelta
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import User
from frontend.forms.meetings import (
    AcceptForm,
    AvailabilityExceptionForm,
    AvailabilityRuleForm,
    BookSlotForm,
    DeclineForm,
    ParticipantSettingsForm,
    ProposeTimeForm,
    ProposeTimesForm,
    VideoLinkForm,
)
from frontend.http import AuthenticatedHttpRequest
from frontend.service_calls import call_service
from scheduling import selectors
from scheduling.enums import AWAITING_STATUSES, MeetingStatus, Side
from scheduling.models import AvailabilityException, AvailabilityRule, Meeting, MeetingEvent, Participant
from scheduling.services.availability import (
    create_availability_exception,
    create_availability_rule,
    delete_availability_exception,
    delete_availability_rule,
    update_participant_settings,
)
from scheduling.services.feeds import revoke_calendar_feed, rotate_calendar_feed
from scheduling.services.meetings import (
    accept_meeting,
    cancel_meeting,
    decline_meeting,
    propose_new_time,
    propose_new_times,
    record_meeting_outcome,
    request_meeting,
    set_video_link,
)

BOOKING_DAYS = 14


def _viewer_time_zone(request: HttpRequest) -> str:
    requested = request.GET.get("tz", "")
    if requested:
        try:
            return selectors.parse_time_zone(requested)
        except ValidationError:
            pass
    return getattr(request.user, "time_zone", "") or "UTC"


def _slots_by_day(participant: Participant, time_zone: str, length: int | None) -> OrderedDict[str, list]:
    zone = zoneinfo.ZoneInfo(time_zone)
    first = timezone.now().astimezone(zone).date()
    start, end = selectors.local_day_range(first, first + timedelta(days=BOOKING_DAYS - 1), time_zone)
    days: OrderedDict[str, list] = OrderedDict()
    for slot in selectors.free_slots_for(
        participant=participant, start=start, end=end, viewer_time_zone=time_zone, length=length
    ):
        days.setdefault(slot.start.strftime("%A %d %B %Y"), []).append(slot)
    return days


@login_required
@require_http_methods(["GET", "POST"])
def book(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    """Pick a free slot of a participant, in the viewer's time zone; slots taken elsewhere vanish live."""
    participant = selectors.participant_by_key(key)
    time_zone = _viewer_time_zone(request)
    lengths = list(participant.meeting_lengths)
    form = BookSlotForm(request.POST or None, lengths=lengths)
    length = int(request.GET.get("length") or 0) or None
    if length not in lengths:
        length = min(lengths)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            # A ConflictError (taken meanwhile) stays a message: the page below shows the slots free now.
            if call_service(
                request,
                lambda: request_meeting(
                    actor=request.user,
                    invitee=participant,
                    subject=data["subject"],
                    message=data["message"],
                    length=data["length"],
                    start=data["start"],
                ),
                success=lambda meeting: f"Requested: {meeting.subject}. {participant} will confirm.",
                form=form,
                business_errors_on_form=True,
            ).ok:
                return redirect("frontend:my-meetings")
        length = form.cleaned_data.get("length", length)
    return render(
        request,
        "frontend/meetings/book.html",
        {
            "participant": participant,
            "days": _slots_by_day(participant, time_zone, length),
            "time_zone": time_zone,
            "length": length,
            "lengths": lengths,
            "form": form,
            "own": selectors.acts_for(request.user, participant),
        },
    )


@login_required
def my_meetings(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Requests to answer, upcoming and past meetings, in the viewer's time zone, each with the
    actions the viewer may take on it (`meeting.actions`)."""
    overview = selectors.meetings_overview(request.user)
    now = timezone.now()
    for meetings in overview.values():
        for meeting in meetings:
            actions = selectors.meeting_actions(meeting, request.user, now=now)
            setattr(meeting, "actions", actions)  # noqa: B010 -- a page-only attribute the model does not declare
    return render(request, "frontend/meetings/my_meetings.html", overview)


def _party_meeting(user: User, pk: int) -> Meeting:
    """The meeting if `user` speaks for one of its two sides; 404 for anyone else (staff included)."""
    meeting = selectors.access_meeting_for_party(user, pk)
    if meeting is None:
        raise Http404("No such meeting.")
    return meeting


def _history_with_previous_times(meeting: Meeting) -> list[MeetingEvent]:
    """The meeting's history, oldest first; each row also carries what stood before it: the time
    held (`previous_start`/`previous_end`) or, when none was, the times proposed
    (`previous_proposed`), so a proposal shows the old and the new time or times."""
    events = list(meeting.events.all())
    previous: tuple[object, object] = (None, None)
    previous_proposed: list[object] = []
    for event in events:
        event.previous_start, event.previous_end = previous  # type: ignore[attr-defined]
        event.previous_proposed = previous_proposed  # type: ignore[attr-defined]
        previous = (event.start, event.end)
        if event.proposed or event.start is not None:
            previous_proposed = list(event.proposed_times)
    return events


@login_required
@require_http_methods(["GET", "POST"])
def meeting_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One meeting for the people of its two sides: who, when (in the viewer's and the other side's
    time zones), status, the whole history and the actions allowed now; proposing another time (one
    of the free slots, or up to three typed times, with a note) posts here."""
    meeting = _party_meeting(request.user, pk)
    side = selectors.side_of(request.user, meeting)
    other = meeting.invitee if side == Side.ORGANISER else meeting.organiser
    viewer_time_zone = getattr(request.user, "time_zone", "") or "UTC"
    now = timezone.now()
    actions = selectors.meeting_actions(meeting, request.user, now=now) | selectors.meeting_changes(
        meeting, request.user, now=now
    )
    slots = (
        selectors.proposable_slots(meeting, request.user, viewer_time_zone=viewer_time_zone)
        if "propose_time" in actions
        else []
    )
    posted = request.POST.get("action") if request.method == "POST" else None
    propose_form = ProposeTimeForm(
        request.POST if posted == "propose_time" else None,
        slots=[(slot.start.isoformat(), slot.start.isoformat()) for slot in slots],
        prefix="propose",
    )
    times_form = ProposeTimesForm(
        request.POST if posted == "propose_times" else None,
        time_zone=viewer_time_zone,
        earliest=now,
        prefix="times",
    )
    video_form = VideoLinkForm(
        request.POST if posted == "video_link" else None,
        initial={"video_link": meeting.video_link},
        prefix="video",
    )
    if video_form.is_bound and video_form.is_valid():
        link = video_form.cleaned_data["video_link"]
        if call_service(
            request,
            lambda: set_video_link(meeting=meeting, actor=request.user, video_link=link),
            success=f"{meeting.subject}: video-call link saved.",
            form=video_form,
        ).ok:
            return redirect("frontend:meeting", pk=meeting.pk)
    if propose_form.is_bound and propose_form.is_valid():
        data = propose_form.cleaned_data
        if call_service(
            request,
            lambda: propose_new_time(
                meeting=meeting, actor=request.user, start=data["start"], note=data["note"]
            ),
            success=f"{meeting.subject}: new time proposed. The other side will answer.",
            form=propose_form,
        ).ok:
            return redirect("frontend:meeting", pk=meeting.pk)
    if times_form.is_bound and times_form.is_valid():
        data = times_form.cleaned_data
        if call_service(
            request,
            lambda: propose_new_times(
                meeting=meeting, actor=request.user, starts=data["starts"], note=data["note"]
            ),
            success=f"{meeting.subject}: new time(s) proposed. The other side will choose.",
            form=times_form,
        ).ok:
            return redirect("frontend:meeting", pk=meeting.pk)
    history = _history_with_previous_times(meeting)
    awaiting = meeting.status in AWAITING_STATUSES
    new_time = history[-1] if awaiting and history and history[-1].action == "proposed_time" else None
    return render(
        request,
        "frontend/meetings/meeting.html",
        {
            "meeting": meeting,
            "new_time": new_time,
            "expired": history[-1] if meeting.status == MeetingStatus.EXPIRED and history else None,
            "other": other,
            "own": meeting.organiser if side == Side.ORGANISER else meeting.invitee,
            "viewer_time_zone": viewer_time_zone,
            "other_time_zone": other.time_zone or "UTC",
            "history": history,
            "actions": actions,
            "proposals": list(meeting.proposals.all()) if meeting.start is None else [],
            "propose_form": propose_form,
            "times_form": times_form,
            "slots": slots,
            "decline_form": DeclineForm(prefix="decline"),
            "video_form": video_form,
        },
    )


MEETING_ACTIONS: dict[str, tuple[Callable[..., object], str]] = {
    "accept": (accept_meeting, "accepted"),
    "decline": (decline_meeting, "declined"),
    "cancel": (cancel_meeting, "cancelled"),
    "held": (partial(record_meeting_outcome, outcome=MeetingStatus.HELD), "recorded as held"),
    "no-show": (
        partial(record_meeting_outcome, outcome=MeetingStatus.NO_SHOW),
        "recorded as a no-show",
    ),
}


@login_required
@require_POST
def meeting_action(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    meeting = selectors.access_meeting(request.user, pk)
    if action not in MEETING_ACTIONS:
        return redirect("frontend:my-meetings")
    operation, done = MEETING_ACTIONS[action]
    # A decline or a cancellation may give a reason (the meeting page's form); accepting a meeting
    # without a time of its own names the proposed time chosen; the others take nothing.
    extra: dict[str, object] = {}
    if action in ("decline", "cancel"):
        extra["note"] = request.POST.get("decline-note", "")[:2000]
    elif action == "accept":
        choice = AcceptForm(request.POST)
        if not choice.is_valid():
            messages.error(request, "Choose one of the proposed times.")
            return redirect("frontend:meeting", pk=meeting.pk)
        if choice.cleaned_data["proposal_start"] is not None:
            extra["proposal_start"] = choice.cleaned_data["proposal_start"]
    call_service(
        request,
        lambda: operation(meeting=meeting, actor=request.user, **extra),
        success=f"{meeting.subject}: {done}.",
    )
    if request.POST.get("back") == "meeting":
        return redirect("frontend:meeting", pk=meeting.pk)
    return redirect("frontend:my-meetings")


@login_required
@require_http_methods(["GET", "POST"])
def calendar_feed(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Your private calendar feed: its URL to subscribe to, a new URL (the old one stops working), or
    none at all."""
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "rotate":
            call_service(
                request,
                lambda: rotate_calendar_feed(user=request.user),
                success="New feed URL made; the previous one no longer works.",
            )
        elif action == "revoke":
            call_service(
                request,
                lambda: revoke_calendar_feed(user=request.user),
                success="Feed switched off; its URL no longer works.",
            )
        return redirect("frontend:calendar-feed")
    feed = selectors.calendar_feed_of(request.user)
    url = request.build_absolute_uri(reverse("api:calendar-feed-ics", args=[feed.token])) if feed else ""
    return render(request, "frontend/meetings/calendar_feed.html", {"feed_url": url})


@login_required
@require_http_methods(["GET", "POST"])
def availability(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Edit the availability of yourself, or of your organisation if you are one of its admins."""
    key = request.GET.get("for") or request.POST.get("for") or _default_key(request.user)
    participant = selectors.access_participant_for_edit(request.user, key)
    forms = {
        "settings": ParticipantSettingsForm(prefix="settings", initial=_settings_initial(participant)),
        "rule": AvailabilityRuleForm(prefix="rule", initial={"time_zone": participant.time_zone}),
        "exception": AvailabilityExceptionForm(
            prefix="exception", initial={"time_zone": participant.time_zone}
        ),
    }
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            write = _availability_change(request, participant, action, forms)
        except (AvailabilityRule.DoesNotExist, AvailabilityException.DoesNotExist, ValueError):
            messages.error(request, "That entry no longer exists.")
        else:
            saved = write is not None and (
                call_service(request, write, success="Availability saved.", form=forms.get(action)).ok
            )
            if saved:
                return redirect(f"{request.path}?for={key}")
    return render(
        request,
        "frontend/meetings/availability.html",
        {
            "participant": participant,
            "key": key,
            "rules": selectors.rules_of(participant) if participant.pk else [],
            "exceptions": selectors.exceptions_of(participant) if participant.pk else [],
            "settings_form": forms["settings"],
            "rule_form": forms["rule"],
            "exception_form": forms["exception"],
        },
    )


FORM_CLASSES = {
    "settings": ParticipantSettingsForm,
    "rule": AvailabilityRuleForm,
    "exception": AvailabilityExceptionForm,
}


def _availability_change(
    request: AuthenticatedHttpRequest, participant: Participant, action: str, forms: dict[str, Form]
) -> Callable[[], object] | None:
    """The service call that applies one valid change, or None (nothing to do, or the form has errors:
    bound forms replace `forms[action]`). An entry to delete that is gone raises DoesNotExist."""
    actor = request.user
    if action in FORM_CLASSES:
        form = forms[action] = FORM_CLASSES[action](request.POST, prefix=action)
        if not form.is_valid():
            return None
        write: Callable[..., object] = {
            "settings": update_participant_settings,
            "rule": create_availability_rule,
            "exception": create_availability_exception,
        }[action]
        return lambda: write(participant=participant, actor=actor, **form.cleaned_data)
    entry_id = int(request.POST.get("id", 0))
    if action == "delete-rule":
        rule = selectors.rules_of(participant).get(pk=entry_id)
        return lambda: delete_availability_rule(rule=rule, actor=actor)
    if action == "delete-exception":
        exception = selectors.exceptions_of(participant).get(pk=entry_id)
        return lambda: delete_availability_exception(exception=exception, actor=actor)
    return None


def _default_key(user: User) -> str:
    if user.is_organisation_admin:
        return f"org-{user.organisation_id}"
    return f"user-{user.pk}"


def _settings_initial(participant: Participant) -> dict[str, object]:
    return {
        "time_zone": participant.time_zone,
        "meeting_lengths": ", ".join(str(n) for n in participant.meeting_lengths),
        "buffer_minutes": participant.buffer_minutes,
    }
