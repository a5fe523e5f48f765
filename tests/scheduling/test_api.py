"""Scheduling API: free slots in the viewer's time zone, availability permissions, the meeting
workflow over HTTP (409 with free slots), who sees a meeting, .ics downloads, the private feed,
and query counts of every list."""

from datetime import datetime, time, timedelta

import pytest
from drf_spectacular.generators import SchemaGenerator
from icalendar import Calendar

from accounts.enums import OrganisationRole
from scheduling.enums import MeetingStatus
from scheduling.models import AvailabilityRule, Meeting
from scheduling.services.expiry import expire_unanswered_requests
from scheduling.services.meetings import accept_meeting, request_meeting
from tests.factories.accounts import OrganisationFactory, StaffFactory, UserFactory
from tests.scheduling.conftest import berlin_at, person_of
from tests.scheduling.factories import AvailabilityExceptionFactory, AvailabilityRuleFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

MEETINGS = "/api/v1/meetings/"


def participants(key):
    return f"/api/v1/participants/{key}/"


def as_user(api_client, user):
    if user is not None:
        api_client.force_authenticate(user)
    return api_client


def request_payload(host, start, **extra):
    return {
        "invitee": host.key,
        "subject": "Smart parking",
        "length": 30,
        "start": start.isoformat(),
        **extra,
    }


def book(actor, host, start):
    return request_meeting(actor=actor, invitee=host, subject="Smart parking", length=30, start=start)


# --- Free slots -----------------------------------------------------------------------------


def test_free_slots_are_listed_in_the_viewers_time_zone(api_client, host, city_person):
    day = berlin_at(3, 0).date()
    book(person_of(OrganisationFactory.create()), host, berlin_at(3, 8))

    response = as_user(api_client, city_person).get(
        f"{participants(host.key)}free-slots/",
        {"start": day.isoformat(), "end": day.isoformat(), "tz": "Asia/Seoul", "length": 45},
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["time_zone"], body["length"]) == ("Asia/Seoul", 45)
    starts = [datetime.fromisoformat(slot["start"]) for slot in body["results"]]
    assert {s.utcoffset() for s in starts} == {timedelta(hours=9)}
    assert all(s.date() == day for s in starts)
    assert berlin_at(3, 8) not in starts
    assert body["count"] == len(starts)


def test_free_slots_default_to_the_viewers_own_zone_and_shortest_length(api_client, host, city_person):
    day = berlin_at(4, 0).date()

    body = (
        as_user(api_client, city_person)
        .get(f"{participants(host.key)}free-slots/", {"start": day, "end": day})
        .json()
    )

    assert (body["time_zone"], body["length"]) == ("Asia/Seoul", 30)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"tz": "Mars/Olympus"}, "tz"),
        # Names the zone database cannot even look up as a file (found by tests/api/test_schema_fuzz.py):
        # a folder of zones, and 64 characters of four UTF-8 bytes each, too long for a file name.
        ({"tz": "America"}, "tz"),
        ({"tz": "\U0001f30d" * 64}, "tz"),
        ({"length": 60}, "length"),
        ({"end_offset": -1}, "end"),
        ({"end_offset": 63}, "end"),
    ],
)
def test_bad_free_slot_queries_are_400s_naming_the_field(api_client, host, city_person, params, field):
    day = berlin_at(3, 0).date()
    query = {"start": day, "end": day + timedelta(days=params.pop("end_offset", 0)), **params}

    response = as_user(api_client, city_person).get(f"{participants(host.key)}free-slots/", query)

    assert (response.status_code, list(response.json()["errors"])) == (400, [field])


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        ("9999-12-30", "9999-12-31", "start"),
        ("0001-01-01", "0001-01-02", "start"),
        ("2030-01-01", "9999-12-31", "end"),
    ],
)
def test_free_slots_for_days_at_the_ends_of_the_calendar_are_400s(
    api_client, host, city_person, start, end, field
):
    query = {"start": start, "end": end}

    response = as_user(api_client, city_person).get(f"{participants(host.key)}free-slots/", query)

    assert (response.status_code, list(response.json()["errors"])) == (400, [field])


@pytest.mark.parametrize("token", ["abc%00def", "%00", "a%20b", "x" * 65])
def test_a_calendar_feed_token_that_cannot_be_one_is_a_404(api_client, token):
    response = api_client.get(f"/api/v1/calendar/{token}.ics")

    assert response.status_code == 404


