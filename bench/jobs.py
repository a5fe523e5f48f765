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
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

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


def reminder_emails(count: int) -> list[Any]:
    """`count` reminder-sized e-mails, each to its own person, keyed as reminders are."""
    from django.core.mail import EmailMultiAlternatives  # noqa: PLC0415 -- after django.setup()

    from outbox.services.queueing import KeyedEmail  # noqa: PLC0415

    emails = []
    for n in range(count):
        body = (
            f"Hello Person {n},\n\nThis is a reminder of your meeting tomorrow at 10:00 (Europe/Berlin), "
            f"30 minutes, with Provider {n // 2}: Smart parking.\n\nJoin: https://example.org/meet/{n // 2}\n"
        )
        message = EmailMultiAlternatives(
            f"Reminder: your meeting tomorrow ({n // 2})", body, to=[f"p{n}@example.org"]
        )
        message.attach_alternative(f"<p>{body}</p>", "text/html")
        emails.append(KeyedEmail(f"meeting:{n // 2}:reminder:24h:20261207T090000Z:to:{n}", message))
    return emails


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


def serve(sink: Any) -> Any:
    from aiosmtpd.controller import Controller  # noqa: PLC0415

    from tests.live_server import free_port  # noqa: PLC0415

    sink.port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=sink.port)
    controller.start()
    return controller


def summary(label: str, sink: Any, due: float, expected: set[str]) -> dict[str, Any]:
    lateness = [arrival - due for arrival in sink.arrivals]
    received = dict(sink.received)
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
    emails: list[Any], workers: int, threads: int, env: dict[str, str]
) -> tuple[dict[str, Any], set[str]]:
    from django.conf import settings  # noqa: PLC0415
    from django.db import transaction  # noqa: PLC0415

    from outbox.enums import OutboxStatus  # noqa: PLC0415
    from outbox.messages import message_id_for  # noqa: PLC0415
    from outbox.models import OutboxMessage  # noqa: PLC0415
    from outbox.services.queueing import enqueue_many  # noqa: PLC0415
    from tests.outbox.worker import celery_worker, clear_broker, wait_until  # noqa: PLC0415

    expected = {message_id_for(email.key) for email in emails}
    sink = timed_sink()
    controller = serve(sink)
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
            print(f"Enqueuing {len(emails)} reminders due now...")
            due = time.time()
            with transaction.atomic():
                enqueue_many(emails)
            handed_over = time.time() - due
            print(f"Written and handed over in {handed_over:.1f} s; waiting for the deliveries...")
            wait_until(
                lambda: sink.total() >= len(emails),
                timeout=600 + len(emails) / 10,
                what="every e-mail",
                step=0.2,
            )
            time.sleep(DUPLICATE_GRACE_SECONDS)
        label = f"outbox, {workers} x {threads} threads"
        result = summary(label, sink, due, expected)
        result["handed_over"] = handed_over
        result["sent_rows"] = OutboxMessage.objects.filter(status=OutboxStatus.SENT).count()
    finally:
        controller.stop()
        clear_broker()
    return result, expected


def run_synchronous(expected: set[str]) -> dict[str, Any]:
    """The pre-outbox way: the same messages, one process, one SMTP connection, one after another."""
    from django.core.mail import get_connection  # noqa: PLC0415

    from outbox.messages import email_for  # noqa: PLC0415
    from outbox.models import OutboxMessage  # noqa: PLC0415

    messages = [email_for(row) for row in OutboxMessage.objects.order_by("pk")]
    sink = timed_sink()
    controller = serve(sink)
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
        controller.stop()


def report(rows: list[dict[str, Any]], args: argparse.Namespace) -> None:
    print()
    print("Background e-mail benchmark: Solutions Meet Cities")
    print(
        f"machine: {os.cpu_count()} cores, Python {platform.python_version()}; load {os.getloadavg()[0]:.1f}"
    )
    print(
        f"{args.reminders} reminders due at the same moment; lateness = arrival at the SMTP sink - due moment"
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
    print(f"Outbox: rows written and handed to Redis {outbox['handed_over']:.1f} s after the due moment; "
          f"{outbox['sent_rows']} rows marked sent.")  # fmt: skip
    verdict = "met" if outbox["p95"] < LATENESS_TARGET_S else "MISSED"
    print(f"Target p95 lateness < {LATENESS_TARGET_S} s through the outbox: {verdict}.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--reminders", type=int, default=10_000, help="Reminders due at once (default 10000)."
    )
    parser.add_argument("--workers", type=int, default=2, help="Celery worker processes (default 2).")
    parser.add_argument("--threads", type=int, default=8, help="Threads of each worker process (default 8).")
    parser.add_argument(
        "--database-url",
        default="postgres://postgres@127.0.0.1:5432/smc_bench_jobs",
        help="The benchmark's own database, dropped and created again (default smc_bench_jobs).",
    )
    args = parser.parse_args()
    recreate_database(args.database_url)
    env = setup(args.database_url)
    emails = reminder_emails(args.reminders)
    outbox, expected = run_outbox(emails, args.workers, args.threads, env)
    print("The peer: the same messages sent synchronously in one process...")
    synchronous = run_synchronous(expected)
    report([outbox, synchronous], args)
    failed = outbox["missing"] or outbox["twice"] or synchronous["missing"] or synchronous["twice"]
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
