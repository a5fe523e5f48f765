"""Issue 18, acceptance 2: what we send is in its reader's language, whoever caused it. A Korean city
officer books a Spanish provider: the provider's request e-mail is in Spanish, the officer's
confirmation, its `.ics`, the reminders and the calendar feed are in Korean; the notifications in
each one's centre too. Someone who chose no language gets English (the site's default)."""

from datetime import UTC, datetime

import pytest
from django.core import mail
from django.utils import translation
from icalendar import Calendar

from common.languages import in_language_of, language_of
from common.realtime import wait_for_background
from notifications.models import Notification
from outbox.models import OutboxMessage
from scheduling.services.meetings import accept_meeting, request_meeting
from scheduling.services.reminders import send_due_reminders
from tests.scheduling.conftest import BERLIN

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

START = datetime(2027, 10, 31, 10, tzinfo=BERLIN)  # a Sunday


@pytest.fixture
def korean_officer(city_person):
    city_person.language = "ko"
    city_person.save(update_fields=["language"])
    return city_person


@pytest.fixture
def spanish_provider(host_person):
    host_person.language = "es"
    host_person.save(update_fields=["language"])
    return host_person


def booked(officer, host, *, accepted_by=None):
    meeting = request_meeting(actor=officer, invitee=host, subject="Smart parking", length=30, start=START)
    return accept_meeting(meeting=meeting, actor=accepted_by) if accepted_by else meeting


def sent_to(person):
    return [message for message in mail.outbox if message.to == [person.email]]


def calendar_in(message):
    [(_, content, _)] = message.attachments
    [event] = Calendar.from_ical(content).walk("VEVENT")
    return event


def test_the_spanish_provider_hears_of_the_korean_officers_request_in_spanish(
    host, korean_officer, spanish_provider, django_capture_on_commit_callbacks
):
    with translation.override("ko"), django_capture_on_commit_callbacks(execute=True):  # the officer's page
        booked(korean_officer, host)
    assert wait_for_background() is True

    [request_mail] = sent_to(spanish_provider)
    assert request_mail.subject == "Solicitud de reunión: Smart parking"
    assert "Verla y responder: http" in request_mail.body
    [notification] = Notification.objects.filter(recipient=spanish_provider)
    assert notification.title == "Solicitud de reunión: Smart parking"


def test_the_korean_officers_confirmation_and_its_ics_are_in_korean(
    host, korean_officer, spanish_provider, django_capture_on_commit_callbacks
):
    meeting = booked(korean_officer, host)
    with translation.override("es"), django_capture_on_commit_callbacks(execute=True):  # the provider's page
        accept_meeting(meeting=meeting, actor=spanish_provider)
    assert wait_for_background() is True

    [confirmation] = sent_to(korean_officer)
    assert confirmation.subject == "확정됨: Smart parking"
    assert "일시: 2027년 10월 31일 일요일 18:00 ~ 18:30 (Asia/Seoul)" in confirmation.body.splitlines()
    summary = str(calendar_in(confirmation)["summary"])
    assert summary.startswith("Smart parking (")
    assert summary.endswith("간 미팅)")
    [notification] = Notification.objects.filter(recipient=korean_officer)
    assert notification.title == "확정됨: Smart parking"


def test_the_reminders_are_in_each_readers_language(host, korean_officer, spanish_provider):
    booked(korean_officer, host, accepted_by=spanish_provider)

    assert send_due_reminders(now=datetime(2027, 10, 30, 9, tzinfo=UTC)) == 2

    written = OutboxMessage.objects.filter(key__contains=":reminder:")
    reminders = {message.to[0]: message for message in written}
    korean, spanish = reminders[korean_officer.email], reminders[spanish_provider.email]
    assert korean.subject == "알림: Smart parking, 2027년 10월 31일 일요일 18:00 ~ 18:30 (Asia/Seoul)"
    assert korean.body.splitlines()[0] == "미팅 Smart parking이(가) 24시간 후에 시작됩니다."
    assert spanish.subject == (
        "Recordatorio: Smart parking, domingo, 31 de octubre de 2027, 10:00\N{EN DASH}10:30 (Europe/Berlin)"
    )
    assert spanish.body.splitlines()[0] == "Su reunión Smart parking comienza dentro de 24 horas."


def test_the_calendar_feed_is_in_its_owners_language(api_client, host, korean_officer, spanish_provider):
    booked(korean_officer, host, accepted_by=spanish_provider)
    api_client.force_authenticate(user=korean_officer)
    url = api_client.post("/api/v1/calendar/feed/").json()["url"]

    feed = type(api_client)().get(url, HTTP_ACCEPT_LANGUAGE="en")  # a calendar app, asking in English

    [event] = Calendar.from_ical(feed.content).walk("VEVENT")
    assert str(event["summary"]).endswith("간 미팅)")


def test_the_ics_download_is_in_the_downloaders_language(api_client, host, korean_officer, spanish_provider):
    meeting = booked(korean_officer, host, accepted_by=spanish_provider)
    api_client.force_authenticate(user=spanish_provider)

    response = api_client.get(f"/api/v1/meetings/{meeting.pk}/calendar.ics")

    [event] = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["summary"]).startswith("Smart parking (reunión de ")


def test_someone_without_a_language_is_written_to_in_english(host, city_person, host_person):
    assert language_of(host_person) == "en"
    with translation.override("ko"):  # the Korean officer's page books; the provider chose nothing
        booked(city_person, host)
    [notification] = Notification.objects.filter(recipient=host_person)
    assert notification.title == "Meeting request: Smart parking"


@pytest.mark.unit
def test_a_builder_runs_in_the_language_of_the_person_it_names():
    class Reader:
        language = "es"

    @in_language_of("letter.reader")
    def build(letter):
        return translation.get_language()

    class Letter:
        reader = Reader()

    assert build(Letter()) == "es"
    assert build(letter=None) == "en"