def test_free_slots_need_a_login_and_a_real_participant(api_client, host, city_person):
    anonymous = api_client.get(
        f"{participants(host.key)}free-slots/", {"start": "2030-01-01", "end": "2030-01-01"}
    )
    unknown = as_user(api_client, city_person).get(
        f"{participants('org-999999')}free-slots/", {"start": "2030-01-01", "end": "2030-01-01"}
    )

    assert (anonymous.status_code, unknown.status_code) == (401, 404)
    assert unknown.json()["type"] == "not_found"


# --- Availability, for its managers ---------------------------------------------------------


@pytest.fixture
def managers(host):
    return {
        "anonymous": None,
        "other": person_of(OrganisationFactory.create()),
        "member": person_of(host.organisation),
        "admin": UserFactory.create(organisation=host.organisation, organisation_role=OrganisationRole.ADMIN),
        "staff": StaffFactory.create(),
    }


@pytest.mark.parametrize(
    ("who", "status"), [("anonymous", 401), ("other", 403), ("member", 403), ("admin", 201), ("staff", 201)]
)
def test_create_rule_permissions(api_client, host, managers, who, status):
    payload = {"weekday": 2, "start_time": "13:00", "end_time": "15:00"}

    response = as_user(api_client, managers[who]).post(
        f"{participants(host.key)}rules/", payload, format="json"
    )

    assert response.status_code == status
    if status == 201:
        assert response.json()["time_zone"] == "Europe/Berlin"


def test_a_person_manages_their_own_availability_and_settings(api_client, city_person):
    key = f"user-{city_person.pk}"

    created = as_user(api_client, city_person).post(
        f"{participants(key)}rules/",
        {"weekday": 0, "start_time": "09:00", "end_time": "12:00"},
        format="json",
    )
    settings = api_client.patch(
        participants(key), {"meeting_lengths": [45, 20], "buffer_minutes": 10}, format="json"
    )

    assert (created.status_code, created.json()["time_zone"]) == (201, "Asia/Seoul")
    assert settings.status_code == 200
    assert (settings.json()["meeting_lengths"], settings.json()["buffer_minutes"]) == ([20, 45], 10)


def test_rule_ending_before_it_starts_is_a_400(api_client, host, managers):
    response = as_user(api_client, managers["admin"]).post(
        f"{participants(host.key)}rules/",
        {"weekday": 0, "start_time": "15:00", "end_time": "09:00"},
        format="json",
    )

    assert (response.status_code, list(response.json()["errors"])) == (400, ["end_time"])


def test_rule_update_and_delete(api_client, host, managers):
    rule = host.rules.first()
    client = as_user(api_client, managers["admin"])

    patched = client.patch(f"{participants(host.key)}rules/{rule.pk}/", {"end_time": "12:00"}, format="json")
    deleted = client.delete(f"{participants(host.key)}rules/{rule.pk}/")

    assert (patched.status_code, patched.json()["end_time"], deleted.status_code) == (200, "12:00:00", 204)
    assert AvailabilityRule.objects.filter(pk=rule.pk).exists() is False


def test_other_people_cannot_read_or_change_someone_elses_rules(api_client, host, managers):
    rule = host.rules.first()
    client = as_user(api_client, managers["other"])

    assert client.get(f"{participants(host.key)}rules/").status_code == 403
    assert client.delete(f"{participants(host.key)}rules/{rule.pk}/").status_code == 403


def test_holiday_exception_removes_the_days_slots(api_client, host, managers, city_person):
    day = berlin_at(5, 0).date()
    created = as_user(api_client, managers["admin"]).post(
        f"{participants(host.key)}exceptions/",
        {"start_date": day, "end_date": day, "reason": "Public holiday"},
        format="json",
    )

    slots = (
        as_user(api_client, city_person)
        .get(f"{participants(host.key)}free-slots/", {"start": day, "end": day, "tz": "Europe/Berlin"})
        .json()
    )

    assert (created.status_code, slots["count"]) == (201, 0)


# --- Meetings -------------------------------------------------------------------------------


