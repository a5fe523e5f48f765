"""Background e-mail benchmark: 10,000 reminders due in the same minute, through the outbox and Celery.

Run from the project root (PostgreSQL and Redis must be up):

    python bench/jobs.py                          # 10,000 reminders, two worker processes, 8 threads each
    python bench/jobs.py --reminders 300          # a quick look
    python bench/jobs.py --workers 1 --threads 1  # one process sending one message at a time

What it does:

1. Recreates its own PostgreSQL database (`smc_bench_jobs`, `--database-url`) and migrates it; its
   Celery keys in Redis carry their own prefix (`smc-bench-jobs-<pid>-celery:`), deleted at the end.
2. Starts a local SMTP server (aiosmtpd, `tests/outbox/worker.py`'s counting sink) that notes the
   Message-ID and the arrival time of every message it accepts, and `--workers` `celery worker`
   processes (default 2: two worker processes on this machine), each serving the e-mail queue with
   `--threads` threads (default 8), as compose's `mailer` does, sending to that server
   (`tests/outbox/worker.py`'s `celery_worker`, on the base settings).
3. At the due moment, puts `--reminders` reminder e-mails in the outbox in one transaction with
   `outbox.services.queueing.enqueue_many`, as `scheduling.services.reminders.send_due_reminders`
   does at the beat tick where they fall due (the e-mails are built here, one per person, reminder
   sized; the meetings themselves are not created: building 5,000 meetings would take longer than
   the measurement, and the outbox path from the INSERT on is the product's).
4. Waits until every message has arrived, plus 3 s for any second copy, and checks by Message-ID:
   every key arrived, none twice. Prints throughput (messages / seconds from the due moment to the
   last arrival) and the lateness of each delivery (arrival - due moment) p50/p95/max. Target: p95
   lateness < 10 s.
5. The peer, in the same run: the same rendered messages (read back from the outbox rows) sent
   synchronously in one process, a plain loop through Django's SMTP backend over one connection to a
   fresh sink, as the code before the outbox did; lateness measured from the loop's start.

It stops by itself: every wait has a timeout, and the worker and the sink are stopped at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.measuring import percentile, recreate_database  # noqa: E402 -- after the path

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
PREFIX = f"smc-bench-jobs-{os.getpid()}-celery:"
LATENESS_TARGET_S = 10
# Room for a second copy of a message to arrive after the last first one.
DUPLICATE_GRACE_SECONDS = 3


def _env(database_url: str) -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_LOG_LEVEL": "WARNING",
        # This process sends nothing through the settings (the peer names its SMTP backend), and
        # the worker gets EMAIL_URL: the deploy check's console-backend error does not apply.
        "DJANGO_EMAIL_OUTSIDE_SMTP_ALLOWED": "true",
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "CELERY_KEY_PREFIX": PREFIX,
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }


def setup(database_url: str) -> dict[str, str]:
    env = {**os.environ, **_env(database_url)}
    print(f"Migrating {database_url.rsplit('/', 1)[1]}...")
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=600,
    )
    os.environ.update(env)
    import django  # noqa: PLC0415 -- configured from the environment set just above

    django.setup()
    return env


def confirmed_meetings(count: int) -> list[int]:
    """`count` confirmed meetings, each between two people of their own (so 2 x `count` reminders),
    written in bulk; their time is set when the clock starts (`schedule_meetings`)."""
    from django.contrib.auth.hashers import make_password  # noqa: PLC0415 -- after django.setup()

    from accounts.models import User  # noqa: PLC0415
    from scheduling.enums import MeetingStatus  # noqa: PLC0415
    from scheduling.models import Meeting, Participant  # noqa: PLC0415

    print(f"Creating {count} confirmed meetings between {2 * count} people...")
    zones = ["Europe/Berlin", "Asia/Seoul", "America/Bogota", "Africa/Cairo", "Europe/Lisbon"]
    password = make_password(None)  # unusable: nobody signs in here
    people = User.objects.bulk_create(
        User(
            username=f"bench-person-{n}",
            email=f"p{n}@example.org",
            password=password,
            first_name="Person",
            last_name=str(n),
            time_zone=zones[n % len(zones)],
        )
        for n in range(2 * count)
    )
    sides = Participant.objects.bulk_create(
        Participant(user=person, time_zone=person.time_zone) for person in people
    )
    far = datetime(2100, 1, 1, tzinfo=UTC)
    meetings = Meeting.objects.bulk_create(
        Meeting(
            organiser=sides[2 * n],
            invitee=sides[2 * n + 1],
            requested_by=people[2 * n],
            accepted_by=people[2 * n + 1],
            subject=f"Smart parking {n}",
            start=far,
            end=far + timedelta(minutes=30),
            status=MeetingStatus.CONFIRMED,
            video_link=f"https://meet.example.org/{n}",
        )
        for n in range(count)
    )
    return [meeting.pk for meeting in meetings]


def schedule_meetings(due: float) -> None:
    """Every meeting starts 24 hours after `due`: their 24-hour reminders fall due at `due`."""
    from scheduling.models import Meeting  # noqa: PLC0415

    start = datetime.fromtimestamp(due, tz=UTC) + timedelta(hours=24)
    Meeting.objects.update(start=start, end=start + timedelta(minutes=30))


def timed_sink() -> Any:
    """The tests' counting sink, also noting when each message arrived (time.time())."""
    from tests.outbox.worker import CountingSink  # noqa: PLC0415 -- after django.setup()

    class TimedSink(CountingSink):
        def __init__(self) -> None:
            super().__init__()
            self.arrivals: list[float] = []

        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 -- aiosmtpd's hook
            answer = await super().handle_DATA(server, session, envelope)
            self.arrivals.append(time.time())
            return answer

    return TimedSink()


