"""Booking benchmark: concurrent bookings over HTTP and live slot events over WebSockets.

Run from the project root (PostgreSQL and Redis must be up):

    python bench/booking.py                      # 20 clients x 30 bookings, 1 s pause, 500 listeners
    python bench/booking.py --live-workers 0     # one pool: WebSockets on the same processes
    python bench/booking.py --think-ms 0         # closed loop: each client books again at once
    python bench/booking.py --listeners 0        # the booking path alone

What it does:

1. Recreates its own PostgreSQL database (`smc_bench_booking`, `--database-url`) and migrates it.
2. Creates one provider open around the clock (30-minute meetings) whose booking page is watched, a
   second one for the warm-up, `--clients` city users with API tokens, and `--viewers` logged-in
   people whose sessions the WebSocket listeners use.
3. Starts the server as docs/architecture.md ("Two server pools") deploys it, daphne on uvloop
   (`python -m config.server`) with the Redis channel layer: `--workers` processes for pages and
   the API and `--live-workers` more that only carry WebSockets (LIVE_UPDATES_URL), each pool on
   its own port, one listening socket per process (SO_REUSEPORT) so the kernel spreads connections
   evenly. The WebSocket pool runs at a lower CPU priority (`--live-nice`, as docker-compose.yml's
   `cpu_shares` does): sharing two cores, a request someone waits for goes first and a broadcast a
   few milliseconds later.
   `--live-workers 0` serves both from one pool, as a small deployment does.
4. Warm-up, not measured: rounds of concurrent bookings of the second provider until every daphne
   process has loaded its code; every client books there, so its organisation's participant rows
   exist (steady state: a first booking of an organisation costs five more queries).
5. Opens `--listeners` WebSocket connections to the watched provider's booking page channel
   (`/ws/availability/org-<id>/`) from a separate process (its own event loop and CPU time, so a
   flood of events cannot delay the HTTP clients' measurements, nor the reverse), `--connect-batch`
   at a time; connections that fail or drop are counted as lost.
6. Lets `--clients` concurrent HTTP clients each book `--bookings-per-client` distinct free slots
   (`POST /api/v1/meetings/`, token auth), pausing `--think-ms` after each answer.
7. Prints bookings/s, booking latency p50/p95/max (request sent to response received, every
   booking), and notification delivery p50/p95/max: from the moment the server sent the event after
   the commit (`sent_at` in the event, same machine clock) to its receipt by each listener, over
   every (event, listener) pair. Targets on this machine: booking p95 < 100 ms at 20 clients;
   delivery p95 < 250 ms with 500 listeners and no event lost. Also the CPU time each pool spent
   during the measured part, per booking (it varies far less than latencies with whatever else
   the machine runs), and the listener process's CPU time.

The load model. Each client is a person at a booking page: they book, read the answer, and book
again after `--think-ms` (default 1 s, far quicker than a person; 20 such clients make about
18 bookings/s, some 65,000 an hour, and every booking reaches all 500 listeners). With
`--think-ms 0` the clients form a closed loop instead: each asks again the moment it has its
answer, so latency is clients / throughput (Little's law) whatever the server does per request: a
p95 under 100 ms at 20 clients would then need over 200 bookings/s, 5 ms of CPU per booking on
these two cores including the 500 WebSocket frames each one fans out. That mode measures capacity.

It stops by itself: every request and wait has a timeout, and daphne is terminated at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import random
import secrets
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.measuring import percentile, recreate_database  # noqa: E402 -- after the path

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
PREFIX = f"smc-bench-{os.getpid()}"
# One secret for this run: the sessions made here must be valid in the daphne process too.
SECRET_KEY = secrets.token_urlsafe(40)
BOOKING_TARGET_MS = 100
DELIVERY_TARGET_MS = 250
# After the last booking, how long listeners may take to receive what is still on its way.
DELIVERY_GRACE_SECONDS = 60
# Warm-up rounds until none has an answer slower than this (a daphne process loading its code).
WARM_UP_ROUNDS = 10
WARM_MS = 1000
ASGI_APP = "config.asgi:application"


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


def prepare(database_url: str, clients: int, viewers: int) -> dict[str, Any]:
    """Migrate and create the providers, the clients (tokens) and the viewers (sessions)."""
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
    from datetime import timedelta  # noqa: PLC0415

    from django.db import connections  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415
    from django.utils import timezone  # noqa: PLC0415

    from accounts.enums import Category, Kind, Region  # noqa: PLC0415
    from accounts.models import Organisation, User  # noqa: PLC0415
    from accounts.services.tokens import create_api_token  # noqa: PLC0415
    from scheduling import selectors  # noqa: PLC0415
    from scheduling.models import AvailabilityRule, Participant  # noqa: PLC0415

    def provider(slug: str) -> Participant:
        organisation = Organisation.objects.create(
            name=slug.replace("-", " ").title(), slug=slug, category=Category.CORPORATION, kind=Kind.SME,
            country="DE", region=Region.EUROPE, employee_count=10,
        )  # fmt: skip
        participant = Participant.objects.create(
            organisation=organisation, time_zone="UTC", meeting_lengths=[30]
        )
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
        return participant

    def free_starts(participant: Participant) -> list[Any]:
        # Slots from a quarter of an hour on: the first slot (the next half hour) could start while
        # the warm-up runs, and booking a time that has passed is a 400, not a measurement.
        now = timezone.now() + timedelta(minutes=15)
        slots = selectors.free_slots_for(
            participant=participant, start=now, end=now + timedelta(days=60), viewer_time_zone="UTC"
        )
        return [slot.start for slot in slots]

    watched, warm_up = provider("bench-provider"), provider("bench-warm-up-provider")
    tokens = []
    for n in range(clients):
        city = Organisation.objects.create(
            name=f"Bench City {n}", slug=f"bench-city-{n}", category=Category.LOCAL_GOVERNMENT,
            kind=Kind.CITY, country="KE", region=Region.AFRICA,
        )  # fmt: skip
        user = User.objects.create(username=f"bench{n}", email=f"bench{n}@example.org", organisation=city)
        tokens.append(create_api_token(user=user, name="bench")[1])
    cookies = []
    for n in range(viewers):
        viewer = User.objects.create(username=f"viewer{n}", email=f"viewer{n}@example.org")
        client = Client()
        client.force_login(viewer)
        cookies.append(client.cookies["sessionid"].value)
    bench = {
        "key": watched.key,
        "warm_up_key": warm_up.key,
        "tokens": tokens,
        "cookies": cookies,
        "slots": free_starts(watched),
        "warm_up_slots": free_starts(warm_up),
    }
    connections.close_all()
    return bench


def cpu_seconds(processes: list[subprocess.Popen[bytes]]) -> list[float] | None:
    """User + system CPU time each process used so far (Linux /proc; None elsewhere). Unlike
    latencies, it hardly depends on what else the machine is running."""
    seconds = []
    try:
        for process in processes:
            fields = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
            seconds.append((int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"))
    except (OSError, ValueError, IndexError):
        return None
    return seconds


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_daphne(
    database_url: str, port: int, workers: int, live_updates_url: str = "", nice: int = 0
) -> list[subprocess.Popen[bytes]]:
    """`workers` daphne processes, each accepting on its own listening socket bound to the same port
    with SO_REUSEPORT, so the kernel spreads new connections evenly over them (one shared socket lets
    whichever process wakes first take most keep-alive connections: 3:1 was measured here). A
    process manager with socket activation, or a proxy in front of several ports, does the same in
    production."""
    listeners = []
    for _ in range(workers):
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        listener.bind(("127.0.0.1", port))
        listener.listen(1024)
        listener.set_inheritable(True)
        listeners.append(listener)
    log = (ROOT / "bench-daphne.log").open("a")
    processes = []
    for listener in listeners:
        command = [sys.executable, "-m", "config.server", "--fd", str(listener.fileno()), ASGI_APP]
        if nice:
            command = [shutil.which("nice") or "/usr/bin/nice", "-n", str(nice), *command]
        processes.append(
            subprocess.Popen(  # noqa: S603 -- fixed argument list, no shell
                command,
                cwd=ROOT,
                env={**_env(database_url), "LIVE_UPDATES_URL": live_updates_url},
                stdout=subprocess.DEVNULL,
                stderr=log,
                pass_fds=(listener.fileno(),),
            )
        )
    for listener in listeners:
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


# --- Listeners: a process of their own ---------------------------------------------------------


def listen_process(  # noqa: PLR0917 -- a process target takes positional arguments
    url: str, cookies: list[str], count: int, expected: int, batch: int, pipe: Any
) -> None:
    """Entry point of the listener process: open `count` sockets, report, collect, report."""
    asyncio.run(_listen_all(url, cookies, count, expected, batch, pipe))


async def _open(session: Any, url: str, cookie: str) -> Any:
    headers = {"Origin": "http://127.0.0.1", "Cookie": f"sessionid={cookie}"}
    # Like a browser: no client pings (server pings are answered), no size limit. aiohttp reads
    # frames in compiled code: 500 listeners on the server's own two cores should cost the
    # machine as little as possible, since real viewers run on their own devices.
    return await session.ws_connect(url, headers=headers, timeout=60, max_msg_size=0, autoping=True)


async def _drain(ws: Any, expected: int, received: list[float]) -> None:
    import aiohttp  # noqa: PLC0415

    got = 0
    async for frame in ws:
        arrived = time.time()
        if frame.type != aiohttp.WSMsgType.TEXT:
            break
        event = json.loads(frame.data)
        if event.get("type") == "slots.taken":
            received.append((arrived - float(event["payload"]["sent_at"])) * 1000)
            got += 1
            if got == expected:
                return
    raise ConnectionError("closed by the server")


async def _listen_all(  # noqa: PLR0917 -- the listener process's whole context, passed once
    url: str, cookies: list[str], count: int, expected: int, batch: int, pipe: Any
) -> None:
    import aiohttp  # noqa: PLC0415

    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:
        await _listen_with(session, url, cookies, count, expected, batch, pipe)


async def _listen_with(  # noqa: PLR0917 -- the listener process's whole context, passed once
    session: Any, url: str, cookies: list[str], count: int, expected: int, batch: int, pipe: Any
) -> None:
    loop = asyncio.get_running_loop()
    sockets, lost = [], []
    for first in range(0, count, batch):
        opened = await asyncio.gather(
            *(
                _open(session, url, cookies[n % len(cookies)])
                for n in range(first, min(count, first + batch))
            ),
            return_exceptions=True,
        )
        for result in opened:
            if isinstance(result, BaseException):
                lost.append(f"connect: {type(result).__name__}")
            else:
                sockets.append(result)
    received: list[float] = []
    drains = [asyncio.create_task(_drain(ws, expected, received)) for ws in sockets]
    pipe.send(("ready", len(sockets), lost))
    await loop.run_in_executor(None, pipe.recv)  # the bookings are over
    done, pending = await asyncio.wait(drains, timeout=DELIVERY_GRACE_SECONDS) if drains else (set(), set())
    lost += [f"during: {type(task.exception()).__name__}" for task in done if task.exception()]
    lost += ["during: events missing after the grace period"] * len(pending)
    for task in pending:
        task.cancel()
    pipe.send(("result", received, lost, time.process_time()))
    await asyncio.gather(*(ws.close() for ws in sockets), return_exceptions=True)


# --- Booking clients ------------------------------------------------------------------------------


async def book(  # noqa: PLR0917 -- one client's whole context, passed once per task
    base: str,
    token: str,
    invitee: str,
    starts: list[Any],
    latencies: list[float],
    failures: list[int],
    think: float,
) -> None:
    import httpx  # noqa: PLC0415

    headers = {"Authorization": f"Token {token}"}
    if think:  # clients arrive spread over one pause, not all in the same millisecond
        await asyncio.sleep(random.Random(token).uniform(0, think))  # noqa: S311 -- load shaping, not security
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=30) as client:
        for start in starts:
            body = {"invitee": invitee, "subject": "Bench", "length": 30, "start": start.isoformat()}
            began = time.perf_counter()
            response = await client.post("/api/v1/meetings/", json=body)
            latencies.append((time.perf_counter() - began) * 1000)
            if response.status_code != 201:
                failures.append(response.status_code)
            if think:
                await asyncio.sleep(think)


async def bookings(base: str, invitee: str, slots: list[Any], clients: int, think: float) -> dict[str, Any]:
    latencies: list[float] = []
    failures: list[int] = []
    began = time.perf_counter()
    await asyncio.gather(
        *(
            book(base, BENCH["tokens"][n], invitee, slots[n::clients], latencies, failures, think)
            for n in range(clients)
        )
    )
    return {"elapsed": time.perf_counter() - began, "latencies": latencies, "failures": failures}


async def warm_up(base: str, args: argparse.Namespace) -> None:
    """Book slots of the second provider, two months ahead (far from the measured slots and from the
    clients' calendars there), in rounds of concurrent requests, until a round finds no daphne
    process still loading its code (each one's first request takes seconds). Every client books at
    least once, so its organisation's participant rows exist: the measured bookings are steady state."""
    slots = iter(reversed(BENCH["warm_up_slots"]))
    size = max(args.clients, 4 * args.workers)
    tokens = BENCH["tokens"]
    for _ in range(WARM_UP_ROUNDS):
        latencies: list[float] = []
        failures: list[int] = []
        await asyncio.gather(
            *(
                book(
                    base, tokens[n % len(tokens)], BENCH["warm_up_key"], [next(slots)], latencies, failures, 0
                )
                for n in range(size)
            )
        )
        if failures:
            raise SystemExit(f"Warm-up bookings failed: {sorted(set(failures))}")
        if max(latencies) < WARM_MS:
            return
    print(f"warning: still slow answers after {WARM_UP_ROUNDS} warm-up rounds", file=sys.stderr)


BENCH: dict[str, Any] = {}


def run(
    ports: tuple[int, int], args: argparse.Namespace, pools: dict[str, list[subprocess.Popen[bytes]]]
) -> dict[str, Any]:
    port, live_port = ports
    base = f"http://127.0.0.1:{port}"
    daphnes = [process for processes in pools.values() for process in processes]
    total = args.clients * args.bookings_per_client
    asyncio.run(warm_up(base, args))
    result: dict[str, Any] = {"ready": 0, "received": [], "lost": []}
    process = None
    if args.listeners:
        context = multiprocessing.get_context("spawn")
        here, there = context.Pipe()
        process = context.Process(
            target=listen_process,
            args=(
                f"ws://127.0.0.1:{live_port}/ws/availability/{BENCH['key']}/",
                BENCH["cookies"],
                args.listeners,
                total,
                args.connect_batch,
                there,
            ),
            daemon=True,
        )
        process.start()
        if not here.poll(300):
            raise SystemExit("The listeners did not connect within 5 minutes.")
        _, result["ready"], connect_lost = here.recv()
        result["lost"] += connect_lost
    cpu_before = cpu_seconds(daphnes)
    try:
        result.update(
            asyncio.run(
                bookings(base, BENCH["key"], BENCH["slots"][:total], args.clients, args.think_ms / 1000)
            )
        )
    finally:
        if process is not None:
            here.send("done")
            if here.poll(DELIVERY_GRACE_SECONDS + 30):
                _, result["received"], during_lost, result["listener_cpu"] = here.recv()
                result["lost"] += during_lost
            process.join(timeout=10)
            if process.is_alive():
                process.kill()
    cpu_after = cpu_seconds(daphnes)
    if cpu_before is not None and cpu_after is not None:
        used = iter(after - before for before, after in zip(cpu_before, cpu_after, strict=True))
        result["server_cpu"] = {pool: [next(used) for _ in processes] for pool, processes in pools.items()}
    return result


def report(args: argparse.Namespace, result: dict[str, Any]) -> str:
    latencies, received, lost = result["latencies"], result["received"], result["lost"]
    total = args.clients * args.bookings_per_client
    expected_deliveries = total * args.listeners
    succeeded = len(latencies) - len(result["failures"])
    booking_p95 = percentile(latencies, 0.95)
    lines = [
        "Booking benchmark: Solutions Meet Cities",
        f"command:   {shlex.join(['python', 'bench/booking.py', *sys.argv[1:]])}",
        f"machine:   {os.cpu_count()} cores (load average {os.getloadavg()[0]:.1f} at the end), "
        f"Python {sys.version.split()[0]}, daphne: {args.workers} processes for pages and the API"
        + (
            f" + {args.live_workers} for WebSockets (nice {args.live_nice}), "
            if args.live_workers
            else " serving WebSockets too, "
        )
        + f"Redis layer, DATABASE_POOL={_env('')['DATABASE_POOL']}",
        f"load:      {args.clients} concurrent clients x {args.bookings_per_client} bookings of distinct "
        f"slots ({args.think_ms} ms pause between a client's bookings), {args.listeners} WebSocket listeners "
        f"({result['ready']} connected) on the provider's booking channel",
        f"bookings:  {succeeded} succeeded, {len(result['failures'])} failed "
        f"{sorted(set(result['failures']))} in {result['elapsed']:.2f} s "
        f"= {len(latencies) / result['elapsed']:.1f} bookings/s",
        f"booking latency ms:       p50 {statistics.median(latencies):7.1f}  "
        f"p95 {booking_p95:7.1f}  max {max(latencies):7.1f}",
    ]
    if "server_cpu" in result:
        parts = []
        for pool, seconds in result["server_cpu"].items():
            by_process = " + ".join(f"{second:.1f}" for second in seconds)
            parts.append(f"{pool} {sum(seconds):.1f} s ({by_process}) = {sum(seconds) * 1000 / total:.1f} ms")
        lines.append(
            "CPU:       daphne per pool, for the bookings and their deliveries, per booking: "
            + "; ".join(parts)
            + (f"; listener process {result['listener_cpu']:.1f} s" if "listener_cpu" in result else "")
        )
    if args.listeners:
        if received:
            lines.append(
                f"notification delivery ms: p50 {statistics.median(received):7.1f}  "
                f"p95 {percentile(received, 0.95):7.1f}  max {max(received):7.1f}  "
                f"({len(received)}/{expected_deliveries} deliveries)"
            )
        else:
            lines.append(f"notification delivery: nothing received (0/{expected_deliveries})")
        summary = ", ".join(f"{lost.count(kind)} {kind}" for kind in sorted(set(lost)))
        lines.append(f"listeners lost: {len(lost)}" + (f" ({summary})" if lost else ""))
    booking_ok = booking_p95 < BOOKING_TARGET_MS
    verdicts = [f"booking p95 < {BOOKING_TARGET_MS} ms: {'met' if booking_ok else 'MISSED'}"]
    if args.listeners:
        delivery_ok = (
            bool(received)
            and percentile(received, 0.95) < DELIVERY_TARGET_MS
            and len(received) == expected_deliveries
        )
        verdicts.append(
            f"delivery p95 < {DELIVERY_TARGET_MS} ms with every event delivered: "
            f"{'met' if delivery_ok else 'MISSED'}"
        )
    lines.append("targets:   " + "; ".join(verdicts))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--bookings-per-client", type=int, default=30)
    parser.add_argument("--listeners", type=int, default=500)
    parser.add_argument("--workers", type=int, default=2, help="daphne processes for pages and the API.")
    parser.add_argument(
        "--live-workers", type=int, default=2, help="daphne processes for WebSockets only (0: the same pool)."
    )
    parser.add_argument(
        "--live-nice", type=int, default=10, help="CPU niceness of the WebSocket pool (0: same as pages)."
    )
    parser.add_argument(
        "--think-ms", type=int, default=1000, help="Pause of each client after each answer (0: closed loop)."
    )
    parser.add_argument(
        "--viewers", type=int, default=20, help="Distinct logged-in users behind the listeners."
    )
    parser.add_argument(
        "--connect-batch", type=int, default=50, help="Listeners that connect at the same time."
    )
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/smc_bench_booking")
    args = parser.parse_args()

    recreate_database(args.database_url)
    BENCH.update(prepare(args.database_url, args.clients, args.viewers))
    if len(BENCH["slots"]) < args.clients * args.bookings_per_client:
        raise SystemExit("Not enough free slots for that many bookings.")
    (ROOT / "bench-daphne.log").write_text("")  # both pools append their errors here
    port = free_port()
    live_port = free_port() if args.live_workers else port
    pools = {}
    try:
        if args.live_workers:
            pools["websockets"] = start_daphne(
                args.database_url, live_port, args.live_workers, nice=args.live_nice
            )
        live_updates_url = f"ws://127.0.0.1:{live_port}" if args.live_workers else ""
        pools["pages"] = start_daphne(args.database_url, port, args.workers, live_updates_url)
        result = run((port, live_port), args, pools)
    finally:
        daphnes = [process for processes in pools.values() for process in processes]
        for daphne in daphnes:
            daphne.terminate()
        for daphne in daphnes:
            try:
                daphne.wait(timeout=10)
            except subprocess.TimeoutExpired:
                daphne.kill()
    print(report(args, result))


if __name__ == "__main__":
    main()
