"""expire_unanswered_requests: requests nobody answers within MEETING_REQUEST_EXPIRY_DAYS, or whose
times have all passed, expire; their time is freed and both sides are told. The clock is moved by
passing `now`."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from common.realtime import wait_for_background
from notifications.models import Notification
from scheduling.enums import MeetingAction, MeetingStatus
from scheduling.models import Meeting, MeetingAttendance, MeetingEvent
from scheduling.services.expiry import expire_unanswered_requests
from scheduling.services.meetings import accept_meeting, propose_new_times, request_meeting
from tests.scheduling.conftest import berlin_at

pytestmark = [pytest.mark.integration, pytest.mark.portable, pytest.mark.django_db]


def book(actor, host, start):
    return request_meeting(actor=actor, invitee=host, subject="Smart parking", length=30, start=start)


def in_days(days: float):
    return timezone.now() + timedelta(days=days)


def status_of(meeting):
    meeting.refresh_from_db()
    return meeting.status


def test_a_request_unanswered_for_fourteen_days_expires_and_frees_its_time(host, city_person):
    meeting = book(city_person, host, berlin_at(20, 10))

    expired = expire_unanswered_requests(now=in_days(15))

    assert [m.pk for m in expired] == [meeting.pk]
    meeting.refresh_from_db()
    assert (meeting.status, meeting.awaiting_side, meeting.sequence) == (MeetingStatus.EXPIRED, "", 1)
    assert MeetingAttendance.objects.filter(meeting=meeting, active=True).count() == 0
    event = MeetingEvent.objects.filter(meeting=meeting).last()
    assert event is not None
    assert (event.action, event.actor, event.status, event.note) == (
        MeetingAction.EXPIRED,
        None,
        MeetingStatus.EXPIRED,
        "Nobody answered it within 14 days, so nothing is booked and any time held for it is free again.",
    )


def test_a_request_answered_in_time_or_younger_than_the_limit_stays(host, host_person, city_person):
    waiting = book(city_person, host, berlin_at(20, 10))
    confirmed = accept_meeting(meeting=book(city_person, host, berlin_at(20, 12)), actor=host_person)

    assert expire_unanswered_requests(now=in_days(13)) == []
    assert expire_unanswered_requests(now=in_days(15)) != []
    assert (status_of(waiting), status_of(confirmed)) == (MeetingStatus.EXPIRED, MeetingStatus.CONFIRMED)


@override_settings(MEETING_REQUEST_EXPIRY_DAYS=3)
def test_the_limit_is_a_setting(host, city_person):
    meeting = book(city_person, host, berlin_at(20, 10))

    assert expire_unanswered_requests(now=in_days(2)) == []
    assert [m.pk for m in expire_unanswered_requests(now=in_days(4))] == [meeting.pk]


def test_a_request_whose_held_time_has_passed_expires_at_once(host, city_person):
    meeting = book(city_person, host, berlin_at(2, 10))

    expire_unanswered_requests(now=berlin_at(2, 10) + timedelta(minutes=1))

    assert status_of(meeting) == MeetingStatus.EXPIRED
    assert MeetingEvent.objects.filter(meeting=meeting).last().note == (  # type: ignore[union-attr]
        "Its time came without an answer, so nothing is booked."
    )


def test_a_request_expires_once_every_proposed_time_has_passed(host, city_person):
    meeting = request_meeting(
        actor=city_person,
        invitee=host,
        subject="Intro",
        length=30,
        proposals=[berlin_at(2, 9), berlin_at(3, 9)],
    )

    assert expire_unanswered_requests(now=berlin_at(2, 10)) == []  # one time is still ahead
    expire_unanswered_requests(now=berlin_at(3, 10))

    assert status_of(meeting) == MeetingStatus.EXPIRED
    assert MeetingEvent.objects.filter(meeting=meeting).last().note == (  # type: ignore[union-attr]
        "Every proposed time passed without an answer, so nothing is booked."
    )


def test_new_times_nobody_chose_expire_too(host, host_person, city_person):
    meeting = accept_meeting(meeting=book(city_person, host, berlin_at(3, 10)), actor=host_person)
    propose_new_times(meeting=meeting, actor=host_person, starts=[berlin_at(4, 9), berlin_at(4, 10)])

    expire_unanswered_requests(now=berlin_at(4, 11))

    assert status_of(meeting) == MeetingStatus.EXPIRED


def test_running_it_again_expires_nothing_more(host, city_person):
    book(city_person, host, berlin_at(20, 10))
    expire_unanswered_requests(now=in_days(15))

    assert expire_unanswered_requests(now=in_days(16)) == []
    assert MeetingEvent.objects.filter(action=MeetingAction.EXPIRED).count() == 1


def test_both_sides_are_notified_and_mailed(
    host, host_person, city_person, django_capture_on_commit_callbacks
):
    meeting = book(city_person, host, berlin_at(20, 10))

    with django_capture_on_commit_callbacks(execute=True):
        expire_unanswered_requests(now=in_days(15))
    assert wait_for_background() is True

    notices = Notification.objects.filter(kind="meeting.expired").order_by("recipient_id")
    assert [(n.recipient, n.title, n.link) for n in notices] == [
        (person, "Expired unanswered: Smart parking", f"/my/meetings/{meeting.pk}/")
        for person in sorted([city_person, host_person], key=lambda p: p.pk)
    ]
    assert notices[0].body == (
        "Why: Nobody answered it within 14 days, so nothing is booked and any time held for it is free again."
    )
    by_reader = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_reader) == sorted([city_person.email, host_person.email])
    city_mail = by_reader[city_person.email]
    assert city_mail.subject == "Expired unanswered: Smart parking"
    lines = city_mail.body.splitlines()
    assert lines[1] == "Status: Expired"
    assert (
        "Why: Nobody answered it within 14 days, so nothing is booked and any time held for it is free again."
        in lines
    )
    assert lines[-1] == f"See it: http://127.0.0.1:8000/my/meetings/{meeting.pk}/"
    [(_, _, mimetype)] = city_mail.attachments
    assert mimetype == "text/calendar; method=CANCEL; charset=utf-8"


@pytest.mark.parametrize("count", [1, 3])
def test_expiring_takes_the_same_queries_however_many(host, city_person, django_assert_num_queries, count):
    for day in range(count):
        book(city_person, host, berlin_at(20 + day, 10))
    request_meeting(actor=city_person, invitee=host, subject="x", length=30, proposals=[berlin_at(21, 9)])

    # savepoint, due meetings (locked), their proposals, update, claims, release, Activator shares
    # made on them ended (cities.receivers), history, people, notifications, e-mail preferences,
    # the e-mails (one outbox INSERT), release savepoint
    with django_assert_num_queries(13):
        expired = expire_unanswered_requests(now=in_days(15))

    assert len(expired) == count + 1


def test_the_command_prints_how_many_expired(host, city_person):
    book(city_person, host, berlin_at(2, 10))
    Meeting.objects.update(updated_at=in_days(-15))
    out = StringIO()

    call_command("expire_meeting_requests", stdout=out)
    call_command("expire_meeting_requests", stdout=out)

    assert out.getvalue().splitlines() == [
        "Expired 1 meeting request(s) (unanswered for 14 days or past).",
        "Expired 0 meeting request(s) (unanswered for 14 days or past).",
    ]
