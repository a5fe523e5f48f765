"""Booking benchmark: concurrent bookings over HTTP and live slot events over WebSockets.

Run from the project root (PostgreSQL and Redis must be up):

    python bench/booking.py                      # 20 clients x 10 bookings, 500 listeners
    python bench/booking.py --clients 20 --bookings-per-client 10 --listeners 500

What it does:

1. Recreates its own PostgreSQL database (`smc_bench_booking`, `--database-url`) and migrates it.
2. Creates one provider open around the clock (30-minute meetings), `--clients` city users with API
   tokens, and a handful of logged-in viewers whose sessions the WebSocket listeners use.
3. Starts `--workers` daphne processes (default 2, one per core) sharing one listening socket, with the
   Redis channel layer, as a process manager with socket activation runs them in production.
4. Opens `--listeners` WebSocket connections to the provider's booking page channel
   (`/ws/availability/org-<id>/`), then lets `--clients` concurrent HTTP clients each book
   `--bookings-per-client` distinct free slots (`POST /api/v1/meetings/`, token auth).
5. Prints bookings/s, booking latency p50/p95/max (request to response), and notification delivery
   p50/p95/max: from the moment the server sent the event after the commit (`sent_at` in the event,
   same machine clock) to its receipt by each listener, over every (event, listener) pair.
   Targets on this machine: booking p95 < 100 ms at 20 clients; delivery p95 < 250 ms with 500 listeners.

It stops by itself: every request and wait has a timeout, and daphne is terminated at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
PREFIX = f"smc-bench-{os.getpid()}"
# One secret for this run: the sessions made here must be valid in the daphne process too.
SECRET_KEY = secrets.token_urlsafe(40)


def _env(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SESSION_COOKIE_SECURE": "false",
        "DJANGO_CSRF_COOKIE_SECURE": "false",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "0",
        "DATABASE_POOL": os.environ.get("DATABASE_POOL", "true"),
        "REDIS_URL": REDIS_URL,
        "CHANNEL_LAYER_PREFIX": PREFIX,
    }


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def recreate_database(database_url: str) -> None:
    import psycopg  # noqa: PLC0415 -- only the benchmark needs a raw connection

    name = database_url.rsplit("/", 1)[1]
    if name in {"smc", "smc_dev", "postgres"} or name.startswith(("test", "template")):
        raise SystemExit(f"Refusing to use database {name!r}")
    admin_url = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def prepare(database_url: str, clients: int, viewers: int) -> dict[str, Any]:
    """Migrate and create the provider, the clients (tokens) and the viewers (sessions)."""
    env = _env(database_url)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    os.environ.update(env)
    import django  # noqa: PLC0415 -- configured from the environment set just above

    django.setup()
    from datetime import time as wall_clock  # noqa: PLC0415

    from django.test import Client  # noqa: PLC0415
    from django.utils import timezone  # noqa: PLC0415
    from rest_framework.authtoken.models import Token  # noqa: PLC0415

    from accounts.enums import Category, Kind, Region  # noqa: PLC0415
    from accounts.models import Organisation, User  # noqa: PLC0415
    from scheduling import selectors  # noqa: PLC0415
    from scheduling.models import AvailabilityRule, Participant  # noqa: PLC0415

    provider = Organisation.objects.create(
        name="Bench Provider", slug="bench-provider", category=Category.CORPORATION, kind=Kind.SME,
        country="DE", region=Region.EUROPE, employee_count=10,
    )  # fmt: skip
    participant = Participant.objects.create(organisation=provider, time_zone="UTC", meeting_lengths=[30])
    AvailabilityRule.objects.bulk_create(
        AvailabilityRule(
            participant=participant,
            weekday=day,
            start_time=wall_clock(0),
            end_time=wall_clock(23, 59),
            time_zone="UTC",
        )
        for day in range(7)
    )
    tokens = []
    for n in range(clients):
        city = Organisation.objects.create(
            name=f"Bench City {n}", slug=f"bench-city-{n}", category=Category.LOCAL_GOVERNMENT,
            kind=Kind.CITY, country="KE", region=Region.AFRICA,
        )  # fmt: skip
        user = User.objects.create(username=f"bench{n}", email=f"bench{n}@example.org", organisation=city)
        tokens.append(Token.objects.create(user=user).key)
    cookies = []
    for n in range(viewers):
        viewer = User.objects.create(username=f"viewer{n}", email=f"viewer{n}@example.org")
        client = Client()
        client.force_login(viewer)
        cookies.append(client.cookies["sessionid"].value)
    now = timezone.now()
    slots = selectors.free_slots_for(
        participant=participant, start=now, end=now + timezone.timedelta(days=60), viewer_time_zone="UTC"
    )
    return {"key": participant.key, "tokens": tokens, "cookies": cookies, "slots": [s.start for s in slots]}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_daphne(database_url: str, port: int, workers: int) -> list[subprocess.Popen[bytes]]:
    """`workers` daphne processes accepting on one shared listening socket (the kernel spreads the
    connections), as a process manager with socket activation runs them in production."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen(1024)
    listener.set_inheritable(True)
    log = (ROOT / "bench-daphne.log").open("w")
    processes = [
        subprocess.Popen(  # noqa: S603 -- fixed argument list, no shell
            [sys.executable, "-m", "daphne", "--fd", str(listener.fileno()), "config.asgi:application"],
            cwd=ROOT,
            env=_env(database_url),
            stdout=subprocess.DEVNULL,
            stderr=log,
            pass_fds=(listener.fileno(),),
        )
        for _ in range(workers)
    ]
    listener.close()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                time.sleep(1)  # let every worker finish starting
                return processes
        except OSError:
            time.sleep(0.1)
    for process in processes:
        process.kill()
    raise SystemExit("daphne did not start")


