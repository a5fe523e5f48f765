"""Publishing writes the same meeting rows as on-demand booking (confirmed `Meeting`, an attendance per
organisation, history), all or nothing; a republish updates those rows; on the day staff check people
in, record outcomes and move meetings; afterwards participants rate their meetings."""

from datetime import time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from common.exceptions import ApplicationError, ConflictError
from common.realtime import wait_for_background
from events.enums import DayStatus, EventMeetingStatus, EventPhase, MeetingOutcome
from events.models import Event, EventMeeting
from events.selectors.day import dashboard_counts, event_report
from events.selectors.setup import slot_at
from events.services.day import check_in_representative, move_event_meeting, record_event_meeting_status
from events.services.feedback import submit_meeting_feedback
from events.services.publishing import publish_schedule
from events.services.scheduler import place_draft_meeting, unplace_draft_meeting
from events.services.setup import change_event_phase
from scheduling.enums import MeetingAction, MeetingStatus
from scheduling.models import Meeting, MeetingAttendance, MeetingEvent
from scheduling.services.meetings import request_meeting
from tests.factories.accounts import CorporationFactory, UserFactory
from tests.factories.events import (
    EventRepresentativeFactory,
    accepted_meeting,
    event_with_sessions,
    registered,
)
from tests.scheduling.conftest import open_every_day
from tests.scheduling.factories import OrganisationParticipantFactory, PersonParticipantFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def event(db):
    return event_with_sessions(("Morning", time(9), 4), phase=EventPhase.SCHEDULING, tables=2)


@pytest.fixture
def provider_participant(db):
    """A provider also bookable on demand (open every day, 30-minute meetings)."""
    return open_every_day(OrganisationParticipantFactory.create(meeting_lengths=[30]))


@pytest.fixture
def pair(event, provider_participant):
    city, city_rep = registered(event)
    provider, provider_rep = registered(event, provider_participant.organisation)
    return city, provider, city_rep.user, provider_rep.user


def place(event, staff, meeting, index, table=1):
    place_draft_meeting(meeting=meeting, actor=staff, slot=slot_at(event, index), table=table)
    meeting.refresh_from_db()
    return meeting


def publish(event, staff):
    return publish_schedule(event=Event.objects.get(pk=event.pk), actor=staff)


def test_publish_writes_confirmed_meetings_with_attendances_and_history(
    event, staff, pair, provider_participant, django_capture_on_commit_callbacks, mailoutbox
):
    city, provider, city_person, provider_person = pair
    placement = place(event, staff, accepted_meeting(event, city, provider, message="Flood sensors"), 1)

    with django_capture_on_commit_callbacks(execute=True):
        summary = publish(event, staff)

    placement.refresh_from_db()
    meeting = placement.meeting
    assert (summary.created, summary.moved, summary.cancelled) == (1, 0, 0)
    assert (meeting.status, meeting.start, meeting.end, meeting.sequence) == (
        MeetingStatus.CONFIRMED,
        placement.slot.start,
        placement.slot.end,
        0,
    )
    assert (meeting.organiser.organisation, meeting.invitee) == (city.organisation, provider_participant)
    assert (meeting.message, meeting.requested_by, meeting.accepted_by) == (
        "Flood sensors",
        placement.request.requested_by,
        placement.request.answered_by,
    )
    claims = meeting.attendances.filter(active=True).select_related("participant")
    assert sorted((a.participant.organisation_id or 0, a.participant.user_id or 0) for a in claims) == sorted(
        [
            (city.organisation_id, 0),
            (provider.organisation_id, 0),
            (0, city_person.pk),
            (0, provider_person.pk),
        ]
    )
    assert list(MeetingEvent.objects.filter(meeting=meeting).values_list("action", flat=True)) == [
        MeetingAction.ACCEPTED
    ]
    assert (placement.published_slot, placement.published_table) == (placement.slot, 1)
    event.refresh_from_db()
    assert event.phase == EventPhase.AGENDA_PUBLISHED
    assert {m.to[0] for m in mailoutbox} >= {city_person.email, provider_person.email}
    assert {m.subject for m in mailoutbox} == {f"Confirmed: {meeting.subject}"}


