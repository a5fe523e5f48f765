"""The staff dashboard's WebSocket through the real Redis channel layer: check-ins and meeting
changes reach the event's open dashboards after the commit and nobody else's; only staff connect,
from an allowed origin."""

from datetime import time

import pytest
import pytest_asyncio
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import connections
from django.test import Client

from config.asgi import application
from events.enums import EventPhase
from events.models import Event, EventSlot
from events.selectors.setup import slot_at
from events.services.day import check_in_representative, move_event_meeting
from events.services.publishing import publish_schedule
from events.services.scheduler import place_draft_meeting
from tests.factories.accounts import CorporationFactory, StaffFactory, UserFactory
from tests.factories.events import accepted_meeting, event_with_sessions, registered

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

ORIGIN = (b"origin", b"http://127.0.0.1")


@pytest_asyncio.fixture(autouse=True)
async def _close_worker_connections():
    yield
    # sync_to_async runs ORM calls on a worker thread whose connection would outlive the test.
    await sync_to_async(connections.close_all)()


def _session_cookie_for(user) -> bytes:
    client = Client()
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}".encode()


async def connect_to_dashboard(event_id, user=None, origin=ORIGIN):
    """The staff dashboard socket of an event, as `user` (signed in by cookie); also used by
    tests/events/test_scheduler_jobs.py for run progress."""
    headers = [origin]
    if user is not None:
        headers.append((b"cookie", await sync_to_async(_session_cookie_for)(user)))
    communicator = WebsocketCommunicator(application, f"/ws/events/{event_id}/dashboard/", headers=headers)
    connected, code = await communicator.connect()
    return communicator, connected, code


def _published_event():
    """An event with one published meeting (city / provider), its agenda out."""
    staff = StaffFactory.create()
    event = event_with_sessions(("Morning", time(9), 3), phase=EventPhase.SCHEDULING)
    city, _ = registered(event)
    provider, _ = registered(event, CorporationFactory.create())
    meeting = accepted_meeting(event, city, provider)
    place_draft_meeting(meeting=meeting, actor=staff, slot=slot_at(event, 0), table=1)
    publish_schedule(event=Event.objects.get(pk=event.pk), actor=staff)
    return staff, event, city.representatives.get(), meeting


def _check_in(representative, staff):
    return check_in_representative(representative=representative, actor=staff)


def _move(meeting, staff, event):
    return move_event_meeting(meeting=meeting, actor=staff, slot=slot_at(event, 2), table=1)


@pytest.mark.asyncio
async def test_check_in_reaches_the_events_dashboards_only():
    staff, event, representative, _ = await sync_to_async(_published_event)()
    other_event = await sync_to_async(event_with_sessions)()
    dashboard, connected, _ = await connect_to_dashboard(event.pk, staff)
    elsewhere, elsewhere_connected, _ = await connect_to_dashboard(other_event.pk, staff)
    assert (connected, elsewhere_connected) == (True, True)

    await sync_to_async(_check_in)(representative, staff)

    message = await dashboard.receive_json_from(timeout=5)
    assert message["type"] == "event.checked_in"
    payload = message["payload"]
    assert (payload["event"], payload["representative"], payload["checked_in"]) == (
        event.pk,
        representative.pk,
        True,
    )
    assert (payload["counts"]["checked_in"], payload["counts"]["representatives"]) == (1, 2)
    assert await elsewhere.receive_nothing(timeout=0.5)
    await dashboard.disconnect()
    await elsewhere.disconnect()


@pytest.mark.asyncio
async def test_a_moved_meeting_reaches_the_dashboard():
    staff, event, _, meeting = await sync_to_async(_published_event)()
    dashboard, _, _ = await connect_to_dashboard(event.pk, staff)

    await sync_to_async(_move)(meeting, staff, event)

    message = await dashboard.receive_json_from(timeout=5)
    assert message["type"] == "event.meeting_changed", (message, event.pk)
    assert (message["payload"]["meeting"], message["payload"]["status"], message["payload"]["slot"]) == (
        meeting.pk,
        "moved",
        2,
    )
    # Values, not words: each dashboard writes the status and time in its own reader's language.
    slot_start = await sync_to_async(lambda: EventSlot.objects.get(event=event, index=2).start)()
    assert message["payload"]["starts_at"] == slot_start.isoformat()
    assert {"status_label", "when"} & set(message["payload"]) == set()
    await dashboard.disconnect()


@pytest.mark.asyncio
async def test_only_staff_connect():
    event = await sync_to_async(event_with_sessions)()
    member = await sync_to_async(UserFactory)()

    _, anonymous, anonymous_code = await connect_to_dashboard(event.pk)
    _, as_member, member_code = await connect_to_dashboard(event.pk, member)

    assert (anonymous, anonymous_code) == (False, 4401)
    assert (as_member, member_code) == (False, 4403)


@pytest.mark.asyncio
async def test_unknown_event_and_foreign_origin_are_refused():
    staff = await sync_to_async(StaffFactory)()
    event = await sync_to_async(event_with_sessions)()

    _, unknown, code = await connect_to_dashboard(999_999, staff)
    _, foreign, _ = await connect_to_dashboard(event.pk, staff, origin=(b"origin", b"http://evil.example"))

    assert (unknown, code) == (False, 4404)
    assert foreign is False
