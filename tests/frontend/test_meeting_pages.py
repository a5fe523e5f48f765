from datetime import time, timedelta

import pytest
from django.db.models import F
from django.test import Client
from django.utils import timezone

from accounts.enums import OrganisationRole
from scheduling.enums import MeetingStatus
from scheduling.models import AvailabilityRule, Meeting, MeetingAttendance
from scheduling.services.meetings import accept_meeting, request_meeting
from tests.factories.accounts import CorporationFactory, OrganisationFactory, UserFactory
from tests.scheduling.factories import AvailabilityRuleFactory, OrganisationParticipantFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def provider():
    participant = OrganisationParticipantFactory.create(
        organisation=CorporationFactory.create(), meeting_lengths=[30]
    )
    for weekday in range(7):
        AvailabilityRuleFactory.create(
            participant=participant, weekday=weekday, start_time=time(8), end_time=time(18)
        )
    return participant


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def first_slot(client, provider):
    return client.get(f"/book/{provider.key}/").context["days"].popitem(last=False)[1][0]


def test_book_page_needs_login(provider):
    response = Client().get(f"/book/{provider.key}/")

    assert (response.status_code, response["Location"].startswith("/accounts/login/")) == (302, True)


def test_book_page_lists_slots_in_the_viewers_time_zone(provider):
    client = logged_in(UserFactory.create(time_zone="Asia/Seoul"))

    slot = first_slot(client, provider)

    assert str(slot.start.tzinfo) == "Asia/Seoul"


def test_booking_a_slot_creates_a_request_and_a_taken_slot_is_refused(provider):
    city_person = UserFactory.create(organisation=OrganisationFactory.create())
    client = logged_in(city_person)
    slot = first_slot(client, provider)
    form = {"start": slot.start.isoformat(), "length": 30, "subject": "Flood sensors", "message": "Hello"}

    first = client.post(f"/book/{provider.key}/", form)
    second = logged_in(UserFactory.create(organisation=OrganisationFactory.create())).post(
        f"/book/{provider.key}/", form
    )

    assert first.status_code == 302
    assert Meeting.objects.get().subject == "Flood sensors"
    assert second.status_code == 200
    assert "taken" in " ".join(str(m) for m in second.context["messages"]).lower()


def test_the_booking_page_tells_an_account_without_an_organisation_why_and_books_nothing(provider):
    client = logged_in(UserFactory.create())
    slot = first_slot(client, provider)
    form = {"start": slot.start.isoformat(), "length": 30, "subject": "Flood sensors", "message": "Hello"}

    page = client.get(f"/book/{provider.key}/").content.decode()
    response = client.post(f"/book/{provider.key}/", form, follow=True)

    assert 'data-testid="booking-refusal"' in page
    assert "Apply for membership" in page
    assert [str(m)[:67] for m in response.context["messages"]] == [
        "Only the confirmed people of member organisations ask for meetings."
    ]
    assert Meeting.objects.count() == 0


def test_the_booking_page_asks_an_unverified_person_to_verify_first(provider):
    client = logged_in(UserFactory.create(organisation=OrganisationFactory.create(), email_verified=False))

    page = client.get(f"/book/{provider.key}/").content.decode()

    assert "Verify your e-mail address first" in page


def test_provider_accepts_from_my_meetings(provider):
    admin = UserFactory.create(organisation=provider.organisation, organisation_role=OrganisationRole.ADMIN)
    city_person = UserFactory.create(organisation=OrganisationFactory.create())
    slot = first_slot(logged_in(city_person), provider)
    meeting = request_meeting(
        actor=city_person, invitee=provider, subject="Intro", length=30, start=slot.start
    )
    client = logged_in(admin)
    assert [m.pk for m in client.get("/my/meetings/").context["to_answer"]] == [meeting.pk]

    client.post(f"/my/meetings/{meeting.pk}/accept/")

    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CONFIRMED
    assert [m.pk for m in client.get("/my/meetings/").context["upcoming"]] == [meeting.pk]