def test_publish_fails_as_a_whole_on_a_clash_with_an_on_demand_meeting(
    event, staff, pair, provider_participant
):
    city, provider, _, _ = pair
    other_city, _ = registered(event)
    first = place(event, staff, accepted_meeting(event, city, provider), 0)
    second = place(event, staff, accepted_meeting(event, other_city, provider), 2)
    booker = UserFactory.create(organisation=CorporationFactory.create())
    # Booked on demand after the draft was made, overlapping the second event meeting.
    request_meeting(
        actor=booker, invitee=provider_participant, subject="Pilot", length=30, start=second.slot.start
    )

    with pytest.raises(ConflictError) as caught:
        publish(event, staff)

    assert caught.value.message.startswith(
        f"Nothing was published: {provider} already has the meeting “Pilot”"
    )
    assert len(caught.value.extra["clashes"]) == 1
    first.refresh_from_db()
    event.refresh_from_db()
    assert (first.meeting, event.phase, Meeting.objects.count()) == (None, EventPhase.SCHEDULING, 1)


def test_on_demand_booking_cannot_overlap_a_published_meeting(event, staff, pair, provider_participant):
    city, provider, _, _ = pair
    placement = place(event, staff, accepted_meeting(event, city, provider), 0)
    publish(event, staff)

    with pytest.raises(ConflictError):
        request_meeting(
            actor=UserFactory.create(organisation=CorporationFactory.create()),
            invitee=provider_participant,
            subject="Pilot",
            length=30,
            start=placement.slot.start,
        )


def test_republish_moves_and_cancels_the_same_meeting_rows(
    event, staff, pair, django_capture_on_commit_callbacks, mailoutbox
):
    city, provider, _, _ = pair
    other, _ = registered(event, CorporationFactory.create())
    moved = place(event, staff, accepted_meeting(event, city, provider), 0)
    dropped = place(event, staff, accepted_meeting(event, city, other), 1)
    publish(event, staff)
    change_event_phase(event=Event.objects.get(pk=event.pk), actor=staff, phase=EventPhase.SCHEDULING)
    place(event, staff, moved, 3, table=2)
    unplace_draft_meeting(meeting=dropped, actor=staff)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        summary = publish(event, staff)

    moved.refresh_from_db()
    dropped.refresh_from_db()
    assert (summary.created, summary.moved, summary.cancelled) == (0, 1, 1)
    assert (moved.meeting.start, moved.meeting.sequence, moved.meeting.status) == (
        moved.slot.start,
        1,
        MeetingStatus.CONFIRMED,
    )
    assert set(moved.meeting.attendances.values_list("start", "active")) == {(moved.slot.start, True)}
    assert (dropped.meeting.status, dropped.meeting.sequence) == (MeetingStatus.CANCELLED, 1)
    assert dropped.meeting.attendances.filter(active=True).count() == 0
    assert Meeting.objects.count() == 2
    assert {m.subject.split(":")[0] for m in mailoutbox} == {"Updated", "Cancelled"}


def test_meetings_of_one_event_may_swap_slots_on_republish(event, staff, pair):
    city, provider, _, _ = pair
    other, _ = registered(event, CorporationFactory.create())
    first = place(event, staff, accepted_meeting(event, city, provider), 0)
    second = place(event, staff, accepted_meeting(event, city, other), 1)
    publish(event, staff)
    change_event_phase(event=Event.objects.get(pk=event.pk), actor=staff, phase=EventPhase.SCHEDULING)
    unplace_draft_meeting(meeting=first, actor=staff)
    place(event, staff, second, 0)
    place(event, staff, first, 1)

    summary = publish(event, staff)

    assert summary.moved == 2
    first.refresh_from_db()
    assert first.meeting.start == slot_at(event, 1).start


def test_publish_needs_staff_a_draft_and_the_scheduling_phase(event, staff, pair):
    city_person = pair[2]
    with pytest.raises(PermissionDenied):
        publish(event, city_person)
    with pytest.raises(ApplicationError, match="The draft is empty"):
        publish(event, staff)
    event.phase = EventPhase.REQUESTS_OPEN
    event.save()
    only_while_scheduling = "Publishing: possible only while the event's phase is “Scheduling”"
    with pytest.raises(ApplicationError, match=only_while_scheduling):
        publish(event, staff)


# --- The day --------------------------------------------------------------------------------


@pytest.fixture
def published(event, staff, pair):
    city, provider, _, _ = pair
    placement = place(event, staff, accepted_meeting(event, city, provider), 0)
    publish(event, staff)
    placement.refresh_from_db()
    return placement


def test_staff_check_representatives_in_and_out(event, staff, pair, published):
    representative = pair[0].representatives.get()

    check_in_representative(representative=representative, actor=staff)
    counts_in = dashboard_counts(event)
    check_in_representative(representative=representative, actor=staff, checked_in=False)

    representative.refresh_from_db()
    assert (counts_in["checked_in"], counts_in["representatives"], counts_in["organisations_present"]) == (
        1,
        2,
        1,
    )
    assert representative.checked_in_at is None


