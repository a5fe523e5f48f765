"""Event pages: who may open each, the forms write through the services, the schedule page shows a
run's explanation, agendas/.ics/print/CSV/table signs carry the published meetings, the dashboard
checks people in, and every list page runs a constant number of queries."""

from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone, translation
from django.utils.html import escape
from icalendar import Calendar

from accounts.enums import OrganisationRole
from events.enums import EventMeetingStatus, EventPhase, MeetingOutcome, RequestStatus, RunStatus
from events.models import (
    Event,
    EventMeeting,
    EventMeetingFeedback,
    EventMeetingRequest,
    EventRegistration,
    ScheduleRun,
)
from events.selectors.setup import slot_at, slots_of
from events.services import scheduler as event_scheduler
from events.services import scheduler_queue
from events.services.day import record_event_meeting_status
from events.services.publishing import publish_schedule
from events.services.scheduler import place_draft_meeting
from frontend.forms.events import PlaceForm, UnavailabilityForm
from tests.factories.accounts import CorporationFactory, OrganisationFactory, StaffFactory, UserFactory
from tests.factories.catalogue import NeedFactory, SolutionFactory
from tests.factories.events import (
    EventFactory,
    EventMeetingRequestFactory,
    EventRepresentativeFactory,
    accepted_meeting,
    days_ahead,
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


def schedule(event, staff, *pairs):
    """Accepted meetings between the pairs, placed by hand in consecutive slots at table 1."""
    Event.objects.filter(pk=event.pk).update(phase=EventPhase.SCHEDULING)
    placements = []
    for index, (first, second) in enumerate(pairs):
        meeting = accepted_meeting(event, first, second)
        place_draft_meeting(meeting=meeting, actor=staff, slot=slot_at(event, index), table=1)
        meeting.refresh_from_db()
        placements.append(meeting)
    return placements


def publish(event, staff):
    return publish_schedule(event=Event.objects.get(pk=event.pk), actor=staff)


# --- Events list, creation, detail ----------------------------------------------------------


def test_event_list_is_public_and_soonest_first(event):
    later = event_with_sessions(day=days_ahead(40))

    response = Client().get("/events/")

    assert response.status_code == 200
    assert [e.pk for e in response.context["page"].object_list] == [event.pk, later.pk]


@pytest.mark.parametrize("count", [1, 3])
def test_event_list_query_count(client, django_assert_num_queries, count):
    for _ in range(count):
        event_with_sessions()

    with django_assert_num_queries(2):  # count, page
        response = client.get("/events/")

    assert len(response.context["page"].object_list) == count


def test_staff_create_an_event_with_its_first_session(staff):
    day = days_ahead(20)
    form = {
        "name": "Smart Water Summit",
        "description": "",
        "venue": "Town hall",
        "online_url": "",
        "time_zone": "Europe/Lisbon",
        "meeting_minutes": 20,
        "tables": 5,
        "session-day": day.isoformat(),
        "session-name": "Morning",
        "session-start_time": "09:00",
        "session-slot_count": 6,
    }

    response = logged_in(staff).post("/events/new/", form)

    event = Event.objects.get(name="Smart Water Summit")
    assert response.status_code == 302
    assert response["Location"] == f"/events/{event.slug}/"
    assert (event.phase, event.slots.count(), event.created_by) == (EventPhase.REGISTRATION_OPEN, 6, staff)
    first = event.slots.order_by("index").first()
    assert first is not None
    assert first.start.astimezone(ZoneInfo("Europe/Lisbon")).hour == 9


def test_event_creation_shows_field_errors(staff):
    response = logged_in(staff).post("/events/new/", {"name": "", "time_zone": "Europe/Lisbon"})

    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {"name", "meeting_minutes", "tables"}
    assert Event.objects.count() == 0


@pytest.mark.parametrize(("who", "expected"), [("anonymous", 302), ("member", 403), ("staff", 200)])
def test_only_staff_open_staff_pages(event, who, expected):
    client = {
        "anonymous": Client(),
        "member": logged_in(UserFactory.create()),
        "staff": logged_in(StaffFactory.create()),
    }[who]

    codes = {
        client.get(page).status_code
        for page in [
            "/events/new/",
            url(event, "edit/"),
            url(event, "schedule/"),
            url(event, "dashboard/"),
            url(event, "table-signs/"),
            url(event, "schedule.csv"),
            url(event, "report/"),
        ]
    }

    assert codes == {expected}


def test_detail_page_offers_registration_and_staff_controls(event, staff):
    member = UserFactory.create(organisation=OrganisationFactory.create())

    anonymous = Client().get(url(event))
    for_member = logged_in(member).get(url(event))
    for_staff = logged_in(staff).get(url(event))

    assert anonymous.status_code == for_member.status_code == for_staff.status_code == 200
    assert b"Log in</a> to register" in anonymous.content
    assert f"Register {member.organisation}".encode() in for_member.content
    assert [value for value, _ in for_staff.context["phase_choices"]] == [
        EventPhase.REGISTRATION_OPEN,
        EventPhase.SCHEDULING,
    ]


def test_staff_change_the_phase_and_add_a_session(event, staff):
    client = logged_in(staff)

    client.post(url(event, "sessions/"), {
        "session-day": days_ahead(10).isoformat(), "session-name": "Afternoon",
        "session-start_time": "14:00", "session-slot_count": 3,
    })  # fmt: skip
    client.post(url(event, "phase/"), {"phase": EventPhase.SCHEDULING})
    refused = client.post(url(event, "phase/"), {"phase": EventPhase.CLOSED}, follow=True)

    event.refresh_from_db()
    assert (event.phase, event.slots.count()) == (EventPhase.SCHEDULING, 7)
    assert "can move to: “Meeting requests open”" in messages_of(refused)[-1]


def test_registering_from_the_page(event):
    member = UserFactory.create(organisation=CorporationFactory.create())

    response = logged_in(member).post(url(event, "register/"))
    again = logged_in(member).post(url(event, "register/"), follow=True)

    registration = EventRegistration.objects.get(event=event)
    assert response.status_code == 302
    assert (registration.organisation, [r.user for r in registration.representatives.all()]) == (
        member.organisation,
        [member],
    )
    assert messages_of(again) == [f"{member.organisation} is already registered for {event}."]


def test_organisation_admin_adds_a_representative(event):
    registration, rep = registered(event)
    admin = UserFactory.create(
        organisation=registration.organisation, organisation_role=OrganisationRole.ADMIN
    )
    colleague = UserFactory.create(organisation=registration.organisation)

    logged_in(admin).post(url(event, "representatives/"), {"user": colleague.pk})

    assert sorted(r.user_id for r in registration.representatives.all()) == sorted(
        [rep.user_id, colleague.pk]
    )


def test_representative_marks_slots_they_cannot_attend(event):
    _, rep = registered(event)
    slots = list(slots_of(event))

    response = logged_in(rep.user).post(url(event, "availability/"), {"slots": [slots[0].pk, slots[2].pk]})

    assert response.status_code == 302
    assert sorted(s.index for s in rep.unavailable_slots.all()) == [0, 2]


def test_availability_of_someone_else_is_refused(event):
    _, rep = registered(event)

    response = logged_in(UserFactory.create(organisation=rep.registration.organisation)).get(
        url(event, f"availability/?rep={rep.pk}")
    )

    assert response.status_code == 403


# --- Requests -------------------------------------------------------------------------------


def test_requesting_and_answering_from_the_pages(event):
    _city, city_rep = registered(event)
    provider, provider_rep = registered(event, CorporationFactory.create())

    sent = logged_in(city_rep.user).post(
        url(event, "requests/"), {"receiver": provider.pk, "message": "Flood sensors?", "priority": 3}
    )
    meeting_request = EventMeetingRequest.objects.get()
    answered = logged_in(provider_rep.user).post(url(event, f"requests/{meeting_request.pk}/accept/"))

    meeting_request.refresh_from_db()
    assert (sent.status_code, answered.status_code) == (302, 302)
    assert (meeting_request.status, meeting_request.priority, meeting_request.message) == (
        RequestStatus.ACCEPTED,
        3,
        "Flood sensors?",
    )
    assert EventMeeting.objects.filter(request=meeting_request).count() == 1


def test_requester_sees_no_thanks_as_declined(event):
    city, city_rep = registered(event)
    provider, _provider_rep = registered(event, CorporationFactory.create())
    EventMeetingRequestFactory.create(
        event=event,
        requester=city,
        receiver=provider,
        requested_by=city_rep.user,
        status=RequestStatus.NO_THANKS,
    )

    response = logged_in(city_rep.user).get(url(event, "requests/"))

    assert [r.shown_status for r in response.context["sent"]] == ["Declined"]


def test_only_the_receiver_answers(event):
    city, city_rep = registered(event)
    provider, _ = registered(event, CorporationFactory.create())
    meeting_request = EventMeetingRequestFactory.create(event=event, requester=city, receiver=provider)

    response = logged_in(city_rep.user).post(url(event, f"requests/{meeting_request.pk}/accept/"))

    assert response.status_code == 403


def test_requests_page_needs_a_registration(event):
    response = logged_in(UserFactory.create(organisation=OrganisationFactory.create())).get(
        url(event, "requests/")
    )

    assert response.status_code == 404


@pytest.mark.parametrize("case", ["no match", "nobody left", "nothing published"])
def test_an_empty_whom_to_ask_says_why(event, case):
    city, city_rep = registered(event)
    if case != "nothing published":
        NeedFactory.create(
            city=city.organisation, title="Flood warning", description="Flood warning sensors."
        )
    provider, _ = registered(event, CorporationFactory.create())
    SolutionFactory.create(
        provider=provider.organisation, title="Parking app", summary="Find a parking space."
    )
    if case == "nobody left":
        EventMeetingRequestFactory.create(event=event, requester=provider, receiver=city)

    response = logged_in(city_rep.user).get(url(event, "requests/"))

    reason = response.context["no_suggestions_reason"]
    assert response.context["suggestions"] == []
    assert escape(reason) in response.content.decode()
    assert ("publish needs or solutions" in reason) == (case == "nothing published")
    assert ("left to suggest" in reason) == (case == "nobody left")


@pytest.mark.parametrize("count", [1, 3])
def test_requests_page_query_count(event, django_assert_num_queries, count):
    provider, provider_rep = registered(event, CorporationFactory.create())
    for _ in range(count):
        EventMeetingRequestFactory.create(event=event, requester=registered(event)[0], receiver=provider)
    client = logged_in(provider_rep.user)

    # session, user, event, own registration, received, sent, whom to ask (pairs, registrations: all
    # asked already), the nav's organisation, form choices (receivers, sessions)
    with django_assert_num_queries(11):
        response = client.get(url(event, "requests/"))

    assert len(response.context["received"]) == count


# --- Schedule, runs, publishing -------------------------------------------------------------


def test_schedule_page_runs_the_scheduler_and_shows_why_a_meeting_stayed_out(
    event, staff, django_capture_on_commit_callbacks
):
    Event.objects.filter(pk=event.pk).update(phase=EventPhase.SCHEDULING)
    city, city_rep = registered(event)
    provider, provider_rep = registered(event, CorporationFactory.create())
    slots = list(slots_of(event))
    city_rep.unavailable_slots.set(slots[:2])
    provider_rep.unavailable_slots.set(slots[2:])
    accepted_meeting(event, city, provider)
    client = logged_in(staff)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(event_scheduler, "default_time_limit", lambda: 2.0)
        # The commit hands the run to its task, which runs eagerly here (no broker in these tests).
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url(event, "schedule/"), {"action": "run"})
    page = client.get(url(event, "schedule/"))
    run = page.context["run"]
    run_page = client.get(url(event, f"runs/{run.pk}/"))

    assert (run.solver_status, run.placed, run.requested) == ("infeasible", 0, 1)
    assert "Infeasible: not every meeting can be placed (proven); 0 of 1 requested" in page.content.decode()
    assert run.problems[0] in page.content.decode()
    assert run.problems[0] in run_page.content.decode()
    assert "never both free" in run.problems[0]


