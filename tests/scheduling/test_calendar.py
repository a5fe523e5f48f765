"""The .ics files parse with icalendar, keep their UID across a reschedule with a rising SEQUENCE,
and a cancellation is METHOD:CANCEL of the same entry."""

from datetime import UTC

import pytest
from icalendar import Calendar

from scheduling.calendar import feed_ics, meeting_ics
from scheduling.services.meetings import accept_meeting, cancel_meeting, propose_new_time, request_meeting
from tests.scheduling.conftest import berlin_at

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def parse(ics: bytes):
    calendar = Calendar.from_ical(ics.decode())  # the stubs take text; icalendar parses either
    events = list(calendar.walk("VEVENT"))
    return calendar, events


@pytest.fixture
def confirmed(host, host_person, city_person):
    meeting = request_meeting(
        actor=city_person,
        invitee=host,
        subject="Smart parking",
        length=30,
        start=berlin_at(3, 10),
        message="Let's talk about sensors.",
    )
    return accept_meeting(meeting=meeting, actor=host_person, video_link="https://meet.example/abc")


def test_confirmed_meeting_ics_is_a_request_with_the_meeting_details(confirmed, city_person, host_person):
    calendar, [event] = parse(meeting_ics(confirmed))

    assert (str(calendar["method"]), str(calendar["version"])) == ("REQUEST", "2.0")
    assert (str(event["uid"]), int(event["sequence"]), str(event["status"])) == (
        f"{confirmed.uid}@solutions-meet-cities",
        1,
        "CONFIRMED",
    )
    assert (event.decoded("dtstart"), event.decoded("dtend")) == (
        berlin_at(3, 10).astimezone(UTC),
        berlin_at(3, 10, 30).astimezone(UTC),
    )
    assert str(event["location"]) == "https://meet.example/abc"
    assert str(event["organizer"]) == f"mailto:{city_person.email}"
    assert [str(a) for a in event["attendee"]] == [
        f"mailto:{city_person.email}",
        f"mailto:{host_person.email}",
    ]
    assert str(event["description"]) == "Let's talk about sensors.\n\nVideo call: https://meet.example/abc"


def test_reschedule_keeps_the_uid_and_raises_the_sequence(confirmed, city_person):
    _, [before] = parse(meeting_ics(confirmed))

    moved = propose_new_time(meeting=confirmed, actor=city_person, start=berlin_at(4, 11))
    _, [after] = parse(meeting_ics(moved))

    assert str(after["uid"]) == str(before["uid"])
    assert int(after["sequence"]) > int(before["sequence"])
    assert after.decoded("dtstart") == berlin_at(4, 11).astimezone(UTC)


def test_cancellation_is_method_cancel_of_the_same_entry(confirmed, host_person):
    _, [before] = parse(meeting_ics(confirmed))

    cancelled = cancel_meeting(meeting=confirmed, actor=host_person)
    calendar, [event] = parse(meeting_ics(cancelled))

    assert (str(calendar["method"]), str(event["status"])) == ("CANCEL", "CANCELLED")
    assert str(event["uid"]) == str(before["uid"])
    assert int(event["sequence"]) > int(before["sequence"])


def test_feed_lists_every_dated_meeting_and_marks_called_off_ones(confirmed, host, city_person):
    undated = request_meeting(
        actor=city_person, invitee=host, subject="Later", length=30, proposals=[berlin_at(9, 10)]
    )
    cancelled = cancel_meeting(
        meeting=request_meeting(
            actor=city_person, invitee=host, subject="Dropped", length=30, start=berlin_at(5, 10)
        ),
        actor=city_person,
    )

    calendar, events = parse(feed_ics([confirmed, undated, cancelled], name="My meetings"))

    assert (str(calendar["method"]), str(calendar["x-wr-calname"])) == ("PUBLISH", "My meetings")
    assert [(str(e["summary"]).split(" (")[0], str(e["status"])) for e in events] == [
        ("Smart parking", "CONFIRMED"),
        ("Dropped", "CANCELLED"),
    ]


def test_the_ics_names_both_sides_as_attendees_and_the_video_link_as_location_and_url(
    confirmed, city_person, host_person
):
    _, [event] = parse(meeting_ics(confirmed))

    assert [(str(a), str(a.params["cn"])) for a in event["attendee"]] == [
        (f"mailto:{city_person.email}", str(city_person)),
        (f"mailto:{host_person.email}", str(host_person)),
    ]
    assert (str(event["location"]), str(event["url"])) == (
        "https://meet.example/abc",
        "https://meet.example/abc",
    )