def test_a_past_confirmed_meeting_is_recorded_as_held_from_my_meetings(provider):
    admin = UserFactory.create(organisation=provider.organisation, organisation_role=OrganisationRole.ADMIN)
    city_person = UserFactory.create(organisation=OrganisationFactory.create())
    slot = first_slot(logged_in(city_person), provider)
    meeting = request_meeting(
        actor=city_person, invitee=provider, subject="Intro", length=30, start=slot.start
    )
    accept_meeting(meeting=meeting, actor=admin)
    # The meeting took place: move it (and its claims on time) into the past.
    shift = slot.start - timezone.now() + timedelta(days=1)
    Meeting.objects.filter(pk=meeting.pk).update(start=F("start") - shift, end=F("end") - shift)
    MeetingAttendance.objects.filter(meeting=meeting).update(start=F("start") - shift, end=F("end") - shift)
    client = logged_in(city_person)
    page = client.get("/my/meetings/")
    assert [m.pk for m in page.context["past"]] == [meeting.pk]
    assert f"/my/meetings/{meeting.pk}/held/" in page.content.decode()

    client.post(f"/my/meetings/{meeting.pk}/held/")

    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    assert f"/projects/new/?meeting={meeting.pk}" in client.get("/my/meetings/").content.decode()


def test_a_future_meeting_cannot_be_recorded_as_held(provider):
    admin = UserFactory.create(organisation=provider.organisation, organisation_role=OrganisationRole.ADMIN)
    city_person = UserFactory.create(organisation=OrganisationFactory.create())
    slot = first_slot(logged_in(city_person), provider)
    meeting = request_meeting(
        actor=city_person, invitee=provider, subject="Intro", length=30, start=slot.start
    )
    accept_meeting(meeting=meeting, actor=admin)

    response = logged_in(city_person).post(f"/my/meetings/{meeting.pk}/no-show/", follow=True)

    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CONFIRMED
    assert [str(m) for m in response.context["messages"]] == [
        "A meeting's outcome can be recorded once it has started."
    ]


def test_strangers_cannot_act_on_a_meeting(provider):
    city_person = UserFactory.create(organisation=OrganisationFactory.create())
    slot = first_slot(logged_in(city_person), provider)
    meeting = request_meeting(actor=city_person, invitee=provider, subject="x", length=30, start=slot.start)

    response = logged_in(UserFactory.create()).post(f"/my/meetings/{meeting.pk}/cancel/")

    assert response.status_code == 403
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.REQUESTED


def test_availability_editor_adds_weekly_hours_and_checks_rights(provider):
    admin = UserFactory.create(organisation=provider.organisation, organisation_role=OrganisationRole.ADMIN)
    client = logged_in(admin)

    response = client.post(
        f"/my/availability/?for={provider.key}",
        {"for": provider.key, "action": "rule", "rule-weekday": 2, "rule-start_time": "06:00",
         "rule-end_time": "07:00", "rule-time_zone": "Europe/Berlin"},
    )  # fmt: skip
    bad = client.post(
        f"/my/availability/?for={provider.key}",
        {"for": provider.key, "action": "rule", "rule-weekday": 2, "rule-start_time": "09:00",
         "rule-end_time": "08:00", "rule-time_zone": "Europe/Berlin"},
    )  # fmt: skip
    stranger = logged_in(UserFactory.create(organisation=provider.organisation)).get(
        f"/my/availability/?for={provider.key}"
    )

    assert response.status_code == 302
    assert AvailabilityRule.objects.filter(participant=provider, start_time=time(6)).count() == 1
    assert bad.status_code == 200
    assert bad.context["rule_form"].errors
    assert stranger.status_code == 403


