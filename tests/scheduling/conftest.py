"""Shared arrangements: a provider open every day 08:00-18:00 in Berlin, and people who book it."""

import zoneinfo
from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from accounts.enums import OrganisationRole
from tests.factories.accounts import OrganisationFactory, UserFactory
from tests.live_server import live_daphne
from tests.scheduling.factories import AvailabilityRuleFactory, OrganisationParticipantFactory

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def person_of(organisation, **kwargs):
    return UserFactory.create(organisation=organisation, organisation_role=OrganisationRole.MEMBER, **kwargs)


def open_every_day(participant, start=time(8), end=time(18)):
    for weekday in range(7):
        AvailabilityRuleFactory.create(
            participant=participant, weekday=weekday, start_time=start, end_time=end
        )
    return participant


def berlin_at(days_ahead: int, hour: int, minute: int = 0) -> datetime:
    """A wall-clock time in Berlin, `days_ahead` days from today (always in the future for days >= 2)."""
    day = timezone.now().astimezone(BERLIN).date() + timedelta(days=days_ahead)
    return datetime.combine(day, time(hour, minute), tzinfo=BERLIN)


@pytest.fixture
def host(db):
    """A solution provider taking 30- or 45-minute meetings, 08:00-18:00 Berlin every day."""
    return open_every_day(OrganisationParticipantFactory.create())


@pytest.fixture
def host_person(host):
    """Someone who answers for the provider."""
    return person_of(host.organisation, time_zone="Europe/Berlin")


@pytest.fixture
def city_person(db):
    """Someone of a city, in Seoul, who asks for meetings."""
    return person_of(OrganisationFactory.create(), time_zone="Asia/Seoul")


@pytest.fixture
def outsider(db):
    return person_of(OrganisationFactory.create())


@pytest.fixture(scope="session")
def live_server_url(django_db_setup, django_db_blocker):
    """daphne serving the ASGI app on the test database (tests/live_server.py)."""
    if connection.settings_dict["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("The live-server test runs against PostgreSQL.")
    with live_daphne() as url:
        yield url
