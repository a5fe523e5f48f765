"""Reminders 24 hours and 15 minutes before confirmed meetings and the "how did it go?" e-mail after
them (scheduling.services.reminders): due times across daylight-saving changes, none for cancelled
or moved-away times, never twice, in each reader's time zone. The clock is moved by passing `now`."""

import zoneinfo
from datetime import UTC, datetime, time, timedelta

import pytest
from django.db.models import Q
from django.test import override_settings
from django.utils import timezone

from accounts.models import User
from common.links import absolute_url
from events.enums import EventPhase
from events.models import Event
from events.selectors.setup import slot_at
from events.services.publishing import publish_schedule
from events.services.scheduler import place_draft_meeting
from notifications.models import EmailPreference
from outbox.enums import OutboxStatus
from outbox.models import OutboxMessage
from outbox.tasks import deliver_batch
from scheduling.models import Meeting
from scheduling.reminders import REMINDER_15M, REMINDER_24H, due_kinds, reminder_moment
from scheduling.services.meetings import accept_meeting, cancel_meeting, propose_new_time, request_meeting
from scheduling.services.reminders import send_due_reminders
from scheduling.tasks import send_meeting_reminders
from tests.factories.events import accepted_meeting, event_with_sessions, registered
from tests.scheduling.conftest import berlin_at

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
DAY, QUARTER = timedelta(hours=24), timedelta(minutes=15)
LOOKBACK = timedelta(minutes=60)


def confirmed(city_person, host, host_person, start):
    meeting = request_meeting(
        actor=city_person, invitee=host, subject="Smart parking", length=30, start=start
    )
    return accept_meeting(meeting=meeting, actor=host_person)


def ours():
    """The outbox rows written here (not the confirmation e-mails of the booking)."""
    return OutboxMessage.objects.filter(Q(key__contains=":reminder:") | Q(key__contains=":follow-up:"))


def keys():
    return sorted(ours().values_list("key", flat=True))


def message_to(person):
    return ours().get(to=[person.email])


# --- When they are due (pure) -------------------------------------------------------------


@pytest.mark.unit
@pytest.mark.parametrize(
    ("meeting_day", "reminder_wall_clock"),
    [
        # Clocks go forward in the night to Sunday 28 March 2027: 24 real hours before Sunday 10:00
        # CEST is Saturday 09:00 CET.
        (datetime(2027, 3, 28, 10, tzinfo=BERLIN), datetime(2027, 3, 27, 9, tzinfo=BERLIN)),
        # Clocks go back in the night to Sunday 25 October 2026 (and 31 October 2027): Saturday 11:00 CEST.
        (datetime(2026, 10, 25, 10, tzinfo=BERLIN), datetime(2026, 10, 24, 11, tzinfo=BERLIN)),
        (datetime(2027, 10, 31, 10, tzinfo=BERLIN), datetime(2027, 10, 30, 11, tzinfo=BERLIN)),
        # On the Monday after a change both days share one offset: the same wall-clock time.
        (datetime(2027, 3, 29, 10, tzinfo=BERLIN), datetime(2027, 3, 28, 10, tzinfo=BERLIN)),
    ],
)
def test_the_24_hour_reminder_is_24_real_hours_before_across_a_clock_change(meeting_day, reminder_wall_clock):
    moment = reminder_moment(start=meeting_day, kind=REMINDER_24H)

    assert moment.astimezone(BERLIN).replace(tzinfo=None) == reminder_wall_clock.replace(tzinfo=None)
    assert meeting_day.astimezone(UTC) - moment.astimezone(UTC) == DAY


@pytest.mark.unit
def test_a_reminder_is_due_from_its_moment_for_the_lookback_and_gives_way_to_the_next():
    start = datetime(2027, 3, 28, 8, tzinfo=UTC)
    end = start + timedelta(minutes=30)

    def due(now):
        return due_kinds(start=start, end=end, now=now, lookback=LOOKBACK)

    assert due(start - DAY - timedelta(seconds=1)) == []
    assert due(start - DAY) == [REMINDER_24H]
    assert due(start - DAY + timedelta(minutes=59)) == [REMINDER_24H]
    assert due(start - DAY + LOOKBACK) == []  # a beat outage longer than the lookback: skipped
    # Booked (or the beat back) with only 10 minutes left: the 15-minute reminder only.
    assert due(start - timedelta(minutes=10)) == [REMINDER_15M]
    assert due(start) == []
    assert due(end) == ["follow-up"]
    assert due(end + LOOKBACK) == []


# --- What is sent -------------------------------------------------------------------------


