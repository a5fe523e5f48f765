"""The meeting workflow: holds, confirmations, reschedules, cancellations, history, and that no
person and no organisation is ever in two overlapping meetings (lock in the service, exclusion
constraint in PostgreSQL)."""

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from common.exceptions import ApplicationError, ConflictError
from scheduling import selectors
from scheduling.enums import MeetingAction, MeetingStatus, Side
from scheduling.models import Meeting, MeetingAttendance, MeetingEvent
from scheduling.services.meetings import (
    accept_meeting,
    cancel_meeting,
    decline_meeting,
    propose_new_time,
    record_meeting_outcome,
    request_meeting,
)
from tests.factories.accounts import OrganisationFactory
from tests.scheduling.conftest import berlin_at, open_every_day, person_of
from tests.scheduling.factories import (
    AvailabilityExceptionFactory,
    OrganisationParticipantFactory,
    PersonParticipantFactory,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def book(actor, invitee, start, length=30, **kwargs):
    return request_meeting(
        actor=actor, invitee=invitee, subject="Smart parking", length=length, start=start, **kwargs
    )


def active_claims(meeting):
    return sorted(
        MeetingAttendance.objects.filter(meeting=meeting, active=True).values_list(
            "participant_id", flat=True
        )
    )


def free_starts(participant, day_start, days=1, length=30):
    slots = selectors.free_slots_for(
        participant=participant,
        start=day_start,
        end=day_start + timedelta(days=days),
        viewer_time_zone="Europe/Berlin",
        length=length,
    )
    return [slot.start for slot in slots]


def test_booking_a_free_slot_holds_it_for_every_participant(host, city_person):
    start = berlin_at(3, 10)

    meeting = book(city_person, host, start)

    organiser_person = city_person.scheduling_participant
    assert (meeting.status, meeting.awaiting_side, meeting.end - meeting.start) == (
        MeetingStatus.REQUESTED,
        Side.INVITEE,
        timedelta(minutes=30),
    )
    assert active_claims(meeting) == sorted([meeting.organiser.pk, host.pk, organiser_person.pk])
    assert meeting.organiser.organisation == city_person.organisation
    assert start not in free_starts(host, berlin_at(3, 0))
    assert list(meeting.events.values_list("action", "status")) == [
        (MeetingAction.REQUESTED, MeetingStatus.REQUESTED)
    ]


def test_time_outside_the_offered_slots_is_a_400(host, city_person):
    with pytest.raises(ValidationError) as excinfo:
        book(city_person, host, berlin_at(3, 20))

    assert list(excinfo.value.message_dict) == ["start"]


def test_off_grid_time_and_unoffered_length_are_400s(host, city_person):
    with pytest.raises(ValidationError) as off_grid:
        book(city_person, host, berlin_at(3, 10, 10))
    with pytest.raises(ValidationError) as odd_length:
        book(city_person, host, berlin_at(3, 10), length=60)

    assert (list(off_grid.value.message_dict), list(odd_length.value.message_dict)) == (["start"], ["length"])


def test_holiday_is_not_bookable(host, city_person):
    start = berlin_at(3, 10)
    AvailabilityExceptionFactory.create(participant=host, start_date=start.date(), end_date=start.date())

    with pytest.raises(ValidationError):
        book(city_person, host, start)


def test_past_time_is_refused(host, city_person):
    with pytest.raises(ValidationError) as excinfo:
        book(city_person, host, timezone.now() - timedelta(hours=1))

    assert excinfo.value.message_dict == {"start": ["That time has already passed."]}


@pytest.mark.parametrize("subject", ["Parking\r\nBcc: everyone@example.org", "Parking\nplan", "Park\x00ing"])
def test_a_subject_with_a_line_break_or_control_character_is_refused(host, city_person, subject):
    start = free_starts(host, berlin_at(1, 0))[0]

    with pytest.raises(ValidationError) as excinfo:
        request_meeting(actor=city_person, invitee=host, subject=subject, length=30, start=start)

    assert excinfo.value.message_dict == {
        "subject": ["The subject must be one line of text, without control characters."]
    }
    assert not Meeting.objects.exists()


def test_taken_slot_is_a_409_with_the_free_slots(host, city_person):
    start = berlin_at(3, 10)
    book(person_of(OrganisationFactory.create()), host, start)

    with pytest.raises(ConflictError) as excinfo:
        book(city_person, host, start)

    free = excinfo.value.extra["free_slots"]
    assert excinfo.value.message == "That time was taken meanwhile. Here are the free slots now."
    assert excinfo.value.extra["time_zone"] == "Asia/Seoul"
    assert start not in {datetime.fromisoformat(slot["start"]) for slot in free}
    assert free[0]["start"].endswith("+09:00")
    assert Meeting.objects.count() == 1


def test_buffer_keeps_neighbouring_slots_free(host, city_person):
    host.buffer_minutes = 15
    host.save()
    book(city_person, host, berlin_at(3, 10))

    starts = [
        s.astimezone(berlin_at(3, 0).tzinfo).strftime("%H:%M") for s in free_starts(host, berlin_at(3, 9))
    ]

    assert starts[:3] == ["09:00", "11:00", "11:30"]


def test_one_organisation_is_never_in_two_overlapping_meetings(host, city_person):
    other_host = open_every_day(OrganisationParticipantFactory.create())
    colleague = person_of(city_person.organisation)
    book(city_person, host, berlin_at(3, 10))

    with pytest.raises(ConflictError) as excinfo:
        book(colleague, other_host, berlin_at(3, 10))

    assert excinfo.value.message.startswith(str(city_person.organisation))


def test_one_person_is_never_in_two_overlapping_meetings(host, city_person):
    other_host = open_every_day(OrganisationParticipantFactory.create())
    book(city_person, host, berlin_at(3, 10), as_organisation=False)

    with pytest.raises(ConflictError):
        book(city_person, other_host, berlin_at(3, 10), length=45, as_organisation=False)


def test_back_to_back_meetings_are_fine(host, city_person):
    first = book(city_person, host, berlin_at(3, 10))
    second = book(city_person, host, berlin_at(3, 10, 30))

    assert (first.end, len(active_claims(second))) == (second.start, 3)


def test_accepting_confirms_and_the_answering_person_attends(host, host_person, city_person):
    meeting = book(city_person, host, berlin_at(3, 10))

    confirmed = accept_meeting(meeting=meeting, actor=host_person, video_link="https://meet.example/x")

    assert (confirmed.status, confirmed.sequence, confirmed.accepted_by, confirmed.video_link) == (
        MeetingStatus.CONFIRMED,
        1,
        host_person,
        "https://meet.example/x",
    )
    assert host_person.scheduling_participant.pk in active_claims(meeting)


def test_a_busy_answering_person_cannot_accept(host, host_person, city_person):
    elsewhere = open_every_day(OrganisationParticipantFactory.create())
    book(host_person, elsewhere, berlin_at(3, 10), as_organisation=False)
    meeting = book(city_person, host, berlin_at(3, 10))

    with pytest.raises(ConflictError):
        accept_meeting(meeting=meeting, actor=host_person)

    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.REQUESTED


def test_only_the_awaited_side_accepts_and_outsiders_cannot_touch(host, city_person, outsider):
    meeting = book(city_person, host, berlin_at(3, 10))

    with pytest.raises(ApplicationError):
        accept_meeting(meeting=meeting, actor=city_person)
    with pytest.raises(PermissionDenied):
        accept_meeting(meeting=meeting, actor=outsider)
    with pytest.raises(PermissionDenied):
        cancel_meeting(meeting=meeting, actor=outsider)


def test_proposed_times_hold_nothing_until_one_is_accepted(host, host_person, city_person):
    proposals = [berlin_at(4, 20), berlin_at(5, 7)]  # outside the host's hours: proposals may be anywhere
    meeting = request_meeting(
        actor=city_person, invitee=host, subject="Intro", length=45, proposals=proposals
    )
    assert (meeting.start, active_claims(meeting)) == (None, [])

    confirmed = accept_meeting(meeting=meeting, actor=host_person, proposal_start=proposals[1])

    assert confirmed.start is not None
    assert confirmed.end is not None
    assert (confirmed.start, confirmed.end - confirmed.start) == (proposals[1], timedelta(minutes=45))
    assert len(active_claims(meeting)) == 4


def test_accepting_a_proposal_taken_meanwhile_is_a_409(host, host_person, city_person):
    proposal = berlin_at(4, 10)
    meeting = request_meeting(
        actor=city_person, invitee=host, subject="Intro", length=30, proposals=[proposal]
    )
    book(person_of(OrganisationFactory.create()), host, proposal)

    with pytest.raises(ConflictError) as excinfo:
        accept_meeting(meeting=meeting, actor=host_person, proposal_start=proposal)

    assert excinfo.value.message == f"{host} already has a meeting at that time. Here are the free slots now."


def test_declining_frees_the_slot(host, host_person, city_person):
    start = berlin_at(3, 10)
    meeting = book(city_person, host, start)

    decline_meeting(meeting=meeting, actor=host_person, note="Not this month")

    assert (Meeting.objects.get().status, active_claims(meeting)) == (MeetingStatus.DECLINED, [])
    assert start in free_starts(host, berlin_at(3, 0))


def test_reschedule_keeps_the_meeting_moves_the_hold_and_raises_the_sequence(host, host_person, city_person):
    meeting = accept_meeting(meeting=book(city_person, host, berlin_at(3, 10)), actor=host_person)

    moved = propose_new_time(meeting=meeting, actor=city_person, start=berlin_at(3, 14))

    assert (moved.pk, moved.uid, moved.status, moved.sequence, moved.awaiting_side) == (
        meeting.pk,
        meeting.uid,
        MeetingStatus.RESCHEDULED,
        2,
        Side.INVITEE,
    )
    assert berlin_at(3, 10) in free_starts(host, berlin_at(3, 0))
    assert berlin_at(3, 14) not in free_starts(host, berlin_at(3, 0))
    again = accept_meeting(meeting=moved, actor=host_person)
    assert (again.status, again.sequence) == (MeetingStatus.CONFIRMED, 3)


def test_reschedule_by_half_an_hour_does_not_clash_with_itself(host, host_person, city_person):
    meeting = accept_meeting(meeting=book(city_person, host, berlin_at(3, 10), length=45), actor=host_person)

    moved = propose_new_time(meeting=meeting, actor=city_person, start=berlin_at(3, 10, 30))

    assert moved.start == berlin_at(3, 10, 30)


def test_invitee_may_counter_propose_outside_its_hours(host, host_person, city_person):
    meeting = book(city_person, host, berlin_at(3, 10))

    countered = propose_new_time(meeting=meeting, actor=host_person, start=berlin_at(3, 19))

    assert (countered.status, countered.awaiting_side) == (MeetingStatus.REQUESTED, Side.ORGANISER)
    confirmed = accept_meeting(meeting=countered, actor=city_person)
    assert (confirmed.status, confirmed.start) == (MeetingStatus.CONFIRMED, berlin_at(3, 19))


def test_cancel_frees_the_slot_and_keeps_the_history(host, host_person, city_person):
    meeting = accept_meeting(meeting=book(city_person, host, berlin_at(3, 10)), actor=host_person)

    cancelled = cancel_meeting(meeting=meeting, actor=city_person, note="Budget frozen")

    assert (cancelled.status, cancelled.sequence, active_claims(meeting)) == (MeetingStatus.CANCELLED, 2, [])
    assert list(MeetingEvent.objects.filter(meeting=meeting).values_list("action", "sequence")) == [
        (MeetingAction.REQUESTED, 0),
        (MeetingAction.ACCEPTED, 1),
        (MeetingAction.CANCELLED, 2),
    ]
    assert MeetingAttendance.objects.filter(meeting=meeting).count() == 4
    with pytest.raises(ConflictError):
        cancel_meeting(meeting=cancelled, actor=city_person)


def test_outcome_is_recorded_only_after_the_start(host, host_person, city_person):
    meeting = accept_meeting(meeting=book(city_person, host, berlin_at(3, 10)), actor=host_person)
    with pytest.raises(ApplicationError):
        record_meeting_outcome(meeting=meeting, actor=host_person, outcome=MeetingStatus.HELD)
    Meeting.objects.filter(pk=meeting.pk).update(
        start=timezone.now() - timedelta(hours=1), end=timezone.now() - timedelta(minutes=30)
    )

    held = record_meeting_outcome(meeting=meeting, actor=host_person, outcome=MeetingStatus.NO_SHOW)

    last_event = held.events.last()
    assert last_event is not None
    assert (held.status, last_event.action) == (MeetingStatus.NO_SHOW, MeetingAction.NO_SHOW)


def test_nobody_asks_themselves(host, host_person):
    with pytest.raises(ValidationError) as excinfo:
        book(host_person, host, berlin_at(3, 10))

    assert list(excinfo.value.message_dict) == ["invitee"]


def test_a_person_can_be_booked_directly(city_person):
    consultant = open_every_day(PersonParticipantFactory.create())

    meeting = book(city_person, consultant, berlin_at(3, 10), as_organisation=False)

    assert active_claims(meeting) == sorted([city_person.scheduling_participant.pk, consultant.pk])


@pytest.mark.usefixtures("host")
def test_exclusion_constraint_refuses_overlaps_even_without_the_service(host, city_person):
    first = book(city_person, host, berlin_at(3, 10))
    second = Meeting.objects.create(
        organiser=first.organiser, invitee=host, requested_by=city_person, subject="Sneaky"
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingAttendance.objects.create(
            meeting=second, participant=host, start=berlin_at(3, 10, 15), end=berlin_at(3, 10, 45)
        )
    # An inactive claim (a cancelled meeting) and a back-to-back one are fine.
    MeetingAttendance.objects.create(
        meeting=second, participant=host, start=berlin_at(3, 10, 15), end=berlin_at(3, 10, 45), active=False
    )
    MeetingAttendance.objects.create(
        meeting=second, participant=first.organiser, start=berlin_at(3, 10, 30), end=berlin_at(3, 11)
    )
