"""Event pages of issue 14: a registration's profile (offer, seek, sectors), the attendee list with
its filters and "Request a meeting" (same rules as the requests page: phase, not oneself, one request
per pair; field errors and messages, never a 500), and the staff's list of every request. Who may
open each, and a constant number of queries for the lists."""

from datetime import time

import pytest
from django.test import Client

from accounts.enums import Category
from events.enums import EventPhase, RequestStatus
from events.models import Event, EventMeetingRequest
from notifications.models import Notification
from tests.factories.accounts import CorporationFactory, OrganisationFactory, StaffFactory, UserFactory
from tests.factories.events import (
    EventMeetingRequestFactory,
    EventRepresentativeFactory,
    event_with_sessions,
    registered,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def event(db):
    return event_with_sessions(("Morning", time(9), 4), phase=EventPhase.REQUESTS_OPEN, tables=2)


def url(event, name=""):
    return f"/events/{event.slug}/{name}"


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def to_phase(event, phase):
    Event.objects.filter(pk=event.pk).update(phase=phase)


@pytest.fixture
def city_and_provider(event):
    city, city_rep = registered(event, OrganisationFactory.create(name="Nairobi", country="KE"))
    provider, provider_rep = registered(
        event, CorporationFactory.create(name="Acme Flood Tech", country="DE")
    )
    provider.offer, provider.seek, provider.sectors = "Flood sensors", "Cities by rivers", ["water"]
    provider.save()
    return city, provider, city_rep.user, provider_rep.user


# --- Profile --------------------------------------------------------------------------------


def test_a_participant_fills_the_profile_from_its_page(event, city_and_provider):
    city, _, city_person, _ = city_and_provider

    page = logged_in(city_person).get(url(event, "profile/"))
    saved = logged_in(city_person).post(
        url(event, "profile/"),
        {"offer": "A river to test on", "seek": "Flood warning sensors", "sectors": ["water", "safety"]},
    )

    city.refresh_from_db()
    assert (page.status_code, saved.status_code, saved["Location"]) == (200, 302, url(event, "profile/"))
    assert (city.offer, city.seek, city.sectors) == (
        "A river to test on",
        "Flood warning sensors",
        ["water", "safety"],
    )


def test_a_profile_with_bad_input_shows_field_errors(event, city_and_provider):
    city, _, city_person, _ = city_and_provider

    response = logged_in(city_person).post(
        url(event, "profile/"), {"offer": "x" * 1001, "sectors": ["space"]}
    )

    assert response.status_code == 200
    assert sorted(response.context["form"].errors) == ["offer", "sectors"]
    city.refresh_from_db()
    assert city.offer == ""


def test_the_profile_is_read_only_once_the_schedule_is_made(event, city_and_provider):
    _, provider, _, provider_person = city_and_provider
    to_phase(event, EventPhase.AGENDA_PUBLISHED)
    client = logged_in(provider_person)

    page = client.get(url(event, "profile/"))
    refused = client.post(url(event, "profile/"), {"offer": "Changed", "sectors": ["water"]}, follow=True)

    provider.refresh_from_db()
    assert page.context["editable"] is False
    assert b"Flood sensors" in page.content
    assert "Changing the profile: possible only while the event's phase is" in messages_of(refused)[0]
    assert provider.offer == "Flood sensors"


def test_the_profile_page_is_for_the_organisations_people_and_staff(event, city_and_provider, staff):
    city, _, _, provider_person = city_and_provider
    outsider = UserFactory.create(organisation=CorporationFactory.create())

    codes = (
        Client().get(url(event, "profile/")).status_code,
        logged_in(outsider).get(url(event, "profile/")).status_code,
        logged_in(provider_person).get(url(event, f"profile/?registration={city.pk}")).status_code,
        logged_in(staff).get(url(event, f"profile/?registration={city.pk}")).status_code,
    )
    by_staff = logged_in(staff).post(
        url(event, f"profile/?registration={city.pk}"), {"offer": "Set by staff", "registration": city.pk}
    )

    city.refresh_from_db()
    assert codes == (302, 404, 403, 200)
    assert (by_staff["Location"], city.offer) == (
        url(event, f"profile/?registration={city.pk}"),
        "Set by staff",
    )


def test_the_event_page_leads_to_the_profile_and_the_attendees(event, city_and_provider):
    _, _, city_person, _ = city_and_provider

    content = logged_in(city_person).get(url(event)).content.decode()

    assert f'href="{url(event, "profile/")}"' in content
    assert f'href="{url(event, "attendees/")}"' in content


# --- Attendee list --------------------------------------------------------------------------


@pytest.mark.parametrize(("who", "expected"), [("anonymous", 302), ("not registered", 403), ("staff", 200)])
def test_only_participants_and_staff_see_the_attendees(event, city_and_provider, who, expected):
    client = {
        "anonymous": Client(),
        "not registered": logged_in(UserFactory.create(organisation=CorporationFactory.create())),
        "staff": logged_in(StaffFactory.create()),
    }[who]

    assert client.get(url(event, "attendees/")).status_code == expected


def test_attendees_show_their_profile_and_representatives(event, city_and_provider):
    _, _provider, city_person, provider_person = city_and_provider

    response = logged_in(city_person).get(url(event, "attendees/"))

    content = response.content.decode()
    assert [row.registration.organisation.name for row in response.context["rows"]] == [
        "Acme Flood Tech",
        "Nairobi",
    ]
    assert all(text in content for text in ("Flood sensors", "Cities by rivers", "Water", "Germany"))
    assert provider_person.get_full_name() in content
    assert "Request a meeting" in content


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sector=water", ["Acme Flood Tech"]),
        ("country=KE", ["Nairobi"]),
        ("category=local_government", ["Nairobi"]),
        ("q=rivers", ["Acme Flood Tech"]),
        ("q=rivers&category=local_government", []),
    ],
)
def test_attendee_filters(event, city_and_provider, query, expected):
    response = logged_in(city_and_provider[2]).get(url(event, f"attendees/?{query}"))

    assert [row.registration.organisation.name for row in response.context["rows"]] == expected