@pytest.mark.parametrize("item_count", [1, 3])
def test_my_meetings_query_count_is_constant(provider, django_assert_num_queries, item_count):
    city_person = UserFactory.create(organisation=OrganisationFactory.create())
    client = logged_in(city_person)
    slots = client.get(f"/book/{provider.key}/").context["days"].popitem(last=False)[1]
    for slot in slots[:item_count]:
        request_meeting(actor=city_person, invitee=provider, subject="x", length=30, start=slot.start)

    with django_assert_num_queries(5):  # session, user, meetings, proposals, organisation (nav)
        response = client.get("/my/meetings/")

    assert len(response.context["waiting"]) == item_count


def confirmed_meeting(provider, city_person, admin, slot, *, days_ago: float | None = None):
    meeting = request_meeting(
        actor=city_person, invitee=provider, subject="Intro", length=30, start=slot.start
    )
    accept_meeting(meeting=meeting, actor=admin)
    if days_ago is not None:
        shift = slot.start - timezone.now() + timedelta(days=days_ago)
        Meeting.objects.filter(pk=meeting.pk).update(start=F("start") - shift, end=F("end") - shift)
        MeetingAttendance.objects.filter(meeting=meeting).update(
            start=F("start") - shift, end=F("end") - shift
        )
    return meeting


def test_outcome_buttons_show_only_on_meetings_that_have_started(provider):
    admin = UserFactory.create(organisation=provider.organisation, organisation_role=OrganisationRole.ADMIN)
    city_person = UserFactory.create(organisation=OrganisationFactory.create())
    slots = logged_in(city_person).get(f"/book/{provider.key}/").context["days"].popitem(last=False)[1]
    past = confirmed_meeting(provider, city_person, admin, slots[0], days_ago=1)
    started = confirmed_meeting(provider, city_person, admin, slots[1], days_ago=10 / (24 * 60))
    upcoming = confirmed_meeting(provider, city_person, admin, slots[2])

    page = logged_in(city_person).get("/my/meetings/").content.decode()

    assert f"/my/meetings/{past.pk}/held/" in page
    assert f"/my/meetings/{started.pk}/no-show/" in page
    assert f"/my/meetings/{upcoming.pk}/held/" not in page
    assert f"/my/meetings/{upcoming.pk}/no-show/" not in page


def test_meeting_page_shows_both_sides_times_history_and_actions_to_its_parties_only(provider):
    provider.time_zone = "Asia/Seoul"
    provider.save()
    admin = UserFactory.create(organisation=provider.organisation, organisation_role=OrganisationRole.ADMIN)
    city_person = UserFactory.create(organisation=OrganisationFactory.create(), time_zone="Europe/Berlin")
    slot = first_slot(logged_in(city_person), provider)
    meeting = confirmed_meeting(provider, city_person, admin, slot)

    page = logged_in(city_person).get(f"/my/meetings/{meeting.pk}/")
    html = page.content.decode()

    assert page.status_code == 200
    assert "(Europe/Berlin, your time)" in html
    assert "(Asia/Seoul," in html
    assert str(provider) in html
    assert "Confirmed" in html
    assert [event.action for event in page.context["history"]] == ["requested", "accepted"]
    assert f"/my/meetings/{meeting.pk}/cancel/" in html
    assert f'href="/my/meetings/{meeting.pk}/"' in logged_in(admin).get("/my/meetings/").content.decode()
    assert logged_in(UserFactory.create()).get(f"/my/meetings/{meeting.pk}/").status_code == 404
    assert logged_in(UserFactory.create(is_staff=True)).get(f"/my/meetings/{meeting.pk}/").status_code == 404


def test_an_action_from_the_meeting_page_returns_to_it(provider):
    city_person = UserFactory.create(organisation=OrganisationFactory.create())
    slot = first_slot(logged_in(city_person), provider)
    meeting = request_meeting(actor=city_person, invitee=provider, subject="x", length=30, start=slot.start)

    response = logged_in(city_person).post(f"/my/meetings/{meeting.pk}/cancel/", {"back": "meeting"})

    assert response["Location"] == f"/my/meetings/{meeting.pk}/"


