"""Who may ask for meetings and how many requests may wait at once (issue 15, medium 5): a fresh,
unconfirmed account booked all 40 free slots of a city in two seconds and sent 120 e-mails."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from accounts.enums import DEMO_SOURCE
from common.exceptions import ConflictError
from scheduling.enums import MeetingStatus
from scheduling.models import Meeting
from scheduling.services.meetings import cancel_meeting, request_meeting
from tests.factories.accounts import OrganisationFactory, StaffFactory, UserFactory
from tests.scheduling.conftest import berlin_at, open_every_day, person_of
from tests.scheduling.factories import OrganisationParticipantFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

MEETINGS = "/api/v1/meetings/"


def book(actor, invitee, start):
    return request_meeting(actor=actor, invitee=invitee, subject="Smart parking", length=30, start=start)


def slot(n):
    """The n-th of many distinct half-hour slots inside the host's 08:00-18:00 (20 a day)."""
    return berlin_at(3 + n // 20, 8 + (n % 20) // 2, 30 * (n % 2))


def test_an_account_without_an_organisation_cannot_ask_for_a_meeting(host):
    fresh = UserFactory.create()

    with pytest.raises(PermissionDenied) as excinfo:
        book(fresh, host, berlin_at(3, 10))

    assert str(excinfo.value) == (
        "Only the confirmed people of member organisations ask for meetings. Ask to join your "
        "organisation from your profile (its admins confirm you), or apply for membership."
    )
    assert (Meeting.objects.count(), len(mail.outbox)) == (0, 0)


def test_an_unverified_address_cannot_ask_for_a_meeting(host):
    unverified = person_of(OrganisationFactory.create(), email_verified=False)

    with pytest.raises(PermissionDenied) as excinfo:
        book(unverified, host, berlin_at(3, 10))

    assert str(excinfo.value).startswith("Verify your e-mail address first")
    assert Meeting.objects.count() == 0


def test_people_of_a_demo_provider_cannot_ask_for_a_meeting(host):
    demo_person = person_of(OrganisationFactory.create(source=DEMO_SOURCE))

    with pytest.raises(PermissionDenied):
        book(demo_person, host, berlin_at(3, 10))


def test_staff_without_an_organisation_may_ask_for_a_meeting(host):
    meeting = book(StaffFactory.create(), host, berlin_at(3, 10))

    assert meeting.status == MeetingStatus.REQUESTED


def test_the_api_answers_403_with_the_reason(api_client, host):
    api_client.force_authenticate(UserFactory.create())

    response = api_client.post(
        MEETINGS,
        {
            "invitee": host.key,
            "subject": "Smart parking",
            "length": 30,
            "start": berlin_at(3, 10).isoformat(),
        },
        format="json",
    )

    assert (response.status_code, response.json()["detail"][:40]) == (
        403,
        "Only the confirmed people of member orga",
    )


@pytest.mark.parametrize("cap", [3])
def test_a_requester_holds_at_most_the_cap_of_waiting_requests(host, city_person, settings, cap):
    settings.MEETING_OPEN_REQUESTS_PER_REQUESTER = cap
    for n in range(cap):
        book(city_person, host, slot(n))

    with pytest.raises(ConflictError) as excinfo:
        book(city_person, host, slot(cap))

    assert str(excinfo.value) == (
        "You have 3 meeting requests waiting for an answer, the most one can have at a time. "
        "Wait for answers, or cancel a request you no longer need."
    )
    assert Meeting.objects.count() == cap


def test_a_cancelled_request_frees_a_place_under_the_requester_cap(host, city_person, settings):
    settings.MEETING_OPEN_REQUESTS_PER_REQUESTER = 2
    first = book(city_person, host, slot(0))
    book(city_person, host, slot(1))
    cancel_meeting(meeting=first, actor=city_person)

    third = book(city_person, host, slot(2))

    assert third.status == MeetingStatus.REQUESTED


def test_the_requester_cap_counts_the_whole_organisation(host, city_person, settings):
    settings.MEETING_OPEN_REQUESTS_PER_REQUESTER = 2
    colleague = person_of(city_person.organisation)
    book(city_person, host, slot(0))
    book(colleague, host, slot(1))

    with pytest.raises(ConflictError):
        book(colleague, host, slot(2))


def test_an_invitee_awaits_at_most_the_cap_of_requests(host, settings):
    settings.MEETING_OPEN_REQUESTS_PER_INVITEE = 2
    book(person_of(OrganisationFactory.create()), host, slot(0))
    book(person_of(OrganisationFactory.create()), host, slot(1))

    with pytest.raises(ConflictError) as excinfo:
        book(person_of(OrganisationFactory.create()), host, slot(2))

    assert str(excinfo.value) == (
        f"{host} has 2 meeting requests waiting for their answer, the most they take at a time. "
        "Try again once they have answered some."
    )


def test_the_default_caps_stop_one_account_taking_every_slot_of_a_city(city_person):
    city = open_every_day(OrganisationParticipantFactory.create())
    answered = []
    for n in range(40):
        try:
            book(city_person, city, slot(n))
            answered.append("booked")
        except ConflictError:
            answered.append("refused")

    assert (answered.count("booked"), answered.count("refused")) == (10, 30)


def test_the_api_answers_409_at_the_cap(api_client, host, city_person, settings):
    settings.MEETING_OPEN_REQUESTS_PER_REQUESTER = 1
    book(city_person, host, slot(0))
    api_client.force_authenticate(city_person)

    response = api_client.post(
        MEETINGS,
        {"invitee": host.key, "subject": "Smart parking", "length": 30, "start": slot(1).isoformat()},
        format="json",
    )

    assert (response.status_code, response.json()["detail"][:34]) == (
        409,
        "You have 1 meeting requests waitin",
    )
