"""The scheduler through our services on small hand-made events: accepted requests placed without
double booking, pinned meetings kept on re-run, representatives' unavailability and existing
on-demand meetings respected, session wishes kept, an impossible event explained, and staff's
hand edits of the draft validated."""

from datetime import time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from common.exceptions import ApplicationError, ConflictError
from events.enums import EventPhase, RunStatus
from events.models import EventMeeting, EventSeat, ScheduleRun
from events.selectors.schedule import unavailable_slots_by_registration
from events.selectors.setup import slot_at, slots_of
from events.services.scheduler import (
    build_problem,
    pin_draft_meeting,
    place_draft_meeting,
    run_scheduler,
    set_place,
    slot_label,
    start_schedule_run,
    unplace_draft_meeting,
)
from events.services.setup import materialise_slots
from scheduling.models import MeetingAttendance
from scheduling.services.meetings import request_meeting
from tests.factories.accounts import CorporationFactory
from tests.factories.events import (
    EventFactory,
    EventRepresentativeFactory,
    EventSessionFactory,
    accepted_meeting,
    days_ahead,
    event_with_sessions,
    registered,
)
from tests.scheduling.conftest import open_every_day
from tests.scheduling.factories import OrganisationParticipantFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

LIMIT = 2.0


def run(event, staff):
    return run_scheduler(event=event, actor=staff, time_limit_s=LIMIT)


def places(event):
    return {
        m.pk: (m.slot.index if m.slot else None, m.table) for m in EventMeeting.objects.filter(event=event)
    }


@pytest.fixture
def event(db):
    """Four 30-minute slots from 09:00 Berlin, two tables, in the scheduling phase."""
    return event_with_sessions(("Morning", time(9), 4), phase=EventPhase.SCHEDULING, tables=2)


def test_run_places_every_accepted_meeting_without_double_booking(event, staff):
    city, _ = registered(event)
    providers = [registered(event, CorporationFactory.create())[0] for _ in range(3)]
    meetings = [accepted_meeting(event, city, provider) for provider in providers]

    result = run(event, staff)

    assert (result.status, result.solver_status, result.requested, result.placed) == (
        RunStatus.DONE,
        "optimal",
        3,
        3,
    )
    placed = places(event)
    assert len({placed[m.pk][0] for m in meetings}) == 3  # the city meets once per slot
    assert result.problems == []
    assert EventSeat.objects.filter(registration=city).count() == 3
    assert result.applied is True


def test_pinned_meeting_is_kept_on_rerun(event, staff):
    city, _ = registered(event)
    provider, _ = registered(event, CorporationFactory.create())
    other_provider, _ = registered(event, CorporationFactory.create())
    pinned = accepted_meeting(event, city, provider)
    free = accepted_meeting(event, city, other_provider)
    run(event, staff)
    last_slot = slot_at(event, 3)
    place_draft_meeting(meeting=pinned, actor=staff, slot=last_slot, table=2)

    run(event, staff)
    second = run(event, staff)

    assert places(event)[pinned.pk] == (3, 2)
    assert EventMeeting.objects.get(pk=pinned.pk).pinned is True
    assert places(event)[free.pk][0] in {0, 1, 2}
    assert (second.pinned, second.placed) == (1, 2)


def test_organisation_is_unavailable_only_when_all_its_representatives_are(event, staff):
    city, alice = registered(event)
    bob = EventRepresentativeFactory.create(registration=city)
    provider, provider_rep = registered(event, CorporationFactory.create())
    slots = list(slots_of(event))
    alice.unavailable_slots.set(slots[:3])
    bob.unavailable_slots.set(slots[1:])  # together: only slot 0 and slot 3 each have someone
    provider_rep.unavailable_slots.set([slots[3]])
    meeting = accepted_meeting(event, city, provider)

    unavailable = unavailable_slots_by_registration(event)
    run(event, staff)

    assert unavailable == {city.pk: frozenset({1, 2}), provider.pk: frozenset({3})}
    assert places(event)[meeting.pk][0] == 0


def test_existing_on_demand_meeting_blocks_its_slot(event, staff):
    provider_participant = open_every_day(OrganisationParticipantFactory.create(meeting_lengths=[30, 90]))
    provider, _ = registered(event, provider_participant.organisation)
    city, _ = registered(event)
    booker, _ = registered(event)
    slots = list(slots_of(event))
    # Someone booked the provider on demand for 09:00-10:30 (slots 0-2) before the event's run.
    request_meeting(
        actor=booker.representatives.get().user,
        invitee=provider_participant,
        subject="Pilot",
        length=90,
        start=slots[0].start,
    )
    meeting = accepted_meeting(event, city, provider)

    unavailable = unavailable_slots_by_registration(event)
    run(event, staff)

    assert unavailable[provider.pk] == frozenset({0, 1, 2})
    assert unavailable[booker.pk] == frozenset({0, 1, 2})  # its own claim on the booking
    assert places(event)[meeting.pk][0] == 3


