"""Factories of the scheduling models (kept beside their tests: tests/factories/ belongs to other apps)."""

from datetime import time

import factory
from factory.django import DjangoModelFactory

from scheduling.models import AvailabilityException, AvailabilityRule, Participant
from tests.factories.accounts import CorporationFactory, UserFactory


class OrganisationParticipantFactory(DjangoModelFactory[Participant]):
    class Meta:
        model = Participant

    # One of the two is a SubFactory, the other None (a participant is an organisation or a person).
    organisation: factory.SubFactory | None = factory.SubFactory(CorporationFactory)
    user: factory.SubFactory | None = None
    time_zone = "Europe/Berlin"
    meeting_lengths = factory.LazyFunction(lambda: [30, 45])
    buffer_minutes = 0


class PersonParticipantFactory(OrganisationParticipantFactory):
    organisation = None
    user = factory.SubFactory(UserFactory)


class AvailabilityRuleFactory(DjangoModelFactory[AvailabilityRule]):
    class Meta:
        model = AvailabilityRule

    participant = factory.SubFactory(OrganisationParticipantFactory)
    weekday = 0
    start_time = time(9)
    end_time = time(17)
    time_zone = factory.LazyAttribute(lambda rule: rule.participant.time_zone)


class AvailabilityExceptionFactory(DjangoModelFactory[AvailabilityException]):
    class Meta:
        model = AvailabilityException

    participant = factory.SubFactory(OrganisationParticipantFactory)
    start_date = factory.Faker("future_date")
    end_date = factory.LazyAttribute(lambda exception: exception.start_date)
    time_zone = factory.LazyAttribute(lambda exception: exception.participant.time_zone)
    reason = "Holiday"
