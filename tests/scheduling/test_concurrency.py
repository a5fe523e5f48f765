"""Twenty people try to book the same slot at the same moment, each on its own database connection
(through the service, through Django's test client, and over real HTTP against daphne): exactly one
wins, everyone else gets a 409 with the free slots, and the database holds one meeting. The calendar
locks also keep a buffer that the exclusion constraint cannot see, let bookings of other hours run
in parallel, and a writer that skips them still loses to the constraint."""

import json
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client

from accounts.services.tokens import create_api_token
from common.exceptions import ConflictError
from scheduling.models import Meeting, MeetingAttendance
from scheduling.services.meetings import request_meeting
from tests.factories.accounts import OrganisationFactory
from tests.scheduling.conftest import berlin_at, open_every_day, person_of
from tests.scheduling.factories import OrganisationParticipantFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

CONTENDERS = 20


def run_together(count, work):
    """Run `work(i)` in `count` threads released at the same instant; each closes its connection."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def run(index):
        try:
            barrier.wait(timeout=30)
            results[index] = work(index)
        except Exception as exc:
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_twenty_concurrent_bookings_of_one_slot_through_the_service():
    host = open_every_day(OrganisationParticipantFactory.create())
    people = [person_of(OrganisationFactory.create()) for _ in range(CONTENDERS)]
    start = berlin_at(3, 10)

    results = run_together(
        CONTENDERS,
        lambda i: request_meeting(
            actor=people[i], invitee=host, subject="Smart lighting", length=30, start=start
        ),
    )

    outcomes = Counter(type(result).__name__ for result in results)
    assert outcomes == Counter({"Meeting": 1, "ConflictError": CONTENDERS - 1})
    conflict = next(r for r in results if isinstance(r, ConflictError))
    assert start not in {datetime.fromisoformat(slot["start"]) for slot in conflict.extra["free_slots"]}
    assert Meeting.objects.count() == 1
    assert MeetingAttendance.objects.filter(participant=host, active=True).count() == 1


def test_twenty_concurrent_http_bookings_of_one_slot():
    host = open_every_day(OrganisationParticipantFactory.create())
    start = berlin_at(3, 10)
    clients = []
    for _ in range(CONTENDERS):
        client = Client()
        client.force_login(person_of(OrganisationFactory.create()))
        clients.append(client)
    payload = {"invitee": host.key, "subject": "Smart lighting", "length": 30, "start": start.isoformat()}

    responses = run_together(
        CONTENDERS, lambda i: clients[i].post("/api/v1/meetings/", payload, content_type="application/json")
    )

    assert Counter(response.status_code for response in responses) == Counter({201: 1, 409: CONTENDERS - 1})
    loser = next(response.json() for response in responses if response.status_code == 409)
    assert (loser["type"], loser["detail"]) == (
        "conflict",
        "That time was taken meanwhile. Here are the free slots now.",
    )
    assert start not in {datetime.fromisoformat(slot["start"]) for slot in loser["free_slots"]}
    assert Meeting.objects.count() == 1


def _post_json(url, payload, token):
    request = urllib.request.Request(  # noqa: S310 -- a fixed http:// URL of the local test server
        url,
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Token {token}"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 -- as above
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_twenty_concurrent_bookings_over_real_http_against_daphne(live_server_url):
    host = open_every_day(OrganisationParticipantFactory.create())
    start = berlin_at(3, 10)
    tokens = [
        create_api_token(user=person_of(OrganisationFactory.create()), name="race")[1]
        for _ in range(CONTENDERS)
    ]
    payload = {"invitee": host.key, "subject": "Smart lighting", "length": 30, "start": start.isoformat()}

    results = run_together(
        CONTENDERS, lambda i: _post_json(f"{live_server_url}/api/v1/meetings/", payload, tokens[i])
    )

    assert Counter(code for code, _ in results) == Counter({201: 1, 409: CONTENDERS - 1})
    assert {body["type"] for code, body in results if code == 409} == {"conflict"}
    assert Meeting.objects.count() == 1


def test_twenty_concurrent_bookings_of_neighbouring_slots_keep_the_buffer():
    host = open_every_day(OrganisationParticipantFactory.create(buffer_minutes=15))
    people = [person_of(OrganisationFactory.create()) for _ in range(CONTENDERS)]
    # Back to back, so the exclusion constraint alone would accept both: only the lock keeps 15 minutes.
    starts = [berlin_at(3, 10), berlin_at(3, 10, 30)]

    results = run_together(
        CONTENDERS,
        lambda i: request_meeting(
            actor=people[i], invitee=host, subject="Smart lighting", length=30, start=starts[i % 2]
        ),
    )

    outcomes = Counter(type(result).__name__ for result in results)
    assert outcomes == Counter({"Meeting": 1, "ConflictError": CONTENDERS - 1})
    assert {r.message for r in results if isinstance(r, ConflictError)} == {
        "That time was taken meanwhile. Here are the free slots now."
    }
    assert MeetingAttendance.objects.filter(participant=host, active=True).count() == 1


def _started(work):
    """Run `work()` in a thread of its own (its own connection); return the thread and its outcome."""
    outcome = []

    def run():
        try:
            outcome.append(work())
        except Exception as exc:
            outcome.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def _held_open(work, release):
    """`work()` in a transaction (in a thread of its own) that stays open until `release` is set."""
    ready = threading.Event()

    def hold():
        with transaction.atomic():
            work()
            ready.set()
            release.wait(timeout=60)

    thread, _ = _started(hold)
    assert ready.wait(timeout=30)
    return thread


def _sessions_waiting_on_a_lock():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def test_a_booking_does_not_queue_behind_one_at_another_hour():
    host = open_every_day(OrganisationParticipantFactory.create())
    first, second = person_of(OrganisationFactory.create()), person_of(OrganisationFactory.create())
    release = threading.Event()
    holder = _held_open(
        lambda: request_meeting(
            actor=first, invitee=host, subject="Held open", length=30, start=berlin_at(3, 10)
        ),
        release,
    )

    other, outcome = _started(
        lambda: request_meeting(
            actor=second, invitee=host, subject="Smart lighting", length=30, start=berlin_at(3, 14)
        )
    )
    other.join(timeout=20)
    finished_while_the_first_was_open = not other.is_alive()
    release.set()
    holder.join(timeout=30)
    other.join(timeout=30)

    assert (finished_while_the_first_was_open, type(outcome[0]).__name__) == (True, "Meeting")
    assert Meeting.objects.count() == 2


def test_a_writer_that_takes_no_lock_still_loses_to_the_exclusion_constraint():
    host = open_every_day(OrganisationParticipantFactory.create())
    rogue, city_person = person_of(OrganisationFactory.create()), person_of(OrganisationFactory.create())
    rogue_side = OrganisationParticipantFactory.create(organisation=rogue.organisation)
    start = berlin_at(3, 10)
    release = threading.Event()

    def write_around_the_service():
        meeting = Meeting.objects.create(
            organiser=rogue_side,
            invitee=host,
            requested_by=rogue,
            subject="Rogue",
            start=start,
            end=start + timedelta(minutes=30),
        )
        assert meeting.start is not None
        assert meeting.end is not None
        MeetingAttendance.objects.create(
            meeting=meeting, participant=host, start=meeting.start, end=meeting.end
        )

    holder = _held_open(write_around_the_service, release)
    booking, outcome = _started(
        lambda: request_meeting(
            actor=city_person, invitee=host, subject="Smart lighting", length=30, start=start
        )
    )
    # The booking sees no clash (the rogue row is not committed yet) and waits on the constraint.
    deadline = time.monotonic() + 20
    while _sessions_waiting_on_a_lock() == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    waited_on_the_constraint = _sessions_waiting_on_a_lock() == 1
    release.set()
    holder.join(timeout=30)
    booking.join(timeout=30)

    [conflict] = outcome
    assert (waited_on_the_constraint, type(conflict).__name__, conflict.message) == (
        True,
        "ConflictError",
        "That time was taken meanwhile. Here are the free slots now.",
    )
    assert start not in {datetime.fromisoformat(slot["start"]) for slot in conflict.extra["free_slots"]}
    assert list(Meeting.objects.values_list("subject", flat=True)) == ["Rogue"]