def test_unknown_filter_values_are_field_errors_not_server_errors(event, city_and_provider):
    response = logged_in(city_and_provider[2]).get(url(event, "attendees/?country=XX&sector=space&page=abc"))

    assert response.status_code == 200
    assert sorted(response.context["filter_form"].errors) == ["country", "sector"]


def test_requesting_a_meeting_from_the_attendee_list(event, city_and_provider):
    city, provider, city_person, provider_person = city_and_provider

    response = logged_in(city_person).post(
        url(event, "attendees/?sector=water"), {"receiver": provider.pk, "message": "Sensors?"}
    )

    request = EventMeetingRequest.objects.get()
    assert (response.status_code, response["Location"]) == (302, url(event, "attendees/?sector=water"))
    assert (request.requester, request.receiver, request.message) == (city, provider, "Sensors?")
    assert Notification.objects.get(recipient=provider_person).kind == "event.request_received"
    after = logged_in(city_person).get(url(event, "attendees/"))
    assert {row.registration.pk: row.already_in_touch for row in after.context["rows"]}[provider.pk] is True


def test_a_second_request_to_the_same_attendee_is_refused_with_a_message(event, city_and_provider):
    city, provider, city_person, provider_person = city_and_provider
    EventMeetingRequestFactory.create(
        event=event, requester=provider, receiver=city, requested_by=provider_person
    )

    response = logged_in(city_person).post(url(event, "attendees/"), {"receiver": provider.pk}, follow=True)

    assert response.status_code == 200
    assert messages_of(response) == [
        f"{provider} already asked you for a meeting; answer their request instead."
    ]
    assert EventMeetingRequest.objects.count() == 1


def test_asking_oneself_from_the_attendee_list_is_a_field_error(event, city_and_provider):
    city, _, city_person, _ = city_and_provider

    response = logged_in(city_person).post(url(event, "attendees/"), {"receiver": city.pk})

    assert response.status_code == 200
    assert response.context["request_form"].errors == {
        "receiver": ["You cannot ask your own organisation for a meeting."]
    }
    assert b'data-testid="request-errors"' in response.content
    assert not EventMeetingRequest.objects.exists()


@pytest.mark.parametrize("receiver", ["", "abc", "999999"])
def test_a_missing_or_unknown_attendee_is_a_field_error(event, city_and_provider, receiver):
    response = logged_in(city_and_provider[2]).post(url(event, "attendees/"), {"receiver": receiver})

    assert response.status_code == 200
    assert list(response.context["request_form"].errors) == ["receiver"]