def test_place_by_hand_and_publish_from_the_schedule_page(event, staff):
    Event.objects.filter(pk=event.pk).update(phase=EventPhase.SCHEDULING)
    city, _ = registered(event)
    provider, _ = registered(event, CorporationFactory.create())
    meeting = accepted_meeting(event, city, provider)
    client = logged_in(staff)
    slot = slot_at(event, 1)

    client.post(
        url(event, "schedule/"), {"action": "place", "meeting": meeting.pk, "slot": slot.pk, "table": 2}
    )
    published = client.post(url(event, "schedule/"), {"action": "publish"}, follow=True)

    meeting.refresh_from_db()
    assert meeting.meeting is not None
    assert (meeting.slot, meeting.table, meeting.pinned, meeting.meeting.start) == (slot, 2, True, slot.start)
    assert messages_of(published)[-1].startswith("Published")


def test_placing_on_a_taken_table_shows_the_reason(event, staff):
    city, _ = registered(event)
    (first,) = schedule(event, staff, (city, registered(event, CorporationFactory.create())[0]))
    second = accepted_meeting(event, registered(event)[0], registered(event, CorporationFactory.create())[0])

    response = logged_in(staff).post(
        url(event, "schedule/"), {"action": "place", "meeting": second.pk, "slot": first.slot_id, "table": 1}
    )

    assert response.status_code == 200
    assert response.context["place_form"].errors["table"][0].startswith("Table 1 is taken")


