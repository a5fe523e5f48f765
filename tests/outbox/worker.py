"""A real Celery worker (a `celery worker` subprocess on the test database and this run's Redis
prefix) and a local SMTP server that counts what arrives, for tests/outbox/test_worker.py."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from email.parser import BytesHeaderParser
from pathlib import Path
from typing import Any

import redis
from aiosmtpd.controller import Controller
from django.conf import settings

from tests.live_server import free_port, subprocess_database_url

HEADER_PARSER = BytesHeaderParser()


class CountingSink:
    """aiosmtpd handler: counts every message it accepts by its Message-ID (a count, never a
    filter: a message accepted twice counts twice). `hold_after(n)` makes every RCPT after the
    n-th accepted message wait until `release()`, so a test can freeze every worker mid-send."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.received: Counter[str] = Counter()
        self._total = 0  # sum(received.values()), kept as it grows: bench/jobs.py counts 10,000
        self._hold_after: int | None = None
        self._released = threading.Event()
        self.held = 0  # sessions waiting at RCPT
        self.port = 0  # where it listens, set by `smtp_sink`
        self._on_accepting: tuple[int, Callable[[], None]] | None = None

    def total(self) -> int:
        with self._lock:
            return self._total

    def hold_after(self, count: int) -> None:
        self._hold_after = count

    def release(self) -> None:
        self._released.set()

    def on_accepting(self, count: int, action: Callable[[], None]) -> None:
        """Run `action` when the `count`-th message has been taken, before the server says so."""
        self._on_accepting = (count, action)

    async def handle_RCPT(  # noqa: N802 -- aiosmtpd's hook name
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        if self._hold_after is not None and self.total() >= self._hold_after:
            with self._lock:
                self.held += 1
            deadline = time.monotonic() + 120
            while not self._released.is_set() and time.monotonic() < deadline:
                await asyncio.sleep(0.01)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 -- as above
        # The headers only: parsing each whole message cost the benchmark's sink more than a send.
        message_id = HEADER_PARSER.parsebytes(envelope.content)["Message-ID"]
        with self._lock:
            self.received[message_id] += 1
            self._total += 1
            total = self._total
        if self._on_accepting is not None and total == self._on_accepting[0]:
            self._on_accepting[1]()
        return "250 Message accepted for delivery"


@contextmanager
def smtp_sink() -> Iterator[CountingSink]:
    sink = CountingSink()
    port = free_port()
    sink.port = port
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield sink
    finally:
        sink.release()
        controller.stop()


def clear_broker() -> None:
    """Delete this run's Celery keys in Redis (queues, unacknowledged tasks)."""
    prefix = settings.CELERY_BROKER_TRANSPORT_OPTIONS["global_keyprefix"]
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    keys = list(client.scan_iter(match=f"{prefix}*", count=1000))
    if keys:
        client.delete(*keys)
    client.close()


class Worker:
    """A `celery -A config worker` process group: stop it gently, or kill it with SIGKILL."""

    def __init__(self, process: subprocess.Popen[bytes], log: Path) -> None:
        self.process = process
        self.log = log

    def kill(self) -> None:
        """SIGKILL to the main process and its pool children at once: no shutdown, no ack."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)  # warm shutdown: finishes the running tasks
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.kill()


def wait_until(condition: Callable[[], bool], *, timeout: float, what: str, step: float = 0.1) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(step)
    raise AssertionError(f"Timed out after {timeout} s waiting for {what}.")


@contextmanager
def celery_worker(
    *,
    smtp_port: int,
    log: Path,
    concurrency: int = 2,
    env: dict[str, str] | None = None,
    pool: str = "prefork",
    queues: str = "celery,outbox",
) -> Iterator[Worker]:
    """A worker with `concurrency` pool processes (or threads: `pool="threads"`) serving `queues`, on
    the test database and this run's broker prefix, sending to 127.0.0.1:`smtp_port`; yields once it
    is ready to take tasks."""
    worker_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": subprocess_database_url(),
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "SMC_TEST_EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "PYTHONUNBUFFERED": "1",
        **(env or {}),
    }
    command = [
        sys.executable, "-m", "celery", "-A", "config", "worker", f"--pool={pool}", f"--queues={queues}",
        f"--concurrency={concurrency}", "--loglevel=INFO", "--without-gossip", "--without-mingle",
        "--without-heartbeat", f"--hostname=test-{os.getpid()}-{time.monotonic_ns()}@%h",
    ]  # fmt: skip
    with log.open("ab") as output:
        process = subprocess.Popen(  # noqa: S603 -- fixed argument list, no shell
            command,
            env=worker_env,
            stdout=output,
            stderr=subprocess.STDOUT,
            cwd=Path(settings.BASE_DIR),
            start_new_session=True,  # its own process group: one signal reaches the pool children too
        )
    worker = Worker(process, log)
    try:
        wait_until(
            lambda: process.poll() is not None or b" ready." in log.read_bytes(),
            timeout=120,
            what="the Celery worker to start",
            step=0.2,
        )
        if process.poll() is not None:
            raise RuntimeError(f"The Celery worker exited early:\n{log.read_text()[-3000:]}")
        yield worker
    finally:
        worker.stop()
