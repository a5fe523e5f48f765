import zoneinfo
from datetime import date, datetime, time, timedelta

import pytest
from django.db.models import F
from django.test import Client
from django.utils import timezone

from accounts.enums import OrganisationRole
from scheduling.enums import MeetingStatus
from scheduling.models import AvailabilityRule, Meeting, MeetingAttendance
from scheduling.services.expiry import expire_unanswered_requests
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
    return first_slots(client, provider, 1)[0]


def first_slots(client, provider, count: int):
    """The free slots of the first day the booking page offers with at least `count` of them (late
    in the provider's day, today may have fewer left)."""
    days = client.get(f"/book/{provider.key}/").context["days"]
    return next(slots for slots in days.values() if len(slots) >= count)


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
    slots = first_slots(client, provider, item_count)
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
    slots = first_slots(logged_in(city_person), provider, 3)
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
    slots = first_slots(logged_in(city_person), provider, 1)
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


def test_a_request_with_proposed_times_is_accepted_from_the_meeting_page_by_choosing_one(provider):
    """The bug: "Accept" posted without `proposal_start`, so such a request could not be accepted."""
    admin = UserFactory.create(
        organisation=provider.organisation, organisation_role=OrganisationRole.ADMIN, time_zone="Asia/Seoul"
    )
    city_person = UserFactory.create(organisation=OrganisationFactory.create(), time_zone="Europe/Berlin")
    times = [timezone.now().replace(microsecond=0) + timedelta(days=d, hours=1) for d in (3, 4)]
    meeting = request_meeting(
        actor=city_person, invitee=provider, subject="Intro", length=30, proposals=times
    )
    client = logged_in(admin)
    page = client.get(f"/my/meetings/{meeting.pk}/").content.decode()
    assert page.count('name="proposal_start"') == 2
    assert "(Asia/Seoul) · " in page  # each choice in the viewer's zone and the other side's
    assert "(UTC)</button>" in page  # the city's organisation keeps UTC until it sets its zone
    assert logged_in(admin).get("/my/meetings/").content.decode().count('name="proposal_start"') == 2

    response = client.post(
        f"/my/meetings/{meeting.pk}/accept/", {"back": "meeting", "proposal_start": times[1].isoformat()}
    )

    meeting.refresh_from_db()
    assert response["Location"] == f"/my/meetings/{meeting.pk}/"
    assert (meeting.status, meeting.start) == (MeetingStatus.CONFIRMED, times[1])


def test_accepting_without_choosing_a_proposed_time_says_so(provider):
    admin = UserFactory.create(organisation=provider.organisation, organisation_role=OrganisationRole.ADMIN)
    city_person = UserFactory.create(organisation=OrganisationFactory.create())
    start = timezone.now() + timedelta(days=3)
    meeting = request_meeting(actor=city_person, invitee=provider, subject="x", length=30, proposals=[start])

    missing = logged_in(admin).post(f"/my/meetings/{meeting.pk}/accept/", {"back": "meeting"}, follow=True)
    garbled = logged_in(admin).post(
        f"/my/meetings/{meeting.pk}/accept/", {"back": "meeting", "proposal_start": "soon"}, follow=True
    )

    assert [str(m) for m in missing.context["messages"]] == ["Choose one of the proposed times."]
    assert [str(m) for m in garbled.context["messages"]] == ["Choose one of the proposed times."]
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.REQUESTED