def test_check_in_needs_staff_and_a_published_agenda(event, staff, pair):
    representative = pair[0].representatives.get()
    with pytest.raises(ApplicationError):
        check_in_representative(representative=representative, actor=staff)
    with pytest.raises(PermissionDenied):
        check_in_representative(representative=representative, actor=pair[2])


def test_moving_a_published_meeting_reschedules_its_meeting_row(
    event, staff, published, django_capture_on_commit_callbacks, mailoutbox
):
    target = slot_at(event, 2)

    with django_capture_on_commit_callbacks(execute=True):
        moved = move_event_meeting(meeting=published, actor=staff, slot=target, table=2)

    meeting = moved.meeting
    assert meeting is not None
    meeting.refresh_from_db()
    assert (moved.status, moved.slot, moved.table) == (EventMeetingStatus.MOVED, target, 2)
    assert (meeting.start, meeting.sequence) == (target.start, 1)
    assert set(MeetingAttendance.objects.filter(meeting=meeting).values_list("start", "active")) == {
        (target.start, True)
    }
    assert {m.subject for m in mailoutbox} == {f"Updated: {meeting.subject}"}


def test_moving_onto_a_taken_place_is_refused(event, staff, pair, published):
    other, _ = registered(event, CorporationFactory.create())
    event.phase = EventPhase.SCHEDULING
    event.save()
    second = place(event, staff, accepted_meeting(event, pair[0], other), 1)
    event.phase = EventPhase.RUNNING
    event.save()

    with pytest.raises(ValidationError) as caught:
        move_event_meeting(meeting=published, actor=staff, slot=second.slot, table=2)

    assert list(caught.value.message_dict) == ["slot"]


def test_outcomes_are_recorded_once_the_meeting_started(staff):
    yesterday = timezone.now().date() - timedelta(days=1)
    event = event_with_sessions(("Morning", time(9), 2), day=yesterday, phase=EventPhase.SCHEDULING)
    city, city_rep = registered(event)
    provider, _ = registered(event, CorporationFactory.create())
    placement = place(event, staff, accepted_meeting(event, city, provider), 0)
    publish(event, staff)
    Event.objects.filter(pk=event.pk).update(phase=EventPhase.RUNNING)

    held = record_event_meeting_status(meeting=placement, actor=staff, status=DayStatus.HELD)
    with pytest.raises(ConflictError):
        record_event_meeting_status(meeting=placement, actor=staff, status=DayStatus.NO_SHOW)

    assert held.meeting is not None
    held.meeting.refresh_from_db()
    assert (held.status, held.meeting.status) == (EventMeetingStatus.HELD, MeetingStatus.HELD)

    feedback = submit_meeting_feedback(
        meeting=EventMeeting.objects.get(pk=placement.pk),
        actor=city_rep.user,
        rating=4,
        outcome=MeetingOutcome.FURTHER_CONTACT,
    )
    again = submit_meeting_feedback(
        meeting=EventMeeting.objects.get(pk=placement.pk),
        actor=city_rep.user,
        rating=5,
        outcome=MeetingOutcome.AGREEMENT,
    )
    assert (again.pk, again.rating, again.registration) == (feedback.pk, 5, city)
    report = event_report(event)
    assert (report["held"], report["ratings"], report["average_rating"]) == (1, 1, 5.0)
    with pytest.raises(PermissionDenied):
        submit_meeting_feedback(
            meeting=placement, actor=UserFactory.create(), rating=1, outcome=MeetingOutcome.NO_INTEREST
        )


def test_feedback_waits_for_the_meeting(event, staff, pair, published):
    Event.objects.filter(pk=event.pk).update(phase=EventPhase.RUNNING)

    with pytest.raises(ApplicationError, match="once it has started"):
        submit_meeting_feedback(
            meeting=EventMeeting.objects.get(pk=published.pk),
            actor=pair[2],
            rating=3,
            outcome=MeetingOutcome.NO_INTEREST,
        )


