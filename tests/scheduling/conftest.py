"""Shared arrangements: a provider open every day 08:00-18:00 in Berlin, and people who book it."""

import os
import socket
import subprocess
import sys
import time as clock
import zoneinfo
from datetime import datetime, time, timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from accounts.enums import OrganisationRole
from tests.factories.accounts import OrganisationFactory, UserFactory
from tests.scheduling.factories import AvailabilityRuleFactory, OrganisationParticipantFactory

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


def person_of(organisation, **kwargs):
    return UserFactory(organisation=organisation, organisation_role=OrganisationRole.MEMBER, **kwargs)


def open_every_day(participant, start=time(8), end=time(18)):
    for weekday in range(7):
        AvailabilityRuleFactory(participant=participant, weekday=weekday, start_time=start, end_time=end)
    return participant


def berlin_at(days_ahead: int, hour: int, minute: int = 0) -> datetime:
    """A wall-clock time in Berlin, `days_ahead` days from today (always in the future for days >= 2)."""
    day = timezone.now().astimezone(BERLIN).date() + timedelta(days=days_ahead)
    return datetime.combine(day, time(hour, minute), tzinfo=BERLIN)


@pytest.fixture
def host(db):
    """A solution provider taking 30- or 45-minute meetings, 08:00-18:00 Berlin every day."""
    return open_every_day(OrganisationParticipantFactory())


@pytest.fixture
def host_person(host):
    """Someone who answers for the provider."""
    return person_of(host.organisation, time_zone="Europe/Berlin")


@pytest.fixture
def city_person(db):
    """Someone of a city, in Seoul, who asks for meetings."""
    return person_of(OrganisationFactory(), time_zone="Asia/Seoul")


@pytest.fixture
def outsider(db):
    return person_of(OrganisationFactory())


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_port(port: int, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = clock.monotonic() + timeout
    while clock.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"daphne exited early with code {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            clock.sleep(0.1)
    raise RuntimeError(f"daphne did not listen on port {port} within {timeout}s")


@pytest.fixture(scope="session")
def live_server_url(django_db_setup, django_db_blocker):
    """daphne serving the ASGI app on the test database (as tests/e2e/conftest.py does)."""
    db = connection.settings_dict
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("The live-server test runs against PostgreSQL.")
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": "postgres://{}@{}:{}/{}".format(
            db["USER"], db["HOST"] or "127.0.0.1", db["PORT"] or 5432, db["NAME"]
        ),
    }
    process = subprocess.Popen(  # noqa: S603 -- fixed argument list, no shell
        [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "config.asgi:application"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=settings.BASE_DIR,
    )
    try:
        _wait_for_port(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
