"""notify() through the real Redis channel layer (and the in-memory one used without Redis), the
after-commit worker, and the consumer's authentication."""

import json
import os
import subprocess
import sys

import pytest
import pytest_asyncio
from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.db import connections, transaction
from django.test import Client, override_settings

from common.realtime import in_background, notify, send_to_group, user_group, wait_for_background
from config.asgi import application
from tests.factories.accounts import UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

ORIGIN = (b"origin", b"http://127.0.0.1")


@pytest_asyncio.fixture(autouse=True)
async def _close_worker_connections():
    yield
    # sync_to_async runs ORM calls on a worker thread whose connection would outlive the test
    # and block the test database's teardown.
    await sync_to_async(connections.close_all)()


def test_tests_use_the_redis_channel_layer():
    assert settings.CHANNEL_LAYERS["default"]["BACKEND"] == "channels_redis.pubsub.RedisPubSubChannelLayer"


@pytest.mark.parametrize(
    ("redis_url", "backend"),
    [
        ("", "channels.layers.InMemoryChannelLayer"),
        ("redis://127.0.0.1:6379/0", "channels_redis.pubsub.RedisPubSubChannelLayer"),
    ],
)
def test_the_settings_choose_the_layer_from_redis_url(redis_url, backend):
    env = {**os.environ, "DJANGO_DEBUG": "true", "REDIS_URL": redis_url}
    script = "import json, config.settings.base as s; print(json.dumps(s.CHANNEL_LAYERS))"

    result = subprocess.run(  # noqa: S603 -- a fixed script run by this Python, no shell
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )

    assert json.loads(result.stdout)["default"]["BACKEND"] == backend


def test_a_failing_job_is_logged_and_the_worker_carries_on(caplog):
    def broken():
        raise OSError("mail server gone")

    failed = in_background(broken)
    later = in_background(lambda: "done")

    assert (wait_for_background(), failed.result(), later.result()) == (True, None, "done")
    assert "A job after the commit failed; the change itself is saved." in caplog.text


def test_while_redis_is_down_one_traceback_is_logged_and_the_lost_events_are_counted_after(caplog):
    unreachable = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [{"address": "redis://127.0.0.1:1/0", "socket_connect_timeout": 1}]},
        }
    }
    with override_settings(CHANNEL_LAYERS=unreachable):
        lost = [send_to_group(user_group(1), "test.event", {"n": n}) for n in range(20)]
        assert wait_for_background(30)
    tracebacks = [record for record in caplog.records if record.exc_info]

    assert [future.result() for future in lost] == [False] * 20
    assert len(tracebacks) == 1

    caplog.clear()
    assert send_to_group(user_group(1), "test.event", {}).result(timeout=10) is True
    assert caplog.messages == [
        "The channel layer answers again; 20 events were not delivered while it was down."
    ]


@pytest.mark.asyncio
async def test_events_through_the_in_memory_layer_are_sent_at_once():
    alice = await sync_to_async(UserFactory.create)()
    cookie = await sync_to_async(_session_cookie_for)(alice)
    with override_settings(CHANNEL_LAYERS={"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}):
        alice_ws, connected, _ = await _connect(cookie)

        sent = await sync_to_async(send_to_group)(user_group(alice.pk), "test.ping", {"hello": "alice"})

        assert (connected, sent.done(), sent.result()) == (True, True, True)
        assert await alice_ws.receive_json_from(timeout=5) == {
            "type": "test.ping",
            "payload": {"hello": "alice"},
        }
        await alice_ws.disconnect()


def _session_cookie_for(user) -> bytes:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}".encode()


def _notify_in_transaction(user, payload, *, roll_back=False):
    with transaction.atomic():
        notify(user, "test.ping", payload)
        if roll_back:
            transaction.set_rollback(True)


async def _connect(cookie: bytes | None):
    headers = [ORIGIN] + ([(b"cookie", cookie)] if cookie else [])
    communicator = WebsocketCommunicator(application, "/ws/notifications/", headers=headers)
    connected, code = await communicator.connect()
    return communicator, connected, code


@pytest.mark.asyncio
async def test_notify_reaches_only_its_user():
    alice, bob = await sync_to_async(UserFactory.create_batch)(2)
    alice_ws, alice_ok, _ = await _connect(await sync_to_async(_session_cookie_for)(alice))
    bob_ws, bob_ok, _ = await _connect(await sync_to_async(_session_cookie_for)(bob))
    assert (alice_ok, bob_ok) == (True, True)

    await sync_to_async(_notify_in_transaction)(alice, {"hello": "alice"})

    assert await alice_ws.receive_json_from(timeout=5) == {"type": "test.ping", "payload": {"hello": "alice"}}
    assert await bob_ws.receive_nothing(timeout=0.5)
    await alice_ws.disconnect()
    await bob_ws.disconnect()


@pytest.mark.asyncio
async def test_each_connection_sends_the_frame_the_sender_encoded_once():
    alice = await sync_to_async(UserFactory.create)()
    alice_ws, connected, _ = await _connect(await sync_to_async(_session_cookie_for)(alice))
    assert connected
    text = '{"type": "test.ping", "payload": {"encoded": "by the sender"}}'

    layer = get_channel_layer()
    assert layer is not None
    await layer.group_send(
        user_group(alice.pk), {"type": "relay.event", "event": "test.ping", "payload": {}, "text": text}
    )

    assert await alice_ws.receive_from(timeout=5) == text
    await alice_ws.disconnect()


@pytest.mark.asyncio
async def test_rolled_back_change_sends_nothing():
    alice = await sync_to_async(UserFactory.create)()
    alice_ws, _, _ = await _connect(await sync_to_async(_session_cookie_for)(alice))

    await sync_to_async(_notify_in_transaction)(alice, {"never": "sent"}, roll_back=True)

    assert await alice_ws.receive_nothing(timeout=0.5)
    await alice_ws.disconnect()


@pytest.mark.asyncio
async def test_anonymous_connection_is_refused():
    _, connected, code = await _connect(None)

    assert (connected, code) == (False, 4401)


@pytest.mark.asyncio
async def test_connection_from_foreign_origin_is_refused():
    alice = await sync_to_async(UserFactory.create)()
    cookie = await sync_to_async(_session_cookie_for)(alice)
    communicator = WebsocketCommunicator(
        application, "/ws/notifications/", headers=[(b"origin", b"http://evil.example"), (b"cookie", cookie)]
    )

    connected, _ = await communicator.connect()

    assert connected is False
