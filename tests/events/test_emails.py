"""A new event meeting request reaches the receiving organisation: a notification for each of its
people, and after the commit an e-mail to its representatives at the event (those who want it by
e-mail) linking to the page where they answer. The mails are sent on the after-commit worker thread,
so each test waits for it before reading the outbox."""

import pytest
from django.core import mail
from django.db import transaction

from common.realtime import wait_for_background
from events.enums import EventPhase, RequestPriority
from events.services.requests import request_event_meeting
from notifications.models import Notification
from tests.factories.accounts import CorporationFactory, UserFactory
from tests.factories.events import EventRepresentativeFactory, event_with_sessions, registered
from tests.factories.notifications import EmailPreferenceFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def pair(db):
    event = event_with_sessions(phase=EventPhase.REQUESTS_OPEN, name="Smart Water Summit")
    city, city_rep = registered(event)
    city.offer, city.seek = "A river to test on", "Flood warning sensors"
    city.save()
    provider, provider_rep = registered(event, CorporationFactory.create(name="Acme Flood Tech"))
    return event, city, provider, city_rep.user, provider_rep.user


def test_the_receivers_representatives_get_an_email_with_the_page_to_answer(
    pair, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://smc.example.org"
    event, city, provider, city_person, provider_person = pair
    second_rep = EventRepresentativeFactory.create(registration=provider).user
    not_attending = UserFactory.create(organisation=provider.organisation)

    with django_capture_on_commit_callbacks(execute=True):
        request_event_meeting(
            event=event,
            actor=city_person,
            receiver=provider,
            message="Sensors?",
            priority=RequestPriority.HIGH,
        )
    assert wait_for_background() is True

    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [provider_person.email, second_rep.email]
    )
    message = mail.outbox[0]
    assert message.subject == f"Meeting request at Smart Water Summit: {city.organisation}"
    assert f"{city.organisation} asks Acme Flood Tech for a meeting at Smart Water Summit." in message.body
    assert "Priority: High" in message.body
    assert "What they offer: A river to test on" in message.body
    assert "Sensors?" in message.body
    assert f"https://smc.example.org/events/{event.slug}/requests/" in message.body
    # The notification centre tells every person of the organisation, attending or not.
    assert sorted(
        Notification.objects.filter(kind="event.request_received").values_list("recipient_id", flat=True)
    ) == sorted([provider_person.pk, second_rep.pk, not_attending.pk])


def test_no_email_to_who_turned_event_emails_off(pair, django_capture_on_commit_callbacks):
    event, _city, provider, city_person, provider_person = pair
    EmailPreferenceFactory.create(person=provider_person, topic="event", by_email=False)

    with django_capture_on_commit_callbacks(execute=True):
        request_event_meeting(event=event, actor=city_person, receiver=provider)
    assert wait_for_background() is True

    assert mail.outbox == []
    assert Notification.objects.filter(recipient=provider_person).count() == 1


def test_no_email_for_a_request_that_rolled_back(pair, django_capture_on_commit_callbacks):
    event, _city, provider, city_person, _provider_person = pair

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        request_event_meeting(event=event, actor=city_person, receiver=provider)
        transaction.set_rollback(True)
    assert wait_for_background() is True

    assert mail.outbox == []