def test_request_a_free_slot_then_accept_it(api_client, host, host_person, city_person):
    created = as_user(api_client, city_person).post(
        MEETINGS, request_payload(host, berlin_at(3, 10)), format="json"
    )
    assert created.status_code == 201
    body = created.json()
    assert (body["status"], body["your_side"], body["awaiting_side"]) == ("requested", "organiser", "invitee")

    accepted = as_user(api_client, host_person).post(
        f"{MEETINGS}{body['id']}/accept/", {"video_link": "https://meet.example/a"}, format="json"
    )

    assert accepted.status_code == 200
    assert (accepted.json()["status"], accepted.json()["sequence"], accepted.json()["your_side"]) == (
        "confirmed",
        1,
        "invitee",
    )
    assert [row["action"] for row in accepted.json()["history"]] == ["requested", "accepted"]


def test_taken_slot_is_a_409_in_the_common_shape_with_free_slots(api_client, host, city_person):
    start = berlin_at(3, 10)
    book(person_of(OrganisationFactory.create()), host, start)

    response = as_user(api_client, city_person).post(MEETINGS, request_payload(host, start), format="json")

    body = response.json()
    assert response.status_code == 409
    assert (body["type"], body["detail"], body["errors"], body["time_zone"]) == (
        "conflict",
        "That time was taken meanwhile. Here are the free slots now.",
        {},
        "Asia/Seoul",
    )
    assert body["free_slots"][0]["start"].endswith("+09:00")
    assert start not in [datetime.fromisoformat(slot["start"]) for slot in body["free_slots"]]


def test_request_with_proposals_and_accepting_one(api_client, host, host_person, city_person):
    proposals = [berlin_at(4, 19).isoformat(), berlin_at(5, 7).isoformat()]
    payload = {"invitee": host.key, "subject": "Intro", "length": 30, "proposals": proposals}
    created = as_user(api_client, city_person).post(MEETINGS, payload, format="json").json()

    accepted = as_user(api_client, host_person).post(
        f"{MEETINGS}{created['id']}/accept/", {"proposal_start": proposals[0]}, format="json"
    )

    assert (created["start"], len(created["proposals"]), created["ics_url"]) == (None, 2, None)
    assert datetime.fromisoformat(accepted.json()["start"]) == berlin_at(4, 19)


def test_request_needs_a_slot_or_proposals(api_client, host, city_person):
    payload = {"invitee": host.key, "subject": "Intro", "length": 30}

    response = as_user(api_client, city_person).post(MEETINGS, payload, format="json")

    assert (response.status_code, list(response.json()["errors"])) == (400, ["start"])


def test_decline_reschedule_and_cancel_over_http(api_client, host, host_person, city_person):
    first = book(city_person, host, berlin_at(3, 10))
    second = accept_meeting(meeting=book(city_person, host, berlin_at(3, 11)), actor=host_person)
    host_client = as_user(api_client, host_person)

    declined = host_client.post(f"{MEETINGS}{first.pk}/decline/", {"note": "Busy month"}, format="json")
    moved = host_client.post(
        f"{MEETINGS}{second.pk}/reschedule/", {"start": berlin_at(4, 9).isoformat()}, format="json"
    )
    cancelled = host_client.post(f"{MEETINGS}{second.pk}/cancel/", {}, format="json")
    again = host_client.post(f"{MEETINGS}{second.pk}/cancel/", {}, format="json")

    assert [r.status_code for r in (declined, moved, cancelled, again)] == [200, 200, 200, 409]
    assert (declined.json()["status"], moved.json()["status"], cancelled.json()["status"]) == (
        "declined",
        "rescheduled",
        "cancelled",
    )
    assert cancelled.json()["sequence"] == 3
    assert Meeting.objects.count() == 2


def test_new_times_over_http_are_listed_in_the_history_and_one_is_accepted(
    api_client, host, host_person, city_person
):
    meeting = accept_meeting(meeting=book(city_person, host, berlin_at(3, 10)), actor=host_person)
    times = [berlin_at(4, 9).isoformat(), berlin_at(5, 16).isoformat()]

    both = as_user(api_client, host_person).post(
        f"{MEETINGS}{meeting.pk}/reschedule/",
        {"start": times[0], "starts": times, "note": "x"},
        format="json",
    )
    too_many = as_user(api_client, host_person).post(
        f"{MEETINGS}{meeting.pk}/reschedule/",
        {"starts": [berlin_at(4, h).isoformat() for h in (9, 10, 11, 12)]},
        format="json",
    )
    moved = as_user(api_client, host_person).post(
        f"{MEETINGS}{meeting.pk}/reschedule/", {"starts": times, "note": "Either suits us"}, format="json"
    )
    chosen = as_user(api_client, city_person).post(
        f"{MEETINGS}{meeting.pk}/accept/", {"proposal_start": times[1]}, format="json"
    )

    assert [r.status_code for r in (both, too_many, moved, chosen)] == [400, 400, 200, 200]
    body = moved.json()
    assert (body["status"], body["start"], len(body["proposals"])) == ("rescheduled", None, 2)
    last = body["history"][-1]
    assert (last["action"], last["note"], [datetime.fromisoformat(p["start"]) for p in last["proposed"]]) == (
        "proposed_time",
        "Either suits us",
        [berlin_at(4, 9), berlin_at(5, 16)],
    )
    assert (chosen.json()["status"], chosen.json()["proposals"]) == ("confirmed", body["proposals"])