def test_schedule_page_moves_the_event_to_scheduling(event, staff):
    client = logged_in(staff)

    page = client.get(url(event, "schedule/"))
    moved = client.post(url(event, "phase/"), {"phase": EventPhase.SCHEDULING, "back": "schedule"})

    assert b'data-testid="to-scheduling"' in page.content
    assert moved.status_code == 302
    assert moved["Location"] == url(event, "schedule/")
    assert Event.objects.get(pk=event.pk).phase == EventPhase.SCHEDULING
    assert b'data-testid="to-scheduling"' not in client.get(url(event, "schedule/")).content


def test_schedule_page_says_published_after_publishing(event, published, staff):
    content = logged_in(staff).get(url(event, "schedule/")).content.decode()

    assert "Published: 1 placed" in content
    assert "Draft:" not in content


def test_scheduler_run_times_are_in_the_event_time_zone(event, staff):
    run = ScheduleRun.objects.create(event=event, time_limit_s=5, status=RunStatus.DONE)
    ScheduleRun.objects.filter(pk=run.pk).update(started_at=datetime(2026, 1, 5, 8, 0, tzinfo=UTC))
    client = logged_in(staff)

    for page in (client.get(url(event, "schedule/")), client.get(url(event, f"runs/{run.pk}/"))):
        content = page.content.decode()
        assert "Mon, Jan 5, 09:00" in content  # Europe/Berlin, not UTC
        assert "Jan 5, 08:00" not in content


