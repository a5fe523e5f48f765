"""The bell's count through the real Redis channel layer: a meeting request reaches the asked
organisation's person as the meeting event and then the new notification with its unread count;
the asker, who acted, gets the meeting event only; marking read tells the reader's pages."""

import pytest
import pytest_asyncio
from asgiref.sync import sync_to_async
from channels.auth import AuthMiddlewareStack
from channels.security.websocket import AllowedHostsOriginValidator
from channels.testing import WebsocketCommunicator
from django.db import connections
from django.test import Client

from common.routing import websocket_router
from config.routing import websocket_urlpatterns
from notifications.models import Notification
from notifications.services import mark_all_notifications_read
from scheduling.services.meetings import request_meeting
from tests.factories.accounts import OrganisationFactory
from tests.scheduling.conftest import berlin_at, open_every_day, person_of
from tests.scheduling.factories import OrganisationParticipantFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

APPLICATION = AllowedHostsOriginValidator(AuthMiddlewareStack(websocket_router(websocket_urlpatterns)))


@pytest_asyncio.fixture(autouse=True)
async def _close_worker_connections():
    yield
    await sync_to_async(connections.close_all)()


def _session_cookie_for(user) -> bytes:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}".encode()


async def _connect(user):
    cookie = await sync_to_async(_session_cookie_for)(user)
    communicator = WebsocketCommunicator(
        APPLICATION, "/ws/notifications/", headers=[(b"origin", b"http://127.0.0.1"), (b"cookie", cookie)]
    )
    connected, _ = await communicator.connect()
    assert connected is True
    return communicator


def _arrange():
    host = open_every_day(OrganisationParticipantFactory.create())
    return host, person_of(host.organisation), person_of(OrganisationFactory.create())


@pytest.mark.asyncio
async def test_the_unread_count_arrives_after_the_meeting_event():
    host, host_person, city_person = await sync_to_async(_arrange)()
    host_ws, city_ws = await _connect(host_person), await _connect(city_person)

    meeting = await sync_to_async(request_meeting)(
        actor=city_person, invitee=host, subject="Smart parking", length=30, start=berlin_at(3, 10)
    )

    first = await host_ws.receive_json_from(timeout=5)
    second = await host_ws.receive_json_from(timeout=5)
    notification = await sync_to_async(Notification.objects.get)(recipient=host_person)
    assert (first["type"], first["payload"]["id"]) == ("meeting.requested", meeting.pk)
    assert second["type"] == "notification.created"
    assert second["payload"] | {"created_at": None} == {
        "id": notification.pk,
        "kind": "meeting.requested",
        "title": "Meeting request: Smart parking",
        "link": f"/my/meetings/{meeting.pk}/",
        "created_at": None,
        "unread_count": 1,
    }
    assert (await city_ws.receive_json_from(timeout=5))["type"] == "meeting.requested"
    assert await city_ws.receive_nothing(timeout=0.5)

    await sync_to_async(mark_all_notifications_read)(reader=host_person)

    assert await host_ws.receive_json_from(timeout=5) == {
        "type": "notification.read",
        "payload": {"unread_count": 0},
    }
    await host_ws.disconnect()
    await city_ws.disconnect()