def test_an_expired_meeting_is_listed_with_its_status(api_client, host, city_person):
    meeting = book(city_person, host, berlin_at(3, 10))
    expire_unanswered_requests(now=berlin_at(3, 11))

    listed = as_user(api_client, city_person).get(MEETINGS).json()["results"]
    detail = as_user(api_client, city_person).get(f"{MEETINGS}{meeting.pk}/").json()

    assert [(m["id"], m["status"]) for m in listed] == [(meeting.pk, "expired")]
    assert [event["action"] for event in detail["history"]] == ["requested", "expired"]


def test_the_schema_lists_the_expired_status():
    schema = SchemaGenerator().get_schema(request=None, public=True)

    meeting = schema["components"]["schemas"]["Meeting"]
    assert "expired" in meeting["properties"]["status"]["allOf"][0]["enum"]


def test_outcome_and_video_link(api_client, host, host_person, city_person):
    meeting = accept_meeting(meeting=book(city_person, host, berlin_at(3, 10)), actor=host_person)
    client = as_user(api_client, city_person)

    linked = client.post(
        f"{MEETINGS}{meeting.pk}/video-link/", {"video_link": "https://meet.example/z"}, format="json"
    )
    too_early = client.post(f"{MEETINGS}{meeting.pk}/outcome/", {"outcome": "held"}, format="json")

    assert (linked.status_code, linked.json()["video_link"], linked.json()["sequence"]) == (
        200,
        "https://meet.example/z",
        2,
    )
    assert (too_early.status_code, too_early.json()["type"]) == (400, "application_error")


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 401), ("outsider", 403), ("organiser", 200), ("invitee", 200), ("staff", 200)],
)
def test_only_the_two_parties_and_staff_see_a_meeting(
    api_client, host, host_person, city_person, outsider, who, status
):
    meeting = book(city_person, host, berlin_at(3, 10))
    people = {
        "anonymous": None,
        "outsider": outsider,
        "organiser": person_of(city_person.organisation),
        "invitee": host_person,
        "staff": StaffFactory.create(),
    }

    response = as_user(api_client, people[who]).get(f"{MEETINGS}{meeting.pk}/")
    ics = api_client.get(f"{MEETINGS}{meeting.pk}/calendar.ics")

    assert (response.status_code, ics.status_code) == (status, status)


def test_outsiders_cannot_act_on_a_meeting(api_client, host, city_person, outsider):
    meeting = book(city_person, host, berlin_at(3, 10))
    client = as_user(api_client, outsider)

    codes = [
        client.post(f"{MEETINGS}{meeting.pk}/{action}/", {}, format="json").status_code
        for action in ("accept", "decline", "cancel")
    ]

    assert codes == [403, 403, 403]
    assert Meeting.objects.get().status == MeetingStatus.REQUESTED


def test_meeting_list_shows_only_ones_own_meetings(api_client, host, host_person, city_person, outsider):
    mine = book(city_person, host, berlin_at(3, 10))
    book(outsider, host, berlin_at(3, 11))

    city_ids = [m["id"] for m in as_user(api_client, city_person).get(MEETINGS).json()["results"]]
    host_count = as_user(api_client, host_person).get(MEETINGS).json()["count"]

    assert (city_ids, host_count) == ([mine.pk], 2)


def test_unknown_meeting_is_a_404(api_client, city_person):
    assert as_user(api_client, city_person).get(f"{MEETINGS}999999/").status_code == 404


def test_ics_download_is_a_calendar_file(api_client, host, city_person):
    meeting = book(city_person, host, berlin_at(3, 10))

    response = as_user(api_client, city_person).get(
        f"{MEETINGS}{meeting.pk}/calendar.ics", HTTP_ACCEPT="text/calendar"
    )

    assert (response.status_code, response["Content-Type"]) == (200, "text/calendar; charset=utf-8")
    assert response["Content-Disposition"] == f'attachment; filename="meeting-{meeting.pk}.ics"'
    [event] = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["uid"]) == f"{meeting.uid}@solutions-meet-cities"