@pytest.mark.parametrize("count", [1, 3])
def test_schedule_page_query_count(event, staff, django_assert_num_queries, count):
    city, _ = registered(event)
    schedule(event, staff, *[(city, registered(event, CorporationFactory.create())[0]) for _ in range(count)])
    client = logged_in(staff)

    # session, user, event, meetings, slots, latest run, form choices (slots)
    with django_assert_num_queries(7):
        response = client.get(url(event, "schedule/"))

    assert response.context["placed_count"] == count


# --- Agendas, exports -----------------------------------------------------------------------


@pytest.fixture
def published(event, staff):
    city, city_rep = registered(event, time_zone="Asia/Seoul")
    provider, _ = registered(event, CorporationFactory.create(name="Acme Flood Tech"))
    (placement,) = schedule(event, staff, (city, provider))
    publish(event, staff)
    placement.refresh_from_db()
    return placement, city_rep.user


def test_agenda_shows_the_meeting_in_both_time_zones(event, published):
    placement, city_person = published

    response = logged_in(city_person).get(url(event, "agenda/"))

    content = response.content.decode()
    assert [entry["meeting"].pk for entry in response.context["entries"]] == [placement.pk]
    assert "Acme Flood Tech" in content
    assert placement.slot.start.astimezone(ZoneInfo("Asia/Seoul")).strftime("%H:%M") in content
    assert "09:00" in content  # event time, Europe/Berlin


