"""Live events through the real Redis channel layer: meeting events reach both parties and nobody
else; a slot taken reaches everyone viewing that participant's booking page and nobody else; and a
booking still succeeds when the channel layer is down."""

from datetime import UTC
from typing import Any

import pytest
import pytest_asyncio
from asgiref.sync import sync_to_async
from channels.auth import AuthMiddlewareStack
from channels.security.websocket import AllowedHostsOriginValidator
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.db import connections
from django.test import Client, override_settings

from common.realtime import wait_for_background
from common.routing import websocket_router
from config.routing import websocket_urlpatterns
from scheduling.enums import MeetingStatus
from scheduling.models import Meeting
from scheduling.routing import websocket_urlpatterns as scheduling_urlpatterns
from scheduling.services.meetings import accept_meeting, cancel_meeting, meeting_payload, request_meeting
from tests.factories.accounts import OrganisationFactory
from tests.scheduling.conftest import berlin_at, open_every_day, person_of
from tests.scheduling.factories import OrganisationParticipantFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

ORIGIN = (b"origin", b"http://127.0.0.1")
# The project's WebSocket stack (config/asgi.py) with scheduling's route, whether or not
# config/routing.py lists it yet.
APPLICATION = AllowedHostsOriginValidator(
    AuthMiddlewareStack(websocket_router([*websocket_urlpatterns, *scheduling_urlpatterns]))
)


@pytest_asyncio.fixture(autouse=True)
async def _close_worker_connections():
    yield
    # sync_to_async runs ORM calls on a worker thread whose connection would outlive the test.
    await sync_to_async(connections.close_all)()


def _session_cookie_for(user) -> bytes:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}".encode()


async def _connect(path, user=None):
    headers = [ORIGIN]
    if user is not None:
        headers.append((b"cookie", await sync_to_async(_session_cookie_for)(user)))
    communicator = WebsocketCommunicator(APPLICATION, path, headers=headers)
    connected, code = await communicator.connect()
    return communicator, connected, code


def _arrange():
    host = open_every_day(OrganisationParticipantFactory.create())
    host_person = person_of(host.organisation)
    city_person = person_of(OrganisationFactory.create())
    outsider = person_of(OrganisationFactory.create())
    return host, host_person, city_person, outsider


def _request(actor, host, hour=10):
    return request_meeting(
        actor=actor, invitee=host, subject="Smart parking", length=30, start=berlin_at(3, hour)
    )


@pytest.mark.asyncio
async def test_confirmation_reaches_both_parties_and_nobody_else():
    host, host_person, city_person, outsider = await sync_to_async(_arrange)()
    meeting = await sync_to_async(_request)(city_person, host)
    sockets = {}
    for name, person in (("city", city_person), ("host", host_person), ("outsider", outsider)):
        sockets[name], connected, _ = await _connect("/ws/notifications/", person)
        assert connected is True

    confirmed = await sync_to_async(accept_meeting)(meeting=meeting, actor=host_person)

    expected: dict[str, Any] = {"type": "meeting.confirmed", "payload": meeting_payload(confirmed)}
    assert expected["payload"]["status"] == MeetingStatus.CONFIRMED
    assert await sockets["city"].receive_json_from(timeout=5) == expected
    assert await sockets["host"].receive_json_from(timeout=5) == expected
    assert await sockets["outsider"].receive_nothing(timeout=0.5)
    for communicator in sockets.values():
        await communicator.disconnect()


@pytest.mark.asyncio
async def test_request_and_cancel_reach_both_parties():
    host, host_person, city_person, _ = await sync_to_async(_arrange)()
    city_ws, _, _ = await _connect("/ws/notifications/", city_person)
    host_ws, _, _ = await _connect("/ws/notifications/", host_person)

    meeting = await sync_to_async(_request)(city_person, host)
    await sync_to_async(cancel_meeting)(meeting=meeting, actor=city_person)

    # The host's person, who did not act, also gets each change in the notification centre.
    expected = {
        city_ws: ["meeting.requested", "meeting.cancelled"],
        host_ws: ["meeting.requested", "notification.created", "meeting.cancelled", "notification.created"],
    }
    for communicator, types in expected.items():
        received = [(await communicator.receive_json_from(timeout=5))["type"] for _ in types]
        assert received == types
        assert await communicator.receive_nothing(timeout=0.2)
        await communicator.disconnect()


