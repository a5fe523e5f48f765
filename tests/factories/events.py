"""Factories of matchmaking events. Slots come from sessions through the service that materialises
them (`events.services.setup.materialise_slots`), as in the app; `event_with_sessions` does that."""

from datetime import date, time, timedelta
from typing import Any

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts.models import Organisation
from events.enums import EventPhase, RequestStatus
from events.models import (
    Event,
    EventMeeting,
    EventMeetingRequest,
    EventRegistration,
    EventRepresentative,
    EventSession,
)
from events.services.setup import materialise_slots
from tests.factories.accounts import CorporationFactory, OrganisationFactory, UserFactory


def days_ahead(days: int) -> date:
    return timezone.now().date() + timedelta(days=days)


class EventFactory(DjangoModelFactory[Event]):
    class Meta:
        model = Event

    name = factory.Sequence(lambda n: f"Smart Cities Meet {n}")
    slug = factory.Sequence(lambda n: f"smart-cities-meet-{n}")
    description = "One-to-one meetings between cities and solution providers."
    venue = "Congress Centre, Hall B"
    time_zone = "Europe/Berlin"
    phase = EventPhase.REQUESTS_OPEN
    meeting_minutes = 30
    tables = 2


class EventSessionFactory(DjangoModelFactory[EventSession]):
    class Meta:
        model = EventSession

    event = factory.SubFactory(EventFactory)
    day = factory.LazyFunction(lambda: days_ahead(10))
    name = "Morning"
    start_time = time(9)
    slot_count = 4


def event_with_sessions(
    *sessions: tuple[str, time, int], day: date | None = None, **event_fields: Any
) -> Event:
    """An event with sessions (name, start, slots) on one day (default: ten days ahead), slots made."""
    event = EventFactory.create(**event_fields)
    for name, start, count in sessions or (("Morning", time(9), 4),):
        EventSessionFactory.create(
            event=event, day=day or days_ahead(10), name=name, start_time=start, slot_count=count
        )
    materialise_slots(event)
    return event


class EventRegistrationFactory(DjangoModelFactory[EventRegistration]):
    class Meta:
        model = EventRegistration

    event = factory.SubFactory(EventFactory)
    organisation = factory.SubFactory(OrganisationFactory)


class ProviderRegistrationFactory(EventRegistrationFactory):
    organisation = factory.SubFactory(CorporationFactory)


class EventRepresentativeFactory(DjangoModelFactory[EventRepresentative]):
    class Meta:
        model = EventRepresentative
        skip_postgeneration_save = True

    registration = factory.SubFactory(EventRegistrationFactory)
    user = factory.LazyAttribute(lambda rep: UserFactory.create(organisation=rep.registration.organisation))


def registered(
    event: Event, organisation: Organisation | None = None, **user_fields: Any
) -> tuple[EventRegistration, EventRepresentative]:
    """`organisation` (default: a new city) registered at `event` with one representative."""
    registration = EventRegistrationFactory.create(
        event=event, organisation=organisation or OrganisationFactory.create()
    )
    person = UserFactory.create(organisation=registration.organisation, **user_fields)
    return registration, EventRepresentativeFactory.create(registration=registration, user=person)


class EventMeetingRequestFactory(DjangoModelFactory[EventMeetingRequest]):
    class Meta:
        model = EventMeetingRequest

    event = factory.SubFactory(EventFactory)
    requester = factory.SubFactory(EventRegistrationFactory, event=factory.SelfAttribute("..event"))
    receiver = factory.SubFactory(ProviderRegistrationFactory, event=factory.SelfAttribute("..event"))
    requested_by = factory.LazyAttribute(lambda r: UserFactory.create(organisation=r.requester.organisation))
    message = "We would like to hear about your flood sensors."
    status = RequestStatus.PENDING


def accepted_meeting(
    event: Event, requester: EventRegistration, receiver: EventRegistration, **fields: Any
) -> EventMeeting:
    """An accepted request between two registrations and its (unplaced) event meeting."""
    request = EventMeetingRequestFactory.create(
        event=event,
        requester=requester,
        receiver=receiver,
        status=RequestStatus.ACCEPTED,
        answered_by=UserFactory.create(organisation=receiver.organisation),
        answered_at=timezone.now(),
        **fields,
    )
    return EventMeeting.objects.create(event=event, request=request, requester=requester, receiver=receiver)