def test_agenda_is_empty_before_publishing(event, staff):
    city, city_rep = registered(event)
    schedule(event, staff, (city, registered(event, CorporationFactory.create())[0]))

    response = logged_in(city_rep.user).get(url(event, "agenda/"))

    assert (response.context["entries"], response.context["published"]) == ([], False)


def test_agenda_ics_and_print(event, published):
    placement, city_person = published
    client = logged_in(city_person)

    ics = client.get(url(event, "agenda.ics"))
    printed = client.get(url(event, "agenda/print/"))

    events = Calendar.from_ical(ics.content.decode()).walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [placement.meeting.ics_uid]
    assert ics["Content-Type"] == "text/calendar; charset=utf-8"
    assert b"Acme Flood Tech" in printed.content


def test_an_online_event_shows_its_join_link_on_the_agenda(staff):
    event = event_with_sessions(
        ("Morning", time(9), 2), venue="", online_url="https://meet.example.org/smart-cities"
    )
    city, city_rep = registered(event)
    schedule(event, staff, (city, registered(event, CorporationFactory.create())[0]))
    publish(event, staff)

    response = logged_in(city_rep.user).get(url(event, "agenda/"))

    assert b'href="https://meet.example.org/smart-cities"' in response.content


def test_an_in_person_agenda_ics_carries_the_venue_and_table(event, published):
    placement, city_person = published

    ics = logged_in(city_person).get(url(event, "agenda.ics"))

    (entry,) = Calendar.from_ical(ics.content.decode()).walk("VEVENT")
    assert str(entry["LOCATION"]) == f"{event.venue}, table {placement.table}"


def test_staff_see_any_agenda_others_only_their_own(event, published, staff):
    placement, _ = published
    stranger = UserFactory.create(organisation=OrganisationFactory.create())

    as_staff = logged_in(staff).get(url(event, f"agenda/?registration={placement.requester_id}"))
    as_stranger = logged_in(stranger).get(url(event, f"agenda/?registration={placement.requester_id}"))

    assert (as_staff.status_code, as_stranger.status_code) == (200, 403)


@pytest.mark.parametrize("count", [1, 3])
def test_agenda_query_count(event, staff, django_assert_num_queries, count):
    city, city_rep = registered(event)
    schedule(event, staff, *[(city, registered(event, CorporationFactory.create())[0]) for _ in range(count)])
    publish(event, staff)
    client = logged_in(city_rep.user)

    # session, user, event, registration, agenda, the viewer's check-in code, the nav's organisation
    with django_assert_num_queries(7):
        response = client.get(url(event, "agenda/"))

    assert len(response.context["entries"]) == count


def test_csv_export_and_table_signs(event, published, staff):
    placement, _ = published
    client = logged_in(staff)

    csv_text = client.get(url(event, "schedule.csv")).content.decode()
    signs = client.get(url(event, "table-signs/"))

    header, row = csv_text.strip().splitlines()
    assert header == "slot,session,date,start,end,time_zone,table,requester,receiver,pinned,status"
    assert row.split(",")[3:9] == [
        "09:00",
        "09:30",
        "Europe/Berlin",
        "1",
        str(placement.requester),
        "Acme Flood Tech",
    ]
    assert [table for table, _ in signs.context["tables"]] == [1, 2]
    assert [m.pk for m in signs.context["tables"][0][1]] == [placement.pk]


# --- The day and after ----------------------------------------------------------------------


