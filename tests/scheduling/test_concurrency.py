"""Twenty people try to book the same slot at the same moment, each on its own database connection
(through the service, through Django's test client, and over real HTTP against daphne): exactly one
wins, everyone else gets a 409 with the free slots, and the database holds one meeting."""

import json
import threading
import urllib.error
import urllib.request
from collections import Counter
from datetime import datetime

import pytest
from django.db import connection
from django.test import Client
from rest_framework.authtoken.models import Token

from common.exceptions import ConflictError
from scheduling import services
from scheduling.models import Meeting, MeetingAttendance
from tests.factories.accounts import OrganisationFactory
from tests.scheduling.conftest import berlin_at, open_every_day, person_of
from tests.scheduling.factories import OrganisationParticipantFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

CONTENDERS = 20


def run_together(count, work):
    """Run `work(i)` in `count` threads released at the same instant; each closes its connection."""
    barrier = threading.Barrier(count)
    results = [None] * count

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
    host = open_every_day(OrganisationParticipantFactory())
    people = [person_of(OrganisationFactory()) for _ in range(CONTENDERS)]
    start = berlin_at(3, 10)

    results = run_together(
        CONTENDERS,
        lambda i: services.request_meeting(
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
    host = open_every_day(OrganisationParticipantFactory())
    start = berlin_at(3, 10)
    clients = []
    for _ in range(CONTENDERS):
        client = Client()
        client.force_login(person_of(OrganisationFactory()))
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
    host = open_every_day(OrganisationParticipantFactory())
    start = berlin_at(3, 10)
    tokens = [Token.objects.create(user=person_of(OrganisationFactory())).key for _ in range(CONTENDERS)]
    payload = {"invitee": host.key, "subject": "Smart lighting", "length": 30, "start": start.isoformat()}

    results = run_together(
        CONTENDERS, lambda i: _post_json(f"{live_server_url}/api/v1/meetings/", payload, tokens[i])
    )

    assert Counter(code for code, _ in results) == Counter({201: 1, 409: CONTENDERS - 1})
    assert {body["type"] for code, body in results if code == 409} == {"conflict"}
    assert Meeting.objects.count() == 1