class AiosmtpdSink:
    """The tests' sink (aiosmtpd, in this process). Python: it takes a whole core at ~1,000 msg/s,
    on the same two cores as the workers, PostgreSQL and Redis."""

    name = "aiosmtpd"

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller  # noqa: PLC0415

        from tests.live_server import free_port  # noqa: PLC0415

        self._sink = timed_sink()
        self.port = self._sink.port = free_port()
        self._controller = Controller(self._sink, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def total(self) -> int:
        return int(self._sink.total())

    def results(self) -> tuple[list[float], dict[str, int]]:
        return list(self._sink.arrivals), dict(self._sink.received)

    def stop(self) -> None:
        self._controller.stop()


class PostfixSink:
    """Postfix's test server `smtp-sink` (C, a process of its own), dumping each accepted message to a
    file in a memory-backed folder: arrival = the file's modification time, identity = its
    Message-ID. The mail server is another machine in production; a sink that costs little CPU keeps
    the figures about our side of the conversation on this 2-core machine."""

    name = "smtp-sink"
    binary = "/usr/sbin/smtp-sink"

    def __init__(self) -> None:
        from tests.live_server import free_port, wait_for_port  # noqa: PLC0415

        self.port = free_port()
        # In memory where there is /dev/shm: 10,000 small files, written while the clock runs.
        memory = Path("/dev/shm")  # noqa: S108 -- a private folder made by mkdtemp inside it
        self._folder = tempfile.mkdtemp(prefix="smc-bench-sink-", dir=memory if memory.is_dir() else None)
        command = [self.binary, "-u", _user_name(), "-d", f"{self._folder}/%H%M%S.", f"127.0.0.1:{self.port}"]
        # 1024: the listen backlog (16 threads connect at once).
        self._process = subprocess.Popen([*command, "1024"], stdout=subprocess.DEVNULL)  # noqa: S603
        wait_for_port(self.port, self._process, timeout=30)

    def total(self) -> int:
        with os.scandir(self._folder) as entries:
            return sum(1 for _ in entries)

    def results(self) -> tuple[list[float], dict[str, int]]:
        arrivals: list[float] = []
        received: Counter[str] = Counter()
        with os.scandir(self._folder) as entries:
            for entry in entries:
                arrivals.append(entry.stat().st_mtime)
                received[_message_id(entry.path)] += 1
        return arrivals, dict(received)

    def stop(self) -> None:
        self._process.terminate()
        self._process.wait(timeout=10)
        shutil.rmtree(self._folder, ignore_errors=True)


def _user_name() -> str:
    import pwd  # noqa: PLC0415 -- POSIX only, as smtp-sink is

    return pwd.getpwuid(os.getuid()).pw_name


def _message_id(path: str) -> str:
    """A dumped message's Message-ID, as `outbox.messages.message_id_for` wrote it."""
    with Path(path).open("rb") as dump:
        for line in dump:
            if line.lower().startswith(b"message-id:"):
                return line.split(b":", 1)[1].strip().decode()
            if not line.strip():
                break
    return ""


def start_sink(kind: str) -> Any:
    return PostfixSink() if kind == PostfixSink.name else AiosmtpdSink()


def summary(label: str, sink: Any, due: float, expected: set[str]) -> dict[str, Any]:
    arrivals, received = sink.results()
    lateness = [arrival - due for arrival in arrivals]
    return {
        "label": label,
        "arrived": len(set(received) & expected),
        "missing": len(expected - set(received)),
        "twice": sum(1 for count in received.values() if count > 1),
        "throughput": len(lateness) / max(lateness) if lateness else 0.0,
        "p50": percentile(lateness, 0.5),
        "p95": percentile(lateness, 0.95),
        "max": max(lateness),
    }


def run_outbox(
    *, ahead: float, workers: int, threads: int, env: dict[str, str], sink_kind: str
) -> dict[str, Any]:
    from django.conf import settings  # noqa: PLC0415

    from outbox.enums import OutboxStatus  # noqa: PLC0415
    from outbox.messages import message_id_for  # noqa: PLC0415
    from outbox.models import OutboxMessage  # noqa: PLC0415
    from scheduling.services.reminders import send_due_reminders  # noqa: PLC0415
    from tests.outbox.worker import celery_worker, clear_broker, wait_until  # noqa: PLC0415

    sink = start_sink(sink_kind)
    clear_broker()
    worker_env = {**env, "EMAIL_URL": f"smtp://127.0.0.1:{sink.port}", "DJANGO_LOG_LEVEL": "WARNING"}
    try:
        with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
            print(f"Starting {workers} celery worker processes with {threads} threads each...")
            for number in range(workers):
                stack.enter_context(
                    celery_worker(
                        smtp_port=sink.port,
                        log=Path(tmp) / f"worker-{number}.log",
                        concurrency=threads,
                        pool="threads",
                        queues=settings.CELERY_OUTBOX_QUEUE,
                        env=worker_env,
                    )
                )
            due = time.time() + ahead
            schedule_meetings(due)
            print(f"The beat's tick {ahead:.0f} s before the reminders fall due: writing them...")
            started = time.time()
            written = send_due_reminders()
            write_seconds = time.time() - started
            print(
                f"{written} reminders written, rendered and handed over in {write_seconds:.1f} s "
                f"({due - time.time():.1f} s before they fall due); waiting for the deliveries..."
            )
            wait_until(
                lambda: sink.total() >= written,
                timeout=ahead + 600 + written / 10,
                what="every e-mail",
                step=0.2,
            )
            time.sleep(DUPLICATE_GRACE_SECONDS)
        expected = {message_id_for(key) for key in OutboxMessage.objects.values_list("key", flat=True)}
        label = f"outbox, {workers} x {threads} threads"
        result = summary(label, sink, due, expected)
        result["written"], result["write_seconds"], result["ahead"] = written, write_seconds, ahead
        result["sent_rows"] = OutboxMessage.objects.filter(status=OutboxStatus.SENT).count()
    finally:
        sink.stop()
        clear_broker()
    return result


def run_synchronous(sink_kind: str) -> dict[str, Any]:
    """The pre-outbox way: the same messages, one process, one SMTP connection, one after another,
    each built into MIME as it is sent (that code had nothing rendered ahead)."""
    from django.core.mail import get_connection  # noqa: PLC0415

    from outbox.messages import email_for, message_id_for  # noqa: PLC0415
    from outbox.models import OutboxMessage  # noqa: PLC0415

    rows = list(OutboxMessage.objects.order_by("pk"))
    expected = {message_id_for(row.key) for row in rows}
    messages = []
    for row in rows:
        row.rendered = None
        messages.append(email_for(row))
    sink = start_sink(sink_kind)
    try:
        connection = get_connection(
            "django.core.mail.backends.smtp.EmailBackend", host="127.0.0.1", port=sink.port, use_tls=False
        )
        due = time.time()
        with connection:
            for message in messages:
                message.connection = connection
                message.send()
        time.sleep(DUPLICATE_GRACE_SECONDS)
        return summary("synchronous, 1 process", sink, due, expected)
    finally:
        sink.stop()


def report(rows: list[dict[str, Any]], args: argparse.Namespace) -> None:
    print()
    print("Background e-mail benchmark: Solutions Meet Cities")
    print(
        f"machine: {os.cpu_count()} cores, Python {platform.python_version()}; load {os.getloadavg()[0]:.1f}"
    )
    print(
        f"{args.reminders} reminders due at the same moment ({args.reminders // 2} meetings, two people "
        "each); lateness = arrival at the SMTP sink - due moment"
    )
    print()
    print(
        f"  {'':<24}{'arrived':>8}{'missing':>8}{'twice':>6}{'msg/s':>8}{'p50 s':>8}{'p95 s':>8}{'max s':>8}"
    )
    for row in rows:
        print(
            f"  {row['label']:<24}{row['arrived']:>8}{row['missing']:>8}{row['twice']:>6}"
            f"{row['throughput']:>8.0f}{row['p50']:>8.2f}{row['p95']:>8.2f}{row['max']:>8.2f}"
        )
    outbox = rows[0]
    print()
    print(
        f"Outbox: {outbox['written']} reminders written by the beat {outbox['ahead']:.0f} s ahead of their "
        f"moment in {outbox['write_seconds']:.1f} s; {outbox['sent_rows']} rows marked sent."
    )
    print(f"Sink: {args.sink}.")
    verdict = "met" if outbox["p95"] < LATENESS_TARGET_S else "MISSED"
    print(f"Target p95 lateness < {LATENESS_TARGET_S} s through the outbox: {verdict}.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--reminders", type=int, default=10_000, help="Reminders due at once (default 10000)."
    )
    parser.add_argument(
        "--ahead",
        type=float,
        default=90,
        help="Seconds between the beat's tick that writes the reminders and their moment (default 90: "
        "the least a tick every 60 s gives with the 150 s lookahead).",
    )
    parser.add_argument("--workers", type=int, default=2, help="Celery worker processes (default 2).")
    parser.add_argument("--threads", type=int, default=8, help="Threads of each worker process (default 8).")
    parser.add_argument(
        "--sink",
        choices=[PostfixSink.name, AiosmtpdSink.name],
        default=PostfixSink.name if Path(PostfixSink.binary).exists() else AiosmtpdSink.name,
        help="The SMTP server receiving the mail: Postfix's smtp-sink (C; the default when installed: "
        "apt-get install --no-install-recommends postfix) or the tests' aiosmtpd sink (Python).",
    )
    parser.add_argument(
        "--database-url",
        default="postgres://postgres@127.0.0.1:5432/smc_bench_jobs",
        help="The benchmark's own database, dropped and created again (default smc_bench_jobs).",
    )
    args = parser.parse_args()
    recreate_database(args.database_url)
    env = setup(args.database_url)
    confirmed_meetings(args.reminders // 2)
    outbox = run_outbox(
        ahead=args.ahead, workers=args.workers, threads=args.threads, env=env, sink_kind=args.sink
    )
    print("The peer: the same messages sent synchronously in one process...")
    synchronous = run_synchronous(args.sink)
    report([outbox, synchronous], args)
    failed = outbox["missing"] or outbox["twice"] or synchronous["missing"] or synchronous["twice"]
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
