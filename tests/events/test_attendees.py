"""The attendee list's reads: who may browse it, its filters (sector, country, category, offer/seek
text, accents and case ignored), what the viewer may do about each attendee, and the staff's list of
every request with its filters."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from accounts.enums import Category
from events.enums import EventPhase, RequestStatus
from events.models import Event
from events.selectors.attendees import (
    AttendeeFilters,
    access_attendee_list,
    attendee_countries,
    attendee_rows,
    attendees_of,
)
from events.selectors.requests import RequestFilters, requests_of_event
from tests.factories.accounts import CorporationFactory, OrganisationFactory, UserFactory
from tests.factories.events import (
    EventMeetingRequestFactory,
    EventRepresentativeFactory,
    event_with_sessions,
    registered,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def event(db):
    return event_with_sessions(phase=EventPhase.REQUESTS_OPEN)


@pytest.fixture
def attendees(event):
    """A Kenyan city seeking flood sensors; a German water company; a Brazilian mobility start-up."""
    city, city_rep = registered(event, OrganisationFactory.create(name="Nairobi", country="KE"))
    water, _ = registered(event, CorporationFactory.create(name="Acme Flood Tech", country="DE"))
    mobility, _ = registered(event, CorporationFactory.create(name="Rota Viva", country="BR"))
    for registration, offer, seek, sectors in (
        (city, "A river to test on", "Flood warning sensors", ["water", "safety"]),
        (water, "Capteurs de crue réseau", "Cities by rivers", ["water"]),
        (mobility, "Bus lanes that adapt", "Pilot cities", ["mobility"]),
    ):
        registration.offer, registration.seek, registration.sectors = offer, seek, sectors
        registration.save()
    return {"city": city, "water": water, "mobility": mobility, "city_person": city_rep.user}


def names(rows):
    return [r.organisation.name for r in rows]


def test_every_attendee_by_name_without_filters(event, attendees):
    assert names(attendees_of(event)) == ["Acme Flood Tech", "Nairobi", "Rota Viva"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (AttendeeFilters(sector="water"), ["Acme Flood Tech", "Nairobi"]),
        (AttendeeFilters(country="BR"), ["Rota Viva"]),
        (AttendeeFilters(category=Category.LOCAL_GOVERNMENT), ["Nairobi"]),
        (AttendeeFilters(text="FLOOD"), ["Acme Flood Tech", "Nairobi"]),  # a seek, and a name
        (AttendeeFilters(text="reseau"), ["Acme Flood Tech"]),  # accents ignored
        (AttendeeFilters(text="pilot"), ["Rota Viva"]),
        (AttendeeFilters(sector="water", category=Category.CORPORATION), ["Acme Flood Tech"]),
        (AttendeeFilters(sector="energy"), []),
    ],
)
def test_attendee_filters(event, attendees, filters, expected):
    assert names(attendees_of(event, filters=filters)) == expected


def test_attendee_countries_are_those_of_the_attendees_by_name(event, attendees):
    assert attendee_countries(event) == [("BR", "Brazil"), ("DE", "Germany"), ("KE", "Kenya")]


def test_attendees_of_another_event_are_not_listed(event, attendees):
    other = event_with_sessions(phase=EventPhase.REQUESTS_OPEN)
    registered(other)

    assert len(attendees_of(event)) == 3


def test_only_participants_and_staff_browse_the_attendees(event, attendees, staff):
    stranger = UserFactory.create(organisation=CorporationFactory.create())

    assert access_attendee_list(attendees["city_person"], event) == attendees["city"]
    assert access_attendee_list(staff, event) is None
    with pytest.raises(PermissionDenied):
        access_attendee_list(stranger, event)
    with pytest.raises(PermissionDenied):
        access_attendee_list(AnonymousUser(), event)


def test_attendee_rows_say_whom_the_viewer_may_still_ask(event, attendees):
    city, water, mobility = attendees["city"], attendees["water"], attendees["mobility"]
    EventMeetingRequestFactory.create(event=event, requester=water, receiver=city)

    rows = {row.registration.pk: row for row in attendee_rows(attendees_of(event), event=event, own=city)}

    assert (rows[city.pk].is_own, rows[city.pk].may_request) == (True, False)
    assert (rows[water.pk].already_in_touch, rows[water.pk].may_request) == (True, False)
    assert (rows[mobility.pk].already_in_touch, rows[mobility.pk].may_request) == (False, True)


def test_nobody_may_ask_once_requests_are_closed_nor_staff_who_are_not_registered(event, attendees):
    Event.objects.filter(pk=event.pk).update(phase=EventPhase.SCHEDULING)
    event.refresh_from_db()

    for own in (attendees["city"], None):
        assert [row.may_request for row in attendee_rows(attendees_of(event), event=event, own=own)] == [
            False,
            False,
            False,
        ]


@pytest.mark.parametrize("count", [1, 3])
def test_a_page_of_attendees_takes_a_fixed_number_of_queries(event, django_assert_num_queries, count):
    for number in range(count):
        registration, _ = registered(event, OrganisationFactory.create(name=f"City of Lakes {number}"))
        EventRepresentativeFactory.create_batch(2, registration=registration)

    with django_assert_num_queries(2):  # registrations, representatives with their people
        rows = list(attendees_of(event, filters=AttendeeFilters(text="city of", category="local_government")))
        people = [rep.user.username for row in rows for rep in row.representatives.all()]

    assert (len(rows), len(people)) == (count, 3 * count)


# --- Every request of an event (staff) ------------------------------------------------------


@pytest.fixture
def requests(event, attendees):
    city, water, mobility = attendees["city"], attendees["water"], attendees["mobility"]
    return {
        "city-water": EventMeetingRequestFactory.create(
            event=event, requester=city, receiver=water, status=RequestStatus.ACCEPTED
        ),
        "mobility-city": EventMeetingRequestFactory.create(event=event, requester=mobility, receiver=city),
        "water-mobility": EventMeetingRequestFactory.create(
            event=event, requester=water, receiver=mobility, status=RequestStatus.NO_THANKS
        ),
    }


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (RequestFilters(), ["water-mobility", "mobility-city", "city-water"]),  # newest first
        (RequestFilters(status=RequestStatus.ACCEPTED), ["city-water"]),
        (RequestFilters(status=RequestStatus.NO_THANKS), ["water-mobility"]),
        (RequestFilters(organisation="nairobi"), ["mobility-city", "city-water"]),  # either side
        (RequestFilters(organisation="rota"), ["water-mobility", "mobility-city"]),
        (RequestFilters(category=Category.LOCAL_GOVERNMENT), ["mobility-city", "city-water"]),
        (RequestFilters(category=Category.INSTITUTION), []),
    ],
)
def test_requests_of_an_event_for_staff(event, requests, filters, expected):
    by_pk = {request.pk: name for name, request in requests.items()}

    assert [by_pk[r.pk] for r in requests_of_event(event, filters=filters)] == expected