def test_a_meeting_taken_off_the_agenda_and_put_back_in_the_same_slot_is_confirmed_again(
    event, staff, pair, django_capture_on_commit_callbacks, mailoutbox
):
    city, provider, _, _ = pair
    meeting = place(event, staff, accepted_meeting(event, city, provider), 0)
    publish(event, staff)
    back_to_scheduling = {"actor": staff, "phase": EventPhase.SCHEDULING}
    change_event_phase(event=Event.objects.get(pk=event.pk), **back_to_scheduling)
    unplace_draft_meeting(meeting=meeting, actor=staff)
    publish(event, staff)
    change_event_phase(event=Event.objects.get(pk=event.pk), **back_to_scheduling)
    place(event, staff, meeting, 0)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        summary = publish(event, staff)

    meeting.refresh_from_db()
    assert (summary.moved, summary.unchanged) == (1, 0)
    assert (meeting.meeting.status, meeting.meeting.sequence) == (MeetingStatus.CONFIRMED, 2)
    assert set(meeting.meeting.attendances.values_list("start", "active")) == {(meeting.slot.start, True)}
    assert {m.subject.split(":")[0] for m in mailoutbox} == {"Confirmed"}


# --- Event meetings claim the people attending ---------------------------------------------------


def test_a_person_at_an_event_meeting_cannot_be_booked_personally_at_that_time(event, staff, pair):
    city, provider, city_person, _ = pair
    personal = open_every_day(PersonParticipantFactory.create(user=city_person, meeting_lengths=[30]))
    placement = place(event, staff, accepted_meeting(event, city, provider), 1)
    publish(event, staff)
    asker = UserFactory.create(organisation=CorporationFactory.create())

    with pytest.raises(ConflictError):
        request_meeting(
            actor=asker, invitee=personal, subject="Parking", length=30, start=placement.slot.start
        )
    later = request_meeting(
        actor=asker, invitee=personal, subject="Parking", length=30, start=slot_at(event, 3).start
    )

    assert later.status == MeetingStatus.REQUESTED


def test_a_representative_marked_away_in_the_slot_is_not_claimed(event, staff, pair):
    city, provider, city_person, provider_person = pair
    away = EventRepresentativeFactory.create(
        registration=provider, user=UserFactory.create(organisation=provider.organisation)
    ).user
    away.event_roles.get().unavailable_slots.add(slot_at(event, 1))
    placement = place(event, staff, accepted_meeting(event, city, provider), 1)

    publish(event, staff)

    placement.refresh_from_db()
    people = set(
        placement.meeting.attendances.filter(active=True, participant__user__isnull=False).values_list(
            "participant__user_id", flat=True
        )
    )
    assert people == {city_person.pk, provider_person.pk}


def _event_with_placed_meetings(count, staff):
    event = event_with_sessions(("Morning", time(9), 3), phase=EventPhase.SCHEDULING, tables=10)
    for index in range(count):
        city, _ = registered(event)
        provider, _ = registered(event, CorporationFactory.create())
        place(event, staff, accepted_meeting(event, city, provider), index // 10, table=index % 10 + 1)
    return Event.objects.get(pk=event.pk)


@pytest.mark.parametrize("count", [3, 30])
def test_publishing_takes_the_same_number_of_queries_for_3_and_30_meetings(
    count, staff, django_assert_num_queries
):
    event = _event_with_placed_meetings(count, staff)

    # 30: the 24 of publishing, plus the people's e-mail preferences and one INSERT of
    # notifications each for the meeting changes and for the agenda, the audit trail's two for the
    # event's new phase (the row as it was, the entry), and one INSERT of the e-mails into the outbox.
    with django_assert_num_queries(30):
        summary = publish_schedule(event=event, actor=staff)

    assert (summary.created, MeetingAttendance.objects.filter(active=True).count()) == (count, 4 * count)


def test_a_move_to_another_table_names_the_new_table(
    event, staff, published, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        moved = move_event_meeting(meeting=published, actor=staff, slot=published.slot, table=2)

    assert wait_for_background() is True
    assert moved.meeting is not None
    assert Meeting.objects.get(pk=moved.meeting.pk).subject.endswith(", table 2")
    assert mailoutbox
    assert all(m.subject.startswith("Updated: ") and m.subject.endswith(", table 2") for m in mailoutbox)


def test_republishing_a_table_change_tells_both_sides_the_new_table(
    event, staff, published, django_capture_on_commit_callbacks, mailoutbox
):
    Event.objects.filter(pk=event.pk).update(phase=EventPhase.SCHEDULING)
    event.refresh_from_db()
    place(event, staff, EventMeeting.objects.get(pk=published.pk), 0, table=2)  # same time
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        summary = publish(event, staff)

    assert wait_for_background() is True
    assert summary.moved == 1
    assert mailoutbox
    assert all(m.subject.endswith(", table 2") for m in mailoutbox)
