"""On-demand meetings: book a slot, "my meetings", and the availability editor."""

from __future__ import annotations

import zoneinfo
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import get_text_list
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Organisation, User
from accounts.selectors import meeting_request_refusal
from cities.selectors import activator_share_offer
from cities.services.activator_sharing import accept_meeting_sharing_activator_results
from common.dates import local_day, local_time, local_weekday_time
from frontend.forms.fields import TIME_ZONE_CHOICES
from frontend.forms.meetings import (
    DEFAULT_SUBJECT,
    AcceptForm,
    AvailabilityExceptionForm,
    AvailabilityRuleForm,
    BookSlotForm,
    DeclineForm,
    ParticipantSettingsForm,
    ProposeTimeForm,
    ProposeTimesForm,
    RequestWithTimesForm,
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

# The booking page shows one week at a time, from today up to half a year ahead.
WEEK_DAYS = 7
MAX_WEEKS_AHEAD = 26


def _viewer_time_zone(request: HttpRequest) -> str:
    """The zone the page shows times in: `?tz=` when it is a known IANA zone, else the profile's."""
    requested = request.GET.get("tz", "")
    if requested:
        try:
            return selectors.parse_time_zone(requested)
        except ValueError:
            pass
    return getattr(request.user, "time_zone", "") or "UTC"


def _chosen_length(value: str | None, lengths: list[int]) -> int:
    """The meeting length asked for when the participant offers it, else its shortest."""
    try:
        length = int(value or 0)
    except ValueError:
        length = 0
    return length if length in lengths else min(lengths)


def _first_day_of_week(value: str, today: date) -> date:
    """The first day shown: `?week=YYYY-MM-DD` kept between today and the last week offered;
    anything else is today."""
    try:
        first = date.fromisoformat(value)
    except ValueError:
        return today
    last_week = today + timedelta(weeks=MAX_WEEKS_AHEAD - 1)
    return min(max(first, today), last_week)


def _place_name(time_zone: str) -> str:
    """ "Asia/Seoul" → "Seoul": how a slot names the other side's clock."""
    return time_zone.rsplit("/", 1)[-1].replace("_", " ")


@dataclass(frozen=True)
class SlotInTwoZones:
    """A free slot in the viewer's zone (`start`, `end`) and as the other side's clock shows it."""

    start: datetime
    end: datetime
    other_time: str  # "17:00", or "Tue 01:00" when it falls on another day there


def _slots_by_day(
    participant: Participant, time_zone: str, length: int | None, *, first: date, days: int = WEEK_DAYS
) -> OrderedDict[str, list[SlotInTwoZones]]:
    """The free slots of `days` days from `first` (the viewer's calendar), grouped by day."""
    start, end = selectors.local_day_range(first, first + timedelta(days=days - 1), time_zone)
    other_zone = zoneinfo.ZoneInfo(participant.time_zone or "UTC")
    by_day: OrderedDict[str, list[SlotInTwoZones]] = OrderedDict()
    for slot in selectors.free_slots_for(
        participant=participant, start=start, end=end, viewer_time_zone=time_zone, length=length
    ):
        there = slot.start.astimezone(other_zone)
        other_time = local_time(there) if there.date() == slot.start.date() else local_weekday_time(there)
        by_day.setdefault(local_day(slot.start), []).append(SlotInTwoZones(slot.start, slot.end, other_time))
    return by_day


def _booking_url(key: str, **query: object) -> str:
    return f"{reverse('frontend:book', args=[key])}?{urlencode({k: v for k, v in query.items() if v})}"


@login_required
@require_http_methods(["GET", "POST"])
def book(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    """Pick a free slot of a participant, week by week, in the viewer's (or a chosen) time zone, each
    slot also in the participant's; or propose up to three times. Slots taken elsewhere vanish live.

    Posts: `action=show` re-renders the slots for another length keeping what was typed;
    `action=propose` asks with proposed times; a slot button books that slot."""
    participant = selectors.participant_by_key(key)
    time_zone = _viewer_time_zone(request)
    today = timezone.now().astimezone(zoneinfo.ZoneInfo(time_zone)).date()
    first = _first_day_of_week(request.GET.get("week", ""), today)
    lengths = list(participant.meeting_lengths)
    posted = request.POST if request.method == "POST" else None
    action = posted.get("action", "book") if posted is not None else ""
    length = _chosen_length((posted or request.GET).get("length"), lengths)
    subject = request.GET.get("subject", "").strip()[:200] or str(DEFAULT_SUBJECT)
    form = BookSlotForm(lengths=lengths, initial={"subject": subject, "length": length})
    propose_form = RequestWithTimesForm(
        lengths=lengths, time_zone=time_zone, initial={"subject": subject, "length": length}, prefix="propose"
    )
    # Why this person may not ask (unverified address, no confirmed membership): said on the page,
    # and a request posted anyway is answered with it instead of a bare 403.
    refusal = meeting_request_refusal(request.user)
    if posted is not None and action != "show" and refusal is not None:
        messages.error(request, refusal)
        return redirect(request.get_full_path())
    if posted is not None and action == "show":
        typed = {name: posted.get(name, "") for name in ("subject", "message")}
        form = BookSlotForm(lengths=lengths, initial={**typed, "length": length})
    elif posted is not None and action == "propose":
        propose_form = RequestWithTimesForm(posted, lengths=lengths, time_zone=time_zone, prefix="propose")
        if propose_form.is_valid() and _request_with_proposals(request, participant, propose_form):
            return redirect("frontend:my-meetings")
    elif posted is not None:
        form = BookSlotForm(posted, lengths=lengths)
        if form.is_valid() and _request_slot(request, participant, form):
            return redirect("frontend:my-meetings")
    days = _slots_by_day(participant, time_zone, length, first=first)
    # Only an empty week needs to know why: no weekly hours at all, or none free this week.
    has_hours = bool(days) or selectors.rules_of(participant).exists()
    keep = {"tz": request.GET.get("tz", ""), "length": length, "subject": request.GET.get("subject", "")}
    return render(
        request,
        "frontend/meetings/book.html",
        {
            "participant": participant,
            "days": days,
            "has_hours": has_hours,
            "time_zone": time_zone,
            "other_time_zone": participant.time_zone or "UTC",
            "other_place": _place_name(participant.time_zone or "UTC"),
            "time_zone_choices": TIME_ZONE_CHOICES,
            "first_day": first,
            "last_day": first + timedelta(days=WEEK_DAYS - 1),
            "previous_week_url": (
                _booking_url(key, week=(first - timedelta(weeks=1)).isoformat(), **keep)
                if first > today
                else ""
            ),
            "next_week_url": (
                _booking_url(key, week=(first + timedelta(weeks=1)).isoformat(), **keep)
                if first < today + timedelta(weeks=MAX_WEEKS_AHEAD - 1)
                else ""
            ),
            "week": first.isoformat() if first > today else "",
            "length": length,
            "lengths": lengths,
            # "30, 45 or 60": a translated list; the sentence around it is plural on the last length.
            "lengths_text": get_text_list([str(minutes) for minutes in lengths], gettext("or")),
            "form": form,
            "propose_form": propose_form,
            "own": selectors.acts_for(request.user, participant),
            "refusal": refusal,
        },
    )


def _request_slot(request: AuthenticatedHttpRequest, participant: Participant, form: BookSlotForm) -> bool:
    data = form.cleaned_data
    # A ConflictError (taken meanwhile) stays a message: the page below shows the slots free now.
    return call_service(
        request,
        lambda: request_meeting(
            actor=request.user,
            invitee=participant,
            subject=data["subject"],
            message=data["message"],
            length=data["length"],
            start=data["start"],
        ),
        success=lambda meeting: (
            gettext("Requested: %(subject)s. %(participant)s will confirm.")
            % {"subject": meeting.subject, "participant": participant}
        ),
        form=form,
        business_errors_on_form=True,
    ).ok


def _request_with_proposals(
    request: AuthenticatedHttpRequest, participant: Participant, form: RequestWithTimesForm
) -> bool:
    data = form.cleaned_data
    return call_service(
        request,
        lambda: request_meeting(
            actor=request.user,
            invitee=participant,
            subject=data["subject"],
            message=data["message"],
            length=data["length"],
            proposals=data["proposals"],
        ),
        success=lambda meeting: (
            gettext(
                "Requested: %(subject)s. %(participant)s will accept one of your times or propose another."
            )
            % {"subject": meeting.subject, "participant": participant}
        ),
        form=form,
        business_errors_on_form=True,
    ).ok


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
    # One table of the page's writes (only the posted form is bound): its form, the service it calls
    # with the form's data, and what the page then says.
    writes: list[tuple[Form, Callable[[dict[str, Any]], object], str]] = [
        (
            video_form,
            lambda data: set_video_link(meeting=meeting, actor=request.user, video_link=data["video_link"]),
            "video-call link saved.",
        ),
        (
            propose_form,
            lambda data: propose_new_time(
                meeting=meeting, actor=request.user, start=data["start"], note=data["note"]
            ),
            "new time proposed. The other side will answer.",
        ),
        (
            times_form,
            lambda data: propose_new_times(
                meeting=meeting, actor=request.user, starts=data["starts"], note=data["note"]
            ),
            "new time(s) proposed. The other side will choose.",
        ),
    ]
    for form, write, done in writes:
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            if call_service(
                request,
                partial(write, data),
                success=gettext("%(subject)s: %(done)s") % {"subject": meeting.subject, "done": done},
                form=form,
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
            # The provider a city person may share the city's Activator results with on accepting.
            "share_with": _share_offer_provider(request.user, meeting) if "accept" in actions else None,
        },
    )


def _share_offer_provider(user: User, meeting: Meeting) -> Organisation | None:
    offer = activator_share_offer(user, meeting)
    return offer[1] if offer is not None else None


# Each action and the whole sentence that confirms it (one message each, for the translators).
MEETING_ACTIONS: dict[str, tuple[Callable[..., object], Promise]] = {
    "accept": (accept_meeting, gettext_lazy("%(subject)s: accepted.")),
    "decline": (decline_meeting, gettext_lazy("%(subject)s: declined.")),
    "cancel": (cancel_meeting, gettext_lazy("%(subject)s: cancelled.")),
    "held": (
        partial(record_meeting_outcome, outcome=MeetingStatus.HELD),
        gettext_lazy("%(subject)s: recorded as held."),
    ),
    "no-show": (
        partial(record_meeting_outcome, outcome=MeetingStatus.NO_SHOW),
        gettext_lazy("%(subject)s: recorded as a no-show."),
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
            messages.error(request, gettext("Choose one of the proposed times."))
            return redirect("frontend:meeting", pk=meeting.pk)
        if choice.cleaned_data["proposal_start"] is not None:
            extra["proposal_start"] = choice.cleaned_data["proposal_start"]
        if choice.cleaned_data["share_activator_results"]:
            # Accepting and sharing in one transaction: both happen or neither.
            operation = accept_meeting_sharing_activator_results
            done = gettext_lazy("%(subject)s: accepted; your Activator results are shared with the provider.")
    call_service(
        request,
        lambda: operation(meeting=meeting, actor=request.user, **extra),
        success=str(done) % {"subject": meeting.subject},
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
                success=gettext("New feed URL made; the previous one no longer works."),
            )
        elif action == "revoke":
            call_service(
                request,
                lambda: revoke_calendar_feed(user=request.user),
                success=gettext("Feed switched off; its URL no longer works."),
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
            messages.error(request, gettext("That entry no longer exists."))
        else:
            saved = write is not None and (
                call_service(
                    request, write, success=gettext("Availability saved."), form=forms.get(action)
                ).ok
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