async def listen(  # noqa: PLR0917 -- one listener's whole context, passed once per task
    url: str, cookie: str, expected: int, received: list[float], ready: asyncio.Event, opened: list[int],
    total_listeners: int,
) -> None:  # fmt: skip
    import websockets  # noqa: PLC0415

    headers = {"Origin": "http://127.0.0.1", "Cookie": f"sessionid={cookie}"}
    try:
        async with websockets.connect(url, additional_headers=headers, open_timeout=60, max_queue=None) as ws:
            opened.append(1)
            if len(opened) == total_listeners:
                ready.set()
            got = 0
            while got < expected:
                raw = await asyncio.wait_for(ws.recv(), timeout=30)
                arrived = time.time()
                event = json.loads(raw)
                if event.get("type") == "slots.taken":
                    received.append((arrived - float(event["payload"]["sent_at"])) * 1000)
                    got += 1
    except (OSError, TimeoutError, websockets.exceptions.WebSocketException) as exc:
        LISTENER_FAILURES.append(type(exc).__name__)
        if len(opened) < total_listeners:
            opened.append(0)
            if len(opened) == total_listeners:
                ready.set()


async def book(  # noqa: PLR0917 -- one client's whole context, passed once per task
    base: str, token: str, starts: list[Any], latencies: list[float], failures: list[int], think: float
) -> None:
    import httpx  # noqa: PLC0415

    headers = {"Authorization": f"Token {token}"}
    if think:  # clients arrive spread over one pause, not all in the same millisecond
        await asyncio.sleep(random.Random(token).uniform(0, think))  # noqa: S311 -- load shaping, not security
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=30) as client:
        for start in starts:
            body = {"invitee": BENCH["key"], "subject": "Bench", "length": 30, "start": start.isoformat()}
            began = time.perf_counter()
            response = await client.post("/api/v1/meetings/", json=body)
            latencies.append((time.perf_counter() - began) * 1000)
            if response.status_code != 201:
                failures.append(response.status_code)
            if think:
                await asyncio.sleep(think)


BENCH: dict[str, Any] = {}
LISTENER_FAILURES: list[str] = []


