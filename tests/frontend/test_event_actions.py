"""event_actions and request_answer_choices: what a viewer may do on an event's pages, by phase and
role (no database)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.enums import OrganisationRole
from accounts.models import User
from events.enums import EventPhase, RequestStatus
from events.models import Event, EventMeetingRequest, EventRegistration
from events.selectors.actions import event_actions, request_answer_choices

pytestmark = [pytest.mark.unit]


def event(phase):
    return Event(name="Summit", slug="summit", phase=phase)


def member(*, admin=False):
    role = OrganisationRole.ADMIN if admin else OrganisationRole.MEMBER
    return User(pk=5, username="m", organisation_id=7, organisation_role=role)


def staff():
    return User(pk=6, username="s", is_staff=True)


OWN = EventRegistration(organisation_id=7)


def test_event_actions_anonymous_viewer_may_do_nothing():
    assert event_actions(event(EventPhase.REGISTRATION_OPEN), AnonymousUser(), own=None) == set()


def test_event_actions_member_may_register_while_registration_is_open():
    assert event_actions(event(EventPhase.REGISTRATION_OPEN), member(), own=None) == {"register"}


def test_event_actions_member_may_not_register_once_scheduling():
    assert event_actions(event(EventPhase.SCHEDULING), member(), own=None) == set()


def test_event_actions_registered_member_while_requests_are_open():
    actions = event_actions(event(EventPhase.REQUESTS_OPEN), member(), own=OWN)

    assert actions == {"browse_attendees", "edit_profile", "request_meetings", "set_availability"}


def test_event_actions_registered_admin_adds_representatives_until_closed():
    running = event_actions(event(EventPhase.RUNNING), member(admin=True), own=OWN)
    closed = event_actions(event(EventPhase.CLOSED), member(admin=True), own=OWN)

    assert running == {"add_representative", "browse_attendees", "view_agenda", "give_feedback"}
    assert closed == {"browse_attendees", "view_agenda", "give_feedback"}


def test_event_actions_staff_set_up_an_open_event():
    actions = event_actions(event(EventPhase.REGISTRATION_OPEN), staff(), own=None)

    assert actions == {"manage", "browse_attendees", "see_all_requests", "change_phase", "edit_sessions"}


def test_event_actions_staff_run_the_scheduler_while_scheduling():
    actions = event_actions(event(EventPhase.SCHEDULING), staff(), own=None)

    assert actions == {"manage", "browse_attendees", "see_all_requests", "change_phase", "run_scheduler"}


def test_event_actions_staff_record_meeting_statuses_only_while_running():
    published = event_actions(event(EventPhase.AGENDA_PUBLISHED), staff(), own=None)
    running = event_actions(event(EventPhase.RUNNING), staff(), own=None)

    assert "record_meeting_status" not in published
    assert running == {
        "manage", "browse_attendees", "see_all_requests", "change_phase", "record_meeting_status"
    }  # fmt: skip


def test_event_actions_registered_member_edits_the_profile_until_scheduling_is_over():
    by_phase = {
        phase: "edit_profile" in event_actions(event(phase), member(), own=OWN) for phase in EventPhase
    }

    assert by_phase == {
        EventPhase.REGISTRATION_OPEN: True,
        EventPhase.REQUESTS_OPEN: True,
        EventPhase.SCHEDULING: True,
        EventPhase.AGENDA_PUBLISHED: False,
        EventPhase.RUNNING: False,
        EventPhase.CLOSED: False,
    }


def test_event_actions_attendees_are_for_participants_and_staff_only():
    open_event = event(EventPhase.REQUESTS_OPEN)

    assert "browse_attendees" not in event_actions(open_event, member(), own=None)
    assert "browse_attendees" in event_actions(open_event, member(), own=OWN)
    assert "browse_attendees" in event_actions(open_event, staff(), own=None)


@pytest.mark.parametrize(
    ("status", "answers"),
    [
        (RequestStatus.PENDING, ["accept", "decline", "no_thanks"]),
        (RequestStatus.DECLINED, ["accept"]),
        (RequestStatus.NO_THANKS, []),
        (RequestStatus.ACCEPTED, []),
    ],
)
def test_request_answer_choices_by_status(status, answers):
    choices = request_answer_choices(EventMeetingRequest(status=status))

    assert [value for value, _label in choices] == answers