def test_a_meeting_in_berlin_on_the_day_the_clocks_go_forward_is_reminded_24_real_hours_before(
    host, host_person, city_person
):
    start = datetime(2027, 3, 28, 10, tzinfo=BERLIN)  # 08:00 UTC; Saturday was still UTC+1
    meeting = confirmed(city_person, host, host_person, start)
    due_at = datetime(2027, 3, 27, 8, tzinfo=UTC)  # Saturday 09:00 in Berlin, not 10:00

    assert send_due_reminders(now=due_at - timedelta(seconds=1)) == 0
    assert send_due_reminders(now=due_at) == 2

    assert keys() == [
        f"meeting:{meeting.pk}:reminder:24h:20270328T080000Z:to:{host_person.pk}",
        f"meeting:{meeting.pk}:reminder:24h:20270328T080000Z:to:{city_person.pk}",
    ]


def test_the_reminders_show_each_readers_own_time_zone_and_the_join_link(host, host_person, city_person):
    meeting = confirmed(city_person, host, host_person, datetime(2027, 10, 31, 10, tzinfo=BERLIN))
    Meeting.objects.filter(pk=meeting.pk).update(video_link="https://meet.example.org/parking")

    # 24 real hours before 09:00 UTC: Saturday 11:00 in Berlin (clocks go back in the night after).
    assert send_due_reminders(now=datetime(2027, 10, 30, 8, 59, tzinfo=UTC)) == 0
    assert send_due_reminders(now=datetime(2027, 10, 30, 9, tzinfo=UTC)) == 2

    berlin, seoul = message_to(host_person), message_to(city_person)
    dash = "\N{THIN SPACE}\N{EN DASH}\N{THIN SPACE}"  # CLDR's English interval mark (common.dates)
    assert (
        berlin.subject
        == f"Reminder: Smart parking, Sunday, October 31, 2027, 10:00{dash}10:30 (Europe/Berlin)"
    )
    assert (
        seoul.subject == f"Reminder: Smart parking, Sunday, October 31, 2027, 18:00{dash}18:30 (Asia/Seoul)"
    )
    assert seoul.body.splitlines()[0] == "Your meeting Smart parking starts in 24 hours."
    assert seoul.body.splitlines()[2] == f"When: Sunday, October 31, 2027, 18:00{dash}18:30 (Asia/Seoul)"
    assert seoul.body.splitlines()[3] == "Join the call: https://meet.example.org/parking"


def test_the_15_minute_reminder_says_how_long_is_left(host, host_person, city_person):
    meeting = confirmed(city_person, host, host_person, berlin_at(3, 10))

    send_due_reminders(now=meeting.start - timedelta(minutes=10))

    assert keys() == sorted(
        f"meeting:{meeting.pk}:reminder:15m:{meeting.start.astimezone(UTC):%Y%m%dT%H%M%SZ}:to:{p.pk}"
        for p in (host_person, city_person)
    )
    assert message_to(host_person).subject == "Starting soon: Smart parking"
    assert message_to(host_person).body.splitlines()[0] == "Your meeting Smart parking starts in 10 minutes."


def test_a_cancelled_meeting_gets_no_reminder(host, host_person, city_person):
    meeting = confirmed(city_person, host, host_person, berlin_at(3, 10))
    cancel_meeting(meeting=meeting, actor=city_person, note="Plans changed")
    OutboxMessage.objects.all().delete()  # the confirmation and cancellation e-mails

    assert send_due_reminders(now=meeting.start - DAY) == 0
    assert send_due_reminders(now=meeting.start - QUARTER) == 0
    assert keys() == []


def test_a_request_that_was_never_confirmed_gets_no_reminder(host, city_person):
    start = berlin_at(3, 10)
    request_meeting(actor=city_person, invitee=host, subject="Smart parking", length=30, start=start)
    OutboxMessage.objects.all().delete()

    assert send_due_reminders(now=start - DAY) == 0
    assert send_due_reminders(now=start - QUARTER) == 0


def test_a_moved_meeting_is_reminded_of_its_new_time_only(host, host_person, city_person):
    old_start, new_start = berlin_at(3, 10), berlin_at(4, 14)
    meeting = confirmed(city_person, host, host_person, old_start)
    propose_new_time(meeting=meeting, actor=host_person, start=new_start)
    accept_meeting(meeting=Meeting.objects.get(pk=meeting.pk), actor=city_person)
    OutboxMessage.objects.all().delete()

    # The old time's reminder moments pass after the move: nothing.
    assert send_due_reminders(now=old_start - DAY) == 0
    assert send_due_reminders(now=old_start - QUARTER) == 0
    assert send_due_reminders(now=new_start - DAY) == 2

    new_key = new_start.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    assert {key.split(":")[4] for key in keys()} == {new_key}


