"""What a viewer may do on an event's pages: the event page (register, add representatives, request
meetings, availability, agenda, feedback, staff set-up), a meeting request to answer, and the staff
dashboard of the day. Pages show these as buttons and links; the services check every rule again."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import AnonymousUser

from accounts.models import User
from events.enums import (
    AVAILABILITY_PHASES,
    FEEDBACK_PHASES,
    PHASE_TRANSITIONS,
    PROFILE_PHASES,
    PUBLISHED_PHASES,
    REGISTRATION_PHASES,
    REQUEST_PHASES,
    SESSION_EDIT_PHASES,
    EventMeetingStatus,
    EventPhase,
    RequestAnswer,
    RequestStatus,
)
from events.models import Event, EventMeeting, EventMeetingRequest, EventRegistration
from events.selectors.access import is_event_staff

EVENT_ACTIONS = frozenset(
    {
        # a participant (someone of a member organisation)
        "register", "add_representative", "edit_profile", "browse_attendees", "request_meetings",
        "set_availability", "view_agenda", "give_feedback",
        # staff
        "manage", "change_phase", "edit_sessions", "run_scheduler", "record_meeting_status",
        "see_all_requests",
    }
)  # fmt: skip


def event_actions(event: Event, user: User | AnonymousUser, *, own: EventRegistration | None) -> set[str]:
    """What `user` may do on `event` (a subset of EVENT_ACTIONS), `own` being the registration of
    their organisation (None: not registered). No queries."""
    actions: set[str] = set()
    phase = event.phase
    if own is not None:
        if getattr(user, "is_organisation_admin", False) and phase != EventPhase.CLOSED:
            actions.add("add_representative")
        actions.add("browse_attendees")
        actions |= {
            name
            for name, phases in (
                ("edit_profile", PROFILE_PHASES),
                ("request_meetings", REQUEST_PHASES),
                ("set_availability", AVAILABILITY_PHASES),
                ("view_agenda", PUBLISHED_PHASES),
                ("give_feedback", FEEDBACK_PHASES),
            )
            if phase in phases
        }
    elif user.is_authenticated and getattr(user, "organisation_id", None) and phase in REGISTRATION_PHASES:
        actions.add("register")
    if is_event_staff(user):
        actions |= {"manage", "browse_attendees", "see_all_requests"}
        if PHASE_TRANSITIONS[phase]:
            actions.add("change_phase")
        if phase in SESSION_EDIT_PHASES:
            actions.add("edit_sessions")
        if phase == EventPhase.SCHEDULING:
            actions.add("run_scheduler")
        if phase == EventPhase.RUNNING:  # statuses of meetings are recorded once the day has begun
            actions.add("record_meeting_status")
    return actions


def meeting_rateable(meeting: EventMeeting, *, now: datetime) -> bool:
    """Whether a meeting may be rated: it is on the agenda (placed, not cancelled) and has started.
    No queries (the meeting's slot is expected loaded)."""
    if meeting.slot_id is None or meeting.status == EventMeetingStatus.CANCELLED:
        return False
    return meeting.slot is not None and meeting.slot.start <= now


def request_answer_choices(meeting_request: EventMeetingRequest) -> list[tuple[str, str]]:
    """(answer, label) the receiver may still give: any answer while pending; after a plain decline
    only accepting (a "no thanks" and an accepted request are final)."""
    if meeting_request.status == RequestStatus.PENDING:
        return [(value, str(label)) for value, label in RequestAnswer.choices]
    if meeting_request.status == RequestStatus.DECLINED:
        return [(RequestAnswer.ACCEPT.value, str(RequestAnswer.ACCEPT.label))]
    return []
