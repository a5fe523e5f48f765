"""A write that PostgreSQL committed is answered as done, even when the connection is lost right
after the commit (scheduling/api/meetings.py reads its answer before the commit; the notification
count after it is best effort, notifications/services.py)."""

from typing import Any

import pytest
from django.db import OperationalError, connection
from django.test import Client
from rest_framework.test import APIClient

from scheduling.enums import MeetingStatus
from scheduling.models import Meeting
from tests.factories.accounts import CorporationFactory, OrganisationFactory
from tests.scheduling.conftest import berlin_at, open_every_day, person_of
from tests.scheduling.factories import OrganisationParticipantFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


class ConnectionLostAfterCommit:
    """An execute wrapper: once `table` was written, every query outside a transaction (that is,
    after the commit) fails as on a connection PostgreSQL has cut."""

    def __init__(self, table: str) -> None:
        self.written_to = f'"{table}"'
        self.committed_write_seen = False
        self.refused: list[str] = []

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
        if self.committed_write_seen and not context["connection"].in_atomic_block:
            self.refused.append(sql)
            raise OperationalError("server closed the connection unexpectedly")
        if sql.startswith(("INSERT INTO " + self.written_to, "UPDATE " + self.written_to)):
            self.committed_write_seen = True
        return execute(sql, params, many, context)


@pytest.fixture
def host():
    host = open_every_day(OrganisationParticipantFactory.create(organisation=CorporationFactory.create()))
    person_of(host.organisation)  # someone to notify: the count after the commit is read too
    return host


def test_a_booking_committed_before_the_connection_is_lost_is_answered_201(host):
    client = APIClient()
    client.force_authenticate(person_of(OrganisationFactory.create()))
    payload = {
        "invitee": host.key,
        "subject": "Smart parking",
        "length": 30,
        "start": berlin_at(3, 10).isoformat(),
    }
    lost = ConnectionLostAfterCommit("scheduling_meeting")

    with connection.execute_wrapper(lost):
        response = client.post("/api/v1/meetings/", payload, format="json")

    assert lost.refused  # the connection was lost after the commit, and something still asked it
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], [entry["action"] for entry in body["history"]]) == (
        MeetingStatus.REQUESTED,
        ["requested"],
    )
    assert Meeting.objects.filter(pk=body["id"], status=MeetingStatus.REQUESTED).exists()


def test_an_acceptance_committed_before_the_connection_is_lost_is_answered_200(host):
    asker = person_of(OrganisationFactory.create())
    asker_client = APIClient()
    asker_client.force_authenticate(asker)
    proposed = berlin_at(3, 10)
    payload = {
        "invitee": host.key,
        "subject": "Smart parking",
        "length": 30,
        "proposals": [proposed.isoformat()],
    }
    meeting_id = asker_client.post("/api/v1/meetings/", payload, format="json").json()["id"]
    host_client = APIClient()
    host_client.force_authenticate(person_of(host.organisation))
    lost = ConnectionLostAfterCommit("scheduling_meeting")

    with connection.execute_wrapper(lost):
        response = host_client.post(
            f"/api/v1/meetings/{meeting_id}/accept/", {"proposal_start": proposed.isoformat()}, format="json"
        )

    assert lost.refused
    assert (response.status_code, response.json()["status"]) == (200, MeetingStatus.CONFIRMED)
    assert Meeting.objects.get(pk=meeting_id).status == MeetingStatus.CONFIRMED


def test_a_booking_from_the_page_committed_before_the_connection_is_lost_is_redirected(host):
    client = Client()
    client.force_login(person_of(OrganisationFactory.create()))
    start = berlin_at(3, 10)
    form = {"start": start.isoformat(), "length": 30, "subject": "Flood sensors", "message": ""}
    lost = ConnectionLostAfterCommit("scheduling_meeting")

    with connection.execute_wrapper(lost):
        response = client.post(f"/book/{host.key}/", form)

    assert lost.refused
    assert (response.status_code, response["Location"]) == (302, "/my/meetings/")
    assert Meeting.objects.filter(start=start, subject="Flood sensors").exists()