def test_an_attendee_of_another_event_cannot_be_asked(event, city_and_provider):
    elsewhere, _ = registered(event_with_sessions(phase=EventPhase.REQUESTS_OPEN))

    response = logged_in(city_and_provider[2]).post(url(event, "attendees/"), {"receiver": elsewhere.pk})

    assert list(response.context["request_form"].errors) == ["receiver"]
    assert not EventMeetingRequest.objects.exists()


def test_no_requests_from_the_attendee_list_once_requests_are_closed(event, city_and_provider):
    _, provider, city_person, _ = city_and_provider
    to_phase(event, EventPhase.SCHEDULING)

    page = logged_in(city_person).get(url(event, "attendees/"))
    refused = logged_in(city_person).post(url(event, "attendees/"), {"receiver": provider.pk}, follow=True)

    assert b"Request a meeting" not in page.content
    assert "Asking for meetings: possible only while the event's phase is" in messages_of(refused)[0]
    assert not EventMeetingRequest.objects.exists()


def test_staff_who_are_not_registered_see_the_attendees_but_cannot_ask(event, city_and_provider, staff):
    _, provider, _, _ = city_and_provider

    page = logged_in(staff).get(url(event, "attendees/"))
    refused = logged_in(staff).post(url(event, "attendees/"), {"receiver": provider.pk}, follow=True)

    assert b"Request a meeting" not in page.content
    assert messages_of(refused) == ["Register your organisation for this event first."]


@pytest.mark.parametrize("count", [1, 3])
def test_attendee_list_query_count(event, django_assert_num_queries, count):
    _, rep = registered(event)
    for _ in range(count):
        registration, _ = registered(event, CorporationFactory.create())
        EventRepresentativeFactory.create(registration=registration)
    client = logged_in(rep.user)

    # session, user, event, own registration, countries, count, attendees, their representatives,
    # the viewer's pairs, the nav's organisation
    with django_assert_num_queries(10):
        response = client.get(url(event, "attendees/?category=corporation"))

    assert len(response.context["rows"]) == count


# --- Every request of the event (staff) -----------------------------------------------------


@pytest.mark.parametrize(("who", "expected"), [("anonymous", 302), ("participant", 403), ("staff", 200)])
def test_only_staff_see_every_request(event, city_and_provider, who, expected):
    client = {
        "anonymous": Client(),
        "participant": logged_in(city_and_provider[2]),
        "staff": logged_in(StaffFactory.create()),
    }[who]

    assert client.get(url(event, "all-requests/")).status_code == expected


def test_staff_see_every_request_with_its_state_and_filter_them(event, city_and_provider, staff):
    city, provider, _, _ = city_and_provider
    other, _ = registered(event, CorporationFactory.create(name="Rota Viva"))
    EventMeetingRequestFactory.create(
        event=event, requester=city, receiver=provider, status=RequestStatus.ACCEPTED
    )
    EventMeetingRequestFactory.create(event=event, requester=other, receiver=city)
    client = logged_in(staff)

    every = client.get(url(event, "all-requests/"))
    accepted = client.get(url(event, "all-requests/?status=accepted"))
    by_name = client.get(url(event, "all-requests/?organisation=rota&category=local_government"))
    wrong = client.get(url(event, "all-requests/?status=lost&category=nobody"))

    def rows(response):
        return [(str(r.requester), str(r.receiver), r.status) for r in response.context["page"].object_list]

    assert rows(every) == [("Rota Viva", "Nairobi", "pending"), ("Nairobi", "Acme Flood Tech", "accepted")]
    assert rows(accepted) == [("Nairobi", "Acme Flood Tech", "accepted")]
    assert rows(by_name) == [("Rota Viva", "Nairobi", "pending")]
    assert b"Waiting for an answer" in every.content
    assert (wrong.status_code, sorted(wrong.context["filter_form"].errors)) == (200, ["category", "status"])


def test_the_staff_event_nav_links_every_request(event, staff):
    content = logged_in(staff).get(url(event)).content.decode()

    assert f'href="{url(event, "all-requests/")}"' in content


@pytest.mark.parametrize("count", [1, 3])
def test_every_request_page_query_count(event, staff, django_assert_num_queries, count):
    receiver, _ = registered(event, CorporationFactory.create())
    for _ in range(count):
        EventMeetingRequestFactory.create(event=event, requester=registered(event)[0], receiver=receiver)
    client = logged_in(staff)

    with django_assert_num_queries(5):  # session, user, event, count, requests
        response = client.get(url(event, f"all-requests/?category={Category.CORPORATION}"))

    assert len(response.context["page"].object_list) == count