async def run(port: int, clients: int, per_client: int, listeners: int, think: float) -> dict[str, Any]:
    base = f"http://127.0.0.1:{port}"
    ws_url = f"ws://127.0.0.1:{port}/ws/availability/{BENCH['key']}/"
    total = clients * per_client
    received: list[float] = []
    ready, opened = asyncio.Event(), []
    cookies = BENCH["cookies"]
    listener_tasks = [
        asyncio.create_task(
            listen(ws_url, cookies[n % len(cookies)], total, received, ready, opened, listeners)
        )
        for n in range(listeners)
    ]
    await asyncio.wait_for(ready.wait(), timeout=120)
    slots = BENCH["slots"][:total]
    latencies: list[float] = []
    failures: list[int] = []
    began = time.perf_counter()
    await asyncio.gather(
        *(
            book(base, BENCH["tokens"][n], slots[n::clients], latencies, failures, think)
            for n in range(clients)
        )
    )
    elapsed = time.perf_counter() - began
    await asyncio.wait(listener_tasks, timeout=60)
    for task in listener_tasks:
        task.cancel()
    return {
        "elapsed": elapsed,
        "latencies": latencies,
        "failures": failures,
        "received": received,
        "total": total,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--bookings-per-client", type=int, default=10)
    parser.add_argument("--listeners", type=int, default=500)
    parser.add_argument("--workers", type=int, default=2, help="daphne processes sharing the socket.")
    parser.add_argument(
        "--think-ms", type=int, default=0, help="Pause of each client between its bookings (0: back to back)."
    )
    parser.add_argument(
        "--viewers", type=int, default=20, help="Distinct logged-in users behind the listeners."
    )
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/smc_bench_booking")
    args = parser.parse_args()

    recreate_database(args.database_url)
    BENCH.update(prepare(args.database_url, args.clients, args.viewers))
    if len(BENCH["slots"]) < args.clients * args.bookings_per_client:
        raise SystemExit("Not enough free slots for that many bookings.")
    port = free_port()
    daphnes = start_daphne(args.database_url, port, args.workers)
    try:
        result = asyncio.run(
            run(port, args.clients, args.bookings_per_client, args.listeners, args.think_ms / 1000)
        )
    finally:
        for daphne in daphnes:
            daphne.terminate()
        for daphne in daphnes:
            try:
                daphne.wait(timeout=10)
            except subprocess.TimeoutExpired:
                daphne.kill()

    latencies, received = result["latencies"], result["received"]
    expected_deliveries = result["total"] * args.listeners
    succeeded = len(latencies) - len(result["failures"])
    lines = [
        "Booking benchmark: Solutions Meet Cities",
        f"machine:   {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
        f"{args.workers} daphne processes, Redis layer",
        f"load:      {args.clients} concurrent clients x {args.bookings_per_client} bookings of "
        f"distinct slots ({args.think_ms} ms pause between a client's bookings), "
        f"{args.listeners} WebSocket listeners on the provider's booking channel",
        f"bookings:  {succeeded} succeeded, {len(result['failures'])} failed "
        f"{sorted(set(result['failures']))} in {result['elapsed']:.2f} s "
        f"= {len(latencies) / result['elapsed']:.1f} bookings/s",
        f"booking latency ms:       p50 {statistics.median(latencies):7.1f}  "
        f"p95 {percentile(latencies, 0.95):7.1f}  max {max(latencies):7.1f}",
    ]
    if LISTENER_FAILURES:
        lines.append(
            f"listeners lost: {len(LISTENER_FAILURES)} ({', '.join(sorted(set(LISTENER_FAILURES)))})"
        )
    if received:
        lines.append(
            f"notification delivery ms: p50 {statistics.median(received):7.1f}  "
            f"p95 {percentile(received, 0.95):7.1f}  max {max(received):7.1f}  "
            f"({len(received)}/{expected_deliveries} deliveries)"
        )
    booking_ok = percentile(latencies, 0.95) < 100
    delivery_ok = bool(received) and percentile(received, 0.95) < 250 and len(received) == expected_deliveries
    lines.append(
        f"targets: booking p95 < 100 ms: {'met' if booking_ok else 'MISSED'}; "
        f"delivery p95 < 250 ms with every event delivered: {'met' if delivery_ok else 'MISSED'}"
    )
    print("\n".join(lines))


if __name__ == "__main__":
    main()