def test_proposing_up_to_three_typed_times_from_the_meeting_page(provider, mailoutbox):
    admin = UserFactory.create(
        organisation=provider.organisation, organisation_role=OrganisationRole.ADMIN, time_zone="Asia/Seoul"
    )
    city_person = UserFactory.create(organisation=OrganisationFactory.create(), time_zone="Europe/Berlin")
    meeting = confirmed_meeting(provider, city_person, admin, first_slot(logged_in(city_person), provider))
    old_start = meeting.start
    day = (timezone.now() + timedelta(days=5)).astimezone(zoneinfo.ZoneInfo("Asia/Seoul")).date()

    response = logged_in(admin).post(
        f"/my/meetings/{meeting.pk}/",
        {
            "action": "propose_times",
            "times-time_1": f"{day}T16:00",
            "times-time_2": f"{day}T09:30",
            "times-time_3": "",
            "times-note": "Our engineer can join at these times",
        },
    )

    assert response.status_code == 302
    meeting.refresh_from_db()
    seoul = zoneinfo.ZoneInfo("Asia/Seoul")
    expected = [datetime.combine(day, time(9, 30), seoul), datetime.combine(day, time(16), seoul)]
    assert (meeting.status, meeting.start) == (MeetingStatus.RESCHEDULED, None)
    assert [p.start for p in meeting.proposals.filter(superseded=False)] == expected
    city_page = logged_in(city_person).get(f"/my/meetings/{meeting.pk}/")
    notice = city_page.context["new_time"]
    assert (notice.previous_start, [t.start for t in notice.proposed_times], notice.note) == (
        old_start,
        expected,
        "Our engineer can join at these times",
    )
    html = city_page.content.decode()
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    assert f"Old time: <del>{old_start.astimezone(berlin):%a, %b %-d, %Y, %H:%M}</del>" in html
    for start in expected:
        assert f"<strong>{start.astimezone(berlin):%a, %b %-d, %Y, %H:%M}\N{EN DASH}" in html
    assert "Our engineer can join at these times" in html
    assert html.count('name="proposal_start"') == 2
    # The history keeps every proposal with its times and note.
    history = logged_in(admin).get(f"/my/meetings/{meeting.pk}/").content.decode()
    assert (
        f"new times: {expected[0]:%a, %b %-d, %Y, %H:%M}; {expected[1]:%a, %b %-d, %Y, %H:%M} (Asia/Seoul)"
        in (history)
    )


@pytest.mark.parametrize(
    ("times", "error"),
    [
        (["", "", ""], "Give at least one time."),
        (["next tuesday", "", ""], "Enter a valid date/time."),
    ],
)
def test_proposing_typed_times_reports_bad_input_on_the_form(provider, times, error):
    admin = UserFactory.create(organisation=provider.organisation, organisation_role=OrganisationRole.ADMIN)
    city_person = UserFactory.create(organisation=OrganisationFactory.create())
    meeting = confirmed_meeting(provider, city_person, admin, first_slot(logged_in(city_person), provider))
    data = {"action": "propose_times", "times-note": ""}
    data.update({f"times-time_{n}": value for n, value in enumerate(times, start=1)})

    response = logged_in(admin).post(f"/my/meetings/{meeting.pk}/", data)

    assert response.status_code == 200
    assert error in str(response.context["times_form"].errors)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CONFIRMED


def test_a_time_in_the_past_is_refused_on_the_form(provider):
    admin = UserFactory.create(organisation=provider.organisation, organisation_role=OrganisationRole.ADMIN)
    city_person = UserFactory.create(organisation=OrganisationFactory.create())
    meeting = confirmed_meeting(provider, city_person, admin, first_slot(logged_in(city_person), provider))
    yesterday = (timezone.now() - timedelta(days=1)).astimezone(zoneinfo.ZoneInfo(admin.time_zone))

    response = logged_in(admin).post(
        f"/my/meetings/{meeting.pk}/",
        {"action": "propose_times", "times-time_1": f"{yesterday:%Y-%m-%dT%H:%M}", "times-note": ""},
    )

    assert response.status_code == 200
    assert response.context["times_form"].non_field_errors() == ["That time has already passed."]


