"""Events API: status codes, the one error shape and permissions per role (anonymous, another
organisation, the organisation, staff) for every operation, "whom to ask" from the matching
engine, and query counts of the lists."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from events.enums import EventPhase, RequestStatus
from events.models import Event, EventMeeting, EventMeetingRequest, EventRegistration
from events.selectors.setup import slot_at, slots_of
from events.services.publishing import publish_schedule
from events.services.scheduler import place_draft_meeting, start_schedule_run
from scheduling.services.meetings import request_meeting
from tests.factories.accounts import CorporationFactory, OrganisationFactory, StaffFactory, UserFactory
from tests.factories.catalogue import NeedFactory, SolutionFactory
from tests.factories.events import (
    EventMeetingRequestFactory,
    accepted_meeting,
    event_with_sessions,
    registered,
)
from tests.scheduling.conftest import open_every_day
from tests.scheduling.factories import OrganisationParticipantFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

API = "/api/v1"


def as_user(api_client, user):
    if user is not None:
        api_client.force_authenticate(user)
    return api_client


def error(response):
    body = response.json()
    assert set(body) >= {"type", "detail", "errors"}
    return body


@pytest.fixture
def event(db):
    return event_with_sessions(("Morning", time(9), 4), phase=EventPhase.REQUESTS_OPEN, tables=2)


@pytest.fixture
def pair(event):
    city, city_rep = registered(event)
    provider, provider_rep = registered(event, CorporationFactory.create())
    return city, provider, city_rep.user, provider_rep.user


def to_scheduling(event):
    Event.objects.filter(pk=event.pk).update(phase=EventPhase.SCHEDULING)
    event.refresh_from_db()


# --- Events ---------------------------------------------------------------------------------


def test_events_are_listed_for_everyone(api_client, event):
    body = api_client.get(f"{API}/events/").json()

    assert body["count"] == 1
    assert body["results"][0]["slug"] == event.slug
    assert body["results"][0]["phase"] == EventPhase.REQUESTS_OPEN


@pytest.mark.parametrize("count", [1, 3])
def test_event_list_query_count(api_client, django_assert_num_queries, count):
    for _ in range(count):
        event_with_sessions()

    with django_assert_num_queries(2):  # count, page
        body = api_client.get(f"{API}/events/").json()

    assert len(body["results"]) == count


def test_event_detail_has_sessions_and_your_registration(api_client, event, pair):
    city, _, city_person, _ = pair

    body = as_user(api_client, city_person).get(f"{API}/events/{event.pk}/").json()

    assert [(s["name"], s["start_time"], s["slot_count"]) for s in body["sessions"]] == [
        ("Morning", "09:00:00", 4)
    ]
    assert body["your_registration"] == city.pk


def test_unknown_event_is_404_in_the_error_shape(api_client):
    response = api_client.get(f"{API}/events/999999/")

    assert response.status_code == 404
    assert error(response)["type"] == "not_found"


@pytest.mark.parametrize(("who", "expected"), [(None, 401), ("member", 403), ("staff", 200)])
def test_changing_the_phase_is_for_staff(api_client, event, who, expected):
    user = {
        None: None,
        "member": UserFactory.create(organisation=OrganisationFactory.create()),
        "staff": StaffFactory.create(),
    }[who]

    response = as_user(api_client, user).post(
        f"{API}/events/{event.pk}/phase/", {"phase": EventPhase.SCHEDULING}
    )

    assert response.status_code == expected


def test_a_forbidden_phase_move_names_the_allowed_ones(api_client, event, staff):
    response = as_user(api_client, staff).post(
        f"{API}/events/{event.pk}/phase/", {"phase": EventPhase.RUNNING}
    )

    assert response.status_code == 400
    assert error(response)["errors"] == {
        "phase": [
            "From the phase “Meeting requests open” the event can move to: "
            "“Registration open” or “Scheduling”."
        ]
    }


# --- Registration ---------------------------------------------------------------------------


def test_registering_your_organisation(api_client, event):
    member = UserFactory.create(organisation=CorporationFactory.create())

    response = as_user(api_client, member).post(f"{API}/events/{event.pk}/registrations/", {}, format="json")
    again = api_client.post(f"{API}/events/{event.pk}/registrations/", {}, format="json")

    assert response.status_code == 201
    assert [r["user"] for r in response.json()["representatives"]] == [member.pk]
    assert again.status_code == 409
    assert error(again)["type"] == "conflict"


def test_registration_permissions(api_client, event, staff):
    member = UserFactory.create(organisation=OrganisationFactory.create())
    other_org = CorporationFactory.create()
    colleague = UserFactory.create(organisation=other_org)

    anonymous = api_client.post(f"{API}/events/{event.pk}/registrations/", {}, format="json")
    foreign = as_user(api_client, member).post(
        f"{API}/events/{event.pk}/registrations/", {"organisation": other_org.pk}, format="json"
    )
    by_staff = as_user(api_client, staff).post(
        f"{API}/events/{event.pk}/registrations/",
        {"organisation": other_org.pk, "representatives": [colleague.pk]},
        format="json",
    )
    stranger_rep = as_user(api_client, staff).post(
        f"{API}/events/{event.pk}/registrations/",
        {"organisation": member.organisation_id, "representatives": [colleague.pk]},
        format="json",
    )

    assert (anonymous.status_code, foreign.status_code, by_staff.status_code) == (401, 403, 201)
    assert stranger_rep.status_code == 400
    assert list(error(stranger_rep)["errors"]) == ["representatives"]


def test_registration_closes_with_its_phase(api_client, event):
    to_scheduling(event)

    response = as_user(api_client, UserFactory.create(organisation=OrganisationFactory.create())).post(
        f"{API}/events/{event.pk}/registrations/", {}, format="json"
    )

    assert response.status_code == 400
    assert error(response)["type"] == "application_error"


def test_registering_with_a_profile(api_client, event):
    member = UserFactory.create(organisation=CorporationFactory.create())

    response = as_user(api_client, member).post(
        f"{API}/events/{event.pk}/registrations/",
        {"offer": "Flood sensors", "seek": "Cities by rivers", "sectors": ["water", "safety"]},
        format="json",
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["offer"], body["seek"], body["sectors"]) == (
        "Flood sensors",
        "Cities by rivers",
        ["water", "safety"],
    )


def test_a_profile_too_long_or_with_an_unknown_sector_is_a_field_error(api_client, event):
    member = UserFactory.create(organisation=CorporationFactory.create())

    response = as_user(api_client, member).post(
        f"{API}/events/{event.pk}/registrations/",
        {"offer": "x" * 1001, "sectors": ["space travel"]},
        format="json",
    )

    assert response.status_code == 400
    assert sorted(error(response)["errors"]) == ["offer", "sectors"]
    assert EventRegistration.objects.count() == 0


def test_changing_the_profile_of_a_registration(api_client, event, pair, staff):
    city, _provider, city_person, provider_person = pair
    path = f"{API}/events/{event.pk}/registrations/{city.pk}/profile/"
    profile = {"offer": "A river to test on", "seek": "Flood warning", "sectors": ["water"]}

    anonymous = api_client.put(path, profile, format="json")
    foreign = as_user(api_client, provider_person).put(path, profile, format="json")
    own = as_user(api_client, city_person).put(path, profile, format="json")
    by_staff = as_user(api_client, staff).put(path, {**profile, "seek": "Sensors"}, format="json")
    Event.objects.filter(pk=event.pk).update(phase=EventPhase.AGENDA_PUBLISHED)
    too_late = as_user(api_client, city_person).put(path, profile, format="json")

    assert (anonymous.status_code, foreign.status_code, own.status_code, by_staff.status_code) == (
        401,
        403,
        200,
        200,
    )
    assert own.json()["seek"] == "Flood warning"
    assert too_late.status_code == 400
    assert error(too_late)["type"] == "application_error"
    city.refresh_from_db()
    assert (city.offer, city.seek, city.sectors) == ("A river to test on", "Sensors", ["water"])


# --- Requests -------------------------------------------------------------------------------


def test_asking_for_a_meeting(api_client, event, pair):
    city, provider, city_person, _ = pair
    afternoon_free = event.sessions.get()

    response = as_user(api_client, city_person).post(
        f"{API}/events/{event.pk}/requests/",
        {"receiver": provider.pk, "message": "Sensors", "priority": 3, "session_wish": afternoon_free.pk},
        format="json",
    )
    again = api_client.post(f"{API}/events/{event.pk}/requests/", {"receiver": provider.pk}, format="json")

    assert response.status_code == 201
    body = response.json()
    assert (
        body["requester"]["registration"],
        body["receiver"]["name"],
        body["status"],
        body["priority"],
    ) == (
        city.pk,
        str(provider),
        RequestStatus.PENDING,
        3,
    )
    assert again.status_code == 409


def test_request_input_errors_name_their_fields(api_client, event, pair):
    _, _, city_person, _ = pair
    elsewhere = registered(event_with_sessions())[0]

    response = as_user(api_client, city_person).post(
        f"{API}/events/{event.pk}/requests/", {"receiver": elsewhere.pk, "priority": 7}, format="json"
    )
    unknown = api_client.post(f"{API}/events/{event.pk}/requests/", {"receiver": elsewhere.pk}, format="json")

    assert (response.status_code, list(error(response)["errors"])) == (400, ["priority"])
    assert (unknown.status_code, list(error(unknown)["errors"])) == (400, ["receiver"])


def test_unregistered_organisations_cannot_ask(api_client, event, pair):
    _, provider, _, _ = pair

    response = as_user(api_client, UserFactory.create(organisation=OrganisationFactory.create())).post(
        f"{API}/events/{event.pk}/requests/", {"receiver": provider.pk}, format="json"
    )

    assert response.status_code == 400
    assert error(response)["detail"] == "Register your organisation for this event first."


def test_only_the_receiver_answers_and_the_requester_sees_no_thanks_as_declined(api_client, event, pair):
    city, provider, city_person, provider_person = pair
    meeting_request = EventMeetingRequestFactory.create(event=event, requester=city, receiver=provider)
    answer_url = f"{API}/event-requests/{meeting_request.pk}/answer/"

    by_requester = as_user(api_client, city_person).post(answer_url, {"answer": "accept"})
    by_receiver = as_user(api_client, provider_person).post(answer_url, {"answer": "no_thanks"})
    seen_by_requester = as_user(api_client, city_person).get(f"{API}/events/{event.pk}/requests/").json()
    seen_by_receiver = as_user(api_client, provider_person).get(f"{API}/events/{event.pk}/requests/").json()
    final = as_user(api_client, provider_person).post(answer_url, {"answer": "accept"})

    assert by_requester.status_code == 403
    assert by_receiver.status_code == 200
    assert seen_by_requester["results"][0]["status"] == RequestStatus.DECLINED
    assert seen_by_receiver["results"][0]["status"] == RequestStatus.NO_THANKS
    assert final.status_code == 409
    assert EventMeeting.objects.count() == 0


def test_accepting_makes_an_unplaced_meeting(api_client, event, pair):
    city, provider, _, provider_person = pair
    meeting_request = EventMeetingRequestFactory.create(event=event, requester=city, receiver=provider)

    response = as_user(api_client, provider_person).post(
        f"{API}/event-requests/{meeting_request.pk}/answer/", {"answer": "accept"}
    )
    bad = api_client.post(f"{API}/event-requests/{meeting_request.pk}/answer/", {"answer": "maybe"})

    assert response.json()["status"] == RequestStatus.ACCEPTED
    assert EventMeeting.objects.get().slot is None
    assert (bad.status_code, list(error(bad)["errors"])) == (400, ["answer"])


@pytest.mark.parametrize("count", [1, 3])
def test_request_list_query_count(api_client, event, django_assert_num_queries, count):
    provider, provider_rep = registered(event, CorporationFactory.create())
    for _ in range(count):
        EventMeetingRequestFactory.create(event=event, requester=registered(event)[0], receiver=provider)
    client = as_user(api_client, provider_rep.user)

    with django_assert_num_queries(4):  # event, own registration, count, page
        body = client.get(f"{API}/events/{event.pk}/requests/").json()

    assert body["count"] == count


def test_whom_to_ask_suggests_registered_organisations_with_reasons(api_client, event):
    city, city_rep = registered(event)
    NeedFactory.create(
        city=city.organisation,
        title="Flood warning for riverside districts",
        description="Rivers flood our markets every rainy season; we need early flood warning sensors.",
        sectors=["water"],
    )
    provider, _ = registered(event, CorporationFactory.create(name="Acme Flood Tech"))
    SolutionFactory.create(
        provider=provider.organisation,
        title="River flood sensors",
        summary="Early flood warning from river level sensors.",
        description="Sensors along rivers warn districts before floods reach markets.",
        sectors=["water"],
    )
    SolutionFactory.create(title="Flood sensors elsewhere", summary="Early flood warning sensors for rivers.")
    registered(event, CorporationFactory.create(name="Unrelated Parking Co"))

    body = as_user(api_client, city_rep.user).get(f"{API}/events/{event.pk}/suggestions/").json()

    assert [s["organisation"] for s in body["results"]] == ["Acme Flood Tech"]
    reason = body["results"][0]["reasons"][0]
    assert (reason["need"], reason["solution"]) == (
        "Flood warning for riverside districts",
        "River flood sensors",
    )
    assert "flood" in " ".join(reason["terms"])


def test_whom_to_ask_leaves_out_organisations_already_asked(api_client, event):
    city, city_rep = registered(event)
    NeedFactory.create(city=city.organisation, title="Flood sensors", description="Flood warning sensors.")
    provider, _ = registered(event, CorporationFactory.create())
    SolutionFactory.create(
        provider=provider.organisation, title="Flood sensors", summary="Flood warning sensors."
    )
    EventMeetingRequestFactory.create(event=event, requester=provider, receiver=city)

    body = as_user(api_client, city_rep.user).get(f"{API}/events/{event.pk}/suggestions/").json()

    assert body["results"] == []


# --- Runs, the draft, publishing ------------------------------------------------------------


def test_running_the_scheduler_is_for_staff_and_explains_an_impossible_event(
    api_client, event, pair, staff, django_capture_on_commit_callbacks
):
    city, provider, city_person, _ = pair
    to_scheduling(event)
    slots = list(slots_of(event))
    city.representatives.get().unavailable_slots.set(slots[:2])
    provider.representatives.get().unavailable_slots.set(slots[2:])
    accepted_meeting(event, city, provider)

    refused = as_user(api_client, city_person).post(f"{API}/events/{event.pk}/runs/", {}, format="json")
    # The commit hands the run to its task, which runs eagerly here (no broker in these tests).
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(api_client, staff).post(
            f"{API}/events/{event.pk}/runs/", {"time_limit_s": 2}, format="json"
        )
    detail = api_client.get(f"{API}/events/{event.pk}/runs/{response.json()['id']}/")
    listed = api_client.get(f"{API}/events/{event.pk}/runs/").json()

    body = detail.json()
    assert (refused.status_code, response.status_code) == (403, 202)
    assert response.json()["status"] == "queued"
    assert (body["status"], body["solver_status"], body["placed"], body["requested"]) == (
        "done",
        "infeasible",
        0,
        1,
    )
    assert body["solver_summary"] == (
        "Infeasible: not every meeting can be placed (proven); 0 of 1 requested meetings placed."
    )
    assert len(body["problems"]) == 1
    assert "never both free" in body["problems"][0]
    assert listed["count"] == 1


def test_a_run_outside_scheduling_is_refused(api_client, event, staff):
    response = as_user(api_client, staff).post(
        f"{API}/events/{event.pk}/runs/", {"time_limit_s": 2}, format="json"
    )

    assert response.status_code == 400
    assert error(response)["detail"].startswith(
        "Running the scheduler: possible only while the event's phase is “Scheduling”."
    )


def test_moving_and_pinning_in_the_draft(api_client, event, pair, staff):
    city, provider, _, _ = pair
    to_scheduling(event)
    first = accepted_meeting(event, city, provider)
    second = accepted_meeting(event, registered(event)[0], registered(event, CorporationFactory.create())[0])
    client = as_user(api_client, staff)

    moved = client.post(f"{API}/event-meetings/{first.pk}/move/", {"slot": 2, "table": 1})
    taken = client.post(f"{API}/event-meetings/{second.pk}/move/", {"slot": 2, "table": 1})
    no_slot = client.post(f"{API}/event-meetings/{second.pk}/move/", {"slot": 40, "table": 1})
    unpinned = client.post(f"{API}/event-meetings/{first.pk}/pin/", {"pinned": False})
    schedule = client.get(f"{API}/events/{event.pk}/schedule/").json()

    assert (moved.status_code, moved.json()["slot"], moved.json()["pinned"]) == (200, 2, True)
    assert (taken.status_code, list(error(taken)["errors"])) == (400, ["table"])
    assert (no_slot.status_code, list(error(no_slot)["errors"])) == (400, ["slot"])
    assert unpinned.json()["pinned"] is False
    assert [(m["id"], m["slot"]) for m in schedule["results"]] == [(first.pk, 2), (second.pk, None)]


def test_draft_edits_are_for_staff(api_client, event, pair):
    city, provider, city_person, _ = pair
    meeting = accepted_meeting(event, city, provider)

    response = as_user(api_client, city_person).post(
        f"{API}/event-meetings/{meeting.pk}/move/", {"slot": 0, "table": 1}
    )

    assert response.status_code == 403


def test_publishing_and_a_clash_answers_409_with_the_clashes(api_client, event, pair, staff):
    city, provider_registration, _, _ = pair
    provider = open_every_day(
        OrganisationParticipantFactory.create(
            organisation=provider_registration.organisation, meeting_lengths=[30]
        )
    )
    to_scheduling(event)
    meeting = accepted_meeting(event, city, provider_registration)
    place_draft_meeting(meeting=meeting, actor=staff, slot=slot_at(event, 0), table=1)
    request_meeting(
        actor=UserFactory.create(organisation=CorporationFactory.create()),
        invitee=provider,
        subject="Pilot",
        length=30,
        start=slot_at(event, 0).start,
    )

    response = as_user(api_client, staff).post(f"{API}/events/{event.pk}/publish/")

    body = error(response)
    assert (response.status_code, body["type"]) == (409, "conflict")
    assert len(body["clashes"]) == 1
    assert body["detail"].startswith(
        f"Nothing was published: {provider_registration} already has the meeting"
    )


def test_publish_is_for_staff(api_client, event, pair):
    response = as_user(api_client, pair[2]).post(f"{API}/events/{event.pk}/publish/")

    assert response.status_code == 403


# --- Agenda and the day ---------------------------------------------------------------------


@pytest.fixture
def published(event, pair, staff):
    city, provider, _, _ = pair
    to_scheduling(event)
    meeting = accepted_meeting(event, city, provider)
    place_draft_meeting(meeting=meeting, actor=staff, slot=slot_at(event, 1), table=2)
    publish_schedule(event=Event.objects.get(pk=event.pk), actor=staff)
    return EventMeeting.objects.get(pk=meeting.pk)


def test_agenda_of_your_organisation(api_client, event, pair, published):
    city_person = pair[2]
    city_person.time_zone = "Asia/Seoul"
    city_person.save()

    body = as_user(api_client, city_person).get(f"{API}/events/{event.pk}/agenda/").json()

    (entry,) = body["results"]
    assert (entry["id"], entry["table"], entry["with_organisation"]) == (published.pk, 2, str(pair[1]))
    assert entry["start_event_time"].endswith("+01:00") or entry["start_event_time"].endswith("+02:00")
    assert entry["start_your_time"].endswith("+09:00")
    assert entry["ics_url"].endswith(f"/api/v1/meetings/{published.meeting_id}/calendar.ics")


def test_agenda_permissions(api_client, event, pair, published, staff):
    city = pair[0]
    stranger = UserFactory.create(organisation=OrganisationFactory.create())

    foreign = as_user(api_client, stranger).get(f"{API}/events/{event.pk}/agenda/?registration={city.pk}")
    unregistered = as_user(api_client, stranger).get(f"{API}/events/{event.pk}/agenda/")
    by_staff = as_user(api_client, staff).get(f"{API}/events/{event.pk}/agenda/?registration={city.pk}")
    anonymous = api_client.logout() or api_client.get(f"{API}/events/{event.pk}/agenda/")

    assert (foreign.status_code, unregistered.status_code, by_staff.status_code) == (403, 404, 200)
    assert anonymous.status_code == 401


@pytest.mark.parametrize("count", [1, 3])
def test_agenda_query_count(api_client, event, staff, django_assert_num_queries, count):
    city, city_rep = registered(event)
    to_scheduling(event)
    for index in range(count):
        meeting = accepted_meeting(event, city, registered(event, CorporationFactory.create())[0])
        place_draft_meeting(meeting=meeting, actor=staff, slot=slot_at(event, index), table=1)
    publish_schedule(event=Event.objects.get(pk=event.pk), actor=staff)
    client = as_user(api_client, city_rep.user)

    with django_assert_num_queries(4):  # event, own registration, count, page
        body = client.get(f"{API}/events/{event.pk}/agenda/").json()

    assert body["count"] == count


def test_check_in_is_for_staff(api_client, pair, published, staff):
    representative = pair[0].representatives.get()
    check_in = f"{API}/event-representatives/{representative.pk}/check-in/"

    refused = as_user(api_client, pair[2]).post(check_in, {})
    done = as_user(api_client, staff).post(check_in, {})

    assert refused.status_code == 403
    assert (done.status_code, done.json()["checked_in_at"] is not None) == (200, True)


def test_outcomes_wait_for_the_running_phase(api_client, published, staff):
    response = as_user(api_client, staff).post(
        f"{API}/event-meetings/{published.pk}/status/", {"status": "held"}
    )

    assert response.status_code == 400
    assert error(response)["type"] == "application_error"


def test_feedback_by_a_side_of_a_past_meeting(api_client, staff):
    event = event_with_sessions(("Morning", time(9), 2), day=timezone.now().date() - timedelta(days=1))
    city, city_rep = registered(event)
    provider, _ = registered(event, CorporationFactory.create())
    to_scheduling(event)
    meeting = accepted_meeting(event, city, provider)
    place_draft_meeting(meeting=meeting, actor=staff, slot=slot_at(event, 0), table=1)
    publish_schedule(event=Event.objects.get(pk=event.pk), actor=staff)
    Event.objects.filter(pk=event.pk).update(phase=EventPhase.RUNNING)
    feedback_url = f"{API}/event-meetings/{meeting.pk}/feedback/"

    stranger = as_user(api_client, UserFactory.create(organisation=OrganisationFactory.create())).post(
        feedback_url, {"rating": 5, "outcome": "agreement"}
    )
    invalid = as_user(api_client, city_rep.user).post(feedback_url, {"rating": 9, "outcome": "agreement"})
    done = api_client.post(feedback_url, {"rating": 5, "outcome": "agreement", "comment": "Great"})

    assert (stranger.status_code, invalid.status_code, done.status_code) == (403, 400, 200)
    assert done.json()["registration"] == city.pk
    assert EventRegistration.objects.count() == 2
    assert EventMeetingRequest.objects.count() == 1


@pytest.mark.parametrize("count", [1, 3])
def test_run_and_schedule_list_query_counts(api_client, event, staff, django_assert_num_queries, count):
    to_scheduling(event)
    city, _ = registered(event)
    for index in range(count):
        meeting = accepted_meeting(event, city, registered(event, CorporationFactory.create())[0])
        place_draft_meeting(meeting=meeting, actor=staff, slot=slot_at(event, index), table=1)
        start_schedule_run(event=event, actor=staff, time_limit_s=1)
        event.runs.update(status="done")
    client = as_user(api_client, staff)

    with django_assert_num_queries(3):  # event, count, page
        runs = client.get(f"{API}/events/{event.pk}/runs/").json()
    with django_assert_num_queries(3):  # event, count, page
        schedule = client.get(f"{API}/events/{event.pk}/schedule/").json()

    assert (runs["count"], schedule["count"]) == (count, count)


@pytest.mark.parametrize("count", [1, 3])
def test_whom_to_ask_query_count(api_client, event, django_assert_num_queries, count):
    city, city_rep = registered(event)
    NeedFactory.create(
        city=city.organisation, title="Flood sensors", description="Flood warning sensors for rivers."
    )
    for n in range(count):
        provider, _ = registered(event, CorporationFactory.create())
        SolutionFactory.create(
            provider=provider.organisation, title=f"Flood sensors {n}", summary="Flood warning sensors."
        )
    client = as_user(api_client, city_rep.user)
    client.get(f"{API}/events/{event.pk}/suggestions/")  # builds the matching index once

    # event, own registration, pairs, registrations, own needs, own solutions, the matched
    # solutions, and twice the matching index's freshness check (build, changed solutions and needs)
    # and the need's stored sentence vector (matched across languages)
    with django_assert_num_queries(15):
        body = client.get(f"{API}/events/{event.pk}/suggestions/").json()

    assert body["count"] == count


def test_agenda_of_a_registration_id_that_is_not_a_number_is_a_400(api_client, event, staff):
    response = as_user(api_client, staff).get(f"{API}/events/{event.pk}/agenda/?registration=²")

    assert (response.status_code, list(response.json()["errors"])) == (400, ["registration"])


def test_feedback_on_a_meeting_not_yet_started_is_a_400(api_client, event, pair, staff):
    city, provider, city_person, _ = pair
    to_scheduling(event)
    meeting = accepted_meeting(event, city, provider)
    place_draft_meeting(meeting=meeting, actor=staff, slot=slot_at(event, 0), table=1)
    publish_schedule(event=Event.objects.get(pk=event.pk), actor=staff)
    Event.objects.filter(pk=event.pk).update(phase=EventPhase.RUNNING)

    response = as_user(api_client, city_person).post(
        f"{API}/event-meetings/{meeting.pk}/feedback/", {"rating": 4, "outcome": "agreement"}
    )

    assert response.status_code == 400
    assert error(response)["type"] == "application_error"
    assert "once it has started" in error(response)["detail"]