def test_session_wish_is_respected(staff):
    event = event_with_sessions(
        ("Morning", time(9), 2), ("Afternoon", time(14), 2), phase=EventPhase.SCHEDULING, tables=1
    )
    city, _ = registered(event)
    provider, _ = registered(event, CorporationFactory.create())
    afternoon = event.sessions.get(name="Afternoon")
    meeting = accepted_meeting(event, city, provider, session_wish=afternoon)

    run(event, staff)

    assert places(event)[meeting.pk][0] in {2, 3}


def test_the_night_between_two_days_is_no_break(staff):
    # Day one: morning slots 0-1; day two: morning slots 2-3. One table.
    event = EventFactory.create(phase=EventPhase.SCHEDULING, tables=1)
    for day in (days_ahead(10), days_ahead(11)):
        EventSessionFactory.create(event=event, day=day, name="Morning", start_time=time(9), slot_count=2)
    materialise_slots(event)
    city, _ = registered(event)
    first, _ = registered(event, CorporationFactory.create())
    second, _ = registered(event, CorporationFactory.create())
    early = accepted_meeting(event, city, first, session_wish=event.sessions.earliest("day"))
    late = accepted_meeting(event, city, second, session_wish=event.sessions.latest("day"))

    built = build_problem(event)
    run(event, staff)

    assert built.problem.day_starts == (2,)
    assert places(event)[early.pk][0] in {0, 1}
    assert places(event)[late.pk][0] in {2, 3}


def test_impossible_event_gets_an_explanation(event, staff):
    city, city_rep = registered(event)
    provider, provider_rep = registered(event, CorporationFactory.create())
    slots = list(slots_of(event))
    city_rep.unavailable_slots.set(slots[:2])
    provider_rep.unavailable_slots.set(slots[2:])
    meeting = accepted_meeting(event, city, provider)

    result = run(event, staff)

    assert (result.status, result.solver_status, result.placed, result.requested) == (
        RunStatus.DONE,
        "infeasible",
        0,
        1,
    )
    assert places(event)[meeting.pk] == (None, None)
    assert len(result.problems) == 1
    assert str(city) in result.problems[0]
    assert "never both free" in result.problems[0]


def test_more_meetings_than_slots_leaves_some_unplaced_with_reasons(staff):
    event = event_with_sessions(("Morning", time(9), 2), phase=EventPhase.SCHEDULING, tables=5)
    city, _ = registered(event)
    for _ in range(3):
        accepted_meeting(event, city, registered(event, CorporationFactory.create())[0])

    result = run(event, staff)

    assert (result.placed, result.requested, result.solver_status) == (2, 3, "infeasible")
    assert result.problems != []
    assert str(city) in " ".join(result.problems)


def test_run_with_nothing_to_schedule_says_so(event, staff):
    result = run(event, staff)

    assert (result.status, result.placed) == (RunStatus.DONE, 0)
    assert result.problems == ["There are no accepted meeting requests to schedule yet."]


def test_run_needs_staff_and_the_scheduling_phase(event, staff, user):
    with pytest.raises(PermissionDenied):
        run(event, user)
    event.phase = EventPhase.REQUESTS_OPEN
    event.save()
    with pytest.raises(ApplicationError):
        run(event, staff)
    assert ScheduleRun.objects.count() == 0


def test_second_run_is_refused_while_one_is_running(event, staff):
    start_schedule_run(event=event, actor=staff, time_limit_s=LIMIT)

    with pytest.raises(ConflictError):
        start_schedule_run(event=event, actor=staff, time_limit_s=LIMIT)


def test_abandoned_run_no_longer_blocks(event, staff):
    stale = start_schedule_run(event=event, actor=staff, time_limit_s=LIMIT)
    # Its worker died an hour ago: no heartbeat since.
    ScheduleRun.objects.filter(pk=stale.pk).update(
        status=RunStatus.RUNNING, heartbeat_at=stale.started_at - timedelta(hours=1)
    )

    fresh = run(event, staff)

    stale.refresh_from_db()
    assert (stale.status, fresh.status) == (RunStatus.FAILED, RunStatus.DONE)


def test_time_limit_is_validated(event, staff):
    with pytest.raises(ValidationError) as caught:
        start_schedule_run(event=event, actor=staff, time_limit_s=0)

    assert list(caught.value.message_dict) == ["time_limit_s"]


# --- Hand edits of the draft ----------------------------------------------------------------


@pytest.fixture
def two_meetings(event):
    city, _ = registered(event)
    provider, _ = registered(event, CorporationFactory.create())
    other, _ = registered(event, CorporationFactory.create())
    return accepted_meeting(event, city, provider), accepted_meeting(event, city, other)


