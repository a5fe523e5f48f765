"""meeting_actions: what a person may do on a meeting, by status, side and time (no database)."""

from datetime import UTC, datetime, timedelta

import pytest

from accounts.models import User
from scheduling.enums import MeetingStatus, Side
from scheduling.models import Meeting, Participant
from scheduling.selectors import meeting_actions

pytestmark = [pytest.mark.unit]

NOW = datetime(2030, 5, 6, 12, 0, tzinfo=UTC)
ORGANISER_ORG, INVITEE_ORG = 1, 2


def meeting(status, *, awaiting_side=Side.INVITEE, start=NOW + timedelta(days=1)):
    return Meeting(
        organiser=Participant(organisation_id=ORGANISER_ORG),
        invitee=Participant(organisation_id=INVITEE_ORG),
        requested_by_id=10,
        status=status,
        awaiting_side=awaiting_side,
        start=start,
        end=start + timedelta(minutes=30) if start else None,
    )


def person(organisation_id, pk=20):
    return User(pk=pk, username=f"u{pk}", organisation_id=organisation_id)


def test_meeting_actions_request_to_answer_with_a_time():
    actions = meeting_actions(meeting(MeetingStatus.REQUESTED), person(INVITEE_ORG), now=NOW)

    assert actions == {"accept", "decline", "ics"}


def test_meeting_actions_request_to_answer_with_proposed_times_is_accepted_by_choosing_one():
    actions = meeting_actions(meeting(MeetingStatus.REQUESTED, start=None), person(INVITEE_ORG), now=NOW)

    assert actions == {"accept", "decline"}


@pytest.mark.parametrize("start", [NOW + timedelta(days=1), None])
def test_meeting_actions_expired_request_offers_nothing(start):
    expired = meeting(MeetingStatus.EXPIRED, awaiting_side="", start=start)

    assert meeting_actions(expired, person(INVITEE_ORG), now=NOW) == set()
    assert meeting_actions(expired, person(ORGANISER_ORG), now=NOW) == set()


def test_meeting_actions_request_waiting_for_the_other_side_can_be_cancelled():
    actions = meeting_actions(meeting(MeetingStatus.RESCHEDULED), person(ORGANISER_ORG), now=NOW)

    assert actions == {"cancel", "ics"}


def test_meeting_actions_upcoming_confirmed_meeting_can_be_cancelled():
    actions = meeting_actions(meeting(MeetingStatus.CONFIRMED), person(ORGANISER_ORG), now=NOW)

    assert actions == {"cancel", "ics"}


def test_meeting_actions_confirmed_meeting_that_ended_is_recorded_as_held_or_no_show():
    past = meeting(MeetingStatus.CONFIRMED, start=NOW - timedelta(days=1))

    actions = meeting_actions(past, person(INVITEE_ORG), now=NOW)

    assert actions == {"mark_held", "mark_no_show", "cancel", "ics"}


def test_meeting_actions_held_meeting_leads_to_a_proposal():
    held = meeting(MeetingStatus.HELD, start=NOW - timedelta(days=1))

    assert meeting_actions(held, person(INVITEE_ORG), now=NOW) == {"propose", "ics"}


@pytest.mark.parametrize("status", [MeetingStatus.DECLINED, MeetingStatus.CANCELLED, MeetingStatus.NO_SHOW])
def test_meeting_actions_closed_meeting_offers_only_the_calendar_file(status):
    assert meeting_actions(meeting(status), person(INVITEE_ORG), now=NOW) == {"ics"}