def test_an_expired_request_shows_expired_and_offers_nothing(provider):
    admin = UserFactory.create(organisation=provider.organisation, organisation_role=OrganisationRole.ADMIN)
    city_person = UserFactory.create(organisation=OrganisationFactory.create())
    meeting = request_meeting(
        actor=city_person,
        invitee=provider,
        subject="Intro",
        length=30,
        start=first_slot(logged_in(city_person), provider).start,
    )
    expire_unanswered_requests(now=timezone.now() + timedelta(days=15))

    for person in (admin, city_person):
        page = logged_in(person).get(f"/my/meetings/{meeting.pk}/")
        html = page.content.decode()
        assert page.context["actions"] == set()
        assert '<span class="badge expired" data-testid="status">Expired</span>' in html
        assert "This request was never answered and has expired." in html
        assert f"/my/meetings/{meeting.pk}/accept/" not in html
        assert 'data-testid="propose-times-form"' not in html
    overview = logged_in(admin).get("/my/meetings/")
    assert [m.pk for m in overview.context["past"]] == [meeting.pk]
    assert '<span class="badge expired">Expired</span>' in overview.content.decode()
    refused = logged_in(admin).post(f"/my/meetings/{meeting.pk}/accept/", {"back": "meeting"}, follow=True)
    assert [str(m) for m in refused.context["messages"]] == [
        "This meeting cannot be accepted: its status is “Expired”."
    ]


def test_a_typed_time_that_does_not_exist_in_the_viewers_zone_is_refused(provider):
    admin = UserFactory.create(
        organisation=provider.organisation,
        organisation_role=OrganisationRole.ADMIN,
        time_zone="Europe/Berlin",
    )
    city_person = UserFactory.create(organisation=OrganisationFactory.create())
    meeting = confirmed_meeting(provider, city_person, admin, first_slot(logged_in(city_person), provider))
    march_end = date(timezone.now().year + 1, 3, 31)
    clocks_go_forward = march_end - timedelta(days=(march_end.weekday() + 1) % 7)  # the last Sunday

    response = logged_in(admin).post(
        f"/my/meetings/{meeting.pk}/",
        {"action": "propose_times", "times-time_1": f"{clocks_go_forward}T02:30", "times-note": ""},
    )

    assert response.status_code == 200
    assert "may be ambiguous or it may not exist" in str(response.context["times_form"].errors["time_1"])


KOREAN_WEEKDAYS = "월화수목금토일"
SPANISH_WEEKDAYS = ("lun", "mar", "mié", "jue", "vie", "sáb", "dom")
SPANISH_MONTHS = ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic")


@pytest.mark.parametrize("language", ["ko", "es"])
def test_the_meeting_page_writes_its_time_in_the_readers_order_and_time_zone(provider, language):
    admin = UserFactory.create(organisation=provider.organisation, organisation_role=OrganisationRole.ADMIN)
    city_person = UserFactory.create(
        organisation=OrganisationFactory.create(), time_zone="Asia/Seoul", language=language
    )
    meeting = confirmed_meeting(provider, city_person, admin, first_slot(logged_in(city_person), provider))
    start, end = (
        moment.astimezone(zoneinfo.ZoneInfo("Asia/Seoul")) for moment in (meeting.start, meeting.end)
    )

    html = logged_in(city_person).get(f"/my/meetings/{meeting.pk}/").content.decode()

    if language == "ko":  # year, month, day, (weekday), time: "2026년 12월 8일 (화) 19:00-19:30"
        weekday = KOREAN_WEEKDAYS[start.weekday()]
        day = f"{start.year}년 {start.month}월 {start.day}일 ({weekday})"
        shown = f"{day} {start:%H:%M}\N{EN DASH}{end:%H:%M}"
    else:  # weekday, day, month, year, time: "mar, 8 dic 2026, 19:00-19:30"
        weekday, month = SPANISH_WEEKDAYS[start.weekday()], SPANISH_MONTHS[start.month - 1]
        day = f"{weekday}, {start.day} {month} {start.year}"
        shown = f"{day}, {start.hour}:{start:%M}\N{EN DASH}{end.hour}:{end:%M}"
    assert f"<p>{shown} (" in html