def test_placing_by_hand_pins_the_meeting(event, staff, two_meetings):
    first, _ = two_meetings

    place_draft_meeting(meeting=first, actor=staff, slot=slot_at(event, 1), table=1)

    first.refresh_from_db()
    assert (first.slot.index, first.table, first.pinned) == (1, 1, True)
    assert EventSeat.objects.filter(meeting=first).count() == 2


def test_placing_at_a_taken_table_is_refused(event, staff, two_meetings):
    first, second = two_meetings
    slot = slot_at(event, 0)
    place_draft_meeting(meeting=first, actor=staff, slot=slot, table=1)

    with pytest.raises(ValidationError) as caught:
        place_draft_meeting(meeting=second, actor=staff, slot=slot, table=1)

    assert list(caught.value.message_dict) == ["table"]


def test_placing_a_participant_twice_in_a_slot_is_refused(event, staff, two_meetings):
    first, second = two_meetings
    slot = slot_at(event, 0)
    place_draft_meeting(meeting=first, actor=staff, slot=slot, table=1)

    with pytest.raises(ValidationError) as caught:
        place_draft_meeting(meeting=second, actor=staff, slot=slot, table=2)

    assert caught.value.message_dict == {
        "slot": [f"{first.requester} already has a meeting at {slot_label(slot, event.time_zone)}."]
    }


def test_placing_where_a_side_cannot_attend_is_refused(event, staff, two_meetings):
    first, _ = two_meetings
    slot = slot_at(event, 2)
    first.receiver.representatives.get().unavailable_slots.set([slot])

    with pytest.raises(ValidationError) as caught:
        place_draft_meeting(meeting=first, actor=staff, slot=slot, table=1)

    assert list(caught.value.message_dict) == ["slot"]


def test_participant_per_slot_is_a_database_rule(event, staff, two_meetings):
    first, second = two_meetings
    slot = slot_at(event, 0)
    place_draft_meeting(meeting=first, actor=staff, slot=slot, table=1)

    with pytest.raises(IntegrityError, match="event_seat_one_per_slot"), transaction.atomic():
        set_place(second, slot, 2, pinned=False)


def test_unplace_and_pin(event, staff, two_meetings):
    first, _ = two_meetings
    with pytest.raises(ValidationError):
        pin_draft_meeting(meeting=first, actor=staff)
    place_draft_meeting(meeting=first, actor=staff, slot=slot_at(event, 0), table=1)

    pin_draft_meeting(meeting=first, actor=staff, pinned=False)
    first.refresh_from_db()
    pinned_after_unpin = first.pinned
    unplace_draft_meeting(meeting=first, actor=staff)

    first.refresh_from_db()
    assert (pinned_after_unpin, first.slot, first.table, first.pinned) == (False, None, None, False)
    assert EventSeat.objects.filter(meeting=first).count() == 0
    assert MeetingAttendance.objects.count() == 0


@pytest.mark.parametrize(
    ("solver_status", "placed", "summary"),
    [
        ("optimal", 1456, "Optimal: all 1456 requested meetings placed with the fewest breaks."),
        (
            "feasible",
            1456,
            "Feasible: all 1456 requested meetings placed; time limit reached before the fewest breaks "
            "were proven.",
        ),
        ("partial", 720, "Partial: 720 of 1456 requested meetings placed; time limit reached."),
        (
            "infeasible",
            720,
            "Infeasible: not every meeting can be placed (proven); 720 of 1456 requested meetings placed.",
        ),
        (
            "unknown",
            0,
            "Nothing placed: time limit reached before any schedule of the 1456 requested meetings "
            "was found.",
        ),
        ("", 0, ""),
    ],
)
def test_run_summary_says_what_the_solver_proved(solver_status, placed, summary):
    run = ScheduleRun(solver_status=solver_status, placed=placed, requested=1456, time_limit_s=30)

    assert run.solver_summary == summary


def test_slot_labels_and_session_names_read_in_the_active_language():
    day = days_ahead(10)
    event = event_with_sessions(("Morning", time(9), 1), ("Afternoon", time(14), 1), day=day)
    EventSessionFactory.create(event=event, day=day + timedelta(days=1), name="Morning", start_time=time(9))
    materialise_slots(event)
    weekday = "월화수목금토일"[day.weekday()]

    with translation.override("ko"):
        first_label = slot_label(slot_at(event, 0), event.time_zone)
        problem = build_problem(event).problem

    assert first_label == f"{day.month}월 {day.day}일 ({weekday}) 09:00"
    assert problem.slot_labels[0] == first_label  # the sessions span two days: each label says its day
    assert problem.session_names[0] == f"Morning ({day.month}월 {day.day}일 ({weekday}))"
