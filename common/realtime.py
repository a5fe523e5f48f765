"""Per-user live events over Channels, and other work that follows a commit without holding the response.

`notify(user, type, payload)` queues an event that is handed over only after the surrounding
transaction commits (Zulip's rule: never announce what might be rolled back). It is then sent by
one background thread with its own event loop, so a request never waits for Redis: the response
leaves while the event travels. Events leave in the order they were handed over. If the channel
layer is unreachable the write still stands; the event is dropped, and pages show fresh data on reload
(an outage is logged once, with the number of events it cost when it ends).

`in_background(job)` runs other slow after-commit work on its own thread, the same way (e-mail no
longer: it goes through the outbox and a Celery worker, `outbox/`).
`wait_for_background()` waits until everything handed over so far is done: tests call it before
they look at the outcome, and it runs at process exit so queued events and mails are not lost.

The in-memory channel layer (development, no REDIS_URL) lives in the server's own event loop and is
not thread-safe, so events for it are still sent inline; it never touches the network anyway.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import json
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from asgiref.sync import async_to_sync
from channels.layers import BaseChannelLayer, InMemoryChannelLayer, get_channel_layer
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections, transaction

if TYPE_CHECKING:
    # The user model's abstract base: common depends on no app of ours.
    from django.contrib.auth.base_user import AbstractBaseUser

logger = logging.getLogger(__name__)

# A send that takes longer is given up (and logged): a hung Redis must not pile events up.
SEND_TIMEOUT_SECONDS = 5.0
# Hand-overs beyond this many unfinished ones are dropped (and logged) instead of eating memory.
MAX_PENDING = 10_000


def _done(result: Any) -> concurrent.futures.Future[Any]:
    future: concurrent.futures.Future[Any] = concurrent.futures.Future()
    future.set_result(result)
    return future


@dataclass(frozen=True)
class _Threads:
    pid: int
    loop: asyncio.AbstractEventLoop
    in_order: asyncio.Lock  # a fair lock: sends leave one at a time, in hand-over order
    jobs: concurrent.futures.ThreadPoolExecutor


class _Background:
    """A daemon thread running an event loop for channel-layer sends, and one worker thread for
    blocking jobs; both started on first use (and again in a forked child)."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._threads: _Threads | None = None
        self._pending: set[concurrent.futures.Future[Any]] = set()

    def _started(self) -> _Threads:
        threads = self._threads
        if threads is not None and threads.pid == os.getpid():
            return threads
        with self._guard:
            if self._threads is None or self._threads.pid != os.getpid():
                loop = asyncio.new_event_loop()
                threading.Thread(target=loop.run_forever, name="smc-live-events", daemon=True).start()
                jobs = concurrent.futures.ThreadPoolExecutor(
                    max_workers=1, thread_name_prefix="smc-after-commit"
                )
                self._threads = _Threads(os.getpid(), loop, asyncio.Lock(), jobs)
                self._pending = set()
            return self._threads

    def _track(self, future: concurrent.futures.Future[Any]) -> concurrent.futures.Future[Any]:
        self._pending.add(future)
        future.add_done_callback(self._pending.discard)  # runs at once if it is already done
        return future

    def _full(self, what: str) -> bool:
        if len(self._pending) < MAX_PENDING:
            return False
        logger.error(
            "%d hand-overs still pending; dropped %s (the change itself is saved).", MAX_PENDING, what
        )
        return True

    def send(
        self, layer: BaseChannelLayer, group: str, message: dict[str, Any]
    ) -> concurrent.futures.Future[bool]:
        if self._full(f"{message['event']} to {group}"):
            return _done(False)
        threads = self._started()
        return self._track(
            asyncio.run_coroutine_threadsafe(_send(threads, layer, group, message), threads.loop)
        )

    def run(self, job: Callable[[], Any]) -> concurrent.futures.Future[Any]:
        if self._full(getattr(job, "__name__", "a job")):
            return _done(None)
        return self._track(self._started().jobs.submit(_run_job, job))

    def wait(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while self._pending:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            concurrent.futures.wait(list(self._pending), timeout=remaining)
        return True


class _Outage:
    """The channel layer's state as the sender thread last saw it. While Redis is down every send
    fails (hundreds a second on a busy site): the first failure is logged with its traceback, the
    others are only counted, and the count is logged once sends succeed again."""

    def __init__(self) -> None:
        self.undelivered = 0  # events not delivered since the outage began; 0 = no outage

    def failed(self, event: str, group: str) -> None:
        if self.undelivered == 0:
            logger.exception(
                "Could not deliver %s to %s; the change itself is saved. Further failures are counted "
                "until the channel layer answers again.",
                event,
                group,
            )
        self.undelivered += 1

    def delivered(self) -> None:
        if self.undelivered:
            logger.warning(
                "The channel layer answers again; %d events were not delivered while it was down.",
                self.undelivered,
            )
            self.undelivered = 0


_outage = _Outage()  # touched only by the sender thread's event loop


async def _send(threads: _Threads, layer: BaseChannelLayer, group: str, message: dict[str, Any]) -> bool:
    async with threads.in_order:
        try:
            await asyncio.wait_for(layer.group_send(group, message), SEND_TIMEOUT_SECONDS)
        except Exception:  # the layer's errors vary by backend (ConnectionError, OSError, redis errors)
            _outage.failed(message["event"], group)
            return False
    _outage.delivered()
    return True


def _run_job(job: Callable[[], Any]) -> Any:
    try:
        return job()
    except Exception:  # a job's own failure must not kill the worker thread
        logger.exception("A job after the commit failed; the change itself is saved.")
        return None
    finally:
        # A job that touched the database opened this thread's own connection: give it back.
        connections.close_all()


_background = _Background()


def user_group(user_id: int) -> str:
    """The channel-layer group every connection of one user joins."""
    return f"notifications.user.{user_id}"


def send_to_group(group: str, event_type: str, payload: dict[str, Any]) -> concurrent.futures.Future[bool]:
    """Hand one event for a group to the sender thread now; never blocks on the channel layer.

    The future says whether it was delivered to the layer (False, and logged, if the layer is down).
    The layer is looked up here, in the caller's thread, so it is the one configured at this moment.
    """
    layer = get_channel_layer()
    if layer is None:
        return _done(False)
    # The frame every connection of the group will send, encoded here once rather than by each of
    # them (with hundreds of viewers of one booking page, a JSON encoding per viewer adds up).
    text = json.dumps({"type": event_type, "payload": payload}, cls=DjangoJSONEncoder)
    message = {"type": "relay.event", "event": event_type, "payload": payload, "text": text}
    if isinstance(layer, InMemoryChannelLayer):
        try:
            async_to_sync(layer.group_send)(group, message)
        except Exception:  # e.g. called from inside a running event loop
            logger.exception("Could not deliver %s to %s; the change itself is saved.", event_type, group)
            return _done(False)
        return _done(True)
    return _background.send(layer, group, message)


def in_background(job: Callable[[], Any]) -> concurrent.futures.Future[Any]:
    """Run `job` on the after-commit worker thread (one job at a time, in order). Its exceptions are
    logged; database connections it opens are closed when it ends."""
    return _background.run(job)


def wait_for_background(timeout: float = 10.0) -> bool:
    """Wait until every event and job handed over so far is done; False if `timeout` ran out."""
    return _background.wait(timeout)


def notify(user: AbstractBaseUser, event_type: str, payload: dict[str, Any]) -> None:
    """Deliver `event_type` with `payload` to every open connection of `user`, after commit."""
    group = user_group(user.pk)
    transaction.on_commit(lambda: send_to_group(group, event_type, payload))


# Events and mails handed over just before the process ends still go out (bounded wait).
atexit.register(wait_for_background, 5.0)