def test_a_meeting_moved_after_its_reminder_gets_one_for_the_new_time(host, host_person, city_person):
    old_start, new_start = berlin_at(3, 10), berlin_at(3, 14)
    meeting = confirmed(city_person, host, host_person, old_start)
    OutboxMessage.objects.all().delete()
    send_due_reminders(now=old_start - DAY)
    propose_new_time(meeting=meeting, actor=host_person, start=new_start)
    accept_meeting(meeting=Meeting.objects.get(pk=meeting.pk), actor=city_person)
    OutboxMessage.objects.filter(key__contains=":reminder:").update(status="sent", sent_at=timezone.now())

    assert send_due_reminders(now=new_start - DAY) == 2
    assert OutboxMessage.objects.filter(key__contains=":reminder:24h:").count() == 4


def test_a_reminder_already_written_is_not_written_again(host, host_person, city_person):
    meeting = confirmed(city_person, host, host_person, berlin_at(3, 10))
    OutboxMessage.objects.all().delete()

    assert send_due_reminders(now=meeting.start - DAY) == 2
    OutboxMessage.objects.update(status="sent", sent_at=timezone.now())
    assert send_due_reminders(now=meeting.start - DAY) == 0
    assert send_due_reminders(now=meeting.start - DAY + timedelta(minutes=1)) == 0
    assert OutboxMessage.objects.count() == 2


def test_a_person_who_turned_reminders_off_gets_none(host, host_person, city_person):
    meeting = confirmed(city_person, host, host_person, berlin_at(3, 10))
    OutboxMessage.objects.all().delete()
    EmailPreference.objects.create(person=city_person, topic="meeting.reminder", by_email=False)

    assert send_due_reminders(now=meeting.start - DAY) == 1
    assert message_to(host_person).to == [host_person.email]


def test_after_the_meeting_each_person_is_asked_how_it_went_once(host, host_person, city_person):
    meeting = confirmed(city_person, host, host_person, berlin_at(3, 10))
    OutboxMessage.objects.all().delete()

    assert send_due_reminders(now=meeting.end) == 2
    assert send_due_reminders(now=meeting.end + timedelta(minutes=5)) == 0

    message = message_to(city_person)
    assert keys() == sorted(f"meeting:{meeting.pk}:follow-up:to:{p.pk}" for p in (host_person, city_person))
    assert message.subject == "How did it go? Smart parking"
    assert message.body.splitlines()[4] == (
        "Record whether it took place, and propose a next meeting if there should be one: "
        + absolute_url(f"/my/meetings/{meeting.pk}/")
    )


@pytest.fixture
def event_meeting(staff):
    event = event_with_sessions(("Morning", time(9), 4), phase=EventPhase.SCHEDULING, tables=2)
    city, city_rep = registered(event, time_zone="America/New_York")
    provider, _ = registered(event)
    placement = accepted_meeting(event, city, provider)
    place_draft_meeting(meeting=placement, actor=staff, slot=slot_at(event, 1), table=2)
    publish_schedule(event=Event.objects.get(pk=event.pk), actor=staff)
    placement.refresh_from_db()
    OutboxMessage.objects.all().delete()
    return placement, city_rep.user


def test_an_event_meeting_is_reminded_with_its_event_and_table(event_meeting):
    placement, person = event_meeting
    meeting = placement.meeting

    assert send_due_reminders(now=meeting.start - QUARTER) == 4  # the people of both organisations

    lines = message_to(person).body.splitlines()
    assert lines[2].endswith("(America/New_York)")
    assert lines[3] == f"Event: {placement.event.name}, table 2"


def test_after_an_event_meeting_the_link_goes_to_the_events_feedback_page(event_meeting):
    placement, person = event_meeting

    send_due_reminders(now=placement.meeting.end)

    assert message_to(person).body.splitlines()[4] == (
        "Rate it and record its outcome (no interest, further contact, negotiation, agreement): "
        + absolute_url(f"/events/{placement.event.slug}/feedback/")
    )


@pytest.mark.parametrize("count", [1, 3])
def test_one_run_takes_the_same_queries_however_many_meetings(
    count, host, host_person, city_person, settings, django_assert_num_queries
):
    settings.MEETING_REMINDER_LOOKBACK_MINUTES = 120
    starts = [berlin_at(3, 10) + timedelta(minutes=30 * i) for i in range(count)]
    for start in starts:
        confirmed(city_person, host, host_person, start)
    OutboxMessage.objects.all().delete()

    # savepoint, meetings, the organisations' people, preferences, keys written, INSERT, release
    with django_assert_num_queries(7):
        assert send_due_reminders(now=starts[-1] - DAY) == 2 * count