def test_dashboard_checks_people_in(event, published, staff):
    placement, _city_person = published
    representative = placement.requester.representatives.get()
    client = logged_in(staff)

    client.post(url(event, "dashboard/"), {"action": "check-in", "representative": representative.pk})
    page = client.get(url(event, "dashboard/"))

    representative.refresh_from_db()
    assert representative.checked_in_by == staff
    assert page.context["counts"]["checked_in"] == 1


@pytest.mark.parametrize("count", [1, 3])
def test_dashboard_query_count(event, staff, django_assert_num_queries, count):
    city, _ = registered(event)
    schedule(event, staff, *[(city, registered(event, CorporationFactory.create())[0]) for _ in range(count)])
    publish(event, staff)
    client = logged_in(staff)

    # session, user, event, counts (2), representatives (count, page), meetings, form choices (slots)
    with django_assert_num_queries(9):
        response = client.get(url(event, "dashboard/"))

    assert len(response.context["meetings"]) == count


def test_participant_rates_a_meeting_and_staff_see_the_report(staff):
    event = event_with_sessions(("Morning", time(9), 2), day=timezone.now().date() - timedelta(days=1))
    city, city_rep = registered(event)
    provider, _ = registered(event, CorporationFactory.create())
    (placement,) = schedule(event, staff, (city, provider))
    publish(event, staff)
    Event.objects.filter(pk=event.pk).update(phase=EventPhase.RUNNING)
    record_event_meeting_status(meeting=placement, actor=staff, status=EventMeetingStatus.HELD)
    prefix = f"m{placement.pk}"

    response = logged_in(city_rep.user).post(
        url(event, "feedback/"),
        {"meeting": placement.pk, f"{prefix}-rating": 4, f"{prefix}-outcome": MeetingOutcome.NEGOTIATION},
    )
    report = logged_in(staff).get(url(event, "report/"))

    feedback = EventMeetingFeedback.objects.get()
    assert response.status_code == 302
    assert (feedback.rating, feedback.outcome, feedback.registration) == (4, MeetingOutcome.NEGOTIATION, city)
    assert (report.context["held"], report.context["average_rating"]) == (1, 4.0)
    assert [bar.count for bar in report.context["outcome_bars"]] == [0, 0, 1, 0]


def test_no_feedback_form_for_a_meeting_not_yet_started(event, published):
    placement, city_person = published
    Event.objects.filter(pk=event.pk).update(phase=EventPhase.RUNNING)
    client = logged_in(city_person)
    prefix = f"m{placement.pk}"

    page = client.get(url(event, "feedback/"))
    posted = client.post(
        url(event, "feedback/"),
        {"meeting": placement.pk, f"{prefix}-rating": 4, f"{prefix}-outcome": MeetingOutcome.NEGOTIATION},
        follow=True,
    )

    assert [row["started"] for row in page.context["rows"]] == [False]
    assert f'name="{prefix}-rating"' not in page.content.decode()
    assert b"once it has started" in page.content
    assert any("once it has started" in m for m in messages_of(posted))
    assert not EventMeetingFeedback.objects.exists()


def test_phase_label_of_an_event_without_sessions(staff):
    event = EventFactory.create()

    response = logged_in(staff).get(url(event, "schedule/"))

    assert response.status_code == 200
    assert b"No slots" in response.content


@pytest.mark.parametrize("count", [1, 3])
def test_detail_page_query_count(staff, django_assert_num_queries, count):
    event = event_with_sessions(*[(f"Session {n}", time(8 + 2 * n), 2) for n in range(count)])
    registration, rep = registered(event)
    for _ in range(count - 1):
        EventRepresentativeFactory.create(registration=registration)
    client = logged_in(rep.user)

    # session, user, event, own registration, registrations count, the nav's organisation,
    # sessions, representatives and their unavailable slots
    with django_assert_num_queries(9):
        response = client.get(url(event))

    assert (len(response.context["sessions"]), len(response.context["representatives"])) == (count, count)