def test_proposing_another_time_from_the_meeting_page_shows_old_and_new_time_and_the_note(
    provider, mailoutbox
):
    admin = UserFactory.create(organisation=provider.organisation, organisation_role=OrganisationRole.ADMIN)
    city_person = UserFactory.create(organisation=OrganisationFactory.create())
    slots = logged_in(city_person).get(f"/book/{provider.key}/").context["days"].popitem(last=False)[1]
    meeting = confirmed_meeting(provider, city_person, admin, slots[0])
    old_start = meeting.start
    provider_page = logged_in(admin).get(f"/my/meetings/{meeting.pk}/")
    new_start = provider_page.context["slots"][1].start

    response = logged_in(admin).post(
        f"/my/meetings/{meeting.pk}/",
        {
            "action": "propose_time",
            "propose-start": new_start.isoformat(),
            "propose-note": "Earlier is better",
        },
    )

    meeting.refresh_from_db()
    assert response.status_code == 302
    assert (meeting.status, meeting.start) == (MeetingStatus.RESCHEDULED, new_start)
    city_page = logged_in(city_person).get(f"/my/meetings/{meeting.pk}/")
    assert city_page.context["new_time"].note == "Earlier is better"
    assert city_page.context["new_time"].previous_start == old_start
    html = city_page.content.decode()
    assert "Earlier is better" in html
    assert f"/my/meetings/{meeting.pk}/accept/" in html


def test_declining_from_the_meeting_page_keeps_the_reason(provider):
    admin = UserFactory.create(organisation=provider.organisation, organisation_role=OrganisationRole.ADMIN)
    city_person = UserFactory.create(organisation=OrganisationFactory.create())
    slot = first_slot(logged_in(city_person), provider)
    meeting = request_meeting(actor=city_person, invitee=provider, subject="x", length=30, start=slot.start)

    logged_in(admin).post(
        f"/my/meetings/{meeting.pk}/decline/", {"back": "meeting", "decline-note": "Too busy"}
    )

    page = logged_in(city_person).get(f"/my/meetings/{meeting.pk}/")
    assert page.context["meeting"].status == MeetingStatus.DECLINED
    assert "Reason: Too busy" in page.content.decode()


def test_the_video_link_is_set_on_the_meeting_page_and_shown_to_the_other_side(provider):
    admin = UserFactory.create(organisation=provider.organisation, organisation_role=OrganisationRole.ADMIN)
    city_person = UserFactory.create(organisation=OrganisationFactory.create())
    meeting = confirmed_meeting(provider, city_person, admin, first_slot(logged_in(city_person), provider))

    saved = logged_in(admin).post(
        f"/my/meetings/{meeting.pk}/",
        {"action": "video_link", "video-video_link": "https://meet.example/xyz"},
    )
    bad = logged_in(admin).post(
        f"/my/meetings/{meeting.pk}/", {"action": "video_link", "video-video_link": "not a link"}
    )

    assert saved.status_code == 302
    assert bad.status_code == 200
    assert bad.context["video_form"].errors
    html = logged_in(city_person).get(f"/my/meetings/{meeting.pk}/").content.decode()
    assert 'href="https://meet.example/xyz"' in html


def test_the_calendar_feed_is_made_shown_renewed_and_switched_off_from_the_pages():
    person = UserFactory.create()
    client = logged_in(person)
    assert "/my/meetings/calendar-feed/" in client.get("/my/meetings/").content.decode()
    assert client.get("/my/meetings/calendar-feed/").context["feed_url"] == ""

    client.post("/my/meetings/calendar-feed/", {"action": "rotate"})
    first = client.get("/my/meetings/calendar-feed/").context["feed_url"]
    client.post("/my/meetings/calendar-feed/", {"action": "rotate"})
    second = client.get("/my/meetings/calendar-feed/").context["feed_url"]

    assert first.startswith("http://testserver/")
    assert first.endswith(".ics")
    assert second != first
    assert Client().get(second).status_code == 200
    assert Client().get(first).status_code == 404
    client.post("/my/meetings/calendar-feed/", {"action": "revoke"})
    assert Client().get(second).status_code == 404
