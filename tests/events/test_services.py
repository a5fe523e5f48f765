"""Event services before the schedule: slots materialised in the event's time zone (across
daylight-saving changes), sessions that never overlap, phase moves, registration and
representatives, unavailability, meeting requests and their answers."""

from datetime import UTC, date, datetime, time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.enums import OrganisationRole
from common.exceptions import ApplicationError, ConflictError
from events.enums import EventPhase, RequestAnswer, RequestStatus
from events.models import EventMeeting, EventMeetingRequest, EventSlot
from events.selectors.setup import slots_of
from events.services.registration import (
    add_representative,
    register_organisation,
    set_unavailable_slots,
    update_registration_profile,
)
from events.services.requests import answer_event_meeting_request, request_event_meeting
from events.services.setup import (
    add_event_session,
    change_event_phase,
    create_event,
    remove_event_session,
    update_event,
)
from notifications.models import Notification
from tests.factories.accounts import CorporationFactory, OrganisationFactory, UserFactory
from tests.factories.events import (
    EventMeetingRequestFactory,
    days_ahead,
    event_with_sessions,
    registered,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def make_event(staff, *, time_zone="Europe/Berlin", minutes=30, sessions=()):
    return create_event(
        actor=staff,
        name="Smart Mobility Meet",
        venue="Hall B",
        time_zone=time_zone,
        meeting_minutes=minutes,
        tables=4,
        sessions=sessions,
    )


def starts(event):
    return [s.start for s in EventSlot.objects.filter(event=event).order_by("index")]


# --- Slots ----------------------------------------------------------------------------------


def test_slots_follow_the_wall_clock_across_a_daylight_saving_change(staff):
    # Berlin moves its clocks forward in the night to Sunday 28 March 2027.
    event = make_event(
        staff,
        sessions=[
            {"day": date(2027, 3, 27), "name": "Saturday", "start_time": time(9), "slot_count": 2},
            {"day": date(2027, 3, 28), "name": "Sunday", "start_time": time(9), "slot_count": 2},
        ],
    )

    assert starts(event) == [
        datetime(2027, 3, 27, 8, 0, tzinfo=UTC),
        datetime(2027, 3, 27, 8, 30, tzinfo=UTC),
        datetime(2027, 3, 28, 7, 0, tzinfo=UTC),
        datetime(2027, 3, 28, 7, 30, tzinfo=UTC),
    ]


def test_slots_of_a_session_spanning_the_change_stay_back_to_back(staff):
    # New York skips 02:00-03:00 on 14 March 2027: a session from 01:00 keeps real 30-minute slots.
    event = make_event(
        staff,
        time_zone="America/New_York",
        sessions=[{"day": date(2027, 3, 14), "name": "Night", "start_time": time(1), "slot_count": 4}],
    )

    slots = list(EventSlot.objects.filter(event=event).order_by("index"))
    assert [s.start for s in slots] == [
        datetime(2027, 3, 14, 6, 0, tzinfo=UTC),
        datetime(2027, 3, 14, 6, 30, tzinfo=UTC),
        datetime(2027, 3, 14, 7, 0, tzinfo=UTC),
        datetime(2027, 3, 14, 7, 30, tzinfo=UTC),
    ]
    assert all((s.end - s.start).total_seconds() == 1800 for s in slots)


def test_sessions_are_numbered_in_time_order_and_keep_marked_unavailability(staff):
    day = days_ahead(10)
    event = make_event(
        staff, sessions=[{"day": day, "name": "Afternoon", "start_time": time(14), "slot_count": 2}]
    )
    _, rep = registered(event)
    afternoon_first = EventSlot.objects.get(event=event, index=0)
    rep.unavailable_slots.set([afternoon_first])

    morning = add_event_session(
        event=event, actor=staff, day=day, name="Morning", start_time=time(9), slot_count=3
    )

    afternoon_first.refresh_from_db()
    assert [s.session_id == morning.pk for s in EventSlot.objects.filter(event=event).order_by("index")] == [
        True, True, True, False, False,
    ]  # fmt: skip
    assert afternoon_first.index == 3
    assert list(rep.unavailable_slots.all()) == [afternoon_first]


def test_overlapping_sessions_are_refused(staff):
    day = days_ahead(10)
    event = make_event(
        staff, sessions=[{"day": day, "name": "Morning", "start_time": time(9), "slot_count": 4}]
    )

    with pytest.raises(ValidationError) as caught:
        add_event_session(event=event, actor=staff, day=day, name="Late", start_time=time(10), slot_count=2)

    assert list(caught.value.message_dict) == ["start_time"]


def test_changing_the_meeting_length_moves_the_slots(staff):
    day = days_ahead(10)
    event = make_event(
        staff, sessions=[{"day": day, "name": "Morning", "start_time": time(9), "slot_count": 3}]
    )

    update_event(event=event, actor=staff, meeting_minutes=20)

    assert [(s - starts(event)[0]).total_seconds() / 60 for s in starts(event)] == [0, 20, 40]


def test_removing_a_session_renumbers_the_rest(staff):
    day = days_ahead(10)
    event = make_event(
        staff,
        sessions=[
            {"day": day, "name": "Morning", "start_time": time(9), "slot_count": 2},
            {"day": day, "name": "Afternoon", "start_time": time(14), "slot_count": 2},
        ],
    )

    remove_event_session(session=event.sessions.get(name="Morning"), actor=staff)

    assert list(EventSlot.objects.filter(event=event).values_list("index", flat=True)) == [0, 1]


def test_slots_cannot_move_under_placed_meetings(staff):
    event = event_with_sessions(phase=EventPhase.REQUESTS_OPEN)
    city, _ = registered(event)
    provider, _ = registered(event, CorporationFactory.create())
    request = EventMeetingRequestFactory.create(
        event=event, requester=city, receiver=provider, status=RequestStatus.ACCEPTED
    )
    EventMeeting.objects.create(
        event=event, request=request, requester=city, receiver=provider, slot=event.slots.first(), table=1
    )

    with pytest.raises(ApplicationError, match="Slots cannot change once meetings are placed"):
        update_event(event=event, actor=staff, meeting_minutes=45)


def test_only_staff_make_events(user):
    with pytest.raises(PermissionDenied):
        make_event(user)


def test_an_event_needs_a_venue_or_a_link(staff):
    with pytest.raises(ValidationError) as caught:
        create_event(actor=staff, name="Nowhere", time_zone="Europe/Berlin")

    assert list(caught.value.message_dict) == ["venue"]


# --- Phases ---------------------------------------------------------------------------------


def test_phase_moves_follow_the_allowed_transitions(staff):
    event = event_with_sessions(phase=EventPhase.REGISTRATION_OPEN)

    for phase in (EventPhase.REQUESTS_OPEN, EventPhase.SCHEDULING, EventPhase.REQUESTS_OPEN):
        event = change_event_phase(event=event, actor=staff, phase=phase)
    with pytest.raises(ValidationError) as caught:
        change_event_phase(event=event, actor=staff, phase=EventPhase.AGENDA_PUBLISHED)

    assert event.phase == EventPhase.REQUESTS_OPEN
    assert "Publish the schedule" in caught.value.message_dict["phase"][0]


def test_scheduling_needs_slots(staff):
    event = make_event(staff)
    change_event_phase(event=event, actor=staff, phase=EventPhase.REQUESTS_OPEN)

    with pytest.raises(ValidationError):
        change_event_phase(event=event, actor=staff, phase=EventPhase.SCHEDULING)


# --- Registration ---------------------------------------------------------------------------


def test_members_register_themselves_admins_name_colleagues():
    event = event_with_sessions()
    organisation = OrganisationFactory.create()
    member = UserFactory.create(organisation=organisation)
    admin = UserFactory.create(organisation=organisation, organisation_role=OrganisationRole.ADMIN)
    colleague = UserFactory.create(organisation=organisation)

    with pytest.raises(ValidationError):
        register_organisation(event=event, actor=member, representatives=[colleague])
    registration = register_organisation(event=event, actor=admin, representatives=[admin, colleague])
    joined = add_representative(registration=registration, actor=member, user=member)

    assert sorted(r.user_id for r in registration.representatives.all()) == sorted(
        [admin.pk, colleague.pk, member.pk]
    )
    assert joined.user == member
    with pytest.raises(ConflictError):
        register_organisation(event=event, actor=member)


def test_people_without_an_organisation_cannot_register(user):
    with pytest.raises(ValidationError) as caught:
        register_organisation(event=event_with_sessions(), actor=user)

    assert list(caught.value.message_dict) == ["organisation"]


def test_unavailability_is_set_by_the_person_or_their_admins():
    event = event_with_sessions()
    _, rep = registered(event)
    slots = list(slots_of(event))[:2]
    colleague = UserFactory.create(organisation=rep.registration.organisation)

    set_unavailable_slots(representative=rep, actor=rep.user, slots=slots)
    with pytest.raises(PermissionDenied):
        set_unavailable_slots(representative=rep, actor=colleague, slots=[])

    assert list(rep.unavailable_slots.order_by("index")) == slots


def test_unavailability_only_takes_slots_of_the_event():
    event = event_with_sessions()
    _, rep = registered(event)
    elsewhere = event_with_sessions().slots.first()
    assert elsewhere is not None

    with pytest.raises(ValidationError):
        set_unavailable_slots(representative=rep, actor=rep.user, slots=[elsewhere])


# --- Profiles -------------------------------------------------------------------------------


def test_registering_with_a_profile_keeps_it_on_the_registration():
    event = event_with_sessions(phase=EventPhase.REGISTRATION_OPEN)
    member = UserFactory.create(organisation=CorporationFactory.create())

    registration = register_organisation(
        event=event, actor=member, offer=" Flood sensors ", seek="Cities by rivers", sectors=["water"]
    )

    registration.refresh_from_db()
    assert (registration.offer, registration.seek, registration.sectors) == (
        "Flood sensors",
        "Cities by rivers",
        ["water"],
    )


@pytest.mark.parametrize(
    "phase", [EventPhase.REGISTRATION_OPEN, EventPhase.REQUESTS_OPEN, EventPhase.SCHEDULING]
)
def test_the_organisations_people_change_the_profile_until_scheduling_is_over(phase):
    event = event_with_sessions(phase=phase)
    registration, _rep = registered(event)
    colleague = UserFactory.create(organisation=registration.organisation)  # not attending, still theirs

    update_registration_profile(
        registration=registration,
        actor=colleague,
        offer="A river to test on",
        seek="Flood warning sensors",
        sectors=["water", "safety", "water"],
    )

    registration.refresh_from_db()
    assert (registration.offer, registration.seek, registration.sectors) == (
        "A river to test on",
        "Flood warning sensors",
        ["water", "safety"],
    )


@pytest.mark.parametrize("phase", [EventPhase.AGENDA_PUBLISHED, EventPhase.RUNNING, EventPhase.CLOSED])
def test_the_profile_is_fixed_once_the_schedule_is_made(phase):
    event = event_with_sessions(phase=phase)
    registration, rep = registered(event)

    with pytest.raises(ApplicationError, match="Changing the profile: possible only while"):
        update_registration_profile(registration=registration, actor=rep.user, offer="x", seek="", sectors=[])


def test_only_the_organisations_people_and_staff_change_its_profile(staff):
    event = event_with_sessions(phase=EventPhase.REQUESTS_OPEN)
    registration, _ = registered(event)
    stranger = UserFactory.create(organisation=CorporationFactory.create())

    with pytest.raises(PermissionDenied):
        update_registration_profile(registration=registration, actor=stranger, offer="x", seek="", sectors=[])
    update_registration_profile(registration=registration, actor=staff, offer="By staff", seek="", sectors=[])

    registration.refresh_from_db()
    assert registration.offer == "By staff"


def test_a_profile_with_an_unknown_sector_or_too_long_is_refused_per_field():
    event = event_with_sessions(phase=EventPhase.REQUESTS_OPEN)
    registration, rep = registered(event)

    with pytest.raises(ValidationError) as refused:
        update_registration_profile(
            registration=registration, actor=rep.user, offer="x" * 1001, seek="", sectors=["space travel"]
        )

    assert sorted(refused.value.message_dict) == ["offer", "sectors"]
    registration.refresh_from_db()
    assert (registration.offer, registration.sectors) == ("", [])


# --- Requests -------------------------------------------------------------------------------


@pytest.fixture
def pair(db):
    event = event_with_sessions(phase=EventPhase.REQUESTS_OPEN)
    city, city_rep = registered(event)
    provider, provider_rep = registered(event, CorporationFactory.create())
    return event, city, provider, city_rep.user, provider_rep.user


def test_one_request_per_pair_in_either_direction(pair, django_capture_on_commit_callbacks):
    event, city, provider, city_person, provider_person = pair

    with django_capture_on_commit_callbacks() as callbacks:
        request_event_meeting(event=event, actor=city_person, receiver=provider, message="Hello")
    with pytest.raises(ConflictError, match="already asked you"):
        request_event_meeting(event=event, actor=provider_person, receiver=city)
    with pytest.raises(ConflictError, match="You already asked"):
        request_event_meeting(event=event, actor=city_person, receiver=provider)

    assert EventMeetingRequest.objects.count() == 1
    assert len(callbacks) == 2  # the provider's person is told (notification centre, e-mail), once


def test_a_request_and_its_answer_notify_the_other_side_with_the_requests_page(pair):
    event, city, provider, city_person, provider_person = pair

    request = request_event_meeting(event=event, actor=city_person, receiver=provider, message="Hello")
    answer_event_meeting_request(request=request, actor=provider_person, answer=RequestAnswer.ACCEPT)

    link = f"/events/{event.slug}/requests/"
    assert [(n.recipient, n.kind, n.title, n.link) for n in Notification.objects.order_by("pk")] == [
        (provider_person, "event.request_received", f"{city} asks you for a meeting at {event.name}", link),
        (
            city_person,
            "event.request_answered",
            f"{provider} accepted your meeting request at {event.name}",
            link,
        ),
    ]


def test_an_unverified_address_cannot_ask_for_an_event_meeting(pair):
    event, _, provider, city_person, _ = pair
    city_person.email_verified = False
    city_person.save()

    with pytest.raises(PermissionDenied, match="Verify your e-mail address first"):
        request_event_meeting(event=event, actor=city_person, receiver=provider)

    assert EventMeetingRequest.objects.count() == 0


def test_requests_only_while_requests_are_open(pair):
    event, _, provider, city_person, _ = pair
    event.phase = EventPhase.SCHEDULING
    event.save()

    with pytest.raises(ApplicationError, match="Asking for meetings: possible only while"):
        request_event_meeting(event=event, actor=city_person, receiver=provider)


def test_requests_stay_within_the_event(pair):
    event, city, _, city_person, _ = pair
    other_event = event_with_sessions()
    elsewhere, _ = registered(other_event)

    with pytest.raises(ValidationError) as caught:
        request_event_meeting(event=event, actor=city_person, receiver=elsewhere)
    with pytest.raises(ValidationError):
        request_event_meeting(event=event, actor=city_person, receiver=city)
    with pytest.raises(ValidationError) as wish:
        request_event_meeting(
            event=event, actor=city_person, receiver=pair[2], session_wish=other_event.sessions.get()
        )

    assert list(caught.value.message_dict) == ["receiver"]
    assert list(wish.value.message_dict) == ["session_wish"]


def test_a_declined_request_may_still_be_accepted_but_no_thanks_is_final(pair):
    event, city, provider, _, provider_person = pair
    first = EventMeetingRequestFactory.create(event=event, requester=city, receiver=provider)
    second = EventMeetingRequestFactory.create(event=event, requester=registered(event)[0], receiver=provider)

    answer_event_meeting_request(request=first, actor=provider_person, answer=RequestAnswer.DECLINE)
    accepted = answer_event_meeting_request(request=first, actor=provider_person, answer=RequestAnswer.ACCEPT)
    answer_event_meeting_request(request=second, actor=provider_person, answer=RequestAnswer.NO_THANKS)

    assert accepted.status == RequestStatus.ACCEPTED
    assert EventMeeting.objects.get().request == first
    with pytest.raises(ConflictError):
        answer_event_meeting_request(request=second, actor=provider_person, answer=RequestAnswer.ACCEPT)
    with pytest.raises(ConflictError):
        answer_event_meeting_request(request=first, actor=provider_person, answer=RequestAnswer.DECLINE)


def test_only_the_receiver_answers(pair):
    event, city, provider, city_person, _ = pair
    request = EventMeetingRequestFactory.create(event=event, requester=city, receiver=provider)

    with pytest.raises(PermissionDenied):
        answer_event_meeting_request(request=request, actor=city_person, answer=RequestAnswer.ACCEPT)
