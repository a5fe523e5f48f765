"""The booking page (issue 14): week by week, a time-zone switcher, each slot in both sides' time,
a length change that keeps what was typed, and proposing times when no slot suits."""

import re
import zoneinfo
from datetime import date, datetime, time, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from scheduling.models import Meeting
from tests.factories.accounts import CorporationFactory, OrganisationFactory, UserFactory
from tests.scheduling.factories import (
    AvailabilityExceptionFactory,
    AvailabilityRuleFactory,
    OrganisationParticipantFactory,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

SEOUL = zoneinfo.ZoneInfo("Asia/Seoul")


@pytest.fixture
def provider():
    """Open every day 08:00-18:00 Berlin time, 30- or 60-minute meetings."""
    participant = OrganisationParticipantFactory.create(
        organisation=CorporationFactory.create(name="Acme Flood Tech"),
        meeting_lengths=[30, 60],
        time_zone="Europe/Berlin",
    )
    for weekday in range(7):
        AvailabilityRuleFactory.create(
            participant=participant, weekday=weekday, start_time=time(8), end_time=time(18)
        )
    return participant


@pytest.fixture
def city_person():
    return UserFactory.create(organisation=OrganisationFactory.create(name="Seoul"), time_zone="Asia/Seoul")


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def slots_of(response) -> list:
    return [slot for slots in response.context["days"].values() for slot in slots]


def seoul_today() -> date:
    return timezone.now().astimezone(SEOUL).date()


def local_input(day: date, hour: int) -> str:
    """What a datetime-local input sends."""
    return f"{day.isoformat()}T{hour:02d}:00"


def test_the_page_shows_one_week_and_the_next_week_link_keeps_zone_and_length(provider, city_person):
    response = logged_in(city_person).get(f"/book/{provider.key}/?tz=Asia/Seoul&length=60")

    days = {slot.start.date() for slot in slots_of(response)}
    next_week = (seoul_today() + timedelta(weeks=1)).isoformat()
    assert min(days) >= seoul_today()
    assert max(days) == seoul_today() + timedelta(days=6)
    assert response.context["previous_week_url"] == ""
    assert response.context["next_week_url"] == (
        f"/book/{provider.key}/?week={next_week}&tz=Asia%2FSeoul&length=60"
    )


def test_a_later_week_shows_its_days_and_links_back(provider, city_person):
    first = seoul_today() + timedelta(weeks=10, days=3)

    response = logged_in(city_person).get(f"/book/{provider.key}/?week={first.isoformat()}")

    assert {slot.start.date() for slot in slots_of(response)} == {first + timedelta(days=n) for n in range(7)}
    assert "week=" + (first - timedelta(weeks=1)).isoformat() in response.context["previous_week_url"]
    assert "week=" + (first + timedelta(weeks=1)).isoformat() in response.context["next_week_url"]


@pytest.mark.parametrize(
    ("week", "expected_weeks_ahead"),
    [("2999-01-01", 25), ("yesterday", 0), ("2001-01-01", 0), ("2025-13-45", 0)],
)
def test_a_week_out_of_bounds_or_malformed_falls_back_quietly(
    provider, city_person, week, expected_weeks_ahead
):
    response = logged_in(city_person).get(f"/book/{provider.key}/?week={week}")

    assert response.status_code == 200
    assert response.context["first_day"] == seoul_today() + timedelta(weeks=expected_weeks_ahead)
    assert (response.context["next_week_url"] == "") == (expected_weeks_ahead == 25)


def test_the_time_zone_switcher_shows_the_slots_in_the_chosen_zone(provider):
    berliner = UserFactory.create(organisation=OrganisationFactory.create(), time_zone="Europe/Berlin")

    response = logged_in(berliner).get(f"/book/{provider.key}/?tz=Asia/Seoul")

    slot = slots_of(response)[0]
    button = re.search(rf'data-start="{re.escape(slot.start.isoformat())}"[^>]*>([^<]+)<', response.text)
    assert str(slot.start.tzinfo) == "Asia/Seoul"
    assert button is not None
    assert button.group(1).strip() == slot.start.astimezone(SEOUL).strftime("%H:%M")
    assert '<option value="Asia/Seoul" selected>' in response.text


@pytest.mark.parametrize("query", ["tz=Nowhere/Land", "tz=../../etc", "length=abc", "length=7"])
def test_a_bad_zone_or_length_falls_back_to_the_defaults(provider, city_person, query):
    response = logged_in(city_person).get(f"/book/{provider.key}/?{query}")

    assert response.status_code == 200
    assert (response.context["time_zone"], response.context["length"]) == ("Asia/Seoul", 30)


def test_each_slot_also_shows_the_other_sides_time(provider, city_person):
    response = logged_in(city_person).get(f"/book/{provider.key}/")

    slot = slots_of(response)[0]
    there = slot.start.astimezone(zoneinfo.ZoneInfo("Europe/Berlin"))
    other = there.strftime("%H:%M" if there.date() == slot.start.date() else "%a %H:%M")
    assert slot.other_time == other
    hidden_comma = '<span class="visually-hidden">, </span>'
    assert f'{slot.start:%H:%M}{hidden_comma}<span class="other-time">{other} in Berlin' in response.text
    assert "the time for Acme Flood Tech in Berlin (Europe/Berlin)" in response.text


def test_changing_the_length_keeps_what_was_typed_and_books_nothing(provider, city_person):
    client = logged_in(city_person)

    response = client.post(
        f"/book/{provider.key}/?tz=Asia/Seoul",
        {"action": "show", "length": "60", "subject": "Flood sensors", "message": "Our river floods."},
    )

    form = response.context["form"]
    slot = slots_of(response)[0]
    assert response.status_code == 200
    assert (form["subject"].value(), form["message"].value(), form["length"].value()) == (
        "Flood sensors",
        "Our river floods.",
        60,
    )
    assert slot.end - slot.start == timedelta(minutes=60)
    assert form.errors == {}
    assert "Our river floods." in response.text
    assert Meeting.objects.count() == 0


def test_a_slot_booked_after_a_length_change_lasts_that_long(provider, city_person):
    client = logged_in(city_person)
    slot = slots_of(client.post(f"/book/{provider.key}/", {"action": "show", "length": "60"}))[0]

    response = client.post(
        f"/book/{provider.key}/",
        {"start": slot.start.isoformat(), "length": "60", "subject": "Flood sensors", "message": ""},
    )

    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert (meeting.start, meeting.end) == (slot.start, slot.start + timedelta(minutes=60))


@pytest.mark.parametrize("count", [1, 3])
def test_proposing_times_creates_a_request_with_them_read_in_the_chosen_zone(provider, count):
    berliner = UserFactory.create(organisation=OrganisationFactory.create(), time_zone="Europe/Berlin")
    day = seoul_today() + timedelta(days=3)
    form = {
        "action": "propose",
        "propose-length": "60",
        "propose-subject": "River sensors",
        "propose-message": "Any of these suits us.",
    }
    form.update({f"propose-time_{n}": local_input(day, 9 + n) for n in range(1, count + 1)})

    response = logged_in(berliner).post(f"/book/{provider.key}/?tz=Asia/Seoul", form)

    meeting = Meeting.objects.get()
    proposals = [(p.start, p.end - p.start) for p in meeting.proposals.order_by("start")]
    expected = [datetime.combine(day, time(9 + n), tzinfo=SEOUL) for n in range(1, count + 1)]
    assert response.status_code == 302
    assert (meeting.subject, meeting.message, meeting.start) == (
        "River sensors",
        "Any of these suits us.",
        None,
    )
    assert proposals == [(start, timedelta(minutes=60)) for start in expected]


@pytest.mark.parametrize(
    ("times", "field", "error"),
    [
        ({}, "time_1", "Propose at least one time."),
        ({"propose-time_2": "2001-01-01T10:00"}, "time_2", "That time has already passed."),
        ({"propose-time_1": "DAY T10:00", "propose-time_3": "DAY T10:00"}, "time_3",
         "You proposed this time already."),
        ({"propose-time_1": "not a time"}, "time_1", "Enter a valid date/time."),
    ],
)  # fmt: skip
def test_bad_proposed_times_are_field_errors(provider, city_person, times, field, error):
    day = (seoul_today() + timedelta(days=2)).isoformat()
    form = {"action": "propose", "propose-length": "30", "propose-subject": "Hello", **times}
    form = {name: value.replace("DAY ", day) for name, value in form.items()}

    response = logged_in(city_person).post(f"/book/{provider.key}/", form)

    assert response.status_code == 200
    assert response.context["propose_form"].errors == {field: [error]}
    assert Meeting.objects.count() == 0


def test_with_no_bookable_hours_the_page_says_so_and_takes_proposed_times(city_person):
    provider = CorporationFactory.create(name="Quiet Ltd")
    client = logged_in(city_person)
    day = seoul_today() + timedelta(days=5)

    page = client.get(f"/book/org-{provider.pk}/")
    response = client.post(
        f"/book/org-{provider.pk}/",
        {
            "action": "propose",
            "propose-time_1": local_input(day, 10),
            "propose-time_2": local_input(day, 15),
            "propose-length": "30",
            "propose-subject": "Lighting",
            "propose-message": "",
        },
    )

    assert (page.context["has_hours"], page.context["days"]) == (False, {})
    assert "Quiet Ltd has not published bookable hours yet." in page.text
    assert 'id="booking-form"' not in page.text
    assert response.status_code == 302
    assert Meeting.objects.get().proposals.count() == 2


def test_an_empty_week_of_a_participant_with_hours_offers_the_next_week_and_proposals(provider, city_person):
    first = seoul_today() + timedelta(weeks=2)
    AvailabilityExceptionFactory.create(
        participant=provider, start_date=first - timedelta(days=1), end_date=first + timedelta(days=8)
    )

    response = logged_in(city_person).get(f"/book/{provider.key}/?week={first.isoformat()}")

    assert (response.context["has_hours"], response.context["days"]) == (True, {})
    assert "No free time this week: try the next week, or propose times below." in response.text
    assert 'data-testid="propose-form"' in response.text


def test_people_of_the_participant_are_not_offered_to_propose_times_to_themselves(provider):
    own = UserFactory.create(organisation=provider.organisation)

    response = logged_in(own).get(f"/book/{provider.key}/")

    assert response.context["own"] is True
    assert 'data-testid="propose-form"' not in response.text


@pytest.mark.parametrize("rule_count", [1, 3])
def test_booking_page_query_count_is_constant(city_person, django_assert_num_queries, rule_count):
    provider = OrganisationParticipantFactory.create(meeting_lengths=[30])
    for weekday in range(rule_count):
        AvailabilityRuleFactory.create(participant=provider, weekday=weekday)
    client = logged_in(city_person)
    next_week = (seoul_today() + timedelta(weeks=1)).isoformat()

    # session, user, participant, rules, exceptions, busy times, organisation (navigation)
    with django_assert_num_queries(7):
        response = client.get(f"/book/{provider.key}/?week={next_week}&tz=Europe/Berlin")

    assert len(response.context["days"]) == rule_count
