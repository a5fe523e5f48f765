"""WebSocket handshakes: the Origin check compares scheme, host and port; an unknown address and a
channel layer that cannot be reached are refused handshakes, never a server error."""

import pytest
import pytest_asyncio
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import connections
from django.test import Client, override_settings

from common.consumers import CLOSE_NOT_FOUND, CLOSE_UNAVAILABLE
from common.routing import origin_allowed
from config.asgi import application
from tests.factories.accounts import UserFactory

UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
        "CONFIG": {"hosts": [{"address": "redis://127.0.0.1:1/0", "socket_connect_timeout": 1}]},
    }
}


@pytest_asyncio.fixture(autouse=True)
async def _close_worker_connections():
    yield
    # sync_to_async runs ORM calls on a worker thread whose connection would outlive the test
    # and block the test database's teardown.
    await sync_to_async(connections.close_all)()


@pytest.mark.unit
@pytest.mark.parametrize(
    ("origin", "host", "allowed"),
    [
        ("http://127.0.0.1:8000", "127.0.0.1:8000", True),
        ("https://localhost", "localhost", True),
        ("https://localhost:443", "localhost", True),
        ("http://127.0.0.1:9999", "127.0.0.1:8000", False),  # another port of the same host
        ("http://127.0.0.1", "127.0.0.1:8000", False),
        ("http://evil.example:8000", "evil.example:8000", False),  # not an allowed host
        ("ftp://127.0.0.1:8000", "127.0.0.1:8000", False),
        ("http://127.0.0.1:99999", "127.0.0.1:99999", False),
        ("null", "127.0.0.1:8000", False),
        (None, "127.0.0.1:8000", False),
        ("http://127.0.0.1", None, True),  # no Host header (test harnesses): the default port only
        ("http://127.0.0.1:8000", None, False),
    ],
)
def test_the_origin_must_be_the_sockets_own_address(origin, host, allowed):
    assert origin_allowed(origin, host) is allowed


@pytest.mark.unit
@override_settings(CSRF_TRUSTED_ORIGINS=["http://localhost:8000"])
def test_the_pages_of_another_pool_are_trusted_when_listed_with_their_port():
    assert origin_allowed("http://localhost:8000", "localhost:8001") is True
    assert origin_allowed("http://localhost:8002", "localhost:8001") is False


def _session_cookie_for(user) -> bytes:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}".encode()


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_a_handshake_from_another_port_of_our_host_is_refused():
    cookie = await sync_to_async(_session_cookie_for)(await sync_to_async(UserFactory.create)())
    headers = [(b"origin", b"http://127.0.0.1:9999"), (b"host", b"127.0.0.1:8000"), (b"cookie", cookie)]
    communicator = WebsocketCommunicator(application, "/ws/notifications/", headers=headers)

    connected, _ = await communicator.connect()

    assert connected is False


@pytest.mark.integration
@pytest.mark.asyncio
async def test_an_unknown_websocket_address_is_a_refused_handshake():
    communicator = WebsocketCommunicator(
        application, "/ws/nowhere/", headers=[(b"origin", b"http://127.0.0.1")]
    )

    connected, code = await communicator.connect()

    assert (connected, code) == (False, CLOSE_NOT_FOUND)


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_with_the_channel_layer_unreachable_the_handshake_is_refused():
    cookie = await sync_to_async(_session_cookie_for)(await sync_to_async(UserFactory.create)())
    headers = [(b"origin", b"http://127.0.0.1"), (b"cookie", cookie)]
    with override_settings(CHANNEL_LAYERS=UNREACHABLE_REDIS):
        communicator = WebsocketCommunicator(application, "/ws/notifications/", headers=headers)
        connected, code = await communicator.connect(timeout=15)

    assert (connected, code) == (False, CLOSE_UNAVAILABLE)
