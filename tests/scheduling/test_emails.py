"""E-mails about meetings go to the people of both sides after the commit, with the `.ics` attached,
times in each reader's zone; a mail server failure never undoes the change. They are written to the
outbox with the change and delivered by its task after the commit (eagerly, in tests)."""

import smtplib
import zoneinfo
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.test import override_settings
from icalendar import Calendar

from common.realtime import wait_for_background
from notifications.models import Notification
from outbox.enums import OutboxStatus
from outbox.models import OutboxMessage
from scheduling.emails import meeting_email
from scheduling.enums import MeetingStatus
from scheduling.models import Meeting
from scheduling.services.meetings import (
    accept_meeting,
    cancel_meeting,
    decline_meeting,
    propose_new_time,
    propose_new_times,
    request_meeting,
)
from tests.factories.notifications import EmailPreferenceFactory
from tests.scheduling.conftest import berlin_at

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


class BrokenMailServer(BaseEmailBackend):
    """The external boundary, failing: every send raises as an unreachable SMTP server would."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPConnectError(421, "Service not available")


def book(actor, host):
    return request_meeting(
        actor=actor, invitee=host, subject="Smart parking", length=30, start=berlin_at(3, 10)
    )


def in_zone(start, name):
    local = start.astimezone(zoneinfo.ZoneInfo(name))
    # English as CLDR writes it (common.dates): the times joined by a thin-spaced en dash.
    end = local + timedelta(minutes=30)
    return f"{local:%A, %B} {local.day}, {local:%Y, %H:%M}\N{THIN SPACE}\N{EN DASH}\N{THIN SPACE}{end:%H:%M}"


def attached_calendar(message):
    [(filename, content, mimetype)] = message.attachments
    return filename, mimetype, Calendar.from_ical(content)


def test_confirmation_mails_both_sides_with_the_ics(
    host, host_person, city_person, django_capture_on_commit_callbacks
):
    meeting = book(city_person, host)

    with django_capture_on_commit_callbacks(execute=True):
        accept_meeting(meeting=meeting, actor=host_person, video_link="https://meet.example/q")
    assert wait_for_background() is True

    by_reader = {message.to[0]: message for message in mail.outbox}
    assert sorted(by_reader) == sorted([city_person.email, host_person.email])
    city_mail = by_reader[city_person.email]
    filename, mimetype, calendar = attached_calendar(city_mail)
    [event] = calendar.walk("VEVENT")
    assert city_mail.subject == "Confirmed: Smart parking"
    assert (filename, mimetype) == (
        f"meeting-{meeting.pk}.ics",
        "text/calendar; method=REQUEST; charset=utf-8",
    )
    assert (str(event["uid"]), int(event["sequence"])) == (meeting.ics_uid, 1)
    assert city_mail.body.splitlines()[3] == "Video call: https://meet.example/q"


def test_times_in_the_mail_are_in_the_readers_zone(
    host, host_person, city_person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        book(city_person, host)
    assert wait_for_background() is True

    by_reader = {message.to[0]: message.body.splitlines()[2] for message in mail.outbox}
    assert by_reader == {
        city_person.email: f"When: {in_zone(berlin_at(3, 10), 'Asia/Seoul')} (Asia/Seoul)",
        host_person.email: f"When: {in_zone(berlin_at(3, 10), 'Europe/Berlin')} (Europe/Berlin)",
    }


def test_a_mail_in_korean_writes_the_meeting_date_the_korean_way(host, city_person):
    meeting = book(city_person, host)
    city_person.language = "ko"  # the reader's own language, whatever the sender's page spoke

    body = meeting_email(meeting, "meeting.requested", city_person).body

    local = berlin_at(3, 10).astimezone(zoneinfo.ZoneInfo("Asia/Seoul"))
    weekday = "월화수목금토일"[local.weekday()]
    assert f"{local.year}년 {local.month}월 {local.day}일 {weekday}요일 {local:%H:%M} ~ " in body
    assert "(Asia/Seoul)" in body


def test_cancellation_mail_carries_method_cancel(
    host, host_person, city_person, django_capture_on_commit_callbacks
):
    meeting = accept_meeting(meeting=book(city_person, host), actor=host_person)

    with django_capture_on_commit_callbacks(execute=True):
        cancel_meeting(meeting=meeting, actor=city_person)
    assert wait_for_background() is True

    _, mimetype, calendar = attached_calendar(mail.outbox[0])
    assert (mail.outbox[0].subject, mimetype) == (
        "Cancelled: Smart parking",
        "text/calendar; method=CANCEL; charset=utf-8",
    )
    assert (str(calendar["method"]), int(next(iter(calendar.walk("VEVENT")))["sequence"])) == ("CANCEL", 2)


def test_rolled_back_change_sends_no_mail(host, city_person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        book(city_person, host)
        transaction.set_rollback(True)
    assert wait_for_background() is True

    assert (len(callbacks), mail.outbox) == (0, [])


@override_settings(EMAIL_BACKEND="tests.scheduling.test_emails.BrokenMailServer")
def test_mail_server_failure_keeps_the_booking_and_the_mails_for_another_attempt(
    host, host_person, city_person, django_capture_on_commit_callbacks, caplog
):
    meeting = book(city_person, host)

    with django_capture_on_commit_callbacks(execute=True):
        accept_meeting(meeting=meeting, actor=host_person)

    assert Meeting.objects.get().status == MeetingStatus.CONFIRMED
    rows = OutboxMessage.objects.filter(key__startswith=f"meeting:{meeting.pk}:1:meeting.confirmed:")
    assert (
        sorted((row.status, row.attempts, row.last_error) for row in rows)
        == [(OutboxStatus.QUEUED, 1, "SMTPConnectError: (421, 'Service not available')")] * 2
    )
    assert "Could not send outbox message" in caplog.text


def test_the_change_commits_before_any_mail_is_sent(
    host, host_person, city_person, django_capture_on_commit_callbacks
):
    meeting = book(city_person, host)

    with django_capture_on_commit_callbacks(execute=False) as after_commit:
        confirmed = accept_meeting(meeting=meeting, actor=host_person)
    queued = OutboxMessage.objects.filter(
        status=OutboxStatus.QUEUED, key__contains="meeting.confirmed"
    ).count()
    outbox_before_the_commit = list(mail.outbox)
    for callback in after_commit:
        callback()

    assert (confirmed.status, queued, outbox_before_the_commit) == (MeetingStatus.CONFIRMED, 2, [])
    assert sorted(message.to[0] for message in mail.outbox) == sorted([city_person.email, host_person.email])


@override_settings(SITE_URL="https://smc.example.org")
def test_the_mail_links_to_the_meeting_on_the_site(
    host, host_person, city_person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = book(city_person, host)
    assert wait_for_background() is True

    host_mail = next(message for message in mail.outbox if message.to == [host_person.email])
    assert host_mail.body.splitlines()[-1] == (
        f"See it and answer: https://smc.example.org/my/meetings/{meeting.pk}/"
    )


def test_no_mail_for_a_kind_switched_off(host, host_person, city_person, django_capture_on_commit_callbacks):
    EmailPreferenceFactory.create(person=host_person, topic="meeting.requested")
    EmailPreferenceFactory.create(person=city_person, topic="meeting")

    with django_capture_on_commit_callbacks(execute=True):
        book(city_person, host)
    assert wait_for_background() is True

    assert mail.outbox == []
    # The notification centre still has it for the one who was asked.
    assert [(n.recipient, n.kind) for n in Notification.objects.all()] == [(host_person, "meeting.requested")]


def test_a_new_time_mail_gives_the_old_time_the_new_one_and_the_note(
    host, host_person, city_person, django_capture_on_commit_callbacks
):
    meeting = book(city_person, host)
    accept_meeting(meeting=meeting, actor=host_person)

    with django_capture_on_commit_callbacks(execute=True):
        propose_new_time(
            meeting=meeting, actor=host_person, start=berlin_at(3, 14), note="Afternoon suits us"
        )
    assert wait_for_background() is True

    [city_mail] = [m for m in mail.outbox if m.to == [city_person.email]]
    assert city_mail.subject == "New time proposed: Smart parking"
    lines = city_mail.body.splitlines()
    assert f"Old time: {in_zone(berlin_at(3, 10), 'Asia/Seoul')} (Asia/Seoul)" in lines
    assert f"When: {in_zone(berlin_at(3, 14), 'Asia/Seoul')} (Asia/Seoul)" in lines
    assert "Note: Afternoon suits us" in lines


def test_a_decline_mail_gives_the_reason(host, host_person, city_person, django_capture_on_commit_callbacks):
    meeting = book(city_person, host)

    with django_capture_on_commit_callbacks(execute=True):
        decline_meeting(meeting=meeting, actor=host_person, note="Fully booked this month")
    assert wait_for_background() is True

    [city_mail] = [m for m in mail.outbox if m.to == [city_person.email]]
    assert "Reason: Fully booked this month" in city_mail.body.splitlines()


def test_a_new_times_mail_gives_the_old_time_every_new_time_and_the_note(
    host, host_person, city_person, django_capture_on_commit_callbacks
):
    meeting = book(city_person, host)
    accept_meeting(meeting=meeting, actor=host_person)

    with django_capture_on_commit_callbacks(execute=True):
        propose_new_times(
            meeting=meeting,
            actor=host_person,
            starts=[berlin_at(4, 14), berlin_at(3, 16)],
            note="Our engineer can join then",
        )
    assert wait_for_background() is True

    [city_mail] = [m for m in mail.outbox if m.to == [city_person.email]]
    assert city_mail.subject == "New times proposed: Smart parking"
    assert city_mail.body.splitlines()[1:8] == [
        "Status: Rescheduled (awaiting confirmation)",
        f"Old time: {in_zone(berlin_at(3, 10), 'Asia/Seoul')} (Asia/Seoul)",
        "New times proposed (choose one):",
        f"- {in_zone(berlin_at(3, 16), 'Asia/Seoul')} (Asia/Seoul)",
        f"- {in_zone(berlin_at(4, 14), 'Asia/Seoul')} (Asia/Seoul)",
        "Note: Our engineer can join then",
        "",
    ]
    # The meeting holds no time until one is chosen: calendars drop the entry at the old time.
    _, mimetype, calendar = attached_calendar(city_mail)
    [event] = calendar.walk("VEVENT")
    assert (mimetype, str(calendar["method"]), str(event["status"])) == (
        "text/calendar; method=CANCEL; charset=utf-8",
        "CANCEL",
        "CANCELLED",
    )
    assert (str(event["uid"]), int(event["sequence"]), event.decoded("dtstart")) == (
        meeting.ics_uid,
        2,
        berlin_at(3, 10),
    )