@pytest.mark.asyncio
async def test_taken_slot_reaches_the_viewers_of_that_participant_only():
    host, _, city_person, outsider = await sync_to_async(_arrange)()
    other_host = await sync_to_async(lambda: open_every_day(OrganisationParticipantFactory.create()))()
    viewer, viewer_ok, _ = await _connect(f"/ws/availability/{host.key}/", outsider)
    elsewhere, elsewhere_ok, _ = await _connect(f"/ws/availability/{other_host.key}/", outsider)
    assert (viewer_ok, elsewhere_ok) == (True, True)

    meeting = await sync_to_async(_request)(city_person, host)

    taken = await viewer.receive_json_from(timeout=5)
    sent_at = taken["payload"].pop("sent_at", None)  # when the commit was announced, for latency
    assert taken == {
        "type": "slots.taken",
        "payload": {
            "participant": host.key,
            "start": meeting.start.astimezone(UTC).isoformat(),
            "end": meeting.end.astimezone(UTC).isoformat(),
            "buffer_minutes": 0,
        },
    }
    assert sent_at is None or isinstance(sent_at, float)
    assert await elsewhere.receive_nothing(timeout=0.5)

    await sync_to_async(cancel_meeting)(meeting=meeting, actor=city_person)

    released = await viewer.receive_json_from(timeout=5)
    assert (released["type"], released["payload"]["start"]) == (
        "slots.released",
        meeting.start.astimezone(UTC).isoformat(),
    )
    await viewer.disconnect()
    await elsewhere.disconnect()


@pytest.mark.asyncio
async def test_availability_socket_needs_a_login_and_a_real_participant():
    host, host_person, _, _ = await sync_to_async(_arrange)()

    _, anonymous_ok, anonymous_code = await _connect(f"/ws/availability/{host.key}/")
    _, unknown_ok, unknown_code = await _connect("/ws/availability/org-999999/", host_person)

    assert (anonymous_ok, anonymous_code) == (False, 4401)
    assert (unknown_ok, unknown_code) == (False, 4404)


def test_booking_succeeds_when_the_channel_layer_is_down(caplog):
    host, host_person, city_person, _ = _arrange()
    unreachable = {
        "default": {
            "BACKEND": settings.CHANNEL_LAYERS["default"]["BACKEND"],
            "CONFIG": {"hosts": [{"address": "redis://127.0.0.1:1/0", "socket_connect_timeout": 2}]},
        }
    }

    with override_settings(CHANNEL_LAYERS=unreachable):
        meeting = _request(city_person, host)
        accept_meeting(meeting=meeting, actor=host_person)
        sent = wait_for_background()

    assert (sent, Meeting.objects.get().status) == (True, MeetingStatus.CONFIRMED)
    assert "the change itself is saved" in caplog.text


@pytest.mark.asyncio
async def test_each_viewer_hears_every_taken_slot_in_commit_order():
    host, _, _, outsider = await sync_to_async(_arrange)()
    people = await sync_to_async(lambda: [person_of(OrganisationFactory.create()) for _ in range(6)])()
    viewers = [(await _connect(f"/ws/availability/{host.key}/", outsider))[0] for _ in range(3)]

    for hour, person in enumerate(people, start=9):
        await sync_to_async(_request)(person, host, hour)

    expected = [berlin_at(3, hour).astimezone(UTC).isoformat() for hour in range(9, 15)]
    for viewer in viewers:
        heard = [(await viewer.receive_json_from(timeout=5))["payload"]["start"] for _ in range(6)]
        assert heard == expected
        assert await viewer.receive_nothing(timeout=0.2)
        await viewer.disconnect()