def test_the_beat_task_writes_what_is_due_now_and_the_e_mails_go_out(
    host, host_person, city_person, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = confirmed(city_person, host, host_person, berlin_at(3, 10))
    start = timezone.now() + DAY - timedelta(seconds=30)
    Meeting.objects.filter(pk=meeting.pk).update(start=start, end=start + timedelta(minutes=30))
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert send_meeting_reminders.delay().get() == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert send_meeting_reminders.delay().get() == 0

    assert sorted(m.to[0] for m in mailoutbox) == sorted([host_person.email, city_person.email])


# --- Written ahead of their moment, held until it ------------------------------------------

AHEAD = timedelta(seconds=150)


def when_due(rows):
    """Their moment has come: deliver them as the task held until then would."""
    pks = list(rows.values_list("pk", flat=True))
    OutboxMessage.objects.filter(pk__in=pks).update(next_attempt_at=timezone.now())
    return deliver_batch(pks)


@override_settings(MEETING_REMINDER_LOOKAHEAD_SECONDS=int(AHEAD.total_seconds()))
def test_a_reminder_is_written_ahead_of_its_moment_and_held_until_it(
    host, host_person, city_person, mailoutbox
):
    meeting = confirmed(city_person, host, host_person, berlin_at(3, 10))
    moment = meeting.start - DAY
    mailoutbox.clear()

    assert send_due_reminders(now=moment - AHEAD - timedelta(seconds=1)) == 0
    assert send_due_reminders(now=moment - AHEAD) == 2
    # Its time left is counted from its moment, not from when it was written.
    assert message_to(city_person).body.splitlines()[0] == "Your meeting Smart parking starts in 24 hours."
    assert set(ours().values_list("next_attempt_at", flat=True)) == {moment}

    # A delivery before the moment sends nothing (here the tasks run at once, in-process).
    assert deliver_batch(list(ours().values_list("pk", flat=True))) == 0
    assert set(ours().values_list("status", flat=True)) == {OutboxStatus.QUEUED}

    assert when_due(ours()) == 2
    assert sorted(m.to[0] for m in mailoutbox) == sorted([host_person.email, city_person.email])
    # What goes out is what was rendered when it was written.
    assert str(mailoutbox[0].message()["Subject"]).strip().startswith("Reminder: Smart parking")
    assert send_due_reminders(now=moment) == 0  # written once


@override_settings(MEETING_REMINDER_LOOKAHEAD_SECONDS=int(AHEAD.total_seconds()))
def test_a_reminder_written_ahead_is_withdrawn_if_the_meeting_is_cancelled_before_its_moment(
    host, host_person, city_person, mailoutbox
):
    meeting = confirmed(city_person, host, host_person, berlin_at(3, 10))
    send_due_reminders(now=meeting.start - DAY - AHEAD)
    cancel_meeting(meeting=meeting, actor=city_person, note="Plans changed")
    mailoutbox.clear()

    assert when_due(ours()) == 0
    assert mailoutbox == []
    assert set(ours().values_list("status", flat=True)) == {OutboxStatus.CANCELLED}


@override_settings(MEETING_REMINDER_LOOKAHEAD_SECONDS=int(AHEAD.total_seconds()))
def test_a_reminder_written_ahead_is_withdrawn_if_the_meeting_moves_and_the_new_time_gets_its_own(
    host, host_person, city_person, mailoutbox
):
    old_start, new_start = berlin_at(3, 10), berlin_at(4, 14)
    meeting = confirmed(city_person, host, host_person, old_start)
    send_due_reminders(now=old_start - DAY - AHEAD)
    propose_new_time(meeting=meeting, actor=host_person, start=new_start)
    accept_meeting(meeting=Meeting.objects.get(pk=meeting.pk), actor=city_person)
    old_time = old_start.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    mailoutbox.clear()

    assert when_due(ours().filter(key__contains=old_time)) == 0
    assert set(ours().filter(key__contains=old_time).values_list("status", flat=True)) == {
        OutboxStatus.CANCELLED
    }
    assert send_due_reminders(now=new_start - DAY - AHEAD) == 2
    assert when_due(ours().exclude(key__contains=old_time)) == 2
    assert len(mailoutbox) == 2


@override_settings(MEETING_REMINDER_LOOKAHEAD_SECONDS=int(AHEAD.total_seconds()))
def test_a_reminder_written_ahead_is_withdrawn_if_its_reader_turns_reminders_off_or_leaves(
    host, host_person, city_person, mailoutbox
):
    meeting = confirmed(city_person, host, host_person, berlin_at(3, 10))
    send_due_reminders(now=meeting.start - DAY - AHEAD)
    EmailPreference.objects.create(person=city_person, topic="meeting.reminder", by_email=False)
    User.objects.filter(pk=host_person.pk).update(is_active=False)
    mailoutbox.clear()

    assert when_due(ours()) == 0
    assert mailoutbox == []
    assert set(ours().values_list("status", flat=True)) == {OutboxStatus.CANCELLED}