def test_meeting_without_a_time_has_no_ics_yet(api_client, host, city_person):
    meeting = request_meeting(
        actor=city_person, invitee=host, subject="Intro", length=30, proposals=[berlin_at(4, 9)]
    )

    response = as_user(api_client, city_person).get(f"{MEETINGS}{meeting.pk}/calendar.ics")

    assert (response.status_code, response.json()["errors"]) == (
        400,
        {"non_field_errors": ["This meeting has no time yet."]},
    )


# --- The private calendar feed --------------------------------------------------------------


def test_calendar_feed_can_be_created_read_without_login_rotated_and_revoked(api_client, host, city_person):
    book(city_person, host, berlin_at(3, 10))
    client = as_user(api_client, city_person)
    assert client.get("/api/v1/calendar/feed/").json() == {"url": None}

    url = client.post("/api/v1/calendar/feed/").json()["url"]
    anonymous = type(api_client)()
    feed = anonymous.get(url)
    rotated = client.post("/api/v1/calendar/feed/").json()["url"]
    old = anonymous.get(url)
    client.delete("/api/v1/calendar/feed/")
    revoked = anonymous.get(rotated)

    assert feed.status_code == 200
    assert [str(e["summary"]).split(" (")[0] for e in Calendar.from_ical(feed.content).walk("VEVENT")] == [
        "Smart parking"
    ]
    assert rotated != url
    assert (old.status_code, revoked.status_code) == (404, 404)


# --- Query counts ---------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 3])
def test_meeting_list_query_count(api_client, host, city_person, django_assert_num_queries, count):
    for hour in range(count):
        book(city_person, host, berlin_at(3, 9 + hour))
    request_meeting(actor=city_person, invitee=host, subject="Later", length=30, proposals=[berlin_at(5, 9)])
    client = as_user(api_client, city_person)

    with django_assert_num_queries(3):  # count, page, proposals
        response = client.get(MEETINGS)

    assert response.json()["count"] == count + 1


@pytest.mark.parametrize("count", [1, 3])
def test_rule_and_exception_list_query_counts(api_client, host, managers, django_assert_num_queries, count):
    AvailabilityRule.objects.filter(participant=host).delete()
    for weekday in range(count):
        AvailabilityRuleFactory.create(participant=host, weekday=weekday)
        AvailabilityExceptionFactory.create(participant=host, start_time=time(9), end_time=time(10 + weekday))
    client = as_user(api_client, managers["admin"])

    with django_assert_num_queries(3):  # participant, count, page
        rules = client.get(f"{participants(host.key)}rules/")
    with django_assert_num_queries(3):
        exceptions = client.get(f"{participants(host.key)}exceptions/")

    assert (rules.json()["count"], exceptions.json()["count"]) == (count, count)


@pytest.mark.parametrize("count", [1, 3])
def test_free_slots_query_count(api_client, host, city_person, django_assert_num_queries, count):
    for hour in range(count):
        book(person_of(OrganisationFactory.create()), host, berlin_at(3, 9 + hour))
    day = berlin_at(3, 0).date()
    client = as_user(api_client, city_person)

    with django_assert_num_queries(4):  # participant, rules, exceptions, busy
        response = client.get(
            f"{participants(host.key)}free-slots/", {"start": day, "end": day + timedelta(days=6)}
        )

    assert response.status_code == 200


def test_booking_a_free_slot_query_count(api_client, host, city_person, django_assert_num_queries):
    book(city_person, host, berlin_at(3, 9))  # the first booking creates the asker's participant rows
    client = as_user(api_client, city_person)

    # invitee; savepoint (live: BEGIN) of the answer's transaction, the service's savepoint, own
    # participants, request-cap locks and count, meeting, history, people to tell, their e-mail
    # preferences, the e-mail (one outbox INSERT), rules, exceptions, calendar locks, overlap check,
    # attendances, release; proposals, history (read before the commit, so a connection lost after it
    # cannot fail the answer); release (live: COMMIT). (The host organisation has nobody to notify: no
    # INSERT of notifications.)
    with django_assert_num_queries(20):
        response = client.post(MEETINGS, request_payload(host, berlin_at(3, 10)), format="json")

    assert response.status_code == 201