@pytest.mark.parametrize("count", [1, 3])
def test_feedback_and_table_signs_query_counts(staff, django_assert_num_queries, count):
    event = event_with_sessions(("Morning", time(9), 4), day=timezone.now().date() - timedelta(days=1))
    city, city_rep = registered(event)
    schedule(event, staff, *[(city, registered(event, CorporationFactory.create())[0]) for _ in range(count)])
    publish(event, staff)
    Event.objects.filter(pk=event.pk).update(phase=EventPhase.RUNNING)
    client, staff_client = logged_in(city_rep.user), logged_in(staff)

    with django_assert_num_queries(7):  # session, user, event, registration, agenda, feedback, nav org
        feedback = client.get(url(event, "feedback/"))
    with django_assert_num_queries(4):  # session, user, event, meetings
        signs = staff_client.get(url(event, "table-signs/"))

    assert len(feedback.context["rows"]) == count
    assert sum(len(meetings) for _, meetings in signs.context["tables"]) == count


@pytest.mark.parametrize("count", [1, 3])
def test_availability_page_query_count(django_assert_num_queries, count):
    event = event_with_sessions(("Morning", time(9), count))
    _, rep = registered(event)
    client = logged_in(rep.user)

    # session, user, event, representative, its marked slots, the nav's organisation, slot choices
    with django_assert_num_queries(7):
        response = client.get(url(event, "availability/"))

    assert len(response.context["form"].fields["slots"].queryset) == count


def test_ids_that_are_not_numbers_never_give_a_server_error(event):
    client = logged_in(StaffFactory.create())
    Event.objects.filter(pk=event.pk).update(phase=EventPhase.SCHEDULING)

    answers = [
        client.get(url(event, "availability/") + "?rep=abc"),
        client.get(url(event, "agenda/") + "?registration=²"),
        client.post(url(event, "sessions/"), {"remove": "abc"}),
        client.post(url(event, "schedule/"), {"action": "unplace", "meeting": "abc"}),
        client.post(url(event, "dashboard/"), {"action": "check-in", "representative": "x"}),
    ]

    assert [answer.status_code < 500 for answer in answers] == [True] * len(answers)


def test_the_schedule_csv_never_carries_a_spreadsheet_formula(event):
    staff = StaffFactory.create()
    formula = OrganisationFactory.create(name="=HYPERLINK(1)")
    schedule(event, staff, (registered(event, formula)[0], registered(event, CorporationFactory.create())[0]))

    body = logged_in(staff).get(url(event, "schedule.csv")).content.decode()

    assert "'=HYPERLINK(1)" in body
    assert ",=HYPERLINK" not in body


def test_a_failed_scheduler_run_is_reported_as_an_error(event, staff):
    Event.objects.filter(pk=event.pk).update(phase=EventPhase.SCHEDULING)
    failed = ScheduleRun(
        event=event, status=RunStatus.FAILED, problems=["The solver stopped: out of memory."]
    )

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(scheduler_queue, "queue_schedule_run", lambda **_: failed)
        response = logged_in(staff).post(url(event, "schedule/"), {"action": "run"}, follow=True)

    assert messages_of(response) == ["Scheduler run failed: The solver stopped: out of memory."]


def test_slot_and_session_choices_read_in_the_readers_language():
    day = days_ahead(10)
    event = event_with_sessions(("Morning", time(9), 2), day=day)
    weekday = "월화수목금토일"[day.weekday()]

    with translation.override("ko"):
        # Choice fields (ModelChoiceField / MultipleChoiceField); typed as plain Field by the stubs.
        place_field: Any = PlaceForm(event=event).fields["slot"]
        away_field: Any = UnavailabilityForm(event=event).fields["slots"]
        place_labels = [label for value, label in place_field.choices if value]
        away_labels = [label for _, label in away_field.choices]
        [session] = [str(s) for s in event.sessions.all()]

    assert place_labels == [
        f"{day.month}월 {day.day}일 ({weekday}) 09:00",
        f"{day.month}월 {day.day}일 ({weekday}) 09:30",
    ]
    assert away_labels[0] == f"{day.month}월 {day.day}일 ({weekday}) 09:00 ~ 09:30"
    assert session == f"Morning {day.month}월 {day.day}일 ({weekday}) 09:00"
